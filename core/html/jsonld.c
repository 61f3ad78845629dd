/* jsonld.c: the article's metadata from JSON-LD (schema.org): the first
 * object whose @type is an article or a posting, at the top, in an array or
 * in an @graph, gives headline, author, publisher and datePublished.  The
 * JSON is read by core's own reader (jsonparse.h). */
#include "impl.h"
#include "jsonparse.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static bool type_is(const dsr_json *t, bool (*ok)(const char *))
{
	if (!t)
		return false;
	if (t->type == DSR_JSON_STRING)
		return ok(t->str);
	if (t->type == DSR_JSON_ARRAY)
		for (const dsr_json *c = t->child; c; c = c->next)
			if (c->type == DSR_JSON_STRING && ok(c->str))
				return true;
	return false;
}

static bool ends(const char *s, const char *w)
{
	size_t a = strlen(s), b = strlen(w);
	return a >= b && strcmp(s + a - b, w) == 0;
}

static bool article_type(const char *s)
{
	const char *c = strrchr(s, '/'); /* "http://schema.org/NewsArticle" */
	s = c ? c + 1 : s;
	return ends(s, "Article") || ends(s, "Posting") || strcmp(s, "Report") == 0;
}

static bool site_type(const char *s)
{
	const char *c = strrchr(s, '/');
	s = c ? c + 1 : s;
	return strcmp(s, "WebSite") == 0 || ends(s, "Organization");
}

/* A depth-first search for the first object of a kind. */
static const dsr_json *find(const dsr_json *j, bool (*ok)(const char *), int depth)
{
	if (!j || depth > 8)
		return NULL;
	if (j->type == DSR_JSON_OBJECT) {
		if (type_is(dsr_json_get(j, "@type"), ok))
			return j;
		const dsr_json *g = dsr_json_get(j, "@graph");
		if (g)
			return find(g, ok, depth + 1);
		return NULL;
	}
	if (j->type == DSR_JSON_ARRAY)
		for (const dsr_json *c = j->child; c; c = c->next) {
			const dsr_json *r = find(c, ok, depth + 1);
			if (r)
				return r;
		}
	return NULL;
}

static const char *str_of(const dsr_json *j)
{
	return j && j->type == DSR_JSON_STRING && j->len ? j->str : NULL;
}

/* A name: a string, or an object's "name". */
static const char *name_of(const dsr_json *j)
{
	if (!j)
		return NULL;
	if (j->type == DSR_JSON_STRING)
		return str_of(j);
	if (j->type == DSR_JSON_OBJECT)
		return str_of(dsr_json_get(j, "name"));
	if (j->type == DSR_JSON_ARRAY && j->child)
		return name_of(j->child);
	return NULL;
}

static int set(char **dst, const char *s)
{
	if (*dst || !s)
		return 0;
	*dst = dsr__hclean(s, strlen(s));
	return 0;
}

/* Authors: every name of a string, an object or an array of them, joined
 * by ", ". */
static int authors(const dsr_json *a, char **dst)
{
	if (*dst || !a)
		return 0;
	dsr_buf b = DSR_BUF_INIT;
	const dsr_json *one = a->type == DSR_JSON_ARRAY ? a->child : a;
	int n = 0;
	for (; one; one = a->type == DSR_JSON_ARRAY ? one->next : NULL) {
		const char *s = name_of(one);
		if (!s || strncmp(s, "http", 4) == 0)
			continue;
		if ((n++ && dsr_buf_puts(&b, ", ")) || dsr_buf_puts(&b, s)) {
			dsr_buf_free(&b);
			return -ENOMEM;
		}
	}
	if (b.len)
		*dst = dsr__hclean((const char *)b.data, b.len);
	dsr_buf_free(&b);
	return 0;
}

/* How much a and b say the same words: the F1 of the share of a's words
 * in b and of b's words in a, each by bytes. */
static double likeness(const char *a, const char *b)
{
	size_t ta, tb;
	size_t ma = dsr__hmissing(a, b, &ta), mb = dsr__hmissing(b, a, &tb);
	if (!ta || !tb)
		return 0;
	double p = 1 - (double)ma / ta, r = 1 - (double)mb / tb;
	return p + r > 0 ? 2 * p * r / (p + r) : 0;
}

/* Of an article's headline and name, the one closer to the page's
 * <title>: some sites put a description in one of them. */
static const char *pick_title(const char *headline, const char *name, const char *doc)
{
	if (!headline || !name || !doc || strcmp(headline, name) == 0)
		return headline ? headline : name;
	return likeness(name, doc) > likeness(headline, doc) ? name : headline;
}

struct ld {
	struct hmeta *m;
	const char *doc_title;
};

static int from_json(const dsr_json *j, struct ld *ld)
{
	struct hmeta *m = ld->m;
	const dsr_json *art = find(j, article_type, 0);
	int rc = 0;
	if (art) {
		const char *title = pick_title(str_of(dsr_json_get(art, "headline")),
					       str_of(dsr_json_get(art, "name")), ld->doc_title);
		set(&m->title, title);
		rc = authors(dsr_json_get(art, "author"), &m->byline);
		set(&m->publisher, name_of(dsr_json_get(art, "publisher")));
		const char *date = str_of(dsr_json_get(art, "datePublished"));
		if (!date)
			date = str_of(dsr_json_get(art, "dateCreated"));
		if (date && !m->published)
			m->published = dsr__hdate(date);
	}
	return rc;
}

static bool lead(const char *p, size_t *off, size_t *len, const char *w)
{
	size_t l = strlen(w);
	if (*len < l || strncmp(p + *off, w, l))
		return false;
	*off += l;
	*len -= l;
	return true;
}

static bool trail(const char *p, size_t off, size_t *len, const char *w)
{
	size_t l = strlen(w);
	if (*len < l || strncmp(p + off + *len - l, w, l))
		return false;
	*len -= l;
	return true;
}

static void trim(const char *p, size_t *off, size_t *len)
{
	while (*len && strchr(" \t\r\n", p[*off])) {
		(*off)++;
		(*len)--;
	}
	while (*len && strchr(" \t\r\n", p[*off + *len - 1]))
		(*len)--;
}

/* The JSON inside the wrappers pages put around it for old parsers:
 * <![CDATA[ ... ]]>, //<![CDATA[ ... //]]>, <!-- ... -->. */
static void unwrap(const char *p, size_t *off, size_t *len)
{
	trim(p, off, len);
	lead(p, off, len, "//");
	if (lead(p, off, len, "<![CDATA[")) {
		trim(p, off, len);
		if (trail(p, *off, len, "]]>")) {
			trim(p, off, len);
			trail(p, *off, len, "//");
		}
	} else if (lead(p, off, len, "<!--")) {
		trail(p, *off, len, "-->");
	}
	trim(p, off, len);
}

/* Calls fn on every JSON-LD script of the page that parses, until fn
 * returns non-zero or *done becomes true. */
static int each(const struct hdoc *d, int (*fn)(const dsr_json *, void *),
		void *ctx)
{
	dsr_buf b = DSR_BUF_INIT;
	int rc = 0;
	for (size_t i = 0; i < d->n && !rc; i++) {
		const xmlNode *x = d->v[i].node;
		if (strcmp((const char *)x->name, "script"))
			continue;
		const char *type = dsr__hattr(x, "type");
		if (!type || !strstr(type, "ld+json"))
			continue;
		dsr_buf_reset(&b);
		for (const xmlNode *c = x->children; c && !rc; c = c->next)
			if (c->content && dsr_buf_puts(&b, (const char *)c->content))
				rc = -ENOMEM;
		size_t off = 0, len = b.len;
		unwrap((const char *)b.data, &off, &len);
		dsr_json *j = NULL;
		if (rc || !len || dsr_json_parse((const char *)b.data + off, len, &j))
			continue;
		rc = fn(j, ctx);
		dsr_json_free(j);
	}
	dsr_buf_free(&b);
	return rc < 0 ? rc : 0;
}

static int article_cb(const dsr_json *j, void *ctx)
{
	return from_json(j, ctx);
}

int dsr__jsonld(const struct hdoc *d, struct hmeta *m)
{
	struct ld ld = { m, dsr__hdoc_title(d) };
	return each(d, article_cb, &ld);
}

static int site_cb(const dsr_json *j, void *ctx)
{
	char **publisher = ctx;
	const dsr_json *s = find(j, site_type, 0);
	if (s)
		set(publisher, name_of(dsr_json_get(s, "name")));
	return *publisher ? 1 : 0;
}

int dsr__jsonld_site(const struct hdoc *d, char **publisher)
{
	if (*publisher)
		return 0;
	return each(d, site_cb, publisher);
}
