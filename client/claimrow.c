/* claimrow.c: a claim as a table row, the same in `dossier claims` and
 * `dossier actor`: who says what, and what the knowledge base derives
 * about it (docs/curation.md): independent sources and outlets, claims
 * corroborating and contradicting it, and the confidence with its ICD 203
 * words, beside the analyst's status and grade. */
#include "claimrow.h"
#include "list.h"

#include <stdio.h>

const char *const claim_cols[CLAIM_NCOLS] = {
	"ID", "SOURCE:24", "CUE:14", "STANCE", "CONTENT:60", "ABOUT:24",
	"SOURCES", "CORR", "CONTRA", "CONFIDENCE:28", "STATUS", "GRADE",
};

void claim_row(struct table *t, const Dpb__ClaimInfo *c)
{
	static const char *const status[] = { "", "confirmed", "disputed", "retracted" };
	char stance[32], srcs[48], conf[64], grade[8];
	const char *src = c->source_actor[0] ? c->source_actor :
			  c->source[0] ? c->source : "(unattributed)";
	snprintf(stance, sizeof stance, "%s%s", c->stance ? "denies" : "asserts",
		 c->hedged ? ", hedged" : "");
	/* "2 (3 outlets)": independent sources, and outlets carrying it. */
	snprintf(srcs, sizeof srcs, "%u (%u outlet%s)", c->sources, c->publishers,
		 c->publishers == 1 ? "" : "s");
	snprintf(conf, sizeof conf, "%u %s", c->confidence, c->likelihood);
	snprintf(grade, sizeof grade, "%s%.0u", c->reliability, c->credibility);
	table_add(t, hexs(c->id.data, c->id.len, 0), src, c->cue, stance, c->content,
		  join(c->about, c->n_about), srcs, num(c->corroborating),
		  num(c->contradicting), conf, c->status <= 3 ? status[c->status] : "?", grade);
}
