/* cmd-search.c: `dossier search QUERY`: full-text search over the articles
 * and claims, with the hits highlighted (bold on a terminal, [brackets]
 * otherwise). */
#include "cmd.h"
#include "list.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct args {
	Dpb__QuerySearch q;
	uint32_t limit;
	const char *cursor;
};

struct out {
	struct listout lo;
	bool tty;
	uint64_t shown;
	bool more;          /* the last page had a cursor: more matches remain */
};

/* The snippet with each hit marked. */
static void print_snippet(const Dpb__SearchHit *h, bool tty)
{
	const char *s = h->snippet;
	size_t len = strlen(s), at = 0;
	const char *on = tty ? "\033[1m" : "[", *off = tty ? "\033[0m" : "]";
	fputs("    ", stdout);
	for (size_t i = 0; i < h->n_hits; i++) {
		size_t a = h->hits[i]->start, b = h->hits[i]->end;
		if (a < at || b < a || b > len)
			continue;    /* overlapping or out of range: left plain */
		fwrite(s + at, 1, a - at, stdout);
		fputs(on, stdout);
		fwrite(s + a, 1, b - a, stdout);
		fputs(off, stdout);
		at = b;
	}
	fputs(s + at, stdout);
	fputc('\n', stdout);
}

static size_t items(const Dpb__Response *rs, void *ctx, ProtobufCBinaryData *next)
{
	struct out *o = ctx;
	const Dpb__SearchList *l = rs->search;
	o->shown += l->n_hits;
	o->more = l->next.len > 0;
	for (size_t i = 0; i < l->n_hits; i++) {
		const Dpb__SearchHit *h = l->hits[i];
		if (copts.json) {
			listout_json_item(&o->lo, &h->base);
			continue;
		}
		bool claim = h->kind == DPB__SEARCH_KIND__SEARCH_CLAIM;
		printf("%s %s  %u hit%s  ", claim ? "claim  " : "article", hexs(h->id.data, h->id.len, 0),
		       h->score, h->score == 1 ? "" : "s");
		if (claim && h->source[0])
			printf("%s, in ", h->source);
		printf("\"%s\"", h->title[0] ? h->title : "(untitled)");
		if (h->publisher[0] || h->published[0])
			printf(" (%s%s%s)", h->publisher, h->publisher[0] && h->published[0] ? ", " : "",
			       h->published);
		fputc('\n', stdout);
		print_snippet(h, o->tty);
	}
	*next = l->next;
	return l->n_hits;
}

static int opt(int c, const char *arg, void *ctx)
{
	struct args *a = ctx;
	switch (c) {
	case 'k':
		if (!strcmp(arg, "article"))
			a->q.kind = DPB__SEARCH_KIND__SEARCH_ARTICLE;
		else if (!strcmp(arg, "claim"))
			a->q.kind = DPB__SEARCH_KIND__SEARCH_CLAIM;
		else {
			fprintf(stderr, "dossier search: --kind is article or claim, not '%s'\n", arg);
			return DSR_EXIT_USAGE;
		}
		return 0;
	case 'n': a->limit = (uint32_t)copts_u64("search", "--limit", arg); return 0;
	case 'c': a->cursor = arg; return 0;
	}
	return DSR_EXIT_USAGE;
}

static int search_exec(int argc, char **argv)
{
	static const struct option own[] = {
		{ "kind", required_argument, NULL, 'k' },
		{ "limit", required_argument, NULL, 'n' },
		{ "cursor", required_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 },
	};
	struct args a;
	memset(&a, 0, sizeof a);
	dpb__query_search__init(&a.q);
	int first, rc = copts_parse(argc, argv, own, opt, &a, &first);
	if (rc)
		return rc;
	if (first >= argc) {
		fprintf(stderr, "dossier search: what to search for? (dossier search --help)\n");
		return DSR_EXIT_USAGE;
	}
	/* the words of every argument, as one query */
	dsr_buf q = DSR_BUF_INIT;
	for (int i = first; i < argc; i++) {
		if (i > first)
			dsr_buf_puts(&q, " ");
		dsr_buf_puts(&q, argv[i]);
	}
	dsr_buf_cstr(&q);
	a.q.query = (char *)q.data;
	Dpb__Page pg = DPB__PAGE__INIT;
	a.q.page = &pg;
	Dpb__Request rq = DPB__REQUEST__INIT;
	rq.body_case = DPB__REQUEST__BODY_SEARCH;
	rq.search = &a.q;
	struct out o = { { NULL, DSR_BUF_INIT, 0 }, isatty(STDOUT_FILENO), 0, false };
	rc = list_run("search", &rq, &pg, a.limit, a.cursor, DPB__RESPONSE__BODY_SEARCH, items, &o);
	if (copts.json)
		listout_end(&o.lo);
	else if (rc == DSR_EXIT_OK && o.more)
		printf("%" PRIu64 " newest match%s shown; more remain\n", o.shown,
		       o.shown == 1 ? "" : "es");
	else if (rc == DSR_EXIT_OK)
		printf("%" PRIu64 " match%s\n", o.shown, o.shown == 1 ? "" : "es");
	dsr_buf_free(&q);
	return rc;
}

const struct dsr_cmd cmd_search_entry = {
	.name = "search",
	.usage = "[--kind article|claim] [--limit N] [--cursor C] [--json] QUERY...",
	.summary = "full-text search over the articles and claims",
	.help =
"Finds the articles (by title and text) and claims (by their text and\n"
"source) that hold every word and every \"quoted phrase\" of QUERY, and\n"
"shows each with a snippet around its first hits, marked in bold on a\n"
"terminal and in [brackets] otherwise.  Several arguments make one query.\n"
"Case does not matter (nor does it for accented Latin, Greek and Cyrillic\n"
"letters); words are matched whole, without stemming; common words such\n"
"as \"the\" and \"of\" are not indexed and count only inside a phrase.\n"
"Results come newest first (the order articles and claims were filed),\n"
"each with its number of hits; a search reads only as far back as it\n"
"needs to fill the page, so --limit also bounds its cost.\n"
"\n"
"  dossier search sony hack\n"
"  dossier search '\"north korean government\"' --kind claim\n"
"\n"
"  --kind K        only articles or only claims (article, claim)\n"
"  --limit N       at most N; a cursor for the rest goes to stderr\n"
"  --cursor C      continue where --limit stopped\n"
"  --json          the results as a JSON array: kind, id, article, title,\n"
"                  text and source (claims), publisher, published, field\n"
"                  (where the snippet is from), snippet, hits (byte\n"
"                  offsets [start, end) in snippet), score (hits in all)\n"
"\n",
	.exec = search_exec,
};
