/* cmd-confirm.c: `dossier confirm CLAIM`: set a claim's status to confirmed. */
#include "curate.h"

static int confirm_exec(int argc, char **argv)
{
	return assess_run(argc, argv, DPB__CLAIM_STATUS__STATUS_CONFIRMED);
}

const struct dsr_cmd cmd_confirm_entry = {
	.name = "confirm",
	.usage = "CLAIM [--note TEXT] [--author NAME]",
	.summary = "confirm a claim: you hold it true",
	.help =
"Marks the claim confirmed (its confidence becomes at least 90).\n"
"CLAIM is a claim's hex id as dossier claims prints it, or a unique\n"
"beginning of one.  The status is one value per claim: the latest edit\n"
"wins (confirm, dispute, retract), and an edit that loses to another\n"
"analyst's is listed by dossier conflicts.  Prints the claim's standing\n"
"after the edit.\n"
"\n"
"  --note TEXT   why (shown by dossier why and in exports)\n"
"\n",
	.exec = confirm_exec,
};
