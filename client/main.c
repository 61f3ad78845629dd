/* main.c: `dossier`, the command-line client: dispatches to the command
 * table (cmd-table.c) and prints the overall help. */
#include "cmd.h"

#include <stdio.h>
#include <string.h>

void dsr_cmd_help(const struct dsr_cmd *cmd)
{
	printf("usage: dossier %s %s\n\n%s\n\n%s", cmd->name, cmd->usage,
	       cmd->summary, cmd->help);
}

static void usage(FILE *f)
{
	fprintf(f, "usage: dossier [--socket PATH | --connect HOST:PORT] COMMAND [ARGS]\n\n"
		   "Commands:\n");
	for (const struct dsr_cmd *const *c = dsr_cmd_table; *c; c++)
		fprintf(f, "  %-10s %s\n", (*c)->name, (*c)->summary);
	fprintf(f, "\n`dossier COMMAND --help` describes one command.\n\n"
		   "Exit codes: 0 success, 1 the request failed, 2 bad usage,\n"
		   "3 cannot reach or authenticate to dossierd, 4 not found,\n"
		   "5 unreadable or invalid input.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return DSR_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout);
		return DSR_EXIT_OK;
	}
	for (const struct dsr_cmd *const *c = dsr_cmd_table; *c; c++) {
		if (strcmp((*c)->name, argv[1]) == 0) {
			for (int i = 2; i < argc; i++) {
				if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
					dsr_cmd_help(*c);
					return DSR_EXIT_OK;
				}
			}
			return (*c)->exec(argc - 1, argv + 1);
		}
	}
	fprintf(stderr, "dossier: unknown command '%s' (try 'dossier --help')\n", argv[1]);
	return DSR_EXIT_USAGE;
}
