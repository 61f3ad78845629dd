/* search.c: full-text search over articles and claims (dsr_q_search):
 * the query's words and "quoted phrases", every one required, found by a
 * zig-zag join of their postings in v.search (view/search.c): each term's
 * postings are read newest first (the filing event's clock leads the
 * document's key) through its blocks (store/blocks.c, dsr__bcur), a
 * cursor stepping back to the smallest document another term is at, and
 * the join stops once the page is full, so the cost follows the
 * documents read to fill the page, not the store.
 * Phrases are checked by position; a phrase with a stop word in it
 * ("behind the hack") also against the stop map of each document its
 * indexed words stand right in (stop words have no postings).  Results
 * come newest first (by document key, descending), each with its hits
 * counted and a snippet of its text around the first of them, with their
 * byte offsets in it. */
#include "query/search.h"
#include "view/api.h"
#include "base/api.h"
#include "error.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- postings ---------------------------------------------------------------- */

#define DOC DSR__SEARCH_DOC_LEN

/* A term's postings, walked newest first through their blocks. */
struct tcur {
	dsr__bcur bc;
	dsr__place *pl;          /* the term's places in the current document */
	size_t npos, cap;
};

static const uint8_t *tc_id(const struct tcur *tc)
{
	return dsr__bcur_sub(&tc->bc);
}

static int tc_err(int r)
{
	return r < 0 ? r : dsr__mdb_err(r);
}

/* The current document's places of the term. */
static int tc_positions(struct tcur *tc)
{
	const dsr__bitem *it = dsr__bcur_item(&tc->bc);
	if (dsr_grow((void **)&tc->pl, &tc->cap, DSR__POSTING_PLACES_MAX(it->vlen), sizeof *tc->pl))
		return -ENOMEM;
	return dsr__posting_places(it->val, it->vlen, tc->pl, &tc->npos);
}

static bool has_pos(const struct tcur *tc, uint32_t pos)
{
	size_t lo = 0, hi = tc->npos;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (tc->pl[mid].pos < pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < tc->npos && tc->pl[lo].pos == pos;
}

/* A document's stop map, read when a phrase with a stop word first needs
 * it (its other words standing right). */
struct stopmap {
	dsr_rtxn *t;
	const uint8_t *doc;        /* the document's key */
	bool read;
	MDB_val v;
	int err;
};

static bool stop_at(struct stopmap *m, uint32_t pos, uint8_t stop)
{
	if (!m->read) {
		uint8_t mk[1 + DOC];
		mk[0] = 0;   /* the empty term */
		memcpy(mk + 1, m->doc, DOC);
		MDB_val k = { sizeof mk, mk };
		int r = mdb_get(m->t->txn, m->t->s->dbi[DSR__DB_V_SEARCH], &k, &m->v);
		if (r == MDB_NOTFOUND)
			m->v.mv_size = 0;
		else if (r)
			m->err = dsr__mdb_err(r);
		m->read = true;
	}
	return !m->err && pos < m->v.mv_size && ((const uint8_t *)m->v.mv_data)[pos] == stop;
}

/* A group's leading word (its first indexed one) and what must stand on
 * either side of it, up to two a side: a stop word's number, 0 for
 * another word; -1 for anything (the posting holds the far one only
 * after a stop word).  Worked out once a query. */
struct lead {
	size_t l;
	int need[4];
};

static void group_lead(const struct query *q, size_t g, struct lead *out)
{
	const struct qgroup *gr = &q->g[g];
	size_t l = gr->first, end = gr->first + gr->n;
	while (q->t[l].stop)
		l++;
	out->l = l;
	out->need[0] = l > gr->first ? q->t[l - 1].stop : -1;
	out->need[1] = l + 1 < end ? q->t[l + 1].stop : -1;
	out->need[2] = out->need[0] > 0 && l > gr->first + 1 ? q->t[l - 2].stop : -1;
	out->need[3] = out->need[1] > 0 && l + 2 < end ? q->t[l + 2].stop : -1;
}

/* The hits of a document whose every term's positions are loaded (and
 * its stop map at hand): the sum over groups, 0 when a group has none. */
static uint32_t doc_hits(const struct query *q, const struct lead *leads, struct tcur *tc,
			 struct stopmap *map)
{
	uint32_t total = 0;
	for (size_t g = 0; g < q->ng; g++) {
		const struct qgroup *gr = &q->g[g];
		size_t l = leads[g].l;
		const int *need = leads[g].need;
		const struct tcur *lead = &tc[q->t[l].slot];
		uint32_t n = gr->n == 1 ? (uint32_t)lead->npos : 0;
		for (size_t i = 0; i < lead->npos && gr->n > 1; i++) {
			if (lead->pl[i].pos < q->t[l].off)
				continue;
			bool agree = true;
			for (int s = 0; s < 4 && agree; s++)
				agree = need[s] < 0 || lead->pl[i].around[s] == need[s];
			if (!agree)
				continue;
			uint32_t base = lead->pl[i].pos - q->t[l].off;
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

/* ---- matches, newest first -------------------------------------------------- */

struct match {
	uint32_t score;
	uint8_t doc[DOC];     /* the document's key: clock, id, kind */
};

struct matches {
	struct match *v;
	size_t n, cap;
};

/* Every cursor back to the smallest document any is at: *same when all
 * are then at it, *done when one has left its term's postings. */
static int align(struct tcur *tc, size_t nd, bool *same, bool *done)
{
	size_t lo = 0;
	for (size_t d = 1; d < nd; d++)
		if (memcmp(tc_id(&tc[d]), tc_id(&tc[lo]), DOC) < 0)
			lo = d;
	uint8_t target[DOC];
	memcpy(target, tc_id(&tc[lo]), DOC);
	*same = true;
	for (size_t d = 0; d < nd; d++) {
		int rc = tc_err(dsr__bcur_seek_back(&tc[d].bc, target));
		if (rc || tc[d].bc.done) {
			*done = tc[d].bc.done;
			return rc;
		}
		*same &= memcmp(tc_id(&tc[d]), target, DOC) == 0;
	}
	return 0;
}

/* Every document of the kinds wanted that has every group, newest first,
 * from the last one before `after` (NULL: from the newest), until `want`
 * of them are found (0: all). */
static int find_docs(dsr_rtxn *t, const struct query *q, int kind, const uint8_t *after,
		     size_t want, struct matches *out)
{
	struct tcur tc[DSR_SEARCH_TERMS_MAX];
	memset(tc, 0, sizeof tc);
	struct lead leads[DSR_SEARCH_TERMS_MAX];
	for (size_t g = 0; g < q->ng; g++)
		group_lead(q, g, &leads[g]);
	int rc = 0;
	size_t nd = q->nd;
	for (size_t d = 0; d < nd && !rc; d++) {
		const struct qterm *qt = &q->t[q->dist[d]];
		uint8_t pfx[DSR__SEARCH_KEY_MAX];
		size_t plen = dsr__search_key(pfx, 0, qt->term, qt->len, NULL, 0);
		rc = tc_err(dsr__bcur_open(&tc[d].bc, t->txn, t->s->dbi[DSR__DB_V_SEARCH], pfx, plen));
		if (!rc)
			rc = tc_err(dsr__bcur_find_back(&tc[d].bc, after));
		/* a page goes on strictly before the last document it sent */
		if (!rc && !tc[d].bc.done && after && !memcmp(tc_id(&tc[d]), after, DOC))
			rc = tc_err(dsr__bcur_prev(&tc[d].bc));
		if (tc[d].bc.done)
			goto out;
	}
	while (!rc) {
		bool same = true, done = false;
		if (nd > 1)
			rc = align(tc, nd, &same, &done);
		if (done)
			goto out;
		if (rc || !same)
			continue;
		const uint8_t *target = tc_id(&tc[0]);
		char k = (char)target[DSR__SEARCH_DOC_KIND];
		bool wanted = kind == DSR_SEARCH_ARTICLES ? k == DSR__SEARCH_ARTICLE
			    : kind == DSR_SEARCH_CLAIMS ? k == DSR__SEARCH_CLAIM : true;
		uint32_t score = 0;
		/* a phrase's leading word without the neighbours it needs
		 * anywhere: no need to decode the places */
		for (size_t g = 0; g < q->ng && wanted; g++) {
			if (q->g[g].n < 2)
				continue;
			const dsr__bitem *it = dsr__bcur_item(&tc[q->t[leads[g].l].slot].bc);
			wanted = dsr__posting_agrees(it->val, it->vlen, leads[g].need);
		}
		for (size_t d = 0; d < nd && !rc && wanted; d++)
			rc = tc_positions(&tc[d]);
		struct stopmap map = { t, target, false, { 0, NULL }, 0 };
		if (!rc && wanted)
			score = doc_hits(q, leads, tc, &map);
		if (!rc)
			rc = map.err;
		if (!rc && score) {
			if (dsr_grow((void **)&out->v, &out->cap, out->n + 1, sizeof *out->v)) {
				rc = -ENOMEM;
			} else {
				out->v[out->n].score = score;
				memcpy(out->v[out->n].doc, target, DOC);
				if (++out->n == want)
					break;
			}
		}
		if (!rc)
			rc = tc_err(dsr__bcur_prev(&tc[0].bc));
		if (tc[0].bc.done)
			break;
	}
out:
	for (size_t d = 0; d < nd; d++) {
		dsr__bcur_close(&tc[d].bc);
		free(tc[d].pl);
	}
	return rc;
}

/* ---- a result ------------------------------------------------------------------ */

static int emit(dsr_rtxn *t, const struct query *q, const struct match *m, dsr_search_fn fn,
		void *ctx)
{
	struct doc d;
	uint8_t id[DSR_ID_LEN];
	char kind = dsr__search_doc_id(m->doc, id);
	int rc = dsr__sdoc_load(t, kind, id, &d);
	if (rc)
		return rc == DSR_ENOTFOUND ? DSR_ECORRUPT : rc;
	const uint8_t *f[2];
	size_t l[2];
	dsr__sdoc_fields(kind, &d, f, l);
	struct spans sp[2] = { { 0 }, { 0 } };
	for (int i = 0; i < 2 && !rc; i++)
		rc = dsr__sdoc_hits(t, q, &d, i, f, l, &sp[i], SNIPPET_LEN);
	/* an article's text, unless only its title hit; a claim's content,
	 * unless only its source did */
	int fi = kind == DSR__SEARCH_CLAIM ? (sp[0].n || !sp[1].n ? 0 : 1)
					      : (sp[1].n || !sp[0].n ? 1 : 0);
	dsr_buf snip = DSR_BUF_INIT;
	Dpb__Span **hits = NULL;
	size_t nhits = 0;
	if (!rc && !(hits = calloc(sp[fi].n + 1, sizeof *hits)))
		rc = -ENOMEM;
	if (!rc) {
		dsr__smerge_hits(f[fi], &sp[fi]);
		rc = dsr__ssnippet(f[fi], l[fi], &sp[fi], &snip, hits, &nhits);
	}
	if (!rc) {
		Dpb__SearchHit h = DPB__SEARCH_HIT__INIT;
		h.kind = kind == DSR__SEARCH_CLAIM ? DPB__SEARCH_KIND__SEARCH_CLAIM
						      : DPB__SEARCH_KIND__SEARCH_ARTICLE;
		h.id.data = id;
		h.id.len = DSR_ID_LEN;
		if (kind == DSR__SEARCH_CLAIM) {
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
	dsr__sdoc_free(&d);
	return rc;
}

int dsr_q_search(dsr_rtxn *t, const char *query, int kind, const dsr_page *pg, dsr_buf *next,
		 uint32_t *total, dsr_search_fn fn, void *ctx, char *err, size_t errlen)
{
	if (next)
		next->len = 0;
	if (total)
		*total = 0;
	struct query q;
	int rc = dsr__squery_parse(query, &q, err, errlen);
	if (rc)
		return rc;
	/* the cursor of a page: the key of the last document it sent */
	bool resume = pg && pg->cursor_len;
	if (resume && pg->cursor_len != DOC) {
		if (err && errlen)
			snprintf(err, errlen, "the cursor is not one of a search");
		return -EINVAL;
	}
	uint32_t limit = pg ? pg->limit : 0;
	struct matches ms = { 0 };
	/* the page, and one more to know whether more remain */
	rc = find_docs(t, &q, kind, resume ? pg->cursor : NULL, limit ? (size_t)limit + 1 : 0, &ms);
	if (rc)
		goto out;
	if (total)   /* the page's, when one more was found */
		*total = (uint32_t)(limit && ms.n > limit ? limit : ms.n);
	for (size_t i = 0; i < ms.n && !rc; i++) {
		if (limit && i == limit) {
			rc = next ? dsr_buf_append(next, ms.v[i - 1].doc, DOC) : 0;
			break;
		}
		rc = emit(t, &q, &ms.v[i], fn, ctx);
	}
out:
	free(ms.v);
	return rc > 0 ? 0 : rc;
}
