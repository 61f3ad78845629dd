/* cmd-actor.c: `dossier actor NAME`: one actor by any of its names, with
 * the claims it makes, the claims about it, and its timeline. */
#include "claimrow.h"
#include "cmd.h"
#include "list.h"
#include "suggest.h"

#include <string.h>

static int opt(int c, const char *arg, void *ctx)
{
	uint32_t *limit = ctx;
	if (c == 'n') {
		*limit = (uint32_t)copts_u64("actor", "--limit", arg);
		return 0;
	}
	return DSR_EXIT_USAGE;
}

static void claims_table(const char *title, Dpb__ClaimInfo **v, size_t n)
{
	printf("\n%s (%zu)\n", title, n);
	if (!n)
		return;
	struct table *t = table_new(CLAIM_NCOLS, claim_cols);
	for (size_t i = 0; i < n; i++)
		claim_row(t, v[i]);
	table_print(t, stdout);
	table_free(t);
}

static void print_detail(const Dpb__ActorDetail *d)
{
	const Dpb__ActorInfo *a = d->actor;
	char kind[32], pr[32];
	printf("%s (%s)\n", a->name, enum_short(&dpb__actor_kind__descriptor, a->kind,
						kind, sizeof kind));
	printf("  also named: %s\n", a->n_aliases ? join(a->aliases, a->n_aliases) : "-");
	printf("  mentions:   %s in %zu%s article(s)\n", num(a->mentions), a->n_articles,
	       a->more_articles ? " or more" : "");
	claims_table("Claims by it", d->by, d->n_by);
	claims_table("Claims about it", d->about, d->n_about);
	printf("\nTimeline (%zu)\n", d->n_timeline);
	if (!d->n_timeline)
		return;
	static const char *const cols[] = { "DATE", "PRECISION", "WHAT:80", "ACTORS:40", "ID" };
	struct table *t = table_new(5, cols);
	for (size_t i = 0; i < d->n_timeline; i++) {
		const Dpb__EntryInfo *e = d->timeline[i];
		table_add(t, e->date, enum_short(&dpb__precision__descriptor, e->precision,
						 pr, sizeof pr),
			  e->text, join(e->actors, e->n_actors), hexs(e->id.data, e->id.len, 0));
	}
	table_print(t, stdout);
	table_free(t);
}

static int actor_exec(int argc, char **argv)
{
	static const struct option own[] = {
		{ "limit", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	uint32_t limit = 0;
	int first, rc = copts_parse(argc, argv, own, opt, &limit, &first);
	if (rc)
		return rc;
	if (argc - first != 1) {
		fprintf(stderr, "usage: dossier actor NAME [--limit N] [--json]\n");
		return DSR_EXIT_USAGE;
	}
	struct dcl *d = dcl_open("actor");
	Dpb__QueryActor q = DPB__QUERY_ACTOR__INIT;
	q.name = argv[first];
	q.limit = limit;
	Dpb__Request rq = DPB__REQUEST__INIT;
	rq.body_case = DPB__REQUEST__BODY_ACTOR;
	rq.actor = &q;
	Dpb__Response *rs = dcl_call(d, &rq);
	if (actor_missing(rs)) {
		fprintf(stderr, "dossier actor: no actor is named \"%s\"\n", q.name);
		actor_suggest(d, q.name);
		rc = DSR_EXIT_NOTFOUND;
	} else {
		rc = dcl_check("actor", rs, DPB__RESPONSE__BODY_ACTOR);
	}
	if (rc == 0) {
		if (copts.json) {
			dsr_buf b = DSR_BUF_INIT;
			json_msg(&b, &rs->actor->base);
			dsr_buf_putc(&b, '\n');
			json_flush(&b);
			dsr_buf_free(&b);
		} else {
			print_detail(rs->actor);
		}
	}
	dpb__response__free_unpacked(rs, NULL);
	dcl_close(d);
	return rc;
}

const struct dsr_cmd cmd_actor_entry = {
	.name = "actor",
	.usage = "NAME [--limit N] [--json]",
	.summary = "show one actor (by any of its names), its claims and timeline",
	.help =
"Shows the actor that NAME denotes - any of its names will do (\"GOP\",\n"
"\"Guardians of Peace\") - with all its names, the claims it makes, the\n"
"claims about it and the timeline entries it takes part in.  Exit 4 when no\n"
"actor has that name.\n"
"\n"
"  --limit N     at most N items in each list\n"
"\n",
	.exec = actor_exec,
};
