/* html/impl.h: internals of the page reader (core/html.h), for its own
 * files only.
 *
 *   dom.c     libxml2: parsing, the table of elements (one struct hnode per
 *             element, in document order), tag kinds, attributes, text
 *   sniff.c   is it HTML (dsr_html_sniff), and which encoding to tell libxml2
 *   jsonld.c  the article's metadata from <script type="application/ld+json">
 *   date.c    publication dates as ISO 8601
 *   meta.c    the page's metadata from <meta>, <link>, <title>, <html lang>
 *   title.c   headings of the article that repeat its title
 *   score.c   which elements are boilerplate, and which block is the article
 *   text.c    the chosen block as plain text, cleaned of what is not article
 *   page.c    dsr_html_read(): the stages in order
 *
 * No file but dom.c includes libxml2's headers other than for the node type;
 * the stages see the document through struct hdoc.
 */
#ifndef DOSSIER_HTML_IMPL_H
#define DOSSIER_HTML_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "buf.h"
#include "html.h"

/* Kinds of element, by tag name (dom.c's table). */
enum hkind {
	HK_OTHER,      /* unknown or inline: a, span, b, em ... */
	HK_DROP,       /* never text: script, style, svg, form controls ... */
	HK_BLOCK,      /* a block of its own: div, section, article ... */
	HK_PARA,       /* p */
	HK_HEADING,    /* h1 .. h6 */
	HK_LIST,       /* ul, ol, dl */
	HK_ITEM,       /* li, dd, dt */
	HK_PRE,        /* pre, blockquote */
	HK_TABLE,
	HK_ROW,        /* tr */
	HK_CELL,       /* td, th */
	HK_BR,
	HK_IMG,
	HK_A,
};

/* Flags of an element. */
enum {
	HF_REMOVED = 1 << 0,   /* boilerplate, or inside boilerplate */
	HF_SCORED = 1 << 1,    /* has a content score */
	HF_BLOCKS = 1 << 2,    /* has a block element below it */
	HF_BYLINE = 1 << 3,    /* holds the byline: not article text */
	HF_INLINK = 1 << 4,    /* inside an <a> */
	HF_FIGURE = 1 << 5,    /* inside a <figure> */
	HF_DATATAB = 1 << 6,   /* a table of data, not of layout */
	HF_TITLE = 1 << 7,     /* a heading that repeats the title */
};

/* One element of the document, with figures of its subtree (not counting
 * what is removed), filled by dsr__hdoc_count(). */
struct hnode {
	xmlNode *node;
	uint32_t parent;       /* index of the parent element; UINT32_MAX at the root */
	uint16_t kind;         /* enum hkind */
	uint16_t flags;
	int weight;            /* class/id hint: -25, 0 or +25 (each of both) */
	double score;          /* content score, when HF_SCORED */
	uint32_t text;         /* characters of text, whitespace runs counted once */
	uint32_t link;         /* of which inside links */
	uint32_t commas;
	uint32_t paras, imgs, items, inputs, embeds, headtext;
	uint32_t own, owncommas; /* of its own text nodes (set at parse) */
	uint32_t kids;         /* element children (set at parse) */
	uint32_t loose;        /* text outside any block below it: in its own
				* text nodes and inline children (a div of
				* text and <br>s beside its headings) */
};

struct hdoc {
	xmlDoc *doc;
	struct hnode *v;       /* elements in document order */
	size_t n;
	uint32_t body;         /* index of <body>, or 0 (the root element) */
	uint64_t work;
};

#define HNONE UINT32_MAX

/* ---- dom.c ---------------------------------------------------------------- */

/* Parses p[0..n) with encoding enc (NULL: libxml2 decides) and builds the
 * table.  0, or -ENOMEM.  An input libxml2 makes nothing of gives n == 0. */
int dsr__hdoc_parse(struct hdoc *d, const uint8_t *p, size_t n, const char *enc);
void dsr__hdoc_free(struct hdoc *d);
/* Index of an element in the table (its _private), or HNONE. */
uint32_t dsr__hidx(const xmlNode *n);
/* Refills the figures of every element from the text below it, skipping
 * removed elements.  Linear. */
void dsr__hdoc_count(struct hdoc *d);
/* The value of attribute name, or NULL; borrowed until the document is freed. */
const char *dsr__hattr(const xmlNode *n, const char *name);
/* Appends n's text, whitespace runs made one space, no leading or trailing
 * space, at most max bytes (cut at a character boundary); skips HK_DROP
 * and, unless all, removed elements.  0 or -ENOMEM. */
int dsr__htext(const struct hdoc *d, const xmlNode *n, size_t max, bool all,
	       dsr_buf *out);
/* A string of at most max bytes trimmed and whitespace collapsed, as a new
 * NUL-terminated string, or NULL (empty, or no memory). */
char *dsr__hclean(const char *s, size_t len);
/* A byline without its leading "By" (freed, NULL, when nothing is left). */
char *dsr__hstrip_by(char *byline);
/* The text of the document's <title>, or NULL; borrowed. */
const char *dsr__hdoc_title(const struct hdoc *d);
/* Case-insensitive: does s contain any of the words of list (a NULL-ended
 * array)? */
bool dsr__hmatch(const char *s, const char *const *list);

/* Share of an element's text inside links, and its score discounted by it. */
static inline double dsr__hlinks(const struct hnode *h)
{
	return h->text ? (double)h->link / h->text : 0;
}
static inline double dsr__hfinal(const struct hnode *h)
{
	return h->score * (1 - dsr__hlinks(h));
}

/* ---- sniff.c -------------------------------------------------------------- */

/* The encoding to give libxml2 for p[0..n): "UTF-8", "UTF-16LE",
 * "UTF-16BE", or NULL when the page names its own charset. */
const char *dsr__henc(const uint8_t *p, size_t n);

/* ---- date.c --------------------------------------------------------------- */

/* s as an ISO 8601 date or time as the page states it, a new string, or
 * NULL: accepts
 * "2015-09-17...", "2015/09/17", "Thu, 17 Sep 2015 ...", "September 17,
 * 2015", "17 September 2015". */
char *dsr__hdate(const char *s);

/* ---- jsonld.c and meta.c -------------------------------------------------- */

struct hmeta {
	char *title, *byline, *publisher, *published, *url, *lang;
};
void dsr__hmeta_free(struct hmeta *m);
/* Fills what is still NULL in m from the JSON-LD scripts of the page.
 * 0 or -ENOMEM. */
int dsr__jsonld(const struct hdoc *d, struct hmeta *m);
/* Fills *publisher, when NULL, with the name of a WebSite or Organization
 * object: a fallback after <meta>.  0 or -ENOMEM. */
int dsr__jsonld_site(const struct hdoc *d, char **publisher);
/* Fills m from the page: JSON-LD first, then <meta>, then the document.
 * 0 or -ENOMEM. */
int dsr__hmeta(const struct hdoc *d, struct hmeta *m);

/* ---- score.c -------------------------------------------------------------- */

/* Marks boilerplate HF_REMOVED and scores paragraphs; without hints, class
 * and id words remove nothing (a second try, when they took the article).  Returns the index of
 * the element that holds the article (HNONE when the page has no
 * paragraphs) and sets *readable to how much article-like text there is:
 * the characters of paragraphs of 25 or more that are not mostly links. */
uint32_t dsr__hscore(struct hdoc *d, bool hints, double *readable);
/* The text of the element marked HF_BYLINE, if any: a new string or NULL. */
char *dsr__hbyline(const struct hdoc *d);

/* ---- title.c -------------------------------------------------------------- */

/* Marks HF_TITLE the h1 and h2 headings whose words are the title's.
 * 0 or -ENOMEM. */
int dsr__htitle_marks(struct hdoc *d, const char *title);
/* The bytes of a's words (letters and digits, any non-ASCII character) that
 * are not words of b, case aside; *total: the bytes of all a's words. */
size_t dsr__hmissing(const char *a, const char *b, size_t *total);

/* ---- text.c --------------------------------------------------------------- */

/* Appends the article: top and those of its siblings that belong to it,
 * as HTML_FORMAT.md's text.  0 or -ENOMEM. */
int dsr__harticle(struct hdoc *d, uint32_t top, dsr_buf *out);

#endif
