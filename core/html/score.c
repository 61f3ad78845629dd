/* score.c: which parts of a page are boilerplate and which block holds the
 * article.
 *
 * Three passes over the table of elements, each linear:
 *  1. marks (document order, so a mark covers the subtree): elements that
 *     are never article text (navigation, asides, hidden, forms of the page,
 *     and any whose class or id says menu, comment, share, related, advert,
 *     ... unless it also says article or content); the byline;
 *  2. scores: every paragraph-like block with 25 characters or more gives
 *     1 + its commas + a point per 100 characters (up to 3) to its parent,
 *     half to its grandparent and a third of a level to the three above
 *     those, each ancestor starting from a score of its tag and class;
 *  3. picks the best ancestor once its score is discounted by its link
 *     density, moving up when the best few share an ancestor or the parent
 *     scores as well.
 * text.c then writes the chosen block and the siblings that belong to it.
 */
#include "impl.h"

#include <string.h>
#include <strings.h>

/* Class or id words of blocks that are not article text. */
static const char *const unlikely[] = {
	"banner", "breadcrumb", "combx", "comment", "community", "cover-wrap",
	"disqus", "extra", "footer", "gdpr", "=header", "legends", "menu",
	"related", "remark", "replies", "rss", "shoutbox", "sidebar", "skyscraper",
	"social", "sponsor", "supplemental", "=ad", "=ads", "ad-break", "adsense",
	"advert", "agegate", "pagination", "pager", "popup", "share",
	"newsletter", "subscribe", "signup", "cookie", "promo", "outbrain",
	"taboola", "recirc", "=nav", "navbar", "navigation", "masthead",
	"toolbar", "trending", "most-popular", "mostpopular", "=tags", "login",
	"paywall", "modal", "overlay", NULL,
};

/* Words that no block holding the article has, even one that also says
 * "article" ("c-article-most-popular", "article-comments"). */
static const char *const never[] = {
	"most-popular", "mostpopular", "related", "recirc", "newsletter",
	"trending", "outbrain", "taboola", "disqus", "comment", "share",
	"social", "sponsor", "advert", "promo", "subscribe", "cookie", NULL,
};

/* ... unless they also say they hold the article. */
static const char *const maybe[] = {
	"article", "body", "column", "content", "main", "=post", "entry",
	"story", "=text", "shadow", NULL,
};

/* Class or id words that weigh a block down or up. */
static const char *const negative[] = {
	"=ad", "=ads", "-ad-", "hidden", "=hid", "banner", "combx", "comment",
	"com-", "contact", "footer", "gdpr", "masthead", "=media", "=meta",
	"outbrain", "promo", "related", "scroll", "share", "shoutbox", "sidebar",
	"skyscraper", "sponsor", "shopping", "=tags", "widget", "byline",
	"=nav", "navigation", "=menu", "subscribe", "newsletter", NULL,
};
static const char *const positive[] = {
	"article", "body", "content", "entry", "hentry", "h-entry", "main",
	"page", "=post", "=text", "blog", "story", "prose", NULL,
};

static const char *const byline_words[] = {
	"byline", "author", "dateline", "writtenby", "p-author", NULL,
};

static const char *const nav_roles[] = {
	"navigation", "complementary", "banner", "contentinfo", "menu",
	"menubar", "dialog", "alertdialog", "search", "toolbar", "tablist", NULL,
};

/* An id made from a heading ("sharing-with-a-single-developer") says what
 * the text is about, not what the block is for: four words or more are not
 * a hint. */
static const char *id_hint(const xmlNode *x)
{
	const char *id = dsr__hattr(x, "id");
	if (!id)
		return NULL;
	int words = 1;
	for (const char *p = id; *p; p++)
		words += *p == '-' || *p == '_' || *p == ' ';
	return words >= 4 ? NULL : id;
}

static int weight_of(const xmlNode *x)
{
	int w = 0;
	const char *c = dsr__hattr(x, "class"), *id = id_hint(x);
	if (c && *c) {
		if (dsr__hmatch(c, negative))
			w -= 25;
		if (dsr__hmatch(c, positive))
			w += 25;
	}
	if (id && *id) {
		if (dsr__hmatch(id, negative))
			w -= 25;
		if (dsr__hmatch(id, positive))
			w += 25;
	}
	return w;
}

static bool named(const xmlNode *x, const char *tag)
{
	return strcasecmp((const char *)x->name, tag) == 0;
}

static bool hidden(const xmlNode *x)
{
	const char *s = dsr__hattr(x, "style");
	if (s && (strcasestr(s, "display:none") || strcasestr(s, "display: none") ||
		  strcasestr(s, "visibility:hidden") || strcasestr(s, "visibility: hidden")))
		return true;
	if (dsr__hattr(x, "hidden"))
		return true;
	const char *a = dsr__hattr(x, "aria-hidden");
	/* icons are often aria-hidden; only blocks of the page matter here */
	return a && strcasecmp(a, "true") == 0 && !named(x, "span") && !named(x, "i");
}

static bool is_role(const char *role, const char *const *list)
{
	if (!role)
		return false;
	for (; *list; list++)
		if (strcasecmp(role, *list) == 0)
			return true;
	return false;
}

/* Is a inside b?  Elements are in document order, so b comes first and
 * a's ancestors stop being candidates once they are before b. */
static bool inside(const struct hdoc *d, uint32_t a, uint32_t b)
{
	for (uint32_t u = a; u != HNONE && u >= b; u = d->v[u].parent)
		if (u == b)
			return true;
	return false;
}

/* What of byline element i names the author: a descendant marked as the
 * name or the author's link, when there is one (not the date beside it),
 * else the element. */
static const xmlNode *byline_node(const struct hdoc *d, size_t i)
{
	dsr_buf b = DSR_BUF_INIT;
	const xmlNode *n = d->v[i].node;
	for (size_t k = i + 1; k < d->n && k < i + 256 && inside(d, (uint32_t)k, (uint32_t)i);
	     k++) {
		const char *ip = dsr__hattr(d->v[k].node, "itemprop");
		const char *rel = dsr__hattr(d->v[k].node, "rel");
		if (!(ip && strcasestr(ip, "name")) && !(rel && strcasecmp(rel, "author") == 0))
			continue;
		/* with a name in it, not a picture */
		dsr_buf_reset(&b);
		if (dsr__htext(d, d->v[k].node, 200, true, &b) == 0 && b.len) {
			n = d->v[k].node;
			break;
		}
	}
	dsr_buf_free(&b);
	return n;
}

/* A byline names a few people: not a dozen words (an account menu whose
 * class says "author"). */
static bool few_words(const struct hdoc *d, size_t i)
{
	dsr_buf b = DSR_BUF_INIT;
	size_t words = 0;
	if (dsr__htext(d, byline_node(d, i), 400, true, &b) == 0)
		for (size_t k = 0; k < b.len; k++)
			words += b.data[k] == ' ';
	dsr_buf_free(&b);
	return words < 12;
}

/* Pass 1. */
static void mark(struct hdoc *d, bool hints)
{
	bool byline = false;
	int tries = 0;  /* bylines looked at: a few, whatever the page */
	const struct hnode *body = &d->v[d->body];
	for (size_t i = 0; i < d->n; i++) {
		struct hnode *h = &d->v[i];
		const xmlNode *x = h->node;
		h->weight = weight_of(x);
		const char *c = dsr__hattr(x, "class"), *id = id_hint(x);
		/* The byline is often in the page's header or an aside, which
		 * go: look for it first. */
		const char *rel = dsr__hattr(x, "rel"), *ip = dsr__hattr(x, "itemprop");
		if (!byline && h->text > 0 && h->text < 100 && h->kind != HK_DROP &&
		    i != d->body && h->parent != HNONE &&
		    ((rel && strcasecmp(rel, "author") == 0) ||
		     (ip && strcasestr(ip, "author")) ||
		     dsr__hmatch(c, byline_words) || dsr__hmatch(id, byline_words)) &&
		    tries++ < 32 && few_words(d, i)) {
			h->flags |= HF_BYLINE | HF_REMOVED;
			byline = true;
			continue;
		}
		if (h->parent != HNONE && (d->v[h->parent].flags & HF_REMOVED)) {
			h->flags |= HF_REMOVED;
			continue;
		}
		if (i == d->body || h->parent == HNONE || named(x, "body"))
			continue;
		/* A block that holds nearly all the page's text is not
		 * boilerplate, whatever its class says ("nav-drawer" around the
		 * whole page); a gallery of captions that outweighs the article
		 * still is. */
		bool most = (double)h->text > 0.85 * body->text &&
			    (double)h->paras > 0.85 * body->paras;
		if (h->kind == HK_DROP || (hidden(x) && !most) ||
		    is_role(dsr__hattr(x, "role"), nav_roles) ||
		    named(x, "nav") || named(x, "aside") || named(x, "footer") ||
		    ((named(x, "header") || named(x, "form")) && h->paras < 3)) {
			h->flags |= HF_REMOVED;
			continue;
		}
		if (h->kind == HK_A || named(x, "article") || named(x, "main"))
			continue;
		if (hints && !most && (dsr__hmatch(c, unlikely) || dsr__hmatch(id, unlikely)) &&
		    ((!dsr__hmatch(c, maybe) && !dsr__hmatch(id, maybe)) ||
		     dsr__hmatch(c, never) || dsr__hmatch(id, never)))
			h->flags |= HF_REMOVED;
		if (named(x, "th") || named(x, "caption") || named(x, "thead")) {
			/* a table with headings holds data, not the layout */
			uint32_t up = h->parent;
			for (int k = 0; k < 8 && up != HNONE; k++, up = d->v[up].parent)
				if (d->v[up].kind == HK_TABLE) {
					d->v[up].flags |= HF_DATATAB;
					break;
				}
		}
	}
}

static double tag_score(const struct hnode *h)
{
	const char *t = (const char *)h->node->name;
	switch ((enum hkind)h->kind) {
	case HK_BLOCK:
		return strcasecmp(t, "div") == 0 ? 5 :
		       strcasecmp(t, "form") == 0 || strcasecmp(t, "address") == 0 ? -3 : 0;
	case HK_PRE: case HK_CELL:
		return strcasecmp(t, "th") == 0 ? -5 : 3;
	case HK_LIST: case HK_ITEM:
		return -3;
	case HK_HEADING:
		return -5;
	case HK_OTHER: case HK_DROP: case HK_PARA: case HK_TABLE: case HK_ROW:
	case HK_BR: case HK_IMG: case HK_A:
		break;
	}
	return 0;
}

#define link_density dsr__hlinks

/* Is this a paragraph that scores? */
static bool scorable(const struct hdoc *d, const struct hnode *h)
{
	if (h->flags & HF_REMOVED)
		return false;
	switch ((enum hkind)h->kind) {
	case HK_PARA: case HK_PRE:
		return true;
	case HK_CELL:
		return strcasecmp((const char *)h->node->name, "td") == 0;
	case HK_BLOCK:
		/* a div of text alone is a paragraph */
		return !(h->flags & HF_BLOCKS) && h->parent != HNONE;
	case HK_OTHER: case HK_DROP: case HK_HEADING: case HK_LIST: case HK_ITEM:
	case HK_TABLE: case HK_ROW: case HK_BR: case HK_IMG: case HK_A:
		break;
	}
	(void)d;
	return false;
}


uint32_t dsr__hscore(struct hdoc *d, bool hints, double *readable)
{
	*readable = 0;
	if (!d->n)
		return HNONE;
	for (size_t i = 0; i < d->n; i++) {
		d->v[i].flags &= HF_INLINK | HF_FIGURE;
		d->v[i].score = 0;
	}
	dsr__hdoc_count(d);
	mark(d, hints);
	dsr__hdoc_count(d);
	/* Pass 2. */
	for (size_t i = 0; i < d->n; i++) {
		struct hnode *h = &d->v[i];
		d->work++;
		uint32_t len = h->text, commas = h->commas;
		uint32_t up = h->parent;
		if (!scorable(d, h)) {
			/* Text loose in a block beside its other blocks is a
			 * paragraph of that block. */
			if ((h->flags & HF_REMOVED) || h->kind != HK_BLOCK ||
			    !(h->flags & HF_BLOCKS))
				continue;
			len = h->loose;
			commas = 0;
			up = (uint32_t)i;
		}
		if (len < 25)
			continue;
		if (link_density(h) < 0.5)
			*readable += len;
		double s = 1 + commas + (len / 100 < 3 ? len / 100 : 3);
		/* five levels, and at most ten wrappers between them, so that a
		 * page nested deep costs no more than one nested sensibly */
		int wrappers = 0;
		for (int level = 0; level < 5 && up != HNONE; up = d->v[up].parent) {
			struct hnode *a = &d->v[up];
			d->work++;
			if (a->parent == HNONE && up != d->body)
				break; /* not <html> itself */
			if (!(a->flags & HF_SCORED)) {
				a->flags |= HF_SCORED;
				a->score = tag_score(a) + a->weight;
			}
			a->score += s / (level == 0 ? 1 : level == 1 ? 2 : level * 3);
			/* A wrapper (one child, no text of its own) is no level:
			 * pages nest the article in many of them. */
			if (!(a->kids == 1 && a->own == 0) || ++wrappers > 10)
				level++;
		}
	}
	/* Pass 3: the best, and the next best few. */
	enum { ALT = 5 };
	uint32_t best[ALT];
	double bests[ALT];
	size_t nb = 0;
	for (size_t i = 0; i < d->n; i++) {
		const struct hnode *h = &d->v[i];
		if (!(h->flags & HF_SCORED) || (h->flags & HF_REMOVED))
			continue;
		double f = dsr__hfinal(h);
		size_t k = nb < ALT ? nb++ : ALT;
		while (k > 0 && bests[k - 1] < f) {
			if (k < ALT) {
				best[k] = best[k - 1];
				bests[k] = bests[k - 1];
			}
			k--;
		}
		if (k < ALT) {
			best[k] = (uint32_t)i;
			bests[k] = f;
		}
	}
	uint32_t top;
	if (!nb) {
		top = d->body;
	} else {
		top = best[0];
		double ts = bests[0];
		/* When three of the best lie under one ancestor, the article is
		 * that ancestor (a page that splits it into several blocks). */
		size_t close = 0;
		for (size_t k = 1; k < nb; k++)
			close += bests[k] >= 0.75 * ts;
		if (close >= 2) {
			int steps = 0;
			for (uint32_t up = d->v[top].parent; up != HNONE && up != d->body &&
			     steps++ < 32; up = d->v[up].parent) {
				size_t in = 0;
				for (size_t k = 1; k < nb; k++)
					in += bests[k] >= 0.75 * ts && inside(d, best[k], up);
				if (in >= 2) {
					top = up;
					break;
				}
			}
		}
		/* Up while the parent scores about as well. */
		double last = dsr__hfinal(&d->v[top]);
		double floor_ = last / 3;
		for (uint32_t up = d->v[top].parent; up != HNONE && up != d->body;
		     up = d->v[up].parent) {
			const struct hnode *a = &d->v[up];
			if (!(a->flags & HF_SCORED))
				continue;
			double f = dsr__hfinal(a);
			if (f < floor_)
				break;
			if (f > last) {
				top = up;
				break;
			}
			last = f;
		}
		/* A block that is its parent's only child is its parent. */
		while (top != d->body && d->v[top].parent != HNONE &&
		       d->v[top].parent != d->body) {
			const xmlNode *p = d->v[d->v[top].parent].node;
			size_t kids = 0;
			for (const xmlNode *c = p->children; c; c = c->next)
				kids += c->type == XML_ELEMENT_NODE ||
					(c->type == XML_TEXT_NODE && c->content &&
					 strspn((const char *)c->content, " \t\r\n") !=
					 strlen((const char *)c->content));
			if (kids != 1)
				break;
			top = d->v[top].parent;
		}
	}
	return top;
}

char *dsr__hbyline(const struct hdoc *d)
{
	for (size_t i = 0; i < d->n; i++) {
		if (!(d->v[i].flags & HF_BYLINE))
			continue;
		dsr_buf b = DSR_BUF_INIT;
		char *s = NULL;
		if (dsr__htext(d, byline_node(d, i), 200, true, &b) == 0 && b.len)
			s = dsr__hclean((const char *)b.data, b.len);
		dsr_buf_free(&b);
		return dsr__hstrip_by(s);
	}
	return NULL;
}
