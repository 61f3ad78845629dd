/* cmd-extract.c: `dossier extract` (placeholder until the extractor lands). */
#include "cmd.h"
#include <stdio.h>
static int extract_exec(int argc, char **argv)
{
	(void)argc; (void)argv;
	fprintf(stderr, "dossier extract: not implemented yet\n");
	return DSR_EXIT_ERROR;
}
const struct dsr_cmd cmd_extract_entry = {
	.name = "extract", .usage = "[OPTIONS] FILE",
	.summary = "show the facts the extractor finds in an article",
	.help = "Not implemented yet.\n", .exec = extract_exec,
};
