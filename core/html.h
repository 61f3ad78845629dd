/* html.h: saved web pages — the article's main text and the page's
 * metadata (../shared/eval/HTML_FORMAT.md).
 *
 * dsr_html_read() parses a page with libxml2's HTML parser (recovering from
 * any markup, fetching nothing), finds the block of the page that holds the
 * article by scoring its paragraphs (text length, commas, link density,
 * class and id hints such as "nav", "comment", "share", "related"), and
 * returns that block as plain text: one paragraph per block element,
 * separated by a blank line, whitespace collapsed.  The metadata comes from
 * <meta> (Open Graph, Dublin Core, Twitter, article:*), JSON-LD, <link
 * rel=canonical>, <html lang> and <title>.
 *
 * It is a pure function of its input: no I/O, no clock, no global state but
 * libxml2's own (initialised once).  Its running time is linear in the size
 * of the page.  docs/html.md says how the article is found.
 */
#ifndef DOSSIER_HTML_H
#define DOSSIER_HTML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The largest page dsr_html_read() accepts (DSR_ETOOBIG beyond). */
#define DSR_HTML_MAX ((size_t)64 << 20)

/* What a page holds.  Owned by the caller, released with dsr_html_free().
 * Every string is valid UTF-8 without NUL bytes, or NULL where the page does
 * not say. */
typedef struct dsr_html_page {
	char *text;        /* the article's text, never NULL ("" if none) */
	size_t len;        /* of text, in bytes */
	char *title;       /* the headline */
	char *byline;      /* the authors, without a leading "By" */
	char *publisher;   /* the site or outlet */
	char *published;   /* ISO 8601: "2015-09-17" or "2015-09-17T16:57:43+01:00" */
	char *url;         /* the canonical URL */
	char *lang;        /* BCP 47: "en", "pt-BR" */
	/* No article found: the page has too little text in paragraphs (a login
	 * wall, an index or a menu).  text then holds what little there was. */
	bool no_article;
	/* Elementary steps taken (nodes visited, bytes written): proportional to
	 * the running time and independent of the machine. */
	uint64_t work;
} dsr_html_page;

/* True when p[0..n) looks like HTML: after an optional UTF-8 byte-order
 * mark, whitespace, <!-- comments --> and an <?xml ...?> declaration, it
 * begins with "<!DOCTYPE html", "<html" or "<head" (any case). */
bool dsr_html_sniff(const uint8_t *p, size_t n);

/* Reads the page p[0..n).  It is decoded by its byte-order mark or
 * <meta charset>, else as UTF-8.  Returns 0 and sets *out, or:
 * DSR_ETOOBIG when n > DSR_HTML_MAX, -EINVAL when p is NULL with n > 0 or
 * out is NULL, DSR_EDECODE when libxml2 gives no document at all, -ENOMEM. */
int dsr_html_read(const uint8_t *p, size_t n, dsr_html_page **out);
void dsr_html_free(dsr_html_page *page);

#endif
