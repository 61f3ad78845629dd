/* stix.c: the knowledge base as a STIX 2.1 bundle.
 *
 * Actors become identity objects (individuals, organizations; countries
 * and governments as organizations in the government sector), or
 * threat-actor objects for groups, with every alias.  Each article is a
 * report (published date, external reference to its URL and publisher,
 * referring to the actors it names and the claims it carries).  Each claim
 * becomes relationships with its confidence, from its source to each actor
 * it is about: "attributed-to" (from the group to the actor) when it says a
 * group is behind something, else "claims" or "denies", with the article,
 * span, stance, hedging, grade and status.  (Notes and opinions would say
 * the same, but the official bundle schema in ../shared does not list
 * them, so a bundle holding them does not validate.)  Object ids are UUIDs
 * derived from content, so exporting twice gives the same ids.
 * docs/export.md has the mapping. */
#include "export/impl.h"
#include "base/api.h"
#include "hlc.h"
#include "confidence.h"
#include "error.h"
#include "extract.h"
#include "query.h"
#include "query/api.h"
#include "view/api.h"

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "type--uuid" derived from (type, key): a name-based UUID (version 5
 * layout) so the schema's pattern holds and ids are stable. */
static void stix_id(char out[80], const char *type, const void *key, size_t klen)
{
	uint8_t h[16];
	crypto_generichash_state st;
	crypto_generichash_init(&st, NULL, 0, sizeof h);
	crypto_generichash_update(&st, (const uint8_t *)type, strlen(type) + 1);
	crypto_generichash_update(&st, key, klen);
	crypto_generichash_final(&st, h, sizeof h);
	h[6] = (uint8_t)((h[6] & 0x0f) | 0x50);
	h[8] = (uint8_t)((h[8] & 0x3f) | 0x80);
	char x[33];
	dsr_hex(h, 16, x);
	snprintf(out, 80, "%s--%.8s-%.4s-%.4s-%.4s-%.12s", type, x, x + 8, x + 12, x + 16,
		 x + 20);
}

static void jstr(dsr_buf *b, const char *s)
{
	dsr_buf_json_str(b, s ? s : "", s ? strlen(s) : 0);
}

/* Per actor: its STIX id, for references from reports, notes and
 * relationships. */
typedef struct actor_ref {
	char key[DSR_NAME_KEY_MAX];
	char id[80];
	int kind;
} actor_ref;

/* A report's reference to an object: the article, and where the object's
 * id is in stx.ids. */
typedef struct ref {
	uint8_t article[DSR_ID_LEN];
	uint32_t at;
} ref;

typedef struct stx {
	dsr_rtxn *t;
	dsr__out *o;
	dsr_buf *b;                /* &o->b */
	char when[40];
	char maker[80];            /* the exporting replica's identity */
	actor_ref *actors;         /* by cluster key, as dsr_q_actors gives them */
	size_t nactors, cap;
	/* names met in claims -> their actor (index + 1; 0: none) */
	char **names;
	uint32_t *name_actor;
	size_t nnames, capnames;
	int nobj;
	/* What each report refers to, sorted by article before the reports
	 * are written: a report costs its own references. */
	ref *refs;
	size_t nrefs, caprefs;
	dsr_buf ids;               /* NUL-terminated ids */
	int rc;
} stx;

static void begin(stx *x, const char *type, const char *id, const char *created)
{
	dsr_buf *b = x->b;
	dsr_buf_puts(b, x->nobj++ ? ",\n  {" : "\n  {");
	dsr_buf_printf(b, "\"type\":\"%s\",\"spec_version\":\"2.1\",\"id\":\"%s\","
		       "\"created\":\"%s\",\"modified\":\"%s\",\"created_by_ref\":\"%s\"",
		       type, id, created, created, x->maker);
}

static void add_ref(stx *x, const uint8_t *article, const char *id)
{
	if (x->nrefs == x->caprefs) {
		size_t nc = x->caprefs ? 2 * x->caprefs : 1024;
		ref *nr = realloc(x->refs, nc * sizeof *nr);
		if (!nr) {
			x->rc = -ENOMEM;
			return;
		}
		x->refs = nr;
		x->caprefs = nc;
	}
	ref *r = &x->refs[x->nrefs];
	memcpy(r->article, article, DSR_ID_LEN);
	r->at = (uint32_t)x->ids.len;
	if (dsr_buf_append(&x->ids, id, strlen(id) + 1)) {
		x->rc = -ENOMEM;
		return;
	}
	x->nrefs++;
}

/* By article, then in the order they were made. */
static int ref_cmp(const void *a, const void *b)
{
	const ref *x = a, *y = b;
	int c = memcmp(x->article, y->article, DSR_ID_LEN);
	return c ? c : (x->at > y->at) - (x->at < y->at);
}

static int actor_key_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const actor_ref *)elem)->key);
}

/* The actor a name belongs to: looked up once per distinct name. */
static const actor_ref *actor_of(stx *x, const char *name)
{
	size_t lo = 0, hi = x->nnames;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(x->names[mid], name);
		if (!c)
			return x->name_actor[mid] ? &x->actors[x->name_actor[mid] - 1] : NULL;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	dsr__keys mem = { DSR_BUF_INIT, 0 };
	char cl[DSR_NAME_KEY_MAX];
	const actor_ref *r = NULL;
	if (dsr__actor_members(x->t, name, &mem, cl) == 0)
		r = bsearch(cl, x->actors, x->nactors, sizeof *x->actors, actor_key_cmp);
	dsr_buf_free(&mem.b);
	/* remember it, keeping the names sorted */
	if (x->nnames == x->capnames) {
		size_t nc = x->capnames ? 2 * x->capnames : 256;
		char **nn = realloc(x->names, nc * sizeof *nn);
		if (nn)
			x->names = nn;
		uint32_t *na = nn ? realloc(x->name_actor, nc * sizeof *na) : NULL;
		if (na)
			x->name_actor = na;
		if (!nn || !na)
			return r;
		x->capnames = nc;
	}
	char *copy = strdup(name);
	if (!copy)
		return r;
	memmove(x->names + lo + 1, x->names + lo, (x->nnames - lo) * sizeof *x->names);
	memmove(x->name_actor + lo + 1, x->name_actor + lo,
		(x->nnames - lo) * sizeof *x->name_actor);
	x->names[lo] = copy;
	x->name_actor[lo] = r ? (uint32_t)(r - x->actors) + 1 : 0;
	x->nnames++;
	return r;
}

static int on_actor(void *ctx, const Dpb__ActorInfo *a)
{
	stx *x = ctx;
	dsr_buf *b = x->b;
	if (x->nactors == x->cap) {
		size_t nc = x->cap ? 2 * x->cap : 64;
		actor_ref *na = realloc(x->actors, nc * sizeof *na);
		if (!na)
			return -ENOMEM;
		x->actors = na;
		x->cap = nc;
	}
	actor_ref *r = &x->actors[x->nactors++];
	snprintf(r->key, sizeof r->key, "%s", a->key);
	r->kind = a->kind;
	bool group = a->kind == DPB__ACTOR_KIND__KIND_GROUP;
	const char *type = group ? "threat-actor" : "identity";
	stix_id(r->id, type, a->key, strlen(a->key));
	begin(x, type, r->id, x->when);
	dsr_buf_puts(b, ",\"name\":");
	jstr(b, a->name);
	if (group) {
		dsr_buf_puts(b, ",\"threat_actor_types\":[\"unknown\"]");
		if (a->n_aliases) {
			dsr_buf_puts(b, ",\"aliases\":[");
			for (size_t i = 0; i < a->n_aliases; i++) {
				if (i)
					dsr_buf_putc(b, ',');
				jstr(b, a->aliases[i]);
			}
			dsr_buf_putc(b, ']');
		}
	} else {
		static const char *const cls[] = { "unknown", "individual", "organization",
			"organization", "organization", "group", "organization", "unknown" };
		dsr_buf_printf(b, ",\"identity_class\":\"%s\"",
			       cls[a->kind <= 7 ? a->kind : 0]);
		if (a->kind == DPB__ACTOR_KIND__KIND_GOVERNMENT ||
		    a->kind == DPB__ACTOR_KIND__KIND_COUNTRY)
			dsr_buf_puts(b, ",\"sectors\":[\"government\"]");
		if (a->kind == DPB__ACTOR_KIND__KIND_MEDIA)
			dsr_buf_puts(b, ",\"sectors\":[\"communications\"]");
		if (a->n_aliases) {
			dsr_buf_puts(b, ",\"x_dossier_aliases\":[");
			for (size_t i = 0; i < a->n_aliases; i++) {
				if (i)
					dsr_buf_putc(b, ',');
				jstr(b, a->aliases[i]);
			}
			dsr_buf_putc(b, ']');
		}
	}
	static const char *const kinds[] = { "unspecified", "person", "organization",
		"government", "country", "group", "media", "other" };
	dsr_buf_printf(b, ",\"x_dossier_kind\":\"%s\",\"x_dossier_mentions\":%llu}",
		       kinds[a->kind <= 7 ? a->kind : 7], (unsigned long long)a->mentions);
	for (size_t i = 0; i < a->n_articles; i++)
		if (a->articles[i].len == DSR_ID_LEN)
			add_ref(x, a->articles[i].data, r->id);
	return dsr__out_drain(x->o, false);
}

/* One relationship of a claim: source --type--> target. */
static void relationship(stx *x, const Dpb__ClaimInfo *c, const char *type, const char *from,
			 const char *to, const char *to_key, const char *created)
{
	dsr_buf *b = x->b;
	char relid[80], h[2 * DSR_ID_LEN + 1];
	dsr_buf key = DSR_BUF_INIT;
	dsr_buf_append(&key, c->id.data, c->id.len);
	dsr_buf_puts(&key, to_key);
	stix_id(relid, "relationship", key.data, key.len);
	dsr_buf_free(&key);
	dsr_hex(c->id.data, DSR_ID_LEN, h);
	if (c->article.len == DSR_ID_LEN)
		add_ref(x, c->article.data, relid);
	begin(x, "relationship", relid, created);
	dsr_buf_printf(b, ",\"relationship_type\":\"%s\",\"source_ref\":\"%s\","
		       "\"target_ref\":\"%s\",\"confidence\":%u,\"description\":",
		       type, from, to, c->confidence);
	dsr_buf text = DSR_BUF_INIT;
	dsr_buf_printf(&text, "%s %s: %s", c->source_actor && *c->source_actor ? c->source_actor
					   : "(unattributed)",
		       c->cue && *c->cue ? c->cue : "reports", c->content);
	dsr_buf_cstr(&text);
	jstr(b, (char *)text.data);
	dsr_buf_free(&text);
	/* Where it was said: the article, with the quoted span. */
	if (c->article.len == DSR_ID_LEN) {
		char ah[2 * DSR_ID_LEN + 1];
		dsr_hex(c->article.data, DSR_ID_LEN, ah);
		dsr_buf_puts(b, ",\"external_references\":[{\"source_name\":");
		jstr(b, c->publisher && *c->publisher ? c->publisher : "article");
		dsr_buf_printf(b, ",\"external_id\":\"%s\"", ah);
		if (c->span)
			dsr_buf_printf(b, ",\"description\":\"bytes %u-%u of the article\"",
				       c->span->start, c->span->end);
		dsr_buf_puts(b, "}]");
	}
	dsr_buf_puts(b, ",\"x_dossier_claim\":");
	jstr(b, h);
	dsr_buf_printf(b, ",\"x_dossier_stance\":\"%s\",\"x_dossier_hedged\":%s,"
		       "\"x_dossier_likelihood\":\"%s\",\"x_dossier_sources\":%u,"
		       "\"x_dossier_contradicting\":%u",
		       c->stance ? "denies" : "asserts", c->hedged ? "true" : "false",
		       c->likelihood, c->sources, c->contradicting);
	if (c->proposition.len == DSR_ID_LEN) {
		char ph[2 * DSR_ID_LEN + 1];
		dsr_hex(c->proposition.data, DSR_ID_LEN, ph);
		dsr_buf_printf(b, ",\"x_dossier_proposition\":\"%s\",\"x_dossier_corroborating\":%u",
			       ph, c->corroborating);
	}
	if (c->status)
		dsr_buf_printf(b, ",\"x_dossier_status\":\"%s\"",
			       c->status == 1 ? "confirmed" : c->status == 2 ? "disputed" : "retracted");
	if (c->credibility)
		dsr_buf_printf(b, ",\"x_dossier_grade\":\"%s%u\"", c->reliability, c->credibility);
	dsr_buf_putc(b, '}');
}

/* A claim becomes relationships from its source (or, unattributed, from
 * the article's report) to each actor it is about: "attributed-to" when it
 * says a group is behind something, else "claims" or "denies". */
static int on_claim(void *ctx, const Dpb__ClaimInfo *c)
{
	stx *x = ctx;
	char rid[80], created[40];
	dsr_iso_time(c->hlc >> 16, created);
	if (c->article.len == DSR_ID_LEN)
		stix_id(rid, "report", c->article.data, c->article.len);
	else
		snprintf(rid, sizeof rid, "%s", x->maker);
	const actor_ref *src = c->source && *c->source ? actor_of(x, c->source) : NULL;
	const char *from = src ? src->id : rid;
	const actor_ref *about[16];
	size_t nab = 0;
	for (size_t i = 0; i < c->n_about && nab < 16; i++) {
		const actor_ref *r = actor_of(x, c->about[i]);
		bool dup = !r || r == src;
		for (size_t j = 0; j < nab && !dup; j++)
			dup = about[j] == r;
		if (!dup)
			about[nab++] = r;
	}
	const actor_ref *grp = NULL;
	for (size_t i = 0; i < nab && !grp; i++)
		if (about[i]->kind == DPB__ACTOR_KIND__KIND_GROUP)
			grp = about[i];
	bool attribution = !c->stance && grp && nab > 1 && dsr_claim_is_attribution(c->content);
	const char *type = c->stance ? "denies" : "claims";
	for (size_t i = 0; i < nab; i++) {
		if (attribution && about[i] != grp)
			relationship(x, c, "attributed-to", grp->id, about[i]->id, about[i]->key,
				     created);
		else if (!attribution)
			relationship(x, c, type, from, about[i]->id, about[i]->key, created);
	}
	if (!nab)
		relationship(x, c, type, from, rid, "", created);
	return dsr__out_drain(x->o, false);
}

/* The report of an article, referring to what the export found in it. */
static int on_article(void *ctx, const Dpb__ArticleInfo *a)
{
	stx *x = ctx;
	dsr_buf *b = x->b;
	char rid[80], h[2 * DSR_ID_LEN + 1], pub[40];
	stix_id(rid, "report", a->id.data, a->id.len);
	dsr_hex(a->id.data, DSR_ID_LEN, h);
	/* Published: the article's day, else the export's time.  Made from
	 * the parsed day, never copied: a filed date is any UTF-8. */
	int y, m, d;
	if (dsr__parse_date(a->published, &y, &m, &d))
		snprintf(pub, sizeof pub, "%04d-%02d-%02dT00:00:00.000Z", y, m, d);
	else
		snprintf(pub, sizeof pub, "%s", x->when);
	begin(x, "report", rid, x->when);
	dsr_buf_puts(b, ",\"name\":");
	if (a->title && *a->title) {
		jstr(b, a->title);
	} else {
		char n[64];
		snprintf(n, sizeof n, "Article %.16s", h);
		jstr(b, n);
	}
	dsr_buf_printf(b, ",\"report_types\":[\"threat-report\"],\"published\":\"%s\"", pub);
	dsr_buf_puts(b, ",\"external_references\":[{\"source_name\":");
	jstr(b, a->publisher && *a->publisher ? a->publisher : "article");
	if (a->url && *a->url) {
		dsr_buf_puts(b, ",\"url\":");
		jstr(b, a->url);
	}
	dsr_buf_printf(b, ",\"external_id\":\"%s\"}],\"object_refs\":[", h);
	int n = 0;
	/* its references: the run of them under its id */
	size_t lo = 0, hi = x->nrefs;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (memcmp(x->refs[mid].article, a->id.data, DSR_ID_LEN) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; a->id.len == DSR_ID_LEN && i < x->nrefs &&
	     !memcmp(x->refs[i].article, a->id.data, DSR_ID_LEN); i++)
		dsr_buf_printf(b, "%s\"%s\"", n++ ? "," : "", (const char *)x->ids.data + x->refs[i].at);
	if (!n)
		dsr_buf_printf(b, "\"%s\"", x->maker);
	dsr_buf_puts(b, "]}");
	return dsr__out_drain(x->o, false);
}

int dsr__export_stix(dsr_rtxn *t, uint64_t now_ms, dsr__out *o)
{
	dsr_buf *out = &o->b;
	stx x = { .t = t, .o = o, .b = out };
	dsr_iso_time(now_ms, x.when);
	const uint8_t *origin = dsr_store_origin(t->s);
	stix_id(x.maker, "identity", origin, DSR_ORIGIN_LEN);
	char bid[80];
	char stamp[64];
	snprintf(stamp, sizeof stamp, "%llu", (unsigned long long)now_ms);
	dsr_buf key = DSR_BUF_INIT;
	dsr_buf_append(&key, origin, DSR_ORIGIN_LEN);
	dsr_buf_puts(&key, stamp);
	stix_id(bid, "bundle", key.data, key.len);
	dsr_buf_free(&key);
	dsr_buf_printf(out, "{\"type\":\"bundle\",\"id\":\"%s\",\"objects\":[", bid);
	/* The exporting replica, as the creator of everything. */
	char oh[2 * DSR_ORIGIN_LEN + 1];
	dsr_hex(origin, DSR_ORIGIN_LEN, oh);
	begin(&x, "identity", x.maker, x.when);
	dsr_buf_printf(out, ",\"name\":\"dossier replica %.16s\",\"identity_class\":\"system\"}", oh);
	int rc = dsr_q_actors(t, 0, DSR_ALL_ARTICLES, NULL, NULL, on_actor, &x);
	dsr_claim_filter cf = DSR_CLAIM_FILTER_ANY;
	if (!rc)
		rc = dsr_q_claims(t, &cf, NULL, NULL, on_claim, &x);
	if (!rc)
		rc = x.rc;
	if (!rc && x.nrefs)
		qsort(x.refs, x.nrefs, sizeof *x.refs, ref_cmp);
	if (!rc)
		rc = dsr_q_articles(t, NULL, NULL, on_article, &x);
	dsr_buf_puts(out, "\n]}\n");
	free(x.actors);
	for (size_t i = 0; i < x.nnames; i++)
		free(x.names[i]);
	free(x.names);
	free(x.name_actor);
	free(x.refs);
	dsr_buf_free(&x.ids);
	return rc;
}
