/* cmd-export.c: `dossier export --format json|stix|csv|dot|svg [-o FILE]
 * [--tlp LEVEL]`:
 * the knowledge base in other tools' formats (docs/export.md).  dossierd
 * builds the document from one read snapshot and streams it in chunks;
 * this writes them out as they come.  SVG is the DOT graph rendered by
 * Graphviz's `dot`, run here on the analyst's machine, where Graphviz is
 * installed or not: the daemon need not have it.
 *
 * With -o the document goes to a temporary file beside FILE, renamed over
 * it only once complete (exportout.c).
 *
 * --tlp marks a STIX export with a TLP 2.0 marking definition.  A daemon
 * older than the option ignores it, so the first chunk is checked for the
 * marking before anything is written: an unmarked export is never passed
 * off as a marked one. */
#include "client.h"
#include "cmd.h"
#include "export.h"
#include "exportout.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

struct xargs {
	const char *format;
	const char *output;
	const char *tlp;
};

static int opt(int c, const char *arg, void *ctx)
{
	struct xargs *a = ctx;
	switch (c) {
	case 'f': a->format = arg; return 0;
	case 'o': a->output = arg; return 0;
	case 't': a->tlp = arg; return 0;
	}
	return DSR_EXIT_USAGE;
}

/* Graphviz's dot on $PATH, into path; false when absent. */
static bool find_dot(char *path, size_t n)
{
	const char *p = getenv("PATH");
	if (!p || !*p)
		p = "/usr/bin:/bin";
	while (*p) {
		size_t len = strcspn(p, ":");
		snprintf(path, n, "%.*s/dot", (int)len, len ? p : ".");
		if (access(path, X_OK) == 0)
			return true;
		p += len + (p[len] == ':');
	}
	return false;
}

/* Starts `dot -Tsvg` reading a pipe (returned) and writing to fd out. */
static int start_dot(const char *dot, int out, pid_t *pid)
{
	int pfd[2];
	if (pipe(pfd) < 0)
		return -1;
	*pid = fork();
	if (*pid < 0) {
		close(pfd[0]);
		close(pfd[1]);
		return -1;
	}
	if (*pid == 0) {
		dup2(pfd[0], 0);
		dup2(out, 1);
		close(pfd[0]);
		close(pfd[1]);
		execl(dot, "dot", "-Tsvg", (char *)NULL);
		fprintf(stderr, "dossier export: cannot run %s: %s\n", dot, strerror(errno));
		_exit(127);
	}
	close(pfd[0]);
	return pfd[1];
}

static int export_exec(int argc, char **argv)
{
	static const struct option own[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "tlp", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	/* The common parser takes long options only; -o is what everyone
	 * types for an output file. */
	char **av = xcalloc((size_t)argc + 1, sizeof *av);
	for (int i = 0; i < argc; i++)
		av[i] = !strcmp(argv[i], "-o") ? (char *)"--output" : argv[i];
	struct xargs a = { "json", NULL, NULL };
	int first, rc = copts_parse(argc, av, own, opt, &a, &first);
	if (!rc && first != argc) {
		fprintf(stderr, "dossier export: unexpected argument '%s'\n", av[first]);
		rc = DSR_EXIT_USAGE;
	}
	free(av);
	if (rc)
		return rc;
	bool svg = !strcmp(a.format, "svg");
	if (!svg && dsr_export_format(a.format) < 0) {
		fprintf(stderr, "dossier export: --format is ");
		for (int f = 0; f < DSR_EXPORT_NFORMATS; f++)
			fprintf(stderr, "%s, ", dsr_export_formats[f].name);
		fprintf(stderr, "or svg; not '%s'\n", a.format);
		return DSR_EXIT_USAGE;
	}
	/* "AMBER", "TLP:AMBER" and "amber" are the same level. */
	char tlp[32] = "";
	if (a.tlp) {
		const char *v = strncasecmp(a.tlp, "tlp:", 4) ? a.tlp : a.tlp + 4;
		size_t i = 0;
		for (; v[i] && i + 1 < sizeof tlp; i++)
			tlp[i] = (char)tolower((unsigned char)v[i]);
		tlp[i] = 0;
	}
	if (a.tlp && (dsr_tlp_level(tlp) <= DSR_TLP_NONE)) {
		fprintf(stderr, "dossier export: --tlp is clear, green, amber, amber+strict or "
			"red; not '%s'\n", a.tlp);
		return DSR_EXIT_USAGE;
	}
	if (a.tlp && strcmp(a.format, "stix") && strcmp(a.format, "misp")) {
		fprintf(stderr, "dossier export: --tlp marks a STIX or MISP export (--format "
			"stix or misp) only\n");
		return DSR_EXIT_USAGE;
	}
	char dot[PATH_MAX];
	if (svg && !find_dot(dot, sizeof dot)) {
		fprintf(stderr, "dossier export: --format svg needs Graphviz's dot, which is not "
			"on PATH (Debian: apt install graphviz); --format dot gives the graph to "
			"render elsewhere\n");
		return DSR_EXIT_ERROR;
	}

	struct xout xo;
	if ((rc = xout_open(&xo, "export", a.output)))
		return rc;
	struct dcl *d = dcl_open("export");
	pid_t pid = -1;
	int sink = xo.fd;
	if (svg && (sink = start_dot(dot, xo.fd, &pid)) < 0) {
		fprintf(stderr, "dossier export: cannot start %s: %s\n", dot, strerror(errno));
		rc = DSR_EXIT_ERROR;
	}
	uint64_t total = 0;
	if (!rc) {
		/* dot may exit early on bad input: a write to it then fails
		 * with EPIPE instead of killing us. */
		signal(SIGPIPE, SIG_IGN);
		Dpb__Export x = DPB__EXPORT__INIT;
		x.format = (char *)(svg ? "dot" : a.format);
		x.tlp = a.tlp ? tlp : (char *)"";
		/* The marking's name, as the bundle's first object carries it. */
		char mark[64] = "";
		if (a.tlp)
			snprintf(mark, sizeof mark, strcmp(a.format, "misp") ? "\"tlp_2_0\":\"%s\"" :
				 "\"tlp:%s\"", tlp);
		rc = xout_receive(d, "export", &x, mark, sink, &total);
	}
	dcl_close(d);
	if (pid > 0) {
		close(sink);
		int st;
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
		if (!rc && (!WIFEXITED(st) || WEXITSTATUS(st) != 0)) {
			fprintf(stderr, "dossier export: dot could not render the graph\n");
			rc = DSR_EXIT_ERROR;
		}
	}
	return xout_close(&xo, rc, total, svg ? "dot (rendered as svg)" : a.format);
}

/* One format of the help: its name and what it holds, wrapped. */
static void help_format(const char *name, const char *what, bool dflt)
{
	/* the names in a column as wide as the widest */
	int width = 3;
	for (int f = 0; f < DSR_EXPORT_NFORMATS; f++)
		if ((int)strlen(dsr_export_formats[f].name) > width)
			width = (int)strlen(dsr_export_formats[f].name);
	printf("  %-*s ", width, name);
	size_t start = (size_t)width + 3, col = start;
	const char *w = what;
	while (*w) {
		size_t n = strcspn(w, " ");
		if (col > start && col + 1 + n > 78) {
			printf("\n%*s", (int)start, "");
			col = start;
		} else if (col > start) {
			putchar(' ');
			col++;
		}
		printf("%.*s", (int)n, w);
		col += n;
		w += n;
		w += strspn(w, " ");
	}
	printf("%s\n", dflt ? " (default)" : "");
}

/* The formats come from the core's table (export.h), and svg is made
 * here from dot. */
static void export_help_more(void)
{
	for (int f = 0; f < DSR_EXPORT_NFORMATS; f++)
		help_format(dsr_export_formats[f].name, dsr_export_formats[f].what,
			    f == DSR_EXPORT_JSON);
	help_format("svg", "the same graph rendered by Graphviz's dot (must be installed)",
		    false);
	printf("\n"
	       "  --format F       one of the above\n"
	       "  -o, --output F   write to F (replaced only once the export is complete)\n"
	       "  --tlp LEVEL      mark every object of a STIX export with a TLP 2.0\n"
	       "                   marking: clear, green, amber, amber+strict or red\n"
	       "                   (any case, TLP: before it or not)\n"
	       "\n");
}

const struct dsr_cmd cmd_export_entry = {
	.name = "export",
	.usage = "[--format FORMAT] [-o FILE] [--tlp LEVEL]",
	.summary = "export the knowledge base: JSON, STIX 2.1, CSV timeline, graph",
	.help =
"Writes the whole knowledge base, as it stands when the export begins, to\n"
"stdout or FILE (docs/export.md), in one of these formats:\n"
"\n",
	.help_more = export_help_more,
	.exec = export_exec,
};
