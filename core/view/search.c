/* search.c: the full-text index v.search (docs/store.md): for each
 * document, article or claim, one record per distinct term it uses,
 * keyed term, NUL, the document's key (the hlc of the event that filed
 * it, its article's 8 bytes, its kind, its own 8), whose value is the
 * term's positions, each with the stop words on either side of it, up to
 * two a side (their numbers, 0 for none), so that a phrase of a common
 * word and stop words ("but they said", "said that the") refuses most
 * documents without reading their stop maps.  A term's postings sit
 * together in key order, so a query reads only the postings of its
 * terms; filing a document writes one record per distinct term, at the
 * end of the term's postings (the clock comes first), so a commit's new
 * postings of a term share its last page.  Stop words have no postings:
 * each document's stop map, under the empty term, says which stop word
 * stands at each position, so a phrase with one ("behind the hack") is
 * checked from the index alone.  Like every view it follows the winning
 * event of its fact, and taking back an old winner deletes what it
 * wrote. */
#include "view/impl.h"
#include "model/api.h"
#include "base/api.h"
#include "error.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

size_t dsr__search_key(uint8_t out[DSR__SEARCH_KEY_MAX], char kind, const char *term,
		       size_t tlen, const uint8_t *id, uint64_t hlc)
{
	if (tlen > DSR__TERM_MAX)
		tlen = DSR__TERM_MAX;
	memcpy(out, term, tlen);
	out[tlen] = 0;
	if (!id)
		return tlen + 1;
	dsr__search_doc_key(out + tlen + 1, kind, id, hlc);
	return tlen + 1 + DSR__SEARCH_DOC_LEN;
}

static size_t put_varint(uint8_t *p, uint32_t v)
{
	size_t n = 0;
	while (v >= 0x80) {
		p[n++] = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	p[n++] = (uint8_t)v;
	return n;
}

/* The stop word at position p + d of a stop map (0: none, or outside). */
static uint8_t stop_of(const dsr_buf *stops, uint32_t p, int d)
{
	int64_t at = (int64_t)p + d;
	return at >= 0 && (uint64_t)at < stops->len ? stops->data[at] : 0;
}

int dsr__posting_places(const void *val, size_t len, dsr__place *out, size_t *n)
{
	const uint8_t *at = val, *end = at + len;
	uint32_t last = 0;
	size_t k = 0;
	*n = 0;
	if (len < 3)
		return DSR_ECORRUPT;
	while (at < end) {
		/* the gap: a varint of at most five bytes */
		uint32_t v = 0;
		int shift = 0;
		uint8_t b;
		do {
			if (at >= end || shift > 28)
				return DSR_ECORRUPT;
			b = *at++;
			v |= (uint32_t)(b & 0x7f) << shift;
			shift += 7;
		} while (b & 0x80);
		last += v + (k ? 1 : 0);
		dsr__place *pl = &out[k++];
		pl->pos = last;
		/* each side: the near stop word, and the far one after a stop
		 * word */
		for (int side = 0; side < 2; side++) {
			if (at >= end)
				return DSR_ECORRUPT;
			uint8_t near = *at++, far = 0;
			if (near) {
				if (at >= end)
					return DSR_ECORRUPT;
				far = *at++;
			}
			pl->around[side] = near;
			pl->around[side + 2] = far;
		}
	}
	*n = k;
	return 0;
}

/* One indexed occurrence: the term's bytes in terms, its position. */
struct occ {
	uint32_t off, len, pos;
	const uint8_t *p;        /* the term, once every word is collected */
};

struct coll {
	dsr_buf terms;
	struct occ *v;
	size_t n, cap;
	dsr_buf stops;           /* the stop map: a byte per position */
};

static int collect(void *ctx, const dsr__word *w)
{
	struct coll *c = ctx;
	if (w->stop) {
		/* positions before it that are not stop words: 0 */
		if (c->stops.len <= w->pos) {
			if (dsr_buf_reserve(&c->stops, w->pos + 1 - c->stops.len))
				return -ENOMEM;
			memset(c->stops.data + c->stops.len, 0, w->pos + 1 - c->stops.len);
			c->stops.len = w->pos + 1;
		}
		c->stops.data[w->pos] = w->stop;
		return 0;
	}
	if (dsr_grow((void **)&c->v, &c->cap, c->n + 1, sizeof *c->v) ||
	    dsr_buf_append(&c->terms, w->term, w->len))
		return -ENOMEM;
	c->v[c->n++] = (struct occ){ (uint32_t)(c->terms.len - w->len), w->len, w->pos, NULL };
	return 0;
}

static int occ_cmp(const void *pa, const void *pb)
{
	const struct occ *a = pa, *b = pb;
	int c = memcmp(a->p, b->p, a->len < b->len ? a->len : b->len);
	if (c)
		return c;
	if (a->len != b->len)
		return a->len < b->len ? -1 : 1;
	return a->pos < b->pos ? -1 : a->pos > b->pos;
}

int dsr__search_doc(dsr__wtx *w, char kind, const uint8_t id[DSR_ID_LEN], uint64_t hlc,
		    const uint8_t *f1, size_t l1, const uint8_t *f2, size_t l2, int delta)
{
	if (w->s->flags & DSR_STORE_NOSEARCH)
		return 0;
	struct coll c = { DSR_BUF_INIT, NULL, 0, 0, DSR_BUF_INIT };
	uint32_t next = 0;
	int rc = dsr__words(f1, l1, 0, collect, &c, &next);
	/* a gap between the fields: no phrase spans them */
	if (!rc)
		rc = dsr__words(f2, l2, next + 1, collect, &c, NULL);
	if (rc)
		goto out;
	for (size_t i = 0; i < c.n; i++)
		c.v[i].p = c.terms.data + c.v[i].off;
	if (c.n > 1)
		qsort(c.v, c.n, sizeof *c.v, occ_cmp);
	dsr_buf val = DSR_BUF_INIT;
	uint8_t key[DSR__SEARCH_KEY_MAX];
	/* the stop map, when the document has a stop word */
	if (c.stops.len) {
		size_t kl = dsr__search_key(key, kind, "", 0, id, hlc);
		rc = delta < 0 ? dsr__del(w, DSR__DB_V_SEARCH, key, kl)
			       : dsr__put(w, DSR__DB_V_SEARCH, key, kl, c.stops.data, c.stops.len);
	}
	for (size_t i = 0; i < c.n && !rc;) {
		size_t j = i + 1;
		while (j < c.n && c.v[j].len == c.v[i].len &&
		       !memcmp(c.v[j].p, c.v[i].p, c.v[i].len))
			j++;
		size_t kl = dsr__search_key(key, kind, (const char *)c.v[i].p,
					    c.v[i].len, id, hlc);
		if (delta < 0) {
			rc = dsr__del(w, DSR__DB_V_SEARCH, key, kl);
		} else {
			dsr_buf_reset(&val);
			/* positions as deltas: the first as it is, then the gap
			 * less one (a position appears once); after each, the
			 * stop word before it and, when there is one, the
			 * stop word before that; then the same after it */
			for (size_t k = i; k < j && !rc; k++) {
				uint8_t vb[9];
				uint32_t p = c.v[k].pos;
				uint32_t d = k == i ? p : p - c.v[k - 1].pos - 1;
				size_t n = put_varint(vb, d);
				uint8_t b1 = stop_of(&c.stops, p, -1), a1 = stop_of(&c.stops, p, 1);
				vb[n++] = b1;
				if (b1)
					vb[n++] = stop_of(&c.stops, p, -2);
				vb[n++] = a1;
				if (a1)
					vb[n++] = stop_of(&c.stops, p, 2);
				rc = dsr_buf_append(&val, vb, n);
			}
			if (!rc)
				rc = dsr__put(w, DSR__DB_V_SEARCH, key, kl, val.data, val.len);
		}
		i = j;
	}
	dsr_buf_free(&val);
out:
	dsr_buf_free(&c.terms);
	dsr_buf_free(&c.stops);
	free(c.v);
	return rc;
}
