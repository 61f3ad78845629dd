/* curate.c: what the curation commands share (see curate.h). */
#include "curate.h"
#include "error.h"
#include "suggest.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

int curate_append(struct dcl *d, const char *cmd, Dpb__Event **evs, size_t n,
		  Dpb__Response **out)
{
	Dpb__Append a = DPB__APPEND__INIT;
	a.local = evs;
	a.n_local = n;
	a.atomic = true;
	Dpb__Request rq = DPB__REQUEST__INIT;
	rq.body_case = DPB__REQUEST__BODY_APPEND;
	rq.append = &a;
	Dpb__Response *rs = dcl_call(d, &rq);
	int rc = dcl_check(cmd, rs, DPB__RESPONSE__BODY_APPENDED);
	for (size_t i = 0; !rc && i < rs->appended->n_local; i++) {
		int st = rs->appended->local[i]->status;
		if (st < 0 && st != DSR_EDUP) {
			/* The payloads are checked before they are written:
			 * this is input the store refuses (a name with no
			 * letters, a text over the limit). */
			fprintf(stderr, "dossier %s: dossierd refused the %s: %s\n", cmd,
				n > 1 ? "acts (none was recorded)" : "act", dsr_strerror(st));
			rc = st == DSR_EINVAL ? DSR_EXIT_USAGE : dcl_exit_code(st);
		}
	}
	if (rc || !out)
		dpb__response__free_unpacked(rs, NULL);
	else
		*out = rs;
	return rc;
}

static const char *kind_noun(int kind)
{
	switch (kind) {
	case DPB__TARGET_KIND__TARGET_CLAIM: return "claim";
	case DPB__TARGET_KIND__TARGET_ENTRY: return "timeline entry";
	case DPB__TARGET_KIND__TARGET_ARTICLE: return "article";
	default: return "fact";
	}
}

/* "a claim", "an article". */
static const char *kind_word(int kind)
{
	return kind == DPB__TARGET_KIND__TARGET_ARTICLE ? "an article" :
	       kind == DPB__TARGET_KIND__TARGET_ENTRY ? "a timeline entry" :
	       kind == DPB__TARGET_KIND__TARGET_CLAIM ? "a claim" : "a fact";
}

/* Asks which ids of kind `want` (0: any) begin with `prefix`. */
static Dpb__Response *ask(struct dcl *d, const char *prefix, int want)
{
	Dpb__Resolve q = DPB__RESOLVE__INIT;
	q.prefix = (char *)prefix;
	q.limit = 6;
	q.kind = want;
	Dpb__Request rq = DPB__REQUEST__INIT;
	rq.body_case = DPB__REQUEST__BODY_RESOLVE;
	rq.resolve = &q;
	return dcl_call(d, &rq);
}

static int resolve(struct dcl *d, const char *cmd, const char *text, int want,
		   uint8_t id[DSR_ID_LEN], int *kind, bool quiet_none)
{
	size_t n = strlen(text);
	bool hex = n >= 4 && n <= 2 * DSR_ID_LEN;
	for (size_t i = 0; hex && i < n; i++)
		hex = isxdigit((unsigned char)text[i]);
	if (!hex) {
		fprintf(stderr, "dossier %s: '%s' is not an id: ids are hex, as the lists print "
			"them (at least 4 digits of one)\n", cmd, text);
		return DSR_EXIT_USAGE;
	}
	Dpb__Response *rs = ask(d, text, want);
	int rc = dcl_check(cmd, rs, DPB__RESPONSE__BODY_RESOLVED);
	if (rc) {
		dpb__response__free_unpacked(rs, NULL);
		return rc;
	}
	const Dpb__Resolved *r = rs->resolved;
	if (r->n_ids == 1 && r->ids[0]->id.len == DSR_ID_LEN) {
		memcpy(id, r->ids[0]->id.data, DSR_ID_LEN);
		if (kind)
			*kind = r->ids[0]->kind;
	} else if (r->n_ids > 1) {
		fprintf(stderr, "dossier %s: '%s' is the beginning of several ids; give more "
			"digits:\n", cmd, text);
		for (size_t i = 0; i < r->n_ids; i++) {
			const char *h = hexs(r->ids[i]->id.data, r->ids[i]->id.len, 0);
			fprintf(stderr, "  %s  %s\n", h, kind_noun(r->ids[i]->kind));
			errout_candidate(h);
		}
		if (r->more)
			fprintf(stderr, "  ...\n");
		rc = DSR_EXIT_USAGE;
	} else {
		/* None of that kind: say so, and what it is if anything. */
		Dpb__Response *any = want ? ask(d, text, 0) : NULL;
		if (any && any->body_case == DPB__RESPONSE__BODY_RESOLVED &&
		    any->resolved->n_ids == 1) {
			const Dpb__ResolvedId *o = any->resolved->ids[0];
			fprintf(stderr, "dossier %s: %s is %s, not %s\n", cmd,
				hexs(o->id.data, o->id.len, 0), kind_word(o->kind), kind_word(want));
			rc = DSR_EXIT_USAGE;
		} else {
			if (!quiet_none)
				fprintf(stderr, "dossier %s: no %s has an id %s '%s'\n", cmd,
					kind_noun(want),
					n == 2 * DSR_ID_LEN ? "of" : "beginning with", text);
			rc = DSR_EXIT_NOTFOUND;
		}
		if (any)
			dpb__response__free_unpacked(any, NULL);
	}
	dpb__response__free_unpacked(rs, NULL);
	return rc;
}

int curate_resolve(struct dcl *d, const char *cmd, const char *text, int want,
		   uint8_t id[DSR_ID_LEN], int *kind)
{
	return resolve(d, cmd, text, want, id, kind, false);
}

int curate_resolve_open(const char *cmd, const char *text, int want,
			uint8_t id[DSR_ID_LEN])
{
	struct dcl *d = dcl_open(cmd);
	int rc = resolve(d, cmd, text, want, id, NULL, false);
	dcl_close(d);
	return rc;
}

int curate_try_resolve(struct dcl *d, const char *cmd, const char *text,
		       uint8_t id[DSR_ID_LEN], int *kind)
{
	return resolve(d, cmd, text, 0, id, kind, true);
}

int curate_actor(struct dcl *d, const char *cmd, const char *name, Dpb__Response **out)
{
	Dpb__QueryActor q = DPB__QUERY_ACTOR__INIT;
	q.name = (char *)name;
	q.limit = 1;   /* only the actor matters here, not its lists */
	Dpb__Request rq = DPB__REQUEST__INIT;
	rq.body_case = DPB__REQUEST__BODY_ACTOR;
	rq.actor = &q;
	Dpb__Response *rs = dcl_call(d, &rq);
	int rc;
	if (actor_missing(rs)) {
		fprintf(stderr, "dossier %s: no actor is named \"%s\"\n", cmd, name);
		actor_suggest(d, name);
		rc = DSR_EXIT_NOTFOUND;
	} else {
		rc = dcl_check(cmd, rs, DPB__RESPONSE__BODY_ACTOR);
	}
	if (rc)
		dpb__response__free_unpacked(rs, NULL);
	else
		*out = rs;
	return rc;
}

const Dpb__ClaimInfo *curate_claim(struct dcl *d, const uint8_t id[DSR_ID_LEN],
				   Dpb__Response **out)
{
	/* A page of one claim starting at this id (claims page in id
	 * order, the cursor being the id to resume at). */
	Dpb__Page pg = DPB__PAGE__INIT;
	pg.limit = 1;
	pg.cursor.data = (uint8_t *)id;
	pg.cursor.len = DSR_ID_LEN;
	Dpb__QueryClaims q = DPB__QUERY_CLAIMS__INIT;
	q.stance = -1;
	q.hedged = -1;
	q.page = &pg;
	Dpb__Request rq = DPB__REQUEST__INIT;
	rq.body_case = DPB__REQUEST__BODY_CLAIMS;
	rq.claims = &q;
	Dpb__Response *rs = dcl_call(d, &rq);
	*out = rs;
	if (rs->body_case != DPB__RESPONSE__BODY_CLAIMS || rs->claims->n_claims != 1 ||
	    rs->claims->claims[0]->id.len != DSR_ID_LEN ||
	    memcmp(rs->claims->claims[0]->id.data, id, DSR_ID_LEN))
		return NULL;
	return rs->claims->claims[0];
}

const char *curate_claim_standing(const Dpb__ClaimInfo *c)
{
	static char buf[512];
	static const char *const st[] = { "none", "confirmed", "disputed", "retracted" };
	int n = snprintf(buf, sizeof buf, "confidence %u (%s)", c->confidence, c->likelihood);
	if (c->status > 0 && c->status <= 3 && n > 0 && (size_t)n < sizeof buf)
		n += snprintf(buf + n, sizeof buf - (size_t)n, ", %s", st[c->status]);
	if (c->reliability[0] && n > 0 && (size_t)n < sizeof buf)
		snprintf(buf + n, sizeof buf - (size_t)n, ", graded %s%u", c->reliability,
			 c->credibility);
	return buf;
}

void curate_report(struct dcl *d, const char *act, const char *what,
		   const Dpb__Response *rs, const char *extra)
{
	const Dpb__AppendResult *ar = rs->appended;
	const char *origin = hexs(dcl_origin(d), DSR_ORIGIN_LEN, 0);
	if (copts.json) {
		dsr_buf b = DSR_BUF_INIT;
		dsr_buf_puts(&b, "{\"act\":");
		dsr_buf_json_str(&b, act, strlen(act));
		dsr_buf_puts(&b, ",\"author\":");
		dsr_buf_json_str(&b, client_author(), strlen(client_author()));
		dsr_buf_puts(&b, ",\"events\":[");
		for (size_t i = 0; i < ar->n_local; i++)
			dsr_buf_printf(&b, "%s{\"origin\":\"%s\",\"seq\":%" PRIu64 ",\"pos\":%" PRIu64
				       ",\"status\":%d}", i ? "," : "", origin,
				       ar->local[i]->seq, ar->local[i]->pos, ar->local[i]->status);
		dsr_buf_putc(&b, ']');
		if (extra && *extra) {
			dsr_buf_putc(&b, ',');
			dsr_buf_puts(&b, extra);
		}
		dsr_buf_puts(&b, "}\n");
		json_flush(&b);
		dsr_buf_free(&b);
		return;
	}
	const char *author = client_author();
	printf("%s (by %s, event %.8s:%" PRIu64 ")\n", what, *author ? author : "analyst",
	       origin, ar->n_local ? ar->local[0]->seq : 0);
}

int curate_note_opt(int c, const char *arg, void *ctx)
{
	if (c == 'm') {
		*(const char **)ctx = arg;
		return 0;
	}
	return DSR_EXIT_USAGE;
}
