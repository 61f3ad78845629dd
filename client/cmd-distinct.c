/* cmd-distinct.c: `dossier distinct NAME NAME`: the two names denote
 * different actors, whatever the extractor found (a split). */
#include "curate.h"

static int distinct_exec(int argc, char **argv)
{
	return judge_run(argc, argv, DPB__VERDICT__VERDICT_DISTINCT);
}

const struct dsr_cmd cmd_distinct_entry = {
	.name = "distinct",
	.usage = "NAME NAME [--note TEXT] [--author NAME]",
	.summary = "judge two names to be different actors (split an actor)",
	.help =
"Records that the two names denote different actors.  When they were one\n"
"actor, it splits: no link the extractor found joins them any more (an\n"
"analyst's merge still would).  `dossier unmerge` with the same names\n"
"withdraws the judgement.\n"
"\n"
"  --note TEXT   why (shown by dossier why)\n"
"\n",
	.exec = distinct_exec,
};
