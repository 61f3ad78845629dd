/* cmd-claims.c: `dossier claims`: who says what, filtered by actor, stance,
 * hedging or article. */
#include "claimrow.h"
#include "cmd.h"
#include "curate.h"
#include "list.h"
#include "suggest.h"

#include <string.h>

struct args {
	Dpb__QueryClaims q;
	uint8_t article[16], prop[16];
	const char *article_text;
	uint32_t limit;
	const char *cursor;
};

static size_t items(const Dpb__Response *rs, void *ctx, ProtobufCBinaryData *next)
{
	struct listout *o = ctx;
	const Dpb__ClaimList *l = rs->claims;
	for (size_t i = 0; i < l->n_claims; i++) {
		const Dpb__ClaimInfo *c = l->claims[i];
		if (copts.json)
			listout_json_item(o, &c->base);
		else
			claim_row(o->t, c);
	}
	*next = l->next;
	return l->n_claims;
}

static int opt(int c, const char *arg, void *ctx)
{
	struct args *a = ctx;
	switch (c) {
	case 'a': a->q.about = (char *)arg; return 0;
	case 'b': a->q.by = (char *)arg; return 0;
	case 's':
		if (!strcmp(arg, "asserts"))
			a->q.stance = DPB__STANCE__STANCE_ASSERTS;
		else if (!strcmp(arg, "denies"))
			a->q.stance = DPB__STANCE__STANCE_DENIES;
		else {
			fprintf(stderr, "dossier claims: --stance is asserts or denies\n");
			return DSR_EXIT_USAGE;
		}
		return 0;
	case 'h': a->q.hedged = 1; return 0;
	case 'f': a->q.hedged = 0; return 0;
	case 'r':
		a->article_text = arg;   /* resolved once connected */
		return 0;
	case 'p':
		if (parse_id(arg, a->prop)) {
			fprintf(stderr, "dossier claims: --proposition wants a 32-digit hex id\n");
			return DSR_EXIT_USAGE;
		}
		a->q.proposition.data = a->prop;
		a->q.proposition.len = 16;
		return 0;
	case 'n': a->limit = (uint32_t)copts_u64("claims", "--limit", arg); return 0;
	case 'c': a->cursor = arg; return 0;
	}
	return DSR_EXIT_USAGE;
}

static int claims_exec(int argc, char **argv)
{
	static const struct option own[] = {
		{ "about", required_argument, NULL, 'a' },
		{ "by", required_argument, NULL, 'b' },
		{ "stance", required_argument, NULL, 's' },
		{ "hedged", no_argument, NULL, 'h' },
		{ "firm", no_argument, NULL, 'f' },
		{ "article", required_argument, NULL, 'r' },
		{ "proposition", required_argument, NULL, 'p' },
		{ "limit", required_argument, NULL, 'n' },
		{ "cursor", required_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 },
	};
	struct args a;
	memset(&a, 0, sizeof a);
	dpb__query_claims__init(&a.q);
	a.q.stance = -1;
	a.q.hedged = -1;
	int first, rc = copts_parse(argc, argv, own, opt, &a, &first);
	if (rc)
		return rc;
	if (first != argc) {
		fprintf(stderr, "dossier claims: unexpected argument '%s'\n", argv[first]);
		return DSR_EXIT_USAGE;
	}
	/* A filter that names nothing is an error, not an empty table. */
	if (a.article_text || *a.q.about || *a.q.by) {
		struct dcl *d = dcl_open("claims");
		if (a.article_text)
			rc = curate_resolve(d, "claims", a.article_text,
					    DPB__TARGET_KIND__TARGET_ARTICLE, a.article, NULL);
		if (!rc && *a.q.about)
			rc = actor_check(d, "claims", "--about", a.q.about);
		if (!rc && *a.q.by)
			rc = actor_check(d, "claims", "--by", a.q.by);
		dcl_close(d);
		if (rc)
			return rc;
		if (a.article_text) {
			a.q.article.data = a.article;
			a.q.article.len = 16;
		}
	}
	Dpb__Page pg = DPB__PAGE__INIT;
	a.q.page = &pg;
	Dpb__Request rq = DPB__REQUEST__INIT;
	rq.body_case = DPB__REQUEST__BODY_CLAIMS;
	rq.claims = &a.q;
	return listout_run("claims", &rq, &pg, a.limit, a.cursor, DPB__RESPONSE__BODY_CLAIMS,
			   items, CLAIM_NCOLS, claim_cols);
}

const struct dsr_cmd cmd_claims_entry = {
	.name = "claims",
	.usage = "[--about NAME] [--by NAME] [--stance asserts|denies] [--hedged|--firm] [--article ID] [--proposition ID] [--limit N] [--json]",
	.summary = "list claims: who says what, asserted or denied, hedged or firm",
	.help =
"Lists claims with their id (for dossier why, confirm, grade...), source,\n"
"cue (\"said\", \"according to\"), stance and hedging, content and the actors\n"
"they are about; then what is derived from the claims that state the same\n"
"thing, its proposition (docs/curation.md): SOURCES, the source actors\n"
"saying it with the same stance (and the outlets publishing it), CORR and\n"
"CONTRA, the independent reports corroborating and contradicting it (a\n"
"source's words reprinted by many outlets are one report), and CONFIDENCE\n"
"that what it says is so, on the STIX 0-100 scale with its ICD 203 words\n"
"(\"likely\", \"almost certainly\"); and the analysts' STATUS and Admiralty\n"
"GRADE.  --json gives every field: the article, the byte span and the\n"
"proposition id included.\n"
"\n"
"  --about NAME    claims about this actor (any of its names; exit 4, with\n"
"                  the names it is near, when no actor has it)\n"
"  --by NAME       claims made by this actor\n"
"  --stance S      asserts or denies\n"
"  --hedged        only hedged claims (\"may\", \"investigating whether\")\n"
"  --firm          only firm claims\n"
"  --article ID    claims from one article (its hex id, see dossier articles,\n"
"                  or a unique beginning of 4 digits or more)\n"
"  --proposition ID  the claims of one proposition (its hex id, see --json or\n"
"                  dossier attribution --json)\n"
"  --limit N       at most N claims; a cursor for the rest goes to stderr\n"
"  --cursor C      continue where --limit stopped\n"
"\n",
	.exec = claims_exec,
};
