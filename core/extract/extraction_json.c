/* extraction_json.c: the EXTRACT_FORMAT.md JSON of an extraction
 * ("schema": "dossier.extract/1"), and the names of kinds and precisions.
 * Strings go through dsr_buf_json_str, so the output is valid JSON even
 * for text that is not valid UTF-8. */
#include "extract.h"
#include "factid.h"

#include <string.h>

const char *dsr_actor_kind_name(int kind)
{
	static const char *const names[] = { "unspecified", "person",
		"organization", "government", "country", "group", "media",
		"other" };
	return kind >= 0 && kind < 8 ? names[kind] : "unspecified";
}

const char *dsr_event_status_name(int status)
{
	static const char *const n[] = { "happened", "reported", "planned", "cancelled" };
	return status >= 0 && status < 4 ? n[status] : "happened";
}

const char *dsr_precision_name(int p)
{
	static const char *const names[] = { "unspecified", "time", "day",
		"week", "month", "season", "quarter", "year", "decade",
		"century", "ref" };
	return p >= 0 && p < 11 ? names[p] : "unspecified";
}

struct w {
	dsr_buf *b;
	int err;
};

static void put(struct w *w, const char *s)
{
	if (!w->err)
		w->err = dsr_buf_puts(w->b, s);
}

static void str(struct w *w, const char *s)
{
	if (!w->err)
		w->err = s ? dsr_buf_json_str(w->b, s, strlen(s)) : dsr_buf_puts(w->b, "null");
}

static void num(struct w *w, unsigned long v)
{
	if (!w->err)
		w->err = dsr_buf_printf(w->b, "%lu", v);
}

static void span(struct w *w, const char *key, dsr_span s)
{
	put(w, "\"");
	put(w, key);
	put(w, "\": {\"start\": ");
	num(w, s.start);
	put(w, ", \"end\": ");
	num(w, s.end);
	put(w, "}");
}

static void start_end(struct w *w, dsr_span s)
{
	put(w, "\"start\": ");
	num(w, s.start);
	put(w, ", \"end\": ");
	num(w, s.end);
}

static void names(struct w *w, char **v, size_t n)
{
	put(w, "[");
	for (size_t i = 0; i < n; i++) {
		if (i)
			put(w, ", ");
		str(w, v[i]);
	}
	put(w, "]");
}

static void article(struct w *w, const dsr_extraction *x, const uint8_t *text,
		    size_t len, const struct dsr_extract_meta *meta,
		    const struct dsr_extract_page *page)
{
	char id[33];
	dsr_hex(x->article_id, 16, id);
	put(w, "  \"article\": {\"id\": ");
	str(w, id);
	put(w, ", \"title\": ");
	str(w, meta ? meta->title : NULL);
	put(w, ", \"publisher\": ");
	str(w, meta ? meta->publisher : NULL);
	/* the date given, else the one the article's first lines give */
	put(w, ", \"published\": ");
	str(w, meta && meta->published && *meta->published ? meta->published : x->published);
	if (x->published_from && !strcmp(x->published_from, "dateline")) {
		put(w, ", \"published_from\": ");
		str(w, x->published_from);
	}
	put(w, ", \"url\": ");
	str(w, meta ? meta->url : NULL);
	if (page) {
		put(w, ", \"byline\": ");
		str(w, page->byline);
		put(w, ", \"lang\": ");
		str(w, page->lang);
		put(w, ", \"text\": ");
		if (!w->err)
			w->err = dsr_buf_json_str(w->b, (const char *)text, len);
	}
	put(w, ", \"bytes\": ");
	num(w, len);
	put(w, ", \"extractor\": ");
	str(w, DSR_EXTRACTOR_NAME);
	put(w, "},\n");
}

static void times(struct w *w, const dsr_extraction *x, const uint8_t *text)
{
	put(w, "  \"times\": [");
	for (size_t i = 0; i < x->ntimes; i++) {
		const struct dsr_x_time *t = &x->times[i];
		put(w, i ? ",\n    {" : "\n    {");
		start_end(w, t->span);
		put(w, ", \"text\": ");
		if (!w->err)
			w->err = dsr_buf_json_str(w->b, (const char *)text + t->span.start,
						  t->span.end - t->span.start);
		put(w, ", \"type\": ");
		str(w, t->type);
		put(w, ", \"value\": ");
		str(w, t->value);
		if (t->mod) {
			put(w, ", \"mod\": ");
			str(w, t->mod);
		}
		put(w, "}");
	}
	put(w, x->ntimes ? "\n  ],\n" : "],\n");
}

static void actors(struct w *w, const dsr_extraction *x)
{
	put(w, "  \"actors\": [");
	for (size_t i = 0; i < x->nactors; i++) {
		const struct dsr_x_actor *a = &x->actors[i];
		put(w, i ? ",\n    {\"name\": " : "\n    {\"name\": ");
		str(w, a->name);
		put(w, ", \"kind\": ");
		str(w, dsr_actor_kind_name(a->kind));
		put(w, ", \"aliases\": ");
		names(w, a->aliases, a->naliases);
		put(w, ",\n     \"mentions\": [");
		for (size_t k = 0; k < a->nmentions; k++) {
			put(w, k ? ", {" : "{");
			start_end(w, a->mentions[k]);
			put(w, "}");
		}
		put(w, "]}");
	}
	put(w, x->nactors ? "\n  ],\n" : "],\n");
}

static void claims(struct w *w, const dsr_extraction *x)
{
	put(w, "  \"claims\": [");
	for (size_t i = 0; i < x->nclaims; i++) {
		const struct dsr_x_claim *c = &x->claims[i];
		put(w, i ? ",\n    {" : "\n    {");
		start_end(w, c->span);
		put(w, ", \"stance\": ");
		str(w, c->stance ? "denies" : "asserts");
		put(w, c->hedged ? ", \"hedged\": true" : ", \"hedged\": false");
		put(w, ",\n     \"source\": {");
		start_end(w, c->source_span);
		put(w, ", \"actor\": ");
		str(w, c->source);
		put(w, "}, ");
		span(w, "cue", c->cue_span);
		put(w, ", ");
		span(w, "content", c->content_span);
		put(w, ",\n     \"about\": ");
		names(w, c->about, c->nabout);
		if (c->responsible) {
			put(w, ",\n     \"frame\": {\"responsible\": ");
			str(w, c->responsible);
			put(w, ", \"act\": ");
			str(w, c->act);
			put(w, ", \"class\": ");
			str(w, c->act_class);
			put(w, ", \"target\": ");
			str(w, c->target);
			put(w, ", ");
			start_end(w, c->act_span);
			put(w, "}");
		}
		put(w, "}");
	}
	put(w, x->nclaims ? "\n  ],\n" : "],\n");
}

static void events(struct w *w, const dsr_extraction *x)
{
	put(w, "  \"events\": [");
	for (size_t i = 0; i < x->nevents; i++) {
		const struct dsr_x_event *e = &x->events[i];
		put(w, i ? ",\n    {\"date\": " : "\n    {\"date\": ");
		str(w, e->date);
		put(w, ", \"precision\": ");
		str(w, dsr_precision_name(e->precision));
		put(w, ", ");
		start_end(w, e->span);
		put(w, ", \"time\": ");
		if (e->time < 0) {
			put(w, "null");
		} else {
			num(w, (unsigned long)e->time);
		}
		put(w, ", \"actors\": ");
		names(w, e->actors, e->nactors);
		put(w, ", \"status\": ");
		str(w, dsr_event_status_name(e->status));
		put(w, "}");
	}
	put(w, x->nevents ? "\n  ],\n" : "],\n");
}

static void indicators(struct w *w, const dsr_extraction *x)
{
	put(w, "  \"indicators\": [");
	for (size_t i = 0; i < x->nindicators; i++) {
		const struct dsr_x_indicator *d = &x->indicators[i];
		put(w, i ? ",\n    {\"type\": " : "\n    {\"type\": ");
		str(w, d->type);
		put(w, ", \"value\": ");
		str(w, d->value);
		put(w, ", ");
		start_end(w, d->span);
		put(w, "}");
	}
	put(w, x->nindicators ? "\n  ]\n" : "]\n");
}

int dsr_extraction_json(const dsr_extraction *x, const uint8_t *text,
			size_t len, const struct dsr_extract_meta *meta,
			dsr_buf *out)
{
	return dsr_extraction_json_page(x, text, len, meta, NULL, out);
}

int dsr_extraction_json_page(const dsr_extraction *x, const uint8_t *text,
			     size_t len, const struct dsr_extract_meta *meta,
			     const struct dsr_extract_page *page, dsr_buf *out)
{
	struct w w = { out, 0 };
	put(&w, "{\n  \"schema\": \"dossier.extract/1\",\n");
	article(&w, x, text, len, meta, page);
	put(&w, "  \"warnings\": ");
	if (page && page->warning) {
		put(&w, "[");
		str(&w, page->warning);
		for (size_t i = 0; i < x->nwarnings; i++) {
			put(&w, ", ");
			str(&w, x->warnings[i]);
		}
		put(&w, "]");
	} else {
		names(&w, x->warnings, x->nwarnings);
	}
	put(&w, ",\n");
	times(&w, x, text);
	actors(&w, x);
	claims(&w, x);
	events(&w, x);
	indicators(&w, x);
	put(&w, "}\n");
	return w.err;
}
