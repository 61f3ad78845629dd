/* search_query.c: a search query parsed (query/search.h): words outside
 * quotes, each a group of its own, stop words left out; "phrases", a group
 * of their words with their places, stop words kept; the limits and the
 * messages of a query refused. */
#include "query/search.h"
#include "error.h"
#include "utf8.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the query ------------------------------------------------------------ */

struct qparse {
	struct query *q;
	bool phrase;
	size_t first;            /* the group's first term */
	uint32_t pos0;
	bool over;
};

static int add_word(void *ctx, const dsr__word *w)
{
	struct qparse *p = ctx;
	struct query *q = p->q;
	if (!p->phrase && w->stop)
		return 0;
	if (q->nt == DSR_SEARCH_TERMS_MAX) {
		p->over = true;
		return 1;
	}
	if (q->nt == p->first)
		p->pos0 = w->pos;
	struct qterm *t = &q->t[q->nt++];
	memcpy(t->term, w->term, w->len + 1);
	t->len = w->len;
	t->off = w->pos - p->pos0;
	t->stop = w->stop;
	t->slot = -1;
	if (!p->phrase) {        /* a word is a group of its own */
		q->g[q->ng++] = (struct qgroup){ q->nt - 1, 1, false };
		p->first = q->nt;
	}
	return 0;
}

/* A phrase's terms become a group; one of stop words only is dropped
 * (no postings lead to it), one with a stop word is checked against the
 * documents' stop maps. */
static void end_phrase(struct query *q, size_t first)
{
	bool stops = false, some = false;
	for (size_t i = first; i < q->nt; i++) {
		stops |= q->t[i].stop != 0;
		some |= !q->t[i].stop;
	}
	if (!some) {
		q->nt = first;
		return;
	}
	q->g[q->ng++] = (struct qgroup){ first, q->nt - first, stops };
	q->stops |= stops;
}

static int fail(char *err, size_t n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (err && n)
		vsnprintf(err, n, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

int dsr__squery_parse(const char *s, struct query *q, char *err, size_t errlen)
{
	memset(q, 0, sizeof *q);
	size_t len = strlen(s);
	if (len > DSR_SEARCH_QUERY_MAX)
		return fail(err, errlen, "the query is longer than %d bytes", DSR_SEARCH_QUERY_MAX);
	if (!dsr_utf8_valid((const uint8_t *)s, len))
		return fail(err, errlen, "the query is not valid UTF-8");
	size_t quotes = 0, words = 0;
	for (size_t i = 0; i < len; i++)
		quotes += s[i] == '"';
	if (quotes % 2)
		return fail(err, errlen, "the query has an unterminated quote (\")");
	struct qparse p = { q, false, 0, 0, false };
	for (size_t i = 0; i <= len;) {
		size_t j = i;
		while (j < len && s[j] != '"')
			j++;
		p.first = q->nt;
		uint32_t next;
		dsr__words((const uint8_t *)s + i, j - i, 0, add_word, &p, &next);
		words += next;
		if (p.over)
			return fail(err, errlen, "the query has more than %d words",
				    DSR_SEARCH_TERMS_MAX);
		if (p.phrase)
			end_phrase(q, p.first);
		p.phrase = !p.phrase;
		i = j + 1;
	}
	if (!words)
		return fail(err, errlen, "the query has no words to search for");
	if (!q->ng)
		return fail(err, errlen, "the query has only common words (\"the\", \"of\", ...), "
			    "which are not indexed; add a rarer word");
	for (size_t i = 0; i < q->nt; i++) {
		struct qterm *t = &q->t[i];
		if (t->stop)
			continue;
		for (size_t d = 0; d < q->nd && t->slot < 0; d++)
			if (!strcmp(q->t[q->dist[d]].term, t->term))
				t->slot = (int)d;
		if (t->slot < 0) {
			t->slot = (int)q->nd;
			q->dist[q->nd++] = (int)i;
		}
	}
	return 0;
}

int dsr_search_check(const char *query, char *err, size_t errlen)
{
	struct query q;
	return dsr__squery_parse(query, &q, err, errlen);
}
