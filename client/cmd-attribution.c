/* cmd-attribution.c: `dossier attribution`: who is said to be behind each
 * act, by whom, how firmly, and who denies it — one row per act and
 * responsible actor, however many claims say it (docs/curation.md). */
#include "cmd.h"
#include "list.h"
#include "suggest.h"

#include <string.h>

struct args {
	const char *about;
	uint32_t limit;
	const char *cursor;
};

static size_t items(const Dpb__Response *rs, void *ctx, ProtobufCBinaryData *next)
{
	struct listout *o = ctx;
	const Dpb__AttributionList *l = rs->attribution;
	for (size_t i = 0; i < l->n_rows; i++) {
		const Dpb__AttributionInfo *a = l->rows[i];
		if (copts.json) {
			listout_json_item(o, &a->base);
			continue;
		}
		char conf[64], asserted[512];
		snprintf(conf, sizeof conf, "%u %s", a->confidence, a->likelihood);
		snprintf(asserted, sizeof asserted, "%s%s%s", join(a->asserted_by, a->n_asserted_by),
			 a->unattributed && a->n_asserted_by ? ", " : "",
			 a->unattributed ? "(unattributed reports)" : "");
		table_add(o->t, a->responsible, a->act, a->target[0] ? a->target : "-", asserted,
			  a->n_denied_by ? join(a->denied_by, a->n_denied_by) : "-",
			  num(a->outlets), num(a->nclaims),
			  a->first_reported[0] ? a->first_reported : "-", conf);
	}
	*next = l->next;
	return l->n_rows;
}

static int opt(int c, const char *arg, void *ctx)
{
	struct args *a = ctx;
	switch (c) {
	case 'a': a->about = arg; return 0;
	case 'n': a->limit = (uint32_t)copts_u64("attribution", "--limit", arg); return 0;
	case 'c': a->cursor = arg; return 0;
	}
	return DSR_EXIT_USAGE;
}

static int attribution_exec(int argc, char **argv)
{
	static const struct option own[] = {
		{ "about", required_argument, NULL, 'a' },
		{ "limit", required_argument, NULL, 'n' },
		{ "cursor", required_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 },
	};
	struct args a = { NULL, 0, NULL };
	int first, rc = copts_parse(argc, argv, own, opt, &a, &first);
	if (rc)
		return rc;
	if (first != argc) {
		fprintf(stderr, "dossier attribution: unexpected argument '%s'\n", argv[first]);
		return DSR_EXIT_USAGE;
	}
	/* An actor that does not exist is an error, not an empty table. */
	if (a.about && (rc = actor_check_open("attribution", "--about", a.about)))
		return rc;
	static const char *const cols[] = { "RESPONSIBLE:30", "ACT:40", "TARGET:30",
					    "ASSERTED BY:40", "DENIED BY:30", "OUTLETS", "CLAIMS",
					    "FIRST", "CONFIDENCE" };
	Dpb__QueryAttribution q = DPB__QUERY_ATTRIBUTION__INIT;
	Dpb__Page pg = DPB__PAGE__INIT;
	q.about = (char *)(a.about ? a.about : "");
	q.page = &pg;
	Dpb__Request rq = DPB__REQUEST__INIT;
	rq.body_case = DPB__REQUEST__BODY_ATTRIBUTION;
	rq.attribution = &q;
	return listout_run("attribution", &rq, &pg, a.limit, a.cursor,
			   DPB__RESPONSE__BODY_ATTRIBUTION, items, 9, cols);
}

const struct dsr_cmd cmd_attribution_entry = {
	.name = "attribution",
	.usage = "[--about ACTOR] [--limit N] [--cursor C] [--json]",
	.summary = "who is said to be behind each act, by whom, and who denies it",
	.help =
"Lists every act (an attack, a hack, a leak, a threat, ...) that the\n"
"articles say someone is responsible for, one row per act and responsible\n"
"actor however many claims say it: the actor, the act as the articles name\n"
"it, its target, the sources asserting it and those denying it, how many\n"
"outlets carry it, how many claims, when it was first reported, and the\n"
"confidence that it is so with its ICD 203 words (docs/curation.md).\n"
"`dossier claims --proposition ID` lists the claims of a row (its id is\n"
"`proposition` in --json); `dossier why ID` explains its confidence.\n"
"\n"
"  --about ACTOR   only rows where ACTOR (any name of it) is responsible or\n"
"                  the target\n"
"  --limit N       at most N rows; a cursor for the rest goes to stderr\n"
"  --cursor C      continue a listing where --limit stopped it\n"
"\n",
	.exec = attribution_exec,
};
