/* claims.c: `dossier claims`: the claims about or by an actor, or of an
 * article, with the analyst's current assessment folded in and the figures
 * of their proposition (corroboration.c), paged by an opaque cursor (the key
 * to resume at). */
#include "query/impl.h"
#include "view/api.h"
#include "confidence.h"
#include "error.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>


/* ---- which claims: the filter's actors and proposition ---------------------- */

/* An actor of the filter: the name keys of its cluster, and its keys in
 * v.cabout and v.csrc (dsr__claim_key) for the stances and hedging the
 * filter asks for. */
struct who {
	dsr__keys mem;
	char (*ck)[DSR__CLAIM_KEY_MAX];
	MDB_val *k;
	size_t n;
};

static int who_of(dsr_rtxn *t, const char *name, const dsr_claim_filter *f, struct who *w)
{
	char cluster[DSR_NAME_KEY_MAX];
	int rc = dsr__actor_members(t, name, &w->mem, cluster);
	if (rc)
		return rc;
	if (!(w->k = calloc(4 * w->mem.n + 1, sizeof *w->k)) ||
	    !(w->ck = calloc(4 * w->mem.n + 1, sizeof *w->ck)))
		return -ENOMEM;
	const char *key = (const char *)w->mem.b.data;
	for (size_t i = 0; i < w->mem.n; i++, key += strlen(key) + 1)
		for (int fl = 0; fl < 4; fl++) {
			bool denies = fl & 2, hedged = fl & 1;
			if ((f->stance >= 0 && denies != (f->stance == DPB__STANCE__STANCE_DENIES)) ||
			    (f->hedged >= 0 && hedged != (f->hedged != 0)))
				continue;
			w->k[w->n].mv_size = dsr__claim_key(w->ck[w->n], key, denies, hedged);
			w->k[w->n].mv_data = w->ck[w->n];
			w->n++;
		}
	return 0;
}

static void who_free(struct who *w)
{
	dsr_buf_free(&w->mem.b);
	free(w->k);
	free(w->ck);
}

/* Whether a name (as a claim writes it) is one of the actor's. */
static bool who_has(const struct who *w, const char *name)
{
	char key[DSR_NAME_KEY_MAX];
	if (!name || !*name || !dsr_name_key(name, strlen(name), key, sizeof key))
		return false;
	const char *m = (const char *)w->mem.b.data;
	for (size_t i = 0; i < w->mem.n; i++, m += strlen(m) + 1)
		if (!strcmp(m, key))
			return true;
	return false;
}

/* The walks a query can take: an index in filing order, or all claims (or
 * an article's) in id order.  A cursor is the claim id to resume at in id
 * order (16 bytes), or the walk (1 byte) and the index item to resume at
 * (25 bytes). */
enum { WALK_ALL, WALK_ABOUT, WALK_BY, WALK_PROP };

struct cq {
	dsr_rtxn *t;
	const dsr_claim_filter *f;
	struct who about, by;
	int walk;
	dsr__namecache *jc;       /* source names met: their actors */
	dsr_claim_fn fn;
	void *ctx;
	dsr_buf *next;
	uint32_t limit, sent;
	int rc;
};

/* The filters the walk does not answer, on the claim's winning event. */
static bool claim_matches(const struct cq *q, const uint8_t *id, const Dpb__ClaimRecorded *c)
{
	if (q->f->about && q->walk != WALK_ABOUT) {
		bool hit = who_has(&q->about, c->responsible) || who_has(&q->about, c->target);
		for (size_t i = 0; !hit && i < c->n_about; i++)
			hit = who_has(&q->about, c->about[i]);
		if (!hit)
			return false;
	}
	if (q->f->by && q->walk != WALK_BY && !who_has(&q->by, c->source))
		return false;
	if (q->f->proposition && q->walk != WALK_PROP) {
		MDB_val k = { DSR_ID_LEN, (void *)id }, v;
		if (mdb_get(q->t->txn, q->t->s->dbi[DSR__DB_V_CPROP], &k, &v))
			return false;
		Dpb__ClaimPropRec *r = dpb__claim_prop_rec__unpack(NULL, v.mv_size, v.mv_data);
		bool same = r && r->prop.len == DSR_ID_LEN &&
			    !memcmp(r->prop.data, q->f->proposition, DSR_ID_LEN);
		if (r)
			dpb__claim_prop_rec__free_unpacked(r, NULL);
		return same;
	}
	return true;
}

/* The claim as a row, when it passes the filter. */
static int claim_info(dsr_rtxn *t, const uint8_t *id, struct cq *q, bool *sent)
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
	const dsr_claim_filter *f = q->f;
	if (!claim_matches(q, id, c) ||
	    (f->stance >= 0 && (int)c->stance != f->stance) ||
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
	ci.responsible = c->responsible;
	ci.act = c->act;
	ci.act_class = c->act_class;
	ci.target = c->target;
	ci.supports = (uint32_t)nsup;
	ci.author = ev->author;
	ci.hlc = ev->hlc;
	ci.source_actor = (char *)"";
	const char *disp = c->source && *c->source ? dsr__namecache_display(t, q->jc, c->source) : NULL;
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
	rc = dsr_claim_judge(t, id, c->stance, ci.status, &j);
	if (rc == DSR_ENOTFOUND) {
		/* no proposition (a claim of a quarantined origin cannot be
		 * here): its own figures */
		memset(&j, 0, sizeof j);
		j.confidence = 50;
		j.likelihood = dsr_likelihood(50);
		rc = 0;
	}
	if (!rc) {
		ci.proposition.data = j.proposition;
		ci.proposition.len = DSR_ID_LEN;
		ci.sources = j.sources;
		ci.publishers = j.publishers;
		ci.corroborating = j.corroborating;
		ci.contradicting = j.contradicting;
		ci.confidence = j.confidence;
		ci.likelihood = (char *)j.likelihood;
		if (dsr__publisher(t, c->article, &pub) == 0)
			ci.publisher = (char *)pub.data;
		rc = q->fn(q->ctx, &ci);
	}
	dsr_buf_free(&pub);
	*sent = true;
	if (a)
		dpb__assess_rec__free_unpacked(a, NULL);
out:
	dpb__event__free_unpacked(ev, NULL);
	return rc;
}

/* One claim of the walk: a row, or the cursor when the page is full. */
static int cq_claim(struct cq *q, const uint8_t *id, const uint8_t *resume, size_t rlen)
{
	if (q->limit && q->sent == q->limit) {
		int rc = 0;
		if (q->next && q->walk != WALK_ALL)
			rc = dsr_buf_putc(q->next, (char)q->walk) ? -ENOMEM : 0;
		if (q->next && !rc)
			rc = dsr_buf_append(q->next, resume, rlen) ? -ENOMEM : 0;
		return rc ? rc : 1;
	}
	bool s;
	int rc = claim_info(q->t, id, q, &s);
	q->sent += s;
	return rc;
}

static int cq_item(void *ctx, const uint8_t item[8 + DSR_ID_LEN])
{
	return cq_claim(ctx, item + 8, item, 8 + DSR_ID_LEN);
}

static int cq_fact(void *ctx, const uint8_t id[DSR_ID_LEN], const MDB_val *v)
{
	(void)v;
	return cq_claim(ctx, id, id, DSR_ID_LEN);
}

int dsr_q_claims(dsr_rtxn *t, const dsr_claim_filter *f, const dsr_page *pg,
		 dsr_buf *next, dsr_claim_fn fn, void *ctx)
{
	static const dsr_claim_filter any = DSR_CLAIM_FILTER_ANY;
	if (!f)
		f = &any;
	if (next)
		next->len = 0;
	struct cq q;
	memset(&q, 0, sizeof q);
	q.t = t;
	q.f = f;
	q.fn = fn;
	q.ctx = ctx;
	q.next = next;
	q.limit = pg ? pg->limit : 0;
	if (!(q.jc = dsr__namecache_new()))
		return -ENOMEM;
	int rc = 0;
	if (f->about)
		rc = who_of(t, f->about, f, &q.about);
	if (!rc && f->by)
		rc = who_of(t, f->by, f, &q.by);
	if (rc) {
		/* an unknown actor has no claims */
		who_free(&q.about);
		who_free(&q.by);
		dsr__namecache_free(q.jc);
		return rc == DSR_ENOTFOUND ? 0 : rc;
	}
	/* The walk: the cursor's, else the index with the fewest items. */
	MDB_val prop = { DSR_ID_LEN, (void *)f->proposition };
	struct { int walk, db; const MDB_val *k; size_t n; } cand[3] = {
		{ WALK_PROP, DSR__DB_V_PCLAIM, &prop, f->proposition ? 1 : 0 },
		{ WALK_BY, DSR__DB_V_CSRC, q.by.k, q.by.n },
		{ WALK_ABOUT, DSR__DB_V_CABOUT, q.about.k, q.about.n },
	};
	bool given[3] = { f->proposition != NULL, f->by != NULL, f->about != NULL };
	const uint8_t *from = NULL;
	size_t from_len = 0;
	q.walk = WALK_ALL;
	if (pg && pg->cursor_len == DSR_ID_LEN) {
		from = pg->cursor;
		from_len = DSR_ID_LEN;
	} else if (pg && pg->cursor_len == 1 + 8 + DSR_ID_LEN && pg->cursor[0] > WALK_ALL &&
		   pg->cursor[0] <= WALK_PROP) {
		q.walk = pg->cursor[0];
		from = pg->cursor + 1;
		from_len = pg->cursor_len - 1;
	} else if (pg && pg->cursor_len) {
		rc = DSR_EINVAL;            /* not a cursor of this query */
	} else {
		size_t best = SIZE_MAX;
		for (int i = 0; i < 3; i++) {
			if (!given[i])
				continue;
			size_t n = dsr__index_count(t, cand[i].db, cand[i].k, cand[i].n);
			if (n < best) {
				best = n;
				q.walk = cand[i].walk;
			}
		}
	}
	if (rc) {
		/* nothing */
	} else if (q.walk != WALK_ALL) {
		int i = q.walk == WALK_PROP ? 0 : q.walk == WALK_BY ? 1 : 2;
		if (!given[i] || (from && from_len != 8 + DSR_ID_LEN))
			rc = DSR_EINVAL;    /* a cursor of another query */
		else
			rc = dsr__index_walk(t, cand[i].db, cand[i].k, cand[i].n, from, cq_item, &q);
	} else if (from && from_len != DSR_ID_LEN) {
		rc = DSR_EINVAL;
	} else if (f->article) {
		/* an article's claims: its facts, in id order */
		dsr__idset ids = { 0 };
		rc = dsr__article_ids(t, DSR__DB_V_CLAIM, f->article, &ids);
		for (size_t i = 0; !rc && i < ids.n; i++) {
			const uint8_t *id = ids.v + i * DSR_ID_LEN;
			if (!from || memcmp(id, from, DSR_ID_LEN) >= 0)
				rc = cq_claim(&q, id, id, DSR_ID_LEN);
		}
		free(ids.v);
		rc = rc > 0 ? 0 : rc;
	} else {
		rc = dsr__fscan(t->s, t->txn, DSR__DB_V_CLAIM, from, NULL, cq_fact, &q);
	}
	dsr__namecache_free(q.jc);
	who_free(&q.about);
	who_free(&q.by);
	return rc > 0 ? 0 : rc;
}
