/* cmd-indicators.c: `dossier indicators`: the indicators of compromise the
 * articles give (IP addresses, domains, URLs, e-mail addresses, hashes,
 * CVE ids, ATT&CK techniques, bitcoin addresses). */
#include "cmd.h"
#include "curate.h"
#include "list.h"

#include <string.h>

static const char *const types[] = { "ipv4", "ipv6", "domain", "url", "email", "md5", "sha1",
	"sha256", "sha512", "cve", "attack-technique", "btc" };

struct args {
	Dpb__QueryIndicators q;
	uint8_t article[16];
	uint32_t limit;
	const char *cursor;
};

static size_t items(const Dpb__Response *rs, void *ctx, ProtobufCBinaryData *next)
{
	struct listout *o = ctx;
	const Dpb__IndicatorList *l = rs->indicators;
	for (size_t i = 0; i < l->n_indicators; i++) {
		const Dpb__IndicatorInfo *d = l->indicators[i];
		if (copts.json) {
			listout_json_item(o, &d->base);
			continue;
		}
		table_add(o->t, d->type, d->value, num(d->occurrences), num(d->narticles),
			  d->n_articles ? hexs(d->articles[0].data, d->articles[0].len, 0) : "",
			  hexs(d->first.data, d->first.len, 0));
	}
	*next = l->next;
	return l->n_indicators;
}

static int opt(int c, const char *arg, void *ctx)
{
	struct args *a = ctx;
	switch (c) {
	case 't':
		for (size_t i = 0; i < sizeof types / sizeof *types; i++)
			if (!strcmp(arg, types[i])) {
				a->q.type = (char *)types[i];
				return 0;
			}
		fprintf(stderr, "dossier indicators: --type is one of ");
		for (size_t i = 0; i < sizeof types / sizeof *types; i++)
			fprintf(stderr, "%s%s", i ? ", " : "", types[i]);
		fprintf(stderr, "; not '%s'\n", arg);
		return DSR_EXIT_USAGE;
	case 'r': {
		/* an id or a unique beginning of one */
		int rc = curate_resolve_open("indicators", arg, DPB__TARGET_KIND__TARGET_ARTICLE,
					     a->article);
		if (rc)
			return rc;
		a->q.article.data = a->article;
		a->q.article.len = 16;
		return 0;
	}
	case 'n': a->limit = (uint32_t)copts_u64("indicators", "--limit", arg); return 0;
	case 'c': a->cursor = arg; return 0;
	}
	return DSR_EXIT_USAGE;
}

static int indicators_exec(int argc, char **argv)
{
	static const struct option own[] = {
		{ "type", required_argument, NULL, 't' },
		{ "article", required_argument, NULL, 'r' },
		{ "limit", required_argument, NULL, 'n' },
		{ "cursor", required_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 },
	};
	struct args a;
	memset(&a, 0, sizeof a);
	dpb__query_indicators__init(&a.q);
	int first, rc = copts_parse(argc, argv, own, opt, &a, &first);
	if (rc)
		return rc;
	if (first < argc) {
		fprintf(stderr, "dossier indicators: unexpected argument '%s'\n", argv[first]);
		return DSR_EXIT_USAGE;
	}
	static const char *const cols[] = { "TYPE", "VALUE:60", "SEEN", "ARTICLES",
					    "FIRST ARTICLE", "FIRST (why)" };
	Dpb__Page pg = DPB__PAGE__INIT;
	a.q.page = &pg;
	Dpb__Request rq = DPB__REQUEST__INIT;
	rq.body_case = DPB__REQUEST__BODY_INDICATORS;
	rq.indicators = &a.q;
	return listout_run("indicators", &rq, &pg, a.limit, a.cursor,
			   DPB__RESPONSE__BODY_INDICATORS, items, 6, cols);
}

const struct dsr_cmd cmd_indicators_entry = {
	.name = "indicators",
	.usage = "[--type T] [--article ID] [--limit N] [--cursor C] [--json]",
	.summary = "list the indicators of compromise the articles give",
	.help =
"Lists every distinct indicator of compromise found in the articles, by\n"
"type then value: IP addresses (ipv4, ipv6), domains, URLs, e-mail\n"
"addresses, file hashes (md5, sha1, sha256, sha512), CVE ids, ATT&CK\n"
"techniques (attack-technique) and bitcoin addresses (btc).  Defanged\n"
"forms (hxxp://, evil[.]com, 10.0.0[.]1, user[at]example.org) are refanged.\n"
"Each row: how often it is written in all, in how many articles, the first\n"
"article, and the id of its first occurrence (dossier why ID shows it in\n"
"its sentence).\n"
"\n"
"  --type T        only those of type T\n"
"  --article ID    only those the article gives (with their counts in all);\n"
"                  ID is an article's id or a unique beginning of it (4+ digits)\n"
"  --limit N       at most N; a cursor for the rest goes to stderr\n"
"  --cursor C      continue where --limit stopped\n"
"\n",
	.exec = indicators_exec,
};
