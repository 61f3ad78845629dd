/* stixread.c: a STIX 2.1 bundle read into what dossier keeps (tiread.h):
 *
 *  - a report with text (its description, a custom x_..._content or
 *    x_..._text, and the content of the notes it refers to, in the order of
 *    their spans when dossier wrote them): an article, titled with the
 *    report's name, published on its day, its publisher and URL from its
 *    first external reference;
 *  - a note with content that no report took: an article of its own;
 *  - an intrusion-set, threat-actor, identity or location: a line of the
 *    cover, and each of its aliases (`aliases`, or an extension's) judged
 *    the same name as its name;
 *  - everything else (indicators, relationships, campaigns, opinions,
 *    notes without content, observables, ...): a note, on the article of
 *    the first report that refers to it, else on the article of what it
 *    is about (an opinion's note, a relationship's ends), else on the
 *    cover; marking and extension definitions are not kept. */
#include "export/tiread.h"
#include "error.h"
#include "ingest.h"
#include "validate.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct sobj {
	const dsr_json *j;
	const char *id, *type;
	size_t article;        /* the article of a report that refers to it, + 1 */
	bool taken;            /* a note whose content a report took */
} sobj;

typedef struct byid {
	const char *id;
	size_t i;
} byid;

typedef struct sread {
	tictx *c;
	sobj *v;
	size_t n;
	byid *ids;             /* sorted by id */
} sread;

static int byid_cmp(const void *a, const void *b)
{
	return strcmp(((const byid *)a)->id, ((const byid *)b)->id);
}

static sobj *find(sread *r, const char *id)
{
	byid k = { id, 0 };
	const byid *f = r->n ? bsearch(&k, r->ids, r->n, sizeof *r->ids, byid_cmp) : NULL;
	return f ? &r->v[f->i] : NULL;
}

/* What an object is called in a line: its name, value, or id. */
static const char *label(sread *r, const char *id)
{
	sobj *o = id ? find(r, id) : NULL;
	if (!o)
		return id ? id : "?";
	static const char *const keys[] = { "name", "value", "abstract", "content" };
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
		const dsr_json *m = dsr_json_get(o->j, keys[i]);
		if (m && m->type == DSR_JSON_STRING && m->len)
			return m->str;
	}
	return o->id;
}

static bool is_actor(const char *type)
{
	return !strcmp(type, "intrusion-set") || !strcmp(type, "threat-actor") ||
	       !strcmp(type, "identity") || !strcmp(type, "location");
}

/* The first number of an extension's "span" (dossier's notes), or of the
 * order in the bundle. */
static unsigned long long span_of(const sobj *o, size_t pos)
{
	const dsr_json *ext = dsr_json_get(o->j, "extensions");
	for (const dsr_json *e = ext && ext->type == DSR_JSON_OBJECT ? ext->child : NULL; e;
	     e = e->next) {
		const dsr_json *s = e->type == DSR_JSON_OBJECT ? dsr_json_get(e, "span") : NULL;
		if (s && s->type == DSR_JSON_ARRAY && s->child && s->child->type == DSR_JSON_NUMBER)
			return strtoull(s->child->str, NULL, 10);
	}
	return (1ull << 62) + pos;
}

struct part {
	unsigned long long at;
	const char *text;
};

static int part_cmp(const void *a, const void *b)
{
	const struct part *x = a, *y = b;
	return (x->at > y->at) - (x->at < y->at);
}

/* The note on an article that says which object of the file it is, so
 * that `dossier why` on the article names the file and the object. */
static int source_note(tictx *c, size_t idx, const sobj *o)
{
	dsr_buf l = DSR_BUF_INIT;
	dsr_buf_printf(&l, "the %s %s, filed as this article", o->type, o->id);
	int rc = dsr_buf_cstr(&l) ? -ENOMEM : dsr__ti_note(c, idx, (char *)l.data);
	dsr_buf_free(&l);
	return rc;
}

/* A report: its text and its article.  *made: it had text. */
static int report(sread *r, sobj *o, const char *where)
{
	tictx *c = r->c;
	int rc = 0;
	const char *name = dsr__ti_str(c, o->j, "name", where, DSR_TEXT_MAX, &rc);
	const char *pub = dsr__ti_str(c, o->j, "published", where, 64, &rc);
	const char *desc = dsr__ti_str(c, o->j, "description", where, DSR_ARTICLE_MAX, &rc);
	const dsr_json *refs = dsr__ti_arr(c, o->j, "object_refs", where, &rc);
	const dsr_json *ext = dsr__ti_arr(c, o->j, "external_references", where, &rc);
	if (rc)
		return rc;
	const char *publisher = NULL, *url = NULL;
	const dsr_json *e0 = ext ? ext->child : NULL;
	if (e0 && e0->type == DSR_JSON_OBJECT) {
		char w[80];
		snprintf(w, sizeof w, "%s.external_references[0]", where);
		publisher = dsr__ti_str(c, e0, "source_name", w, DSR_NAME_MAX, &rc);
		url = dsr__ti_str(c, e0, "url", w, DSR_TEXT_MAX, &rc);
		if (rc)
			return rc;
	}
	dsr_buf text = DSR_BUF_INIT;
	if (desc && *desc)
		dsr__ti_para(&text, desc);
	/* custom text properties: x_..._content, x_..._text */
	for (const dsr_json *m = o->j->child; m; m = m->next) {
		size_t kl = strlen(m->key);
		if (m->type == DSR_JSON_STRING && !strncmp(m->key, "x_", 2) &&
		    ((kl > 8 && !strcmp(m->key + kl - 8, "_content")) ||
		     (kl > 5 && !strcmp(m->key + kl - 5, "_text"))) && m->len)
			dsr__ti_para(&text, m->str);
	}
	/* the notes it refers to, in span order */
	struct part *parts = NULL;
	size_t np = 0, cap = 0;
	size_t pos = 0;
	for (const dsr_json *x = refs ? refs->child : NULL; x; x = x->next, pos++) {
		if (x->type != DSR_JSON_STRING) {
			free(parts);
			dsr_buf_free(&text);
			return dsr__ti_fail(c, "%s.object_refs[%zu]: not a string", where, pos);
		}
		sobj *n = find(r, x->str);
		if (!n || strcmp(n->type, "note") || n->taken)
			continue;
		const dsr_json *ct = dsr_json_get(n->j, "content");
		if (!ct || ct->type != DSR_JSON_STRING || !ct->len)
			continue;
		if (np == cap) {
			cap = cap ? 2 * cap : 16;
			struct part *nv = realloc(parts, cap * sizeof *parts);
			if (!nv) {
				free(parts);
				dsr_buf_free(&text);
				return -ENOMEM;
			}
			parts = nv;
		}
		parts[np].at = span_of(n, pos);
		parts[np++].text = ct->str;
		n->taken = true;
	}
	if (np)
		qsort(parts, np, sizeof *parts, part_cmp);
	for (size_t i = 0; i < np; i++)
		dsr__ti_para(&text, parts[i].text);
	free(parts);
	while (text.len && (text.data[text.len - 1] == '\n'))
		text.len--;
	if (!text.len) {
		dsr_buf_free(&text);
		return 0;
	}
	char day[11];
	dsr__ti_day(pub, day);
	size_t idx;
	rc = dsr__ti_article(c, name, publisher, url, day, (const char *)text.data, text.len, &idx);
	dsr_buf_free(&text);
	if (rc)
		return rc;
	/* what it refers to goes with its article */
	for (const dsr_json *x = refs ? refs->child : NULL; x; x = x->next) {
		sobj *n = find(r, x->str);
		if (n && !n->article)
			n->article = idx + 1;
	}
	o->article = idx + 1;
	o->taken = true;
	return source_note(c, idx, o);
}

/* A note of its own: an article. */
static int lone_note(sread *r, sobj *o, const char *where)
{
	tictx *c = r->c;
	int rc = 0;
	const char *content = dsr__ti_str(c, o->j, "content", where, DSR_ARTICLE_MAX, &rc);
	const char *abstract = dsr__ti_str(c, o->j, "abstract", where, DSR_TEXT_MAX, &rc);
	const char *created = dsr__ti_str(c, o->j, "created", where, 64, &rc);
	const dsr_json *authors = dsr__ti_arr(c, o->j, "authors", where, &rc);
	if (rc || !content || !*content)
		return rc;
	const char *by = authors && authors->child && authors->child->type == DSR_JSON_STRING &&
			 authors->child->len <= DSR_NAME_MAX ? authors->child->str : NULL;
	char day[11];
	dsr__ti_day(created, day);
	size_t idx;
	rc = dsr__ti_article(c, abstract && *abstract ? abstract : "A note", by, NULL, day, content,
			     strlen(content), &idx);
	o->taken = true;
	o->article = idx + 1;
	return rc ? rc : source_note(c, idx, o);
}

/* An actor: a line of the cover, its aliases judged the same as its name. */
static int actor(sread *r, sobj *o, const char *where)
{
	tictx *c = r->c;
	int rc = 0;
	const char *name = dsr__ti_str(c, o->j, "name", where, DSR_NAME_MAX, &rc);
	const dsr_json *al = dsr__ti_arr(c, o->j, "aliases", where, &rc);
	const dsr_json *ext = dsr__ti_obj(c, o->j, "extensions", where, &rc);
	const char *country = dsr__ti_str(c, o->j, "country", where, 64, &rc);
	if (rc)
		return rc;
	if (!name || !*name)
		return 0;
	/* aliases: the object's, then any extension's */
	const dsr_json *lists[8];
	size_t nl = 0;
	if (al)
		lists[nl++] = al;
	for (const dsr_json *e = ext ? ext->child : NULL; e && nl < 8; e = e->next) {
		const dsr_json *a = e->type == DSR_JSON_OBJECT ? dsr_json_get(e, "aliases") : NULL;
		if (a && a->type == DSR_JSON_ARRAY)
			lists[nl++] = a;
	}
	dsr_buf line = DSR_BUF_INIT, why = DSR_BUF_INIT;
	dsr_buf_printf(&line, "%s", name);
	size_t na = 0;
	for (size_t l = 0; l < nl && !rc; l++) {
		size_t i = 0;
		for (const dsr_json *a = lists[l]->child; a && !rc; a = a->next, i++) {
			if (a->type != DSR_JSON_STRING || a->len > DSR_NAME_MAX) {
				rc = dsr__ti_fail(c, "%s.aliases[%zu]: not a name (a string of at "
						  "most %d bytes)", where, i, DSR_NAME_MAX);
				break;
			}
			if (!a->len || !strcmp(a->str, name))
				continue;
			dsr_buf_printf(&line, "%s%s", na++ ? ", " : ", also known as ", a->str);
			why.len = 0;
			dsr_buf_printf(&why, "the %s \"%s\" (%s) lists the alias \"%s\"", o->type, name,
				       o->id, a->str);
			rc = dsr_buf_cstr(&why) ? -ENOMEM : dsr__ti_same(c, name, a->str,
								       (char *)why.data);
		}
	}
	static const struct { const char *type, *what; } words[] = {
		{ "intrusion-set", "an intrusion set" }, { "threat-actor", "a threat actor" },
		{ "identity", "an identity" }, { "location", "a place" },
	};
	const char *what = "an actor";
	for (size_t i = 0; i < sizeof words / sizeof *words; i++)
		if (!strcmp(words[i].type, o->type))
			what = words[i].what;
	dsr_buf_printf(&line, ": %s%s%s.", what, country ? ", country " : "", country ? country : "");
	if (!rc)
		rc = dsr_buf_cstr(&line) ? -ENOMEM : dsr__ti_cover_line(c, (char *)line.data);
	dsr_buf_free(&line);
	dsr_buf_free(&why);
	o->taken = true;
	return rc;
}

/* Anything else: one line, as a note. */
static int rest(sread *r, sobj *o)
{
	dsr_buf l = DSR_BUF_INIT;
	const dsr_json *j = o->j;
#define S(k) (dsr_json_get(j, k) && dsr_json_get(j, k)->type == DSR_JSON_STRING ? \
	      dsr_json_get(j, k)->str : NULL)
	const char *type = o->type;
	if (!strcmp(type, "relationship")) {
		dsr_buf_printf(&l, "relationship: %s %s %s", label(r, S("source_ref")),
			       S("relationship_type") ? S("relationship_type") : "?",
			       label(r, S("target_ref")));
	} else if (!strcmp(type, "sighting")) {
		dsr_buf_printf(&l, "sighting of %s", label(r, S("sighting_of_ref")));
	} else if (!strcmp(type, "indicator")) {
		dsr_buf_printf(&l, "indicator %s: %s", S("name") ? S("name") : o->id,
			       S("pattern") ? S("pattern") : "");
	} else if (!strcmp(type, "opinion") || !strcmp(type, "note")) {
		dsr_buf_printf(&l, "%s %s on", type,
			       S("opinion") ? S("opinion") : S("abstract") ? S("abstract") : "");
		const dsr_json *refs = dsr_json_get(j, "object_refs");
		int k = 0;
		for (const dsr_json *x = refs && refs->type == DSR_JSON_ARRAY ? refs->child : NULL;
		     x && k < 8; x = x->next, k++)
			dsr_buf_printf(&l, "%s %s", k ? "," : "",
				       x->type == DSR_JSON_STRING ? label(r, x->str) : "?");
		if (S("explanation"))
			dsr_buf_printf(&l, ": %s", S("explanation"));
	} else if (S("value")) {
		dsr_buf_printf(&l, "%s: %s", type, S("value"));
	} else {
		const dsr_json *h = dsr_json_get(j, "hashes");
		dsr_buf_printf(&l, "%s %s", type, label(r, o->id));
		for (const dsr_json *x = h && h->type == DSR_JSON_OBJECT ? h->child : NULL; x;
		     x = x->next)
			if (x->type == DSR_JSON_STRING)
				dsr_buf_printf(&l, " %s %s", x->key, x->str);
	}
	if (S("description") && strcmp(type, "relationship"))
		dsr_buf_printf(&l, " — %s", S("description"));
	else if (S("description"))
		dsr_buf_printf(&l, ": %s", S("description"));
#undef S
	/* on its report's article; else on the article of what it is about
	 * (an opinion on a claim's note, a relationship from an object of a
	 * report); else on the cover */
	size_t art = o->article;
	const dsr_json *refs = dsr_json_get(j, "object_refs");
	for (const dsr_json *x = refs && refs->type == DSR_JSON_ARRAY ? refs->child : NULL;
	     x && !art; x = x->next) {
		sobj *t = x->type == DSR_JSON_STRING ? find(r, x->str) : NULL;
		art = t ? t->article : 0;
	}
	static const char *const ends[] = { "source_ref", "target_ref", "sighting_of_ref" };
	for (size_t i = 0; i < 3 && !art; i++) {
		const dsr_json *x = dsr_json_get(j, ends[i]);
		sobj *t = x && x->type == DSR_JSON_STRING ? find(r, x->str) : NULL;
		art = t ? t->article : 0;
	}
	int rc = dsr_buf_cstr(&l) ? -ENOMEM :
		 dsr__ti_note(r->c, art ? art - 1 : 0, (char *)l.data);
	dsr_buf_free(&l);
	return rc;
}

int dsr__stix_read(tictx *c, const dsr_json *root)
{
	int rc = 0;
	const dsr_json *objs = dsr__ti_arr(c, root, "objects", "bundle", &rc);
	if (rc)
		return rc;
	sread r = { .c = c };
	for (const dsr_json *o = objs ? objs->child : NULL; o; o = o->next)
		r.n++;
	r.v = calloc(r.n + 1, sizeof *r.v);
	r.ids = calloc(r.n + 1, sizeof *r.ids);
	if (!r.v || !r.ids) {
		free(r.v);
		free(r.ids);
		return -ENOMEM;
	}
	size_t i = 0;
	for (const dsr_json *o = objs ? objs->child : NULL; o && !rc; o = o->next, i++) {
		char w[40];
		snprintf(w, sizeof w, "objects[%zu]", i);
		if (o->type != DSR_JSON_OBJECT) {
			rc = dsr__ti_fail(c, "%s: not an object", w);
			break;
		}
		r.v[i].j = o;
		r.v[i].type = dsr__ti_str(c, o, "type", w, 250, &rc);
		r.v[i].id = dsr__ti_str(c, o, "id", w, 300, &rc);
		if (!rc && (!r.v[i].type || !r.v[i].id))
			rc = dsr__ti_fail(c, "%s: no %s", w, r.v[i].type ? "id" : "type");
		r.ids[i] = (byid){ r.v[i].id ? r.v[i].id : "", i };
	}
	if (!rc && r.n)
		qsort(r.ids, r.n, sizeof *r.ids, byid_cmp);
	/* reports first (they take their notes), then lone notes, actors,
	 * and the rest, each in the bundle's order */
	for (int pass = 0; pass < 4 && !rc; pass++) {
		for (i = 0; i < r.n && !rc; i++) {
			sobj *o = &r.v[i];
			char w[40];
			snprintf(w, sizeof w, "objects[%zu]", i);
			bool rep = !strcmp(o->type, "report"), note = !strcmp(o->type, "note");
			if (pass == 0 && rep)
				rc = report(&r, o, w);
			else if (pass == 1 && note && !o->taken)
				rc = lone_note(&r, o, w);
			else if (pass == 2 && is_actor(o->type))
				rc = actor(&r, o, w);
			else if (pass == 3 && !o->taken && strcmp(o->type, "marking-definition") &&
				 strcmp(o->type, "extension-definition"))
				rc = rest(&r, o);
		}
	}
	free(r.v);
	free(r.ids);
	return rc;
}
