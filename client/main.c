/* main.c: `dossier`, the command-line client: global options, dispatch to
 * the command table (cmd-table.c), and the overall help. */
#include "client.h"
#include "cmd.h"

#include <stdio.h>
#include <string.h>

void dsr_cmd_help(const struct dsr_cmd *cmd)
{
	printf("usage: dossier %s %s\n\n%s\n\n%s", cmd->name, cmd->usage,
	       cmd->summary, cmd->help);
	if (cmd->help_more)
		cmd->help_more();
	if (strcmp(cmd->name, "extract"))
		printf("%s\nExit codes: see dossier --help.\n", copts_help);
}

static void usage(FILE *f)
{
	fprintf(f, "usage: dossier [--socket PATH | --connect HOST:PORT] COMMAND [ARGS]\n\n"
		   "Commands:\n");
	for (const struct dsr_cmd *const *c = dsr_cmd_table; *c; c++)
		fprintf(f, "  %-10s %s\n", (*c)->name, (*c)->summary);
	fprintf(f, "\n`dossier COMMAND --help` describes one command.\n\n%s", copts_help);
	fprintf(f, "\nEnvironment: DOSSIER_SOCKET, DOSSIER_CONNECT, DOSSIER_TOKEN,\n"
		   "DOSSIER_TOKEN_FILE, DOSSIER_DATA (the data directory whose socket\n"
		   "and token are the defaults), DOSSIER_AUTHOR (recorded on your\n"
		   "events; else `author = NAME` in $XDG_CONFIG_HOME/dossier/config,\n"
		   "else your login name).\n"
		   "\nExit codes: 0 success, 1 the request failed, 2 bad usage,\n"
		   "3 cannot reach or authenticate to dossierd (or it closed the\n"
		   "connection), 4 not found, 5 unreadable or invalid input.\n");
}

/* Options given before the command: the connection and --json. */
static int global_opt(int argc, char **argv, int *i)
{
	const char *a = argv[*i];
	const char **slot = !strcmp(a, "--socket") ? &copts.socket :
			    !strcmp(a, "--connect") ? &copts.connect :
			    !strcmp(a, "--token-file") ? &copts.token_file :
			    !strcmp(a, "--author") ? &copts.author : NULL;
	if (!strcmp(a, "--json")) {
		copts.json = true;
		return 1;
	}
	if (!slot)
		return 0;
	if (*i + 1 >= argc) {
		fprintf(stderr, "dossier: %s needs a value\n", a);
		return -1;
	}
	*slot = argv[++*i];
	return 1;
}

int main(int argc, char **argv)
{
	int i = 1;
	for (; i < argc && argv[i][0] == '-' && argv[i][1] == '-' && argv[i][2]; i++) {
		int r = global_opt(argc, argv, &i);
		if (r < 0)
			return DSR_EXIT_USAGE;
		if (r == 0)
			break;
	}
	if (i >= argc) {
		usage(stderr);
		return DSR_EXIT_USAGE;
	}
	if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h") ||
	    !strcmp(argv[i], "help")) {
		usage(stdout);
		return DSR_EXIT_OK;
	}
	for (const struct dsr_cmd *const *c = dsr_cmd_table; *c; c++) {
		if (strcmp((*c)->name, argv[i]) == 0) {
			for (int k = i + 1; k < argc; k++) {
				if (!strcmp(argv[k], "--"))
					break;
				if (!strcmp(argv[k], "--help") || !strcmp(argv[k], "-h")) {
					dsr_cmd_help(*c);
					return DSR_EXIT_OK;
				}
			}
			return (*c)->exec(argc - i, argv + i);
		}
	}
	fprintf(stderr, "dossier: unknown command '%s' (try 'dossier --help')\n", argv[i]);
	return DSR_EXIT_USAGE;
}
