/* text.c: the article as plain text (HTML_FORMAT.md): the chosen block and
 * the siblings that belong with it, each block element a paragraph, runs of
 * whitespace one space, paragraphs separated by a blank line.  On the way it
 * leaves out what is inside the article but not of it: blocks that are
 * mostly links, lists of links, image galleries without text, forms, embeds
 * without a caption, the byline and the repeated headline. */
#include "impl.h"

#include <errno.h>
#include <string.h>
#include <strings.h>

struct out {
	dsr_buf *b;
	bool space;    /* a space is due before the next character */
	bool para;     /* a paragraph break is due */
	int err;
	uint64_t work;
};

static void put_text(struct out *o, const unsigned char *s)
{
	while (*s && !o->err) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\f' ||
		    *s == '\v' || (s[0] == 0xC2 && s[1] == 0xA0)) {
			o->space = true;
			s += *s == 0xC2 ? 2 : 1;
			continue;
		}
		size_t k = 1;
		while (s[k] && (s[k] & 0xC0) == 0x80)
			k++;
		if (o->b->len && o->para)
			o->err = dsr_buf_append(o->b, "\n\n", 2);
		else if (o->b->len && o->space)
			o->err = dsr_buf_putc(o->b, ' ');
		o->para = o->space = false;
		if (!o->err)
			o->err = dsr_buf_append(o->b, s, k);
		o->work += k;
		s += k;
	}
}

/* Is this block, inside the article, not part of it?  The figures of its
 * subtree decide: few commas and then too many links, images, list items,
 * inputs or embeds for its text. */
static bool junk(const struct hnode *h)
{
	if (h->kind == HK_TABLE && (h->flags & HF_DATATAB))
		return false;
	double score = (h->flags & HF_SCORED) ? h->score : 0;
	if (h->weight + score < 0)
		return true;
	if (h->commas >= 10)
		return false;
	bool list = h->kind == HK_LIST;
	bool figure = (h->flags & HF_FIGURE) ||
		      strcasecmp((const char *)h->node->name, "figure") == 0;
	double links = dsr__hlinks(h);
	double heads = h->text ? (double)h->headtext / h->text : 0;
	if (!figure && h->imgs > 1 && (double)h->paras / h->imgs < 0.5)
		return true;
	if (!list && h->items > h->paras + 100)
		return true;
	if (h->inputs > h->paras / 3)
		return true;
	if (!list && !figure && heads < 0.9 && h->text < 25 && (h->imgs == 0 || h->imgs > 2))
		return true;
	if (!list && h->weight < 25 && links > 0.2)
		return true;
	if (list && links > 0.5 && h->text < 1000)
		return true;
	if (h->weight >= 25 && links > 0.5)
		return true;
	if ((h->embeds == 1 && h->text < 75) || h->embeds > 1)
		return true;
	return false;
}

/* Blocks that are cleaned when they look like junk. */
static bool cleanable(const struct hnode *h)
{
	const char *t = (const char *)h->node->name;
	switch ((enum hkind)h->kind) {
	case HK_TABLE: case HK_LIST:
		return true;
	case HK_BLOCK:
		return strcasecmp(t, "div") == 0 || strcasecmp(t, "section") == 0 ||
		       strcasecmp(t, "form") == 0 || strcasecmp(t, "fieldset") == 0 ||
		       strcasecmp(t, "header") == 0;
	case HK_OTHER: case HK_DROP: case HK_PARA: case HK_HEADING: case HK_ITEM:
	case HK_PRE: case HK_ROW: case HK_CELL: case HK_BR: case HK_IMG: case HK_A:
		break;
	}
	return false;
}

static bool breaks(const struct hnode *h)
{
	switch ((enum hkind)h->kind) {
	case HK_BLOCK: case HK_PARA: case HK_HEADING: case HK_LIST: case HK_ITEM:
	case HK_PRE: case HK_TABLE: case HK_ROW: case HK_BR:
		return true;
	case HK_OTHER: case HK_DROP: case HK_CELL: case HK_IMG: case HK_A:
		break;
	}
	return false;
}

/* Writes the subtree of root. */
static void write_tree(const struct hdoc *d, xmlNode *root, struct out *o)
{
	xmlNode *x = root;
	while (x && !o->err) {
		bool skip = false;
		o->work++;
		if (x->type == XML_ELEMENT_NODE) {
			uint32_t i = dsr__hidx(x);
			const struct hnode *h = i == HNONE ? NULL : &d->v[i];
			if (h && ((h->flags & (HF_REMOVED | HF_BYLINE | HF_TITLE)) ||
				  h->kind == HK_DROP ||
				  (h->kind == HK_HEADING && h->weight < 0) ||
				  (x != root && cleanable(h) && junk(h))))
				skip = true;
			else if (h && breaks(h))
				o->para = true;
			else if (h && h->kind == HK_CELL)
				o->space = true;
		} else if ((x->type == XML_TEXT_NODE || x->type == XML_CDATA_SECTION_NODE) &&
			   x->content) {
			put_text(o, x->content);
		}
		/* next in document order, closing blocks on the way up */
		if (!skip && x->children && x->type == XML_ELEMENT_NODE) {
			x = x->children;
			continue;
		}
		for (;;) {
			if (x == root) {
				x = NULL;
				break;
			}
			if (x->type == XML_ELEMENT_NODE) {
				uint32_t i = dsr__hidx(x);
				if (i != HNONE && breaks(&d->v[i]))
					o->para = true;
				else if (i != HNONE && d->v[i].kind == HK_CELL)
					o->space = true;
			}
			if (x->next) {
				x = x->next;
				break;
			}
			x = x->parent;
		}
	}
	o->para = true;
}

/* Does a short paragraph end like a sentence? */
static bool sentence(const struct hdoc *d, const struct hnode *h)
{
	dsr_buf b = DSR_BUF_INIT;
	bool yes = false;
	if (dsr__htext(d, h->node, 400, false, &b) == 0 && b.len) {
		char c = (char)b.data[b.len - 1];
		yes = c == '.' || c == '!' || c == '?' || c == '"' || (b.data[b.len - 1] & 0x80);
	}
	dsr_buf_free(&b);
	return yes;
}

/* Does sibling s of the article's block top belong to the article? */
static bool belongs(const struct hdoc *d, const struct hnode *top, const struct hnode *s)
{
	if (s->flags & (HF_REMOVED | HF_BYLINE | HF_TITLE) || s->kind == HK_DROP)
		return false;
	double ts = dsr__hfinal(top);
	double need = ts * 0.2 > 10 ? ts * 0.2 : 10;
	double bonus = 0;
	const char *tc = dsr__hattr(top->node, "class"), *sc = dsr__hattr(s->node, "class");
	if (tc && sc && *tc && strcmp(tc, sc) == 0)
		bonus = ts * 0.2;
	if ((s->flags & HF_SCORED) && dsr__hfinal(s) + bonus >= need)
		return true;
	/* A part of the article nested too deep for its paragraphs' scores
	 * to reach it: paragraphs of text, few links. */
	if (s->paras >= 3 && s->text >= 500 && dsr__hlinks(s) < 0.2 && s->weight >= 0)
		return true;
	if (s->kind == HK_PARA || (s->kind == HK_BLOCK && !(s->flags & HF_BLOCKS))) {
		double links = dsr__hlinks(s);
		if (s->text > 80 && links < 0.25)
			return true;
		if (s->text > 0 && s->text <= 80 && s->link == 0 && sentence(d, s))
			return true;
	}
	return false;
}

int dsr__harticle(struct hdoc *d, uint32_t top, dsr_buf *out)
{
	struct out o = { out, false, false, 0, 0 };
	if (top == HNONE || !d->n)
		return 0;
	const struct hnode *t = &d->v[top];
	uint32_t up = t->parent;
	if (up == HNONE || top == d->body) {
		write_tree(d, t->node, &o);
	} else {
		for (xmlNode *c = d->v[up].node->children; c && !o.err; c = c->next) {
			uint32_t i = dsr__hidx(c);
			if (i == HNONE)
				continue;
			if (i == top || belongs(d, t, &d->v[i]))
				write_tree(d, c, &o);
		}
	}
	d->work += o.work;
	return o.err;
}
