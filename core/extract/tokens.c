/* tokens.c: what the extractor's stages ask of tokens: lexicon look-ups
 * (phrases, grammatical classes, numbers), the sentence a token is in,
 * words seen in lower case, the text of a span, and warnings. */
#include "impl.h"
#include "utf8.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int dsr__warn(struct dsr__ctx *c, const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	char *s = dsr__pool_strdup(c->out, buf);
	char **slot = s ? dsr__vec_push(&c->warn, sizeof *slot) : NULL;
	if (!slot)
		return -ENOMEM;
	*slot = s;
	return 0;
}

char *dsr__span_text(struct dsr__ctx *c, struct dsr__pool *a, uint32_t t0,
		     uint32_t t1)
{
	/* the bytes as written ("Russia's foreign ministry"), white space,
	 * control characters and invalid UTF-8 made single spaces */
	size_t from = c->tok[t0].start, to = c->tok[t1 - 1].end;
	char *s = dsr__pool_alloc(a, to - from + 1);
	if (!s)
		return NULL;
	size_t o = 0;
	bool space = false;
	for (size_t i = from; i < to;) {
		size_t n = dsr_utf8_valid_prefix(c->text + i, to - i);
		uint8_t b = c->text[i];
		bool ws = n == 0 || b < 0x20 || b == ' ' || b == 0x7f ||
			  (n == 2 && b == 0xc2 && c->text[i + 1] == 0xa0) ||
			  (n == 2 && b == 0xc2 && c->text[i + 1] < 0xa0) ||
			  (n == 3 && b == 0xe2 && c->text[i + 1] == 0x80 &&
			   (c->text[i + 2] <= 0x8b || c->text[i + 2] == 0xa8 ||
			    c->text[i + 2] == 0xa9 || c->text[i + 2] == 0xaf)) ||
			  (n == 3 && b == 0xef && c->text[i + 1] == 0xbb && c->text[i + 2] == 0xbf) ||
			  (n == 3 && b == 0xe3 && c->text[i + 1] == 0x80 && c->text[i + 2] == 0x80);
		if (ws) {
			space = o > 0;
			i += n ? n : 1;
			continue;
		}
		if (space) {
			s[o++] = ' ';
			space = false;
		}
		memcpy(s + o, c->text + i, n);
		o += n;
		i += n;
	}
	s[o] = 0;
	return s;
}

uint32_t dsr__num(const struct dsr__ctx *c, size_t i)
{
	const struct dsr__tok *t = &c->tok[i];
	uint64_t v = 0;
	for (uint32_t k = t->start; k < t->end; k++) {
		uint8_t b = c->text[k];
		if (b == '.')
			break;
		if (b >= '0' && b <= '9') {
			v = v * 10 + (b - '0');
			if (v > 999999999)
				return 999999999;
		}
	}
	return (uint32_t)v;
}

static bool case_ok(const struct dsr__ctx *c, size_t i,
		    const struct dsr__lexpay *p)
{
	if (!p->capmask && !p->upmask)
		return true;
	for (unsigned k = 0; k < p->ntok && k < 16; k++) {
		uint32_t b = c->tok[i + k].bits;
		if ((p->upmask >> k & 1) && !(b & (DSR__TF_UPPER | DSR__TF_DOTTED)))
			return false;
		if ((p->capmask >> k & 1) && !(b & DSR__TF_CAP))
			return false;
	}
	return true;
}

const struct dsr__lexpay *dsr__tok_pay(const struct dsr__ctx *c, size_t i,
				       int type)
{
	if (i >= c->ntok || !c->tok[i].word)
		return NULL;
	uint32_t node = dsr__lex_child(c->L, 0, c->tok[i].word);
	if (!node || !(dsr__lex_mask(c->L, node) >> type & 1))
		return NULL;
	size_t n;
	const struct dsr__lexpay *p = dsr__lex_pay(c->L, node, &n);
	for (size_t k = 0; k < n; k++)
		if (p[k].type == type && case_ok(c, i, &p[k]))
			return &p[k];
	return NULL;
}

bool dsr__tok_is(const struct dsr__ctx *c, size_t i, int type)
{
	return dsr__tok_pay(c, i, type) != NULL;
}

size_t dsr__sent_of(const struct dsr__ctx *c, size_t i)
{
	size_t lo = 0, hi = c->nsent;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (c->sent[mid].t1 <= i)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < c->nsent ? lo : c->nsent ? c->nsent - 1 : 0;
}

/* The longest lexicon phrase from token i (ending before lim, within a
 * line) with a payload of a type in mask, of the given id (UINT32_MAX:
 * any), written in a case its entry allows. */
static size_t match(const struct dsr__ctx *c, size_t i, size_t lim, uint64_t mask,
		    uint32_t id, const struct dsr__lexpay **pay)
{
	uint32_t node = 0;
	size_t best = 0;
	*pay = NULL;
	if (i >= c->ntok || !(dsr__lex_first(c->L, c->tok[i].word) & mask))
		return 0;
	if (lim > c->ntok)
		lim = c->ntok;
	for (size_t k = i; k < lim; k++) {
		const struct dsr__tok *t = &c->tok[k];
		if (k > i && (t->bits & DSR__TF_NL))
			break;
		node = dsr__lex_child(c->L, node, t->word);
		if (!node)
			break;
		if (dsr__lex_mask(c->L, node) & mask) {
			size_t n;
			const struct dsr__lexpay *p = dsr__lex_pay(c->L, node, &n);
			for (size_t q = 0; q < n; q++) {
				if ((mask >> p[q].type & 1) && (id == UINT32_MAX || p[q].id == id) &&
				    case_ok(c, i, &p[q])) {
					best = k - i + 1;
					*pay = &p[q];
					break;
				}
			}
		}
	}
	return best;
}

size_t dsr__match(const struct dsr__ctx *c, size_t i, size_t lim,
		  uint64_t mask, const struct dsr__lexpay **pay)
{
	return match(c, i, lim, mask, UINT32_MAX, pay);
}

size_t dsr__match_id(const struct dsr__ctx *c, size_t i, size_t lim, int type,
		     uint32_t id, const struct dsr__lexpay **pay)
{
	return match(c, i, lim, (uint64_t)1 << type, id, pay);
}

bool dsr__gram_is(const struct dsr__ctx *c, size_t i, int cls)
{
	if (i >= c->ntok || !c->tok[i].word)
		return false;
	uint32_t node = dsr__lex_child(c->L, 0, c->tok[i].word);
	if (!node || !(dsr__lex_mask(c->L, node) >> DSR__L_GRAM & 1))
		return false;
	size_t n;
	const struct dsr__lexpay *p = dsr__lex_pay(c->L, node, &n);
	for (size_t k = 0; k < n; k++)
		if (p[k].type == DSR__L_GRAM && p[k].val == cls)
			return true;
	return false;
}

/* Crude English stem: enough to see "Attackers" in "attack". */
static size_t stem(const char *w, size_t n)
{
	static const char *const suf[] = { "ings", "ing", "ers", "er", "ed",
		"es", "s", "ly" };
	for (size_t i = 0; i < sizeof suf / sizeof suf[0]; i++) {
		size_t l = strlen(suf[i]);
		if (n >= l + 3 && memcmp(w + n - l, suf[i], l) == 0)
			return n - l;
	}
	return n;
}

int dsr__lower_add(struct dsr__ctx *c, const char *w, size_t n)
{
	if (dsr__hset_add(&c->lower, dsr__hash(w, n)))
		return -ENOMEM;
	size_t s = stem(w, n);
	if (s != n && dsr__hset_add(&c->lower, dsr__hash(w, s) ^ 0x5bd1e995u))
		return -ENOMEM;
	return 0;
}

bool dsr__lower_seen(const struct dsr__ctx *c, size_t i)
{
	const struct dsr__tok *t = &c->tok[i];
	char f[64];
	size_t n = dsr__fold(c->text + t->start, t->end - t->start, f, sizeof f);
	if (n < 2)
		return false;
	if (dsr__hset_has(&c->lower, dsr__hash(f, n)))
		return true;
	size_t s = stem(f, n);
	if (dsr__hset_has(&c->lower, dsr__hash(f, s) ^ 0x5bd1e995u) ||
	    (s != n && dsr__hset_has(&c->lower, dsr__hash(f, s))))
		return true;
	/* common words are not in the set: their stems are in the lexicon */
	uint32_t w = s != n ? dsr__lex_word(c->L, f, s) : 0;
	return w && (dsr__lex_first(c->L, w) & (1ull << DSR__L_COMMON));
}
