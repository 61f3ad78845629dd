/* cmd-articles.c: `dossier articles`: the articles filed, or one of them. */
#include "cmd.h"
#include "curate.h"
#include "list.h"

#include <string.h>

struct args {
	Dpb__QueryArticles q;
	uint8_t id[16];
	uint32_t limit;
	const char *cursor;
};

static size_t items(const Dpb__Response *rs, void *ctx, ProtobufCBinaryData *next)
{
	struct listout *o = ctx;
	const Dpb__ArticleList *l = rs->articles;
	for (size_t i = 0; i < l->n_articles; i++) {
		const Dpb__ArticleInfo *a = l->articles[i];
		if (copts.json) {
			listout_json_item(o, &a->base);
			continue;
		}
		table_add(o->t, hexs(a->id.data, a->id.len, 0), a->published, a->publisher,
			  a->title, num(a->actors), num(a->claims), num(a->entries));
	}
	*next = l->next;
	return l->n_articles;
}

static int opt(int c, const char *arg, void *ctx)
{
	struct args *a = ctx;
	switch (c) {
	case 'n': a->limit = (uint32_t)copts_u64("articles", "--limit", arg); return 0;
	case 'c': a->cursor = arg; return 0;
	}
	return DSR_EXIT_USAGE;
}

static int articles_exec(int argc, char **argv)
{
	static const struct option own[] = {
		{ "limit", required_argument, NULL, 'n' },
		{ "cursor", required_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 },
	};
	struct args a;
	memset(&a, 0, sizeof a);
	dpb__query_articles__init(&a.q);
	int first, rc = copts_parse(argc, argv, own, opt, &a, &first);
	if (rc)
		return rc;
	if (argc - first > 1) {
		fprintf(stderr, "dossier articles: at most one article id\n");
		return DSR_EXIT_USAGE;
	}
	if (first < argc) {
		rc = curate_resolve_open("articles", argv[first],
					 DPB__TARGET_KIND__TARGET_ARTICLE, a.id);
		if (rc)
			return rc;
		a.q.id.data = a.id;
		a.q.id.len = 16;
	}
	static const char *const cols[] = { "ID", "PUBLISHED", "PUBLISHER:24", "TITLE:60",
					    "ACTORS", "CLAIMS", "ENTRIES" };
	Dpb__Page pg = DPB__PAGE__INIT;
	a.q.page = &pg;
	Dpb__Request rq = DPB__REQUEST__INIT;
	rq.body_case = DPB__REQUEST__BODY_ARTICLES;
	rq.articles = &a.q;
	return listout_run("articles", &rq, &pg, a.limit, a.cursor, DPB__RESPONSE__BODY_ARTICLES,
			   items, 7, cols);
}

const struct dsr_cmd cmd_articles_entry = {
	.name = "articles",
	.usage = "[ID] [--limit N] [--cursor C] [--json]",
	.summary = "list the articles filed (or show one)",
	.help =
"Lists the articles in the knowledge base: id, publication date, publisher,\n"
"title and how many actors, claims and timeline entries came from each.\n"
"With an ID (or a unique beginning of it, 4 hex digits or more), shows that\n"
"article only (exit 4 if there is none).\n"
"\n"
"  --limit N       at most N articles; a cursor for the rest goes to stderr\n"
"  --cursor C      continue where --limit stopped\n"
"\n",
	.exec = articles_exec,
};
