/* frames.c: what a claim says someone did — the responsible actor, the act
 * and its target ("U.S. officials concluded that [North Korea] ordered
 * [the hacking attack] on [Sony Pictures]").
 *
 * Acts are the phrases of acts.txt, each with a class ("attack", "leak",
 * "threat", ...); blame phrases (blame.txt) say where the responsible
 * actor stands:
 *   agent    before the phrase, the act after it: "X was behind the hack",
 *            "X ordered the attack", and act verbs: "X hacked Y";
 *   passive  after the phrase, the act before it: "the hack was directed
 *            by X", "the attack was blamed on X";
 *   link     after the phrase, and the act is the article's: "linkage to
 *            X", "acting on orders from X";
 *   either   agent when an actor stands before and an act after
 *            ("X was linked to the attack"), else passive;
 *   self     the claim's own source: "claimed responsibility for the
 *            hack", "denied any connection to the attack".
 * The first blame phrase of the claim's content that finds its actor makes
 * the frame.  An anaphor ("the regime", "the country") stands for the
 * last actor of its kind named before the claim.
 *
 * The target is the first actor named after the act in a phrase "on",
 * "of", "against", "targeting", "into" ("the attack on two of South
 * Korea's networks"), or the object of an act verb.  An act without one,
 * or no act at all, is the article's incident: the act most often named
 * with a target in the article's body ("the attack", "linkage to X"), when
 * its class agrees.  A claim that finds no responsible actor has no frame.
 *
 * The frame is a fact of the text, like the claim's about list, which it
 * extends with the responsible actor and the target.  The views group
 * claims by it (docs/curation.md). */
#include "names.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct fr {
	struct dsr__ctx *c;
	struct dsr__actor *A;
	int32_t *men_at;       /* per token: the kept mention starting there */
	/* per actor kind: the kept mentions of that kind, by position, for
	 * anaphors ("the regime": the last government or country named) */
	struct kinded {
		uint32_t *start;   /* byte */
		int32_t *actor;
		size_t n;
	} kinds[8];
	/* the article's incident */
	int32_t inc_class, inc_target;
	uint32_t inc_a0, inc_a1;   /* its phrase, tokens */
};

/* An actor the extraction will hand out (the result names it). */
static bool emitted(const struct dsr__actor *a)
{
	return a->keep && a->name;
}

/* The first token starting at or after byte `b`. */
static size_t tok_of(const struct dsr__ctx *c, uint32_t b)
{
	size_t lo = 0, hi = c->ntok;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (c->tok[mid].start < b)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The actor of the mention starting at token i, or -1. */
static int32_t actor_at(const struct fr *f, size_t i)
{
	if (i >= f->c->ntok || f->men_at[i] < 0)
		return -1;
	const struct dsr__mention *m = &DSR__VEC(f->c, struct dsr__mention, men)[f->men_at[i]];
	return m->actor;
}

static const struct dsr__mention *mention_at(const struct fr *f, size_t i)
{
	return &DSR__VEC(f->c, struct dsr__mention, men)[f->men_at[i]];
}

/* A name that modifies the noun after it ("an upcoming Sony film", "the
 * Hollywood studios") names no one who acts. */
static bool modifier(const struct fr *f, const struct dsr__mention *m)
{
	const struct dsr__ctx *c = f->c;
	if (m->flags & DSR__M_MOD)
		return true;
	if ((m->flags & DSR__M_POSS) || m->t1 >= c->ntok)
		return false;
	const struct dsr__tok *t = &c->tok[m->t1];
	if (dsr__kind(t) != DSR__T_WORD || !(t->bits & DSR__TF_LOWER) ||
	    (t->bits & (DSR__TF_TIME | DSR__TF_SENT)))
		return false;
	uint64_t lex = (1ull << DSR__L_GRAM) | (1ull << DSR__L_BLAME) | (1ull << DSR__L_ACT) |
		       (1ull << DSR__L_CUE) | (1ull << DSR__L_HEDGE) | (1ull << DSR__L_UNATTR) |
		       (1ull << DSR__L_PAST) | (1ull << DSR__L_FUTURE);
	return !(dsr__lex_first(c->L, t->word) & lex);
}

/* Where a clause ends: a new sentence, or ; : ? ! */
static bool clause_break(const struct dsr__tok *t)
{
	return (t->bits & DSR__TF_SENT) || dsr__is_punct(t, ';') || dsr__is_punct(t, ':') ||
	       dsr__is_punct(t, '?') || dsr__is_punct(t, '!');
}

/* Nothing follows token q in its clause: "X was behind it.", "..., X
 * said" */
static bool clause_end(const struct dsr__ctx *c, size_t q, size_t b)
{
	if (q >= b)
		return true;
	const struct dsr__tok *t = &c->tok[q];
	return clause_break(t) || dsr__is_punct(t, ',') || dsr__is_punct(t, '.') ||
	       dsr__kind(t) == DSR__T_QUOTE;
}

/* An act at token i: its length in tokens (0 when none), class and whether
 * it is a verb. */
static size_t act_at(const struct fr *f, size_t i, size_t lim, int32_t *cls, bool *verb)
{
	const struct dsr__lexpay *p;
	size_t n = dsr__match(f->c, i, lim, 1ull << DSR__L_ACT, &p);
	if (!n)
		return 0;
	*cls = (int32_t)p->id;
	*verb = p->flags & 1;
	/* "hacking attack", "cyber attack campaign": one act */
	size_t m;
	int32_t c2;
	bool v2;
	while (i + n < lim && !*verb && (m = act_at(f, i + n, lim, &c2, &v2)) && !v2 &&
	       c2 == *cls)
		n += m;
	return n;
}

/* The actor named right after token q (skipping a determiner, "two of",
 * and the like), within `max` tokens; -1 when none.  *end gets the
 * mention's end token.  A name that only modifies a noun ("an upcoming
 * Sony film") does not count. */
static int32_t right_actor(const struct fr *f, size_t q, size_t lim, size_t max, size_t *end)
{
	struct dsr__ctx *c = f->c;
	for (size_t i = q; i < lim && i < q + max; i++) {
		c->work++;
		if (clause_break(&c->tok[i]))
			return -1;
		int32_t a = actor_at(f, i);
		if (a >= 0) {
			if (modifier(f, mention_at(f, i)))
				return -1;
			*end = mention_at(f, i)->t1;
			return a;
		}
		/* stop at a verb-like word after the first few tokens: the
		 * phrase is over */
		int32_t cls;
		bool verb;
		if (i > q && act_at(f, i, lim, &cls, &verb))
			return -1;
	}
	return -1;
}

/* The actor of the last mention of `kind` starting before byte `from`,
 * or -1; *at gets its start. */
static int32_t last_of(const struct fr *f, int kind, uint32_t from, uint32_t *at)
{
	if (kind < 0 || kind >= 8)
		return -1;
	const struct kinded *k = &f->kinds[kind];
	size_t lo = 0, hi = k->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (k->start[mid] < from)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return -1;
	*at = k->start[lo - 1];
	return k->actor[lo - 1];
}

/* The last actor named before token p, within `max` tokens and the same
 * clause; an anaphor ("the regime") stands for the last actor of its kind
 * named before `from`.  -1 when none. */
static int32_t left_actor(const struct fr *f, size_t p, size_t a, size_t max, uint32_t from)
{
	struct dsr__ctx *c = f->c;
	const struct dsr__mention *M = DSR__VEC(c, struct dsr__mention, men);
	for (size_t i = p; i > a && p - i < max; i--) {
		c->work++;
		size_t k = i - 1;
		if (clause_break(&c->tok[k]) || dsr__is_punct(&c->tok[k], ','))
			break;
		/* the mention ending at k: mentions are found from their start */
		for (size_t s = k + 1; s > a && k + 1 - s < 8; s--) {
			if (f->men_at[s - 1] >= 0 && M[f->men_at[s - 1]].t1 == k + 1) {
				/* "in Kuwait", "of Sony": not the subject */
				if (modifier(f, &M[f->men_at[s - 1]]) ||
				    (s >= 2 && dsr__gram_is(c, s - 2, DSR__G_PREP)))
					return -1;
				return M[f->men_at[s - 1]].actor;
			}
		}
		const struct dsr__lexpay *pay;
		size_t n = dsr__match(c, k, p, 1ull << DSR__L_ANAPHOR, &pay);
		if (n && k + n <= p) {
			/* the last actor of that kind named before the claim; a
			 * country and its government stand for each other */
			int want = pay->val;
			int32_t best = last_of(f, want, from, &(uint32_t){ 0 });
			if (want == DSR__K_COUNTRY || want == DSR__K_GOVERNMENT) {
				uint32_t at1 = 0, at2 = 0;
				int32_t x1 = last_of(f, DSR__K_COUNTRY, from, &at1);
				int32_t x2 = last_of(f, DSR__K_GOVERNMENT, from, &at2);
				best = x1 >= 0 && (x2 < 0 || at1 > at2) ? x1 : x2;
			}
			return best;
		}
	}
	return -1;
}

/* The target of the act at [i, i + n): an act verb's object, or the actor
 * after "on", "of", "against", "targeting", "into" after an act noun. */
static int32_t target_of(const struct fr *f, size_t i, size_t n, bool verb, size_t lim,
			 size_t *end)
{
	struct dsr__ctx *c = f->c;
	size_t q = i + n;
	if (verb && i > 0 && dsr__gram_is(c, i - 1, DSR__G_AUX)) {
		/* "Sony Pictures was hacked": the subject is the target */
		size_t s0 = dsr__sent_of(c, i) < c->nsent ? c->sent[dsr__sent_of(c, i)].t0 : 0;
		*end = i;
		return left_actor(f, i - 1, s0, 4, UINT32_MAX);
	}
	if (verb)
		return right_actor(f, q, lim, 3, end);
	static const char *const preps[] = { "on", "of", "against", "targeting", "into", "at" };
	if (q >= lim)
		return -1;
	const struct dsr__tok *t = &c->tok[q];
	size_t len = t->end - t->start;
	bool prep = false;
	for (size_t k = 0; k < sizeof preps / sizeof preps[0] && !prep; k++)
		prep = strlen(preps[k]) == len &&
		       !strncmp((const char *)c->text + t->start, preps[k], len);
	if (!prep)
		return -1;
	return right_actor(f, q + 1, lim, 6, end);
}

/* The first act after token q within `max` tokens: its start, length,
 * class and kind; 0 length when none. */
static size_t right_act(const struct fr *f, size_t q, size_t lim, size_t max, size_t *at,
			int32_t *cls, bool *verb)
{
	for (size_t i = q; i < lim && i < q + max; i++) {
		f->c->work++;
		if (clause_break(&f->c->tok[i]))
			return 0;
		size_t n = act_at(f, i, lim, cls, verb);
		if (n) {
			*at = i;
			return n;
		}
	}
	return 0;
}

/* The last act ending before token p within `max` tokens. */
static size_t left_act(const struct fr *f, size_t p, size_t a, size_t max, size_t *at,
		       int32_t *cls, bool *verb)
{
	size_t found = 0;
	size_t from = p > a + max ? p - max : a;
	for (size_t i = from; i < p; i++) {
		f->c->work++;
		if (clause_break(&f->c->tok[i])) {
			found = 0;
			continue;
		}
		size_t n = act_at(f, i, p, cls, verb);
		if (n) {
			*at = i;
			found = n;
			i += n - 1;
		}
	}
	return found;
}

/* The article's incident: the (class, target) most often named in its
 * body, ties to the first named. */
static int incident(struct fr *f)
{
	struct dsr__ctx *c = f->c;
	f->inc_class = -1;
	f->inc_target = -1;
	struct cand {
		int32_t cls, target;
		uint32_t n, a0, a1;
	} *v = NULL;
	size_t nv = 0, cap = 0;
	int32_t class_n[64] = { 0 }, class_first[64];
	for (int k = 0; k < 64; k++)
		class_first[k] = -1;
	for (size_t s = 0; s < c->nsent; s++) {
		const struct dsr__sent *S = &c->sent[s];
		if (S->flags & (DSR__P_OFF | DSR__P_HEAD))
			continue;
		for (size_t i = S->t0; i < S->t1; i++) {
			c->work++;
			int32_t cls;
			bool verb;
			size_t n = act_at(f, i, S->t1, &cls, &verb);
			if (!n)
				continue;
			if (cls >= 0 && cls < 64) {
				class_n[cls]++;
				if (class_first[cls] < 0)
					class_first[cls] = (int32_t)i;
			}
			size_t end;
			int32_t t = target_of(f, i, n, verb, S->t1, &end);
			if (t >= 0) {
				size_t k = 0;
				while (k < nv && !(v[k].cls == cls && v[k].target == t))
					k++;
				if (k == nv) {
					if (dsr_grow((void **)&v, &cap, nv + 1, sizeof *v)) {
						free(v);
						return -ENOMEM;
					}
					v[nv++] = (struct cand){ cls, t, 0, (uint32_t)i, (uint32_t)end };
				}
				v[k].n++;
			}
			i += n - 1;
		}
	}
	size_t best = SIZE_MAX;
	for (size_t k = 0; k < nv; k++)
		if (best == SIZE_MAX || v[k].n > v[best].n)
			best = k;
	if (best != SIZE_MAX) {
		f->inc_class = v[best].cls;
		f->inc_target = v[best].target;
		f->inc_a0 = v[best].a0;
		f->inc_a1 = v[best].a1;
	} else {
		int32_t bc = -1;
		for (int k = 0; k < 64; k++)
			if (class_n[k] && (bc < 0 || class_n[k] > class_n[bc]))
				bc = k;
		if (bc >= 0) {
			f->inc_class = bc;
			f->inc_a0 = (uint32_t)class_first[bc];
			int32_t cls;
			bool verb;
			f->inc_a1 = f->inc_a0 + (uint32_t)act_at(f, f->inc_a0, c->ntok, &cls, &verb);
		}
	}
	free(v);
	return 0;
}

static bool definite(const struct dsr__ctx *c, size_t i)
{
	/* "the attack", "this hack", "the massive Nov. 24 hacking attack" */
	for (size_t k = i; k > 0 && i - k < 6; k--) {
		const struct dsr__tok *t = &c->tok[k - 1];
		if (dsr__kind(t) != DSR__T_WORD && dsr__kind(t) != DSR__T_NUM &&
		    !dsr__is_punct(t, '.'))
			return false;
		size_t len = t->end - t->start;
		const char *w = (const char *)c->text + t->start;
		if ((len == 3 && !strncasecmp(w, "the", 3)) || (len == 4 && !strncasecmp(w, "this", 4)) ||
		    (len == 4 && !strncasecmp(w, "that", 4)))
			return true;
		if (dsr__gram_is(c, k - 1, DSR__G_DET) || dsr__gram_is(c, k - 1, DSR__G_PREP) ||
		    dsr__gram_is(c, k - 1, DSR__G_AUX))
			return false;
	}
	return false;
}

/* Fills in the claim's frame. */
static void frame(struct fr *f, struct dsr__claim *cl)
{
	struct dsr__ctx *c = f->c;
	size_t a = tok_of(c, cl->x.content_span.start);
	size_t b = tok_of(c, cl->x.content_span.end);
	int32_t R = -1, cls = -1, T = -1;
	size_t act = 0, actn = 0, tend = 0;
	bool verb = false, have_act = false;
	for (size_t i = a; i < b && R < 0; i++) {
		c->work++;
		const struct dsr__lexpay *p;
		int32_t c1;
		bool v1;
		size_t n1 = act_at(f, i, b, &c1, &v1);
		if (n1 && v1 && !(i > 0 && dsr__gram_is(c, i - 1, DSR__G_AUX))) {
			/* "X hacked Y": the verb is its own blame phrase, when it
			 * has an actor for a subject and one for an object (not
			 * "Y was hacked", not "X attacked his rival's record") */
			size_t e;
			int32_t r = left_actor(f, i, a, 4, cl->x.span.start);
			if (r >= 0 && right_actor(f, i + n1, b, 3, &e) >= 0) {
				R = r;
				act = i, actn = n1, cls = c1, verb = true, have_act = true;
				break;
			}
		}
		size_t n = dsr__match(c, i, b, 1ull << DSR__L_BLAME, &p);
		if (!n)
			continue;
		size_t q = i + n;
		int role = p->val;
		size_t at = 0, an = 0;
		int32_t ac = -1;
		bool av = false;
		if (role == DSR__BLAME_AGENT || role == DSR__BLAME_EITHER) {
			int32_t r = left_actor(f, i, a, 8, cl->x.span.start);
			if (r >= 0) {
				an = right_act(f, q, b, 8, &at, &ac, &av);
				bool alone = (p->flags & 1) && clause_end(c, q, b);
				if (an || (alone && role == DSR__BLAME_AGENT)) {
					R = r;
					if (an)
						act = at, actn = an, cls = ac, verb = av, have_act = true;
					break;
				}
			}
			if (role == DSR__BLAME_AGENT)
				continue;
		}
		if (role == DSR__BLAME_PASSIVE || role == DSR__BLAME_LINK ||
		    role == DSR__BLAME_EITHER) {
			size_t e;
			int32_t r = right_actor(f, q, b, 5, &e);
			if (r < 0 && cl->source >= 0 && role != DSR__BLAME_PASSIVE &&
			    left_actor(f, i, a, 3, cl->x.span.start) < 0 &&
			    (an = right_act(f, q, b, 4, &at, &ac, &av))) {
				/* "denied any link to the attack": the source's own */
				R = cl->source;
				act = at, actn = an, cls = ac, verb = av, have_act = true;
				break;
			}
			if (r < 0)
				continue;
			R = r;
			an = left_act(f, i, a, 12, &at, &ac, &av);
			if (!an && role != DSR__BLAME_LINK)
				an = right_act(f, e, b, 6, &at, &ac, &av);
			if (an)
				act = at, actn = an, cls = ac, verb = av, have_act = true;
			break;
		}
		if (role == DSR__BLAME_SELF && cl->source >= 0) {
			/* another actor before the phrase is the subject, not the
			 * source: "X's responsibility" */
			if (left_actor(f, i, a, 3, cl->x.span.start) >= 0)
				continue;
			an = right_act(f, q, b, 6, &at, &ac, &av);
			bool alone = (p->flags & 1) && clause_end(c, q, b);
			if (!an && !alone)
				continue;
			R = cl->source;
			if (an)
				act = at, actn = an, cls = ac, verb = av, have_act = true;
			break;
		}
	}
	if (R < 0)
		return;
	if (have_act) {
		T = target_of(f, act, actn, verb, b, &tend);
		if (T < 0 && f->inc_class == cls && (verb || definite(c, act)))
			T = f->inc_target;
	} else {
		if (f->inc_class < 0 || f->inc_target < 0)
			return;
		cls = f->inc_class;
		T = f->inc_target;
		act = f->inc_a0;
		actn = f->inc_a1 - f->inc_a0;
	}
	if (T == R)
		T = -1;
	if (T >= 0 && have_act && tend > act + actn)
		actn = tend - act;
	cl->resp = R;
	cl->target = T;
	cl->act_class = cls;
	/* "the hacking attack on Sony": with its determiner */
	size_t a0 = act;
	if (a0 > 0 && dsr__gram_is(c, a0 - 1, DSR__G_DET))
		a0--;
	cl->act0 = (uint32_t)a0;
	cl->act1 = (uint32_t)(act + actn);
}

int dsr__frames(struct dsr__ctx *c)
{
	struct fr f;
	memset(&f, 0, sizeof f);
	f.c = c;
	f.A = DSR__VEC(c, struct dsr__actor, act);
	struct dsr__claim *cl = DSR__VEC(c, struct dsr__claim, claims);
	for (size_t i = 0; i < c->claims.n; i++) {
		cl[i].resp = -1;
		cl[i].target = -1;
		cl[i].act_class = -1;
	}
	if (!c->claims.n || !c->ntok)
		return 0;
	f.men_at = malloc(c->ntok * sizeof *f.men_at);
	if (!f.men_at)
		return -ENOMEM;
	for (size_t i = 0; i < c->ntok; i++)
		f.men_at[i] = -1;
	const struct dsr__mention *M = DSR__VEC(c, struct dsr__mention, men);
	for (size_t m = 0; m < c->men.n; m++) {
		c->work++;
		if (M[m].actor < 0 || (M[m].flags & (DSR__M_DROP | DSR__M_WORK)) ||
		    M[m].t0 >= c->ntok || !emitted(&f.A[M[m].actor]))
			continue;
		if (f.men_at[M[m].t0] < 0 || M[f.men_at[M[m].t0]].t1 < M[m].t1)
			f.men_at[M[m].t0] = (int32_t)m;
	}
	int rc = 0;
	for (int k = 0; k < 8 && !rc; k++) {
		f.kinds[k].start = malloc((c->men.n + 1) * sizeof *f.kinds[k].start);
		f.kinds[k].actor = malloc((c->men.n + 1) * sizeof *f.kinds[k].actor);
		if (!f.kinds[k].start || !f.kinds[k].actor)
			rc = -ENOMEM;
	}
	/* in token order: men_at has one mention per starting token */
	for (size_t i = 0; !rc && i < c->ntok; i++) {
		if (f.men_at[i] < 0)
			continue;
		const struct dsr__mention *x = &M[f.men_at[i]];
		int k = f.A[x->actor].kind;
		if (k < 0 || k >= 8)
			continue;
		struct kinded *kd = &f.kinds[k];
		kd->start[kd->n] = x->start;
		kd->actor[kd->n++] = x->actor;
	}
	if (!rc)
		rc = incident(&f);
	for (size_t i = 0; !rc && i < c->claims.n; i++)
		if (!cl[i].drop)
			frame(&f, &cl[i]);
	for (int k = 0; k < 8; k++) {
		free(f.kinds[k].start);
		free(f.kinds[k].actor);
	}
	free(f.men_at);
	return rc;
}
