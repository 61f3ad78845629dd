/* cmd-proposition.c: `dossier proposition join|split|rule`: an analyst's
 * word on which claims state the same thing, over the rule's
 * (docs/curation.md, "Propositions").  Each claim's placement is a
 * ClaimAssessed event (place, with); the latest per claim is in force, so
 * an act is undone by a later one (`rule`). */
#include "curate.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

struct ids {
	uint8_t (*v)[DSR_ID_LEN];
	size_t n, cap;
};

static int ids_add(struct ids *s, const uint8_t *id)
{
	for (size_t i = 0; i < s->n; i++)
		if (!memcmp(s->v[i], id, DSR_ID_LEN))
			return 0;
	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 16;
		void *v = realloc(s->v, cap * sizeof *s->v);
		if (!v)
			return -1;
		s->v = v;
		s->cap = cap;
	}
	memcpy(s->v[s->n++], id, DSR_ID_LEN);
	return 0;
}

/* The claims of proposition `prop`, every page, into out; how many. */
static size_t prop_claims(struct dcl *d, const uint8_t prop[DSR_ID_LEN], struct ids *out)
{
	size_t found = 0;
	uint8_t cursor[256];
	size_t clen = 0;
	for (;;) {
		Dpb__Page pg = DPB__PAGE__INIT;
		pg.limit = 1000;
		pg.cursor.data = cursor;
		pg.cursor.len = clen;
		Dpb__QueryClaims q = DPB__QUERY_CLAIMS__INIT;
		q.stance = -1;
		q.hedged = -1;
		q.proposition.data = (uint8_t *)prop;
		q.proposition.len = DSR_ID_LEN;
		q.page = &pg;
		Dpb__Request rq = DPB__REQUEST__INIT;
		rq.body_case = DPB__REQUEST__BODY_CLAIMS;
		rq.claims = &q;
		Dpb__Response *rs = dcl_call(d, &rq);
		bool more = false;
		if (rs->body_case == DPB__RESPONSE__BODY_CLAIMS) {
			for (size_t i = 0; i < rs->claims->n_claims; i++)
				if (rs->claims->claims[i]->id.len == DSR_ID_LEN &&
				    !ids_add(out, rs->claims->claims[i]->id.data))
					found++;
			ProtobufCBinaryData nx = rs->claims->next;
			if (nx.len && nx.len <= sizeof cursor) {
				memcpy(cursor, nx.data, nx.len);
				clen = nx.len;
				more = rs->claims->n_claims > 0;
			}
		}
		dpb__response__free_unpacked(rs, NULL);
		if (!more)
			return found;
	}
}

static bool hex32(const char *s)
{
	if (strlen(s) != 2 * DSR_ID_LEN)
		return false;
	for (; *s; s++)
		if (!isxdigit((unsigned char)*s))
			return false;
	return true;
}

/* A claim id (or a unique beginning), or a proposition id standing for
 * all its claims: into out.  0 or an exit code after a message. */
static int claims_of(struct dcl *d, const char *cmd, const char *arg, struct ids *out)
{
	uint8_t id[DSR_ID_LEN];
	int kind = 0;
	int rc = curate_try_resolve(d, cmd, arg, id, &kind);
	if (rc == 0 && kind == DPB__TARGET_KIND__TARGET_CLAIM)
		return ids_add(out, id) ? DSR_EXIT_ERROR : 0;
	if (rc == 0) {
		fprintf(stderr, "dossier %s: %s is not a claim\n", cmd, arg);
		return DSR_EXIT_USAGE;
	}
	if (rc != DSR_EXIT_NOTFOUND)
		return rc;
	if (hex32(arg) && dsr_unhex(arg, id, DSR_ID_LEN) == 0 && prop_claims(d, id, out))
		return 0;
	fprintf(stderr, "dossier %s: no claim or proposition has the id %s (the claims of a "
		"proposition joined to another are in the other's: name them by claim id)\n",
		cmd, arg);
	return DSR_EXIT_NOTFOUND;
}

static int proposition_exec(int argc, char **argv)
{
	static const struct option own[] = {
		{ "note", required_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 },
	};
	const char *note = NULL;
	int first, rc = copts_parse(argc, argv, own, curate_note_opt, &note, &first);
	if (rc)
		return rc;
	const char *verb = first < argc ? argv[first] : "";
	int place = !strcmp(verb, "join") ? DPB__PLACEMENT__PLACE_WITH
		    : !strcmp(verb, "split") ? DPB__PLACEMENT__PLACE_APART
		    : !strcmp(verb, "rule") ? DPB__PLACEMENT__PLACE_RULE : 0;
	int need = place == DPB__PLACEMENT__PLACE_WITH ? 2 : 1;
	if (!place || argc - first - 1 < need) {
		fprintf(stderr, "usage: dossier proposition join TARGET CLAIM...\n"
			"       dossier proposition split CLAIM...\n"
			"       dossier proposition rule CLAIM...\n"
			"(dossier proposition --help says more)\n");
		return DSR_EXIT_USAGE;
	}
	struct dcl *d = dcl_open("proposition");
	struct ids target = { 0 }, claims = { 0 };
	int at = first + 1;
	if (place == DPB__PLACEMENT__PLACE_WITH &&
	    (rc = claims_of(d, "proposition", argv[at++], &target)))
		goto out;
	for (; at < argc; at++)
		if ((rc = claims_of(d, "proposition", argv[at], &claims)))
			goto out;
	/* join: with the target's first claim; split: the first claim apart,
	 * the others with it */
	const uint8_t *with = target.n ? target.v[0] : claims.v[0];
	size_t n = claims.n;
	Dpb__ClaimAssessed *as = calloc(n, sizeof *as);
	Dpb__Event *evs = calloc(n, sizeof *evs);
	Dpb__Event **pevs = calloc(n, sizeof *pevs);
	size_t ne = 0;
	if (!as || !evs || !pevs) {
		rc = DSR_EXIT_ERROR;
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		int p = place;
		if (place == DPB__PLACEMENT__PLACE_APART && i > 0)
			p = DPB__PLACEMENT__PLACE_WITH;
		if (p == DPB__PLACEMENT__PLACE_WITH && !memcmp(claims.v[i], with, DSR_ID_LEN))
			continue;   /* the target itself */
		dpb__claim_assessed__init(&as[ne]);
		as[ne].claim.data = claims.v[i];
		as[ne].claim.len = DSR_ID_LEN;
		as[ne].place = p;
		if (p == DPB__PLACEMENT__PLACE_WITH) {
			as[ne].with.data = (uint8_t *)with;
			as[ne].with.len = DSR_ID_LEN;
		}
		as[ne].note = (char *)(note ? note : "");
		dpb__event__init(&evs[ne]);
		evs[ne].payload_case = DPB__EVENT__PAYLOAD_ASSESSED;
		evs[ne].assessed = &as[ne];
		pevs[ne] = &evs[ne];
		ne++;
	}
	if (!ne) {
		fprintf(stderr, "dossier proposition: nothing to place: the claims given are the "
			"target\n");
		rc = DSR_EXIT_USAGE;
		goto done;
	}
	Dpb__Response *rs;
	if ((rc = curate_append(d, "proposition", pevs, ne, &rs)))
		goto done;
	/* where the claims now stand */
	char prop[2 * DSR_ID_LEN + 1] = "";
	Dpb__Response *cr = NULL;
	const Dpb__ClaimInfo *c = curate_claim(d, place == DPB__PLACEMENT__PLACE_RULE
						   ? claims.v[0] : with, &cr);
	if (c && c->proposition.len == DSR_ID_LEN)
		dsr_hex(c->proposition.data, DSR_ID_LEN, prop);
	char what[200], extra[160];
	static const char *const said[] = { "", "put back by the rule", "set apart", "joined" };
	snprintf(what, sizeof what, "%zu claim%s %s%s%s", ne, ne == 1 ? "" : "s", said[place],
		 prop[0] && place != DPB__PLACEMENT__PLACE_RULE ? ": proposition " : "",
		 place != DPB__PLACEMENT__PLACE_RULE ? prop : "");
	snprintf(extra, sizeof extra, "\"placed\":%zu,\"proposition\":\"%s\"", ne, prop);
	curate_report(d, "proposition", what, rs, extra);
	if (cr)
		dpb__response__free_unpacked(cr, NULL);
	dpb__response__free_unpacked(rs, NULL);
done:
	free(as);
	free(evs);
	free(pevs);
out:
	free(target.v);
	free(claims.v);
	dcl_close(d);
	return rc;
}

const struct dsr_cmd cmd_proposition_entry = {
	.name = "proposition",
	.usage = "join TARGET CLAIM... | split CLAIM... | rule CLAIM... [--note TEXT] [--author NAME]",
	.summary = "say which claims state the same thing, over the rule",
	.help =
"Claims that state the same thing are one proposition, grouped by a rule\n"
"(docs/curation.md); its corroboration, contradiction and confidence are\n"
"worked out over the proposition.  When the rule is wrong, say so:\n"
"\n"
"  join TARGET CLAIM...  the claims state what TARGET states: they join its\n"
"                        proposition, and follow it if it moves\n"
"  split CLAIM...        the claims form a proposition of their own, apart\n"
"                        from the one the rule put them in\n"
"  rule CLAIM...         the rule decides again\n"
"\n"
"A CLAIM is a claim's hex id (or a unique beginning of one), or a\n"
"proposition's id (dossier claims --json, dossier attribution --json),\n"
"which stands for all its claims: `join P Q` makes the propositions one;\n"
"a TARGET proposition stands for its first claim.  The latest word on a\n"
"claim is in force; one that loses to another analyst's is listed by\n"
"dossier conflicts, and dossier why CLAIM shows the one in force.\n"
"\n"
"  --note TEXT   why, kept with the act\n"
"\n",
	.exec = proposition_exec,
};
