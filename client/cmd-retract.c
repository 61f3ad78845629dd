/* cmd-retract.c: `dossier retract CLAIM`: set a claim's status to retracted. */
#include "curate.h"

static int retract_exec(int argc, char **argv)
{
	return assess_run(argc, argv, DPB__CLAIM_STATUS__STATUS_RETRACTED);
}

const struct dsr_cmd cmd_retract_entry = {
	.name = "retract",
	.usage = "CLAIM [--note TEXT] [--author NAME]",
	.summary = "retract a claim: it was withdrawn or never made",
	.help =
"Marks the claim retracted (its confidence becomes 0): its source took it\n"
"back, or the extractor read a claim that the article does not make.\n"
"CLAIM is a claim's hex id as dossier claims prints it, or a unique\n"
"beginning of one.  The status is one value per claim: the latest edit\n"
"wins (confirm, dispute, retract), and an edit that loses to another\n"
"analyst's is listed by dossier conflicts.  Prints the claim's standing\n"
"after the edit.\n"
"\n"
"  --note TEXT   why (shown by dossier why and in exports)\n"
"\n",
	.exec = retract_exec,
};
