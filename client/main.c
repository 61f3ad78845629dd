/* main.c: `dossier`, the command-line client: global options, dispatch to
 * the command table (cmd-table.c), and the overall help. */
#include "client.h"
#include "cmd.h"
#include "suggest.h"

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
	fprintf(f, "usage: dossier [--socket PATH | --connect HOST:PORT] COMMAND [ARGS]\n"
		   "       dossier --version\n\n"
		   "Commands:\n");
	for (const struct dsr_cmd *const *c = dsr_cmd_table; *c; c++)
		fprintf(f, "  %-10s %s\n", (*c)->name, (*c)->summary);
	fprintf(f, "\n`dossier COMMAND --help` describes one command.\n\n%s", copts_help);
	fprintf(f, "\nEnvironment: DOSSIER_SOCKET, DOSSIER_CONNECT, DOSSIER_TOKEN,\n"
		   "DOSSIER_TOKEN_FILE, DOSSIER_DATA (the data directory whose socket\n"
		   "and token are the defaults), DOSSIER_AUTHOR (recorded on your\n"
		   "events; else `author = NAME` in $XDG_CONFIG_HOME/dossier/config,\n"
		   "else your login name).\n"
		   "\nIds: wherever a command takes an article, claim or timeline entry\n"
		   "id, any beginning of it of 4 hex digits or more will do if no other\n"
		   "id begins so; when several do, they are listed and the exit is 2.\n"
		   "\nExit codes: 0 success, 1 the request failed, 2 bad usage (an\n"
		   "unknown command or option, a date that is no date, an id prefix\n"
		   "that is too short or ambiguous), 3 cannot reach or authenticate to\n"
		   "dossierd (or it closed the connection), 4 not found (an id, or an\n"
		   "actor a filter names), 5 unreadable or invalid input.  With --json,\n"
		   "errors go to stderr as one JSON object, {\"error\": {\"command\",\n"
		   "\"exit\", \"kind\", \"message\", \"details\", \"candidates\"}}, with the\n"
		   "same exit codes; other messages as {\"notice\": ...} lines.\n");
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

/* "did you mean ...?" for a command typed wrong. */
static void suggest_command(const char *typed)
{
	struct suggest s;
	suggest_init(&s, typed);
	for (const struct dsr_cmd *const *c = dsr_cmd_table; *c; c++)
		suggest_offer(&s, (*c)->name, NULL);
	suggest_print(&s, stderr, "");
	suggest_free(&s);
}

/* Whether --json is among the options (before a "--"): errors are then
 * JSON from the very first one. */
static bool wants_json(int argc, char **argv)
{
	for (int k = 1; k < argc; k++) {
		if (!strcmp(argv[k], "--"))
			return false;
		if (!strcmp(argv[k], "--json"))
			return true;
	}
	return false;
}

int main(int argc, char **argv)
{
	int i = 1;
	if (wants_json(argc, argv))
		errout_json_begin();
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
	if (!strcmp(argv[i], "--version") || !strcmp(argv[i], "-V")) {
		printf("dossier %s\n", DOSSIER_VERSION);
		return DSR_EXIT_OK;
	}
	errout_command(argv[i]);
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
	if (argv[i][0] == '-')
		fprintf(stderr, "dossier: unknown option '%s' (try 'dossier --help')\n", argv[i]);
	else
		fprintf(stderr, "dossier: unknown command '%s' (try 'dossier --help')\n", argv[i]);
	suggest_command(argv[i]);
	return DSR_EXIT_USAGE;
}
