/* reasoning.c: how a claim's or a proposition's confidence comes about, for
 * `dossier why` (docs/curation.md, "Confidence"): the claim's weight step
 * by step (model/weight.c), the proposition's support for and against it
 * with its heaviest reports, and the figure, each step of it.
 *
 * It reads what the views keep (view/prop.c): the claim's contribution
 * (v.cprop), the proposition (v.prop) and its reports (v.psub).  The cost
 * is the proposition's distinct reports, never the claims behind them. */
#include "query/impl.h"
#include "confidence.h"
#include "base/api.h"
#include "model/api.h"
#include "view/api.h"
#include "error.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* v.psub keys: prop(16) type(1) stance(1) value; see view/prop.c */
#define SUB_REPORT 'r'   /* report(8) -> PropSubRec {claims, heaviest} */
#define SUB_WEIGHT 'w'   /* report(8) claim(16) -> weight (4 BE) */

/* The heaviest reports shown each side. */
#define REASON_REPORTS 10

struct rep {
	uint8_t report[8];
	uint32_t n, max;
};

struct reps {
	struct rep *v;
	size_t n, cap;
};

static int add_rep(void *ctx, const MDB_val *k, const MDB_val *v)
{
	struct reps *r = ctx;
	if (k->mv_size != DSR_ID_LEN + 2 + 8)
		return 0;
	Dpb__PropSubRec *s = dpb__prop_sub_rec__unpack(NULL, v->mv_size, v->mv_data);
	if (!s)
		return DSR_ECORRUPT;
	if (r->n == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 16;
		struct rep *nv = realloc(r->v, cap * sizeof *nv);
		if (!nv) {
			dpb__prop_sub_rec__free_unpacked(s, NULL);
			return -ENOMEM;
		}
		r->v = nv;
		r->cap = cap;
	}
	memcpy(r->v[r->n].report, (const uint8_t *)k->mv_data + DSR_ID_LEN + 2, 8);
	r->v[r->n].n = s->n;
	r->v[r->n].max = s->max;
	r->n++;
	dpb__prop_sub_rec__free_unpacked(s, NULL);
	return 0;
}

/* Heaviest first, then by report key: the same order on every replica. */
static int rep_cmp(const void *a, const void *b)
{
	const struct rep *x = a, *y = b;
	if (x->max != y->max)
		return x->max > y->max ? -1 : 1;
	return memcmp(x->report, y->report, 8);
}

struct heaviest {
	uint8_t claim[DSR_ID_LEN];
	uint32_t w;
	bool any;
};

static int heavier(void *ctx, const MDB_val *k, const MDB_val *v)
{
	struct heaviest *h = ctx;
	if (k->mv_size != DSR_ID_LEN + 2 + 8 + DSR_ID_LEN || v->mv_size != 4)
		return 0;
	uint32_t w = dsr__get_be32(v->mv_data);
	if (!h->any || w > h->w) {
		memcpy(h->claim, (const uint8_t *)k->mv_data + DSR_ID_LEN + 2 + 8, DSR_ID_LEN);
		h->w = w;
		h->any = true;
	}
	return 0;
}

/* The contribution a claim made to its proposition (free it). */
static int cprop_get(dsr_rtxn *t, const uint8_t *claim, Dpb__ClaimPropRec **out)
{
	MDB_val k = { DSR_ID_LEN, (void *)claim }, v;
	int rc = dsr__mdb_err(mdb_get(t->txn, t->s->dbi[DSR__DB_V_CPROP], &k, &v));
	if (rc)
		return rc;
	*out = dpb__claim_prop_rec__unpack(NULL, v.mv_size, v.mv_data);
	if (*out && (*out)->prop.len == DSR_ID_LEN)
		return 0;
	if (*out)
		dpb__claim_prop_rec__free_unpacked(*out, NULL);
	*out = NULL;
	return DSR_ECORRUPT;
}

/* A cluster's display name, or the key itself; "" for none. */
static char *display(dsr_rtxn *t, const char *cluster, int *rc)
{
	dsr_buf b = DSR_BUF_INIT;
	if (!cluster || !*cluster)
		return strdup("");
	int r = dsr__cluster_display(t, cluster, &b);
	if (r == DSR_ENOTFOUND)
		r = dsr_buf_puts(&b, cluster) || dsr_buf_cstr(&b) ? -ENOMEM : 0;
	if (r) {
		*rc = r;
		dsr_buf_free(&b);
		return NULL;
	}
	return (char *)b.data;
}

/* Everything a Reasoning points to, to free at once. */
struct hold {
	char *strs[64];
	size_t nstrs;
	Dpb__ReasonReport rr[2][REASON_REPORTS];
	Dpb__ReasonReport *rrp[2][REASON_REPORTS];
	uint8_t rclaim[2][REASON_REPORTS][DSR_ID_LEN];
	char *about[32];
	char *steps[DSR__WEIGHT_STEPS];
	char *verdict[4];
	dsr__weight_steps ws;
};

static char *keep(struct hold *h, char *s)
{
	if (s && h->nstrs < sizeof h->strs / sizeof h->strs[0])
		h->strs[h->nstrs++] = s;
	else if (s) {
		free(s);
		return (char *)"";
	}
	return s;
}

static char *fmt(struct hold *h, const char *f, unsigned a, unsigned b)
{
	char buf[160];
	snprintf(buf, sizeof buf, f, a, b);
	return keep(h, strdup(buf));
}

/* The heaviest reports of one side. */
static int side(dsr_rtxn *t, struct hold *h, const uint8_t *prop, int stance,
		Dpb__Reasoning *r)
{
	uint8_t pfx[DSR_ID_LEN + 2 + 8];
	memcpy(pfx, prop, DSR_ID_LEN);
	pfx[DSR_ID_LEN] = SUB_REPORT;
	pfx[DSR_ID_LEN + 1] = (uint8_t)stance;
	struct reps reps = { 0 };
	int rc = dsr__scan_prefix(t, DSR__DB_V_PSUB, pfx, DSR_ID_LEN + 2, add_rep, &reps);
	if (!rc && reps.n)
		qsort(reps.v, reps.n, sizeof *reps.v, rep_cmp);
	size_t n = 0;
	for (size_t i = 0; !rc && i < reps.n && n < REASON_REPORTS; i++) {
		Dpb__ReasonReport *o = &h->rr[stance][n];
		dpb__reason_report__init(o);
		o->weight = reps.v[i].max;
		o->claims = reps.v[i].n;
		o->source = (char *)"";
		pfx[DSR_ID_LEN] = SUB_WEIGHT;
		memcpy(pfx + DSR_ID_LEN + 2, reps.v[i].report, 8);
		struct heaviest hv = { { 0 }, 0, false };
		rc = dsr__scan_prefix(t, DSR__DB_V_PSUB, pfx, sizeof pfx, heavier, &hv);
		if (!rc && hv.any) {
			memcpy(h->rclaim[stance][n], hv.claim, DSR_ID_LEN);
			o->claim.data = h->rclaim[stance][n];
			o->claim.len = DSR_ID_LEN;
			Dpb__ClaimPropRec *c = NULL;
			if (!(rc = cprop_get(t, hv.claim, &c))) {
				o->source = keep(h, display(t, c->source, &rc));
				dpb__claim_prop_rec__free_unpacked(c, NULL);
			} else if (rc == DSR_ENOTFOUND) {
				rc = 0;
			}
		}
		h->rrp[stance][n] = o;
		n++;
	}
	free(reps.v);
	if (stance) {
		r->opposing = h->rrp[1];
		r->n_opposing = n;
	} else {
		r->supporting = h->rrp[0];
		r->n_supporting = n;
	}
	return rc;
}

/* The claim's part: its weight step by step, and its verdict. */
static int claim_part(dsr_rtxn *t, struct hold *h, const uint8_t *claim,
		      const Dpb__ClaimPropRec *c, const Dpb__PropRec *p, Dpb__Reasoning *r)
{
	Dpb__Event *ev = NULL;
	int rc = dsr__fact_winner(t->s, t->txn, DSR__DB_V_CLAIM, claim, &ev, NULL);
	if (rc)
		return rc;
	if (ev->payload_case != DPB__EVENT__PAYLOAD_CLAIM) {
		dpb__event__free_unpacked(ev, NULL);
		return DSR_ECORRUPT;
	}
	Dpb__AssessRec *as = NULL;
	MDB_val k = { DSR_ID_LEN, (void *)claim }, v;
	if (mdb_get(t->txn, t->s->dbi[DSR__DB_V_ASSESS], &k, &v) == 0 &&
	    !(as = dpb__assess_rec__unpack(NULL, v.mv_size, v.mv_data)))
		rc = DSR_ECORRUPT;
	bool self = p->kind == 1 && c->stance == 1 && c->source && *c->source &&
		    !strcmp(c->source, p->responsible);
	if (!rc) {
		dsr__claim_weight(ev->claim, as, self, &h->ws);
		for (size_t i = 0; i < h->ws.n; i++)
			h->steps[i] = h->ws.v[i];
		r->weight_steps = h->steps;
		r->n_weight_steps = h->ws.n;
		r->weight = c->weight;
		r->claim.data = (uint8_t *)claim;
		r->claim.len = DSR_ID_LEN;
		r->stance = (char *)(c->stance ? "denies" : "asserts");
		/* from the proposition's figure to the claim's */
		uint32_t pc = r->proposition_confidence, cc = c->stance ? 100 - pc : pc;
		size_t nv = 0;
		h->verdict[nv++] = c->stance
			? fmt(h, "a denial: 100 - %u = %u", pc, cc)
			: fmt(h, "it asserts the proposition: %u", pc, 0);
		int status = as ? (int)as->status : 0;
		if (status == DPB__CLAIM_STATUS__STATUS_CONFIRMED && cc < 90)
			h->verdict[nv++] = fmt(h, "confirmed by an analyst: at least 90 -> %u", cc = 90, 0);
		else if (status == DPB__CLAIM_STATUS__STATUS_DISPUTED && cc > 30)
			h->verdict[nv++] = fmt(h, "disputed by an analyst: at most 30 -> %u", cc = 30, 0);
		else if (status == DPB__CLAIM_STATUS__STATUS_RETRACTED)
			h->verdict[nv++] = fmt(h, "retracted: %u", cc = 0, 0);
		r->verdict = h->verdict;
		r->n_verdict = nv;
		r->confidence = cc;
		r->likelihood = (char *)dsr_likelihood(cc);
	}
	if (as)
		dpb__assess_rec__free_unpacked(as, NULL);
	dpb__event__free_unpacked(ev, NULL);
	return rc;
}

int dsr_q_reasoning(dsr_rtxn *t, const uint8_t id[DSR_ID_LEN], dsr_reason_fn fn, void *ctx)
{
	Dpb__ClaimPropRec *c = NULL;
	uint8_t prop[DSR_ID_LEN];
	int rc = cprop_get(t, id, &c);
	if (rc == DSR_ENOTFOUND)
		memcpy(prop, id, DSR_ID_LEN);          /* a proposition, perhaps */
	else if (rc)
		return rc;
	else
		memcpy(prop, c->prop.data, DSR_ID_LEN);
	Dpb__PropRec *p = NULL;
	if ((rc = dsr__prop_get(t, prop, &p))) {
		if (c)
			dpb__claim_prop_rec__free_unpacked(c, NULL);
		return rc;
	}
	struct hold *h = calloc(1, sizeof *h);
	if (!h) {
		rc = -ENOMEM;
		goto out;
	}
	Dpb__Reasoning r = DPB__REASONING__INIT;
	r.proposition.data = prop;
	r.proposition.len = DSR_ID_LEN;
	r.kind = (char *)(p->kind == 1 ? "attribution" : "statement");
	if (p->kind == 1) {
		r.responsible = keep(h, display(t, p->responsible, &rc));
		r.target = keep(h, display(t, p->target, &rc));
		r.act = p->act;
	}
	size_t na = 0;
	for (size_t i = 0; !rc && i < p->n_about && na < 32; i++)
		if ((h->about[na] = keep(h, display(t, p->about[i], &rc))))
			na++;
	r.about = h->about;
	r.n_about = na;
	r.reports_for = p->n_reports > 0 ? p->reports[0] : 0;
	r.reports_against = p->n_reports > 1 ? p->reports[1] : 0;
	r.weight_for = p->n_weight > 0 ? p->weight[0] : 0;
	r.weight_against = p->n_weight > 1 ? p->weight[1] : 0;
	r.pull_for = dsr_confidence_pull(r.weight_for);
	r.pull_against = dsr_confidence_pull(r.weight_against);
	r.proposition_confidence = dsr_prop_confidence(r.weight_for, r.weight_against);
	r.confidence = r.proposition_confidence;
	r.likelihood = (char *)dsr_likelihood(r.confidence);
	if (!rc)
		rc = side(t, h, prop, 0, &r);
	if (!rc)
		rc = side(t, h, prop, 1, &r);
	if (!rc && c)
		rc = claim_part(t, h, id, c, p, &r);
	if (!rc)
		rc = fn(ctx, &r);
out:
	if (h) {
		for (size_t i = 0; i < h->nstrs; i++)
			free(h->strs[i]);
		free(h);
	}
	if (c)
		dpb__claim_prop_rec__free_unpacked(c, NULL);
	dpb__prop_rec__free_unpacked(p, NULL);
	return rc;
}
