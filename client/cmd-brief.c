/* cmd-brief.c: `dossier brief [--about ACTOR | --act TEXT] [--since DATE]
 * [--format md|html] [-o FILE]`: the incident brief an analyst can send
 * (docs/brief.md) — key judgments in estimative language, what is
 * disputed, the timeline, the actors, analysts' notes and grades, every
 * sentence cited to the articles behind it.  dossierd makes it from one
 * read snapshot as an export (formats brief_md and brief_html) and streams
 * it; this writes it out as it comes (exportout.c). */
#include "cmd.h"
#include "datecheck.h"
#include "exportout.h"
#include "suggest.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct args {
	const char *about, *act, *since, *format, *output, *css;
	bool reader;
};

static int opt(int c, const char *arg, void *ctx)
{
	struct args *a = ctx;
	switch (c) {
	case 'a': a->about = arg; return 0;
	case 'A': a->act = arg; return 0;
	case 's': a->since = arg; return 0;
	case 'f': a->format = arg; return 0;
	case 'o': a->output = arg; return 0;
	case 'c': a->css = arg; return 0;
	case 'r': a->reader = true; return 0;
	}
	return DSR_EXIT_USAGE;
}

/* True when every word of `act` is in `s`, in any case (as the core
 * matches them: export/brief_doc.c). */
static bool act_in(const char *act, const char *s)
{
	while (*act) {
		act += strspn(act, " \t");
		size_t n = strcspn(act, " \t");
		if (!n)
			break;
		bool hit = false;
		for (const char *p = s; *p && !hit; p++)
			hit = !strncasecmp(p, act, n);
		if (!hit)
			return false;
		act += n;
	}
	return true;
}

/* --act that no attribution row names: a warning with the acts near it
 * (the brief may still hold events that name it). */
static int check_act(struct dcl *d, const char *act)
{
	Dpb__QueryAttribution q = DPB__QUERY_ATTRIBUTION__INIT;
	q.about = (char *)"";
	Dpb__Request rq = DPB__REQUEST__INIT;
	rq.body_case = DPB__REQUEST__BODY_ATTRIBUTION;
	rq.attribution = &q;
	Dpb__Response *rs = dcl_call(d, &rq);
	int rc = dcl_check("brief", rs, DPB__RESPONSE__BODY_ATTRIBUTION);
	if (!rc) {
		const Dpb__AttributionList *l = rs->attribution;
		bool found = false;
		struct suggest s;
		suggest_init(&s, act);
		s.max = 1000;         /* an act is a phrase: offer the nearest */
		for (size_t i = 0; i < l->n_rows && !found; i++) {
			const Dpb__AttributionInfo *a = l->rows[i];
			found = act_in(act, a->act) || act_in(act, a->act_class) ||
				act_in(act, a->target) || act_in(act, a->responsible);
			suggest_offer(&s, a->act, NULL);
		}
		if (!found) {
			fprintf(stderr, "dossier brief: --act: no attribution names an act "
				"with \"%s\" (the brief holds the events that do)\n", act);
			suggest_print(&s, stderr, "\"");
		}
		suggest_free(&s);
	}
	dpb__response__free_unpacked(rs, NULL);
	return rc;
}

static int brief_exec(int argc, char **argv)
{
	static const struct option own[] = {
		{ "about", required_argument, NULL, 'a' },
		{ "act", required_argument, NULL, 'A' },
		{ "since", required_argument, NULL, 's' },
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "css", required_argument, NULL, 'c' },
		{ "reader-links", no_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 },
	};
	char **av = xcalloc((size_t)argc + 1, sizeof *av);
	for (int i = 0; i < argc; i++)
		av[i] = !strcmp(argv[i], "-o") ? (char *)"--output" : argv[i];
	struct args a = { .format = "md" };
	int first, rc = copts_parse(argc, av, own, opt, &a, &first);
	if (!rc && first != argc) {
		fprintf(stderr, "dossier brief: unexpected argument '%s'\n", av[first]);
		rc = DSR_EXIT_USAGE;
	}
	free(av);
	if (rc)
		return rc;
	const char *format = !strcmp(a.format, "md") || !strcmp(a.format, "markdown") ? "brief_md"
			     : !strcmp(a.format, "html") ? "brief_html" : NULL;
	if (!format) {
		fprintf(stderr, "dossier brief: --format is md or html; not '%s'\n", a.format);
		return DSR_EXIT_USAGE;
	}
	if (a.about && a.act) {
		fprintf(stderr, "dossier brief: --about and --act are one or the other\n");
		return DSR_EXIT_USAGE;
	}
	if ((a.about && !*a.about) || (a.act && !*a.act)) {
		fprintf(stderr, "dossier brief: --%s is empty\n", a.about ? "about" : "act");
		return DSR_EXIT_USAGE;
	}
	if (a.since) {
		int p = timex_precision(a.since);
		if (p != DPB__PRECISION__PRECISION_YEAR && p != DPB__PRECISION__PRECISION_MONTH &&
		    p != DPB__PRECISION__PRECISION_DAY) {
			fprintf(stderr, "dossier brief: --since '%s' is not a date: want YYYY, "
				"YYYY-MM or YYYY-MM-DD\n", a.since);
			return DSR_EXIT_USAGE;
		}
	}
	if ((a.css || a.reader) && strcmp(format, "brief_html")) {
		fprintf(stderr, "dossier brief: --css and --reader-links are for --format html\n");
		return DSR_EXIT_USAGE;
	}
	struct dcl *d = dcl_open("brief");
	/* An actor that does not exist is an error, not an empty brief. */
	if (a.about && (rc = actor_check(d, "brief", "--about", a.about))) {
		dcl_close(d);
		return rc;
	}
	if (a.act && (rc = check_act(d, a.act))) {
		dcl_close(d);
		return rc;
	}
	struct xout xo;
	if ((rc = xout_open(&xo, "brief", a.output))) {
		dcl_close(d);
		return rc;
	}
	Dpb__Export x = DPB__EXPORT__INIT;
	x.format = (char *)format;
	x.about = (char *)(a.about ? a.about : "");
	x.act = (char *)(a.act ? a.act : "");
	x.since = (char *)(a.since ? a.since : "");
	x.css = (char *)(a.css ? a.css : "");
	x.reader = a.reader;
	uint64_t total = 0;
	rc = xout_receive(d, "brief", &x, NULL, xo.fd, &total);
	dcl_close(d);
	return xout_close(&xo, rc, total, format);
}

const struct dsr_cmd cmd_brief_entry = {
	.name = "brief",
	.usage = "[--about ACTOR | --act TEXT] [--since DATE] [--format md|html] [-o FILE]",
	.summary = "draft the incident brief: key judgments, disputes, timeline, cited",
	.help =
"Writes the first draft of an incident brief from the knowledge base as it\n"
"stands (docs/brief.md): key judgments first — each attribution and each\n"
"well-supported proposition as one sentence with its estimative words, its\n"
"confidence, who asserts it and who denies it — then what is disputed, a\n"
"timeline of key events (events still to come when reported are marked),\n"
"the actors with their other names and roles, analysts' notes and grades,\n"
"the sources, and the quotations that every citation [Qn] points to: the\n"
"bytes of an article a claim or event was drawn from.  The same knowledge\n"
"base gives the same bytes on every replica; the brief ends with the\n"
"events and the view digest it was made from.\n"
"\n"
"  --about ACTOR    only what concerns ACTOR (any of its names)\n"
"  --act TEXT       only what concerns an act: attributions and events whose\n"
"                   words include every word of TEXT (\"hack Sony\")\n"
"  --since DATE     only judgments with a report published on or after DATE,\n"
"                   and events dated from it (YYYY, YYYY-MM or YYYY-MM-DD)\n"
"  --format F       md (Markdown, the default) or html (one page that stands\n"
"                   alone, with a print stylesheet: print it to PDF from a\n"
"                   browser)\n"
"  -o, --output F   write to F (replaced only once the brief is complete)\n"
"  --css URL        html: link to the stylesheet at URL instead of holding it\n"
"                   (for a server whose Content-Security-Policy refuses styles\n"
"                   in the page)\n"
"  --reader-links   html: citations open the quoted span in the web\n"
"                   workspace's reader (/#/article?id=ID&start=S&end=E) instead\n"
"                   of the quotations at the end\n"
"\n",
	.exec = brief_exec,
};
