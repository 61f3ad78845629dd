/* text.c: the article's structure — word look-ups, paragraphs, boilerplate,
 * headlines and sentences.
 *
 * Scraped articles put one paragraph on a line; plain-text sources wrap
 * lines at a fixed width.  A line break therefore starts a paragraph unless
 * the line before it is long and unfinished or the next one starts in lower
 * case.  Boilerplate paragraphs (patterns in boilerplate.txt: "IE 11 is not
 * supported", "RELATED:", copyright and newsletter lines) are switched off:
 * they yield nothing.  Headlines and other short paragraphs without final
 * punctuation ("Sony Pictures Entertainment", a title in title case) yield
 * names already known from the body, but no new names, claims or events,
 * because title case hides which words are names.
 * Sentences end at . ! ? unless the period belongs to an abbreviation
 * (Mr., Nov., a single initial) or the next word is in lower case; a dotted
 * abbreviation (U.S.) ends one only before a typical sentence opener.
 */
#include "impl.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int lookup_words(struct dsr__ctx *c)
{
	if (dsr__hset_init(&c->lower, c->ntok / 4 + 16))
		return -ENOMEM;
	for (size_t i = 0; i < c->ntok; i++) {
		struct dsr__tok *t = &c->tok[i];
		unsigned k = dsr__kind(t);
		c->work++;
		if (k == DSR__T_QUOTE || k == DSR__T_TAG)
			continue;
		if (t->end - t->start == 1 && c->text[t->start] < 0x80) {
			/* one ASCII character: a table look-up */
			t->word = dsr__lex_ascii(c->L, c->text[t->start]);
			continue;
		}
		char f[64];
		size_t fl = dsr__fold(c->text + t->start, t->end - t->start, f, sizeof f);
		if (!fl)
			continue;
		t->word = dsr__lex_word(c->L, f, fl);
		/* the lower-case vocabulary only needs words the lexicons do not
		 * already call common */
		if (k == DSR__T_WORD && (t->bits & DSR__TF_LOWER) && fl >= 2 &&
		    !(dsr__lex_first(c->L, t->word) &
		      ((1ull << DSR__L_COMMON) | (1ull << DSR__L_GRAM))) &&
		    dsr__lower_add(c, f, fl))
			return -ENOMEM;
	}
	return 0;
}

static bool terminal(const struct dsr__ctx *c, size_t i)
{
	/* closing quotation marks after the final punctuation: look past a
	 * few of them */
	for (int guard = 0; guard < 4; guard++) {
		const struct dsr__tok *t = &c->tok[i];
		unsigned k = dsr__kind(t), ch = dsr__ch(t);
		if (k == DSR__T_PUNCT)
			return ch == '.' || ch == '!' || ch == '?' || ch == ':' ||
			       ch == 'E';
		if (k == DSR__T_WORD)
			return (t->bits & DSR__TF_DOTTED) != 0;
		if (k != DSR__T_QUOTE)
			return false;
		if (ch == '"')
			return true;
		if (i == 0)
			return false;
		i--;
	}
	return false;
}

static int paragraphs(struct dsr__ctx *c)
{
	struct dsr__vec v = { 0 };
	size_t line_start = 0; /* byte where the current physical line starts */
	size_t t0 = 0;
	for (size_t i = 0; i <= c->ntok; i++) {
		c->work++;
		bool brk = i == c->ntok;
		if (!brk && i > 0) {
			const struct dsr__tok *t = &c->tok[i];
			if (t->bits & DSR__TF_BLANK) {
				brk = true;
			} else if (t->bits & DSR__TF_NL) {
				size_t prev_len = c->tok[i - 1].end - line_start;
				bool unfinished = !terminal(c, i - 1);
				bool cont = (t->bits & DSR__TF_LOWER) ||
					    dsr__kind(t) == DSR__T_NUM;
				brk = !(unfinished && (cont || prev_len >= 60));
			}
			if (t->bits & DSR__TF_NL)
				line_start = t->start;
		}
		if (brk && i > t0) {
			struct dsr__para *p = dsr__vec_push(&v, sizeof *p);
			if (!p) {
				dsr__vec_free(&v);
				return -ENOMEM;
			}
			p->t0 = (uint32_t)t0;
			p->t1 = (uint32_t)i;
			c->tok[t0].bits |= DSR__TF_PARA;
			t0 = i;
		}
	}
	c->para = v.p;
	c->npara = v.n;
	return 0;
}

static bool boilerplate(struct dsr__ctx *c, const struct dsr__para *p)
{
	size_t a = c->tok[p->t0].start, b = c->tok[p->t1 - 1].end;
	char f[1024];
	/* "contains" patterns apply to short paragraphs only, so a long one
	 * needs just enough for the prefixes */
	size_t n = b - a <= 200 ? b - a : 80;
	/* fold a prefix; a character cut in half does no harm here */
	size_t fl = dsr__fold(c->text + a, n, f, sizeof f);
	size_t nb;
	const struct dsr__boiler *bp = dsr__lex_boiler(c->L, &nb);
	for (size_t i = 0; i < nb; i++) {
		c->work++;
		const struct dsr__boiler *x = &bp[i];
		if (x->mode == DSR__B_CONTAINS || x->len > fl || x->text[0] != f[0])
			continue;
		if (x->mode == DSR__B_PREFIX && memcmp(f, x->text, x->len) == 0)
			return true;
		if (x->mode == DSR__B_LINE && b - a == x->len && fl == x->len &&
		    memcmp(f, x->text, x->len) == 0)
			return true;
	}
	if (b - a > 200)
		return false;
	/* "contains" patterns: one pass over the text, trying only the
	 * patterns that start with the byte at hand */
	for (size_t p0 = 0; p0 < fl; p0++) {
		c->work++;
		size_t ng;
		const uint16_t *g = dsr__lex_boiler_at((const struct dsr__lex *)c->L,
						       (uint8_t)f[p0], &ng);
		for (size_t k = 0; k < ng; k++) {
			const struct dsr__boiler *x = &bp[g[k]];
			if (x->len <= fl - p0 && memcmp(f + p0, x->text, x->len) == 0)
				return true;
		}
	}
	return false;
}

/* True when the paragraph reads the same as the title, ignoring case,
 * spacing and punctuation. */
static bool is_title(struct dsr__ctx *c, const struct dsr__para *p)
{
	const char *title = c->meta ? c->meta->title : NULL;
	if (!title || !*title)
		return false;
	size_t a = c->tok[p->t0].start, b = c->tok[p->t1 - 1].end;
	const uint8_t *s = c->text + a;
	const uint8_t *t = (const uint8_t *)title;
	size_t i = 0, j = 0, n = b - a, m = strlen(title);
	if (n > 4 * m + 16)
		return false;
	for (;;) {
		while (i < n && !((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z') &&
		       !(s[i] >= '0' && s[i] <= '9') && s[i] < 0x80)
			i++;
		while (j < m && !((t[j] | 0x20) >= 'a' && (t[j] | 0x20) <= 'z') &&
		       !(t[j] >= '0' && t[j] <= '9') && t[j] < 0x80)
			j++;
		c->work++;
		if (i == n || j == m)
			return i == n && j == m;
		uint8_t x = s[i] < 0x80 ? (uint8_t)(s[i] | 0x20) : s[i];
		uint8_t y = t[j] < 0x80 ? (uint8_t)(t[j] | 0x20) : t[j];
		if (x != y)
			return false;
		i++;
		j++;
	}
}

static void classify_paragraphs(struct dsr__ctx *c)
{
	for (size_t k = 0; k < c->npara; k++) {
		struct dsr__para *p = &c->para[k];
		uint32_t f = 0;
		if (boilerplate(c, p)) {
			f = DSR__P_OFF;
		} else {
			size_t words = 0;
			for (uint32_t i = p->t0; i < p->t1 && words <= 25; i++)
				words += dsr__kind(&c->tok[i]) == DSR__T_WORD;
			if (is_title(c, p) || (!terminal(c, p->t1 - 1) && words <= 25))
				f = DSR__P_HEAD;
		}
		p->flags = f;
		uint32_t tf = f & DSR__P_OFF ? DSR__TF_OFF : f & DSR__P_HEAD ? DSR__TF_HEAD : 0;
		for (uint32_t i = p->t0; i < p->t1 && tf; i++) {
			c->work++;
			c->tok[i].bits |= tf;
		}
	}
}

/* A capitalised word that typically opens a sentence (The, He, But). */
static bool opener(const struct dsr__ctx *c, size_t i)
{
	if (i >= c->ntok || !(c->tok[i].bits & DSR__TF_CAP))
		return false;
	return dsr__tok_is(c, i, DSR__L_GRAM);
}

/* Index after the sentence-final mark at i and the quotes or brackets
 * attached to it. */
static size_t closers(const struct dsr__ctx *c, size_t i, size_t t1)
{
	i++;
	while (i < t1) {
		const struct dsr__tok *t = &c->tok[i];
		unsigned k = dsr__kind(t), ch = dsr__ch(t);
		if (t->bits & DSR__TF_SPACE)
			break;
		if (!(k == DSR__T_QUOTE || (k == DSR__T_PUNCT &&
					     (ch == ')' || ch == ']' || ch == '.'))))
			break;
		i++;
	}
	return i;
}

/* If a sentence ends with token i, the index of the next sentence's first
 * token; 0 when it does not end there. */
static size_t sentence_end(const struct dsr__ctx *c, size_t i, size_t t1)
{
	const struct dsr__tok *t = &c->tok[i];
	unsigned k = dsr__kind(t), ch = dsr__ch(t);
	size_t nx;
	if (k == DSR__T_WORD && (t->bits & DSR__TF_DOTTED)) {
		nx = closers(c, i, t1);
		return nx < t1 && opener(c, nx) ? nx : 0;
	}
	if (k != DSR__T_PUNCT || (ch != '.' && ch != '!' && ch != '?'))
		return 0;
	nx = closers(c, i, t1);
	if (nx >= t1)
		return t1;
	const struct dsr__tok *n = &c->tok[nx];
	if (n->bits & DSR__TF_LOWER)
		return 0;
	if (ch == '.' && i > 0 && !(t->bits & DSR__TF_SPACE)) {
		const struct dsr__tok *w = &c->tok[i - 1];
		if (dsr__kind(w) == DSR__T_WORD) {
			const struct dsr__lexpay *ab = dsr__tok_pay(c, i - 1, DSR__L_ABBREV);
			if (ab)
				return (ab->flags & 1) && opener(c, nx) ? nx : 0;
			/* a single capital is an initial: J. Smith */
			if (w->end - w->start == 1 && (w->bits & DSR__TF_CAP))
				return 0;
		}
	}
	return nx;
}

static int sentences(struct dsr__ctx *c)
{
	struct dsr__vec v = { 0 };
	for (size_t k = 0; k < c->npara; k++) {
		const struct dsr__para *p = &c->para[k];
		size_t s0 = p->t0;
		for (size_t i = p->t0; i < p->t1;) {
			c->work++;
			size_t nx = sentence_end(c, i, p->t1);
			/* Very long runs without an end are cut, at a comma or
			 * semicolon when there is one, so that no later stage
			 * works on an unbounded sentence. */
			if (!nx && i - s0 >= 150 && (dsr__is_punct(&c->tok[i], ',') ||
						     dsr__is_punct(&c->tok[i], ';')))
				nx = i + 1;
			if (!nx && i - s0 >= 250)
				nx = i + 1;
			if (!nx && i + 1 == p->t1)
				nx = p->t1;
			if (nx) {
				if (nx > p->t1)
					nx = p->t1;
				struct dsr__sent *s = dsr__vec_push(&v, sizeof *s);
				if (!s) {
					dsr__vec_free(&v);
					return -ENOMEM;
				}
				s->t0 = (uint32_t)s0;
				s->t1 = (uint32_t)nx;
				s->para = (uint32_t)k;
				s->flags = p->flags;
				c->tok[s0].bits |= DSR__TF_SENT;
				s0 = nx;
				i = nx;
			} else {
				i++;
			}
		}
	}
	c->sent = v.p;
	c->nsent = v.n;
	return 0;
}

int dsr__text_structure(struct dsr__ctx *c)
{
	int rc = lookup_words(c);
	if (!rc)
		rc = paragraphs(c);
	if (!rc) {
		classify_paragraphs(c);
		rc = sentences(c);
	}
	return rc;
}
