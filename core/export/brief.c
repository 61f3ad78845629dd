/* brief.c: the incident brief (docs/brief.md) made from the views: the
 * title, the sections in order (brief_judge.c, brief_events.c,
 * brief_actors.c, brief_notes.c), then the back matter — the sources
 * cited, the quotations that the citations number, and what the brief was
 * made from: the events (the version vector, the same on every replica
 * holding them, unlike a log position) and the views' digest. */
#include "export/brief.h"
#include "base/api.h"
#include "error.h"
#include "factid.h"
#include "query/api.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* YYYY, YYYY-MM or YYYY-MM-DD as YYYYMMDD (missing parts: 01); 0 if not. */
static uint32_t parse_since(const char *s)
{
	unsigned part[3] = { 0, 1, 1 };
	size_t len[3] = { 4, 2, 2 };
	int i = 0;
	for (; i < 3; i++) {
		unsigned v = 0;
		for (size_t k = 0; k < len[i]; k++, s++) {
			if (!isdigit((unsigned char)*s))
				return 0;
			v = v * 10 + (unsigned)(*s - '0');
		}
		part[i] = v;
		if (!*s)
			break;
		if (*s++ != '-')
			return 0;
	}
	if (i == 3 || part[1] < 1 || part[1] > 12 || part[2] < 1 ||
	    part[2] > (unsigned)dsr__mdays((int)part[0], (int)part[1]))
		return 0;
	return part[0] * 10000 + part[1] * 100 + part[2];
}

static uint32_t day_of(const char *s)
{
	int y, m, d;
	return s && dsr__parse_date(s, &y, &m, &d) ? (uint32_t)(y * 10000 + m * 100 + d) : 0;
}

static int on_date(void *ctx, const Dpb__ArticleInfo *a)
{
	dsr__bctx *c = ctx;
	if (a->id.len != DSR_ID_LEN)
		return 0;
	if (dsr_grow((void **)&c->dates, &c->cap_dates, c->ndates + 1, sizeof *c->dates))
		return -ENOMEM;
	memcpy(c->dates[c->ndates].id, a->id.data, DSR_ID_LEN);
	c->dates[c->ndates++].day = day_of(a->published);
	return 0;
}

static int date_cmp(const void *a, const void *b)
{
	return memcmp(((const struct dsr__bdate *)a)->id, ((const struct dsr__bdate *)b)->id,
		      DSR_ID_LEN);
}

static int title(dsr__bctx *c)
{
	const dsr_export_opts *o = c->o;
	int word = DSR__BW_TITLE;
	const char *name = NULL;
	if (o->about && *o->about) {
		word = DSR__BW_TITLE_ABOUT;
		name = c->about_name;
	} else if (o->act && *o->act) {
		word = DSR__BW_TITLE_ACT;
		name = dsr__bstr(c->b, o->act, strlen(o->act));
	}
	struct dsr__barg arg = { "name", DSR__ARG_TEXT, name, NULL, 0, NULL, 0, NULL, NULL, NULL };
	int rc = dsr__bblock(c->b, DSR__B_TITLE, 0, "title");
	if (!rc)
		rc = dsr__bfill(c->b, word, &arg, 1);
	/* the title as plain text, for the HTML's <title> */
	if (!rc) {
		const struct dsr__bblock *bl = &c->b->blocks[c->b->nblocks - 1];
		size_t n = 0;
		for (size_t i = 0; i < bl->nruns; i++)
			n += strlen(c->b->runs[bl->run + i].text);
		char *t = dsr_arena_alloc(&c->b->mem, n + 1);
		if (!t)
			return -ENOMEM;
		t[0] = 0;
		for (size_t i = 0; i < bl->nruns; i++)
			strcat(t, c->b->runs[bl->run + i].text);
		c->b->title = t;
	}
	return rc;
}

/* ---- the back matter -------------------------------------------------------- */

struct qtext {
	dsr__brief *b;
	struct dsr__bquote *q;
};

static int on_why(void *ctx, const Dpb__WhyItem *w)
{
	struct qtext *x = ctx;
	if (x->q->text || !w->span || w->span->start != x->q->start || w->span->end != x->q->end ||
	    w->article.len != DSR_ID_LEN || memcmp(w->article.data, x->q->article, DSR_ID_LEN) ||
	    !w->quote)
		return 0;
	x->q->text = dsr__bstr(x->b, w->quote, strlen(w->quote));
	return x->q->text ? 0 : -ENOMEM;
}

static int art_span_cmp(const void *a, const void *b)
{
	const struct dsr__bquote *x = *(struct dsr__bquote *const *)a;
	const struct dsr__bquote *y = *(struct dsr__bquote *const *)b;
	int d = memcmp(x->article, y->article, DSR_ID_LEN);
	if (d)
		return d;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return memcmp(x->fact, y->fact, DSR_ID_LEN);
}

/* The quotations' text, read article by article (the cache keeps one). */
static int quote_texts(dsr__bctx *c, struct dsr__bquote **by)
{
	dsr_why_cache *wc = dsr_why_cache_new();
	if (!wc)
		return -ENOMEM;
	int rc = 0;
	for (size_t i = 0; !rc && i < c->b->nquotes; i++) {
		char hex[2 * DSR_ID_LEN + 1];
		dsr_hex(by[i]->fact, DSR_ID_LEN, hex);
		struct qtext x = { c->b, by[i] };
		rc = dsr_q_why_cached(c->t, hex, wc, on_why, &x);
		if (rc == DSR_ENOTFOUND)
			rc = 0;
		if (!rc && !by[i]->text)
			by[i]->text = "";
	}
	dsr_why_cache_free(wc);
	return rc;
}

static int on_source(void *ctx, const Dpb__ArticleInfo *a)
{
	struct qtext *x = ctx;
	struct dsr__bsource *s = &x->b->sources[x->b->nsources];
	memcpy(s->id, a->id.data, DSR_ID_LEN);
	s->publisher = dsr__bstr(x->b, a->publisher, strlen(a->publisher));
	s->published = dsr__bstr(x->b, a->published, strlen(a->published));
	s->title = dsr__bstr(x->b, a->title, strlen(a->title));
	s->url = dsr__bstr(x->b, a->url, strlen(a->url));
	return s->publisher && s->published && s->title && s->url ? 0 : -ENOMEM;
}

static int source_cmp(const void *a, const void *b)
{
	const struct dsr__bsource *x = a, *y = b;
	int d = strcmp(x->published, y->published);
	if (!d)
		d = strcmp(x->publisher, y->publisher);
	if (!d)
		d = strcmp(x->title, y->title);
	return d ? d : memcmp(x->id, y->id, DSR_ID_LEN);
}

/* The sources: the articles the quotations come from, by date, outlet,
 * title and id; each quotation gets its source's number. */
static int sources(dsr__bctx *c, struct dsr__bquote **by)
{
	dsr__brief *b = c->b;
	b->sources = calloc(b->nquotes + 1, sizeof *b->sources);
	if (!b->sources)
		return -ENOMEM;
	int rc = 0;
	for (size_t i = 0; !rc && i < b->nquotes; i++) {
		if (i && !memcmp(by[i]->article, by[i - 1]->article, DSR_ID_LEN))
			continue;
		struct qtext x = { b, NULL };
		rc = dsr_q_article(c->t, by[i]->article, on_source, &x);
		if (!rc)
			b->nsources++;
		else if (rc == DSR_ENOTFOUND)
			rc = 0;
	}
	if (rc)
		return rc;
	qsort(b->sources, b->nsources, sizeof *b->sources, source_cmp);
	for (size_t i = 0; i < b->nquotes; i++)
		for (size_t k = 0; k < b->nsources; k++)
			if (!memcmp(b->quotes[i].article, b->sources[k].id, DSR_ID_LEN)) {
				b->quotes[i].source = (uint32_t)k + 1;
				break;
			}
	return 0;
}

static int section(dsr__brief *b, int word, const char *cls)
{
	int rc = dsr__bblock(b, DSR__B_SECTION, 0, cls);
	return rc ? rc : dsr__bfill(b, word, NULL, 0);
}

static int list_sources(dsr__brief *b)
{
	int rc = b->nsources ? section(b, DSR__BW_SEC_SOURCES, "sources") : 0;
	for (size_t i = 0; !rc && i < b->nsources; i++) {
		const struct dsr__bsource *s = &b->sources[i];
		struct dsr__barg args[] = {
			{ "outlet", DSR__ARG_TEXT, *s->publisher ? s->publisher
			  : dsr__brief_words[DSR__BW_NO_OUTLET], NULL, 0, NULL, 0, NULL, NULL, NULL },
			{ "date", DSR__ARG_TEXT, *s->published ? s->published
			  : dsr__brief_words[DSR__BW_NO_DATE], NULL, 0, NULL, 0, NULL, NULL, NULL },
			{ "title", DSR__ARG_QUOTE, *s->title ? s->title
			  : dsr__brief_words[DSR__BW_NO_TITLE], NULL, 0, NULL, 0, NULL, NULL, NULL },
		};
		rc = dsr__bblock(b, DSR__B_SOURCE, (uint32_t)i + 1, "source");
		if (!rc)
			rc = dsr__bfill(b, DSR__BW_SOURCE, args, sizeof args / sizeof *args);
		if (!rc && *s->url)
			rc = dsr__brun(b, DSR__RUN_URL, s->url, 0);
	}
	return rc;
}

/* {source} of a quotation: a reference to its source; {article} and
 * {fact}: ids, set as code. */
static int qsource(dsr__brief *b, const void *ctx)
{
	const struct dsr__bquote *q = ctx;
	return dsr__brun(b, DSR__RUN_SOURCE, NULL, q->source);
}

static int qcode(dsr__brief *b, const void *ctx)
{
	return dsr__brun(b, DSR__RUN_CODE, ctx, 0);
}

static int list_quotes(dsr__brief *b)
{
	int rc = b->nquotes ? section(b, DSR__BW_SEC_QUOTES, "quotes") : 0;
	for (size_t i = 0; !rc && i < b->nquotes; i++) {
		const struct dsr__bquote *q = &b->quotes[i];
		char art[2 * DSR_ID_LEN + 1], fact[2 * DSR_ID_LEN + 1];
		dsr_hex(q->article, DSR_ID_LEN, art);
		dsr_hex(q->fact, DSR_ID_LEN, fact);
		const char *start = dsr__bprintf(b, "%u", q->start);
		const char *end = dsr__bprintf(b, "%u", q->end);
		const char *a = dsr__bstr(b, art, strlen(art));
		const char *f = dsr__bstr(b, fact, strlen(fact));
		if (!start || !end || !a || !f)
			return -ENOMEM;
		struct dsr__barg args[] = {
			{ "source", DSR__ARG_CALL, NULL, NULL, 0, NULL, 0, NULL, NULL, q },
			{ "start", DSR__ARG_TEXT, start, NULL, 0, NULL, 0, NULL, NULL, NULL },
			{ "end", DSR__ARG_TEXT, end, NULL, 0, NULL, 0, NULL, NULL, NULL },
			{ "article", DSR__ARG_CALL, NULL, NULL, 0, NULL, 0, NULL, NULL, a },
			{ "kind", DSR__ARG_WORD, NULL, NULL,
			  q->entry ? DSR__BW_QUOTE_ENTRY : DSR__BW_QUOTE_CLAIM, NULL, 0, NULL, NULL, NULL },
			{ "fact", DSR__ARG_CALL, NULL, NULL, 0, NULL, 0, NULL, NULL, f },
			{ "text", DSR__ARG_QUOTE, q->text, NULL, 0, NULL, 0, NULL, NULL, NULL },
		};
		args[0].fn = qsource;
		args[3].fn = qcode;
		args[5].fn = qcode;
		rc = dsr__bblock(b, DSR__B_QUOTE, (uint32_t)i + 1, "quote");
		if (!rc)
			rc = dsr__bfill(b, DSR__BW_QUOTE, args, sizeof args / sizeof *args);
	}
	return rc;
}

struct vv {
	dsr__brief *b;
	dsr_buf text;
	uint64_t events;
	size_t origins;
};

static int on_vv(void *ctx, const dsr_vv_entry *e)
{
	struct vv *v = ctx;
	char hex[2 * DSR_ORIGIN_LEN + 1];
	dsr_hex(e->origin, DSR_ORIGIN_LEN, hex);
	v->events += e->seq;
	return dsr_buf_printf(&v->text, "%s%.16s:%llu", v->origins++ ? ", " : "", hex,
			      (unsigned long long)e->seq);
}

static int para(dsr__brief *b, int word, const struct dsr__barg *args, size_t n)
{
	int rc = dsr__bblock(b, DSR__B_PARA, 0, "colophon");
	return rc ? rc : dsr__bfill(b, word, args, n);
}

/* What the brief was made from and how to read it. */
static int colophon(dsr__bctx *c)
{
	dsr__brief *b = c->b;
	struct vv v = { b, DSR_BUF_INIT, 0, 0 };
	uint8_t digest[DSR_HASH_LEN];
	char dhex[2 * DSR_HASH_LEN + 1];
	int rc = dsr_vv_each(c->t, on_vv, &v);
	if (!rc)
		rc = dsr_buf_cstr(&v.text);
	if (!rc)
		rc = dsr_store_digest(c->t, digest);
	if (rc) {
		dsr_buf_free(&v.text);
		return rc;
	}
	dsr_hex(digest, DSR_HASH_LEN, dhex);
	const char *events = dsr__bprintf(b, "%llu", (unsigned long long)v.events);
	const char *n = dsr__bprintf(b, "%zu", v.origins);
	const char *vec = dsr__bstr(b, v.text.data ? (char *)v.text.data : "",
				    v.text.data ? v.text.len : 0);
	const char *dig = dsr__bstr(b, dhex, strlen(dhex));
	dsr_buf_free(&v.text);
	if (!events || !n || !vec || !dig)
		return -ENOMEM;
	struct dsr__barg num = { "n", DSR__ARG_TEXT, n, NULL, 0, NULL, 0, NULL, NULL, NULL };
	struct dsr__barg made[] = {
		{ "events", DSR__ARG_TEXT, events, NULL, 0, NULL, 0, NULL, NULL, NULL },
		{ "replicas", DSR__ARG_WORD, NULL, NULL,
		  v.origins == 1 ? DSR__BW_REPLICAS_1 : DSR__BW_REPLICAS_N, &num, 1, NULL, NULL, NULL },
		{ "vector", DSR__ARG_CALL, NULL, NULL, 0, NULL, 0, NULL, qcode, vec },
		{ "digest", DSR__ARG_CALL, NULL, NULL, 0, NULL, 0, NULL, qcode, dig },
	};
	rc = section(b, DSR__BW_SEC_ABOUT, "about");
	if (!rc)
		rc = para(b, DSR__BW_MADE_FROM, made, sizeof made / sizeof *made);
	const dsr_export_opts *o = c->o;
	if (!rc && o->about && *o->about) {
		struct dsr__barg a = { "name", DSR__ARG_TEXT, c->about_name, NULL, 0, NULL, 0, NULL,
				       NULL, NULL };
		rc = para(b, DSR__BW_SCOPE_ABOUT, &a, 1);
	}
	if (!rc && o->act && *o->act) {
		struct dsr__barg a = { "name", DSR__ARG_QUOTE, dsr__bstr(b, o->act, strlen(o->act)),
				       NULL, 0, NULL, 0, NULL, NULL, NULL };
		rc = a.s ? para(b, DSR__BW_SCOPE_ACT, &a, 1) : -ENOMEM;
	}
	if (!rc && c->since) {
		struct dsr__barg a = { "date", DSR__ARG_TEXT, dsr__bstr(b, o->since, strlen(o->since)),
				       NULL, 0, NULL, 0, NULL, NULL, NULL };
		rc = a.s ? para(b, DSR__BW_SCOPE_SINCE, &a, 1) : -ENOMEM;
	}
	if (!rc && c->attr_all > c->attr_shown) {
		struct dsr__barg a[] = {
			{ "shown", DSR__ARG_TEXT, dsr__bprintf(b, "%u", c->attr_shown), NULL, 0, NULL,
			  0, NULL, NULL, NULL },
			{ "all", DSR__ARG_TEXT, dsr__bprintf(b, "%u", c->attr_all), NULL, 0, NULL, 0,
			  NULL, NULL, NULL },
		};
		rc = a[0].s && a[1].s ? para(b, DSR__BW_SCOPE_CUT, a, 2) : -ENOMEM;
	}
	if (!rc)
		rc = para(b, DSR__BW_LEGEND_WORDS, NULL, 0);
	if (!rc)
		rc = para(b, DSR__BW_LEGEND_LEVELS, NULL, 0);
	if (!rc)
		rc = para(b, DSR__BW_LEGEND_CITES, NULL, 0);
	return rc;
}

static int about_display(void *ctx, const Dpb__ActorInfo *a)
{
	dsr__bctx *c = ctx;
	c->about_name = dsr__bstr(c->b, a->name, strlen(a->name));
	return c->about_name ? 1 : -ENOMEM;
}

int dsr__brief_make(dsr_rtxn *t, const dsr_export_opts *opts, dsr__brief *b)
{
	static const dsr_export_opts none = { 0 };
	if (!opts)
		opts = &none;
	memset(b, 0, sizeof *b);
	dsr_arena_init(&b->mem);
	b->reader = opts->reader;
	b->css = opts->css && *opts->css ? opts->css : NULL;
	dsr__bctx c = { .t = t, .o = opts, .b = b };
	int rc = 0;
	if (opts->since && *opts->since && !(c.since = parse_since(opts->since)))
		return DSR_EINVAL;
	if (opts->about && *opts->about) {
		dsr__keys mem = { DSR_BUF_INIT, 0 };
		rc = dsr__actor_members(t, opts->about, &mem, c.cluster);
		dsr_buf_free(&mem.b);
		if (!rc)
			rc = dsr_q_actor(t, opts->about, 0, about_display, &c);
		if (rc < 0)
			return rc;
		rc = 0;
	}
	if (c.since) {
		rc = dsr_q_articles(t, NULL, NULL, on_date, &c);
		if (!rc && c.ndates)
			qsort(c.dates, c.ndates, sizeof *c.dates, date_cmp);
	}
	if (!rc)
		rc = title(&c);
	if (!rc)
		rc = dsr__brief_judgments(&c);
	if (!rc)
		rc = dsr__brief_disputed(&c);
	if (!rc)
		rc = dsr__brief_events(&c);
	if (!rc)
		rc = dsr__brief_actors(&c);
	if (!rc)
		rc = dsr__brief_notes(&c);
	struct dsr__bquote **by = NULL;
	if (!rc && b->nquotes) {
		if (!(by = malloc(b->nquotes * sizeof *by)))
			rc = -ENOMEM;
		for (size_t i = 0; !rc && i < b->nquotes; i++)
			by[i] = &b->quotes[i];
		if (!rc) {
			qsort(by, b->nquotes, sizeof *by, art_span_cmp);
			rc = quote_texts(&c, by);
		}
		if (!rc)
			rc = sources(&c, by);
	}
	free(by);
	if (!rc)
		rc = list_sources(b);
	if (!rc)
		rc = list_quotes(b);
	if (!rc)
		rc = colophon(&c);
	free(c.dates);
	free(c.actors);
	free(c.props);
	return rc;
}

void dsr__brief_free(dsr__brief *b)
{
	free(b->blocks);
	free(b->runs);
	free(b->quotes);
	free(b->sources);
	dsr_arena_release(&b->mem);
	memset(b, 0, sizeof *b);
}
