/* meta.c: the page's metadata.  Each field takes the first of, in order:
 * the article object of the JSON-LD (jsonld.c); <meta> by name or property
 * (Dublin Core, Open Graph, article:*, Twitter, Parse.ly, ...), the more
 * specific keys first; then the document itself (<link rel=canonical>,
 * <html lang>, <title> without the site's name, a <time> of publication). */
#include "impl.h"
#include "base/api.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { F_TITLE, F_BYLINE, F_PUBLISHER, F_PUBLISHED, F_URL, F_LANG, F_N };

/* Keys of <meta name/property/itemprop>, as lowercase with "." made ":",
 * most trusted first within each field. */
static const struct {
	const char *key;
	int field;
} keys[] = {
	{ "dc:title", F_TITLE }, { "dcterm:title", F_TITLE }, { "dcterms:title", F_TITLE },
	{ "og:title", F_TITLE }, { "weibo:article:title", F_TITLE },
	{ "weibo:webpage:title", F_TITLE }, { "title", F_TITLE },
	{ "twitter:title", F_TITLE }, { "parsely-title", F_TITLE },
	{ "sailthru:title", F_TITLE }, { "headline", F_TITLE },
	{ "dc:creator", F_BYLINE }, { "dcterm:creator", F_BYLINE },
	{ "dcterms:creator", F_BYLINE }, { "author", F_BYLINE },
	{ "parsely-author", F_BYLINE }, { "article:author_name", F_BYLINE },
	{ "article:author", F_BYLINE },
	{ "sailthru:author", F_BYLINE }, { "byl", F_BYLINE },
	{ "og:site_name", F_PUBLISHER }, { "application-name", F_PUBLISHER },
	{ "publisher", F_PUBLISHER }, { "dc:publisher", F_PUBLISHER },
	{ "dcterms:publisher", F_PUBLISHER }, { "twitter:app:name:iphone", F_PUBLISHER },
	{ "article:published_time", F_PUBLISHED }, { "datepublished", F_PUBLISHED },
	{ "dcterms:available", F_PUBLISHED }, { "dcterms:created", F_PUBLISHED },
	{ "dcterms:issued", F_PUBLISHED }, { "dc:date:issued", F_PUBLISHED },
	{ "dc:date", F_PUBLISHED }, { "weibo:article:create_at", F_PUBLISHED },
	{ "parsely-pub-date", F_PUBLISHED }, { "og:published_time", F_PUBLISHED },
	{ "og:article:published_time", F_PUBLISHED }, { "sailthru:date", F_PUBLISHED },
	{ "pubdate", F_PUBLISHED }, { "publishdate", F_PUBLISHED },
	{ "publish-date", F_PUBLISHED }, { "date", F_PUBLISHED },
	{ "og:url", F_URL }, { "twitter:url", F_URL },
	{ "content-language", F_LANG }, { "dc:language", F_LANG },
	{ "og:locale", F_LANG }, { "language", F_LANG },
};
#define NKEYS (sizeof keys / sizeof keys[0])

struct found {
	const char *val[F_N];
	size_t rank[F_N];
	const char *canonical, *lang, *doc_title, *time;
};

/* A key of <meta property> ranks before the same key of <meta name>. */
static void offer(struct found *f, const char *key, size_t klen, const char *val, bool prop)
{
	char k[64];
	if (!klen || klen >= sizeof k)
		return;
	for (size_t i = 0; i < klen; i++) {
		char c = key[i];
		k[i] = (char)(c == '.' ? ':' : (c >= 'A' && c <= 'Z') ? c + 32 : c);
	}
	k[klen] = 0;
	for (size_t i = 0; i < NKEYS; i++) {
		if (strcmp(k, keys[i].key))
			continue;
		int fl = keys[i].field;
		size_t rank = 2 * i + !prop;
		if (!f->val[fl] || rank < f->rank[fl]) {
			f->val[fl] = val;
			f->rank[fl] = rank;
		}
		return;
	}
}

/* Each word of a space-separated attribute ("dc:title og:title"). */
static void offer_all(struct found *f, const char *names, const char *val, bool prop)
{
	while (names && *names) {
		while (*names == ' ' || *names == '\t' || *names == '\n')
			names++;
		size_t l = strcspn(names, " \t\n");
		offer(f, names, l, val, prop);
		names += l;
	}
}

static bool blank(const char *s)
{
	if (!s)
		return true;
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return false;
	return true;
}

static void scan(const struct hdoc *d, struct found *f)
{
	for (size_t i = 0; i < d->n; i++) {
		const xmlNode *x = d->v[i].node;
		const char *name = (const char *)x->name;
		if (strcasecmp(name, "meta") == 0) {
			const char *val = dsr__hattr(x, "content");
			if (blank(val))
				continue;
			offer_all(f, dsr__hattr(x, "property"), val, true);
			offer_all(f, dsr__hattr(x, "name"), val, false);
			offer_all(f, dsr__hattr(x, "itemprop"), val, false);
			offer_all(f, dsr__hattr(x, "http-equiv"), val, false);
		} else if (strcasecmp(name, "link") == 0) {
			const char *rel = dsr__hattr(x, "rel"), *href = dsr__hattr(x, "href");
			if (rel && href && !f->canonical && strcasecmp(rel, "canonical") == 0 &&
			    !blank(href))
				f->canonical = href;
		} else if (strcasecmp(name, "html") == 0) {
			const char *l = dsr__hattr(x, "lang");
			if (!l)
				l = dsr__hattr(x, "xml:lang");
			if (!f->lang && !blank(l))
				f->lang = l;
		} else if (strcasecmp(name, "title") == 0 && !f->doc_title) {
			/* the document's <title>, not one inside an <svg> */
			const xmlNode *up = x->parent;
			if (up && strcasecmp((const char *)up->name, "svg") &&
			    x->children && x->children->content)
				f->doc_title = (const char *)x->children->content;
		} else if (strcasecmp(name, "time") == 0 && !f->time) {
			const char *dt = dsr__hattr(x, "datetime");
			const char *ip = dsr__hattr(x, "itemprop");
			if (dt && (dsr__hattr(x, "pubdate") ||
				   (ip && strcasestr(ip, "datepublished"))))
				f->time = dt;
		}
	}
}

static const char *const separators[] = { " | ", " - ", " \xE2\x80\x93 ",
	" \xE2\x80\x94 ", " :: ", " / ", " \xC2\xBB ", " \xC2\xB7 ", " \\ ", NULL };

static size_t words(const char *s, size_t n)
{
	size_t w = 0;
	bool in = false;
	for (size_t i = 0; i < n; i++) {
		bool sp = s[i] == ' ';
		if (!sp && !in)
			w++;
		in = !sp;
	}
	return w;
}

/* <title> without the site's name: "Headline | Site" gives "Headline".
 * The part before the last separator, unless that leaves too few words,
 * then the longest part. */
static char *doc_title(const char *raw, const char *site)
{
	char *t = dsr__hclean(raw, strlen(raw));
	if (!t)
		return NULL;
	const char *cut = NULL;
	size_t cutlen = 0;
	for (const char *const *s = separators; *s; s++) {
		for (const char *q = strstr(t, *s); q; q = strstr(q + 1, *s))
			if (q > cut) {
				cut = q;
				cutlen = strlen(*s);
			}
	}
	if (!cut)
		return t;
	size_t head = (size_t)(cut - t);
	const char *tail = cut + cutlen;
	/* the site's name may come first: "Site | Headline" */
	if (site && strncasecmp(t, site, strlen(site)) == 0 && strlen(tail) > strlen(site)) {
		memmove(t, tail, strlen(tail) + 1);
		return t;
	}
	if (words(t, head) >= 3 || words(tail, strlen(tail)) < 2 || head >= strlen(tail)) {
		t[head] = 0;
		return t;
	}
	memmove(t, tail, strlen(tail) + 1);
	return t;
}

/* "en_US" -> "en-US" */
static char *lang_tag(const char *s)
{
	char *l = dsr__hclean(s, strlen(s));
	if (!l)
		return NULL;
	char *c = strchr(l, ',');
	if (c)
		*c = 0;
	for (char *p = l; *p; p++) {
		if (*p == '_')
			*p = '-';
		else if (*p == ' ')
			*p = 0;
		if (!*p)
			break;
	}
	return *l ? l : (free(l), NULL);
}

static bool is_url(const char *s)
{
	return strncmp(s, "http://", 7) == 0 || strncmp(s, "https://", 8) == 0 ||
	       strncmp(s, "//", 2) == 0;
}

static void take(char **dst, const char *s)
{
	if (!*dst && s)
		*dst = dsr__hclean(s, strlen(s));
}

int dsr__hmeta(const struct hdoc *d, struct hmeta *m)
{
	struct found f;
	memset(&f, 0, sizeof f);
	int rc = dsr__jsonld(d, m);
	if (rc)
		return rc;
	scan(d, &f);
	take(&m->title, f.val[F_TITLE]);
	if (f.val[F_BYLINE] && !is_url(f.val[F_BYLINE]))
		take(&m->byline, f.val[F_BYLINE]);
	take(&m->publisher, f.val[F_PUBLISHER]);
	if ((rc = dsr__jsonld_site(d, &m->publisher)))
		return rc;
	if (!m->published && f.val[F_PUBLISHED])
		m->published = dsr__hdate(f.val[F_PUBLISHED]);
	if (!m->published && f.time)
		m->published = dsr__hdate(f.time);
	take(&m->url, f.canonical);
	take(&m->url, f.val[F_URL]);
	if (!m->lang && f.lang)
		m->lang = lang_tag(f.lang);
	if (!m->lang && f.val[F_LANG])
		m->lang = lang_tag(f.val[F_LANG]);
	if (!m->title && f.doc_title)
		m->title = doc_title(f.doc_title, m->publisher);
	m->byline = dsr__hstrip_by(m->byline);
	return 0;
}

void dsr__hmeta_free(struct hmeta *m)
{
	free(m->title);
	free(m->byline);
	free(m->publisher);
	free(m->published);
	free(m->url);
	free(m->lang);
	memset(m, 0, sizeof *m);
}
