/* claims.c: who says what.
 *
 * Paragraph by paragraph, sentence by sentence:
 *  0. a paragraph opening with a short capitalised name and a colon is
 *     that source's turn ("WALLACE: ...", "Pence: ..." in a headline);
 *  1. quotations that read as speech (four words or more, or ending in
 *     punctuation) are attributed by a cue after them ('"...," Sony said',
 *     '"...," said Phil Lieberman'), a dash and a name ('"..." ― Carla
 *     Sanchez') or a cue before them ('X said in a statement that "..."',
 *     'tweeting: "..."').  Such a claim ends with its cue's phrase; the rest
 *     of the sentence may attribute again.  A quotation opening a sentence
 *     with no cue of its own continues the paragraph's last claim — as part
 *     of it when its stance is the same, as a new claim of the same source
 *     when it turns to a denial.  A paragraph that is one bare quotation is
 *     an unattributed claim.
 *  2. in a sentence without a quotation claim, every cue (cues.c) with a
 *     source of its own makes a claim, side by side ("X said A, but Y
 *     denied it"), not nested in another's content; nominal cues after a
 *     possessive ("Trump's claim that") too; a participle of speech after a
 *     cue (", adding that") is the same source's next claim;
 *  3. a clause still without one becomes an unattributed, hedged claim if
 *     it reports something "reportedly", "it was reported", as
 *     "speculation" or "theory", or as an appearance ("seems to").
 * A claim denies when its cue is a denial ("denied") or its content
 * rejects ("no credible intelligence"); it is hedged when its cue or
 * content holds a hedge (hedges.txt).  Finally an indirect claim followed
 * in the next sentence by a direct quotation from the same source is one
 * claim ("Sorkin condemned ... in a statement. '...,' Sorkin said.").
 */
#include "claims.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static struct dsr__claim *claim(struct dsr__cl *st, size_t i)
{
	return &DSR__VEC(st->c, struct dsr__claim, claims)[i];
}

static bool eq_word(const struct dsr__ctx *c, size_t i, const char *w)
{
	const struct dsr__tok *t = &c->tok[i];
	size_t n = strlen(w);
	return t->end - t->start == n && !strncasecmp((const char *)c->text + t->start, w, n);
}

static dsr_span span_of(const struct dsr__ctx *c, size_t a, size_t b)
{
	if (a >= b) {
		uint32_t p = a < c->ntok ? c->tok[a].start : (uint32_t)c->len;
		return (dsr_span){ p, p };
	}
	return (dsr_span){ c->tok[a].start, c->tok[b - 1].end };
}

static bool has_phrase(struct dsr__ctx *c, size_t a, size_t b, int type)
{
	const struct dsr__lexpay *p;
	for (size_t i = a; i < b; i++) {
		c->work++;
		if (dsr__kind(&c->tok[i]) == DSR__T_WORD &&
		    dsr__match(c, i, b, 1ull << type, &p))
			return true;
	}
	return false;
}

static int stance(struct dsr__ctx *c, uint16_t cue, size_t ca, size_t cb)
{
	if (cue & DSR__CUE_DENY)
		return 1;
	return has_phrase(c, ca, cb, DSR__L_DENIAL) ? 1 : 0;
}

static void mark(struct dsr__cl *st, size_t t0, size_t t1)
{
	if (t1 <= t0)
		return;
	size_t a = dsr__sent_of(st->c, t0), b = dsr__sent_of(st->c, t1 - 1);
	for (size_t s = a; s <= b && s < st->c->nsent; s++) {
		st->claimed[s] = 1;
		uint32_t e = t1 < st->c->sent[s].t1 ? (uint32_t)t1 : st->c->sent[s].t1;
		if (e > st->cover[s])
			st->cover[s] = e;
	}
}

/* The end of a source's apposition: ", a professor at Kookmin University
 * in Seoul," or ", the Republican attorney general of Oklahoma," — a
 * comma and a determiner or a lower-case word, up to the next comma,
 * sentence end or quotation mark (at most 20 tokens).  b when none. */
static size_t apposition_end(const struct dsr__ctx *c, size_t b)
{
	if (b + 1 >= c->ntok || !dsr__is_punct(&c->tok[b], ','))
		return b;
	const struct dsr__tok *t = &c->tok[b + 1];
	if (dsr__kind(t) != DSR__T_WORD || (t->bits & DSR__TF_INQ) ||
	    !(dsr__gram_is(c, b + 1, DSR__G_DET) || (t->bits & DSR__TF_LOWER)) ||
	    dsr__tok_is(c, b + 1, DSR__L_CUE) || dsr__gram_is(c, b + 1, DSR__G_REL) ||
	    dsr__gram_is(c, b + 1, DSR__G_SUB) || dsr__gram_is(c, b + 1, DSR__G_BUT) ||
	    dsr__gram_is(c, b + 1, DSR__G_PRON))
		return b;
	for (size_t i = b + 1; i < c->ntok && i < b + 22; i++) {
		const struct dsr__tok *u = &c->tok[i];
		if (dsr__kind(u) == DSR__T_QUOTE || (u->bits & DSR__TF_SENT) ||
		    dsr__is_punct(u, ',') || dsr__is_punct(u, '.') || dsr__is_punct(u, ';') ||
		    dsr__is_punct(u, ':'))
			return i;
	}
	return b;
}

/* Records a claim.  Token ranges may be empty (a == b). */
static int add(struct dsr__cl *st, size_t para, size_t sa, size_t sb, size_t k,
	       size_t e, size_t ca, size_t cb, uint16_t flags, bool unattributed,
	       bool quote, size_t tail)
{
	struct dsr__ctx *c = st->c;
	/* '"...," he said, adding that ...': a participle of speech after a
	 * comma is the same source's next claim; this one ends before it */
	size_t pk = 0, pn = 0, s1 = 0;
	if (!unattributed && sa < sb && k < e) {
		s1 = c->sent[dsr__sent_of(c, k)].t1;
		size_t from = sb > e ? sb : e;
		for (size_t i = from; i + 1 < s1 && i < from + 60 && !pn; i++) {
			const struct dsr__tok *t = &c->tok[i];
			c->work++;
			if (!dsr__is_punct(t, ',') || (t->bits & DSR__TF_INQ))
				continue;
			uint16_t fl;
			const struct dsr__tok *u = &c->tok[i + 1];
			size_t n = dsr__cue_at(c, i + 1, s1, &fl);
			if (!n || !(fl & DSR__CUE_CLAUSE) || u->end - u->start <= 4 ||
			    memcmp(c->text + u->end - 3, "ing", 3))
				continue;
			if (!strncasecmp((const char *)c->text + u->start, "saying", 6)) {
				/* ", saying that" restates the one statement: it
				 * runs on to the sentence's end */
				size_t b2 = s1;
				while (b2 > i && dsr__kind(&c->tok[b2 - 1]) == DSR__T_PUNCT)
					b2--;
				if (tail < b2)
					tail = b2;
				break;
			}
			{
				pk = i + 1;
				pn = n;
				if (cb > i && ca < i)
					cb = i;
				if (tail > i)
					tail = i;
			}
		}
	}
	struct dsr__claim *x = dsr__vec_push(&c->claims, sizeof *x);
	if (!x)
		return -ENOMEM;
	x->x.source_span = span_of(c, sa, sb);
	x->who0 = x->who1 = 0;
	if (sa < sb) {
		size_t w = apposition_end(c, sb);
		x->who0 = c->tok[sa].start;
		x->who1 = c->tok[w - 1].end;
	}
	x->x.cue_span = span_of(c, k, e);
	x->x.content_span = span_of(c, ca, cb);
	x->source = unattributed || sa >= sb ? -1 : dsr__resolve(st, sa, sb);
	x->x.stance = stance(c, flags, ca, cb);
	x->x.hedged = unattributed || (flags & DSR__CUE_HEDGE) ||
		      has_phrase(c, k < ca ? k : ca, cb, DSR__L_HEDGE);
	x->para = (uint32_t)para;
	x->sent = (uint32_t)dsr__sent_of(c, ca < cb ? ca : k);
	x->quote = quote;
	x->cue = flags;
	size_t lo = ca, hi = cb;
	if (sa < sb) {
		lo = sa < lo ? sa : lo;
		hi = sb > hi ? sb : hi;
	}
	if (k < e) {
		lo = k < lo ? k : lo;
		hi = e > hi ? e : hi;
	}
	if (tail > hi)
		hi = tail;
	x->x.span = span_of(c, lo, hi);
	if (quote && ca > 0 && dsr__kind(&c->tok[ca - 1]) == DSR__T_QUOTE &&
	    x->x.span.start > c->tok[ca - 1].start)
		x->x.span.start = c->tok[ca - 1].start;
	if (x->source >= 0) {
		const struct dsr__actor *a = &DSR__VEC(c, struct dsr__actor, act)[x->source];
		if (a->lextype == DSR__L_COUNTRY || a->lextype == DSR__L_GOV)
			st->last_gov = x->source;
	}
	st->last_claim = (int32_t)(c->claims.n - 1);
	mark(st, lo, hi);
	if (pn) {
		size_t a2 = pk + pn;
		if (a2 < s1 && dsr__gram_is(c, a2, DSR__G_REL) && !(c->tok[a2].bits & DSR__TF_INQ))
			a2++; /* "adding that" */
		size_t b2 = s1;
		while (b2 > a2 && dsr__kind(&c->tok[b2 - 1]) == DSR__T_PUNCT)
			b2--;
		if (a2 < b2)
			return add(st, para, sa, sb, pk, pk + pn, a2, b2,
				   dsr__tok_pay(c, pk, DSR__L_CUE) ?
				   dsr__tok_pay(c, pk, DSR__L_CUE)->flags | DSR__CUE_ING :
				   DSR__CUE_CLAUSE | DSR__CUE_ING, false, false, 0);
	}
	return 0;
}

/* ---- 1. quotations ---- */

static bool clause_break(const struct dsr__ctx *c, size_t i, size_t s1);

static bool speech(const struct dsr__ctx *c, size_t a, size_t b)
{
	size_t words = 0;
	for (size_t i = a; i < b && words < 4; i++) {
		unsigned k = dsr__kind(&c->tok[i]);
		words += k == DSR__T_WORD || k == DSR__T_NUM || k == DSR__T_TAG;
	}
	if (words >= 4)
		return true;
	if (words < 2 || b <= a)
		return false;
	const struct dsr__tok *t = &c->tok[b - 1];
	unsigned ch = dsr__ch(t);
	return dsr__kind(t) == DSR__T_PUNCT && (ch == '.' || ch == ',' || ch == '!' ||
						ch == '?' || ch == 'E');
}

/* A quotation signed with a dash: '"...." ― Carla Sanchez' (a short
 * capitalised name closing the paragraph). */
static bool signed_by(struct dsr__cl *st, size_t cl, size_t p1, struct dsr__cue *q,
		      size_t *tail)
{
	struct dsr__ctx *c = st->c;
	size_t j = cl + 1;
	if (j + 1 >= p1 || !dsr__is_punct(&c->tok[j], 'D') || p1 - (j + 1) > 8)
		return false;
	size_t b = p1;
	while (b > j + 1 && dsr__kind(&c->tok[b - 1]) == DSR__T_PUNCT)
		b--;
	for (size_t i = j + 1; i < b; i++) {
		const struct dsr__tok *t = &c->tok[i];
		c->work++;
		if (dsr__kind(t) == DSR__T_WORD ? !(t->bits & DSR__TF_CAP) && !dsr__connector(c, i)
						 : !dsr__is_punct(t, ',') && !dsr__is_punct(t, '.'))
			return false;
	}
	if (b <= j + 1 || !(c->tok[j + 1].bits & DSR__TF_CAP))
		return false;
	q->k = j;
	q->e = j + 1;
	q->flags = DSR__CUE_CLAUSE;
	q->sa = j + 1;
	q->sb = b;
	*tail = b;
	return true;
}

/* A cue after the quotation: '"...," Sony said in a statement.' */
static bool after(struct dsr__cl *st, size_t cl, size_t p1, struct dsr__cue *q,
		  size_t *tail)
{
	struct dsr__ctx *c = st->c;
	size_t j = cl + 1;
	if (signed_by(st, cl, p1, q, tail))
		return true;
	if (j < p1 && dsr__is_punct(&c->tok[j], ','))
		j++;
	if (j >= p1)
		return false;
	size_t s = dsr__sent_of(c, j);
	size_t s1 = c->sent[s].t1 < p1 ? c->sent[s].t1 : p1;
	if (c->sent[s].t0 > j && c->sent[s].t0 != cl + 1)
		return false;
	/* a name may bring a long apposition: '"...," Scott Pruitt, the
	 * attorney general of Oklahoma, one of the states suing, said' */
	size_t reach = (c->tok[j].bits & DSR__TF_NAME) || dsr__gram_is(c, j, DSR__G_DET) ? 30 : 10;
	for (size_t k = j; k < s1 && k < j + reach; k++) {
		const struct dsr__tok *t = &c->tok[k];
		c->work++;
		if (dsr__kind(t) == DSR__T_QUOTE || (t->bits & DSR__TF_INQ))
			return false;
		uint16_t fl;
		size_t n = dsr__cue_at(c, k, s1, &fl);
		if (!n || (fl & DSR__CUE_NOUN))
			continue;
		q->k = k;
		q->e = k + n;
		q->flags = fl;
		if (k > j && dsr__gram_is(c, k - 1, DSR__G_DET))
			return false;
		if (fl & DSR__CUE_ACCORDING || k == j) {
			/* '..., according to X' / '..., said X' */
			size_t a = k + n, b = a;
			while (b < s1 && b - a < 12 && !dsr__is_punct(&c->tok[b], ',') &&
			       !dsr__is_punct(&c->tok[b], '.') && dsr__kind(&c->tok[b]) != DSR__T_QUOTE)
				b++;
			q->sa = a;
			q->sb = b;
		} else {
			/* '"...," Sony said': the subject between, less auxiliaries */
			size_t b = k;
			while (b > j && (dsr__gram_is(c, b - 1, DSR__G_AUX) ||
					 dsr__gram_is(c, b - 1, DSR__G_ADV)))
				b--;
			/* '"..." and expressed support': a verb coordinated
			 * with the sentence's own, no subject of its own */
			if (b > j && (dsr__gram_is(c, j, DSR__G_CONJ) || dsr__gram_is(c, j, DSR__G_BUT)))
				return false;
			q->sa = j;
			q->sb = b;
		}
		/* the cue's phrase: up to a comma or a clause break after the
		 * cue and its source; the rest of the sentence may hold claims
		 * of its own */
		size_t from = q->sb > q->e ? q->sb : q->e;
		*tail = from;
		while (*tail < s1 && !dsr__is_punct(&c->tok[*tail], ',') &&
		       !clause_break(c, *tail, s1) && dsr__kind(&c->tok[*tail]) != DSR__T_QUOTE)
			(*tail)++;
		while (*tail > q->e && dsr__kind(&c->tok[*tail - 1]) == DSR__T_PUNCT)
			(*tail)--;
		return q->sa < q->sb;
	}
	return false;
}

/* A cue before the quotation: 'X said in a statement that "..."',
 * '..., tweeting: "..."'. */
static bool before(struct dsr__cl *st, size_t o, size_t s0, struct dsr__cue *q)
{
	struct dsr__ctx *c = st->c;
	for (size_t k = o; k > s0 && o - k < 9; k--) {
		const struct dsr__tok *t = &c->tok[k - 1];
		c->work++;
		if (dsr__kind(t) == DSR__T_QUOTE || (t->bits & DSR__TF_INQ))
			return false;
		uint16_t fl;
		size_t n = dsr__cue_at(c, k - 1, o, &fl);
		if (!n || (fl & DSR__CUE_NOUN))
			continue;
		q->k = k - 1;
		q->e = k - 1 + n;
		q->flags = fl;
		if (!dsr__cue_frame(st, s0, o + 1, q) || q->impersonal)
			return false;
		return q->sa < q->sb;
	}
	return false;
}

static int quote_claim(struct dsr__cl *st, const struct dsr__quote *qt, size_t para,
		       size_t *para_first)
{
	struct dsr__ctx *c = st->c;
	const struct dsr__para *p = &c->para[para];
	size_t o = qt->open, cl = qt->close;
	size_t ca = o + 1, cb = cl < p->t1 ? cl : p->t1;
	if (!speech(c, ca, cb))
		return 0;
	size_t s = dsr__sent_of(c, o);
	struct dsr__cue q;
	memset(&q, 0, sizeof q);
	size_t tail = 0;
	if ((cl < p->t1 && after(st, cl, p->t1, &q, &tail)) ||
	    before(st, o, c->sent[s].t0, &q))
		return add(st, para, q.sa, q.sb, q.k, q.e, ca, cb, q.flags, false, true, tail);
	bool opens = dsr__initial(c, c->sent[s].t0, o + 1) || o == c->sent[s].t0;
	if (opens && st->last_claim >= (int32_t)*para_first) {
		/* a continuation of the paragraph's last claim */
		struct dsr__claim *last = claim(st, (size_t)st->last_claim);
		int sc = stance(c, 0, ca, cb);
		if (last->x.stance == sc) {
			dsr_span cs = span_of(c, ca, cb);
			if (cs.end > last->x.span.end)
				last->x.span.end = cs.end;
			if (cs.end > last->x.content_span.end)
				last->x.content_span.end = cs.end;
			if (!last->x.hedged)
				last->x.hedged = has_phrase(c, ca, cb, DSR__L_HEDGE);
			mark(st, o, cb);
			return 0;
		}
		int32_t src = last->source;
		dsr_span ss = last->x.source_span;
		int rc = add(st, para, o, o, o, o, ca, cb, 0, true, true, 0);
		if (rc)
			return rc;
		struct dsr__claim *x = claim(st, c->claims.n - 1);
		x->source = src;
		x->x.source_span = ss;
		x->x.hedged = has_phrase(c, ca, cb, DSR__L_HEDGE);
		return 0;
	}
	if (o == p->t0)
		return add(st, para, o, o, o, o, ca, cb, 0, true, true, 0);
	return 0;
}


/* ---- 2. attribution cues in a sentence ---- */

#define MAXCUE 8

/* Whether token i lies in [a, b). */
static bool within(size_t i, size_t a, size_t b)
{
	return i >= a && i < b;
}

/* Where the rest of a sentence after a claim's tokens starts: past the
 * punctuation and conjunctions that join it (", but", ", and as"). */
static size_t rest(const struct dsr__ctx *c, size_t i, size_t s1)
{
	while (i < s1 && (dsr__kind(&c->tok[i]) == DSR__T_PUNCT ||
			  dsr__kind(&c->tok[i]) == DSR__T_QUOTE ||
			  dsr__gram_is(c, i, DSR__G_BUT) || dsr__gram_is(c, i, DSR__G_CONJ)))
		i++;
	return i;
}

/* A nominal cue after a possessive: "Trump's claim that there have been
 * thousands of shootings", "her statement that ...", "North Korea's
 * claims about ...".  The possessor speaks; the content runs from after
 * the noun (and "that") to the end of the sentence. */
static int nominal(struct dsr__cl *st, size_t para, size_t s0, size_t s1, size_t k)
{
	struct dsr__ctx *c = st->c;
	if (k == s0 || k + 1 >= s1)
		return 0;
	size_t sa, sb = k;
	const struct dsr__tok *p = &c->tok[k - 1];
	if ((p->bits & DSR__TF_POSS) && (p->bits & DSR__TF_NAME)) {
		sa = k - 1;
		while (sa > s0 && (c->tok[sa - 1].bits & DSR__TF_NAME) && k - sa < 8)
			sa--;
	} else if (eq_word(c, k - 1, "his") || eq_word(c, k - 1, "her") ||
		   eq_word(c, k - 1, "their") || eq_word(c, k - 1, "its")) {
		sa = k - 1;
	} else {
		return 0;
	}
	size_t ca = k + 1;
	if (ca < s1 && (eq_word(c, ca, "that") || eq_word(c, ca, "about") ||
			dsr__is_punct(&c->tok[ca], ':')))
		ca++;
	else if (dsr__kind(&c->tok[ca]) != DSR__T_QUOTE)
		return 0; /* "his statement" alone: no content */
	size_t cb = s1;
	while (cb > ca && dsr__kind(&c->tok[cb - 1]) == DSR__T_PUNCT)
		cb--;
	if (ca >= cb)
		return 0;
	return add(st, para, sa, sb, k, k + 1, ca, cb, DSR__CUE_CLAUSE | DSR__CUE_NOUN, false,
		   false, 0);
}

static int sentence_claim(struct dsr__cl *st, size_t para, size_t s0, size_t s1)
{
	struct dsr__ctx *c = st->c;
	struct dsr__cue cand[MAXCUE];
	int32_t src[MAXCUE];
	size_t nc = 0, nouns[MAXCUE], nn = 0;
	for (size_t k = s0; k < s1 && nc < MAXCUE; k++) {
		c->work++;
		if (c->tok[k].bits & (DSR__TF_INQ | DSR__TF_TIME))
			continue;
		uint16_t fl;
		size_t n = dsr__cue_at(c, k, s1, &fl);
		if (!n)
			continue;
		k += n - 1;
		if ((fl & DSR__CUE_NOUN) && nn < MAXCUE)
			nouns[nn++] = k + 1 - n;
		if (fl & (DSR__CUE_QUOTE | DSR__CUE_NOUN))
			continue; /* only next to a quotation; nouns: nominal() */
		struct dsr__cue *q = &cand[nc];
		memset(q, 0, sizeof *q);
		q->k = k + 1 - n;
		q->e = k + 1;
		q->flags = fl;
		if (dsr__cue_frame(st, s0, s1, q)) {
			src[nc] = q->impersonal ? -2 : dsr__resolve(st, q->sa, q->sb);
			nc++;
		}
	}
	int rc = 0;
	for (size_t i = 0; i < nn && !rc; i++)
		rc = nominal(st, para, s0, s1, nouns[i]);
	if (!nc || rc)
		return rc;
	size_t pick = 0;
	for (size_t i = 0; i < nc; i++) {
		if (src[i] != -1) {
			pick = i;
			break;
		}
	}
	struct dsr__cue *q = &cand[pick];
	bool used[MAXCUE] = { false };
	used[pick] = true;
	/* "Sony said X, but North Korea denied it", "..., and Republicans
	 * argued": a second source in a clause of its own, named, makes a
	 * second claim and ends the first's content */
	size_t second = SIZE_MAX;
	for (size_t j = pick + 1; j < nc && second == SIZE_MAX; j++) {
		struct dsr__cue *r = &cand[j];
		if (src[j] < 0 || r->impersonal || r->k <= q->e || r->sa <= q->e)
			continue;
		size_t b = r->sa;
		while (b > q->e && !clause_break(c, b - 1, s1) &&
		       !dsr__gram_is(c, b - 1, DSR__G_BUT) &&
		       !(dsr__gram_is(c, b - 1, DSR__G_CONJ) && b >= 2 &&
			 dsr__is_punct(&c->tok[b - 2], ',')))
			b--;
		if (b <= q->e)
			continue;
		bool named = false;
		for (size_t t = r->sa; t < r->sb && !named; t++)
			named = (c->tok[t].bits & DSR__TF_NAME) != 0;
		if (!named)
			continue;
		size_t cut = b - 1;
		while (cut > q->ca && (dsr__kind(&c->tok[cut - 1]) == DSR__T_PUNCT ||
				       dsr__gram_is(c, cut - 1, DSR__G_BUT) ||
				       dsr__gram_is(c, cut - 1, DSR__G_CONJ)))
			cut--;
		if (q->cb > cut)
			q->cb = cut;
		second = j;
		used[j] = true;
	}
	rc = add(st, para, q->sa, q->sb, q->k, q->e, q->ca, q->cb, q->flags,
		 q->impersonal, false, 0);
	if (!rc && second != SIZE_MAX) {
		struct dsr__cue *r = &cand[second];
		rc = add(st, para, r->sa, r->sb, r->k, r->e, r->ca, r->cb, r->flags, false,
			 false, 0);
	}
	/* every other cue with a source of its own is an attribution too,
	 * side by side ("X agreed, and Y argued"; "X, who said ..., added"):
	 * not one whose cue stands in a source already taken or in another's
	 * content, nor an impersonal one, nor one that shares another's
	 * source */
	for (size_t j = 0; j < nc && !rc; j++) {
		if (used[j] || cand[j].impersonal || cand[j].sa >= cand[j].sb)
			continue;
		bool clash = false;
		for (size_t i = 0; i < nc && !clash; i++) {
			if (i == j || !used[i])
				continue;
			clash = within(cand[j].k, cand[i].sa, cand[i].sb) ||
				within(cand[i].k, cand[j].sa, cand[j].sb) ||
				(cand[j].sa < cand[i].sb && cand[i].sa < cand[j].sb);
		}
		/* one inside another's content is reported speech within
		 * reported speech: the outer claim holds it */
		if (!clash) {
			for (size_t i = 0; i < nc && !clash; i++) {
				if (i == j || !used[i])
					continue;
				clash = within(cand[j].k, cand[i].ca, cand[i].cb) ||
					within(cand[i].k, cand[j].ca, cand[j].cb);
			}
		}
		if (clash)
			continue;
		used[j] = true;
		struct dsr__cue *r = &cand[j];
		rc = add(st, para, r->sa, r->sb, r->k, r->e, r->ca, r->cb, r->flags, false,
			 false, 0);
	}
	return rc;
}

/* ---- 2b. a speaker and a colon ---- */

/* A paragraph opening with a short capitalised name and a colon is what
 * that source says: a transcript's turn ("WALLACE: Let's start ..."), a
 * headline's ("Pence: Flowers won't be at the debate", "Poll: ...").  Not a
 * label (labels.txt: "Update:", "Photo:", "The Latest:"), a time
 * ("Monday:") or a phrase opening with a determiner. */
static int colon_claim(struct dsr__cl *st, size_t pi)
{
	struct dsr__ctx *c = st->c;
	const struct dsr__para *p = &c->para[pi];
	size_t t0 = p->t0, colon = SIZE_MAX, words = 0;
	for (size_t i = t0; i < p->t1 && i < t0 + 9; i++) {
		const struct dsr__tok *t = &c->tok[i];
		unsigned k = dsr__kind(t), ch = dsr__ch(t);
		c->work++;
		if (k == DSR__T_PUNCT && ch == ':') {
			colon = i;
			break;
		}
		if (k == DSR__T_WORD) {
			if (!(t->bits & (DSR__TF_CAP | DSR__TF_UPPER)) || (t->bits & DSR__TF_TIME))
				return 0;
			words++;
		} else if (!(k == DSR__T_PUNCT && (ch == '.' || ch == '(' || ch == ')' ||
						    ch == '-' || ch == '&'))) {
			return 0;
		}
	}
	if (colon == SIZE_MAX || !words || words > 6 || dsr__gram_is(c, t0, DSR__G_DET) ||
	    dsr__gram_is(c, t0, DSR__G_PRON) || dsr__tok_is(c, t0, DSR__L_CUE))
		return 0;
	const struct dsr__lexpay *lp;
	if (dsr__match(c, t0, colon, 1ull << DSR__L_LABEL, &lp) == colon - t0)
		return 0;
	size_t ca = colon + 1, cb = p->t1, cw = 0;
	while (cb > ca && dsr__kind(&c->tok[cb - 1]) == DSR__T_PUNCT)
		cb--;
	for (size_t i = ca; i < cb && cw < 3; i++)
		cw += dsr__kind(&c->tok[i]) == DSR__T_WORD;
	if (cw < 3)
		return 0;
	return add(st, pi, t0, colon, colon, colon + 1, ca, cb, DSR__CUE_CLAUSE, false, false, 0);
}

/* ---- 3. unattributed clauses ---- */

static bool clause_break(const struct dsr__ctx *c, size_t i, size_t s1)
{
	const struct dsr__tok *t = &c->tok[i];
	if (dsr__is_punct(t, ';') || dsr__is_punct(t, 'D'))
		return true;
	if (!dsr__is_punct(t, ',') || i + 1 >= s1)
		return false;
	return dsr__gram_is(c, i + 1, DSR__G_BUT) ||
	       (dsr__gram_is(c, i + 1, DSR__G_SUB) && !dsr__gram_is(c, i + 1, DSR__G_PREP));
}

static int unattributed(struct dsr__cl *st, size_t para, size_t s0, size_t s1)
{
	struct dsr__ctx *c = st->c;
	size_t a = s0;
	for (size_t i = s0; i <= s1; i++) {
		c->work++;
		if (i < s1 && !clause_break(c, i, s1))
			continue;
		/* clause [a, i) */
		for (size_t k = a; k < i; k++) {
			if (c->tok[k].bits & DSR__TF_INQ)
				continue;
			const struct dsr__lexpay *p;
			size_t n = dsr__match(c, k, i, 1ull << DSR__L_UNATTR, &p);
			if (!n)
				continue;
			size_t ca = a, cb = i;
			while (ca < cb && dsr__kind(&c->tok[ca]) == DSR__T_PUNCT)
				ca++;
			while (cb > ca && dsr__kind(&c->tok[cb - 1]) == DSR__T_PUNCT &&
			       dsr__ch(&c->tok[cb - 1]) != '"')
				cb--;
			if (ca < cb) {
				int rc = add(st, para, k, k, k, k + n, ca, cb, 0, true, false, 0);
				if (rc)
					return rc;
			}
			break;
		}
		a = i + 1;
	}
	return 0;
}

/* ---- paragraph pass ---- */

static int by_start(const void *a, const void *b, void *ctx)
{
	const struct dsr__mention *m = ctx;
	const struct dsr__mention *x = &m[*(const uint32_t *)a];
	const struct dsr__mention *y = &m[*(const uint32_t *)b];
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->end > y->end ? -1 : x->end < y->end;
}

static void merge(struct dsr__cl *st, size_t first)
{
	struct dsr__ctx *c = st->c;
	for (size_t i = first; i + 1 < c->claims.n; i++) {
		struct dsr__claim *x = claim(st, i), *y = claim(st, i + 1);
		/* only a verdict ("condemned the decision") that the quotation
		 * then spells out; two reports of one source stay two claims */
		if ((x->cue & DSR__CUE_CLAUSE) || !(x->cue & DSR__CUE_NP))
			continue;
		if (x->drop || x->quote || !y->quote || x->source < 0 ||
		    x->source != y->source || x->x.stance != y->x.stance ||
		    y->sent != x->sent + 1 || y->x.span.start < x->x.span.end)
			continue;
		/* the quotation must open its sentence */
		if (y->x.span.start != c->tok[c->sent[y->sent].t0].start)
			continue;
		x->x.span.end = y->x.span.end;
		x->x.content_span.end = y->x.content_span.end;
		x->x.hedged = x->x.hedged || y->x.hedged;
		y->drop = true;
		i++;
	}
}

int dsr__claims(struct dsr__ctx *c)
{
	struct dsr__cl st;
	memset(&st, 0, sizeof st);
	st.c = c;
	st.last_gov = -1;
	st.last_claim = -1;
	{
		const struct dsr__actor *A = DSR__VEC(c, struct dsr__actor, act);
		for (int k = 0; k < 8; k++)
			st.first_kind[k] = -1;
		for (size_t a = c->act.n; a-- > 0;)
			if (A[a].keep && A[a].kind >= 0 && A[a].kind < 8)
				st.first_kind[A[a].kind] = (int32_t)a;
	}
	int rc = -ENOMEM;
	st.claimed = calloc(c->nsent + 1, 1);
	st.cover = calloc(c->nsent + 1, sizeof *st.cover);
	st.men = malloc((c->men.n + 1) * sizeof *st.men);
	if (!st.claimed || !st.men || !st.cover)
		goto out;
	const struct dsr__mention *m = DSR__VEC(c, struct dsr__mention, men);
	for (size_t i = 0; i < c->men.n; i++)
		if (m[i].actor >= 0)
			st.men[st.nmen++] = (uint32_t)i;
	/* mentions by position (the headline pass appended some late) */
	bool sorted = true;
	for (size_t i = 1; i < st.nmen && sorted; i++)
		sorted = by_start(&st.men[i - 1], &st.men[i], (void *)m) <= 0;
	if (!sorted)
		qsort_r(st.men, st.nmen, sizeof *st.men, by_start, (void *)m);
	c->work += st.nmen;
	rc = 0;
	size_t qi = 0;
	bool seen_body = false;
	int headline = 0;
	for (size_t pi = 0; pi < c->npara && !rc; pi++) {
		const struct dsr__para *p = &c->para[pi];
		size_t first = c->claims.n;
		if (p->flags & (DSR__P_OFF | DSR__P_HEAD)) {
			/* the headline may still say who says what: "Pence: ..."
			 * (a title given as metadata is the article's label,
			 * repeated in the text; it claims nothing) */
			if (!(p->flags & DSR__P_OFF) && !seen_body && !headline++ &&
			    !(c->meta && c->meta->title && *c->meta->title))
				rc = colon_claim(&st, pi);
			while (qi < c->nquote && c->quote[qi].open < p->t1)
				qi++;
			continue;
		}
		seen_body = true;
		if ((rc = colon_claim(&st, pi)))
			break;
		size_t s = dsr__sent_of(c, p->t0);
		for (; s < c->nsent && c->sent[s].t0 < p->t1 && !rc; s++) {
			const struct dsr__sent *se = &c->sent[s];
			for (; qi < c->nquote && c->quote[qi].open < se->t1 && !rc; qi++)
				if (!c->quote[qi].single && c->quote[qi].open >= se->t0 &&
				    !st.claimed[s])
					rc = quote_claim(&st, &c->quote[qi], pi, &first);
			if (!rc && !st.claimed[s])
				rc = sentence_claim(&st, pi, se->t0, se->t1);
			else if (!rc && st.cover[s] > se->t0 && st.cover[s] + 4 < se->t1)
				/* '"...," she said, but as Trump went on, Melanie
				 * said yes': what follows a quotation's claim */
				rc = sentence_claim(&st, pi, rest(c, st.cover[s], se->t1),
						    se->t1);
			if (!rc && !st.claimed[s])
				rc = unattributed(&st, pi, se->t0, se->t1);
		}
		merge(&st, first);
	}
out:
	free(st.claimed);
	free(st.cover);
	free(st.men);
	return rc;
}
