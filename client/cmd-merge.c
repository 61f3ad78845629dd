/* cmd-merge.c: `dossier merge NAME NAME`: the two names denote one actor. */
#include "curate.h"

static int merge_exec(int argc, char **argv)
{
	return judge_run(argc, argv, DPB__VERDICT__VERDICT_SAME);
}

const struct dsr_cmd cmd_merge_entry = {
	.name = "merge",
	.usage = "NAME NAME [--note TEXT] [--author NAME]",
	.summary = "judge two names to be one actor (undo: unmerge)",
	.help =
"Records that the two names denote the same actor: their actors become one,\n"
"with every name of both.  NAME is any name an actor is known by (see\n"
"dossier actors); both must exist.  The judgement is an event in the log,\n"
"attributed to you (--author); `dossier unmerge` with the same two names\n"
"withdraws it, and the latest judgement on a pair of names is the one in\n"
"force (docs/curation.md).  Prints where the two names ended up.\n"
"\n"
"  --note TEXT   why (shown by dossier why)\n"
"\n",
	.exec = merge_exec,
};
