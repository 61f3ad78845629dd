/* weight.c: how much one claim weighs for or against what it states
 * (docs/curation.md, "Confidence"): who says it, how firmly, and how the
 * analysts graded it, in per mille.  The views sum these weights per
 * proposition (view/prop.c); `dossier why` shows each step (query/reasoning.c),
 * so both read the one rule here. */
#include "model/api.h"

#include <stdio.h>

static void step(dsr__weight_steps *st, uint64_t w, const char *fmt, const char *what)
{
	if (!st || st->n == DSR__WEIGHT_STEPS)
		return;
	snprintf(st->v[st->n], sizeof st->v[st->n], fmt, what);
	size_t n = 0;
	while (st->v[st->n][n])
		n++;
	snprintf(st->v[st->n] + n, sizeof st->v[st->n] - n, " -> %u", (unsigned)w);
	st->n++;
}

uint32_t dsr__claim_weight(const Dpb__ClaimRecorded *cl, const Dpb__AssessRec *as,
			   bool self_denial, dsr__weight_steps *st)
{
	static const uint32_t cred[7] = { 100, 150, 125, 100, 60, 30, 100 };
	static const char *const cred_x[7] = { "", "1.5", "1.25", "1", "0.6", "0.3", "1" };
	static const uint32_t rel[6] = { 120, 110, 100, 80, 50, 100 };
	static const char *const rel_x[6] = { "1.2", "1.1", "1", "0.8", "0.5", "1" };
	char what[64];
	uint64_t w;
	if (st)
		st->n = 0;
	if (!cl->source || !*cl->source) {
		w = 500;
		step(st, w, "%s", "no named source");
	} else if (cl->source_kind == DPB__ACTOR_KIND__KIND_GOVERNMENT ||
		   cl->source_kind == DPB__ACTOR_KIND__KIND_COUNTRY) {
		w = 1000;
		step(st, w, "%s", "an official source (a government or a country)");
	} else {
		w = 800;
		step(st, w, "%s", "a named source");
	}
	if (cl->hedged) {
		w = w / 2;
		step(st, w, "%s", "hedged: x 1/2");
	}
	if (self_denial) {
		w = w / 2;
		step(st, w, "%s", "denied by the actor it says is responsible: x 1/2");
	}
	if (as) {
		if (as->credibility >= 1 && as->credibility <= 6) {
			w = w * cred[as->credibility] / 100;
			snprintf(what, sizeof what, "credibility %u: x %s", as->credibility,
				 cred_x[as->credibility]);
			step(st, w, "%s", what);
		}
		if (as->reliability && as->reliability[0] >= 'A' && as->reliability[0] <= 'F') {
			int r = as->reliability[0] - 'A';
			w = w * rel[r] / 100;
			snprintf(what, sizeof what, "reliability %c: x %s", 'A' + r, rel_x[r]);
			step(st, w, "%s", what);
		}
		switch (as->status) {
		case DPB__CLAIM_STATUS__STATUS_RETRACTED:
			w = 0;
			step(st, w, "%s", "retracted: x 0");
			break;
		case DPB__CLAIM_STATUS__STATUS_DISPUTED:
			w = w / 4;
			step(st, w, "%s", "disputed: x 1/4");
			break;
		case DPB__CLAIM_STATUS__STATUS_CONFIRMED:
			w = w * 2;
			step(st, w, "%s", "confirmed: x 2");
			break;
		case DPB__CLAIM_STATUS__STATUS_NONE:
		case _DPB__CLAIM_STATUS_IS_INT_SIZE:
			break;
		}
	}
	return w > 100000 ? 100000 : (uint32_t)w;
}
