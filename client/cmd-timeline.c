/* cmd-timeline.c: `dossier timeline`: what happened when, in date order:
 * one row per event (timeline group), or every entry. */
#include "cmd.h"
#include "curate.h"
#include "datecheck.h"
#include "list.h"
#include "suggest.h"

#include <string.h>

struct args {
	Dpb__QueryTimeline q;
	uint8_t article[16];
	const char *article_text;
	uint32_t limit;
	const char *cursor;
};

static size_t items(const Dpb__Response *rs, void *ctx, ProtobufCBinaryData *next)
{
	struct listout *o = ctx;
	const Dpb__EntryList *l = rs->timeline;
	char pr[32], na[16];
	for (size_t i = 0; i < l->n_entries; i++) {
		const Dpb__EntryInfo *e = l->entries[i];
		if (copts.json) {
			listout_json_item(o, &e->base);
			continue;
		}
		snprintf(na, sizeof na, "%u", e->group.len ? e->narticles : e->article.len ? 1u : 0u);
		table_add(o->t, e->date,
			  enum_short(&dpb__precision__descriptor, e->precision, pr, sizeof pr),
			  e->text, join(e->actors, e->n_actors), na,
			  e->article.len ? hexs(e->article.data, e->article.len, 8) : "(analyst)",
			  e->removed ? "removed" : "", hexs(e->id.data, e->id.len, 0));
	}
	*next = l->next;
	return l->n_entries;
}

/* The forms the timeline's bounds take (query/timeline.c, bound()): a
 * year, a month, a day or a time, each a real one. */
static bool bound_ok(const char *s)
{
	int p = timex_precision(s);
	return p == DPB__PRECISION__PRECISION_YEAR || p == DPB__PRECISION__PRECISION_MONTH ||
	       p == DPB__PRECISION__PRECISION_DAY || p == DPB__PRECISION__PRECISION_TIME;
}

static int opt(int c, const char *arg, void *ctx)
{
	struct args *a = ctx;
	switch (c) {
	case 'f':
	case 't':
		if (!bound_ok(arg)) {
			fprintf(stderr, "dossier timeline: --%s '%s' is not a date: want YYYY, "
				"YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM\n", c == 'f' ? "from" : "to",
				arg);
			return DSR_EXIT_USAGE;
		}
		if (c == 'f')
			a->q.from = (char *)arg;
		else
			a->q.to = (char *)arg;
		return 0;
	case 'a': a->q.actor = (char *)arg; return 0;
	case 'R': a->q.removed = 1; return 0;
	case 'e': a->q.entries = 1; return 0;
	case 'r':
		a->article_text = arg;   /* resolved once connected */
		return 0;
	case 'n': a->limit = (uint32_t)copts_u64("timeline", "--limit", arg); return 0;
	case 'c': a->cursor = arg; return 0;
	}
	return DSR_EXIT_USAGE;
}

static int timeline_exec(int argc, char **argv)
{
	static const struct option own[] = {
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "actor", required_argument, NULL, 'a' },
		{ "article", required_argument, NULL, 'r' },
		{ "removed", no_argument, NULL, 'R' },
		{ "entries", no_argument, NULL, 'e' },
		{ "limit", required_argument, NULL, 'n' },
		{ "cursor", required_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 },
	};
	struct args a;
	memset(&a, 0, sizeof a);
	dpb__query_timeline__init(&a.q);
	int first, rc = copts_parse(argc, argv, own, opt, &a, &first);
	if (rc)
		return rc;
	if (first != argc) {
		fprintf(stderr, "dossier timeline: unexpected argument '%s'\n", argv[first]);
		return DSR_EXIT_USAGE;
	}
	/* A filter that names nothing is an error, not an empty table. */
	if (a.article_text || *a.q.actor) {
		struct dcl *d = dcl_open("timeline");
		if (a.article_text)
			rc = curate_resolve(d, "timeline", a.article_text,
					    DPB__TARGET_KIND__TARGET_ARTICLE, a.article, NULL);
		if (!rc && *a.q.actor)
			rc = actor_check(d, "timeline", "--actor", a.q.actor);
		dcl_close(d);
		if (rc)
			return rc;
		if (a.article_text) {
			a.q.article.data = a.article;
			a.q.article.len = 16;
		}
	}
	static const char *const cols[] = { "DATE", "PRECISION", "WHAT:80", "ACTORS:40",
					    "ARTICLES", "ARTICLE", "", "ID" };
	Dpb__Page pg = DPB__PAGE__INIT;
	a.q.page = &pg;
	Dpb__Request rq = DPB__REQUEST__INIT;
	rq.body_case = DPB__REQUEST__BODY_TIMELINE;
	rq.timeline = &a.q;
	return listout_run("timeline", &rq, &pg, a.limit, a.cursor, DPB__RESPONSE__BODY_TIMELINE,
			   items, 8, cols);
}

const struct dsr_cmd cmd_timeline_entry = {
	.name = "timeline",
	.usage = "[--from DATE] [--to DATE] [--actor NAME] [--article ID] [--entries] [--removed] [--limit N] [--json]",
	.summary = "list what happened when, in date order",
	.help =
"Lists what happened when, in date order (dates normalised against each\n"
"article's publication date, with their precision: day, week, month...).\n"
"Entries of different articles that tell the same event (the same date at\n"
"the same precision, the same main word) are one row: ARTICLES counts the\n"
"articles that tell it, and the row shows the entry that stands for the\n"
"group (ARTICLE, ID).  --entries lists every entry instead, as does\n"
"--article.  IDs are entry ids, for dossier why and dossier entry\n"
"amend|remove (which act on that one entry).\n"
"\n"
"  --from DATE     entries on or after DATE (YYYY, YYYY-MM, YYYY-MM-DD or\n"
"                  YYYY-MM-DDTHH:MM; anything else is exit 2)\n"
"  --to DATE       entries on or before DATE\n"
"  --actor NAME    entries involving this actor (any of its names; exit 4\n"
"                  when no actor has it)\n"
"  --article ID    entries from one article (its id or a unique beginning of\n"
"                  4 digits or more, as the ARTICLE column prints it)\n"
"  --entries       every entry, not one row per event\n"
"  --removed       include entries an analyst removed\n"
"  --limit N       at most N entries; a cursor for the rest goes to stderr\n"
"  --cursor C      continue where --limit stopped\n"
"\n",
	.exec = timeline_exec,
};
