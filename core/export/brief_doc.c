/* brief_doc.c: a brief's document as it is made: blocks and their runs,
 * strings in the brief's arena, the quotations that citations number, the
 * actors met on the way with their roles, the propositions shown, and the
 * filters of --since and --act. */
#include "export/brief.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int dsr__bblock(dsr__brief *b, int kind, uint32_t n, const char *cls)
{
	if (dsr_grow((void **)&b->blocks, &b->cap_blocks, b->nblocks + 1, sizeof *b->blocks))
		return -ENOMEM;
	b->blocks[b->nblocks++] = (struct dsr__bblock){ kind, n, cls, b->nruns, 0 };
	return 0;
}

/* Text as one line: each run of white space (an article's line breaks,
 * tabs) one space. */
static const char *one_line(dsr__brief *b, const char *s)
{
	bool clean = true;
	for (const char *p = s; *p && clean; p++)
		clean = !(*p == '\n' || *p == '\r' || *p == '\t' || (*p == ' ' && p[1] == ' '));
	if (clean)
		return s;
	char *d = dsr_arena_alloc(&b->mem, strlen(s) + 1), *w = d;
	if (!d)
		return NULL;
	for (const char *p = s; *p; p++) {
		bool sp = *p == '\n' || *p == '\r' || *p == '\t' || *p == ' ';
		if (sp && w > d && w[-1] == ' ')
			continue;
		*w++ = sp ? ' ' : *p;
	}
	*w = 0;
	return d;
}

int dsr__brun(dsr__brief *b, int kind, const char *text, uint32_t n)
{
	if (!b->nblocks)
		return -EINVAL;
	if (kind != DSR__RUN_CITE && kind != DSR__RUN_SOURCE && !(text = text ? one_line(b, text)
									       : NULL))
		return -ENOMEM;
	if (dsr_grow((void **)&b->runs, &b->cap_runs, b->nruns + 1, sizeof *b->runs))
		return -ENOMEM;
	b->runs[b->nruns++] = (struct dsr__brun){ kind, text, n };
	b->blocks[b->nblocks - 1].nruns++;
	return 0;
}

const char *dsr__bstr(dsr__brief *b, const char *s, size_t n)
{
	char *p = dsr_arena_alloc(&b->mem, n + 1);
	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = 0;
	return p;
}

const char *dsr__bprintf(dsr__brief *b, const char *fmt, ...)
{
	char small[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	if ((size_t)n < sizeof small)
		return dsr__bstr(b, small, (size_t)n);
	char *p = dsr_arena_alloc(&b->mem, (size_t)n + 1);
	if (!p)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

uint32_t dsr__bcite(dsr__brief *b, const uint8_t fact[DSR_ID_LEN], bool entry,
		    const uint8_t article[DSR_ID_LEN], uint32_t start, uint32_t end)
{
	/* a brief cites a few hundred quotations: a look down the list */
	for (size_t i = 0; i < b->nquotes; i++)
		if (!memcmp(b->quotes[i].fact, fact, DSR_ID_LEN) && b->quotes[i].start == start &&
		    b->quotes[i].end == end)
			return (uint32_t)i + 1;
	if (dsr_grow((void **)&b->quotes, &b->cap_quotes, b->nquotes + 1, sizeof *b->quotes))
		return 0;
	struct dsr__bquote *q = &b->quotes[b->nquotes++];
	memset(q, 0, sizeof *q);
	memcpy(q->fact, fact, DSR_ID_LEN);
	memcpy(q->article, article, DSR_ID_LEN);
	q->entry = entry;
	q->start = start;
	q->end = end;
	return (uint32_t)b->nquotes;
}

struct dsr__bactor *dsr__bactor(dsr__bctx *c, const char *name)
{
	for (size_t i = 0; i < c->nactors; i++)
		if (!strcmp(c->actors[i].name, name))
			return &c->actors[i];
	if (dsr_grow((void **)&c->actors, &c->cap_actors, c->nactors + 1, sizeof *c->actors))
		return NULL;
	const char *n = dsr__bstr(c->b, name, strlen(name));
	if (!n)
		return NULL;
	struct dsr__bactor *a = &c->actors[c->nactors++];
	memset(a, 0, sizeof *a);
	a->name = n;
	return a;
}

int dsr__bprop_add(dsr__bctx *c, const uint8_t id[DSR_ID_LEN])
{
	if (dsr__bprop_has(c, id))
		return 0;
	if (dsr_grow((void **)&c->props, &c->cap_props, c->nprops + 1, sizeof *c->props))
		return -ENOMEM;
	memcpy(c->props[c->nprops++], id, DSR_ID_LEN);
	return 0;
}

bool dsr__bprop_has(const dsr__bctx *c, const uint8_t id[DSR_ID_LEN])
{
	for (size_t i = 0; i < c->nprops; i++)
		if (!memcmp(c->props[i], id, DSR_ID_LEN))
			return true;
	return false;
}

static int date_cmp(const void *k, const void *e)
{
	return memcmp(k, ((const struct dsr__bdate *)e)->id, DSR_ID_LEN);
}

bool dsr__bsince_ok(const dsr__bctx *c, const uint8_t article[DSR_ID_LEN])
{
	if (!c->since)
		return true;
	const struct dsr__bdate *d = bsearch(article, c->dates, c->ndates, sizeof *c->dates,
					     date_cmp);
	return d && d->day >= c->since;
}

/* True when the word w (n bytes) is in s, in any case. */
static bool has_word(const char *s, const char *w, size_t n)
{
	for (; *s; s++) {
		size_t i = 0;
		while (i < n && s[i] && tolower((unsigned char)s[i]) == tolower((unsigned char)w[i]))
			i++;
		if (i == n)
			return true;
	}
	return false;
}

bool dsr__bact_ok(const dsr__bctx *c, const char *const *texts, size_t n)
{
	const char *w = c->o->act;
	if (!w || !*w)
		return true;
	while (*w) {
		w += strspn(w, " \t");
		size_t len = strcspn(w, " \t");
		if (!len)
			break;
		bool found = false;
		for (size_t i = 0; !found && i < n; i++)
			found = texts[i] && has_word(texts[i], w, len);
		if (!found)
			return false;
		w += len;
	}
	return true;
}
