/* opts.c: the options every `dossier` command takes, merged with each
 * command's own into one getopt_long table. */
#include "client.h"
#include "cmd.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct copts copts;

const char copts_help[] =
"Connection (every command):\n"
"  --socket PATH       dossierd's Unix socket ($DOSSIER_SOCKET; default\n"
"                      DATA/dossierd.sock, DATA as for dossierd --data;\n"
"                      without it and $DOSSIER_DATA, the system service's\n"
"                      " DOSSIER_SYSTEM_SOCKET ")\n"
"  --connect HOST:PORT dossierd over TCP ($DOSSIER_CONNECT); the token comes\n"
"                      from --token-file, $DOSSIER_TOKEN, $DOSSIER_TOKEN_FILE\n"
"                      or DATA/token\n"
"  --token-file PATH   file holding dossierd's TCP token\n"
"  --author NAME       the analyst recorded on the events you write\n"
"                      ($DOSSIER_AUTHOR, `author = NAME` in\n"
"                      $XDG_CONFIG_HOME/dossier/config, else your login name)\n"
"  --json              JSON output instead of a table\n";

enum {
	OPT_SOCKET = 0x1000,
	OPT_CONNECT,
	OPT_TOKEN_FILE,
	OPT_JSON,
	OPT_AUTHOR,
};

static const struct option common[] = {
	{ "socket", required_argument, NULL, OPT_SOCKET },
	{ "connect", required_argument, NULL, OPT_CONNECT },
	{ "token-file", required_argument, NULL, OPT_TOKEN_FILE },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "author", required_argument, NULL, OPT_AUTHOR },
};

uint64_t copts_u64(const char *cmd, const char *opt, const char *s)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || !*s || *end || *s == '-') {
		fprintf(stderr, "dossier %s: %s wants a number, not '%s'\n", cmd, opt, s);
		exit(DSR_EXIT_USAGE);
	}
	return v;
}

int copts_parse(int argc, char **argv, const struct option *own,
		int (*fn)(int c, const char *arg, void *ctx), void *ctx,
		int *first_arg)
{
	size_t n = 0;
	while (own && own[n].name)
		n++;
	size_t nc = sizeof common / sizeof common[0];
	struct option *all = xcalloc(n + nc + 1, sizeof *all);
	memcpy(all, own, n * sizeof *all);
	memcpy(all + n, common, sizeof common);
	optind = 0;  /* full re-initialisation (glibc) */
	opterr = 1;
	int c, rc = 0;
	/* '+': stop at the first operand?  No: options may follow operands
	 * ("dossier actor GOP --json"), as users expect. */
	while ((c = getopt_long(argc, argv, ":", all, NULL)) != -1) {
		switch (c) {
		case OPT_SOCKET: copts.socket = optarg; break;
		case OPT_CONNECT: copts.connect = optarg; break;
		case OPT_TOKEN_FILE: copts.token_file = optarg; break;
		case OPT_JSON: copts.json = true; break;
		case OPT_AUTHOR: copts.author = optarg; break;
		case '?':
			fprintf(stderr, "dossier %s: unknown option '%s' (see dossier %s --help)\n",
				argv[0], argv[optind - 1], argv[0]);
			rc = DSR_EXIT_USAGE;
			goto out;
		case ':':
			fprintf(stderr, "dossier %s: option '%s' needs a value\n",
				argv[0], argv[optind - 1]);
			rc = DSR_EXIT_USAGE;
			goto out;
		default:
			if ((rc = fn(c, optarg, ctx)) != 0)
				goto out;
		}
	}
	*first_arg = optind;
out:
	free(all);
	return rc;
}
