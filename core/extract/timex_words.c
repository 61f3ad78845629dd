/* timex_words.c: the word-level look-ups of the time recogniser
 * (timex.h): time-word phrases (cached per position), counts, years, days
 * of the month, month and weekday names, and the tense of a clause.
 */
#include "timex.h"

#include <string.h>
#include <strings.h>

/* Every time-word phrase starting at token i, found in one walk of the
 * lexicon trie: the recognisers ask for many codes at the same few
 * positions, so the walks are cached. */
static const struct twpos *tw_at(struct dsr__tx *r, size_t i)
{
	struct twpos *e = &r->cache[i % TWCACHE];
	if (e->valid && e->i == i)
		return e;
	e->valid = true;
	e->i = i;
	e->n = 0;
	const struct dsr__ctx *c = r->c;
	if (!(dsr__lex_first(c->L, c->tok[i].word) >> DSR__L_TIMEWORD & 1))
		return e;
	uint32_t node = 0;
	for (size_t k = i; k < r->s1 && k < i + 6; k++) {
		const struct dsr__tok *t = &c->tok[k];
		if (k > i && (t->bits & DSR__TF_NL))
			break;
		node = dsr__lex_child(c->L, node, t->word);
		if (!node)
			break;
		if (!(dsr__lex_mask(c->L, node) >> DSR__L_TIMEWORD & 1))
			continue;
		size_t np;
		const struct dsr__lexpay *p = dsr__lex_pay(c->L, node, &np);
		for (size_t q = 0; q < np && e->n < 8; q++)
			if (p[q].type == DSR__L_TIMEWORD)
				e->hit[e->n++] = (struct twhit){ (uint8_t)(k - i + 1),
					(uint8_t)p[q].id, p[q].val };
	}
	return e;
}

/* Length of the longest time-word phrase with the given code at i (0 if
 * none). */
size_t dsr__tx_tw(struct dsr__tx *r, size_t i, int code, int *val)
{
	if (val)
		*val = 0;
	if (i >= r->s1)
		return 0;
	const struct twpos *e = tw_at(r, i);
	size_t best = 0;
	for (size_t k = 0; k < e->n; k++) {
		if (e->hit[k].code == code && e->hit[k].len > best) {
			best = e->hit[k].len;
			if (val)
				*val = e->hit[k].val;
		}
	}
	return best;
}

size_t dsr__tx_number(struct dsr__tx *r, size_t i, long *v)
{
	if (i >= r->s1)
		return 0;
	const struct dsr__tok *t = T(r, i);
	if (dsr__kind(t) == DSR__T_NUM && !(t->bits & DSR__TF_ORD)) {
		*v = (long)dsr__num(r->c, i);
		return 1;
	}
	const struct dsr__lexpay *p;
	size_t n = dsr__match_id(r->c, i, r->s1, DSR__L_NUMBER, UINT32_MAX, &p);
	if (n)
		*v = p->val;
	return n;
}

bool dsr__tx_year4(struct dsr__tx *r, size_t i, int *y)
{
	if (i >= r->s1)
		return false;
	const struct dsr__tok *t = T(r, i);
	if (dsr__kind(t) != DSR__T_NUM || t->end - t->start != 4 ||
	    (t->bits & DSR__TF_ORD))
		return false;
	uint32_t v = dsr__num(r->c, i);
	if (v < 1000 || v > 2999)
		return false;
	*y = (int)v;
	return true;
}

/* A day of the month: 1..31 or 1st..31st, not the start of a clock time. */
bool dsr__tx_dayno(struct dsr__tx *r, size_t i, int *d)
{
	if (i >= r->s1)
		return false;
	const struct dsr__tok *t = T(r, i);
	if (dsr__kind(t) != DSR__T_NUM || t->end - t->start > 4)
		return false;
	uint32_t v = dsr__num(r->c, i);
	if (v < 1 || v > 31)
		return false;
	if (punct(r, i + 1, ':') && i + 2 < r->s1 && !(T(r, i + 1)->bits & DSR__TF_SPACE) &&
	    dsr__kind(T(r, i + 2)) == DSR__T_NUM && !(T(r, i + 2)->bits & DSR__TF_SPACE))
		return false; /* 10:30 is a clock time */
	if (!(t->bits & DSR__TF_ORD) && t->end - t->start > 2)
		return false;
	*d = (int)v;
	return true;
}

/* A word from a lexicon with an optional attached period ("Nov."); short
 * forms need the period or a following number, so that "The Sun" or "Mar"
 * alone stay words. */
size_t dsr__tx_named(struct dsr__tx *r, size_t i, int type, int *val, bool need_num)
{
	if (i >= r->s1)
		return 0;
	const struct dsr__lexpay *p = dsr__tok_pay(r->c, i, type);
	if (!p)
		return 0;
	*val = p->val;
	const struct dsr__tok *t = T(r, i);
	bool dot = punct(r, i + 1, '.') && !(T(r, i + 1)->bits & DSR__TF_SPACE) &&
		   dsr__tok_is(r->c, i, DSR__L_ABBREV);
	if (t->end - t->start <= 4 && !dot && need_num) {
		const struct dsr__tok *n = i + 1 < r->s1 ? T(r, i + 1) : NULL;
		if (!n || dsr__kind(n) != DSR__T_NUM)
			return 0;
	}
	return dot ? 2 : 1;
}

/* Tense near [a, b): 1 future, -1 past, 0 unknown — the marker nearest the
 * expression in its sentence wins, and one in the expression's own clause
 * (no comma between) before any other: "would be ready to leave as soon as
 * Tuesday, Castro said" is future. */
int dsr__tx_tense(struct dsr__tx *r, size_t a, size_t b)
{
	size_t best = SIZE_MAX;
	int t = 0;
	/* commas before a and after b, counted as the scan goes */
	size_t commas_before = 0, seen = 0;
	for (size_t i = r->s0; i < a && i < r->s1; i++)
		if (dsr__is_punct(T(r, i), ','))
			commas_before++;
	for (size_t i = r->s0; i < r->s1; i++) {
		r->c->work++;
		if (i >= a && i < b)
			continue;
		const struct dsr__tok *k = T(r, i);
		if (dsr__is_punct(k, ','))
			seen++;
		if (dsr__kind(k) != DSR__T_WORD || !(k->bits & DSR__TF_LOWER))
			continue;
		int here = 0;
		const struct dsr__lexpay *p;
		if (dsr__match(r->c, i, r->s1, 1ull << DSR__L_FUTURE, &p))
			here = 1;
		else if (dsr__match(r->c, i, r->s1, 1ull << DSR__L_PAST, &p))
			here = -1;
		else if (k->end - k->start >= 4 && r->c->text[k->end - 1] == 'd' &&
			 r->c->text[k->end - 2] == 'e' && r->c->text[k->end - 3] != 'e' &&
			 !(k->end - k->start == 7 &&
			   strncasecmp((const char *)r->c->text + k->start, "hundred", 7) == 0) &&
			 !(i > r->s0 && (eq(r, i - 1, "be") || eq(r, i - 1, "been") ||
					 eq(r, i - 1, "being") || eq(r, i - 1, "is") ||
					 eq(r, i - 1, "are"))))
			here = -1; /* not "succeed", "hundred", "will be released" */
		if (!here)
			continue;
		size_t d = i < a ? a - i : i - b + 1;
		/* a comma between: another clause */
		if (i < a ? seen < commas_before : seen > commas_before)
			d += 1000;
		if (d < best) {
			best = d;
			t = here;
		}
	}
	return t;
}

