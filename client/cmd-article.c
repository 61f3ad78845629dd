/* cmd-article.c: `dossier article amend|withdraw|restore`: an analyst's
 * corrections of a filed article.  Each records an ArticleCurated: new
 * metadata (a new publication date also dates the article's relative dates
 * again: dossierd re-reads the article against it and lists the new dates in
 * the event, so every replica shows the same), or the article's withdrawal
 * (its facts leave the views and stay in the log) or restoration.  Each
 * field is one value per article, decided by the latest edit. */
#include "curate.h"
#include "datecheck.h"

#include <string.h>

struct aargs {
	const char *title, *publisher, *url, *published, *note;
};

static int opt(int c, const char *arg, void *ctx)
{
	struct aargs *a = ctx;
	switch (c) {
	case 't': a->title = arg; return 0;
	case 'p': a->publisher = arg; return 0;
	case 'u': a->url = arg; return 0;
	case 'd': a->published = arg; return 0;
	case 'm': a->note = arg; return 0;
	}
	return DSR_EXIT_USAGE;
}

static bool given(const char *s)
{
	return s && *s;
}

/* Everything that can be checked before connecting; 0 or an exit code. */
static int check_args(const char *sub, const struct aargs *a)
{
	bool meta = given(a->title) || given(a->publisher) || given(a->url) ||
		    given(a->published);
	if (!strcmp(sub, "amend")) {
		if (!meta) {
			fprintf(stderr, "usage: dossier article amend ARTICLE [--published DATE] "
				"[--publisher NAME] [--title TEXT] [--url URL] [--note TEXT]\n"
				"(give at least one of --published, --publisher, --title, --url)\n");
			return DSR_EXIT_USAGE;
		}
	} else if (meta) {
		fprintf(stderr, "dossier article %s: --published, --publisher, --title and --url "
			"belong to amend\n", sub);
		return DSR_EXIT_USAGE;
	}
	if (given(a->published) && !published_valid(a->published)) {
		fprintf(stderr, "dossier article amend: --published '%s' is not a date: give "
			"YYYY-MM-DD or an ISO 8601 time (2014-12-17T09:30:00Z)\n", a->published);
		return DSR_EXIT_USAGE;
	}
	return 0;
}

static int run(struct dcl *d, const char *sub, const char *which, const struct aargs *a)
{
	char cmd[32];
	snprintf(cmd, sizeof cmd, "article %s", sub);
	uint8_t id[DSR_ID_LEN];
	int rc = curate_resolve(d, cmd, which, DPB__TARGET_KIND__TARGET_ARTICLE, id, NULL);
	if (rc)
		return rc;
	Dpb__ArticleCurated m = DPB__ARTICLE_CURATED__INIT;
	m.article.data = id;
	m.article.len = DSR_ID_LEN;
	m.title = (char *)(a->title ? a->title : "");
	m.publisher = (char *)(a->publisher ? a->publisher : "");
	m.url = (char *)(a->url ? a->url : "");
	m.published = (char *)(a->published ? a->published : "");
	m.note = (char *)(a->note ? a->note : "");
	m.withdrawn = !strcmp(sub, "withdraw");
	m.restored = !strcmp(sub, "restore");
	Dpb__Event ev = DPB__EVENT__INIT;
	ev.payload_case = DPB__EVENT__PAYLOAD_ARTICLE_CURATED;
	ev.article_curated = &m;
	Dpb__Event *evs[1] = { &ev };
	Dpb__Response *rs;
	if ((rc = curate_append(d, cmd, evs, 1, &rs)))
		return rc;
	char what[300], extra[64];
	const char *hex = hexs(id, DSR_ID_LEN, 0);
	if (m.withdrawn)
		snprintf(what, sizeof what, "withdrew article %s: its facts are out of the views "
			 "(dossier article restore %s brings them back)", hex, hex);
	else if (m.restored)
		snprintf(what, sizeof what, "restored article %s", hex);
	else
		snprintf(what, sizeof what, "corrected article %s%s%s", hex,
			 given(a->published) ? ": published " : "",
			 given(a->published) ? a->published : "");
	snprintf(extra, sizeof extra, "\"article\":\"%s\"", hex);
	curate_report(d, cmd, what, rs, extra);
	dpb__response__free_unpacked(rs, NULL);
	return 0;
}

static int article_exec(int argc, char **argv)
{
	static const struct option own[] = {
		{ "title", required_argument, NULL, 't' },
		{ "publisher", required_argument, NULL, 'p' },
		{ "url", required_argument, NULL, 'u' },
		{ "published", required_argument, NULL, 'd' },
		{ "note", required_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 },
	};
	const char *sub = argc > 1 ? argv[1] : "";
	if (strcmp(sub, "amend") && strcmp(sub, "withdraw") && strcmp(sub, "restore")) {
		fprintf(stderr, "usage: dossier article amend|withdraw|restore ARTICLE ... "
			"(see dossier article --help)\n");
		return DSR_EXIT_USAGE;
	}
	/* Parse the rest as the command "article SUB", so messages name it. */
	char name[32];
	snprintf(name, sizeof name, "article %s", sub);
	argv[1] = name;
	struct aargs a = { NULL, NULL, NULL, NULL, NULL };
	int first, rc = copts_parse(argc - 1, argv + 1, own, opt, &a, &first);
	first++;
	if (rc || (rc = check_args(sub, &a)))
		return rc;
	if (argc - first != 1) {
		fprintf(stderr, "usage: dossier %s ARTICLE ...\n", name);
		return DSR_EXIT_USAGE;
	}
	struct dcl *d = dcl_open(name);
	rc = run(d, sub, argv[first], &a);
	dcl_close(d);
	return rc;
}

const struct dsr_cmd cmd_article_entry = {
	.name = "article",
	.usage = "amend ARTICLE [--published DATE] [--publisher NAME] [--title TEXT] [--url URL]\n"
		 "       [--note TEXT] |\n"
		 "       dossier article withdraw|restore ARTICLE [--note TEXT]",
	.summary = "correct a filed article's metadata, withdraw it or restore it",
	.help =
"  amend     corrects the article's publication date, publisher, title or URL.\n"
"            A new publication date also dates the article's relative dates\n"
"            again (\"on Tuesday\", \"last week\"): its timeline entries move.\n"
"  withdraw  takes an article filed by mistake out of the views: its actors,\n"
"            claims, timeline entries and indicators no longer count anywhere.\n"
"            Nothing is deleted: the events stay in the log, and dossier why\n"
"            ARTICLE still tells what happened.\n"
"  restore   brings a withdrawn article and its facts back\n"
"\n"
"ARTICLE is an article's hex id as dossier articles prints it, or a unique\n"
"beginning of one (at least 4 digits).  Each field, and whether the article\n"
"is withdrawn, is one value per article: the latest edit wins on every\n"
"replica, and an edit that loses to another analyst's is listed by dossier\n"
"conflicts.\n"
"\n"
"  --published DATE  YYYY-MM-DD or an ISO 8601 time (2014-12-17T09:30:00Z)\n"
"  --publisher NAME  the outlet\n"
"  --title TEXT      the headline\n"
"  --url URL         where it was published\n"
"  --note TEXT       why (shown by dossier why ARTICLE)\n"
"\n",
	.exec = article_exec,
};
