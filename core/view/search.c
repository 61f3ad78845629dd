/* search.c: the full-text index v.search (docs/store.md): for each
 * document, article or claim, one record per distinct term it uses,
 * keyed term, NUL, the document's key (the hlc of the event that filed
 * it, its article's 8 bytes, its kind, its own 8), whose value is the
 * term's positions, each with the stop words on either side of it, up to
 * two a side (their numbers, 0 for none), so that a phrase of a common
 * word and stop words ("but they said", "said that the") refuses most
 * documents without reading their stop maps.  A term's postings sit
 * together in key order, so a query reads only the postings of its
 * terms; filing a document adds one posting per distinct term, at the
 * end of the term's postings (the clock comes first), which the store
 * packs into the term's last block (store/blocks.c).  Stop words have no postings:
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

_Static_assert(DSR__SEARCH_DOC_LEN == DSR__BLOCK_SUB, "a posting's document is its block item's sub");
_Static_assert(DSR__SEARCH_KEY_MAX <= DSR__BLOCK_KEY_MAX, "a posting's key fits a block's");

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
		uint32_t v;   /* the gap */
		if (!dsr__varint_get(&at, end, &v))
			return DSR_ECORRUPT;
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

bool dsr__posting_agrees(const void *val, size_t len, const int need[4])
{
	const uint8_t *at = val, *end = at + len;
	if (len < 3)
		return true;   /* not a posting: the decoding says so */
	while (at < end) {
		uint32_t gap;
		if (!dsr__varint_get(&at, end, &gap) || end - at < 2)
			return true;   /* cut short or running on: the decoding says so */
		uint8_t around[4] = { 0, 0, 0, 0 };
		for (int side = 0; side < 2; side++) {
			if (at >= end)
				return true;
			around[side] = *at++;
			if (around[side]) {
				if (at >= end)
					return true;
				around[side + 2] = *at++;
			}
		}
		if ((need[0] < 0 || around[0] == need[0]) && (need[1] < 0 || around[1] == need[1]) &&
		    (need[2] < 0 || around[2] == need[2]) && (need[3] < 0 || around[3] == need[3]))
			return true;
	}
	return false;
}

/* A document's distinct terms, each with its positions in text order
 * (the words come in text order): found through a hash table of the
 * terms, so a large document costs a pass over its words and a sort of
 * its distinct terms, not a sort of every word (a 16 MiB article has
 * three million). */
struct term {
	uint32_t off, len;       /* its bytes in terms */
	uint32_t first, last;    /* its positions: a list through pos */
};

struct place {
	uint32_t pos, next;      /* next: the term's next place, or NONE */
};

#define NONE UINT32_MAX

struct coll {
	dsr_buf terms;
	struct term *t;
	size_t nt, tcap;
	struct place *p;
	size_t np, pcap;
	uint32_t *slot;          /* hash table: term index + 1, 0 empty */
	size_t nslots;           /* a power of two, at least 2 * nt */
	dsr_buf stops;           /* the stop map: a byte per position */
};

static int rehash(struct coll *c)
{
	size_t n = c->nslots ? 2 * c->nslots : 256;
	uint32_t *slot = calloc(n, sizeof *slot);
	if (!slot)
		return -ENOMEM;
	for (size_t i = 0; i < c->nt; i++) {
		size_t at = dsr__hash(c->terms.data + c->t[i].off, c->t[i].len) & (n - 1);
		while (slot[at])
			at = (at + 1) & (n - 1);
		slot[at] = (uint32_t)i + 1;
	}
	free(c->slot);
	c->slot = slot;
	c->nslots = n;
	return 0;
}

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
	if (2 * (c->nt + 1) > c->nslots && rehash(c))
		return -ENOMEM;
	if (c->np >= NONE || dsr_grow((void **)&c->p, &c->pcap, c->np + 1, sizeof *c->p))
		return -ENOMEM;
	size_t at = dsr__hash(w->term, w->len) & (c->nslots - 1);
	for (;; at = (at + 1) & (c->nslots - 1)) {
		uint32_t k = c->slot[at];
		if (!k)
			break;
		struct term *t = &c->t[k - 1];
		if (t->len == w->len && !memcmp(c->terms.data + t->off, w->term, w->len)) {
			c->p[t->last].next = (uint32_t)c->np;
			t->last = (uint32_t)c->np;
			c->p[c->np++] = (struct place){ w->pos, NONE };
			return 0;
		}
	}
	if (dsr_grow((void **)&c->t, &c->tcap, c->nt + 1, sizeof *c->t) ||
	    dsr_buf_append(&c->terms, w->term, w->len))
		return -ENOMEM;
	c->t[c->nt] = (struct term){ (uint32_t)(c->terms.len - w->len), w->len,
				     (uint32_t)c->np, (uint32_t)c->np };
	c->slot[at] = (uint32_t)++c->nt;
	c->p[c->np++] = (struct place){ w->pos, NONE };
	return 0;
}

static int term_cmp(const void *pa, const void *pb, void *base)
{
	const struct term *a = pa, *b = pb;
	const uint8_t *bytes = base;
	int c = memcmp(bytes + a->off, bytes + b->off, a->len < b->len ? a->len : b->len);
	if (c)
		return c;
	return a->len < b->len ? -1 : a->len > b->len;
}

int dsr__search_doc(dsr__wtx *w, char kind, const uint8_t id[DSR_ID_LEN], uint64_t hlc,
		    const uint8_t *f1, size_t l1, const uint8_t *f2, size_t l2, int delta)
{
	if (w->s->flags & DSR_STORE_NOSEARCH)
		return 0;
	struct coll c = { .terms = DSR_BUF_INIT, .stops = DSR_BUF_INIT };
	uint32_t next = 0;
	int rc = dsr__words(f1, l1, 0, collect, &c, &next);
	/* a gap between the fields: no phrase spans them */
	if (!rc)
		rc = dsr__words(f2, l2, next + 1, collect, &c, NULL);
	if (rc)
		goto out;
	/* the terms in key order */
	if (c.nt > 1)
		qsort_r(c.t, c.nt, sizeof *c.t, term_cmp, c.terms.data);
	dsr_buf val = DSR_BUF_INIT;
	uint8_t key[DSR__SEARCH_KEY_MAX];
	/* the stop map, when the document has a stop word */
	if (c.stops.len) {
		size_t kl = dsr__search_key(key, kind, "", 0, id, hlc);
		rc = delta < 0 ? dsr__del(w, DSR__DB_V_SEARCH, key, kl)
			       : dsr__put(w, DSR__DB_V_SEARCH, key, kl, c.stops.data, c.stops.len);
	}
	for (size_t i = 0; i < c.nt && !rc; i++) {
		const struct term *t = &c.t[i];
		size_t kl = dsr__search_key(key, kind, (const char *)c.terms.data + t->off,
					    t->len, id, hlc);
		if (delta < 0) {
			rc = dsr__del(w, DSR__DB_V_SEARCH, key, kl);
			continue;
		}
		dsr_buf_reset(&val);
		/* positions as deltas: the first as it is, then the gap less
		 * one (a position appears once); after each, the stop word
		 * before it and, when there is one, the stop word before
		 * that; then the same after it */
		uint32_t prev = 0;
		for (uint32_t k = t->first; k != NONE && !rc; k = c.p[k].next) {
			uint8_t vb[9];
			uint32_t p = c.p[k].pos;
			uint32_t d = k == t->first ? p : p - prev - 1;
			prev = p;
			size_t n = dsr__varint_put(vb, d);
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
	dsr_buf_free(&val);
out:
	dsr_buf_free(&c.terms);
	dsr_buf_free(&c.stops);
	free(c.t);
	free(c.p);
	free(c.slot);
	return rc;
}
