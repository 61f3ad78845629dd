/* dated.c: dated clauses become timeline entries.
 *
 * Every DATE or TIME expression that names a point or period on the
 * calendar (not a duration, a set, or PRESENT_REF and the like) dates the
 * clause it stands in.  A clause is the part of the sentence between
 * semicolons, dashes and a comma before "but", "when", "which", "after" and
 * other subordinators; a clause of fewer than four words is widened to its
 * sentence.  A clause with several dates is divided among them (divide()).
 * Headlines and boilerplate date nothing.  The entry's actors are filled in
 * with the result (extract.c): those named in the clause.
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

/* Whether a dated time counts for the timeline. */
static bool dates_clause(const struct dsr__ctx *c, const struct dsr__time *t)
{
	return dated(t) && !(c->tok[t->t0].bits & (DSR__TF_HEAD | DSR__TF_OFF));
}

/* True when only commas and "and"/"or" stand between two times: items of
 * one list ("on Saturday, Sunday and Tuesday"). */
static bool listed(const struct dsr__ctx *c, const struct dsr__time *x, const struct dsr__time *y)
{
	if (y->t0 < x->t1 || y->t0 - x->t1 > 3)
		return false;
	for (size_t k = x->t1; k < y->t0; k++)
		if (!dsr__is_punct(&c->tok[k], ',') && !dsr__gram_is(c, k, DSR__G_CONJ))
			return false;
	return true;
}

/* The clause of time i (tokens [*a, *b)): between boundaries, widened to
 * its sentence when it has fewer than four words. */
static void clause_of(struct dsr__ctx *c, const struct dsr__time *t, size_t *pa, size_t *pb)
{
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
	*pa = a;
	*pb = b;
}

/* A token where a clause's parts may part: a comma, a semicolon, "and",
 * "or". */
static bool parting(const struct dsr__ctx *c, size_t k)
{
	return dsr__is_punct(&c->tok[k], ',') || dsr__is_punct(&c->tok[k], ';') ||
	       dsr__gram_is(c, k, DSR__G_CONJ);
}

/* A clause that holds several dates is divided among them, so that each
 * dates its own part and has a span of its own:
 *   - the items of a list of dates each take the clause up to themselves
 *     ("drops on Saturday", "drops on Saturday, Sunday");
 *   - otherwise a date's part ends where the clause parts (a comma, "and",
 *     "or") before the next date, and the next date's part begins after
 *     that; with no such place, the earlier date keeps the whole clause
 *     and the later one's part begins after the earlier date ("Sony on
 *     Wednesday dropped its plans to release it on Christmas Day": the
 *     second part is "dropped its plans ... on Christmas Day"). */
static void divide(struct dsr__ctx *c, size_t i, size_t *pa, size_t *pb)
{
	const struct dsr__time *tv = DSR__VEC(c, struct dsr__time, times);
	const struct dsr__time *t = &tv[i];
	size_t a = *pa, b = *pb;
	/* the next date in the clause */
	for (size_t j = i + 1; j < c->times.n && tv[j].t0 < b; j++) {
		c->work++;
		if (!dates_clause(c, &tv[j]) || tv[j].t0 < t->t1)
			continue;
		if (listed(c, t, &tv[j])) {
			b = t->t1;
		} else {
			for (size_t k = t->t1; k < tv[j].t0; k++)
				if (parting(c, k)) {
					b = k;
					break;
				}
		}
		break;
	}
	/* back through the list this date ends, to the date before it */
	size_t first = i;
	for (size_t j = i; j-- > 0 && tv[j].t1 > a;) {
		c->work++;
		if (!dates_clause(c, &tv[j]) || tv[j].t1 > tv[first].t0)
			continue;
		if (listed(c, &tv[j], &tv[first])) {
			first = j;
			continue;
		}
		size_t from = tv[j].t1;
		for (size_t k = tv[first].t0; k-- > tv[j].t1;)
			if (parting(c, k)) {
				from = k + 1;
				break;
			}
		if (from > a)
			a = from;
		break;
	}
	/* a part never begins with a comma or a conjunction */
	while (a < b && (dsr__kind(&c->tok[a]) == DSR__T_PUNCT || dsr__gram_is(c, a, DSR__G_CONJ)))
		a++;
	*pa = a;
	*pb = b;
}

int dsr__events(struct dsr__ctx *c)
{
	const struct dsr__time *tv = DSR__VEC(c, struct dsr__time, times);
	for (size_t i = 0; i < c->times.n; i++) {
		const struct dsr__time *t = &tv[i];
		c->work++;
		if (!dates_clause(c, t))
			continue;
		size_t a, b;
		clause_of(c, t, &a, &b);
		divide(c, i, &a, &b);
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
