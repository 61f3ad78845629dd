/* stix.c: the knowledge base as a STIX 2.1 bundle that means what it says.
 *
 * Actors: groups are intrusion-sets; countries are locations with their
 * ISO 3166-1 code (country.c; a country the table does not know stays an
 * identity); people, organisations, governments and media are identities.
 * Each attribution row (dsr_q_attribution) is a campaign, "attributed-to"
 * its responsible actor and "targets" its target, both with the row's
 * confidence; a responsible actor that cannot be attributed-to (a country,
 * a person, an organisation) is represented as a threat-actor, located-at
 * its country or attributed-to its identity.  Each article is a report
 * whose object_refs are what it supports (its actors, its claims' notes,
 * the campaigns it carries); each claim is a note (the quoted text, who
 * says it with what cue, its stance and hedging); analysts' grades and
 * statuses are opinions, and their notes notes, created by the analyst's
 * identity.  dossier's own
 * properties live in one extension-definition, used through `extensions`.
 *
 * Nothing in a bundle comes from the export's clock: ids are name-based
 * UUIDs of content, `created` and `modified` are the times of the events
 * behind each object (their HLC's wall part), and the bundle id is made
 * from the log position (version vector) and the options, so the same
 * events give the same bytes, and a change bumps `modified` on the
 * objects whose content it changes (docs/export.md says which).
 *
 * It reads: the articles' times, actors, then the claims once (times of each proposition),
 * the attribution rows (campaigns), the claims again (notes, opinions),
 * then the indicators of compromise (stix_ioc.c), then the articles
 * (reports, whose references were gathered on the way and sorted), and
 * last the analysts behind the opinions.  The claims' part is
 * stix_claims.c; the pieces all use are stix_obj.c (stix.h). */
#include "export/stix.h"
#include "base/api.h"
#include "hlc.h"
#include "error.h"
#include "query/api.h"
#include "view/api.h"

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* When the first version of this mapping was defined: the time of the
 * objects that do not come from the log (dossier's identity and the
 * extension definition). */
#define DEFINED_MS 1796601600000ull /* 2026-12-07T00:00:00.000Z */
#define EXT_VERSION "1.0"

/* ---- actors ------------------------------------------------------------ */

/* The country code of an actor of kind country: by its name, else by the
 * first of its aliases that the table knows. */
static const char *country_of(const Dpb__ActorInfo *a)
{
	const char *cc = dsr__country_code(a->name);
	for (size_t i = 0; !cc && i < a->n_aliases; i++)
		cc = dsr__country_code(a->aliases[i]);
	return cc;
}

static int on_actor(void *ctx, const Dpb__ActorInfo *a)
{
	stx *x = ctx;
	dsr_buf *b = x->b;
	if (dsr__stix_grow((void **)&x->actors, &x->cap, x->nactors, sizeof *x->actors, 64))
		return -ENOMEM;
	actor_ref *r = &x->actors[x->nactors++];
	memset(r, 0, sizeof *r);
	snprintf(r->key, sizeof r->key, "%s", a->key);
	r->kind = a->kind;
	const char *cc = a->kind == DPB__ACTOR_KIND__KIND_COUNTRY ? country_of(a) : NULL;
	r->as = a->kind == DPB__ACTOR_KIND__KIND_GROUP ? AS_SET : cc ? AS_LOCATION : AS_IDENTITY;
	static const char *const types[] = { "identity", "intrusion-set", "location" };
	const char *type = types[r->as];
	dsr__stix_id(r->id, type, a->key, strlen(a->key));
	/* Its times: the articles naming it (their events carry its
	 * mentions), and the analysts' acts on its names. */
	facts f;
	int rc = dsr__stix_acts_of(x, a->name, &f);
	if (rc) {
		dsr__stix_facts_free(&f);
		return rc;
	}
	r->t = f.t;
	r->curated = f.curated;
	for (size_t i = 0; i < a->n_articles; i++)
		if (a->articles[i].len == DSR_ID_LEN)
			dsr__stix_times_join(&r->t, dsr__stix_article_times(x, a->articles[i].data));
	dsr__stix_begin(x, type, r->id, r->t, x->maker);
	dsr_buf_puts(b, ",\"name\":");
	dsr__stix_str(b, a->name);
	switch (r->as) {
	case AS_SET:
		dsr__stix_prop_strs(b, "aliases", a->aliases, a->n_aliases);
		break;
	case AS_LOCATION:
		dsr_buf_printf(b, ",\"country\":\"%s\"", cc);
		break;
	case AS_IDENTITY: {
		static const char *const cls[] = { "unknown", "individual", "organization",
			"organization", "organization", "group", "organization", "unknown" };
		dsr_buf_printf(b, ",\"identity_class\":\"%s\"",
			       cls[a->kind >= 0 && a->kind <= 7 ? a->kind : 0]);
		if (a->kind == DPB__ACTOR_KIND__KIND_GOVERNMENT ||
		    a->kind == DPB__ACTOR_KIND__KIND_COUNTRY)
			dsr_buf_puts(b, ",\"sectors\":[\"government\"]");
		if (a->kind == DPB__ACTOR_KIND__KIND_MEDIA)
			dsr_buf_puts(b, ",\"sectors\":[\"communications\"]");
		break;
	}
	}
	/* Its mentions: every article naming it bumps `modified` (it can
	 * change the display name), and so changes what the object says. */
	dsr__stix_ext_open(x);
	dsr_buf_printf(b, ",\"kind\":\"%s\"", dsr__stix_kind_word(a->kind));
	if (r->as != AS_SET)
		dsr__stix_prop_strs(b, "aliases", a->aliases, a->n_aliases);
	dsr_buf_printf(b, ",\"mentions\":%llu", (unsigned long long)a->mentions);
	dsr__stix_ext_close(x);
	dsr_buf_putc(b, '}');
	for (size_t i = 0; i < a->n_articles; i++)
		if (a->articles[i].len == DSR_ID_LEN)
			dsr__stix_add_ref(x, a->articles[i].data, r->id, r->curated);
	dsr__stix_analyst_notes(x, &f, r->id);
	dsr__stix_facts_free(&f);
	return dsr__out_drain(x->o, false);
}

/* The threat-actor standing for a responsible actor that is not a group:
 * a country's state (nation-state, located-at its location), or a person
 * or organisation (attributed-to its identity). */
struct ta_ctx {
	stx *x;
	actor_ref *r;
};

static int on_threat_actor(void *ctx, const Dpb__ActorInfo *a)
{
	struct ta_ctx *c = ctx;
	stx *x = c->x;
	actor_ref *r = c->r;
	dsr_buf *b = x->b;
	dsr__stix_id(r->ta, "threat-actor", r->key, strlen(r->key));
	bool state = r->kind == DPB__ACTOR_KIND__KIND_COUNTRY ||
		     r->kind == DPB__ACTOR_KIND__KIND_GOVERNMENT;
	dsr__stix_begin(x, "threat-actor", r->ta, r->t, x->maker);
	dsr_buf_puts(b, ",\"name\":");
	dsr__stix_str(b, a->name);
	dsr_buf text = DSR_BUF_INIT;
	dsr_buf_printf(&text, "%s%s, as said to be responsible for acts.",
		       r->as == AS_LOCATION ? "The state of " : "", a->name);
	dsr_buf_cstr(&text);
	dsr__stix_prop_str(b, "description", (char *)text.data);
	dsr_buf_free(&text);
	dsr_buf_printf(b, ",\"threat_actor_types\":[\"%s\"]", state ? "nation-state" : "unknown");
	dsr__stix_prop_strs(b, "aliases", a->aliases, a->n_aliases);
	dsr__stix_ext_open(x);
	dsr_buf_printf(b, ",\"kind\":\"%s\",\"mentions\":%llu", dsr__stix_kind_word(a->kind),
		       (unsigned long long)a->mentions);
	dsr__stix_ext_close(x);
	dsr_buf_putc(b, '}');
	char rid[80];
	const char *type = r->as == AS_LOCATION ? "located-at" : "attributed-to";
	char k[DSR_NAME_KEY_MAX + 16];
	snprintf(k, sizeof k, "%s/%s", type, r->key);
	dsr__stix_id(rid, "relationship", k, strlen(k));
	/* It changes only with the clusters at either end. */
	times rt = { r->t.first, r->curated > r->t.first ? r->curated : r->t.first };
	dsr__stix_relationship(x, rid, type, r->ta, r->id, rt, NULL, NULL);
	return dsr__out_drain(x->o, false);
}

/* ---- attribution rows: campaigns ------------------------------------ */

static void names_list(dsr_buf *b, char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		dsr_buf_printf(b, "%s%s", i ? (i + 1 == n ? " and " : ", ") : "", v[i]);
}

static int on_row(void *ctx, const Dpb__AttributionInfo *a)
{
	stx *x = ctx;
	dsr_buf *b = x->b;
	actor_ref *resp = dsr__stix_actor_by_key(x, a->responsible_key);
	if (!resp || a->proposition.len != DSR_ID_LEN)
		return 0;
	actor_ref *target = dsr__stix_actor_by_key(x, a->target_key);
	/* campaign targets identity and location only */
	if (target && target->as == AS_SET)
		target = NULL;
	if (resp->as != AS_SET && !*resp->ta) {
		struct ta_ctx tc = { x, resp };
		int rc = dsr_q_actor(x->t, a->responsible, 0, on_threat_actor, &tc);
		if (rc || !*resp->ta)
			return rc == DSR_ENOTFOUND ? 0 : rc;
	}
	if (dsr__stix_grow((void **)&x->rows, &x->caprows, x->nrows, sizeof *x->rows, 16))
		return -ENOMEM;
	row *w = &x->rows[x->nrows++];
	memcpy(w->prop, a->proposition.data, DSR_ID_LEN);
	snprintf(w->resp, sizeof w->resp, "%s", resp->as == AS_SET ? "" : resp->ta);
	snprintf(w->agent, sizeof w->agent, "%s", resp->as == AS_SET ? resp->id : resp->ta);
	w->targets = target != NULL;

	/* Its times: its claims', and the names of the actors it names. */
	const prop_time *p = dsr__stix_prop_of(x, a->proposition);
	times t = p ? p->t : (times){ 0, 0 };
	dsr__stix_times_ms(&t, resp->curated);
	if (target)
		dsr__stix_times_ms(&t, target->curated);
	char cid[80], rid[80];
	dsr__stix_id2(cid, "campaign", a->proposition.data, "");
	dsr__stix_begin(x, "campaign", cid, t, x->maker);
	dsr_buf text = DSR_BUF_INIT;
	dsr_buf_printf(&text, "%s, attributed to %s", a->act, a->responsible);
	dsr_buf_cstr(&text);
	dsr_buf_puts(b, ",\"name\":");
	dsr__stix_str(b, (char *)text.data);
	text.len = 0;
	dsr_buf_printf(&text, "%s is said to be responsible for %s (%s)", a->responsible,
		       a->act, a->act_class);
	if (*a->target)
		dsr_buf_printf(&text, " against %s", a->target);
	if (a->n_asserted_by) {
		dsr_buf_puts(&text, "; asserted by ");
		names_list(&text, a->asserted_by, a->n_asserted_by);
	}
	if (a->n_denied_by) {
		dsr_buf_puts(&text, "; denied by ");
		names_list(&text, a->denied_by, a->n_denied_by);
	}
	dsr_buf_printf(&text, "; %u report(s) for, %u against, in %u outlet(s): %s.",
		       a->reports_for, a->reports_against, a->outlets, a->likelihood);
	dsr_buf_cstr(&text);
	dsr_buf_puts(b, ",\"description\":");
	dsr__stix_str(b, (char *)text.data);
	dsr_buf_printf(b, ",\"confidence\":%u", a->confidence);
	dsr__stix_ext_open(x);
	dsr__stix_prop_hex(b, "proposition", a->proposition);
	dsr__stix_prop_str(b, "act", a->act);
	dsr__stix_prop_str(b, "act_class", a->act_class);
	dsr__stix_prop_str(b, "likelihood", a->likelihood);
	dsr__stix_prop_strs(b, "asserted_by", a->asserted_by, a->n_asserted_by);
	dsr__stix_prop_strs(b, "denied_by", a->denied_by, a->n_denied_by);
	dsr_buf_printf(b, ",\"outlets\":%u,\"reports_for\":%u,\"reports_against\":%u,"
		       "\"claims\":%u", a->outlets, a->reports_for, a->reports_against,
		       a->nclaims);
	dsr__stix_prop_str(b, "first_reported", a->first_reported);
	dsr_buf_printf(b, ",\"weight_for\":%llu,\"weight_against\":%llu",
		       (unsigned long long)a->weight_for, (unsigned long long)a->weight_against);
	if (p)
		dsr_buf_printf(b, ",\"assessed_claims\":%u", p->assessed);
	dsr__stix_ext_close(x);
	dsr_buf_putc(b, '}');

	dsr__stix_id2(rid, "relationship", a->proposition.data, "attributed-to");
	text.len = 0;
	dsr_buf_printf(&text, "%s is said to be behind it: %s.", a->responsible, a->likelihood);
	dsr_buf_cstr(&text);
	dsr__stix_relationship(x, rid, "attributed-to", cid, resp->as == AS_SET ? resp->id : resp->ta, t,
		     a, (char *)text.data);
	if (target) {
		dsr__stix_id2(rid, "relationship", a->proposition.data, "targets");
		text.len = 0;
		dsr_buf_printf(&text, "Its target: %s.", a->target);
		dsr_buf_cstr(&text);
		dsr__stix_relationship(x, rid, "targets", cid, target->id, t, a, (char *)text.data);
	}
	dsr_buf_free(&text);
	return dsr__out_drain(x->o, false);
}

/* ---- articles: reports ----------------------------------------------- */

static int on_article(void *ctx, const Dpb__ArticleInfo *a)
{
	stx *x = ctx;
	dsr_buf *b = x->b;
	if (a->id.len != DSR_ID_LEN)
		return 0;
	char rid[80], h[2 * DSR_ID_LEN + 1], pub[40];
	dsr__stix_id(rid, "report", a->id.data, a->id.len);
	dsr_hex(a->id.data, DSR_ID_LEN, h);
	/* its references: the run of them under its id */
	size_t lo = 0, hi = x->nrefs;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (memcmp(x->refs[mid].article, a->id.data, DSR_ID_LEN) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t end = lo;
	times t = dsr__stix_article_times(x, a->id.data);
	for (; end < x->nrefs && !memcmp(x->refs[end].article, a->id.data, DSR_ID_LEN); end++)
		dsr__stix_times_ms(&t, x->refs[end].ms);
	/* Published: the article's day, else when it was filed.  Made from
	 * the parsed day, never copied: a filed date is any UTF-8. */
	int y, m, d;
	if (dsr__parse_date(a->published, &y, &m, &d))
		snprintf(pub, sizeof pub, "%04d-%02d-%02dT00:00:00.000Z", y, m, d);
	else
		dsr_iso_time(t.first, pub);
	dsr__stix_begin(x, "report", rid, t, x->maker);
	dsr_buf_puts(b, ",\"name\":");
	if (a->title && *a->title) {
		dsr__stix_str(b, a->title);
	} else {
		char n[64];
		snprintf(n, sizeof n, "Article %.16s", h);
		dsr__stix_str(b, n);
	}
	dsr_buf_printf(b, ",\"report_types\":[\"threat-report\"],\"published\":\"%s\"", pub);
	dsr_buf_puts(b, ",\"external_references\":[{\"source_name\":");
	dsr__stix_str(b, a->publisher && *a->publisher ? a->publisher : "article");
	dsr__stix_prop_str(b, "url", a->url);
	dsr_buf_printf(b, ",\"external_id\":\"%s\"}],\"object_refs\":[", h);
	int n = 0;
	const char *last = NULL;
	for (size_t i = lo; i < end; i++) {
		const char *id = (const char *)x->ids.data + x->refs[i].at;
		if (last && !strcmp(last, id))
			continue;
		dsr_buf_printf(b, "%s\"%s\"", n++ ? "," : "", id);
		last = id;
	}
	if (!n)
		dsr_buf_printf(b, "\"%s\"", x->maker);
	dsr_buf_puts(b, "]}");
	return dsr__out_drain(x->o, false);
}

/* ---- what does not come from the log --------------------------------- */

/* The properties of dossier's extension, as a JSON schema (the
 * extension definition's `schema`, as text). */
static const char ext_schema[] =
	"{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\","
	"\"title\":\"dossier property extension " EXT_VERSION "\",\"type\":\"object\","
	"\"properties\":{"
	"\"extension_type\":{\"const\":\"property-extension\"},"
	"\"kind\":{\"description\":\"the actor's kind in dossier\",\"enum\":[\"unspecified\","
	"\"person\",\"organization\",\"government\",\"country\",\"group\",\"media\",\"other\"]},"
	"\"aliases\":{\"description\":\"every other name of the actor\",\"type\":\"array\","
	"\"items\":{\"type\":\"string\"},\"minItems\":1},"
	"\"claim\":{\"description\":\"the claim's id in dossier\",\"type\":\"string\","
	"\"pattern\":\"^[0-9a-f]{32}$\"},"
	"\"article\":{\"description\":\"the id of the article the claim was drawn from\","
	"\"type\":\"string\",\"pattern\":\"^[0-9a-f]{32}$\"},"
	"\"span\":{\"description\":\"the claim's bytes in the article text: [start, end)\","
	"\"type\":\"array\",\"items\":{\"type\":\"integer\",\"minimum\":0},"
	"\"minItems\":2,\"maxItems\":2},"
	"\"source\":{\"description\":\"the claim's source as written\",\"type\":\"string\"},"
	"\"source_actor\":{\"description\":\"the source's actor (display name)\","
	"\"type\":\"string\"},"
	"\"source_ref\":{\"description\":\"the source's actor object\",\"type\":\"string\"},"
	"\"cue\":{\"description\":\"the words that report the claim (said, denied)\","
	"\"type\":\"string\"},"
	"\"claim_text\":{\"description\":\"what the claim says, as extracted\","
	"\"type\":\"string\"},"
	"\"stance\":{\"enum\":[\"asserts\",\"denies\"]},"
	"\"hedged\":{\"description\":\"the claim is hedged (may, reportedly)\","
	"\"type\":\"boolean\"},"
	"\"proposition\":{\"description\":\"the id of the proposition the claim states\","
	"\"type\":\"string\",\"pattern\":\"^[0-9a-f]{32}$\"},"
	"\"likelihood\":{\"description\":\"the confidence in ICD 203 words\","
	"\"type\":\"string\"},"
	"\"sources\":{\"description\":\"independent sources asserting the proposition\","
	"\"type\":\"integer\",\"minimum\":0},"
	"\"corroborating\":{\"description\":\"other claims of the proposition\","
	"\"type\":\"integer\",\"minimum\":0},"
	"\"contradicting\":{\"description\":\"claims of the proposition with the opposite "
	"stance\",\"type\":\"integer\",\"minimum\":0},"
	"\"act\":{\"description\":\"the act as most claims name it\",\"type\":\"string\"},"
	"\"act_class\":{\"description\":\"attack, leak, ...\",\"type\":\"string\"},"
	"\"asserted_by\":{\"type\":\"array\",\"items\":{\"type\":\"string\"},\"minItems\":1},"
	"\"denied_by\":{\"type\":\"array\",\"items\":{\"type\":\"string\"},\"minItems\":1},"
	"\"outlets\":{\"type\":\"integer\",\"minimum\":0},"
	"\"reports_for\":{\"type\":\"integer\",\"minimum\":0},"
	"\"reports_against\":{\"type\":\"integer\",\"minimum\":0},"
	"\"claims\":{\"description\":\"the claims stating it\",\"type\":\"integer\","
	"\"minimum\":0},"
	"\"first_reported\":{\"type\":\"string\",\"format\":\"date\"},"
	"\"mentions\":{\"description\":\"how often articles name the actor\","
	"\"type\":\"integer\",\"minimum\":0},"
	"\"proposition_claims\":{\"description\":\"the claims stating the proposition, "
	"reprints included\",\"type\":\"integer\",\"minimum\":0},"
	"\"assessed_claims\":{\"description\":\"the claims of the proposition that "
	"analysts graded, confirmed, disputed or retracted\",\"type\":\"integer\","
	"\"minimum\":0},"
	"\"weight_for\":{\"description\":\"the summed weight of the independent reports "
	"for the proposition, per mille\",\"type\":\"integer\",\"minimum\":0},"
	"\"weight_against\":{\"description\":\"and against it\",\"type\":\"integer\","
	"\"minimum\":0},"
	"\"reliability\":{\"description\":\"Admiralty scale\",\"enum\":[\"A\",\"B\",\"C\",\"D\","
	"\"E\",\"F\"]},"
	"\"credibility\":{\"description\":\"Admiralty scale\",\"type\":\"integer\","
	"\"minimum\":1,\"maximum\":6},"
	"\"status\":{\"enum\":[\"confirmed\",\"disputed\",\"retracted\"]},"
	"\"status_note\":{\"type\":\"string\"}},"
	"\"required\":[\"extension_type\"],\"additionalProperties\":false}";

static const struct tlp_def {
	const char *name, *uuid, *label;
} tlp_defs[DSR_TLP_END] = {
#define XX(id, name, uuid, label) [DSR_TLP_##id] = { name, uuid, label },
	DSR_TLP_LEVELS(XX)
#undef XX
};

/* The TLP 2.0 marking definition, as OASIS publishes it. */
static void marking(stx *x, int tlp)
{
	dsr_buf *b = x->b;
	dsr_buf_puts(b, x->nobj++ ? ",\n  {" : "\n  {");
	dsr_buf_printf(b, "\"type\":\"marking-definition\",\"spec_version\":\"2.1\","
		       "\"id\":\"%s\",\"created\":\"2022-10-01T00:00:00.000Z\","
		       "\"name\":\"%s\",\"extensions\":{\"extension-definition--"
		       "60a3c5c5-0d10-413e-aab3-9e08dde9e88d\":{\"extension_type\":"
		       "\"property-extension\",\"tlp_2_0\":\"%s\"}}}",
		       x->marking, tlp_defs[tlp].label, tlp_defs[tlp].name);
}

static void constants(stx *x)
{
	dsr_buf *b = x->b;
	times def = { DEFINED_MS, DEFINED_MS };
	dsr__stix_begin(x, "identity", x->maker, def, NULL);
	dsr_buf_puts(b, ",\"name\":\"dossier\",\"description\":\"dossier, the incident "
		     "knowledge base: the facts it extracted from articles\","
		     "\"identity_class\":\"system\"}");
	dsr__stix_begin(x, "extension-definition", x->ext, def, x->maker);
	dsr_buf_puts(b, ",\"name\":\"dossier\",\"description\":\"dossier's properties: an "
		     "actor's kind and aliases, a claim's source, cue, stance, hedging, span "
		     "and proposition, an attribution's figures, an analyst's grade and "
		     "status\",\"schema\":");
	dsr__stix_str(b, ext_schema);
	dsr_buf_puts(b, ",\"version\":\"" EXT_VERSION "\",\"extension_types\":"
		     "[\"property-extension\"]}");
}

/* The bundle's id: the log position (every origin's seq and chain head)
 * and the options, so that the same events give the same id. */
static int vv_add(void *ctx, const dsr_vv_entry *e)
{
	crypto_generichash_state *st = ctx;
	uint8_t seq[8];
	dsr__put_be64(seq, e->seq);
	crypto_generichash_update(st, e->origin, DSR_ORIGIN_LEN);
	crypto_generichash_update(st, seq, 8);
	crypto_generichash_update(st, e->head, DSR_HASH_LEN);
	return 0;
}

static int bundle_id(dsr_rtxn *t, int tlp, char out[80])
{
	crypto_generichash_state st;
	uint8_t h[32];
	crypto_generichash_init(&st, NULL, 0, sizeof h);
	int rc = dsr_vv_each(t, vv_add, &st);
	uint8_t o = (uint8_t)tlp;
	crypto_generichash_update(&st, &o, 1);
	crypto_generichash_update(&st, (const uint8_t *)EXT_VERSION, sizeof EXT_VERSION);
	crypto_generichash_final(&st, h, sizeof h);
	dsr__stix_id(out, "bundle", h, sizeof h);
	return rc;
}

int dsr__export_stix(dsr_rtxn *t, uint64_t now_ms, dsr__out *o)
{
	(void)now_ms; /* a bundle says when its facts were made, not when it was */
	dsr_buf *out = &o->b;
	stx x = { .t = t, .o = o, .b = out, .wc = dsr_why_cache_new() };
	if (!x.wc)
		return -ENOMEM;
	dsr__stix_id(x.maker, "identity", "dossier", 7);
	dsr__stix_id(x.ext, "extension-definition", "dossier/" EXT_VERSION,
		strlen("dossier/" EXT_VERSION));
	int tlp = o->opts.tlp;
	if (tlp > DSR_TLP_NONE && tlp < DSR_TLP_END)
		snprintf(x.marking, sizeof x.marking, "marking-definition--%s", tlp_defs[tlp].uuid);
	char bid[80];
	int rc = bundle_id(t, tlp, bid);
	dsr_buf_printf(out, "{\"type\":\"bundle\",\"id\":\"%s\",\"objects\":[", bid);
	if (*x.marking)
		marking(&x, tlp);
	constants(&x);
	if (!rc)
		rc = dsr__stix_articles_read(&x);
	if (!rc)
		rc = dsr_q_actors(t, 0, DSR_ALL_ARTICLES, NULL, NULL, on_actor, &x);
	dsr_claim_filter cf = DSR_CLAIM_FILTER_ANY;
	if (!rc)
		rc = dsr_q_claims(t, &cf, NULL, NULL, dsr__stix_claim_times, &x);
	if (!rc)
		rc = x.rc;
	if (!rc) {
		dsr__stix_props_fold(&x);
		rc = dsr__stix_props_weigh(&x);
	}
	if (!rc)
		rc = dsr_q_attribution(t, NULL, NULL, NULL, on_row, &x);
	if (!rc && x.nrows)
		qsort(x.rows, x.nrows, sizeof *x.rows, dsr__stix_row_cmp);
	if (!rc)
		rc = dsr_q_claims(t, &cf, NULL, NULL, dsr__stix_claim, &x);
	if (!rc)
		rc = x.rc;
	if (!rc)
		rc = dsr__stix_indicators(&x);
	if (!rc && x.nrefs)
		qsort(x.refs, x.nrefs, sizeof *x.refs, dsr__stix_ref_cmp);
	if (!rc)
		rc = dsr_q_articles(t, NULL, NULL, on_article, &x);
	if (!rc)
		rc = dsr__stix_analysts(&x);
	dsr_buf_puts(out, "\n]}\n");
	dsr_why_cache_free(x.wc);
	free(x.actors);
	for (size_t i = 0; i < x.nnames; i++)
		free(x.names[i]);
	free(x.names);
	free(x.name_actor);
	free(x.refs);
	dsr_buf_free(&x.ids);
	free(x.props);
	free(x.rows);
	free(x.arows);
	free(x.arts);
	for (size_t i = 0; i < x.nanalysts; i++)
		free(x.analysts[i].name);
	free(x.analysts);
	return rc;
}
