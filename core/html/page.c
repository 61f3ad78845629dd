/* page.c: dsr_html_read(), the stages in order: parse (dom.c), metadata
 * (meta.c, jsonld.c), boilerplate and scores (score.c), the headline
 * (title.c), the text (text.c). */
#include "impl.h"
#include "error.h"
#include "utf8.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Below this much article-like text (score.c's measure: characters in
 * paragraphs that are not mostly links), or this much text in the article
 * found, a page holds no article: a login wall says a sentence or two, an
 * index is links.  A news brief of two short paragraphs is still one. */
#define READABLE_MIN 250.0
#define TEXT_MIN 200
/* An article shorter than this is looked for again without class hints. */
#define RETRY_BELOW 500

/* Replaces every byte that is not part of well-formed UTF-8 with '?'. */
static void fix_utf8(char *s, size_t len)
{
	if (!s || dsr_utf8_valid((const uint8_t *)s, len))
		return;
	for (size_t i = 0; i < len;) {
		size_t ok = dsr_utf8_valid_prefix((const uint8_t *)s + i, len - i);
		if (ok) {
			i += ok;
			continue;
		}
		s[i++] = '?';
	}
}

int dsr_html_read(const uint8_t *p, size_t n, dsr_html_page **out)
{
	if (!out || (!p && n))
		return -EINVAL;
	*out = NULL;
	if (n > DSR_HTML_MAX)
		return DSR_ETOOBIG;
	dsr_html_page *pg = calloc(1, sizeof *pg);
	if (!pg)
		return -ENOMEM;
	struct hdoc d;
	struct hmeta m;
	memset(&m, 0, sizeof m);
	dsr_buf text = DSR_BUF_INIT, again = DSR_BUF_INIT;
	int rc = dsr__hdoc_parse(&d, p, n, n ? dsr__henc(p, n) : NULL);
	if (rc)
		goto fail;
	if ((rc = dsr__hmeta(&d, &m)))
		goto fail;
	double readable = 0;
	for (int hints = 1; hints >= 0; hints--) {
		/* Without class and id hints when they left too little: a
		 * class like "site_header" around the whole article. */
		double r;
		uint32_t top = dsr__hscore(&d, hints, &r);
		if ((rc = dsr__htitle_marks(&d, m.title)))
			goto fail;
		if (!m.byline)
			m.byline = dsr__hbyline(&d);
		dsr_buf_reset(&again);
		if ((rc = dsr__harticle(&d, top, &again)))
			goto fail;
		if (hints || again.len > text.len) {
			dsr_buf t = text;
			text = again;
			again = t;
			readable = r;
		}
		if (text.len >= RETRY_BELOW)
			break;
	}
	dsr_buf_free(&again);
	if ((rc = dsr_buf_cstr(&text)))
		goto fail;
	/* libxml2 gives UTF-8; make sure of it, since the text is filed */
	fix_utf8((char *)text.data, text.len);
	char **fields[] = { &m.title, &m.byline, &m.publisher, &m.published, &m.url, &m.lang };
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		fix_utf8(*fields[i], *fields[i] ? strlen(*fields[i]) : 0);
	pg->len = text.len;
	pg->text = (char *)text.data;
	text.data = NULL;
	pg->title = m.title;
	pg->byline = m.byline;
	pg->publisher = m.publisher;
	pg->published = m.published;
	pg->url = m.url;
	pg->lang = m.lang;
	pg->no_article = readable < READABLE_MIN || pg->len < TEXT_MIN;
	pg->work = d.work + n;
	dsr__hdoc_free(&d);
	*out = pg;
	return 0;
fail:
	dsr_buf_free(&again);
	dsr_buf_free(&text);
	dsr__hmeta_free(&m);
	dsr__hdoc_free(&d);
	free(pg);
	return rc;
}

void dsr_html_free(dsr_html_page *pg)
{
	if (!pg)
		return;
	free(pg->text);
	free(pg->title);
	free(pg->byline);
	free(pg->publisher);
	free(pg->published);
	free(pg->url);
	free(pg->lang);
	free(pg);
}
