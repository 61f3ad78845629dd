/* cmd-unmerge.c: `dossier unmerge NAME NAME`: withdraw a judgement on the
 * pair (verdict NONE), undoing a merge. */
#include "curate.h"

static int unmerge_exec(int argc, char **argv)
{
	return judge_run(argc, argv, DPB__VERDICT__VERDICT_NONE);
}

const struct dsr_cmd cmd_unmerge_entry = {
	.name = "unmerge",
	.usage = "NAME NAME [--note TEXT] [--author NAME]",
	.summary = "withdraw a merge (or distinct) judgement on two names",
	.help =
"Withdraws the judgement in force on this pair of names (a merge, or a\n"
"distinct): the actors are again what the extractor and the other\n"
"judgements make them.  Give the same two names as the merge.  If the\n"
"extractor itself links the names they stay one actor, and the command\n"
"says so; `dossier distinct` separates them whatever the extractor found.\n"
"\n"
"  --note TEXT   why (shown by dossier why)\n"
"\n",
	.exec = unmerge_exec,
};
