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
#include "model/api.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
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

/* ---- what became of the event ------------------------------------------ */

/* Where the date stands against the publication date: 1 after it (its
 * period begins after that day), -1 before it (ends before it), 0 on it,
 * overlapping it, or not known. */
static int against_pub(const struct dsr__ctx *c, const struct dsr__time *t)
{
	if (!c->has_pub)
		return 0;
	char pub[16];
	snprintf(pub, sizeof pub, "%04d-%02d-%02d", c->py, c->pm, c->pd);
	uint64_t p = dsr__date_sortkey(pub), v = dsr__date_sortkey(t->value);
	/* sort keys are YYYYMMDDhhmm of the period's start; a day's ends
	 * with its last minute */
	if (v > p + 2359)
		return 1;
	/* before: a day, a month or a year that ends before the day (weeks,
	 * quarters and seasons are left undecided) */
	const char *s = t->value;
	int y, m = 0, d = 0;
	size_t n = strlen(s);
	if (n < 4 || sscanf(s, "%4d", &y) != 1 || s[0] < '0' || s[0] > '9' ||
	    s[3] < '0' || s[3] > '9')
		return 0;
	if (n == 4)
		return y < c->py ? -1 : 0;
	if (n >= 7 && s[4] == '-' && s[5] >= '0' && s[5] <= '1' && sscanf(s + 5, "%2d", &m) == 1) {
		if (n == 7)
			return y * 12 + m < c->py * 12 + c->pm ? -1 : 0;
		if (n >= 10 && s[7] == '-' && sscanf(s + 8, "%2d", &d) == 1)
			return v < p ? -1 : 0;
	}
	return 0;
}

/* A verb of saying or reporting ("said", "reported", "concluded";
 * event-status.txt, not the claims' wider cue list), of n tokens at k. */
static size_t cue_at(const struct dsr__ctx *c, size_t k, size_t lim)
{
	/* a capital inside a sentence is a title's word ("To Write Love on
	 * Her Arms"), not a saying */
	uint8_t first = c->text[c->tok[k].start];
	if (first >= 'A' && first <= 'Z' && c->sent[dsr__sent_of(c, k)].t0 != k)
		return 0;
	const struct dsr__lexpay *pay;
	size_t n = dsr__match(c, k, lim, 1ull << DSR__L_STATUS, &pay);
	return n && pay->val == DSR__S_SAID ? n : 0;
}

/* True when the tokens [i, j) are the setting of a saying, not what was
 * said: a few words, no clause ("said in a statement Wednesday", "reported
 * by Re/code on Nov. 28"). */
static bool setting(const struct dsr__ctx *c, size_t i, size_t j)
{
	if (j - i > 4)
		return false;
	for (size_t k = i; k < j; k++)
		if (dsr__kind(&c->tok[k]) == DSR__T_QUOTE || dsr__is_punct(&c->tok[k], ',') ||
		    dsr__is_punct(&c->tok[k], ':') || dsr__gram_is(c, k, DSR__G_REL) ||
		    dsr__gram_is(c, k, DSR__G_PRON) || dsr__gram_is(c, k, DSR__G_AUX))
			return false;
	return true;
}

/* A lower-case word ending in "ing" ("citing", "including"). */
static bool participle(const struct dsr__ctx *c, size_t k)
{
	const struct dsr__tok *t = &c->tok[k];
	size_t n = t->end - t->start;
	const uint8_t *p = c->text + t->start;
	return dsr__kind(t) == DSR__T_WORD && n > 4 && p[0] >= 'a' && p[0] <= 'z' &&
	       !memcmp(p + n - 3, "ing", 3);
}

/* What became of the event dated by t, whose part of the clause is
 * [*pa, *pb); the part narrows to what was said when a saying holds the
 * date in its content ("officials concluded that North Korea was involved
 * in the attack three weeks ago" dates the attack, not the conclusion).
 *   reported   the date is when something was said, reported or
 *              concluded: next to a cue of saying ("reported Tuesday",
 *              "said in a statement Wednesday", "late Wednesday reported");
 *   cancelled  a phrase of calling off stands before the date, which is
 *              after the publication ("cancelling the Dec. 25 release");
 *   planned    a phrase of planning stands before the date, which is not
 *              before the publication, or the date is after it;
 *   happened   otherwise. */
static int classify(struct dsr__ctx *c, const struct dsr__time *t, size_t *pa, size_t *pb)
{
	size_t a = *pa, b = *pb;
	/* the saying nearest before the date, and the first after it */
	size_t before = SIZE_MAX, before_end = 0, after = SIZE_MAX;
	for (size_t k = a; k < b; k++) {
		c->work++;
		size_t n = cue_at(c, k, b);
		if (!n)
			continue;
		if (k + n <= t->t0) {
			before = k;
			before_end = k + n;
		} else if (k >= t->t1 && after == SIZE_MAX) {
			after = k;
		}
		k += n - 1;
	}
	if (after != SIZE_MAX && before == SIZE_MAX) {
		/* "X late Wednesday reported", "last year it was reported": the
		 * date is the saying's, a few words before it */
		if (after - t->t1 <= 3) {
			bool lead = true;   /* a subject, an auxiliary: "it was" */
			for (size_t k = t->t1; k < after; k++)
				lead &= dsr__kind(&c->tok[k]) == DSR__T_WORD &&
					!dsr__gram_is(c, k, DSR__G_SUB) &&
					!dsr__gram_is(c, k, DSR__G_CONJ) &&
					!dsr__gram_is(c, k, DSR__G_REL);
			if (lead)
				return DSR_EVENT_REPORTED;
		}
		/* "the hackers struck on Monday, officials said": the saying
		 * ends the sentence after what it says, which the date dates */
		size_t k = t->t1;
		while (k < after && !dsr__is_punct(&c->tok[k], ',') &&
		       dsr__kind(&c->tok[k]) != DSR__T_QUOTE)
			k++;
		size_t n = cue_at(c, after, b);
		if (k < after && after - k <= 6 && b - (after + n) <= 2)
			b = k;
	}
	if (before != SIZE_MAX) {
		if (setting(c, before_end, t->t0))
			return DSR_EVENT_REPORTED;
		/* the date is in what was said: the part is that */
		a = before_end;
		while (a < t->t0 && (dsr__kind(&c->tok[a]) == DSR__T_PUNCT ||
				     dsr__kind(&c->tok[a]) == DSR__T_QUOTE ||
				     dsr__gram_is(c, a, DSR__G_REL)))
			a++;
	}
	/* ", citing the planned Christmas Day release": a date in a phrase
	 * that a comma and a participle open after the clause's verb dates
	 * that phrase, not the clause ("the group had claimed responsibility,
	 * citing the planned release"); a comma between the participle and
	 * the date closes the phrase first ("..., citing concerns, on
	 * Wednesday" dates the clause) */
	for (size_t k = t->t0; k-- > a + 1;) {
		if (dsr__is_punct(&c->tok[k], ',') || dsr__kind(&c->tok[k]) == DSR__T_QUOTE)
			break;
		if (dsr__is_punct(&c->tok[k - 1], ',') && participle(c, k)) {
			a = k;
			break;
		}
	}
	*pa = a;
	*pb = b;
	bool cancel = false, plan = false;
	for (size_t k = a; k < t->t0; k++) {
		c->work++;
		const struct dsr__lexpay *pay;
		size_t n = dsr__match(c, k, t->t0, 1ull << DSR__L_STATUS, &pay);
		if (!n)
			continue;
		cancel |= pay->val == DSR__S_CANCELLED;
		plan |= pay->val == DSR__S_PLANNED;
		k += n - 1;
	}
	int when = against_pub(c, t);
	if (cancel && (when > 0 || !c->has_pub))
		return DSR_EVENT_CANCELLED;
	if ((plan && when >= 0) || when > 0)
		return DSR_EVENT_PLANNED;
	return DSR_EVENT_HAPPENED;
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
		int status = classify(c, t, &a, &b);
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
		e->status = status;
	}
	return 0;
}
