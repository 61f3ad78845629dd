/* cmd-dispute.c: `dossier dispute CLAIM`: set a claim's status to disputed. */
#include "curate.h"

static int dispute_exec(int argc, char **argv)
{
	return assess_run(argc, argv, DPB__CLAIM_STATUS__STATUS_DISPUTED);
}

const struct dsr_cmd cmd_dispute_entry = {
	.name = "dispute",
	.usage = "CLAIM [--note TEXT] [--author NAME]",
	.summary = "dispute a claim: you doubt it",
	.help =
"Marks the claim disputed (its confidence becomes at most 30).\n"
"CLAIM is a claim's hex id as dossier claims prints it, or a unique\n"
"beginning of one.  The status is one value per claim: the latest edit\n"
"wins (confirm, dispute, retract), and an edit that loses to another\n"
"analyst's is listed by dossier conflicts.  Prints the claim's standing\n"
"after the edit.\n"
"\n"
"  --note TEXT   why (shown by dossier why and in exports)\n"
"\n",
	.exec = dispute_exec,
};
