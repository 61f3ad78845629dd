/* cmd-actors.c: `dossier actors`: every actor, or those of one kind. */
#include "cmd.h"
#include "list.h"

#include <string.h>

struct args {
	int kind;
	uint32_t limit;
	const char *cursor;
};

static size_t items(const Dpb__Response *rs, void *ctx, ProtobufCBinaryData *next)
{
	struct listout *o = ctx;
	const Dpb__ActorList *l = rs->actors;
	char kind[32], arts[32];
	for (size_t i = 0; i < l->n_actors; i++) {
		const Dpb__ActorInfo *a = l->actors[i];
		snprintf(arts, sizeof arts, "%zu%s", a->n_articles, a->more_articles ? "+" : "");
		if (copts.json)
			listout_json_item(o, &a->base);
		else
			table_add(o->t, a->name,
				  enum_short(&dpb__actor_kind__descriptor, a->kind, kind, sizeof kind),
				  num(a->mentions), arts, join(a->aliases, a->n_aliases));
	}
	*next = l->next;
	return l->n_actors;
}

/* "group" -> KIND_GROUP; 0 when unknown. */
int parse_kind(const char *s);
int parse_kind(const char *s)
{
	const ProtobufCEnumDescriptor *d = &dpb__actor_kind__descriptor;
	char buf[32];
	for (unsigned i = 0; i < d->n_values; i++)
		if (!strcmp(enum_short(d, d->values[i].value, buf, sizeof buf), s))
			return d->values[i].value;
	return 0;
}

static int opt(int c, const char *arg, void *ctx)
{
	struct args *a = ctx;
	switch (c) {
	case 'k':
		if (!(a->kind = parse_kind(arg))) {
			fprintf(stderr, "dossier actors: unknown kind '%s' (person, organization, "
					"government, country, group, media, other)\n", arg);
			return DSR_EXIT_USAGE;
		}
		return 0;
	case 'n': a->limit = (uint32_t)copts_u64("actors", "--limit", arg); return 0;
	case 'c': a->cursor = arg; return 0;
	}
	return DSR_EXIT_USAGE;
}

static int actors_exec(int argc, char **argv)
{
	static const struct option own[] = {
		{ "kind", required_argument, NULL, 'k' },
		{ "limit", required_argument, NULL, 'n' },
		{ "cursor", required_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 },
	};
	struct args a = { 0, 0, NULL };
	int first, rc = copts_parse(argc, argv, own, opt, &a, &first);
	if (rc)
		return rc;
	if (first != argc) {
		fprintf(stderr, "dossier actors: unexpected argument '%s'\n", argv[first]);
		return DSR_EXIT_USAGE;
	}
	static const char *const cols[] = { "NAME:40", "KIND", "MENTIONS", "ARTICLES", "ALIASES:60" };
	Dpb__QueryActors q = DPB__QUERY_ACTORS__INIT;
	Dpb__Page pg = DPB__PAGE__INIT;
	q.kind = a.kind;
	q.page = &pg;
	Dpb__Request rq = DPB__REQUEST__INIT;
	rq.body_case = DPB__REQUEST__BODY_ACTORS;
	rq.actors = &q;
	return listout_run("actors", &rq, &pg, a.limit, a.cursor, DPB__RESPONSE__BODY_ACTORS,
			   items, 5, cols);
}

const struct dsr_cmd cmd_actors_entry = {
	.name = "actors",
	.usage = "[--kind KIND] [--limit N] [--cursor C] [--json]",
	.summary = "list the actors, with every name they appear under",
	.help =
"Lists every actor the knowledge base knows, by its display name, with its\n"
"kind, how often it is mentioned, in how many articles (\"100+\": a hundred\n"
"or more; --json lists the first filed), and its other names.\n"
"\n"
"  --kind KIND   only actors of one kind: person, organization, government,\n"
"                country, group, media, other\n"
"  --limit N     at most N actors; a cursor for the rest goes to stderr\n"
"  --cursor C    continue a listing where --limit stopped it\n"
"\n",
	.exec = actors_exec,
};
