/* park.c: withdrawing an article from the views and restoring it.
 *
 * An article an analyst withdrew keeps its record and its facts' records,
 * but under kinds of their own in v.fact (DSR__DB_PARKED: the key's kind
 * byte moves, so they stay in the article's range) where no query looks,
 * and what each fact's winner contributed to the other tables (names,
 * claims' indexes, propositions, the timeline, indicators) is taken back.
 * Restoring moves them back and adds it again.  Facts that arrive while
 * the article is withdrawn go straight to the parked kinds (fact.c,
 * article.c), so the outcome does not depend on the order of events. */
#include "view/impl.h"
#include "base/api.h"
#include "error.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define HALF (DSR_ID_LEN / 2)

static dsr__refs_fn refs_of(int db)
{
	switch (db) {
	case DSR__DB_V_MENTION: return dsr__mention_refs;
	case DSR__DB_V_CLAIM: return dsr__claim_refs;
	case DSR__DB_V_ENTRY: return dsr__entry_refs;
	case DSR__DB_V_INDICATOR: return dsr__indicator_refs;
	}
	return NULL;
}

/* One record of the article's range, copied out of the table. */
typedef struct rec {
	int db;                    /* its kind where it is now */
	uint8_t id[DSR_ID_LEN];
	size_t off, len;           /* its value in the buffer */
} rec;

typedef struct gather {
	rec *v;
	size_t n, cap;
	dsr_buf vals;
} gather;

static int keep(gather *g, int db, const uint8_t *id, const MDB_val *v)
{
	if (g->n == g->cap) {
		size_t cap = g->cap ? 2 * g->cap : 64;
		rec *nv = realloc(g->v, cap * sizeof *nv);
		if (!nv)
			return -ENOMEM;
		g->v = nv;
		g->cap = cap;
	}
	rec *r = &g->v[g->n++];
	r->db = db;
	memcpy(r->id, id, DSR_ID_LEN);
	r->off = g->vals.len;
	r->len = v->mv_size;
	return dsr_buf_append(&g->vals, v->mv_data, v->mv_size) ? -ENOMEM : 0;
}

/* The records of the article's range of the kinds [lo, hi). */
static int collect(dsr__wtx *w, const uint8_t *article, int lo, int hi, gather *g)
{
	MDB_cursor *c;
	int rc = dsr__mdb_err(mdb_cursor_open(w->txn, w->s->dbi[DSR__DB_V_FACT], &c));
	if (rc)
		return rc;
	MDB_val k = { HALF, (void *)article }, v;
	int r = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE);
	for (; !rc && r == 0; r = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
		if (k.mv_size < HALF || memcmp(k.mv_data, article, HALF))
			break;
		int db;
		uint8_t id[DSR_ID_LEN];
		if (!dsr__fkey_parse(&k, &db, id) || db < lo || db >= hi)
			continue;
		rc = keep(g, db, id, &v);
	}
	if (!rc && r != 0 && r != MDB_NOTFOUND)
		rc = dsr__mdb_err(r);
	mdb_cursor_close(c);
	return rc;
}

/* The winner of a fact record, if it is a fact of this article (another
 * article may share the first 8 bytes of the id). */
static int winner_of(dsr__wtx *w, const rec *r, const gather *g, const uint8_t *article,
		     Dpb__Event **ev)
{
	*ev = NULL;
	dsr__stamp st;
	int rc = dsr__fact_rec_winner(g->vals.data + r->off, r->len, &st, NULL);
	if (rc)
		return rc;
	rc = dsr__event_by_stamp(w->s, w->txn, &st, ev);
	if (rc)
		return rc == DSR_ENOTFOUND ? DSR_ECORRUPT : rc;
	ProtobufCBinaryData a = { 0, NULL };
	switch ((*ev)->payload_case) {
	case DPB__EVENT__PAYLOAD_ACTOR: a = (*ev)->actor->article; break;
	case DPB__EVENT__PAYLOAD_CLAIM: a = (*ev)->claim->article; break;
	case DPB__EVENT__PAYLOAD_ENTRY: a = (*ev)->entry->article; break;
	case DPB__EVENT__PAYLOAD_INDICATOR: a = (*ev)->indicator->article; break;
	case DPB__EVENT__PAYLOAD_ARTICLE:
	case DPB__EVENT__PAYLOAD_NAMES:
	case DPB__EVENT__PAYLOAD_ASSESSED:
	case DPB__EVENT__PAYLOAD_AMENDED:
	case DPB__EVENT__PAYLOAD_NOTE:
	case DPB__EVENT__PAYLOAD_CURATED:
	case DPB__EVENT__PAYLOAD_ARTICLE_CURATED:
	DSR_PAYLOAD_NO_CASES:
		break;
	}
	if (a.len != DSR_ID_LEN || memcmp(a.data, article, DSR_ID_LEN)) {
		dpb__event__free_unpacked(*ev, NULL);
		*ev = NULL;
	}
	return 0;
}

/* What the article's winning filing contributes (its postings). */
static int article_refs(dsr__wtx *w, const rec *r, const gather *g, int delta)
{
	Dpb__ArticleRec *a = dpb__article_rec__unpack(NULL, r->len, g->vals.data + r->off);
	if (!a || !a->n_supports) {
		if (a)
			dpb__article_rec__free_unpacked(a, NULL);
		return DSR_ECORRUPT;
	}
	dsr__stamp st = dsr__stamp_from_pb(a->supports[a->n_supports - 1]);
	dpb__article_rec__free_unpacked(a, NULL);
	Dpb__Event *ev;
	int rc = dsr__event_by_stamp(w->s, w->txn, &st, &ev);
	if (rc)
		return rc == DSR_ENOTFOUND ? DSR_ECORRUPT : rc;
	rc = ev->payload_case == DPB__EVENT__PAYLOAD_ARTICLE ? dsr__article_refs(w, ev, delta)
							     : DSR_ECORRUPT;
	dpb__event__free_unpacked(ev, NULL);
	return rc;
}

static int move(dsr__wtx *w, const rec *r, const gather *g, int to)
{
	int rc = dsr__del(w, r->db, r->id, DSR_ID_LEN);
	if (!rc)
		rc = dsr__put(w, to, r->id, DSR_ID_LEN, g->vals.data + r->off, r->len);
	return rc ? rc : dsr__fcount_move(w, r->db, to);
}

int dsr__article_park(dsr__wtx *w, const uint8_t article[DSR_ID_LEN], bool withdraw)
{
	gather g = { NULL, 0, 0, DSR_BUF_INIT };
	int lo = withdraw ? DSR__DB_V_ARTICLE : DSR__DB_V_WARTICLE;
	int rc = dsr__kv_flush(w);
	if (!rc)
		rc = collect(w, article, lo, lo + (DSR__DB_V_WARTICLE - DSR__DB_V_ARTICLE), &g);
	/* Restoring, the article comes back first, so that its claims find
	 * their outlet; withdrawing, it goes last. */
	for (size_t i = 0; !rc && !withdraw && i < g.n; i++)
		if (g.v[i].db == DSR__DB_V_WARTICLE &&
		    !memcmp(g.v[i].id, article, DSR_ID_LEN)) {
			rc = move(w, &g.v[i], &g, DSR__DB_V_ARTICLE);
			if (!rc)
				rc = article_refs(w, &g.v[i], &g, 1);
		}
	for (size_t i = 0; !rc && i < g.n; i++) {
		const rec *r = &g.v[i];
		int live = withdraw ? r->db : r->db - (DSR__DB_V_WARTICLE - DSR__DB_V_ARTICLE);
		if (live == DSR__DB_V_ARTICLE)
			continue;
		Dpb__Event *ev;
		if ((rc = winner_of(w, r, &g, article, &ev)) || !ev)
			continue;
		dsr__refs_fn refs = refs_of(live);
		if (withdraw) {
			rc = refs ? refs(w, ev, -1) : 0;
			if (!rc)
				rc = move(w, r, &g, DSR__DB_PARKED(live));
		} else {
			rc = move(w, r, &g, live);
			if (!rc && refs)
				rc = refs(w, ev, 1);
		}
		dpb__event__free_unpacked(ev, NULL);
	}
	for (size_t i = 0; !rc && withdraw && i < g.n; i++)
		if (g.v[i].db == DSR__DB_V_ARTICLE && !memcmp(g.v[i].id, article, DSR_ID_LEN)) {
			rc = article_refs(w, &g.v[i], &g, -1);
			if (!rc)
				rc = move(w, &g.v[i], &g, DSR__DB_V_WARTICLE);
		}
	/* its claims' outlets and dates are worked out again */
	if (!rc && !withdraw)
		rc = dsr__prop_article(w, article, false);
	free(g.v);
	dsr_buf_free(&g.vals);
	return rc;
}
