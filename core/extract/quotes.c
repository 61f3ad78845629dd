/* quotes.c: pairs quotation marks within each paragraph.
 *
 * Curly marks say which way they face (a closing one with nothing open,
 * glued to the word after it, opens: a typo); a straight '"' opens when
 * none is open and closes otherwise.  A quotation still open at the end of its
 * paragraph runs to the paragraph's end when the paragraph starts with it
 * (news style for a quote continued in the next paragraph) and is dropped
 * otherwise.  Single marks are paired only over short distances: they
 * matter for titles ('The Interview'), not for speech.  Tokens inside a
 * double quotation get DSR__TF_INQ, inside a single one DSR__TF_INSQ.
 */
#include "impl.h"

#include <errno.h>
#include <stdlib.h>

#define MAX_QUOTE 3000  /* tokens: longer "quotations" are stray marks */
#define MAX_SINGLE 24

static int add(struct dsr__ctx *c, struct dsr__vec *v, size_t o, size_t cl,
	       size_t para, bool single)
{
	struct dsr__quote *q = dsr__vec_push(v, sizeof *q);
	if (!q)
		return -ENOMEM;
	q->open = (uint32_t)o;
	q->close = (uint32_t)cl;
	q->para = (uint32_t)para;
	q->single = single;
	uint32_t f = single ? DSR__TF_INSQ : DSR__TF_INQ;
	for (size_t i = o + 1; i < cl && i < c->ntok; i++) {
		c->work++;
		c->tok[i].bits |= f;
	}
	return 0;
}

static int pair_double(struct dsr__ctx *c, struct dsr__vec *v, size_t k)
{
	const struct dsr__para *p = &c->para[k];
	long open = -1;
	for (size_t i = p->t0; i < p->t1; i++) {
		const struct dsr__tok *t = &c->tok[i];
		c->work++;
		if (dsr__kind(t) != DSR__T_QUOTE || dsr__ch(t) != '"')
			continue;
		if (open >= 0 && i - (size_t)open > MAX_QUOTE)
			open = -1;
		bool opens = (t->bits & DSR__TF_OPEN) != 0;
		bool closes = (t->bits & DSR__TF_CLOSE) != 0;
		if (!opens && !closes) {
			/* straight: decided by what is open and by spacing */
			bool space_after = i + 1 >= p->t1 ||
					   (c->tok[i + 1].bits & DSR__TF_SPACE);
			if (open >= 0)
				closes = true;
			else if (!space_after)
				opens = true;
		}
		if (closes && open < 0 && i + 1 < p->t1 &&
		    (i == p->t0 || (t->bits & DSR__TF_SPACE)) &&
		    !(c->tok[i + 1].bits & DSR__TF_SPACE) &&
		    dsr__kind(&c->tok[i + 1]) == DSR__T_WORD) {
			/* a closing mark facing the wrong way where a quotation
			 * opens: '”Mr. Trump is ...' */
			closes = false;
			opens = true;
		}
		if (closes && open >= 0) {
			if (add(c, v, (size_t)open, i, k, false))
				return -ENOMEM;
			open = -1;
		} else if (opens) {
			open = (long)i;
		}
	}
	if (open >= 0 && (size_t)open == p->t0 && p->t1 - p->t0 <= MAX_QUOTE) {
		/* runs to the end of the paragraph: close is one past it */
		if (add(c, v, (size_t)open, p->t1, k, false))
			return -ENOMEM;
	}
	return 0;
}

static int pair_single(struct dsr__ctx *c, struct dsr__vec *v, size_t k)
{
	const struct dsr__para *p = &c->para[k];
	long open = -1;
	for (size_t i = p->t0; i < p->t1; i++) {
		const struct dsr__tok *t = &c->tok[i];
		c->work++;
		if (dsr__kind(t) != DSR__T_QUOTE || dsr__ch(t) != '\'')
			continue;
		if (open >= 0 && i - (size_t)open > MAX_SINGLE)
			open = -1;
		bool space_before = t->bits & DSR__TF_SPACE;
		bool space_after = i + 1 >= p->t1 || (c->tok[i + 1].bits & DSR__TF_SPACE);
		bool after_dq = i > 0 && dsr__kind(&c->tok[i - 1]) == DSR__T_QUOTE;
		if (open < 0) {
			if ((t->bits & DSR__TF_OPEN) ||
			    ((space_before || after_dq) && !space_after &&
			     !(t->bits & DSR__TF_CLOSE)))
				open = (long)i;
		} else if (!space_before && (size_t)open + 1 < i) {
			if (add(c, v, (size_t)open, i, k, true))
				return -ENOMEM;
			open = -1;
		}
	}
	return 0;
}

static int by_open(const void *a, const void *b)
{
	const struct dsr__quote *x = a, *y = b;
	return x->open < y->open ? -1 : x->open > y->open;
}

int dsr__quotes(struct dsr__ctx *c)
{
	struct dsr__vec v = { 0 };
	for (size_t k = 0; k < c->npara; k++) {
		if (c->para[k].flags & DSR__P_OFF)
			continue;
		if (pair_double(c, &v, k) || pair_single(c, &v, k)) {
			dsr__vec_free(&v);
			return -ENOMEM;
		}
	}
	if (v.n)
		qsort(v.p, v.n, sizeof(struct dsr__quote), by_open);
	c->work += v.n;
	c->quote = v.p;
	c->nquote = v.n;
	return 0;
}
