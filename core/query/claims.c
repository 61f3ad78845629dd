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

/* Display names of source actors, for the length of one query. */
typedef struct names {
	char **name, **disp;
	size_t n, cap;
} names;

static const char *display(dsr_rtxn *t, names *nc, const char *name)
{
	for (size_t i = 0; i < nc->n; i++)
		if (!strcmp(nc->name[i], name))
			return nc->disp[i];
	dsr_buf b = DSR_BUF_INIT;
	if (dsr__display_name(t, name, &b) || !b.data) {
		dsr_buf_free(&b);
		return NULL;
	}
	if (nc->n == nc->cap) {
		size_t cap = nc->cap ? 2 * nc->cap : 16;
		char **a = realloc(nc->name, cap * sizeof *a);
		if (a)
			nc->name = a;
		char **d = a ? realloc(nc->disp, cap * sizeof *d) : NULL;
		if (d)
			nc->disp = d;
		if (!a || !d) {
			dsr_buf_free(&b);
			return NULL;
		}
		nc->cap = cap;
	}
	char *n = strdup(name);
	if (!n) {
		dsr_buf_free(&b);
		return NULL;
	}
	nc->name[nc->n] = n;
	nc->disp[nc->n] = (char *)b.data;
	return nc->disp[nc->n++];
}

static void names_free(names *nc)
{
	for (size_t i = 0; i < nc->n; i++) {
		free(nc->name[i]);
		free(nc->disp[i]);
	}
	free(nc->name);
	free(nc->disp);
}

struct claim_walk;
static int claim_step(void *ctx, const uint8_t id[DSR_ID_LEN], const MDB_val *v);

/* v.pclaim items: hlc(8) claim id */
static int gather_claim(void *ctx, const MDB_val *k, const MDB_val *v)
{
	(void)k;
	if (v->mv_size != 8 + DSR_ID_LEN)
		return 0;
	return dsr__ids_add(ctx, (const uint8_t *)v->mv_data + 8);
}

static int claim_info(dsr_rtxn *t, const uint8_t *id, const dsr_claim_filter *f,
		      names *jc, dsr_claim_fn fn, void *ctx, bool *sent)
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
	ci.responsible = c->responsible;
	ci.act = c->act;
	ci.act_class = c->act_class;
	ci.target = c->target;
	ci.supports = (uint32_t)nsup;
	ci.author = ev->author;
	ci.hlc = ev->hlc;
	ci.source_actor = (char *)"";
	const char *disp = c->source && *c->source ? display(t, jc, c->source) : NULL;
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
	names *jc;
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
	dsr__idset ids = { 0 }, other = { 0 };
	bool listed = false;
	int rc = 0;
	if (f->about) {
		rc = dsr__actor_ids(t, DSR__DB_V_CABOUT, f->about, &ids);
		listed = true;
	}
	if (!rc && f->by) {
		dsr__idset *dst = listed ? &other : &ids;
		rc = dsr__actor_ids(t, DSR__DB_V_CSRC, f->by, dst);
		if (!rc && listed) {
			size_t o = 0;
			for (size_t i = 0; i < ids.n; i++)
				if (dsr__ids_has(&other, ids.v + i * DSR_ID_LEN))
					memmove(ids.v + o++ * DSR_ID_LEN, ids.v + i * DSR_ID_LEN, DSR_ID_LEN);
			ids.n = o;
		}
		listed = true;
	}
	if (!rc && f->proposition) {
		dsr__idset *dst = listed ? &other : &ids;
		other.n = 0;
		rc = dsr__scan_dups(t, DSR__DB_V_PCLAIM, f->proposition, DSR_ID_LEN,
				    gather_claim, dst);
		dsr__ids_sort_unique(dst);
		if (!rc && listed) {
			size_t o = 0;
			for (size_t i = 0; i < ids.n; i++)
				if (dsr__ids_has(&other, ids.v + i * DSR_ID_LEN))
					memmove(ids.v + o++ * DSR_ID_LEN, ids.v + i * DSR_ID_LEN, DSR_ID_LEN);
			ids.n = o;
		}
		listed = true;
	}
	if (!rc && !listed && f->article) {
		rc = dsr__article_ids(t, DSR__DB_V_CLAIM, f->article, &ids);
		listed = true;
	}
	if (rc == DSR_ENOTFOUND)
		rc = 0;           /* an unknown actor has no claims */
	uint32_t sent = 0, limit = pg ? pg->limit : 0;
	const uint8_t *from = pg && pg->cursor_len == DSR_ID_LEN ? pg->cursor : NULL;
	names nc = { NULL, NULL, 0, 0 }, *jc = &nc;
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
	names_free(&nc);
	free(ids.v);
	free(other.v);
	return rc;
}
