/* misp.c: the knowledge base as one MISP event, in MISP's core format
 * (the JSON that MISP's event import and PyMISP's MISPEvent.load read),
 * keeping to what the format's schema lists for an event (attributes,
 * galaxies and tags; no objects):
 *
 *  - each article: a `link` attribute (its URL) and a `text` attribute
 *    (title, publisher, date), category "External analysis";
 *  - each attribution row: a `text` attribute in "Attribution" saying who
 *    is said to be responsible for what, asserted and denied by whom, tagged
 *    with its likelihood; its target as `target-org` or `target-location`
 *    ("Targeting data");
 *  - each group: a `threat-actor` attribute and a cluster of MISP's
 *    threat-actor galaxy, its aliases as synonyms; every actor a cluster of
 *    a "dossier-actor" galaxy with its kind and aliases;
 *  - each indicator of compromise: an attribute of its MISP type (ip-dst,
 *    domain, url, email-src, md5, sha1, sha256, sha512, vulnerability, btc; an
 *    ATT&CK technique a text), not marked for IDS: an article's mention is
 *    not a vetted detection;
 *  - each claim: a `text` attribute ("External analysis"): the source, its
 *    cue and the claim, with stance, hedging and confidence in the comment,
 *    tagged from MISP's own taxonomies: estimative-language likelihood, and
 *    when an analyst graded it admiralty-scale source reliability and
 *    information credibility.
 *
 * With --tlp the event carries the level as a tag of MISP's tlp taxonomy.
 * Ids are name-based UUIDs and every timestamp is the time of an event in
 * the log (the event's: the newest), never the export's clock, so the same
 * knowledge base gives the same bytes.  docs/export.md has the mapping. */
#include "export/impl.h"
#include "base/api.h"
#include "error.h"
#include "hlc.h"
#include "query.h"
#include "query/api.h"
#include "view/api.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct mx {
	dsr_rtxn *t;
	dsr__out *o;
	dsr_buf *b;           /* &o->b */
	int n;                /* items written in the current array */
	char event_uuid[37];
	uint64_t newest;      /* seconds: the newest event of the log */
	char first_day[11];   /* the earliest publication date, or "" */
	dsr_buf info;         /* the event's title */
	int pass;             /* actors: 0 attributes, 1 threat-actor galaxy, 2 ours */
} mx;

static const char *kind_word(int k)
{
	static const char *const w[] = { "unspecified", "person", "organization",
		"government", "country", "group", "media", "other" };
	return k >= 0 && k <= 7 ? w[k] : "other";
}

/* MISP's estimative-language taxonomy, from a 0-100 confidence (the
 * bands of dsr_likelihood). */
static const char *likelihood_tag(uint32_t c)
{
	return c < 5 ? "almost-no-chance" : c < 20 ? "very-unlikely" : c < 45 ? "unlikely" :
	       c <= 55 ? "roughly-even-chance" : c < 80 ? "likely" : c < 95 ? "very-likely" :
	       "almost-certain";
}

/* Opens an attribute: its uuid from (what, key), type, category,
 * timestamp (seconds). */
static void attr_begin(mx *x, const char *what, const void *key, size_t klen,
		       const char *type, const char *category, uint64_t secs)
{
	char u[37];
	dsr__uuid(u, what, key, klen);
	dsr_buf_puts(x->b, x->n++ ? ",\n  {" : "\n  {");
	dsr_buf_printf(x->b, "\"uuid\":\"%s\",\"type\":\"%s\",\"category\":\"%s\","
		       "\"to_ids\":false,\"distribution\":\"5\",\"timestamp\":\"%" PRIu64 "\"",
		       u, type, category, secs);
}

static void put_field(dsr_buf *b, const char *name, const char *value)
{
	dsr_buf_printf(b, ",\"%s\":", name);
	dsr__jstr(b, value);
}

/* The time of the event (origin, seq), in seconds; 0 when not found. */
static uint64_t event_secs(dsr_rtxn *t, const uint8_t *origin, size_t olen, uint64_t seq)
{
	uint64_t pos, secs = 0;
	Dpb__Event *ev;
	if (olen != DSR_ORIGIN_LEN || dsr_log_find(t, origin, seq, &pos) ||
	    dsr_log_decode(t, pos, &ev))
		return 0;
	secs = (ev->hlc >> 16) / 1000;
	dpb__event__free_unpacked(ev, NULL);
	return secs;
}

/* ---- first pass: the event's own fields ---------------------------------- */

static int first_day(void *ctx, const Dpb__ArticleInfo *a)
{
	mx *x = ctx;
	int y, m, d;
	char day[16];
	if (!dsr__parse_date(a->published, &y, &m, &d))
		return 0;
	snprintf(day, sizeof day, "%04d-%02d-%02d", y, m, d);
	if (!x->first_day[0] || strcmp(day, x->first_day) < 0)
		memcpy(x->first_day, day, sizeof x->first_day);
	return 0;
}

static void row_sentence(dsr_buf *b, const Dpb__AttributionInfo *a)
{
	dsr_buf_printf(b, "%s is said to be responsible for %s", a->responsible, a->act);
	if (a->target && *a->target)
		dsr_buf_printf(b, " (target: %s)", a->target);
}

static int first_row(void *ctx, const Dpb__AttributionInfo *a)
{
	mx *x = ctx;
	if (!x->info.len)
		row_sentence(&x->info, a);
	return 0;
}

/* ---- attributes ----------------------------------------------------------- */

static int on_article(void *ctx, const Dpb__ArticleInfo *a)
{
	mx *x = ctx;
	dsr_buf *b = x->b;
	uint64_t secs = event_secs(x->t, a->origin.data, a->origin.len, a->seq);
	char h[2 * DSR_ID_LEN + 1] = "";
	if (a->id.len == DSR_ID_LEN)
		dsr_hex(a->id.data, DSR_ID_LEN, h);
	dsr_buf line = DSR_BUF_INIT;
	dsr_buf_printf(&line, "%s", a->title && *a->title ? a->title : "(untitled article)");
	if (a->publisher && *a->publisher)
		dsr_buf_printf(&line, " (%s", a->publisher);
	if (a->published && *a->published)
		dsr_buf_printf(&line, "%s%s", a->publisher && *a->publisher ? ", " : " (",
			       a->published);
	if ((a->publisher && *a->publisher) || (a->published && *a->published))
		dsr_buf_putc(&line, ')');
	dsr_buf_cstr(&line);
	char comment[80];
	snprintf(comment, sizeof comment, "dossier article %s", h);
	if (a->url && *a->url) {
		attr_begin(x, "misp-article-link", a->id.data, a->id.len, "link",
			   "External analysis", secs);
		put_field(b, "value", a->url);
		put_field(b, "comment", (char *)line.data);
		dsr_buf_putc(b, '}');
	}
	attr_begin(x, "misp-article-text", a->id.data, a->id.len, "text", "External analysis",
		   secs);
	put_field(b, "value", (char *)line.data);
	put_field(b, "comment", comment);
	dsr_buf_putc(b, '}');
	dsr_buf_free(&line);
	return dsr__out_drain(x->o, false);
}

static void put_tags(dsr_buf *b, const char *const *tags, int n)
{
	if (!n)
		return;
	dsr_buf_puts(b, ",\"Tag\":[");
	for (int i = 0; i < n; i++) {
		dsr_buf_puts(b, i ? ",{\"name\":" : "{\"name\":");
		dsr__jstr(b, tags[i]);
		dsr_buf_putc(b, '}');
	}
	dsr_buf_putc(b, ']');
}

static int kind_of(void *ctx, const Dpb__ActorInfo *a)
{
	*(int *)ctx = a->kind;
	return 0;
}

static int on_row(void *ctx, const Dpb__AttributionInfo *a)
{
	mx *x = ctx;
	dsr_buf *b = x->b;
	dsr_buf v = DSR_BUF_INIT, c = DSR_BUF_INIT;
	row_sentence(&v, a);
	if (a->n_asserted_by) {
		dsr_buf_puts(&v, "; asserted by ");
		for (size_t i = 0; i < a->n_asserted_by; i++)
			dsr_buf_printf(&v, "%s%s", i ? ", " : "", a->asserted_by[i]);
	}
	if (a->n_denied_by) {
		dsr_buf_puts(&v, "; denied by ");
		for (size_t i = 0; i < a->n_denied_by; i++)
			dsr_buf_printf(&v, "%s%s", i ? ", " : "", a->denied_by[i]);
	}
	dsr_buf_cstr(&v);
	dsr_buf_printf(&c, "confidence %u (%s); %u claim(s) in %u outlet(s)", a->confidence,
		       a->likelihood, a->nclaims, a->outlets);
	if (a->first_reported && *a->first_reported)
		dsr_buf_printf(&c, "; first reported %s", a->first_reported);
	dsr_buf_cstr(&c);
	attr_begin(x, "misp-attribution", a->proposition.data, a->proposition.len, "text",
		   "Attribution", x->newest);
	put_field(b, "value", (char *)v.data);
	put_field(b, "comment", (char *)c.data);
	char tag[96];
	snprintf(tag, sizeof tag, "estimative-language:likelihood-probability=\"%s\"",
		 likelihood_tag(a->confidence));
	const char *tags[] = { tag };
	put_tags(b, tags, 1);
	dsr_buf_putc(b, '}');
	if (a->target && *a->target) {
		dsr_buf key = DSR_BUF_INIT;
		dsr_buf_append(&key, a->proposition.data, a->proposition.len);
		dsr_buf_puts(&key, a->target_key);
		/* a place is a target-location; anyone else a target-org */
		int kind = 0;
		(void)dsr_q_actor(x->t, a->target, 0, kind_of, &kind);
		attr_begin(x, "misp-target", key.data, key.len,
			   kind == DPB__ACTOR_KIND__KIND_COUNTRY ? "target-location" : "target-org",
			   "Targeting data", x->newest);
		put_field(b, "value", a->target);
		put_field(b, "comment", (char *)v.data);
		dsr_buf_putc(b, '}');
		dsr_buf_free(&key);
	}
	dsr_buf_free(&v);
	dsr_buf_free(&c);
	return dsr__out_drain(x->o, false);
}

static int on_actor(void *ctx, const Dpb__ActorInfo *a)
{
	mx *x = ctx;
	dsr_buf *b = x->b;
	bool group = a->kind == DPB__ACTOR_KIND__KIND_GROUP;
	if (x->pass == 0) {   /* a group: a threat-actor attribute */
		if (!group)
			return 0;
		attr_begin(x, "misp-threat-actor", a->key, strlen(a->key), "threat-actor",
			   "Attribution", x->newest);
		put_field(b, "value", a->name);
		if (a->n_aliases) {
			dsr_buf c = DSR_BUF_INIT;
			dsr_buf_puts(&c, "also named ");
			for (size_t i = 0; i < a->n_aliases; i++)
				dsr_buf_printf(&c, "%s%s", i ? ", " : "", a->aliases[i]);
			dsr_buf_cstr(&c);
			put_field(b, "comment", (char *)c.data);
			dsr_buf_free(&c);
		}
		dsr_buf_putc(b, '}');
		return dsr__out_drain(x->o, false);
	}
	if (x->pass == 1 && !group)
		return 0;
	/* a cluster: of MISP's threat-actor galaxy (pass 1), or of ours */
	const char *gtype = x->pass == 1 ? "threat-actor" : "dossier-actor";
	char u[37];
	dsr__uuid(u, gtype, a->key, strlen(a->key));
	dsr_buf_puts(b, x->n++ ? ",\n    {" : "\n    {");
	dsr_buf_printf(b, "\"uuid\":\"%s\",\"type\":\"%s\",\"value\":", u, gtype);
	dsr__jstr(b, a->name);
	dsr_buf tag = DSR_BUF_INIT;
	dsr_buf_printf(&tag, "misp-galaxy:%s=\"", gtype);
	for (const char *p = a->name; *p; p++)
		dsr_buf_putc(&tag, *p == '"' ? '\'' : *p);
	dsr_buf_putc(&tag, '"');
	dsr_buf_cstr(&tag);
	put_field(b, "tag_name", (char *)tag.data);
	dsr_buf_free(&tag);
	dsr_buf_puts(b, ",\"meta\":{");
	if (x->pass == 2)
		dsr_buf_printf(b, "\"kind\":[\"%s\"],", kind_word(a->kind));
	dsr_buf_puts(b, "\"synonyms\":[");
	for (size_t i = 0; i < a->n_aliases; i++) {
		if (i)
			dsr_buf_putc(b, ',');
		dsr__jstr(b, a->aliases[i]);
	}
	dsr_buf_puts(b, "]}}");
	return dsr__out_drain(x->o, false);
}

static int on_claim(void *ctx, const Dpb__ClaimInfo *c)
{
	mx *x = ctx;
	dsr_buf *b = x->b;
	dsr_buf v = DSR_BUF_INIT, cm = DSR_BUF_INIT;
	const char *src = c->source_actor && *c->source_actor ? c->source_actor :
			  c->source && *c->source ? c->source : "(unattributed)";
	dsr_buf_printf(&v, "%s %s: %s", src, c->cue && *c->cue ? c->cue : "reports",
		       c->content ? c->content : "");
	dsr_buf_cstr(&v);
	char h[2 * DSR_ID_LEN + 1] = "", ah[2 * DSR_ID_LEN + 1] = "";
	if (c->id.len == DSR_ID_LEN)
		dsr_hex(c->id.data, DSR_ID_LEN, h);
	if (c->article.len == DSR_ID_LEN)
		dsr_hex(c->article.data, DSR_ID_LEN, ah);
	dsr_buf_printf(&cm, "dossier claim %s in article %s; %s, %s; confidence %u (%s); "
		       "%u corroborating, %u contradicting", h, ah,
		       c->stance ? "denies" : "asserts", c->hedged ? "hedged" : "firm",
		       c->confidence, c->likelihood, c->corroborating, c->contradicting);
	if (c->n_about) {
		dsr_buf_puts(&cm, "; about ");
		for (size_t i = 0; i < c->n_about; i++)
			dsr_buf_printf(&cm, "%s%s", i ? ", " : "", c->about[i]);
	}
	if (c->status)
		dsr_buf_printf(&cm, "; %s by an analyst", c->status == 1 ? "confirmed" :
			       c->status == 2 ? "disputed" : "retracted");
	dsr_buf_cstr(&cm);
	attr_begin(x, "misp-claim", c->id.data, c->id.len, "text", "External analysis",
		   (c->hlc >> 16) / 1000);
	put_field(b, "value", (char *)v.data);
	put_field(b, "comment", (char *)cm.data);
	char t1[96], t2[80], t3[80];
	const char *tags[3];
	int n = 0;
	snprintf(t1, sizeof t1, "estimative-language:likelihood-probability=\"%s\"",
		 likelihood_tag(c->confidence));
	tags[n++] = t1;
	if (c->reliability && c->reliability[0] >= 'A' && c->reliability[0] <= 'F') {
		snprintf(t2, sizeof t2, "admiralty-scale:source-reliability=\"%c\"",
			 tolower((unsigned char)c->reliability[0]));
		tags[n++] = t2;
	}
	if (c->credibility >= 1 && c->credibility <= 6) {
		snprintf(t3, sizeof t3, "admiralty-scale:information-credibility=\"%u\"",
			 c->credibility);
		tags[n++] = t3;
	}
	put_tags(b, tags, n);
	dsr_buf_putc(b, '}');
	dsr_buf_free(&v);
	dsr_buf_free(&cm);
	return dsr__out_drain(x->o, false);
}

/* An indicator of compromise: the MISP attribute type and category of
 * each of dossier's types (an ATT&CK technique has no attribute type of
 * its own: a text in "External analysis"). */
static int on_ioc(void *ctx, const Dpb__IndicatorInfo *d)
{
	static const struct {
		const char *ours, *type, *category;
	} map[] = {
		{ "ipv4", "ip-dst", "Network activity" }, { "ipv6", "ip-dst", "Network activity" },
		{ "domain", "domain", "Network activity" }, { "url", "url", "Network activity" },
		{ "email", "email-src", "Payload delivery" }, { "md5", "md5", "Payload delivery" },
		{ "sha1", "sha1", "Payload delivery" }, { "sha256", "sha256", "Payload delivery" },
		{ "sha512", "sha512", "Payload delivery" },
		{ "cve", "vulnerability", "External analysis" },
		{ "attack-technique", "text", "External analysis" },
		{ "btc", "btc", "Financial fraud" },
	};
	mx *x = ctx;
	size_t i = 0;
	while (i < sizeof map / sizeof *map && strcmp(map[i].ours, d->type))
		i++;
	if (i == sizeof map / sizeof *map)
		return 0;
	uint64_t secs = x->newest;
	Dpb__Event *ev;
	if (d->first.len == DSR_ID_LEN &&
	    dsr__fact_winner(x->t->s, x->t->txn, DSR__DB_V_INDICATOR, d->first.data, &ev,
			     NULL) == 0) {
		secs = (ev->hlc >> 16) / 1000;
		dpb__event__free_unpacked(ev, NULL);
	}
	dsr_buf key = DSR_BUF_INIT, c = DSR_BUF_INIT;
	dsr_buf_printf(&key, "%s", d->type);
	dsr_buf_putc(&key, 0);
	dsr_buf_puts(&key, d->value);
	attr_begin(x, "misp-indicator", key.data, key.len, map[i].type, map[i].category, secs);
	put_field(x->b, "value", d->value);
	char h[2 * DSR_ID_LEN + 1] = "";
	if (d->first.len == DSR_ID_LEN)
		dsr_hex(d->first.data, DSR_ID_LEN, h);
	dsr_buf_printf(&c, "%s%s in %u article(s), %u time(s); first occurrence: %s",
		       !strcmp(d->type, "attack-technique") ? "ATT&CK technique; " : "", d->type,
		       d->narticles, d->occurrences, h);
	dsr_buf_cstr(&c);
	put_field(x->b, "comment", (char *)c.data);
	dsr_buf_putc(x->b, '}');
	dsr_buf_free(&key);
	dsr_buf_free(&c);
	return dsr__out_drain(x->o, false);
}

int dsr__export_misp(dsr_rtxn *t, uint64_t now_ms, dsr__out *o)
{
	(void)now_ms;
	mx x = { .t = t, .o = o, .b = &o->b };
	const uint8_t *origin = dsr_store_origin(t->s);
	dsr__uuid(x.event_uuid, "misp-event", origin, DSR_ORIGIN_LEN);
	/* the newest event's time stamps the event and what has no time of
	 * its own */
	uint64_t end = dsr_log_end(t);
	Dpb__Event *ev;
	if (end > 1 && dsr_log_decode(t, end - 1, &ev) == 0) {
		x.newest = (ev->hlc >> 16) / 1000;
		dpb__event__free_unpacked(ev, NULL);
	}
	int rc = dsr_q_articles(t, NULL, NULL, first_day, &x);
	dsr_page one = { NULL, 0, 1 };
	if (!rc)
		rc = dsr_q_attribution(t, NULL, &one, NULL, first_row, &x);
	if (rc) {
		dsr_buf_free(&x.info);
		return rc;
	}
	if (!x.info.len)
		dsr_buf_puts(&x.info, "dossier knowledge base");
	dsr_buf_cstr(&x.info);
	if (!x.first_day[0]) {
		time_t tt = (time_t)x.newest;
		struct tm tm;
		gmtime_r(&tt, &tm);
		strftime(x.first_day, sizeof x.first_day, "%Y-%m-%d", &tm);
	}
	char oh[2 * DSR_ORIGIN_LEN + 1], ou[37];
	dsr_hex(origin, DSR_ORIGIN_LEN, oh);
	dsr__uuid(ou, "misp-org", origin, DSR_ORIGIN_LEN);
	dsr_buf *b = x.b;
	dsr_buf_printf(b, "{\"Event\":{\"uuid\":\"%s\"", x.event_uuid);
	put_field(b, "info", (char *)x.info.data);
	dsr_buf_printf(b, ",\"date\":\"%s\",\"threat_level_id\":\"4\",\"analysis\":\"1\","
		       "\"distribution\":\"0\",\"published\":false,\"timestamp\":\"%" PRIu64 "\","
		       "\"Orgc\":{\"name\":\"dossier replica %.16s\",\"uuid\":\"%s\"},",
		       x.first_day, x.newest, oh, ou);
	/* --tlp: the event tagged from MISP's tlp taxonomy (tlp:amber, ...) */
	const char *tlp = dsr_tlp_name(o->opts.tlp);
	if (tlp)
		dsr_buf_printf(b, "\"Tag\":[{\"name\":\"tlp:%s\"}],", tlp);
	dsr_buf_puts(b, "\n\"Attribute\":[");
	dsr_buf_free(&x.info);
	rc = dsr_q_articles(t, NULL, NULL, on_article, &x);
	if (!rc)
		rc = dsr_q_attribution(t, NULL, NULL, NULL, on_row, &x);
	if (!rc)
		rc = dsr_q_actors(t, 0, 0, NULL, NULL, on_actor, &x);
	dsr_claim_filter cf = DSR_CLAIM_FILTER_ANY;
	if (!rc)
		rc = dsr_q_claims(t, &cf, NULL, NULL, on_claim, &x);
	if (!rc)
		rc = dsr_q_indicators(t, NULL, NULL, NULL, NULL, on_ioc, &x);
	char tu[37], du[37];
	dsr__uuid(tu, "misp-galaxy", "threat-actor", 12);
	dsr__uuid(du, "misp-galaxy", "dossier-actor", 13);
	dsr_buf_printf(b, "],\n\"Galaxy\":[{\"uuid\":\"%s\",\"type\":\"threat-actor\","
		       "\"name\":\"Threat Actor\",\"GalaxyCluster\":[", tu);
	x.n = 0;
	x.pass = 1;
	if (!rc)
		rc = dsr_q_actors(t, 0, 0, NULL, NULL, on_actor, &x);
	dsr_buf_printf(b, "]},\n {\"uuid\":\"%s\",\"type\":\"dossier-actor\","
		       "\"name\":\"dossier actors\",\"description\":\"Every actor of the "
		       "knowledge base, with its kind and the names it goes by\","
		       "\"GalaxyCluster\":[", du);
	x.n = 0;
	x.pass = 2;
	if (!rc)
		rc = dsr_q_actors(t, 0, 0, NULL, NULL, on_actor, &x);
	dsr_buf_puts(b, "]}]}}\n");
	return rc;
}
