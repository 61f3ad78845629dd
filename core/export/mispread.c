/* mispread.c: MISP events read into what dossier keeps (tiread.h).  The
 * document is {"Event": {...}}, an event object itself, or {"response":
 * [{"Event": ...}, ...]} as MISP's search answers.  Per event:
 *
 *  - its info and its `text` attributes (the event's and its objects'), in
 *    order: an article titled with the info, published on the event's date,
 *    by its creating organisation (Orgc), with the URL of its first `link`
 *    attribute;
 *  - each galaxy cluster of an actor galaxy (threat-actor, dossier-actor,
 *    MITRE intrusion sets) and each `threat-actor` object: a line of the
 *    cover, its synonyms (meta.synonyms, the object's alias attributes)
 *    judged the same name as its value; a `threat-actor` attribute a line;
 *  - every other attribute, object, cluster and the event's tags: a note on
 *    the event's article (or the cover when it has none). */
#include "export/tiread.h"
#include "error.h"
#include "ingest.h"
#include "validate.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool actor_galaxy(const char *type)
{
	return type && (!strcmp(type, "threat-actor") || !strcmp(type, "dossier-actor") ||
			!strcmp(type, "mitre-intrusion-set") || !strcmp(type, "mitre-enterprise-attack-intrusion-set"));
}

/* A named actor and its synonyms. */
static int named(tictx *c, const char *name, const dsr_json *syn, const char *what,
		 const char *where)
{
	if (!name || !*name)
		return 0;
	if (strlen(name) > DSR_NAME_MAX)
		return dsr__ti_fail(c, "%s: the name is over %d bytes", where, DSR_NAME_MAX);
	dsr_buf line = DSR_BUF_INIT, why = DSR_BUF_INIT;
	dsr_buf_puts(&line, name);
	int rc = 0;
	size_t i = 0, na = 0;
	for (const dsr_json *s = syn ? syn->child : NULL; s && !rc; s = s->next, i++) {
		if (s->type != DSR_JSON_STRING || s->len > DSR_NAME_MAX) {
			rc = dsr__ti_fail(c, "%s.synonyms[%zu]: not a name (a string of at most %d "
					  "bytes)", where, i, DSR_NAME_MAX);
			break;
		}
		if (!s->len || !strcmp(s->str, name))
			continue;
		dsr_buf_printf(&line, "%s%s", na++ ? ", " : ", also known as ", s->str);
		why.len = 0;
		dsr_buf_printf(&why, "the %s \"%s\" lists the synonym \"%s\"", what, name, s->str);
		rc = dsr_buf_cstr(&why) ? -ENOMEM : dsr__ti_same(c, name, s->str, (char *)why.data);
	}
	dsr_buf_printf(&line, ": %s.", what);
	if (!rc)
		rc = dsr_buf_cstr(&line) ? -ENOMEM : dsr__ti_cover_line(c, (char *)line.data);
	dsr_buf_free(&line);
	dsr_buf_free(&why);
	return rc;
}

/* The attributes of a list: texts into text, the first link into *url,
 * the rest as lines (ctx: where they go).  `obj`: the object they belong
 * to, for the lines. */
struct ev {
	tictx *c;
	dsr_buf text;
	const char *url;
	/* lines wait until the event's article exists */
	char **lines;
	size_t nlines, cap;
};

static int later(struct ev *e, dsr_buf *l)
{
	if (dsr_buf_cstr(l))
		return -ENOMEM;
	if (e->nlines == e->cap) {
		size_t nc = e->cap ? 2 * e->cap : 16;
		char **nv = realloc(e->lines, nc * sizeof *nv);
		if (!nv)
			return -ENOMEM;
		e->lines = nv;
		e->cap = nc;
	}
	e->lines[e->nlines++] = (char *)l->data;
	*l = (dsr_buf)DSR_BUF_INIT;
	return 0;
}

/* The names of a list of tags after `lead`, comma-separated; how many. */
static int tag_names(dsr_buf *l, const dsr_json *tags, const char *lead)
{
	int k = 0;
	for (const dsr_json *t = tags && tags->type == DSR_JSON_ARRAY ? tags->child : NULL; t;
	     t = t->next) {
		const dsr_json *n = t->type == DSR_JSON_OBJECT ? dsr_json_get(t, "name") : NULL;
		if (n && n->type == DSR_JSON_STRING)
			dsr_buf_printf(l, "%s%s", k++ ? ", " : lead, n->str);
	}
	return k;
}

static int attributes(struct ev *e, const dsr_json *list, const char *where, const char *obj)
{
	tictx *c = e->c;
	int rc = 0;
	size_t i = 0;
	for (const dsr_json *a = list ? list->child : NULL; a && !rc; a = a->next, i++) {
		char w[120];
		snprintf(w, sizeof w, "%s.Attribute[%zu]", where, i);
		if (a->type != DSR_JSON_OBJECT)
			return dsr__ti_fail(c, "%s: not an object", w);
		const char *type = dsr__ti_str(c, a, "type", w, 100, &rc);
		const char *cat = dsr__ti_str(c, a, "category", w, 100, &rc);
		const char *value = dsr__ti_str(c, a, "value", w, DSR_ARTICLE_MAX, &rc);
		const char *comment = dsr__ti_str(c, a, "comment", w, DSR_TEXT_MAX, &rc);
		if (rc)
			return rc;
		if (!type || !value)
			return dsr__ti_fail(c, "%s: no %s", w, type ? "value" : "type");
		if (!strcmp(type, "text") && !obj) {
			dsr__ti_para(&e->text, value);
			continue;
		}
		if (!strcmp(type, "link") && !e->url && !obj && strlen(value) <= DSR_TEXT_MAX) {
			e->url = value;
			continue;
		}
		if (!strcmp(type, "threat-actor") && !obj) {
			if ((rc = named(c, value, NULL, "threat actor (attribute)", w)))
				return rc;
			continue;
		}
		/* the category in lower case: capitalised words would read as
		 * names to the extractor */
		char lc[101] = "-";
		if (cat) {
			size_t n = 0;
			for (; cat[n] && n < 100; n++)
				lc[n] = (char)(cat[n] >= 'A' && cat[n] <= 'Z' ? cat[n] + 32 : cat[n]);
			lc[n] = 0;
		}
		dsr_buf l = DSR_BUF_INIT;
		dsr_buf_printf(&l, "%s%s%sattribute %s (%s): %s", obj ? "object " : "", obj ? obj : "",
			       obj ? ", " : "", type, lc, value);
		if (comment && *comment)
			dsr_buf_printf(&l, " — %s", comment);
		tag_names(&l, dsr_json_get(a, "Tag"), "; tags: ");
		if ((rc = later(e, &l)))
			return rc;
	}
	return rc;
}

static int objects(struct ev *e, const dsr_json *list, const char *where)
{
	tictx *c = e->c;
	int rc = 0;
	size_t i = 0;
	for (const dsr_json *o = list ? list->child : NULL; o && !rc; o = o->next, i++) {
		char w[80];
		snprintf(w, sizeof w, "%s.Object[%zu]", where, i);
		if (o->type != DSR_JSON_OBJECT)
			return dsr__ti_fail(c, "%s: not an object", w);
		const char *name = dsr__ti_str(c, o, "name", w, 200, &rc);
		const dsr_json *attrs = dsr__ti_arr(c, o, "Attribute", w, &rc);
		if (rc)
			return rc;
		if (name && !strcmp(name, "threat-actor")) {
			/* its name, and its aliases as synonyms */
			const char *actor = NULL;
			dsr_json syn = { .type = DSR_JSON_ARRAY };
			dsr_json *tail = NULL;
			dsr_json *copies = NULL;
			size_t n = 0;
			for (const dsr_json *a = attrs ? attrs->child : NULL; a; a = a->next)
				n++;
			copies = calloc(n + 1, sizeof *copies);
			if (!copies)
				return -ENOMEM;
			size_t k = 0;
			for (const dsr_json *a = attrs ? attrs->child : NULL; a; a = a->next) {
				const dsr_json *rel = a->type == DSR_JSON_OBJECT ?
					dsr_json_get(a, "object_relation") : NULL;
				const dsr_json *v = a->type == DSR_JSON_OBJECT ? dsr_json_get(a, "value") : NULL;
				if (!rel || rel->type != DSR_JSON_STRING || !v || v->type != DSR_JSON_STRING)
					continue;
				if (!strcmp(rel->str, "name") && !actor) {
					actor = v->str;
				} else if (!strcmp(rel->str, "alias") || !strcmp(rel->str, "synonym")) {
					copies[k] = *v;
					copies[k].next = NULL;
					if (tail)
						tail->next = &copies[k];
					else
						syn.child = &copies[k];
					tail = &copies[k++];
				}
			}
			rc = named(c, actor, &syn, "threat actor (object)", w);
			free(copies);
			continue;
		}
		rc = attributes(e, attrs, w, name ? name : "?");
	}
	return rc;
}

static int galaxies(struct ev *e, const dsr_json *list, const char *where)
{
	tictx *c = e->c;
	int rc = 0;
	size_t i = 0;
	for (const dsr_json *g = list ? list->child : NULL; g && !rc; g = g->next, i++) {
		char w[80];
		snprintf(w, sizeof w, "%s.Galaxy[%zu]", where, i);
		if (g->type != DSR_JSON_OBJECT)
			return dsr__ti_fail(c, "%s: not an object", w);
		const char *type = dsr__ti_str(c, g, "type", w, 200, &rc);
		const dsr_json *cl = dsr__ti_arr(c, g, "GalaxyCluster", w, &rc);
		size_t j = 0;
		for (const dsr_json *k = cl ? cl->child : NULL; k && !rc; k = k->next, j++) {
			char wk[120];
			snprintf(wk, sizeof wk, "%s.GalaxyCluster[%zu]", w, j);
			if (k->type != DSR_JSON_OBJECT)
				return dsr__ti_fail(c, "%s: not an object", wk);
			const char *value = dsr__ti_str(c, k, "value", wk, DSR_NAME_MAX, &rc);
			const dsr_json *meta = dsr__ti_obj(c, k, "meta", wk, &rc);
			const dsr_json *syn = meta ? dsr__ti_arr(c, meta, "synonyms", wk, &rc) : NULL;
			if (rc || !value)
				continue;
			if (actor_galaxy(type)) {
				char what[260];
				snprintf(what, sizeof what, "cluster of the %s galaxy", type);
				rc = named(c, value, syn, what, wk);
			} else {
				dsr_buf l = DSR_BUF_INIT;
				dsr_buf_printf(&l, "galaxy %s: %s", type ? type : "?", value);
				rc = later(e, &l);
			}
		}
	}
	return rc;
}

static int event(tictx *c, const dsr_json *ev, const char *where)
{
	if (ev->type != DSR_JSON_OBJECT)
		return dsr__ti_fail(c, "%s: not an object", where);
	int rc = 0;
	const char *info = dsr__ti_str(c, ev, "info", where, DSR_TEXT_MAX, &rc);
	const char *date = dsr__ti_str(c, ev, "date", where, 64, &rc);
	const char *uuid = dsr__ti_str(c, ev, "uuid", where, 100, &rc);
	const dsr_json *orgc = dsr__ti_obj(c, ev, "Orgc", where, &rc);
	const dsr_json *attrs = dsr__ti_arr(c, ev, "Attribute", where, &rc);
	const dsr_json *objs = dsr__ti_arr(c, ev, "Object", where, &rc);
	const dsr_json *gal = dsr__ti_arr(c, ev, "Galaxy", where, &rc);
	const dsr_json *tags = dsr__ti_arr(c, ev, "Tag", where, &rc);
	char wo[80];
	snprintf(wo, sizeof wo, "%s.Orgc", where);
	const char *org = orgc ? dsr__ti_str(c, orgc, "name", wo, DSR_NAME_MAX, &rc) : NULL;
	if (rc)
		return rc;
	struct ev e = { .c = c, .text = DSR_BUF_INIT };
	if (info && *info)
		dsr__ti_para(&e.text, info);
	rc = attributes(&e, attrs, where, NULL);
	if (!rc)
		rc = objects(&e, objs, where);
	if (!rc)
		rc = galaxies(&e, gal, where);
	if (!rc && tags) {
		dsr_buf l = DSR_BUF_INIT;
		rc = tag_names(&l, tags, "the event's tags: ") ? later(&e, &l) : 0;
		dsr_buf_free(&l);
	}
	size_t art = 0;   /* the cover, when the event has no text */
	while (e.text.len && e.text.data[e.text.len - 1] == '\n')
		e.text.len--;
	if (!rc && e.text.len) {
		char day[11];
		dsr__ti_day(date, day);
		rc = dsr__ti_article(c, info && *info ? info : "MISP event", org, e.url, day,
				     (const char *)e.text.data, e.text.len, &art);
		/* which event of the file it is, for `dossier why` */
		dsr_buf l = DSR_BUF_INIT;
		dsr_buf_printf(&l, "the MISP event %s, filed as this article", uuid ? uuid : where);
		if (!rc)
			rc = dsr_buf_cstr(&l) ? -ENOMEM : dsr__ti_note(c, art, (char *)l.data);
		dsr_buf_free(&l);
	}
	for (size_t i = 0; i < e.nlines; i++) {
		if (!rc)
			rc = dsr__ti_note(c, art, e.lines[i]);
		free(e.lines[i]);
	}
	free(e.lines);
	dsr_buf_free(&e.text);
	return rc;
}

int dsr__misp_read(tictx *c, const dsr_json *root)
{
	const dsr_json *ev = dsr_json_get(root, "Event");
	if (ev)
		return event(c, ev, "Event");
	int rc = 0;
	const dsr_json *resp = dsr__ti_arr(c, root, "response", "document", &rc);
	if (rc)
		return rc;
	if (!resp)
		return event(c, root, "event");
	size_t i = 0;
	for (const dsr_json *x = resp->child; x && !rc; x = x->next, i++) {
		char w[60];
		snprintf(w, sizeof w, "response[%zu].Event", i);
		const dsr_json *e = x->type == DSR_JSON_OBJECT ? dsr_json_get(x, "Event") : NULL;
		rc = e ? event(c, e, w) : dsr__ti_fail(c, "response[%zu]: no Event", i);
	}
	return rc;
}
