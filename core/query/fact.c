/* fact.c: claims, timeline entries and articles for the client:
 * filters, the analyst's current assessment or amendment folded in, and
 * paging by an opaque cursor (the key to resume at). */
#include "query/impl.h"
#include "model/api.h"
#include "base/api.h"
#include "view/api.h"
#include "confidence.h"
#include "error.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Fact ids gathered from index tables (16 bytes each). */
typedef struct idset {
	uint8_t *v;
	size_t n, cap;
} idset;

static int ids_add(idset *s, const uint8_t *id)
{
	if (s->n == s->cap) {
		size_t nc = s->cap ? s->cap * 2 : 64;
		uint8_t *nv = realloc(s->v, nc * DSR_ID_LEN);
		if (!nv)
			return -ENOMEM;
		s->v = nv;
		s->cap = nc;
	}
	memcpy(s->v + s->n++ * DSR_ID_LEN, id, DSR_ID_LEN);
	return 0;
}

static int id_cmp(const void *a, const void *b)
{
	return memcmp(a, b, DSR_ID_LEN);
}

static void ids_sort_unique(idset *s)
{
	if (!s->n)
		return;
	qsort(s->v, s->n, DSR_ID_LEN, id_cmp);
	size_t o = 1;
	for (size_t i = 1; i < s->n; i++)
		if (memcmp(s->v + i * DSR_ID_LEN, s->v + (o - 1) * DSR_ID_LEN, DSR_ID_LEN))
			memmove(s->v + o++ * DSR_ID_LEN, s->v + i * DSR_ID_LEN, DSR_ID_LEN);
	s->n = o;
}

static bool ids_has(const idset *s, const uint8_t *id)
{
	return s->n && bsearch(id, s->v, s->n, DSR_ID_LEN, id_cmp) != NULL;
}


/* Index tables hold hlc (8) then the id as values. */
static int gather_id(void *ctx, const MDB_val *k, const MDB_val *v)
{
	(void)k;
	if (v->mv_size != 8 + DSR_ID_LEN)
		return 0;
	return ids_add(ctx, (uint8_t *)v->mv_data + 8);
}

/* Fact ids listed under any name of the actor `name` in index table db. */
static int actor_ids(dsr_rtxn *t, int db, const char *name, idset *out)
{
	dsr__keys mem = { DSR_BUF_INIT, 0 };
	char cluster[DSR_NAME_KEY_MAX];
	int rc = dsr__actor_members(t, name, &mem, cluster);
	const char *key = (const char *)mem.b.data;
	for (size_t i = 0; !rc && i < mem.n; i++, key += strlen(key) + 1) {
		rc = dsr__scan_dups(t, db, key, strlen(key), gather_id, out);
	}
	dsr_buf_free(&mem.b);
	ids_sort_unique(out);
	return rc;
}

static int gather_fact(void *ctx, const uint8_t id[DSR_ID_LEN], const MDB_val *v)
{
	(void)v;
	return ids_add(ctx, id);
}

/* The ids of kind db drawn from `article` (its first 8 bytes suffice). */
static int article_ids(dsr_rtxn *t, int db, const uint8_t *article, idset *out)
{
	int rc = dsr__fscan(t->s, t->txn, db, NULL, article, gather_fact, out);
	ids_sort_unique(out);
	return rc;
}

/* ---- claims ------------------------------------------------------------- */

struct claim_walk;
static int claim_step(void *ctx, const uint8_t id[DSR_ID_LEN], const MDB_val *v);

static int claim_info(dsr_rtxn *t, const uint8_t *id, const dsr_claim_filter *f,
		      dsr_judge_cache *jc, dsr_claim_fn fn, void *ctx, bool *sent)
{
	*sent = false;
	Dpb__Event *ev;
	size_t nsup = 0;
	int rc = dsr__fact_winner(t->s, t->txn, DSR__DB_V_CLAIM, id, &ev, &nsup);
	if (rc)
		return rc == DSR_ENOTFOUND ? 0 : rc;
	if (ev->payload_case != DPB__EVENT__PAYLOAD_CLAIM) {
		dpb__event__free_unpacked(ev, NULL);
		return DSR_ECORRUPT;
	}
	const Dpb__ClaimRecorded *c = ev->claim;
	if ((f->stance >= 0 && (int)c->stance != f->stance) ||
	    (f->hedged >= 0 && c->hedged != (f->hedged != 0)) ||
	    (f->article && (c->article.len != DSR_ID_LEN ||
			    memcmp(c->article.data, f->article, DSR_ID_LEN))))
		goto out;
	Dpb__ClaimInfo ci = DPB__CLAIM_INFO__INIT;
	ci.id.data = (uint8_t *)id;
	ci.id.len = DSR_ID_LEN;
	ci.article = c->article;
	ci.source = c->source;
	ci.cue = c->cue;
	ci.content = c->content;
	ci.stance = c->stance;
	ci.hedged = c->hedged;
	ci.about = c->about;
	ci.n_about = c->n_about;
	ci.span = c->span;
	ci.supports = (uint32_t)nsup;
	ci.author = ev->author;
	ci.hlc = ev->hlc;
	ci.source_actor = (char *)"";
	const char *disp = c->source && *c->source ? dsr_judge_display_name(jc, c->source) : NULL;
	if (disp)
		ci.source_actor = (char *)disp;
	MDB_val k = { DSR_ID_LEN, (void *)id }, av;
	Dpb__AssessRec *a = NULL;
	if (mdb_get(t->txn, t->s->dbi[DSR__DB_V_ASSESS], &k, &av) == 0 &&
	    (a = dpb__assess_rec__unpack(NULL, av.mv_size, av.mv_data))) {
		ci.status = a->status;
		ci.reliability = a->reliability;
		ci.credibility = a->credibility;
		ci.status_note = a->status_note;
	}
	dsr_claim_judgement j;
	dsr_buf pub = DSR_BUF_INIT;
	rc = dsr_claim_judge(t, id, ev, &j, jc, NULL, NULL);
	if (!rc) {
		ci.sources = j.sources;
		ci.publishers = j.publishers;
		ci.corroborating = j.corroborating;
		ci.contradicting = j.contradicting;
		ci.confidence = j.confidence;
		ci.likelihood = (char *)j.likelihood;
		if (dsr__publisher(t, c->article, &pub) == 0)
			ci.publisher = (char *)pub.data;
		rc = fn(ctx, &ci);
	}
	dsr_buf_free(&pub);
	*sent = true;
	if (a)
		dpb__assess_rec__free_unpacked(a, NULL);
out:
	dpb__event__free_unpacked(ev, NULL);
	return rc;
}

/* Every claim in id order, a page at a time. */
struct claim_walk {
	dsr_rtxn *t;
	const dsr_claim_filter *f;
	dsr_judge_cache *jc;
	dsr_claim_fn fn;
	void *ctx;
	dsr_buf *next;
	uint32_t limit, sent;
};

static int claim_step(void *ctx, const uint8_t id[DSR_ID_LEN], const MDB_val *v)
{
	(void)v;
	struct claim_walk *cw = ctx;
	if (cw->limit && cw->sent == cw->limit) {
		int rc = cw->next ? dsr_buf_append(cw->next, id, DSR_ID_LEN) : 0;
		return rc ? rc : 1;
	}
	bool s;
	int rc = claim_info(cw->t, id, cw->f, cw->jc, cw->fn, cw->ctx, &s);
	cw->sent += s;
	return rc;
}

int dsr_q_claims(dsr_rtxn *t, const dsr_claim_filter *f, const dsr_page *pg,
		 dsr_buf *next, dsr_claim_fn fn, void *ctx)
{
	static const dsr_claim_filter any = DSR_CLAIM_FILTER_ANY;
	if (!f)
		f = &any;
	if (next)
		next->len = 0;
	idset ids = { 0 }, other = { 0 };
	bool listed = false;
	int rc = 0;
	if (f->about) {
		rc = actor_ids(t, DSR__DB_V_CABOUT, f->about, &ids);
		listed = true;
	}
	if (!rc && f->by) {
		idset *dst = listed ? &other : &ids;
		rc = actor_ids(t, DSR__DB_V_CSRC, f->by, dst);
		if (!rc && listed) {
			size_t o = 0;
			for (size_t i = 0; i < ids.n; i++)
				if (ids_has(&other, ids.v + i * DSR_ID_LEN))
					memmove(ids.v + o++ * DSR_ID_LEN, ids.v + i * DSR_ID_LEN, DSR_ID_LEN);
			ids.n = o;
		}
		listed = true;
	}
	if (!rc && !listed && f->article) {
		rc = article_ids(t, DSR__DB_V_CLAIM, f->article, &ids);
		listed = true;
	}
	if (rc == DSR_ENOTFOUND)
		rc = 0;           /* an unknown actor has no claims */
	uint32_t sent = 0, limit = pg ? pg->limit : 0;
	const uint8_t *from = pg && pg->cursor_len == DSR_ID_LEN ? pg->cursor : NULL;
	dsr_judge_cache *jc = dsr_judge_cache_new(t);
	if (!jc)
		rc = -ENOMEM;
	if (!rc && listed) {
		for (size_t i = 0; !rc && i < ids.n; i++) {
			const uint8_t *id = ids.v + i * DSR_ID_LEN;
			if (from && memcmp(id, from, DSR_ID_LEN) < 0)
				continue;
			MDB_val v;
			if (dsr__fget(t->s, t->txn, DSR__DB_V_CLAIM, id, &v))
				continue;
			if (limit && sent == limit) {
				if (next)
					rc = dsr_buf_append(next, id, DSR_ID_LEN);
				break;
			}
			bool s;
			rc = claim_info(t, id, f, jc, fn, ctx, &s);
			sent += s;
		}
	} else if (!rc) {
		struct claim_walk cw = { t, f, jc, fn, ctx, next, limit, 0 };
		rc = dsr__fscan(t->s, t->txn, DSR__DB_V_CLAIM, from, NULL, claim_step, &cw);
	}
	dsr_judge_cache_free(jc);
	free(ids.v);
	free(other.v);
	return rc;
}

/* ---- timeline ----------------------------------------------------------- */

struct tl_item {
	uint8_t key[8 + DSR_ID_LEN];   /* as v.tdate orders: date, id */
};

static int tl_cmp(const void *a, const void *b)
{
	return memcmp(a, b, 8 + DSR_ID_LEN);
}


/* The inclusive bounds as sort keys; "2014-11" as an upper bound means the
 * end of November. */
static uint64_t bound(const char *d, bool upper)
{
	if (!d || !*d)
		return upper ? UINT64_MAX : 0;
	uint64_t k = dsr__date_sortkey(d);
	if (!upper)
		return k;
	size_t n = strlen(d);
	if (n == 4)
		return k + 12312359 - 1010000;      /* to Dec 31 23:59 */
	if (n == 7)
		return k + 302359;                  /* to day 31 23:59 */
	if (n == 10)
		return k + 2359;
	return k;
}

static int entry_info(dsr_rtxn *t, const uint8_t *id, const dsr_entry_filter *f,
		      dsr_entry_fn fn, void *ctx, bool *sent)
{
	*sent = false;
	Dpb__Event *ev;
	int rc = dsr__fact_winner(t->s, t->txn, DSR__DB_V_ENTRY, id, &ev, NULL);
	if (rc)
		return rc == DSR_ENOTFOUND ? 0 : rc;
	if (ev->payload_case != DPB__EVENT__PAYLOAD_ENTRY) {
		dpb__event__free_unpacked(ev, NULL);
		return DSR_ECORRUPT;
	}
	MDB_val k = { DSR_ID_LEN, (void *)id }, v;
	Dpb__AmendRec *a = NULL;
	if (mdb_get(t->txn, t->s->dbi[DSR__DB_V_AMEND], &k, &v) == 0)
		a = dpb__amend_rec__unpack(NULL, v.mv_size, v.mv_data);
	const Dpb__EntryRecorded *e = ev->entry;
	Dpb__EntryInfo ei = DPB__ENTRY_INFO__INIT;
	ei.id.data = (uint8_t *)id;
	ei.id.len = DSR_ID_LEN;
	ei.date = a && a->date && *a->date ? a->date : e->date;
	ei.precision = a && a->date && *a->date ? a->precision : e->precision;
	ei.text = e->text;
	ei.actors = e->actors;
	ei.n_actors = e->n_actors;
	ei.article = e->article;
	ei.span = e->span;
	ei.removed = a && a->removed;
	ei.author = ev->author;
	if ((!ei.removed || f->removed) &&
	    (!f->article || (e->article.len == DSR_ID_LEN &&
			     !memcmp(e->article.data, f->article, DSR_ID_LEN)))) {
		rc = fn(ctx, &ei);
		*sent = true;
	}
	if (a)
		dpb__amend_rec__free_unpacked(a, NULL);
	dpb__event__free_unpacked(ev, NULL);
	return rc;
}

/* Where an entry stands in v.tdate: its date's sort key, then its id. */
static int entry_sortkey(dsr_rtxn *t, const uint8_t *id, uint8_t key[8 + DSR_ID_LEN])
{
	Dpb__Event *ev;
	int rc = dsr__fact_winner(t->s, t->txn, DSR__DB_V_ENTRY, id, &ev, NULL);
	if (rc)
		return rc;
	const char *date = ev->payload_case == DPB__EVENT__PAYLOAD_ENTRY ? ev->entry->date : NULL;
	MDB_val k = { DSR_ID_LEN, (void *)id }, v;
	Dpb__AmendRec *a = NULL;
	if (mdb_get(t->txn, t->s->dbi[DSR__DB_V_AMEND], &k, &v) == 0 &&
	    (a = dpb__amend_rec__unpack(NULL, v.mv_size, v.mv_data)) && a->date && *a->date)
		date = a->date;
	dsr__put_be64(key, dsr__date_sortkey(date));
	memcpy(key + 8, id, DSR_ID_LEN);
	if (a)
		dpb__amend_rec__free_unpacked(a, NULL);
	dpb__event__free_unpacked(ev, NULL);
	return 0;
}

int dsr_q_timeline(dsr_rtxn *t, const dsr_entry_filter *f, const dsr_page *pg,
		   dsr_buf *next, dsr_entry_fn fn, void *ctx)
{
	static const dsr_entry_filter any = { 0 };
	if (!f)
		f = &any;
	if (next)
		next->len = 0;
	uint64_t lo = bound(f->from, false), hi = bound(f->to, true);
	uint32_t sent = 0, limit = pg ? pg->limit : 0;
	uint8_t start[8 + DSR_ID_LEN] = { 0 };
	dsr__put_be64(start, lo);
	if (pg && pg->cursor_len == sizeof start && memcmp(pg->cursor, start, sizeof start) > 0)
		memcpy(start, pg->cursor, sizeof start);
	int rc = 0;
	if (f->actor || f->article) {
		/* Gather the entries, then order them as v.tdate would. */
		idset ids = { 0 };
		rc = f->actor ? actor_ids(t, DSR__DB_V_TACTOR, f->actor, &ids)
			      : article_ids(t, DSR__DB_V_ENTRY, f->article, &ids);
		if (rc == DSR_ENOTFOUND)
			rc = 0;
		struct tl_item *items = calloc(ids.n + 1, sizeof *items);
		size_t ni = 0;
		if (!items)
			rc = -ENOMEM;
		for (size_t i = 0; !rc && i < ids.n; i++) {
			const uint8_t *id = ids.v + i * DSR_ID_LEN;
			if (entry_sortkey(t, id, items[ni].key))
				continue;
			ni++;
		}
		if (ni)
			qsort(items, ni, sizeof *items, tl_cmp);
		for (size_t i = 0; !rc && i < ni; i++) {
			uint64_t sk = dsr__get_be64(items[i].key);
			if (sk < lo || sk > hi || memcmp(items[i].key, start, sizeof start) < 0)
				continue;
			if (limit && sent == limit) {
				if (next)
					rc = dsr_buf_append(next, items[i].key, sizeof items[i].key);
				break;
			}
			bool s;
			rc = entry_info(t, items[i].key + 8, f, fn, ctx, &s);
			sent += s;
		}
		free(items);
		free(ids.v);
		return rc;
	}
	MDB_cursor *c;
	if ((rc = dsr__mdb_err(mdb_cursor_open(t->txn, t->s->dbi[DSR__DB_V_TDATE], &c))))
		return rc;
	/* Position at (date, id) of the start, then walk dates and ids. */
	MDB_val k = { 8, start }, v = { DSR_ID_LEN, start + 8 };
	int r = mdb_cursor_get(c, &k, &v, MDB_GET_BOTH_RANGE);
	if (r == MDB_NOTFOUND) {
		k.mv_size = 8;
		k.mv_data = start;
		r = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE);
		if (r == 0 && k.mv_size == 8 && memcmp(k.mv_data, start, 8) == 0)
			r = mdb_cursor_get(c, &k, &v, MDB_NEXT_NODUP);
	}
	for (; !rc && r == 0; r = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
		if (k.mv_size != 8 || v.mv_size != DSR_ID_LEN)
			continue;
		uint64_t sk = dsr__get_be64(k.mv_data);
		if (sk > hi)
			break;
		if (limit && sent == limit) {
			if (next && !(rc = dsr_buf_append(next, k.mv_data, 8)))
				rc = dsr_buf_append(next, v.mv_data, DSR_ID_LEN);
			break;
		}
		bool s;
		rc = entry_info(t, v.mv_data, f, fn, ctx, &s);
		sent += s;
	}
	mdb_cursor_close(c);
	return rc;
}

/* ---- articles ----------------------------------------------------------- */

static int count_one(void *ctx, const uint8_t id[DSR_ID_LEN], const MDB_val *v)
{
	(void)id;
	(void)v;
	(*(uint32_t *)ctx)++;
	return 0;
}

/* How many facts of kind db were drawn from the article. */
static uint32_t count_prefix(dsr_rtxn *t, int db, const uint8_t *article)
{
	uint32_t n = 0;
	dsr__fscan(t->s, t->txn, db, NULL, article, count_one, &n);
	return n;
}

static int article_info(dsr_rtxn *t, const uint8_t *id, const MDB_val *v,
			dsr_article_fn fn, void *ctx)
{
	Dpb__ArticleRec *r = dpb__article_rec__unpack(NULL, v->mv_size, v->mv_data);
	if (!r || !r->article) {
		if (r)
			dpb__article_rec__free_unpacked(r, NULL);
		return DSR_ECORRUPT;
	}
	Dpb__ArticleInfo ai = DPB__ARTICLE_INFO__INIT;
	ai.id.data = (uint8_t *)id;
	ai.id.len = DSR_ID_LEN;
	ai.title = r->article->title;
	ai.publisher = r->article->publisher;
	ai.url = r->article->url;
	ai.published = r->article->published;
	ai.bytes = r->bytes;
	ai.actors = count_prefix(t, DSR__DB_V_MENTION, id);
	ai.claims = count_prefix(t, DSR__DB_V_CLAIM, id);
	ai.entries = count_prefix(t, DSR__DB_V_ENTRY, id);
	uint8_t full[DSR_ORIGIN_LEN];
	uint32_t idx;
	if (r->n_supports &&
	    dsr__origin_by_prefix(t->s, t->txn, r->supports[r->n_supports - 1]->origin,
				  full, &idx) == 0) {
		ai.origin.data = full;
		ai.origin.len = DSR_ORIGIN_LEN;
		ai.seq = r->supports[r->n_supports - 1]->seq;
	}
	int rc = fn(ctx, &ai);
	dpb__article_rec__free_unpacked(r, NULL);
	return rc;
}

struct article_walk {
	dsr_rtxn *t;
	dsr_article_fn fn;
	void *ctx;
	dsr_buf *next;
	uint32_t limit, sent;
};

static int article_step(void *ctx, const uint8_t id[DSR_ID_LEN], const MDB_val *v)
{
	struct article_walk *aw = ctx;
	if (aw->limit && aw->sent == aw->limit) {
		int rc = aw->next ? dsr_buf_append(aw->next, id, DSR_ID_LEN) : 0;
		return rc ? rc : 1;
	}
	aw->sent++;
	return article_info(aw->t, id, v, aw->fn, aw->ctx);
}

int dsr_q_articles(dsr_rtxn *t, const dsr_page *pg, dsr_buf *next,
		   dsr_article_fn fn, void *ctx)
{
	if (next)
		next->len = 0;
	const uint8_t *from = pg && pg->cursor_len == DSR_ID_LEN ? pg->cursor : NULL;
	struct article_walk aw = { t, fn, ctx, next, pg ? pg->limit : 0, 0 };
	return dsr__fscan(t->s, t->txn, DSR__DB_V_ARTICLE, from, NULL, article_step, &aw);
}

int dsr_q_article(dsr_rtxn *t, const uint8_t id[DSR_ID_LEN], dsr_article_fn fn,
		  void *ctx)
{
	MDB_val v;
	int rc = dsr__fget(t->s, t->txn, DSR__DB_V_ARTICLE, id, &v);
	if (rc)
		return rc;
	return article_info(t, id, &v, fn, ctx);
}
