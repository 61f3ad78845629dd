/* brief_md.c: the brief as Markdown (CommonMark): the title and sections
 * as headings, judgments as paragraphs, events, actors and notes as
 * lists, citations as links to the quotations ([Q3](#q3)), whose items
 * carry the anchors. */
#include "export/brief.h"

#include <errno.h>
#include <string.h>

/* Text with Markdown's punctuation escaped. */
static void text(dsr_buf *o, const char *s)
{
	for (; *s; s++) {
		if (strchr("\\`*_[]<>#|", *s))
			dsr_buf_putc(o, '\\');
		dsr_buf_putc(o, *s);
	}
}

static void run(dsr_buf *o, const struct dsr__brun *r)
{
	switch (r->kind) {
	case DSR__RUN_TEXT:
		text(o, r->text);
		break;
	case DSR__RUN_QUOTE:
		dsr_buf_puts(o, "\u201c");
		text(o, r->text);
		dsr_buf_puts(o, "\u201d");
		break;
	case DSR__RUN_CITE:
		dsr_buf_printf(o, " [Q%u](#q%u)", r->n, r->n);
		break;
	case DSR__RUN_SOURCE:
		dsr_buf_printf(o, "[S%u](#s%u)", r->n, r->n);
		break;
	case DSR__RUN_URL:
		/* an autolink holds no space, < or > */
		if (strpbrk(r->text, " <>"))
			text(o, r->text);
		else
			dsr_buf_printf(o, " <%s>", r->text);
		break;
	case DSR__RUN_CODE:
		if (*r->text)
			dsr_buf_printf(o, "`%s`", r->text);
		break;
	case DSR__RUN_STRONG:
		dsr_buf_puts(o, "**");
		text(o, r->text);
		dsr_buf_puts(o, "**");
		break;
	}
}

int dsr__export_brief_md(dsr_rtxn *t, uint64_t now_ms, dsr__out *o)
{
	(void)now_ms;
	dsr__brief b;
	int rc = dsr__brief_make(t, &o->opts, &b);
	bool in_list = false;
	for (size_t i = 0; !rc && i < b.nblocks; i++) {
		const struct dsr__bblock *bl = &b.blocks[i];
		bool item = bl->kind == DSR__B_ITEM || bl->kind == DSR__B_SOURCE ||
			    bl->kind == DSR__B_QUOTE;
		if (in_list && !item)
			dsr_buf_putc(&o->b, '\n');
		in_list = item;
		switch (bl->kind) {
		case DSR__B_TITLE:
			dsr_buf_puts(&o->b, "# ");
			break;
		case DSR__B_SECTION:
			dsr_buf_puts(&o->b, "## ");
			break;
		case DSR__B_PARA:
			break;
		case DSR__B_ITEM:
			dsr_buf_puts(&o->b, "- ");
			break;
		case DSR__B_SOURCE:
			dsr_buf_printf(&o->b, "- <a id=\"s%u\"></a>**S%u.** ", bl->n, bl->n);
			break;
		case DSR__B_QUOTE:
			dsr_buf_printf(&o->b, "- <a id=\"q%u\"></a>**Q%u.** ", bl->n, bl->n);
			break;
		}
		for (size_t k = 0; k < bl->nruns; k++)
			run(&o->b, &b.runs[bl->run + k]);
		dsr_buf_puts(&o->b, item ? "\n" : "\n\n");
		rc = o->b.data ? dsr__out_drain(o, false) : -ENOMEM;
	}
	if (!rc && in_list)
		dsr_buf_putc(&o->b, '\n');
	dsr__brief_free(&b);
	return rc;
}
