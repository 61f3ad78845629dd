/* dom.c: the page as libxml2 parses it, and the table of its elements that
 * the other stages score and walk.  Every element gets one struct hnode, in
 * document order, found again through the node's _private field; figures of
 * a subtree are summed children-first by one pass backwards over the table,
 * so nothing here is worse than linear in the page. */
#include "impl.h"

#include <errno.h>
#include <libxml/xmlerror.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static void init(void)
{
	xmlInitParser();
}

static const struct {
	const char *name;
	enum hkind kind;
} tags[] = {
	{ "a", HK_A }, { "p", HK_PARA }, { "div", HK_BLOCK }, { "span", HK_OTHER },
	{ "br", HK_BR }, { "img", HK_IMG }, { "li", HK_ITEM }, { "ul", HK_LIST },
	{ "ol", HK_LIST }, { "dl", HK_LIST }, { "dd", HK_ITEM }, { "dt", HK_ITEM },
	{ "h1", HK_HEADING }, { "h2", HK_HEADING }, { "h3", HK_HEADING },
	{ "h4", HK_HEADING }, { "h5", HK_HEADING }, { "h6", HK_HEADING },
	{ "pre", HK_PRE }, { "blockquote", HK_PRE }, { "table", HK_TABLE },
	{ "tr", HK_ROW }, { "td", HK_CELL }, { "th", HK_CELL },
	{ "section", HK_BLOCK }, { "article", HK_BLOCK }, { "main", HK_BLOCK },
	{ "header", HK_BLOCK }, { "footer", HK_BLOCK }, { "aside", HK_BLOCK },
	{ "nav", HK_BLOCK }, { "figure", HK_BLOCK }, { "figcaption", HK_BLOCK },
	{ "address", HK_BLOCK }, { "center", HK_BLOCK }, { "hgroup", HK_BLOCK },
	{ "details", HK_BLOCK }, { "summary", HK_BLOCK }, { "caption", HK_BLOCK },
	{ "fieldset", HK_BLOCK }, { "body", HK_BLOCK }, { "html", HK_BLOCK },
	{ "thead", HK_BLOCK }, { "tbody", HK_BLOCK }, { "tfoot", HK_BLOCK },
	{ "hr", HK_BLOCK }, { "menu", HK_LIST }, { "dialog", HK_BLOCK },
	{ "script", HK_DROP }, { "style", HK_DROP }, { "noscript", HK_DROP },
	{ "template", HK_DROP }, { "svg", HK_DROP }, { "math", HK_OTHER },
	{ "head", HK_DROP }, { "title", HK_DROP }, { "iframe", HK_DROP },
	{ "object", HK_DROP }, { "embed", HK_DROP }, { "canvas", HK_DROP },
	{ "button", HK_DROP }, { "input", HK_DROP }, { "select", HK_DROP },
	{ "textarea", HK_DROP }, { "option", HK_DROP }, { "label", HK_OTHER },
	{ "form", HK_BLOCK }, { "video", HK_DROP }, { "audio", HK_DROP },
	{ "picture", HK_OTHER }, { "link", HK_DROP }, { "meta", HK_DROP },
	{ "map", HK_DROP }, { "applet", HK_DROP }, { "frameset", HK_DROP },
};

static enum hkind kind_of(const xmlNode *n)
{
	const char *s = (const char *)n->name;
	for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++)
		if (strcasecmp(s, tags[i].name) == 0)
			return tags[i].kind;
	return HK_OTHER;
}

uint32_t dsr__hidx(const xmlNode *n)
{
	if (!n || n->type != XML_ELEMENT_NODE || !n->_private)
		return HNONE;
	return (uint32_t)((uintptr_t)n->_private - 1);
}

const char *dsr__hattr(const xmlNode *n, const char *name)
{
	for (const xmlAttr *a = n->properties; a; a = a->next) {
		if (a->name && strcasecmp((const char *)a->name, name) == 0) {
			const xmlNode *t = a->children;
			if (t && (t->type == XML_TEXT_NODE) && t->content)
				return (const char *)t->content;
			return "";
		}
	}
	return NULL;
}

/* The next element after n in document order, within the subtree of root;
 * children skipped when skip. */
static xmlNode *next_node(xmlNode *n, const xmlNode *root, bool skip)
{
	if (!skip && n->children)
		return n->children;
	while (n && n != root) {
		if (n->next)
			return n->next;
		n = n->parent;
	}
	return NULL;
}

static bool space_at(const unsigned char *s, size_t *w)
{
	if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\f' || *s == '\v') {
		*w = 1;
		return true;
	}
	if (s[0] == 0xC2 && s[1] == 0xA0) { /* no-break space */
		*w = 2;
		return true;
	}
	return false;
}

/* Characters (whitespace runs once) and commas of a text. */
static void count_text(const unsigned char *s, uint32_t *chars, uint32_t *commas)
{
	bool sp = false;
	while (*s) {
		size_t w;
		if (space_at(s, &w)) {
			if (!sp)
				(*chars)++;
			sp = true;
			s += w;
			continue;
		}
		sp = false;
		if (*s == ',')
			(*commas)++;
		else if (s[0] == 0xEF && s[1] == 0xBC && s[2] == 0x8C) /* fullwidth comma */
			(*commas)++;
		if ((*s & 0xC0) != 0x80)
			(*chars)++;
		s++;
	}
}

static void quiet(void *ctx, const char *fmt, ...)
{
	(void)ctx;
	(void)fmt;
}

int dsr__hdoc_parse(struct hdoc *d, const uint8_t *p, size_t n, const char *enc)
{
	memset(d, 0, sizeof *d);
	pthread_once(&init_once, init);
	if (n == 0 || n > (size_t)INT32_MAX)
		return 0;
	/* Encoding errors go to libxml2's generic handler, not the parser's,
	 * whatever the options say: silence it for this thread, which has no
	 * other use for it (a library prints nothing). */
	xmlSetGenericErrorFunc(NULL, quiet);
	xmlSetStructuredErrorFunc(NULL, NULL);
	/* XML_PARSE_HUGE: libxml2 otherwise drops everything below 256
	 * levels of nesting, which a page of unclosed <font> tags reaches;
	 * nothing here is worse than linear in the depth. */
	htmlParserCtxtPtr ctx = htmlNewParserCtxt();
	if (!ctx)
		return -ENOMEM;
	d->doc = htmlCtxtReadMemory(ctx, (const char *)p, (int)n, NULL, enc,
				    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
				    HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
				    XML_PARSE_HUGE);
	htmlFreeParserCtxt(ctx);
	xmlNode *root = d->doc ? xmlDocGetRootElement(d->doc) : NULL;
	if (!root)
		return 0;
	size_t cap = 0;
	d->body = 0;
	bool body_seen = false;
	for (xmlNode *x = root; x; x = next_node(x, root, false)) {
		d->work++;
		if ((x->type == XML_TEXT_NODE || x->type == XML_CDATA_SECTION_NODE) &&
		    x->content) {
			uint32_t up = dsr__hidx(x->parent);
			if (up != HNONE)
				count_text(x->content, &d->v[up].own, &d->v[up].owncommas);
			continue;
		}
		if (x->type != XML_ELEMENT_NODE)
			continue;
		if (d->n == cap) {
			cap = cap ? 2 * cap : 256;
			struct hnode *v = realloc(d->v, cap * sizeof *v);
			if (!v)
				return -ENOMEM;
			d->v = v;
		}
		struct hnode *h = &d->v[d->n];
		memset(h, 0, sizeof *h);
		h->node = x;
		h->kind = (uint16_t)kind_of(x);
		h->parent = dsr__hidx(x->parent);
		if (h->parent != HNONE)
			d->v[h->parent].kids++;
		if (h->parent != HNONE) {
			const struct hnode *up = &d->v[h->parent];
			h->flags = up->flags & (HF_INLINK | HF_FIGURE);
			if (up->kind == HK_A)
				h->flags |= HF_INLINK;
			if (strcasecmp((const char *)up->node->name, "figure") == 0)
				h->flags |= HF_FIGURE;
		}
		if (!body_seen && strcasecmp((const char *)x->name, "body") == 0) {
			d->body = (uint32_t)d->n;
			body_seen = true;
		}
		x->_private = (void *)(uintptr_t)(d->n + 1);
		d->n++;
	}
	return 0;
}

void dsr__hdoc_free(struct hdoc *d)
{
	if (d->doc)
		xmlFreeDoc(d->doc);
	free(d->v);
	memset(d, 0, sizeof *d);
}

void dsr__hdoc_count(struct hdoc *d)
{
	for (size_t i = 0; i < d->n; i++) {
		struct hnode *h = &d->v[i];
		h->text = h->link = h->commas = 0;
		h->paras = h->imgs = h->items = h->inputs = h->embeds = h->headtext = 0;
		h->loose = 0;
		h->flags &= (uint16_t)~HF_BLOCKS;
	}
	for (size_t i = d->n; i-- > 0;) {
		struct hnode *h = &d->v[i];
		d->work++;
		h->text += h->own;
		h->commas += h->owncommas;
		h->loose += h->own;
		switch ((enum hkind)h->kind) {
		case HK_PARA: h->paras++; break;
		case HK_IMG: h->imgs++; break;
		case HK_ITEM: h->items++; break;
		case HK_A: h->link = h->text; break;
		case HK_HEADING: h->headtext = h->text; break;
		case HK_DROP:
			if (strcasecmp((const char *)h->node->name, "input") == 0)
				h->inputs++;
			else if (strcasecmp((const char *)h->node->name, "iframe") == 0 ||
				 strcasecmp((const char *)h->node->name, "embed") == 0 ||
				 strcasecmp((const char *)h->node->name, "object") == 0)
				h->embeds++;
			break;
		case HK_OTHER: case HK_BLOCK: case HK_LIST: case HK_PRE: case HK_TABLE:
		case HK_ROW: case HK_CELL: case HK_BR:
			break;
		}
		if (h->parent == HNONE)
			continue;
		struct hnode *up = &d->v[h->parent];
		/* Counted for the parent even when removed: what a subtree holds
		 * of controls and embeds says what kind of block it is. */
		up->inputs += h->inputs;
		up->embeds += h->embeds;
		if ((h->flags & HF_REMOVED) || h->kind == HK_DROP)
			continue;
		if (h->kind != HK_OTHER && h->kind != HK_A && h->kind != HK_IMG &&
		    h->kind != HK_BR)
			up->flags |= HF_BLOCKS;
		up->flags |= h->flags & HF_BLOCKS;
		up->text += h->text;
		if (h->kind == HK_OTHER || h->kind == HK_A)
			up->loose += h->text;
		up->link += h->link;
		up->commas += h->commas;
		up->paras += h->paras;
		up->imgs += h->imgs;
		up->items += h->items;
		up->headtext += h->headtext;
	}
}

/* Appends s collapsed; *sp: the last thing written was a space (or
 * nothing).  Stops before max bytes. */
static int put_collapsed(dsr_buf *out, const unsigned char *s, bool *sp, size_t max)
{
	while (*s) {
		size_t w;
		if (space_at(s, &w)) {
			s += w;
			if (!*sp) {
				if (out->len + 1 > max)
					return 1;
				if (dsr_buf_putc(out, ' '))
					return -ENOMEM;
			}
			*sp = true;
			continue;
		}
		size_t k = 1;
		while (s[k] && (s[k] & 0xC0) == 0x80)
			k++;
		if (out->len + k > max)
			return 1;
		if (dsr_buf_append(out, s, k))
			return -ENOMEM;
		s += k;
		*sp = false;
	}
	return 0;
}

int dsr__htext(const struct hdoc *d, const xmlNode *n, size_t max, bool all,
	       dsr_buf *out)
{
	size_t start = out->len;
	bool sp = true;
	xmlNode *root = (xmlNode *)n;
	/* a bound on the nodes visited too: max bytes of text may sit under
	 * any number of empty elements */
	size_t budget = 8 * max + 4096;
	for (xmlNode *x = root; x && budget--;) {
		bool skip = false;
		if (x->type == XML_ELEMENT_NODE) {
			uint32_t i = dsr__hidx(x);
			if (i != HNONE && x != root && d->v[i].kind == HK_DROP)
				skip = true;
			else if (i != HNONE && x != root && !all &&
				 (d->v[i].flags & HF_REMOVED))
				skip = true;
			else if (i != HNONE && d->v[i].kind != HK_OTHER &&
				 d->v[i].kind != HK_A && !sp) {
				/* a block boundary separates words */
				if (out->len + 1 - start > max)
					break;
				if (dsr_buf_putc(out, ' '))
					return -ENOMEM;
				sp = true;
			}
		} else if ((x->type == XML_TEXT_NODE || x->type == XML_CDATA_SECTION_NODE) &&
			   x->content) {
			int rc = put_collapsed(out, x->content, &sp, start + max);
			if (rc < 0)
				return rc;
			if (rc)
				break;
		}
		x = next_node(x, root, skip);
	}
	while (out->len > start && out->data[out->len - 1] == ' ')
		out->len--;
	return 0;
}

char *dsr__hclean(const char *s, size_t len)
{
	if (!s)
		return NULL;
	char *o = malloc(len + 1);
	if (!o)
		return NULL;
	size_t k = 0;
	bool sp = true;
	for (size_t i = 0; i < len && s[i];) {
		size_t w;
		if (space_at((const unsigned char *)s + i, &w)) {
			if (!sp)
				o[k++] = ' ';
			sp = true;
			i += w;
			continue;
		}
		o[k++] = s[i++];
		sp = false;
	}
	while (k && o[k - 1] == ' ')
		k--;
	o[k] = 0;
	if (!k) {
		free(o);
		return NULL;
	}
	return o;
}

bool dsr__hmatch(const char *s, const char *const *list)
{
	if (!s || !*s)
		return false;
	char low[256];
	size_t n = 0;
	for (; s[n] && n < sizeof low - 1; n++)
		low[n] = (char)((s[n] >= 'A' && s[n] <= 'Z') ? s[n] + 32 : s[n]);
	low[n] = 0;
	for (const char *const *w = list; *w; w++) {
		if ((*w)[0] != '=') {
			if (strstr(low, *w))
				return true;
			continue;
		}
		/* "=word": a whole token, between separators */
		const char *t = *w + 1;
		size_t tl = strlen(t);
		for (const char *q = strstr(low, t); q; q = strstr(q + 1, t)) {
			bool left = q == low || strchr(" -_", q[-1]);
			bool right = q[tl] == 0 || strchr(" -_", q[tl]);
			if (left && right)
				return true;
		}
	}
	return false;
}

char *dsr__hstrip_by(char *b)
{
	if (!b)
		return NULL;
	if (strncasecmp(b, "by ", 3) == 0)
		memmove(b, b + 3, strlen(b + 3) + 1);
	else if (strncasecmp(b, "by:", 3) == 0)
		memmove(b, b + 3, strlen(b + 3) + 1);
	while (*b == ' ')
		memmove(b, b + 1, strlen(b));
	if (!*b) {
		free(b);
		return NULL;
	}
	return b;
}

const char *dsr__hdoc_title(const struct hdoc *d)
{
	for (size_t i = 0; i < d->n; i++) {
		const xmlNode *x = d->v[i].node;
		if (strcasecmp((const char *)x->name, "title") == 0 && x->parent &&
		    strcasecmp((const char *)x->parent->name, "svg") && x->children &&
		    x->children->content)
			return (const char *)x->children->content;
		if (strcasecmp((const char *)x->name, "body") == 0)
			break;
	}
	return NULL;
}
