/* query/search.h: what the files of full-text search share (see
 * search.c):
 *
 *   search.c        the query: postings joined, matches ranked, results
 *   search_query.c  a query's words and phrases, parsed
 *   search_text.c   a document's text: its fields, its hits, a snippet
 */
#ifndef DOSSIER_QUERY_SEARCH_H
#define DOSSIER_QUERY_SEARCH_H

#include "query/impl.h"
#include "model/api.h"

/* ---- the query (search_query.c) ------------------------------------------- */

struct qterm {
	char term[DSR__TERM_MAX + 1];
	uint32_t len;
	uint32_t off;            /* its position in its phrase */
	uint8_t stop;            /* a stop word's number, or 0 */
	int slot;                /* its distinct term (-1: a stop word) */
};

struct qgroup {
	size_t first, n;         /* terms[first .. first + n) */
	bool stops;              /* a stop word inside: the stop map */
};

struct query {
	struct qterm t[DSR_SEARCH_TERMS_MAX];
	size_t nt;
	struct qgroup g[DSR_SEARCH_TERMS_MAX];
	size_t ng;
	int dist[DSR_SEARCH_TERMS_MAX]; /* distinct indexed terms: an index in t */
	size_t nd;
	bool stops;              /* some group has a stop word */
};

/* Parses a query into words and phrases; -EINVAL with a message in err. */
int dsr__squery_parse(const char *s, struct query *q, char *err, size_t errlen);

/* ---- a document's text (search_text.c) ------------------------------------ */

struct doc {
	Dpb__Event *ev;          /* the claim's or the article's winning event,
				  * or NULL: an article whose text is read in
				  * parts */
	Dpb__ArticleRec *art;    /* the article's record, or NULL */
	dsr_buf text;            /* the part of its text read so far */
};

/* Reads a document: a claim's winning event (and its article's record,
 * when there is one), or an article's record (and its winning event when
 * the record does not say where the text starts).  Free with
 * dsr__sdoc_free. */
int dsr__sdoc_load(dsr_rtxn *t, char kind, const uint8_t *id, struct doc *d);
void dsr__sdoc_free(struct doc *d);
/* A document's two fields, as the index numbered them: an article's title
 * and text (as much of it as is read), a claim's content and source. */
void dsr__sdoc_fields(char kind, const struct doc *d, const uint8_t **f, size_t *l);
struct spans;
/* The query's hits in field i of a document, up to stop_past bytes after
 * the first; an article's text is read in growing parts until the first
 * hit and stop_past bytes after it are in, or the text ends.  f[i] and
 * l[i] then hold the field as read. */
int dsr__sdoc_hits(dsr_rtxn *t, const struct query *q, struct doc *d, int i,
		   const uint8_t **f, size_t *l, struct spans *out, uint32_t stop_past);

struct span {
	uint32_t start, end;
};

struct spans {
	struct span *v;
	size_t n, cap;
};

/* The query's hits in one field, in text order, up to stop_past bytes
 * after the first. */
int dsr__sfield_hits(const struct query *q, const uint8_t *f, size_t l, struct spans *out,
		     uint32_t stop_past);
/* Hits that overlap or that only spaces part become one. */
void dsr__smerge_hits(const uint8_t *f, struct spans *sp);

#define SNIPPET_BEFORE 80
#define SNIPPET_LEN 240
/* The snippet of field f around its first hit, into out (NUL-terminated);
 * hits[] (room for sp->n) gets the hits inside it, *nhits their number. */
int dsr__ssnippet(const uint8_t *f, size_t l, const struct spans *sp, dsr_buf *out,
		  Dpb__Span **hits, size_t *nhits);

#endif
