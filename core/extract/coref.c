/* coref.c: who a claim's source is.
 *
 * Only the subject's head phrase counts: "the news of the government's
 * conclusions" is news, not the government (see head_end).  In order:
 *  1. an actor named in the source phrase — the first one with a strong
 *     mention, so "Former GOP presidential candidate Mitt Romney" is
 *     Romney, and "Attackers using the name Guardians of Peace" is the
 *     group;
 *  2. "the person", "the official": the actor named near an earlier "a
 *     person", "an official" within three sentences ("a person claiming to
 *     be the boss of G.O.P." ... "the person wrote");
 *  3. an anaphor of a kind (anaphora.txt: "he", "the company", "the
 *     country"): the nearest earlier actor of that kind;
 *  4. a bare collective ("officials", "a government source"): the
 *     government last quoted, else the nearest earlier government;
 * else the source is not an actor.  Looking back is bounded (64 mentions)
 * so that resolution stays linear.
 */
#include "claims.h"

#include <string.h>
#include <strings.h>

#define LOOKBACK 64

size_t dsr__men_from(const struct dsr__cl *st, uint32_t from)
{
	const struct dsr__mention *m = DSR__VEC(st->c, struct dsr__mention, men);
	size_t lo = 0, hi = st->nmen;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (m[st->men[mid]].start < from)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static const struct dsr__actor *actor(const struct dsr__cl *st, int32_t a)
{
	return &DSR__VEC(st->c, struct dsr__actor, act)[a];
}

static bool first_of_kind(const struct dsr__cl *st, int32_t a);

static bool eq(const struct dsr__ctx *c, size_t i, const char *w)
{
	const struct dsr__tok *t = &c->tok[i];
	size_t n = strlen(w);
	return t->end - t->start == n &&
	       strncasecmp((const char *)c->text + t->start, w, n) == 0;
}

static bool kind_fits(const struct dsr__actor *a, int want)
{
	if (!a->keep)
		return false;
	switch (want) {
	case DSR__K_COUNTRY:
		return a->kind == DSR__K_COUNTRY || a->lextype == DSR__L_COUNTRY;
	case DSR__K_GROUP:
		return a->kind == DSR__K_GROUP || a->kind == DSR__K_ORGANIZATION;
	case DSR__K_ORGANIZATION:
		return a->kind == DSR__K_ORGANIZATION || a->kind == DSR__K_MEDIA;
	case DSR__K_GOVERNMENT:
		return a->kind == DSR__K_GOVERNMENT || a->lextype == DSR__L_COUNTRY;
	default:
		return a->kind == want;
	}
}

/* The actor of a kind that an anaphor before byte `pos` refers to.  For a
 * person, the nearest one named outside quotations ("he added").  For
 * anything else, the most salient of those named in the last 64 mentions:
 * the one of exactly that kind, mentioned most, the article's first of its
 * kind breaking ties, then the nearest ("the company" is the article's
 * company, not the bank quoted last). */
static int32_t recent(struct dsr__cl *st, uint32_t pos, int want)
{
	const struct dsr__mention *m = DSR__VEC(st->c, struct dsr__mention, men);
	size_t k = dsr__men_from(st, pos);
	int32_t best = -1;
	long best_score = -1;
	for (size_t n = 0; k > 0 && n < LOOKBACK; n++, k--) {
		const struct dsr__mention *x = &m[st->men[k - 1]];
		st->c->work++;
		if (x->end > pos || x->actor < 0 || (x->flags & DSR__M_INQ))
			continue; /* names inside quotations are not who speaks */
		const struct dsr__actor *a = actor(st, x->actor);
		if (!kind_fits(a, want))
			continue;
		if (want == DSR__K_PERSON)
			return x->actor;
		long score = (long)a->nmen * 2 + (a->kind == want ? 100 : 0) +
			     (first_of_kind(st, x->actor) ? 3 : 0);
		if (score > best_score) {
			best_score = score;
			best = x->actor;
		}
	}
	return best;
}

/* Whether actor a is the first kept actor of its kind in the article. */
static bool first_of_kind(const struct dsr__cl *st, int32_t a)
{
	const struct dsr__actor *A = DSR__VEC(st->c, struct dsr__actor, act);
	int k = A[a].kind;
	return k >= 0 && k < 8 && st->first_kind[k] == a;
}

static bool same_word(const struct dsr__ctx *c, size_t i, size_t j)
{
	const struct dsr__tok *a = &c->tok[i], *b = &c->tok[j];
	size_t n = a->end - a->start;
	return n == b->end - b->start &&
	       strncasecmp((const char *)c->text + a->start,
			   (const char *)c->text + b->start, n) == 0;
}

/* "the person" -> the actor named just after an earlier "a person". */
static int32_t definite(struct dsr__cl *st, size_t a, size_t b)
{
	struct dsr__ctx *c = st->c;
	if (b - a < 2 || b - a > 3 || !eq(c, a, "the") ||
	    dsr__kind(&c->tok[b - 1]) != DSR__T_WORD)
		return -1;
	size_t head = b - 1, s = dsr__sent_of(c, a);
	size_t from = s >= 3 ? c->sent[s - 3].t0 : 0;
	const struct dsr__mention *m = DSR__VEC(c, struct dsr__mention, men);
	for (size_t i = a; i > from + 1; i--) {
		c->work++;
		size_t d = i - 2, n = i - 1;
		if (!(eq(c, d, "a") || eq(c, d, "an") || eq(c, d, "one")) ||
		    !same_word(c, n, head))
			continue;
		size_t k = dsr__men_from(st, c->tok[n].end);
		for (size_t q = 0; q < 4 && k < st->nmen; q++, k++) {
			const struct dsr__mention *x = &m[st->men[k]];
			if (x->t0 > n + 10 || x->start >= c->tok[a].start)
				break;
			if (x->actor >= 0 && actor(st, x->actor)->keep)
				return x->actor;
		}
		return -1;
	}
	return -1;
}

/* The end of the subject's head phrase: a phrase "the news of X", "a
 * copy of X", "supporters of X" speaks of X, it is not X speaking.  Only
 * a role ("the leader of X", "a spokesman of X"), a collective ("officials
 * of X"), an agent noun ("members of X") or a quantity ("one of the
 * officials", "some of them") before "of" lets the phrase after it name
 * the speaker. */
static size_t head_end(const struct dsr__ctx *c, size_t a, size_t b)
{
	for (size_t i = a + 1; i < b; i++) {
		if (!eq(c, i, "of"))
			continue;
		size_t h = i - 1;
		const struct dsr__tok *t = &c->tok[h];
		if (dsr__kind(t) != DSR__T_WORD || (t->bits & DSR__TF_NAME) ||
		    !(t->bits & (DSR__TF_LOWER | DSR__TF_SENT)))
			return b; /* "Bank of America", "Department of Justice" */
		if (dsr__tok_is(c, h, DSR__L_TITLE) || dsr__tok_is(c, h, DSR__L_COLLECTIVE) ||
		    dsr__tok_is(c, h, DSR__L_AGENT) || dsr__tok_is(c, h, DSR__L_NUMBER) ||
		    dsr__gram_is(c, h, DSR__G_DET) || dsr__gram_is(c, h, DSR__G_PRON))
			return b;
		return i;
	}
	return b;
}

/* "Rendell, who said": the actor named just before the relative pronoun
 * at token r (a comma between), or -1. */
static int32_t antecedent(struct dsr__cl *st, size_t r)
{
	struct dsr__ctx *c = st->c;
	size_t k = r;
	if (k > 0 && dsr__is_punct(&c->tok[k - 1], ','))
		k--;
	if (k == 0)
		return -1;
	uint32_t end = c->tok[k - 1].end;
	size_t from = k > 12 ? k - 12 : 0;
	const struct dsr__mention *m = DSR__VEC(c, struct dsr__mention, men);
	int32_t found = -1;
	for (size_t i = dsr__men_from(st, c->tok[from].start); i < st->nmen; i++) {
		const struct dsr__mention *x = &m[st->men[i]];
		c->work++;
		if (x->start >= end)
			break;
		if (x->end == end && x->actor >= 0 && actor(st, x->actor)->keep)
			found = x->actor;
	}
	return found;
}

int32_t dsr__resolve(struct dsr__cl *st, size_t a, size_t b)
{
	struct dsr__ctx *c = st->c;
	if (a >= b)
		return -1;
	if (b == a + 1 && (eq(c, a, "who") || eq(c, a, "which")))
		return antecedent(st, a);
	b = head_end(c, a, b);
	const struct dsr__mention *m = DSR__VEC(c, struct dsr__mention, men);
	uint32_t from = c->tok[a].start, to = c->tok[b - 1].end;
	/* a name in the phrase: a strong mention of a kept actor first, then
	 * any mention that is not a mere modifier */
	int32_t weak = -1, kept = -1, strong = -1;
	for (size_t k = dsr__men_from(st, from); k < st->nmen; k++) {
		const struct dsr__mention *x = &m[st->men[k]];
		c->work++;
		if (x->start >= to)
			break;
		if (x->actor < 0 || x->end > to || (x->flags & DSR__M_MOD))
			continue;
		if ((x->flags & DSR__M_STRONG) && actor(st, x->actor)->keep) {
			/* a person named in the phrase is who speaks: "Treasury
			 * Secretary Janet Yellen", "a spokesman for the Kremlin,
			 * Dmitry Peskov" */
			if (actor(st, x->actor)->kind == DSR__K_PERSON)
				return x->actor;
			if (strong < 0)
				strong = x->actor;
		}
		if (kept < 0 && actor(st, x->actor)->keep)
			kept = x->actor;
		if (weak < 0)
			weak = x->actor;
	}
	if (strong >= 0)
		return strong;
	if (kept >= 0)
		return kept;
	if (weak >= 0)
		return weak;
	int32_t d = definite(st, a, b);
	if (d >= 0)
		return d;
	for (size_t i = a; i < b; i++) {
		const struct dsr__lexpay *p;
		c->work++;
		if (dsr__match(c, i, b, 1ull << DSR__L_ANAPHOR, &p))
			return recent(st, from, p->val);
	}
	for (size_t i = a; i < b; i++) {
		const struct dsr__lexpay *p;
		if (dsr__match(c, i, b, 1ull << DSR__L_COLLECTIVE, &p)) {
			if (st->last_gov >= 0)
				return st->last_gov;
			return recent(st, from, DSR__K_GOVERNMENT);
		}
	}
	return -1;
}
