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
 * statuses are opinions created by the analyst's identity.  dossier's own
 * properties live in one extension-definition, used through `extensions`.
 *
 * Nothing in a bundle comes from the export's clock: ids are name-based
 * UUIDs of content, `created` and `modified` are the times of the events
 * behind each object (their HLC's wall part), and the bundle id is made
 * from the log position (version vector) and the options, so the same
 * events give the same bytes, and a change bumps `modified` on the
 * objects whose content it changes (docs/export.md says which).
 *
 * It reads: actors, then the claims once (times of each proposition),
 * the attribution rows (campaigns), the claims again (notes, opinions),
 * then the articles (reports, whose references were gathered on the way
 * and sorted), and last the analysts behind the opinions. */
#include "export/impl.h"
#include "base/api.h"
#include "hlc.h"
#include "error.h"
#include "query.h"
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

/* An id derived from 16 bytes of id and a word ("grade", "targets"). */
static void stix_id2(char out[80], const char *type, const uint8_t id[DSR_ID_LEN],
		     const char *word)
{
	uint8_t k[DSR_ID_LEN + 32];
	size_t wl = strlen(word);
	if (wl > 32)
		wl = 32;
	memcpy(k, id, DSR_ID_LEN);
	memcpy(k + DSR_ID_LEN, word, wl);
	stix_id(out, type, k, DSR_ID_LEN + wl);
}

static void jstr(dsr_buf *b, const char *s)
{
	dsr_buf_json_str(b, s ? s : "", s ? strlen(s) : 0);
}

/* The first and last wall times (ms) of the events behind something; 0:
 * none seen. */
typedef struct times {
	uint64_t first, last;
} times;

static void times_ms(times *t, uint64_t ms)
{
	if (!ms)
		return;
	if (!t->first || ms < t->first)
		t->first = ms;
	if (ms > t->last)
		t->last = ms;
}

static void times_join(times *t, times u)
{
	times_ms(t, u.first);
	times_ms(t, u.last);
}

/* How an actor appears in the bundle. */
enum as { AS_IDENTITY, AS_SET, AS_LOCATION };

/* Per actor: its object, for references from reports, notes and
 * relationships, and the times behind it. */
typedef struct actor_ref {
	char key[DSR_NAME_KEY_MAX];
	char id[80];
	int kind;
	enum as as;
	times t;          /* every event behind it (names, mentions, acts) */
	uint64_t curated; /* its last judgement or curation: what changes the
			   * clusters others point at */
	char ta[80];      /* the threat-actor standing for it, once written */
} actor_ref;

/* A report's reference to an object: the article, where the object's id
 * is in stx.ids, and when the reference could have appeared. */
typedef struct ref {
	uint8_t article[DSR_ID_LEN];
	uint64_t h;       /* FNV-1a of the id: the order within a report */
	uint32_t at;
	uint64_t ms;
} ref;

/* A proposition's times: every event behind its claims. */
typedef struct prop_time {
	uint8_t id[DSR_ID_LEN];
	times t;
	/* The support behind its confidence (per mille, docs/curation.md):
	 * shown beside the confidence, so that an analyst's act that moves
	 * the support, if not the rounded figure, changes what its objects
	 * say as well as their `modified`. */
	uint64_t weight_for, weight_against;
	uint32_t nclaims;   /* claims stating it, reprints included */
	uint32_t assessed;  /* of which analysts graded or judged (a grade
			     * that leaves every weight as it was still
			     * changes this) */
} prop_time;

/* A proposition that is an attribution row: its campaign's objects. */
typedef struct row {
	uint8_t prop[DSR_ID_LEN];
	char resp[80];      /* the threat-actor standing for the responsible
			     * actor, or "" when it is an intrusion-set */
	bool targets;
} row;

typedef struct analyst {
	char *name;
	uint64_t first;
} analyst;

typedef struct stx {
	dsr_rtxn *t;
	dsr__out *o;
	dsr_buf *b;                /* &o->b */
	dsr_why_cache *wc;
	char maker[80];            /* dossier, the system that wrote the facts */
	char ext[80];              /* the extension definition */
	char marking[80];          /* "" or the TLP marking definition */
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
	prop_time *props;          /* sorted by id after the first pass */
	size_t nprops, capprops;
	row *rows;                 /* sorted by proposition */
	size_t nrows, caprows;
	analyst *analysts;         /* sorted by name */
	size_t nanalysts, capanalysts;
	int rc;
} stx;

static int grow(void **v, size_t *cap, size_t n, size_t size, size_t first)
{
	if (n < *cap)
		return 0;
	size_t nc = *cap ? 2 * *cap : first;
	void *nv = realloc(*v, nc * size);
	if (!nv)
		return -ENOMEM;
	*v = nv;
	*cap = nc;
	return 0;
}

/* The common properties of an object: type, id, times from `t` (created
 * the first, modified the last), its creator (NULL: none) and its
 * marking. */
static void begin(stx *x, const char *type, const char *id, times t, const char *creator)
{
	dsr_buf *b = x->b;
	char c[40], m[40];
	dsr_iso_time(t.first, c);
	dsr_iso_time(t.last > t.first ? t.last : t.first, m);
	dsr_buf_puts(b, x->nobj++ ? ",\n  {" : "\n  {");
	dsr_buf_printf(b, "\"type\":\"%s\",\"spec_version\":\"2.1\",\"id\":\"%s\","
		       "\"created\":\"%s\",\"modified\":\"%s\"", type, id, c, m);
	if (creator)
		dsr_buf_printf(b, ",\"created_by_ref\":\"%s\"", creator);
	if (*x->marking)
		dsr_buf_printf(b, ",\"object_marking_refs\":[\"%s\"]", x->marking);
}

/* Opens the object's dossier extension: `"extensions":{EXT:{...` */
static void ext_open(stx *x)
{
	dsr_buf_printf(x->b, ",\"extensions\":{\"%s\":{\"extension_type\":\"property-extension\"",
		       x->ext);
}

static void ext_close(stx *x)
{
	dsr_buf_puts(x->b, "}}");
}

/* ,"name":"value" when value is not empty. */
static void prop_str(dsr_buf *b, const char *name, const char *v)
{
	if (!v || !*v)
		return;
	dsr_buf_printf(b, ",\"%s\":", name);
	jstr(b, v);
}

static void prop_strs(dsr_buf *b, const char *name, char **v, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (!v[i] || !*v[i])
			continue;
		dsr_buf_printf(b, k++ ? "," : ",\"%s\":[", name);
		jstr(b, v[i]);
	}
	if (k)
		dsr_buf_putc(b, ']');
}

static void prop_hex(dsr_buf *b, const char *name, ProtobufCBinaryData id)
{
	if (id.len != DSR_ID_LEN)
		return;
	char h[2 * DSR_ID_LEN + 1];
	dsr_hex(id.data, DSR_ID_LEN, h);
	dsr_buf_printf(b, ",\"%s\":\"%s\"", name, h);
}

static void add_ref(stx *x, const uint8_t *article, const char *id, uint64_t ms)
{
	if (grow((void **)&x->refs, &x->caprefs, x->nrefs, sizeof *x->refs, 1024)) {
		x->rc = -ENOMEM;
		return;
	}
	ref *r = &x->refs[x->nrefs];
	memcpy(r->article, article, DSR_ID_LEN);
	r->at = (uint32_t)x->ids.len;
	r->ms = ms;
	r->h = 14695981039346656037ull;
	for (const char *p = id; *p; p++)
		r->h = (r->h ^ (uint8_t)*p) * 1099511628211ull;
	if (dsr_buf_append(&x->ids, id, strlen(id) + 1)) {
		x->rc = -ENOMEM;
		return;
	}
	x->nrefs++;
}

/* By article, then by the hash of the object's id (the same object's
 * references side by side), then in the order they were made. */
static int ref_cmp(const void *a, const void *b)
{
	const ref *x = a, *y = b;
	int c = memcmp(x->article, y->article, DSR_ID_LEN);
	if (c)
		return c;
	if (x->h != y->h)
		return x->h < y->h ? -1 : 1;
	return (x->at > y->at) - (x->at < y->at);
}

static int actor_key_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const actor_ref *)elem)->key);
}

static actor_ref *actor_by_key(stx *x, const char *key)
{
	return key && *key ? bsearch(key, x->actors, x->nactors, sizeof *x->actors,
				     actor_key_cmp) : NULL;
}

/* The actor a name belongs to: looked up once per distinct name. */
static actor_ref *actor_of(stx *x, const char *name)
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
	actor_ref *r = NULL;
	if (dsr__actor_members(x->t, name, &mem, cl) == 0)
		r = actor_by_key(x, cl);
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

/* What the events behind a fact say (dsr_q_why): their times, and for a
 * claim its quote and its analysts' acts. */
typedef struct facts {
	times t;              /* every event that makes the fact what it is */
	uint64_t curated;     /* judgements and curation (actors) */
	uint64_t placed;      /* the claim's placement in a proposition */
	char *quote;          /* the article's text at the claim's span */
	char *grader, *assessor;
	uint64_t graded, assessed;
} facts;

static int on_why(void *ctx, const Dpb__WhyItem *w)
{
	facts *f = ctx;
	uint64_t ms = DSR_HLC_MS(w->hlc);
	/* Edits that lost and analysts' notes change nothing exported. */
	if (!strcmp(w->act, "lost") || !strcmp(w->act, "note"))
		return 0;
	times_ms(&f->t, ms);
	if (!strcmp(w->act, "judged") || !strcmp(w->act, "curated")) {
		if (ms > f->curated)
			f->curated = ms;
	} else if (!strcmp(w->act, "placed")) {
		f->placed = ms;
	} else if (!strcmp(w->act, "graded") && !f->grader) {
		f->grader = strdup(w->author);
		f->graded = ms;
	} else if (!strcmp(w->act, "assessed") && !f->assessor) {
		f->assessor = strdup(w->author);
		f->assessed = ms;
	} else if (!strcmp(w->act, "extracted") && !f->quote && w->quote && *w->quote) {
		f->quote = strdup(w->quote);
	}
	return 0;
}

static void facts_free(facts *f)
{
	free(f->quote);
	free(f->grader);
	free(f->assessor);
}

/* The events behind `what` (an id in hex, or an actor's name). */
static int facts_of(stx *x, const char *what, facts *f)
{
	memset(f, 0, sizeof *f);
	int rc = dsr_q_why_cached(x->t, what, x->wc, on_why, f);
	return rc == DSR_ENOTFOUND ? 0 : rc;
}

static void facts_of_id(stx *x, ProtobufCBinaryData id, facts *f)
{
	char h[2 * DSR_ID_LEN + 1];
	memset(f, 0, sizeof *f);
	if (id.len != DSR_ID_LEN)
		return;
	dsr_hex(id.data, DSR_ID_LEN, h);
	int rc = facts_of(x, h, f);
	if (rc)
		x->rc = rc;
}

static const char *const kind_words[] = { "unspecified", "person", "organization",
	"government", "country", "group", "media", "other" };

static const char *kind_word(int k)
{
	return kind_words[k >= 0 && k <= 7 ? k : 7];
}

/* ---- propositions: looked up by id ---------------------------------- */

static int prop_cmp(const void *a, const void *b)
{
	return memcmp(((const prop_time *)a)->id, ((const prop_time *)b)->id, DSR_ID_LEN);
}

static const prop_time *prop_of(stx *x, ProtobufCBinaryData id)
{
	if (id.len != DSR_ID_LEN || !x->nprops)
		return NULL;
	prop_time k;
	memcpy(k.id, id.data, DSR_ID_LEN);
	return bsearch(&k, x->props, x->nprops, sizeof *x->props, prop_cmp);
}

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
	if (grow((void **)&x->actors, &x->cap, x->nactors, sizeof *x->actors, 64))
		return -ENOMEM;
	actor_ref *r = &x->actors[x->nactors++];
	memset(r, 0, sizeof *r);
	snprintf(r->key, sizeof r->key, "%s", a->key);
	r->kind = a->kind;
	const char *cc = a->kind == DPB__ACTOR_KIND__KIND_COUNTRY ? country_of(a) : NULL;
	r->as = a->kind == DPB__ACTOR_KIND__KIND_GROUP ? AS_SET : cc ? AS_LOCATION : AS_IDENTITY;
	static const char *const types[] = { "identity", "intrusion-set", "location" };
	const char *type = types[r->as];
	stix_id(r->id, type, a->key, strlen(a->key));
	facts f;
	int rc = facts_of(x, a->name, &f);
	if (rc)
		return rc;
	r->t = f.t;
	r->curated = f.curated;
	facts_free(&f);
	begin(x, type, r->id, r->t, x->maker);
	dsr_buf_puts(b, ",\"name\":");
	jstr(b, a->name);
	switch (r->as) {
	case AS_SET:
		prop_strs(b, "aliases", a->aliases, a->n_aliases);
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
	ext_open(x);
	dsr_buf_printf(b, ",\"kind\":\"%s\"", kind_word(a->kind));
	if (r->as != AS_SET)
		prop_strs(b, "aliases", a->aliases, a->n_aliases);
	dsr_buf_printf(b, ",\"mentions\":%llu", (unsigned long long)a->mentions);
	ext_close(x);
	dsr_buf_putc(b, '}');
	for (size_t i = 0; i < a->n_articles; i++)
		if (a->articles[i].len == DSR_ID_LEN)
			add_ref(x, a->articles[i].data, r->id, r->curated);
	return dsr__out_drain(x->o, false);
}

/* A relationship of the campaign (`a`: its attribution row) or of a
 * threat-actor (a NULL). */
static void relationship(stx *x, const char *id, const char *type, const char *from,
			 const char *to, times t, const Dpb__AttributionInfo *a, const char *desc)
{
	dsr_buf *b = x->b;
	begin(x, "relationship", id, t, x->maker);
	dsr_buf_printf(b, ",\"relationship_type\":\"%s\",\"source_ref\":\"%s\","
		       "\"target_ref\":\"%s\"", type, from, to);
	if (a)
		dsr_buf_printf(b, ",\"confidence\":%u", a->confidence);
	prop_str(b, "description", desc);
	if (a) {
		ext_open(x);
		prop_hex(b, "proposition", a->proposition);
		prop_str(b, "likelihood", a->likelihood);
		dsr_buf_printf(b, ",\"weight_for\":%llu,\"weight_against\":%llu,\"claims\":%u",
			       (unsigned long long)a->weight_for,
			       (unsigned long long)a->weight_against, a->nclaims);
		const prop_time *p = prop_of(x, a->proposition);
		if (p)
			dsr_buf_printf(b, ",\"assessed_claims\":%u", p->assessed);
		ext_close(x);
	}
	dsr_buf_putc(b, '}');
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
	stix_id(r->ta, "threat-actor", r->key, strlen(r->key));
	bool state = r->kind == DPB__ACTOR_KIND__KIND_COUNTRY ||
		     r->kind == DPB__ACTOR_KIND__KIND_GOVERNMENT;
	begin(x, "threat-actor", r->ta, r->t, x->maker);
	dsr_buf_puts(b, ",\"name\":");
	jstr(b, a->name);
	dsr_buf text = DSR_BUF_INIT;
	dsr_buf_printf(&text, "%s%s, as said to be responsible for acts.",
		       r->as == AS_LOCATION ? "The state of " : "", a->name);
	dsr_buf_cstr(&text);
	prop_str(b, "description", (char *)text.data);
	dsr_buf_free(&text);
	dsr_buf_printf(b, ",\"threat_actor_types\":[\"%s\"]", state ? "nation-state" : "unknown");
	prop_strs(b, "aliases", a->aliases, a->n_aliases);
	ext_open(x);
	dsr_buf_printf(b, ",\"kind\":\"%s\",\"mentions\":%llu", kind_word(a->kind),
		       (unsigned long long)a->mentions);
	ext_close(x);
	dsr_buf_putc(b, '}');
	char rid[80];
	const char *type = r->as == AS_LOCATION ? "located-at" : "attributed-to";
	char k[DSR_NAME_KEY_MAX + 16];
	snprintf(k, sizeof k, "%s/%s", type, r->key);
	stix_id(rid, "relationship", k, strlen(k));
	/* It changes only with the clusters at either end. */
	times rt = { r->t.first, r->curated > r->t.first ? r->curated : r->t.first };
	relationship(x, rid, type, r->ta, r->id, rt, NULL, NULL);
	return dsr__out_drain(x->o, false);
}

/* ---- propositions: the times behind them ---------------------------- */

/* The actors whose clusters a claim points at: its source and what it is
 * about; a judgement on them changes the claim's references and its
 * proposition's independent sources. */
static uint64_t claim_actors_curated(stx *x, const Dpb__ClaimInfo *c)
{
	uint64_t ms = 0;
	const actor_ref *r = c->source && *c->source ? actor_of(x, c->source) : NULL;
	if (r && r->curated > ms)
		ms = r->curated;
	for (size_t i = 0; i < c->n_about; i++) {
		r = actor_of(x, c->about[i]);
		if (r && r->curated > ms)
			ms = r->curated;
	}
	return ms;
}

/* First pass over the claims: each proposition's times, from every event
 * behind its claims (a grade of one changes the confidence of all). */
static int on_claim_times(void *ctx, const Dpb__ClaimInfo *c)
{
	stx *x = ctx;
	if (c->proposition.len != DSR_ID_LEN)
		return 0;
	facts f;
	facts_of_id(x, c->id, &f);
	times_ms(&f.t, claim_actors_curated(x, c));
	facts_free(&f);
	if (grow((void **)&x->props, &x->capprops, x->nprops, sizeof *x->props, 256))
		return -ENOMEM;
	prop_time *p = &x->props[x->nprops++];
	memcpy(p->id, c->proposition.data, DSR_ID_LEN);
	p->t = f.t;
	p->nclaims = 1;
	p->assessed = c->credibility || (c->reliability && *c->reliability) ||
		      c->status != DPB__CLAIM_STATUS__STATUS_NONE;
	return x->rc;
}

/* Sorts the propositions and folds each one's claims into one entry. */
static void props_fold(stx *x)
{
	if (!x->nprops)
		return;
	qsort(x->props, x->nprops, sizeof *x->props, prop_cmp);
	size_t n = 0;
	for (size_t i = 0; i < x->nprops; i++) {
		if (n && !memcmp(x->props[n - 1].id, x->props[i].id, DSR_ID_LEN)) {
			times_join(&x->props[n - 1].t, x->props[i].t);
			x->props[n - 1].nclaims++;
			x->props[n - 1].assessed += x->props[i].assessed;
		}
		else
			x->props[n++] = x->props[i];
	}
	x->nprops = n;
}

static int on_prop_reasoning(void *ctx, const Dpb__Reasoning *r)
{
	prop_time *p = ctx;
	p->weight_for = r->weight_for;
	p->weight_against = r->weight_against;
	return 0;
}

/* Each proposition's support, read once per proposition. */
static int props_weigh(stx *x)
{
	for (size_t i = 0; i < x->nprops; i++) {
		int rc = dsr_q_reasoning(x->t, x->props[i].id, on_prop_reasoning, &x->props[i]);
		if (rc && rc != DSR_ENOTFOUND)
			return rc;
	}
	return 0;
}

/* A proposition's support and claims, if known: what its events change
 * (a reprint changes no other figure). */
static void prop_weights(dsr_buf *b, const prop_time *p)
{
	if (p)
		dsr_buf_printf(b, ",\"weight_for\":%llu,\"weight_against\":%llu,"
			       "\"proposition_claims\":%u,\"assessed_claims\":%u",
			       (unsigned long long)p->weight_for,
			       (unsigned long long)p->weight_against, p->nclaims, p->assessed);
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
	actor_ref *resp = actor_by_key(x, a->responsible_key);
	if (!resp || a->proposition.len != DSR_ID_LEN)
		return 0;
	actor_ref *target = actor_by_key(x, a->target_key);
	/* campaign targets identity and location only */
	if (target && target->as == AS_SET)
		target = NULL;
	if (resp->as != AS_SET && !*resp->ta) {
		struct ta_ctx tc = { x, resp };
		int rc = dsr_q_actor(x->t, a->responsible, 0, on_threat_actor, &tc);
		if (rc || !*resp->ta)
			return rc == DSR_ENOTFOUND ? 0 : rc;
	}
	if (grow((void **)&x->rows, &x->caprows, x->nrows, sizeof *x->rows, 16))
		return -ENOMEM;
	row *w = &x->rows[x->nrows++];
	memcpy(w->prop, a->proposition.data, DSR_ID_LEN);
	snprintf(w->resp, sizeof w->resp, "%s", resp->as == AS_SET ? "" : resp->ta);
	w->targets = target != NULL;

	/* Its times: its claims', and the names of the actors it names. */
	const prop_time *p = prop_of(x, a->proposition);
	times t = p ? p->t : (times){ 0, 0 };
	times_ms(&t, resp->curated);
	if (target)
		times_ms(&t, target->curated);
	char cid[80], rid[80];
	stix_id2(cid, "campaign", a->proposition.data, "");
	begin(x, "campaign", cid, t, x->maker);
	dsr_buf text = DSR_BUF_INIT;
	dsr_buf_printf(&text, "%s, attributed to %s", a->act, a->responsible);
	dsr_buf_cstr(&text);
	dsr_buf_puts(b, ",\"name\":");
	jstr(b, (char *)text.data);
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
	jstr(b, (char *)text.data);
	dsr_buf_printf(b, ",\"confidence\":%u", a->confidence);
	ext_open(x);
	prop_hex(b, "proposition", a->proposition);
	prop_str(b, "act", a->act);
	prop_str(b, "act_class", a->act_class);
	prop_str(b, "likelihood", a->likelihood);
	prop_strs(b, "asserted_by", a->asserted_by, a->n_asserted_by);
	prop_strs(b, "denied_by", a->denied_by, a->n_denied_by);
	dsr_buf_printf(b, ",\"outlets\":%u,\"reports_for\":%u,\"reports_against\":%u,"
		       "\"claims\":%u", a->outlets, a->reports_for, a->reports_against,
		       a->nclaims);
	prop_str(b, "first_reported", a->first_reported);
	dsr_buf_printf(b, ",\"weight_for\":%llu,\"weight_against\":%llu",
		       (unsigned long long)a->weight_for, (unsigned long long)a->weight_against);
	if (p)
		dsr_buf_printf(b, ",\"assessed_claims\":%u", p->assessed);
	ext_close(x);
	dsr_buf_putc(b, '}');

	stix_id2(rid, "relationship", a->proposition.data, "attributed-to");
	text.len = 0;
	dsr_buf_printf(&text, "%s is said to be behind it: %s.", a->responsible, a->likelihood);
	dsr_buf_cstr(&text);
	relationship(x, rid, "attributed-to", cid, resp->as == AS_SET ? resp->id : resp->ta, t,
		     a, (char *)text.data);
	if (target) {
		stix_id2(rid, "relationship", a->proposition.data, "targets");
		text.len = 0;
		dsr_buf_printf(&text, "Its target: %s.", a->target);
		dsr_buf_cstr(&text);
		relationship(x, rid, "targets", cid, target->id, t, a, (char *)text.data);
	}
	dsr_buf_free(&text);
	return dsr__out_drain(x->o, false);
}

static int row_cmp(const void *a, const void *b)
{
	return memcmp(((const row *)a)->prop, ((const row *)b)->prop, DSR_ID_LEN);
}

static const row *row_of(stx *x, ProtobufCBinaryData id)
{
	if (id.len != DSR_ID_LEN || !x->nrows)
		return NULL;
	row k;
	memcpy(k.prop, id.data, DSR_ID_LEN);
	return bsearch(&k, x->rows, x->nrows, sizeof *x->rows, row_cmp);
}

/* ---- claims: notes and opinions -------------------------------------- */

static void analyst_id(char out[80], const char *name)
{
	char k[300];
	snprintf(k, sizeof k, "analyst/%s", name);
	stix_id(out, "identity", k, strlen(k));
}

static void analyst_saw(stx *x, const char *name, uint64_t ms)
{
	size_t lo = 0, hi = x->nanalysts;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(x->analysts[mid].name, name);
		if (!c) {
			if (ms < x->analysts[mid].first)
				x->analysts[mid].first = ms;
			return;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	char *copy = strdup(name);
	if (!copy || grow((void **)&x->analysts, &x->capanalysts, x->nanalysts,
			  sizeof *x->analysts, 8)) {
		free(copy);
		x->rc = -ENOMEM;
		return;
	}
	memmove(x->analysts + lo + 1, x->analysts + lo, (x->nanalysts - lo) * sizeof *x->analysts);
	x->analysts[lo] = (analyst){ copy, ms };
	x->nanalysts++;
}

/* An analyst's opinion of a claim: its grade (credibility on the
 * Admiralty scale) or its status (confirmed, disputed, retracted). */
static void opinion(stx *x, const Dpb__ClaimInfo *c, const char *note, const char *word,
		    const char *who, uint64_t ms)
{
	dsr_buf *b = x->b;
	static const char *const by_cred[] = { "neutral", "strongly-agree", "agree", "neutral",
		"disagree", "strongly-disagree", "neutral" };
	static const char *const cred_words[] = { "", "confirmed by other sources",
		"probably true", "possibly true", "doubtful", "improbable", "truth cannot be judged" };
	static const char *const rel_words[] = { "completely reliable", "usually reliable",
		"fairly reliable", "not usually reliable", "unreliable",
		"reliability cannot be judged" };
	static const char *const by_status[] = { "neutral", "strongly-agree", "disagree",
		"strongly-disagree" };
	static const char *const status_words[] = { "none", "confirmed", "disputed", "retracted" };
	bool grade = !strcmp(word, "grade");
	unsigned cred = c->credibility <= 6 ? c->credibility : 0;
	unsigned st = c->status >= 0 && c->status <= 3 ? (unsigned)c->status : 0;
	char id[80], aid[80];
	stix_id2(id, "opinion", c->id.data, word);
	analyst_id(aid, who && *who ? who : "unknown");
	analyst_saw(x, who && *who ? who : "unknown", ms);
	begin(x, "opinion", id, (times){ ms, ms }, aid);
	dsr_buf text = DSR_BUF_INIT;
	if (grade) {
		int r = c->reliability && *c->reliability >= 'A' && *c->reliability <= 'F'
			? *c->reliability - 'A' : 5;
		dsr_buf_printf(&text, "Graded %s%u: source %s, information %s.", c->reliability,
			       c->credibility, rel_words[r], cred_words[cred]);
	} else {
		dsr_buf_printf(&text, "The claim is %s", status_words[st]);
		if (c->status_note && *c->status_note)
			dsr_buf_printf(&text, ": %s", c->status_note);
		dsr_buf_putc(&text, '.');
	}
	dsr_buf_cstr(&text);
	dsr_buf_puts(b, ",\"explanation\":");
	jstr(b, (char *)text.data);
	dsr_buf_free(&text);
	dsr_buf_puts(b, ",\"authors\":[");
	jstr(b, who && *who ? who : "unknown");
	dsr_buf_printf(b, "],\"object_refs\":[\"%s\"],\"opinion\":\"%s\"", note,
		       grade ? by_cred[cred] : by_status[st]);
	ext_open(x);
	prop_hex(b, "claim", c->id);
	if (grade) {
		prop_str(b, "reliability", c->reliability);
		if (cred)
			dsr_buf_printf(b, ",\"credibility\":%u", cred);
	} else {
		dsr_buf_printf(b, ",\"status\":\"%s\"", status_words[st]);
		prop_str(b, "status_note", c->status_note);
	}
	ext_close(x);
	dsr_buf_putc(b, '}');
}

/* A claim: a note on what it is about, quoting its article. */
static int on_claim(void *ctx, const Dpb__ClaimInfo *c)
{
	stx *x = ctx;
	dsr_buf *b = x->b;
	if (c->id.len != DSR_ID_LEN)
		return 0;
	facts f;
	facts_of_id(x, c->id, &f);
	if (x->rc) {
		facts_free(&f);
		return x->rc;
	}
	/* Its own events, its actors' clusters, and its proposition's events
	 * (its confidence and counts are the proposition's). */
	times t = f.t;
	uint64_t ref_ms = f.placed;
	times_ms(&t, claim_actors_curated(x, c));
	const prop_time *p = prop_of(x, c->proposition);
	if (p)
		times_ms(&t, p->t.last);
	char nid[80], rid[80];
	stix_id2(nid, "note", c->id.data, "");
	bool art = c->article.len == DSR_ID_LEN;
	if (art)
		stix_id(rid, "report", c->article.data, c->article.len);
	begin(x, "note", nid, t, x->maker);
	dsr_buf text = DSR_BUF_INIT;
	const char *who = c->source_actor && *c->source_actor ? c->source_actor
			  : c->source && *c->source ? c->source : "Unattributed";
	dsr_buf_printf(&text, "%s%s%s: %s%s", who, c->cue && *c->cue ? " " : "",
		       c->cue ? c->cue : "", c->content,
		       c->hedged ? " (hedged)" : "");
	dsr_buf_cstr(&text);
	dsr_buf_puts(b, ",\"abstract\":");
	jstr(b, (char *)text.data);
	dsr_buf_free(&text);
	dsr_buf_puts(b, ",\"content\":");
	jstr(b, f.quote && *f.quote ? f.quote : c->content && *c->content ? c->content : who);
	/* what it is about, and the report it is in */
	dsr_buf_puts(b, ",\"object_refs\":[");
	int n = 0;
	const actor_ref *seen[16];
	size_t nseen = 0;
	for (size_t i = 0; i < c->n_about && nseen < 16; i++) {
		const actor_ref *r = actor_of(x, c->about[i]);
		bool dup = !r;
		for (size_t j = 0; j < nseen && !dup; j++)
			dup = seen[j] == r;
		if (dup)
			continue;
		seen[nseen++] = r;
		dsr_buf_printf(b, "%s\"%s\"", n++ ? "," : "", r->id);
	}
	if (art)
		dsr_buf_printf(b, "%s\"%s\"", n++ ? "," : "", rid);
	if (!n)
		dsr_buf_printf(b, "\"%s\"", x->maker);
	dsr_buf_puts(b, "]");
	dsr_buf_printf(b, ",\"confidence\":%u", c->confidence <= 100 ? c->confidence : 100);
	if (art) {
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
	ext_open(x);
	prop_hex(b, "claim", c->id);
	prop_hex(b, "article", c->article);
	if (c->span)
		dsr_buf_printf(b, ",\"span\":[%u,%u]", c->span->start, c->span->end);
	prop_str(b, "source", c->source);
	prop_str(b, "source_actor", c->source_actor);
	const actor_ref *src = c->source && *c->source ? actor_of(x, c->source) : NULL;
	if (src)
		dsr_buf_printf(b, ",\"source_ref\":\"%s\"", src->id);
	prop_str(b, "cue", c->cue);
	prop_str(b, "claim_text", c->content);
	dsr_buf_printf(b, ",\"stance\":\"%s\",\"hedged\":%s",
		       c->stance == DPB__STANCE__STANCE_DENIES ? "denies" : "asserts",
		       c->hedged ? "true" : "false");
	prop_hex(b, "proposition", c->proposition);
	prop_str(b, "likelihood", c->likelihood);
	dsr_buf_printf(b, ",\"sources\":%u,\"corroborating\":%u,\"contradicting\":%u", c->sources,
		       c->corroborating, c->contradicting);
	prop_weights(b, p);
	ext_close(x);
	dsr_buf_putc(b, '}');
	if (c->credibility || (c->reliability && *c->reliability))
		opinion(x, c, nid, "grade", f.grader, f.graded);
	if (c->status != DPB__CLAIM_STATUS__STATUS_NONE)
		opinion(x, c, nid, "status", f.assessor, f.assessed);
	if (art) {
		add_ref(x, c->article.data, nid, ref_ms);
		const row *w = row_of(x, c->proposition);
		if (w) {
			char id[80];
			stix_id2(id, "campaign", w->prop, "");
			add_ref(x, c->article.data, id, ref_ms);
			stix_id2(id, "relationship", w->prop, "attributed-to");
			add_ref(x, c->article.data, id, ref_ms);
			if (w->targets) {
				stix_id2(id, "relationship", w->prop, "targets");
				add_ref(x, c->article.data, id, ref_ms);
			}
			if (*w->resp)
				add_ref(x, c->article.data, w->resp, ref_ms);
		}
	}
	facts_free(&f);
	if (x->rc)
		return x->rc;
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
	stix_id(rid, "report", a->id.data, a->id.len);
	dsr_hex(a->id.data, DSR_ID_LEN, h);
	facts f;
	facts_of_id(x, a->id, &f);
	facts_free(&f);
	if (x->rc)
		return x->rc;
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
	times t = f.t;
	for (; end < x->nrefs && !memcmp(x->refs[end].article, a->id.data, DSR_ID_LEN); end++)
		times_ms(&t, x->refs[end].ms);
	/* Published: the article's day, else when it was filed.  Made from
	 * the parsed day, never copied: a filed date is any UTF-8. */
	int y, m, d;
	if (dsr__parse_date(a->published, &y, &m, &d))
		snprintf(pub, sizeof pub, "%04d-%02d-%02dT00:00:00.000Z", y, m, d);
	else
		dsr_iso_time(t.first, pub);
	begin(x, "report", rid, t, x->maker);
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
	prop_str(b, "url", a->url);
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
	const char *uuid, *label;
} tlp_defs[DSR_TLP_END] = {
#define XX(id, name, uuid, label) [DSR_TLP_##id] = { uuid, label },
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
		       x->marking, tlp_defs[tlp].label, dsr_tlp_name(tlp));
}

static void constants(stx *x)
{
	dsr_buf *b = x->b;
	times def = { DEFINED_MS, DEFINED_MS };
	begin(x, "identity", x->maker, def, NULL);
	dsr_buf_puts(b, ",\"name\":\"dossier\",\"description\":\"dossier, the incident "
		     "knowledge base: the facts it extracted from articles\","
		     "\"identity_class\":\"system\"}");
	begin(x, "extension-definition", x->ext, def, x->maker);
	dsr_buf_puts(b, ",\"name\":\"dossier\",\"description\":\"dossier's properties: an "
		     "actor's kind and aliases, a claim's source, cue, stance, hedging, span "
		     "and proposition, an attribution's figures, an analyst's grade and "
		     "status\",\"schema\":");
	jstr(b, ext_schema);
	dsr_buf_puts(b, ",\"version\":\"" EXT_VERSION "\",\"extension_types\":"
		     "[\"property-extension\"]}");
}

static int analysts(stx *x)
{
	dsr_buf *b = x->b;
	for (size_t i = 0; i < x->nanalysts; i++) {
		char id[80];
		analyst_id(id, x->analysts[i].name);
		begin(x, "identity", id, (times){ x->analysts[i].first, x->analysts[i].first },
		      x->maker);
		dsr_buf_puts(b, ",\"name\":");
		jstr(b, x->analysts[i].name);
		dsr_buf_puts(b, ",\"identity_class\":\"individual\",\"roles\":[\"analyst\"]}");
		int rc = dsr__out_drain(x->o, false);
		if (rc)
			return rc;
	}
	return 0;
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
	stix_id(out, "bundle", h, sizeof h);
	return rc;
}

int dsr__export_stix(dsr_rtxn *t, uint64_t now_ms, dsr__out *o)
{
	(void)now_ms; /* a bundle says when its facts were made, not when it was */
	dsr_buf *out = &o->b;
	stx x = { .t = t, .o = o, .b = out, .wc = dsr_why_cache_new() };
	if (!x.wc)
		return -ENOMEM;
	stix_id(x.maker, "identity", "dossier", 7);
	stix_id(x.ext, "extension-definition", "dossier/" EXT_VERSION,
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
		rc = dsr_q_actors(t, 0, DSR_ALL_ARTICLES, NULL, NULL, on_actor, &x);
	dsr_claim_filter cf = DSR_CLAIM_FILTER_ANY;
	if (!rc)
		rc = dsr_q_claims(t, &cf, NULL, NULL, on_claim_times, &x);
	if (!rc)
		rc = x.rc;
	if (!rc) {
		props_fold(&x);
		rc = props_weigh(&x);
	}
	if (!rc)
		rc = dsr_q_attribution(t, NULL, NULL, NULL, on_row, &x);
	if (!rc && x.nrows)
		qsort(x.rows, x.nrows, sizeof *x.rows, row_cmp);
	if (!rc)
		rc = dsr_q_claims(t, &cf, NULL, NULL, on_claim, &x);
	if (!rc)
		rc = x.rc;
	if (!rc && x.nrefs)
		qsort(x.refs, x.nrefs, sizeof *x.refs, ref_cmp);
	if (!rc)
		rc = dsr_q_articles(t, NULL, NULL, on_article, &x);
	if (!rc)
		rc = analysts(&x);
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
	for (size_t i = 0; i < x.nanalysts; i++)
		free(x.analysts[i].name);
	free(x.analysts);
	return rc;
}
