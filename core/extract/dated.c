/* dated.c: dated clauses become timeline entries.
 *
 * Every DATE or TIME expression that names a point or period on the
 * calendar (not a duration, a set, or PRESENT_REF and the like) dates the
 * clause it stands in.  A clause is the part of the sentence between
 * semicolons, dashes and a comma before "but", "when", "which", "after" and
 * other subordinators; a clause of fewer than four words is widened to its
 * sentence.  Headlines and boilerplate date nothing.  The entry's actors
 * are filled in with the result (extract.c): those named in the clause.
 */
#include "impl.h"

#include <errno.h>
#include <string.h>

static bool boundary(const struct dsr__ctx *c, size_t i, size_t s1)
{
	const struct dsr__tok *t = &c->tok[i];
	if (dsr__is_punct(t, ';') || dsr__is_punct(t, 'D') || dsr__is_punct(t, ':'))
		return true;
	if (!dsr__is_punct(t, ',') || i + 1 >= s1)
		return false;
	return dsr__gram_is(c, i + 1, DSR__G_BUT) || dsr__gram_is(c, i + 1, DSR__G_SUB) ||
	       dsr__gram_is(c, i + 1, DSR__G_REL);
}

static bool dated(const struct dsr__time *t)
{
	if (!t->type || (strcmp(t->type, "DATE") != 0 && strcmp(t->type, "TIME") != 0))
		return false;
	return t->value[0] != 'P' && !strstr(t->value, "_REF") && t->value[0] != 'T';
}

int dsr__events(struct dsr__ctx *c)
{
	const struct dsr__time *tv = DSR__VEC(c, struct dsr__time, times);
	for (size_t i = 0; i < c->times.n; i++) {
		const struct dsr__time *t = &tv[i];
		c->work++;
		if (!dated(t) || (c->tok[t->t0].bits & (DSR__TF_HEAD | DSR__TF_OFF)))
			continue;
		const struct dsr__sent *s = &c->sent[dsr__sent_of(c, t->t0)];
		size_t a = t->t0, b = t->t1;
		while (a > s->t0 && !boundary(c, a - 1, s->t1) && t->t0 - a < 200) {
			a--;
			c->work++;
		}
		while (b < s->t1 && !boundary(c, b, s->t1) && b - t->t1 < 200) {
			b++;
			c->work++;
		}
		size_t words = 0;
		for (size_t k = a; k < b && words < 4; k++)
			words += dsr__kind(&c->tok[k]) == DSR__T_WORD;
		if (words < 4) {
			a = s->t0;
			b = s->t1;
		}
		while (a < b && dsr__kind(&c->tok[a]) == DSR__T_PUNCT)
			a++;
		while (b > a && dsr__kind(&c->tok[b - 1]) == DSR__T_PUNCT)
			b--;
		if (a >= b)
			continue;
		struct dsr__event *e = dsr__vec_push(&c->events, sizeof *e);
		if (!e)
			return -ENOMEM;
		e->t0 = (uint32_t)a;
		e->t1 = (uint32_t)b;
		e->time = (int32_t)i;
	}
	return 0;
}
