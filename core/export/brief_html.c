/* brief_html.c: the brief as one HTML page that stands alone: no script,
 * no resource from elsewhere, no style= attribute, only elements that
 * HTML 4 parsers know too (xmllint --html reads it without an error); its stylesheet
 * (brief_css.c) in a <style> element, or a <link> to the URL asked for.
 * Each citation links to its quotation at the end of the page (#q3), or,
 * for the web workspace, to the quoted span in its reader
 * (/#/article?id=ID&start=S&end=E). */
#include "export/brief.h"
#include "factid.h"

#include <errno.h>
#include <string.h>

static void esc(dsr_buf *o, const char *s)
{
	for (; *s; s++)
		switch (*s) {
		case '&': dsr_buf_puts(o, "&amp;"); break;
		case '<': dsr_buf_puts(o, "&lt;"); break;
		case '>': dsr_buf_puts(o, "&gt;"); break;
		case '"': dsr_buf_puts(o, "&quot;"); break;
		case '\'': dsr_buf_puts(o, "&#39;"); break;
		default: dsr_buf_putc(o, *s);
		}
}

static void run(dsr_buf *o, const dsr__brief *b, const struct dsr__brun *r)
{
	switch (r->kind) {
	case DSR__RUN_TEXT:
		esc(o, r->text);
		break;
	case DSR__RUN_QUOTE:
		dsr_buf_puts(o, "<q>");
		esc(o, r->text);
		dsr_buf_puts(o, "</q>");
		break;
	case DSR__RUN_CITE:
		if (b->reader && r->n && r->n <= b->nquotes) {
			const struct dsr__bquote *q = &b->quotes[r->n - 1];
			char art[2 * DSR_ID_LEN + 1];
			dsr_hex(q->article, DSR_ID_LEN, art);
			/* the workspace's reader at the span (daemon/web/reader.js) */
			dsr_buf_printf(o, " <a class=\"cite\" href=\"/#/article?id=%s&amp;start=%u&amp;"
				       "end=%u\">Q%u</a>", art, q->start, q->end, r->n);
		} else {
			dsr_buf_printf(o, " <a class=\"cite\" href=\"#q%u\">Q%u</a>", r->n, r->n);
		}
		break;
	case DSR__RUN_SOURCE:
		dsr_buf_printf(o, "<a href=\"#s%u\">S%u</a>", r->n, r->n);
		break;
	case DSR__RUN_URL:
		/* only the web's own schemes are links */
		if (!strncmp(r->text, "https://", 8) || !strncmp(r->text, "http://", 7)) {
			dsr_buf_puts(o, " <a class=\"url\" href=\"");
			esc(o, r->text);
			dsr_buf_puts(o, "\">");
			esc(o, r->text);
			dsr_buf_puts(o, "</a>");
		} else {
			dsr_buf_putc(o, ' ');
			esc(o, r->text);
		}
		break;
	case DSR__RUN_CODE:
		dsr_buf_puts(o, "<code>");
		esc(o, r->text);
		dsr_buf_puts(o, "</code>");
		break;
	case DSR__RUN_STRONG:
		dsr_buf_puts(o, "<b>");
		esc(o, r->text);
		dsr_buf_puts(o, "</b>");
		break;
	}
}

static void head(dsr_buf *o, const dsr__brief *b)
{
	dsr_buf_puts(o, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		     "<meta name=\"generator\" content=\"dossier\">\n<title>");
	esc(o, b->title ? b->title : "");
	dsr_buf_puts(o, "</title>\n");
	if (b->css) {
		dsr_buf_puts(o, "<link rel=\"stylesheet\" href=\"");
		esc(o, b->css);
		dsr_buf_puts(o, "\">\n");
	} else {
		dsr_buf_printf(o, "<style>\n%s</style>\n", dsr__brief_css);
	}
	dsr_buf_puts(o, "</head>\n<body>\n<div class=\"brief\">\n");
}

int dsr__export_brief_html(dsr_rtxn *t, uint64_t now_ms, dsr__out *o)
{
	(void)now_ms;
	dsr__brief b;
	int rc = dsr__brief_make(t, &o->opts, &b);
	if (rc) {
		dsr__brief_free(&b);
		return rc;
	}
	head(&o->b, &b);
	const char *list = NULL;      /* the list open: "ul" or "ol" */
	const char *sec = "brief";    /* the section's class, its lists' too */
	bool in_section = false;
	for (size_t i = 0; !rc && i < b.nblocks; i++) {
		const struct dsr__bblock *bl = &b.blocks[i];
		const char *want = bl->kind == DSR__B_ITEM ? "ul"
				   : bl->kind == DSR__B_SOURCE || bl->kind == DSR__B_QUOTE ? "ol"
				   : NULL;
		if (list && (!want || strcmp(want, list) || bl->kind == DSR__B_SECTION)) {
			dsr_buf_printf(&o->b, "</%s>\n", list);
			list = NULL;
		}
		if (want && !list) {
			dsr_buf_printf(&o->b, "<%s class=\"%s\">\n", want,
				       bl->kind == DSR__B_ITEM ? sec
				       : bl->kind == DSR__B_SOURCE ? "sources" : "quotes");
			list = want;
		}
		switch (bl->kind) {
		case DSR__B_TITLE:
			dsr_buf_puts(&o->b, "<div class=\"head\"><h1>");
			break;
		case DSR__B_SECTION:
			if (in_section)
				dsr_buf_puts(&o->b, "</div>\n");
			in_section = true;
			sec = bl->cls;
			dsr_buf_printf(&o->b, "<div class=\"section %s\">\n<h2>", bl->cls);
			break;
		case DSR__B_PARA:
			dsr_buf_printf(&o->b, "<p class=\"%s\">", bl->cls);
			break;
		case DSR__B_ITEM:
			dsr_buf_printf(&o->b, "<li class=\"%s\">", bl->cls);
			break;
		case DSR__B_SOURCE:
			dsr_buf_printf(&o->b, "<li id=\"s%u\"><b>S%u.</b> ", bl->n, bl->n);
			break;
		case DSR__B_QUOTE:
			dsr_buf_printf(&o->b, "<li id=\"q%u\"><b>Q%u.</b> ", bl->n, bl->n);
			break;
		}
		for (size_t k = 0; k < bl->nruns; k++)
			run(&o->b, &b, &b.runs[bl->run + k]);
		static const char *const close[] = {
			[DSR__B_TITLE] = "</h1></div>\n", [DSR__B_SECTION] = "</h2>\n",
			[DSR__B_PARA] = "</p>\n", [DSR__B_ITEM] = "</li>\n",
			[DSR__B_SOURCE] = "</li>\n", [DSR__B_QUOTE] = "</li>\n",
		};
		dsr_buf_puts(&o->b, close[bl->kind]);
		rc = o->b.data ? dsr__out_drain(o, false) : -ENOMEM;
	}
	if (!rc) {
		if (list)
			dsr_buf_printf(&o->b, "</%s>\n", list);
		if (in_section)
			dsr_buf_puts(&o->b, "</div>\n");
		dsr_buf_puts(&o->b, "</div>\n</body>\n</html>\n");
	}
	dsr__brief_free(&b);
	return rc;
}
