/* search.c: full-text search over articles and claims (dsr_q_search):
 * the query's words and "quoted phrases", every one required, found by a
 * zig-zag join of their postings in v.search (view/search.c): each term's
 * postings are read in document order, a cursor skipping ahead to the
 * greatest document another term is at, so the cost follows the postings
 * of the query's terms, not the store.  Phrases are checked by position;
 * a phrase with a stop word in it ("behind the hack") also against the
 * stop map of each document its indexed words stand right in (stop words
 * have no postings).  Results rank by hits, then newest (the filing
 * event's clock), then kind and id; each carries a snippet of its text
 * around the first hits, with their byte offsets in it. */
#include "query/impl.h"
#include "view/api.h"
#include "model/api.h"
#include "base/api.h"
#include "error.h"
#include "utf8.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the query ------------------------------------------------------------ */

struct qterm {
	char term[DSR__TERM_MAX + 1];
	uint32_t len;
	uint32_t off;            /* its position in its phrase */
	uint8_t stop;            /* a stop word's number, or 0 */
	int slot;                /* its distinct term (-1: a stop word) */
};

struct qgroup {
	size_t first, n;         /* terms[first .. first + n) */
	bool stops;              /* a stop word inside: the stop map */
};

struct query {
	struct qterm t[DSR_SEARCH_TERMS_MAX];
	size_t nt;
	struct qgroup g[DSR_SEARCH_TERMS_MAX];
	size_t ng;
	int dist[DSR_SEARCH_TERMS_MAX]; /* distinct indexed terms: an index in t */
	size_t nd;
	bool stops;              /* some group has a stop word */
};

struct qparse {
	struct query *q;
	bool phrase;
	size_t first;            /* the group's first term */
	uint32_t pos0;
	bool over;
};

static int add_word(void *ctx, const dsr__word *w)
{
	struct qparse *p = ctx;
	struct query *q = p->q;
	if (!p->phrase && w->stop)
		return 0;
	if (q->nt == DSR_SEARCH_TERMS_MAX) {
		p->over = true;
		return 1;
	}
	if (q->nt == p->first)
		p->pos0 = w->pos;
	struct qterm *t = &q->t[q->nt++];
	memcpy(t->term, w->term, w->len + 1);
	t->len = w->len;
	t->off = w->pos - p->pos0;
	t->stop = w->stop;
	t->slot = -1;
	if (!p->phrase) {        /* a word is a group of its own */
		q->g[q->ng++] = (struct qgroup){ q->nt - 1, 1, false };
		p->first = q->nt;
	}
	return 0;
}

/* A phrase's terms become a group; one of stop words only is dropped
 * (no postings lead to it), one with a stop word is checked against the
 * documents' stop maps. */
static void end_phrase(struct query *q, size_t first)
{
	bool stops = false, some = false;
	for (size_t i = first; i < q->nt; i++) {
		stops |= q->t[i].stop != 0;
		some |= !q->t[i].stop;
	}
	if (!some) {
		q->nt = first;
		return;
	}
	q->g[q->ng++] = (struct qgroup){ first, q->nt - first, stops };
	q->stops |= stops;
}

static int fail(char *err, size_t n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (err && n)
		vsnprintf(err, n, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static int parse(const char *s, struct query *q, char *err, size_t errlen)
{
	memset(q, 0, sizeof *q);
	size_t len = strlen(s);
	if (len > DSR_SEARCH_QUERY_MAX)
		return fail(err, errlen, "the query is longer than %d bytes", DSR_SEARCH_QUERY_MAX);
	if (!dsr_utf8_valid((const uint8_t *)s, len))
		return fail(err, errlen, "the query is not valid UTF-8");
	size_t quotes = 0, words = 0;
	for (size_t i = 0; i < len; i++)
		quotes += s[i] == '"';
	if (quotes % 2)
		return fail(err, errlen, "the query has an unterminated quote (\")");
	struct qparse p = { q, false, 0, 0, false };
	for (size_t i = 0; i <= len;) {
		size_t j = i;
		while (j < len && s[j] != '"')
			j++;
		p.first = q->nt;
		uint32_t next;
		dsr__words((const uint8_t *)s + i, j - i, 0, add_word, &p, &next);
		words += next;
		if (p.over)
			return fail(err, errlen, "the query has more than %d words",
				    DSR_SEARCH_TERMS_MAX);
		if (p.phrase)
			end_phrase(q, p.first);
		p.phrase = !p.phrase;
		i = j + 1;
	}
	if (!words)
		return fail(err, errlen, "the query has no words to search for");
	if (!q->ng)
		return fail(err, errlen, "the query has only common words (\"the\", \"of\", ...), "
			    "which are not indexed; add a rarer word");
	for (size_t i = 0; i < q->nt; i++) {
		struct qterm *t = &q->t[i];
		if (t->stop)
			continue;
		for (size_t d = 0; d < q->nd && t->slot < 0; d++)
			if (!strcmp(q->t[q->dist[d]].term, t->term))
				t->slot = (int)d;
		if (t->slot < 0) {
			t->slot = (int)q->nd;
			q->dist[q->nd++] = (int)i;
		}
	}
	return 0;
}

/* ---- postings ---------------------------------------------------------------- */

#define DOC DSR__SEARCH_DOC_LEN

struct tcur {
	MDB_cursor *c;
	uint8_t pfx[DSR__SEARCH_KEY_MAX];
	size_t plen;
	MDB_val k, v;
	bool done;
	uint32_t *pos;           /* positions in the current document */
	size_t npos, cap;
};

static const uint8_t *tc_id(const struct tcur *tc)
{
	return (const uint8_t *)tc->k.mv_data + tc->plen;
}

/* After a move: done when the key has left the term's postings. */
static int tc_check(struct tcur *tc, int r)
{
	if (r == MDB_NOTFOUND || (r == 0 && (tc->k.mv_size != tc->plen + DOC ||
					     memcmp(tc->k.mv_data, tc->pfx, tc->plen)))) {
		tc->done = true;
		return 0;
	}
	return dsr__mdb_err(r);
}

/* To the first document >= id: a few steps first (the next document of
 * a common term is mostly near), then a descent from the root. */
static int tc_seek(struct tcur *tc, const uint8_t *id)
{
	for (int i = 0; i < 4; i++) {
		int c = memcmp(tc_id(tc), id, DOC);
		if (c >= 0)
			return 0;
		int rc = tc_check(tc, mdb_cursor_get(tc->c, &tc->k, &tc->v, MDB_NEXT));
		if (rc || tc->done)
			return rc;
	}
	if (memcmp(tc_id(tc), id, DOC) >= 0)
		return 0;
	uint8_t key[DSR__SEARCH_KEY_MAX];
	memcpy(key, tc->pfx, tc->plen);
	memcpy(key + tc->plen, id, DOC);
	tc->k.mv_data = key;
	tc->k.mv_size = tc->plen + DOC;
	return tc_check(tc, mdb_cursor_get(tc->c, &tc->k, &tc->v, MDB_SET_RANGE));
}

/* The current document's positions of the term (npos only, when the
 * term is in no phrase: a varint ends at each byte below 0x80). */
static int tc_positions(struct tcur *tc, uint64_t *hlc, bool need)
{
	dsr__posting p;
	int rc = dsr__posting_open(&p, tc->v.mv_data, tc->v.mv_size);
	if (rc)
		return rc;
	*hlc = p.hlc;
	tc->npos = 0;
	if (!need) {
		for (const uint8_t *b = p.at; b < p.end; b++)
			tc->npos += *b < 0x80;
		return 0;
	}
	uint32_t pos;
	while ((rc = dsr__posting_next(&p, &pos)) == 1) {
		if (dsr_grow((void **)&tc->pos, &tc->cap, tc->npos + 1, sizeof *tc->pos))
			return -ENOMEM;
		tc->pos[tc->npos++] = pos;
	}
	return rc;
}

static bool has_pos(const struct tcur *tc, uint32_t pos)
{
	size_t lo = 0, hi = tc->npos;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (tc->pos[mid] < pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < tc->npos && tc->pos[lo] == pos;
}

/* A document's stop map, read when a phrase with a stop word first needs
 * it (its other words standing right). */
struct stopmap {
	dsr_rtxn *t;
	char kind;
	const uint8_t *id;
	bool read;
	MDB_val v;
	int err;
};

static bool stop_at(struct stopmap *m, uint32_t pos, uint8_t stop)
{
	if (!m->read) {
		uint8_t mk[DSR__SEARCH_KEY_MAX];
		MDB_val k = { dsr__search_key(mk, m->kind, "", 0, m->id), mk };
		int r = mdb_get(m->t->txn, m->t->s->dbi[DSR__DB_V_SEARCH], &k, &m->v);
		if (r == MDB_NOTFOUND)
			m->v.mv_size = 0;
		else if (r)
			m->err = dsr__mdb_err(r);
		m->read = true;
	}
	return !m->err && pos < m->v.mv_size && ((const uint8_t *)m->v.mv_data)[pos] == stop;
}

/* The hits of a document whose every term's positions are loaded (and
 * its stop map at hand): the sum over groups, 0 when a group has none. */
static uint32_t doc_hits(const struct query *q, struct tcur *tc, struct stopmap *map)
{
	uint32_t total = 0;
	for (size_t g = 0; g < q->ng; g++) {
		const struct qgroup *gr = &q->g[g];
		/* the phrase's first indexed word leads */
		size_t l = gr->first;
		while (q->t[l].stop)
			l++;
		const struct tcur *lead = &tc[q->t[l].slot];
		uint32_t n = gr->n == 1 ? (uint32_t)lead->npos : 0;
		for (size_t i = 0; i < lead->npos && gr->n > 1; i++) {
			if (lead->pos[i] < q->t[l].off)
				continue;
			uint32_t base = lead->pos[i] - q->t[l].off;
			bool ok = true;
			/* the indexed words first, the stop map only then */
			for (size_t k = 0; k < gr->n && ok; k++) {
				const struct qterm *t = &q->t[gr->first + k];
				ok = t->stop || gr->first + k == l ||
				     has_pos(&tc[t->slot], base + t->off);
			}
			for (size_t k = 0; k < gr->n && ok && gr->stops; k++) {
				const struct qterm *t = &q->t[gr->first + k];
				ok = !t->stop || stop_at(map, base + t->off, t->stop);
			}
			n += ok;
		}
		if (!n)
			return 0;
		total += n;
	}
	return total;
}

/* ---- the text of a document ------------------------------------------------ */

struct doc {
	Dpb__Event *ev;          /* the claim's or the article's winning event */
	Dpb__ArticleRec *art;    /* the article's record, or NULL */
};

static void doc_free(struct doc *d)
{
	if (d->ev)
		dpb__event__free_unpacked(d->ev, NULL);
	if (d->art)
		dpb__article_rec__free_unpacked(d->art, NULL);
	d->ev = NULL;
	d->art = NULL;
}

static int article_rec(dsr_rtxn *t, const uint8_t *id, Dpb__ArticleRec **out)
{
	MDB_val v;
	int rc = dsr__fget(t->s, t->txn, DSR__DB_V_ARTICLE, id, &v);
	if (rc)
		return rc;
	*out = dpb__article_rec__unpack(NULL, v.mv_size, v.mv_data);
	return *out && (*out)->article && (*out)->n_supports ? 0 : DSR_ECORRUPT;
}

static int doc_load(dsr_rtxn *t, char kind, const uint8_t *id, struct doc *d)
{
	d->ev = NULL;
	d->art = NULL;
	int rc;
	if (kind == DSR__SEARCH_CLAIM) {
		rc = dsr__fact_winner(t->s, t->txn, DSR__DB_V_CLAIM, id, &d->ev, NULL);
		if (!rc && d->ev->payload_case != DPB__EVENT__PAYLOAD_CLAIM)
			rc = DSR_ECORRUPT;
		if (!rc && d->ev->claim->article.len == DSR_ID_LEN &&
		    article_rec(t, d->ev->claim->article.data, &d->art) != 0)
			d->art = NULL;   /* a claim may come before its article */
	} else {
		rc = article_rec(t, id, &d->art);
		if (!rc) {
			Dpb__Stamp *w = d->art->supports[d->art->n_supports - 1];
			dsr__stamp st = dsr__stamp_from_pb(w);
			rc = dsr__event_by_stamp(t->s, t->txn, &st, &d->ev);
			if (rc == DSR_ENOTFOUND)
				rc = DSR_ECORRUPT;
			if (!rc && d->ev->payload_case != DPB__EVENT__PAYLOAD_ARTICLE)
				rc = DSR_ECORRUPT;
		}
	}
	if (rc)
		doc_free(d);
	return rc;
}

/* A document's two fields, as the index numbered them. */
static void doc_fields(char kind, const struct doc *d, const uint8_t **f, size_t *l)
{
	if (kind == DSR__SEARCH_CLAIM) {
		f[0] = (const uint8_t *)d->ev->claim->content;
		l[0] = strlen(d->ev->claim->content);
		f[1] = (const uint8_t *)d->ev->claim->source;
		l[1] = strlen(d->ev->claim->source);
	} else {
		f[0] = (const uint8_t *)d->ev->article->title;
		l[0] = strlen(d->ev->article->title);
		f[1] = d->ev->article->text.data;
		l[1] = d->ev->article->text.len;
	}
}

struct span {
	uint32_t start, end;
};

struct spans {
	struct span *v;
	size_t n, cap;
};

/* Finding the query's hits in a field as its words go by: the last words
 * in a ring; a group hits where its last word arrives (a phrase's words
 * have consecutive positions). */
struct scan {
	const struct query *q;
	dsr__word ring[DSR_SEARCH_TERMS_MAX];
	size_t seen;
	struct spans *out;        /* the hits, or NULL: only which groups */
	uint32_t groups;          /* a bit per group that hit */
	uint32_t hits;
	uint32_t all;             /* every group's bit */
	uint32_t stop_past;       /* with out: stop at a word starting past
				   * this many bytes after the first hit */
};

static bool same_term(const dsr__word *w, const struct qterm *t)
{
	return w->len == t->len && !memcmp(w->term, t->term, t->len);
}

static int scan_word(void *ctx, const dsr__word *w)
{
	struct scan *sc = ctx;
	const struct query *q = sc->q;
	if (sc->out && sc->out->n && w->start > sc->out->v[0].start + sc->stop_past)
		return 1;
	sc->ring[sc->seen % DSR_SEARCH_TERMS_MAX] = *w;
	sc->seen++;
	for (size_t g = 0; g < q->ng; g++) {
		const struct qgroup *gr = &q->g[g];
		if (sc->seen < gr->n || !same_term(w, &q->t[gr->first + gr->n - 1]))
			continue;
		size_t at = sc->seen - gr->n;
		bool ok = true;
		for (size_t k = 0; k + 1 < gr->n && ok; k++)
			ok = same_term(&sc->ring[(at + k) % DSR_SEARCH_TERMS_MAX], &q->t[gr->first + k]);
		if (!ok)
			continue;
		sc->groups |= 1u << g;
		sc->hits++;
		if (!sc->out)
			continue;
		struct spans *o = sc->out;
		if (dsr_grow((void **)&o->v, &o->cap, o->n + 1, sizeof *o->v))
			return -ENOMEM;
		o->v[o->n++] = (struct span){ sc->ring[at % DSR_SEARCH_TERMS_MAX].start, w->end };
	}
	return 0;
}

static int span_cmp(const void *pa, const void *pb)
{
	const struct span *a = pa, *b = pb;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	return a->end < b->end ? -1 : a->end > b->end;
}

/* The hits in one field, in text order, up to the snippet's reach. */
static int field_hits(const struct query *q, const uint8_t *f, size_t l, struct spans *out,
		      uint32_t stop_past)
{
	struct scan sc;
	sc.q = q;
	sc.seen = 0;
	sc.out = out;
	sc.groups = 0;
	sc.all = (1u << q->ng) - 1;
	sc.stop_past = stop_past;
	out->n = 0;
	int rc = dsr__words(f, l, 0, scan_word, &sc, NULL);
	if (rc < 0)
		return rc;
	if (out->n > 1)
		qsort(out->v, out->n, sizeof *out->v, span_cmp);
	return 0;
}

/* ---- matches, ranked ---------------------------------------------------------- */

struct match {
	uint32_t score;
	uint64_t hlc;
	char kind;
	uint8_t id[DSR_ID_LEN];
};

struct matches {
	struct match *v;
	size_t n, cap;
};

/* Rank order: more hits, newer, articles before claims, id. */
static int match_cmp(const void *pa, const void *pb)
{
	const struct match *a = pa, *b = pb;
	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	if (a->hlc != b->hlc)
		return a->hlc > b->hlc ? -1 : 1;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	return memcmp(a->id, b->id, DSR_ID_LEN);
}

/* The k first matches in rank order moved to the front of v, sorted: a
 * heap of the k best so far, its worst on top, so a page of a common
 * word's thousands of matches costs n log k, not a sort of them all. */
static void heap_down(struct match *h, size_t n, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		if (l < n && match_cmp(&h[l], &h[m]) > 0)
			m = l;
		if (r < n && match_cmp(&h[r], &h[m]) > 0)
			m = r;
		if (m == i)
			return;
		struct match t = h[i];
		h[i] = h[m];
		h[m] = t;
		i = m;
	}
}

static void first_k(struct match *v, size_t n, size_t k)
{
	if (k >= n) {
		if (n > 1)
			qsort(v, n, sizeof *v, match_cmp);
		return;
	}
	for (size_t i = k / 2; i-- > 0;)
		heap_down(v, k, i);
	for (size_t i = k; i < n; i++)
		if (match_cmp(&v[i], &v[0]) < 0) {
			struct match t = v[0];
			v[0] = v[i];
			v[i] = t;
			heap_down(v, k, 0);
		}
	qsort(v, k, sizeof *v, match_cmp);
}

#define CURSOR_LEN (4 + 8 + 1 + DSR_ID_LEN)

static void cursor_put(uint8_t *c, const struct match *m)
{
	dsr__put_be32(c, m->score);
	dsr__put_be64(c + 4, m->hlc);
	c[12] = (uint8_t)m->kind;
	memcpy(c + 13, m->id, DSR_ID_LEN);
}

static void cursor_get(const uint8_t *c, struct match *m)
{
	m->score = dsr__get_be32(c);
	m->hlc = dsr__get_be64(c + 4);
	m->kind = (char)c[12];
	memcpy(m->id, c + 13, DSR_ID_LEN);
}

/* Every document of the kinds wanted that has every group. */
static int find_docs(dsr_rtxn *t, const struct query *q, int kind, struct matches *out)
{
	struct tcur tc[DSR_SEARCH_TERMS_MAX];
	memset(tc, 0, sizeof tc);
	/* positions matter for the words of phrases only */
	bool need[DSR_SEARCH_TERMS_MAX] = { false };
	for (size_t g = 0; g < q->ng; g++)
		for (size_t k = 0; k < q->g[g].n && q->g[g].n > 1; k++)
			if (!q->t[q->g[g].first + k].stop)
				need[q->t[q->g[g].first + k].slot] = true;
	int rc = 0;
	size_t nd = q->nd;
	for (size_t d = 0; d < nd && !rc; d++) {
		const struct qterm *qt = &q->t[q->dist[d]];
		tc[d].plen = dsr__search_key(tc[d].pfx, 0, qt->term, qt->len, NULL);
		rc = dsr__mdb_err(mdb_cursor_open(t->txn, t->s->dbi[DSR__DB_V_SEARCH], &tc[d].c));
		if (rc)
			break;
		tc[d].k.mv_data = tc[d].pfx;
		tc[d].k.mv_size = tc[d].plen;
		rc = tc_check(&tc[d], mdb_cursor_get(tc[d].c, &tc[d].k, &tc[d].v, MDB_SET_RANGE));
		if (tc[d].done)
			goto out;
	}
	while (!rc) {
		/* every cursor to the greatest document any is at */
		size_t hi = 0;
		for (size_t d = 1; d < nd; d++)
			if (memcmp(tc_id(&tc[d]), tc_id(&tc[hi]), DOC) > 0)
				hi = d;
		uint8_t target[DOC];
		memcpy(target, tc_id(&tc[hi]), DOC);
		bool same = true;
		for (size_t d = 0; d < nd && !rc; d++) {
			rc = tc_seek(&tc[d], target);
			if (tc[d].done)
				goto out;
			same &= memcmp(tc_id(&tc[d]), target, DOC) == 0;
		}
		if (rc || !same)
			continue;
		/* the document's key: its article's 8 bytes, kind, its own 8 */
		struct match m = { 0, 0, (char)target[DSR_ID_LEN / 2], { 0 } };
		memcpy(m.id, target, DSR_ID_LEN / 2);
		memcpy(m.id + DSR_ID_LEN / 2, target + DSR_ID_LEN / 2 + 1, DSR_ID_LEN / 2);
		bool want = kind == DSR_SEARCH_ARTICLES ? m.kind == DSR__SEARCH_ARTICLE
			  : kind == DSR_SEARCH_CLAIMS ? m.kind == DSR__SEARCH_CLAIM : true;
		for (size_t d = 0; d < nd && !rc && want; d++)
			rc = tc_positions(&tc[d], &m.hlc, need[d]);
		struct stopmap map = { t, m.kind, m.id, false, { 0, NULL }, 0 };
		if (!rc && want)
			m.score = doc_hits(q, tc, &map);
		if (!rc)
			rc = map.err;
		if (!rc && m.score) {
			if (dsr_grow((void **)&out->v, &out->cap, out->n + 1, sizeof *out->v))
				rc = -ENOMEM;
			else
				out->v[out->n++] = m;
		}
		if (!rc)
			rc = tc_check(&tc[0], mdb_cursor_get(tc[0].c, &tc[0].k, &tc[0].v, MDB_NEXT));
		if (tc[0].done)
			break;
	}
out:
	for (size_t d = 0; d < nd; d++) {
		if (tc[d].c)
			mdb_cursor_close(tc[d].c);
		free(tc[d].pos);
	}
	return rc;
}

/* ---- a result ------------------------------------------------------------------ */

#define SNIPPET_BEFORE 80
#define SNIPPET_LEN 240
static const char ellipsis[] = "\xe2\x80\xa6";

/* The snippet of field f around its first hit: whole words, line breaks
 * made spaces, an ellipsis where it is cut; the hits in it. */
static int snippet(const uint8_t *f, size_t l, const struct spans *sp, dsr_buf *out,
		   Dpb__Span **hits, size_t *nhits)
{
	size_t a = 0, b = l;
	uint32_t first = sp->n ? sp->v[0].start : 0;
	if (first > SNIPPET_BEFORE) {
		a = first - SNIPPET_BEFORE;
		while (a < first && f[a] != ' ' && f[a] != '\n')
			a++;
		if (a < first)
			a++;
		else   /* no space: a character's first byte */
			for (a = first - SNIPPET_BEFORE; (f[a] & 0xc0) == 0x80; a++)
				;
	}
	if (l - a > SNIPPET_LEN) {
		/* back from a + SNIPPET_LEN (or the first hit's end) to a
		 * space, but not into the first hit; a word's end and a space
		 * are characters' boundaries */
		size_t end0 = sp->n ? sp->v[0].end : a;
		size_t min = end0 > a + SNIPPET_LEN ? end0 : a + SNIPPET_LEN;
		b = min;
		while (b < l && b > end0 && f[b] != ' ' && f[b] != '\n')
			b--;
		if (b == a)   /* no hit and no space: cut inside a word */
			for (b = min; b < l && (f[b] & 0xc0) == 0x80; b++)
				;
	}
	int rc = 0;
	size_t lead = 0;
	if (a > 0) {
		rc = dsr_buf_append(out, ellipsis, 3);
		lead = 3;
	}
	for (size_t i = a; i < b && !rc; i++) {
		uint8_t c = f[i] == '\n' || f[i] == '\r' || f[i] == '\t' ? ' ' : f[i];
		rc = dsr_buf_append(out, &c, 1);
	}
	if (!rc && b < l)
		rc = dsr_buf_append(out, ellipsis, 3);
	if (!rc)
		rc = dsr_buf_cstr(out);
	*nhits = 0;
	for (size_t i = 0; i < sp->n && !rc; i++) {
		if (sp->v[i].start < a || sp->v[i].end > b)
			continue;
		hits[*nhits] = malloc(sizeof **hits);
		if (!hits[*nhits]) {
			rc = -ENOMEM;
			break;
		}
		dpb__span__init(hits[*nhits]);
		hits[*nhits]->start = (uint32_t)(sp->v[i].start - a + lead);
		hits[*nhits]->end = (uint32_t)(sp->v[i].end - a + lead);
		(*nhits)++;
	}
	return rc;
}

/* Hits that overlap, or that only spaces part ("North Korea" searched as
 * two words), become one. */
static void merge_hits(const uint8_t *f, struct spans *sp)
{
	size_t o = 0;
	for (size_t i = 0; i < sp->n; i++) {
		if (o) {
			struct span *p = &sp->v[o - 1];
			uint32_t k = p->end;
			while (k < sp->v[i].start && f[k] == ' ')
				k++;
			if (k >= sp->v[i].start) {
				if (sp->v[i].end > p->end)
					p->end = sp->v[i].end;
				continue;
			}
		}
		sp->v[o++] = sp->v[i];
	}
	sp->n = o;
}

static int emit(dsr_rtxn *t, const struct query *q, const struct match *m, dsr_search_fn fn,
		void *ctx)
{
	struct doc d;
	int rc = doc_load(t, m->kind, m->id, &d);
	if (rc)
		return rc == DSR_ENOTFOUND ? DSR_ECORRUPT : rc;
	const uint8_t *f[2];
	size_t l[2];
	doc_fields(m->kind, &d, f, l);
	struct spans sp[2] = { { 0 }, { 0 } };
	for (int i = 0; i < 2 && !rc; i++)
		rc = field_hits(q, f[i], l[i], &sp[i], SNIPPET_LEN);
	/* an article's text, unless only its title hit; a claim's content,
	 * unless only its source did */
	int fi = m->kind == DSR__SEARCH_CLAIM ? (sp[0].n || !sp[1].n ? 0 : 1)
					      : (sp[1].n || !sp[0].n ? 1 : 0);
	dsr_buf snip = DSR_BUF_INIT;
	Dpb__Span **hits = NULL;
	size_t nhits = 0;
	if (!rc && !(hits = calloc(sp[fi].n + 1, sizeof *hits)))
		rc = -ENOMEM;
	if (!rc) {
		merge_hits(f[fi], &sp[fi]);
		rc = snippet(f[fi], l[fi], &sp[fi], &snip, hits, &nhits);
	}
	if (!rc) {
		Dpb__SearchHit h = DPB__SEARCH_HIT__INIT;
		h.kind = m->kind == DSR__SEARCH_CLAIM ? DPB__SEARCH_KIND__SEARCH_CLAIM
						      : DPB__SEARCH_KIND__SEARCH_ARTICLE;
		h.id.data = (uint8_t *)m->id;
		h.id.len = DSR_ID_LEN;
		if (m->kind == DSR__SEARCH_CLAIM) {
			h.article = d.ev->claim->article;
			h.text = d.ev->claim->content;
			h.source = d.ev->claim->source;
			h.field = fi ? "source" : "text";
		} else {
			h.article = h.id;
			h.field = fi ? "text" : "title";
		}
		if (d.art) {
			h.title = d.art->article->title;
			h.publisher = d.art->article->publisher;
			h.published = d.art->article->published;
		}
		h.snippet = (char *)snip.data;
		h.hits = hits;
		h.n_hits = nhits;
		h.score = m->score;
		rc = fn(ctx, &h);
	}
	for (size_t i = 0; i < nhits; i++)
		free(hits[i]);
	free(hits);
	dsr_buf_free(&snip);
	free(sp[0].v);
	free(sp[1].v);
	doc_free(&d);
	return rc;
}

int dsr_search_check(const char *query, char *err, size_t errlen)
{
	struct query q;
	return parse(query, &q, err, errlen);
}

int dsr_q_search(dsr_rtxn *t, const char *query, int kind, const dsr_page *pg, dsr_buf *next,
		 uint32_t *total, dsr_search_fn fn, void *ctx, char *err, size_t errlen)
{
	if (next)
		next->len = 0;
	if (total)
		*total = 0;
	struct query q;
	int rc = parse(query, &q, err, errlen);
	if (rc)
		return rc;
	struct match after;
	bool resume = pg && pg->cursor_len;
	if (resume && pg->cursor_len != CURSOR_LEN)
		return fail(err, errlen, "the cursor is not one of a search");
	if (resume)
		cursor_get(pg->cursor, &after);
	struct matches ms = { 0 };
	rc = find_docs(t, &q, kind, &ms);
	if (rc)
		goto out;
	if (total)
		*total = (uint32_t)ms.n;
	/* those after the cursor, the page's worth of them in order: the
	 * page, one more to know whether more remain, and for a phrase with
	 * a stop word as many as may fail the check */
	size_t n = 0;
	for (size_t j = 0; j < ms.n; j++)
		if (!resume || match_cmp(&ms.v[j], &after) > 0)
			ms.v[n++] = ms.v[j];
	ms.n = n;
	uint32_t limit = pg ? pg->limit : 0;
	first_k(ms.v, ms.n, limit ? (size_t)limit + 1 : ms.n);
	size_t i = 0;
	for (uint32_t sent = 0; i < ms.n && !rc; i++, sent++) {
		if (limit && sent == limit) {
			uint8_t c[CURSOR_LEN];
			cursor_put(c, &ms.v[i - 1]);
			rc = next ? dsr_buf_append(next, c, sizeof c) : 0;
			break;
		}
		rc = emit(t, &q, &ms.v[i], fn, ctx);
	}
out:
	free(ms.v);
	return rc > 0 ? 0 : rc;
}
