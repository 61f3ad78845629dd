/* name_cues.c: the context cues of the name finder — titles of works,
 * person and group cues, noun modifiers, acronyms in apposition — and the
 * second pass over headlines, fragments, #tags and @handles, which only
 * picks up names the body already established. */
#include "names.h"

#include <errno.h>
#include <string.h>
#include <strings.h>

static bool tok_eq(const struct dsr__ctx *c, size_t i, const char *w)
{
	const struct dsr__tok *t = &c->tok[i];
	size_t n = strlen(w);
	return t->end - t->start == n &&
	       strncasecmp((const char *)c->text + t->start, w, n) == 0;
}

static bool open_quote(const struct dsr__ctx *c, size_t i)
{
	const struct dsr__tok *t = &c->tok[i];
	return dsr__kind(t) == DSR__T_QUOTE && !(t->bits & DSR__TF_CLOSE);
}

/* A phrase of lexicon `type` that ends exactly at token e (exclusive),
 * starting at most 4 tokens earlier. */
static size_t ends_at(const struct dsr__ctx *c, size_t s0, size_t e, int type)
{
	for (size_t k = e; k > s0 && e - k < 4; k--) {
		const struct dsr__lexpay *p;
		size_t n = dsr__match_id(c, k - 1, e, type, UINT32_MAX, &p);
		if (n && k - 1 + n == e)
			return k - 1;
	}
	return SIZE_MAX;
}

bool dsr__group_context(const struct dsr__ctx *c, size_t s0, size_t a)
{
	size_t e = a;
	while (e > s0 && (open_quote(c, e - 1) || dsr__gram_is(c, e - 1, DSR__G_DET)))
		e--;
	return e > s0 && ends_at(c, s0, e, DSR__L_INTRO) != SIZE_MAX;
}

bool dsr__after_work_noun(struct dsr__ctx *c, size_t s0, size_t a)
{
	size_t e = a;
	while (e > s0 && dsr__gram_is(c, e - 1, DSR__G_DET) && (c->tok[e - 1].bits & DSR__TF_CAP))
		e--;
	if (e > s0 && open_quote(c, e - 1))
		e--;
	size_t k = ends_at(c, s0, e, DSR__L_WORKNOUN);
	if (k == SIZE_MAX || (c->tok[e - 1].bits & DSR__TF_POSS))
		return false;
	bool naming = tok_eq(c, e - 1, "called") || tok_eq(c, e - 1, "named") ||
		      tok_eq(c, e - 1, "dubbed");
	if (!naming)
		return true;
	for (size_t j = k; j > s0 && k - j < 4; j--)
		if (dsr__tok_is(c, j - 1, DSR__L_WORKNOUN))
			return true;
	return false;
}

bool dsr__work_context(struct dsr__ctx *c, struct dsr__names *st, size_t s0,
		       size_t a, size_t b)
{
	if (st->works.cap && dsr__hset_has(&st->works, dsr__key_hash(c, a, b)))
		return true;
	if (dsr__group_context(c, s0, a))
		return false;
	size_t e = a;
	/* look past a dropped article: "film The Interview", '"The Interview"' */
	while (e > s0 && dsr__gram_is(c, e - 1, DSR__G_DET) &&
	       (c->tok[e - 1].bits & DSR__TF_CAP))
		e--;
	bool quoted = e > s0 && open_quote(c, e - 1);
	if (quoted)
		e--;
	/* after "film", "titled", "remake of" */
	size_t k = ends_at(c, s0, e, DSR__L_WORKNOUN);
	if (k != SIZE_MAX && !(c->tok[e - 1].bits & DSR__TF_POSS)) {
		bool naming = tok_eq(c, e - 1, "called") || tok_eq(c, e - 1, "named") ||
			      tok_eq(c, e - 1, "dubbed");
		if (!naming)
			return true;
		/* "a film called X", but "a group called X" */
		for (size_t j = k; j > s0 && k - j < 4; j--)
			if (dsr__tok_is(c, j - 1, DSR__L_WORKNOUN))
				return true;
	}
	/* the whole of a quotation: "Annie," 'The Interview' */
	if (quoted) {
		size_t j = b;
		while (j < c->ntok && j < b + 2 && dsr__kind(&c->tok[j]) == DSR__T_PUNCT &&
		       !(c->tok[j].bits & DSR__TF_SPACE))
			j++;
		if (j < c->ntok && dsr__kind(&c->tok[j]) == DSR__T_QUOTE &&
		    !(c->tok[j].bits & DSR__TF_OPEN))
			return true;
	}
	return false;
}

int dsr__add_work(struct dsr__ctx *c, struct dsr__names *st, size_t a, size_t b)
{
	if (!st->works.cap && dsr__hset_init(&st->works, 16))
		return -ENOMEM;
	if (dsr__hset_add(&st->works, dsr__key_hash(c, a, b)))
		return -ENOMEM;
	for (size_t i = a; i < b; i++)
		c->tok[i].bits |= DSR__TF_WORK | DSR__TF_NAME;
	st->list_work = true;
	return 0;
}

void dsr__work_list(struct dsr__ctx *c, struct dsr__names *st, size_t s1,
		    size_t *i)
{
	size_t j = *i;
	while (st->list_work && j < s1) {
		size_t k = j;
		/* closing marks, then ", " / " and " / ", and ", then opening marks */
		while (k < s1 && dsr__kind(&c->tok[k]) == DSR__T_QUOTE)
			k++;
		bool sep = false;
		if (k < s1 && dsr__is_punct(&c->tok[k], ',')) {
			k++;
			sep = true;
		}
		while (k < s1 && dsr__kind(&c->tok[k]) == DSR__T_QUOTE)
			k++;
		if (k < s1 && (tok_eq(c, k, "and") || tok_eq(c, k, "or"))) {
			k++;
			sep = true;
		}
		while (k < s1 && dsr__kind(&c->tok[k]) == DSR__T_QUOTE)
			k++;
		if (!sep || k >= s1 || !dsr__cap_word(c, k) ||
		    (c->tok[k].bits & DSR__TF_NAME))
			break;
		size_t e = dsr__run_end(c, k, s1);
		if (e <= k || dsr__add_work(c, st, k, e))
			break;
		j = e;
		c->work++;
	}
	st->list_work = false;
	*i = j;
}

bool dsr__person_context(const struct dsr__ctx *c, size_t s0, size_t s1,
			 size_t a, size_t b)
{
	/* "screenwriter Aaron Sorkin", "North Korean leader Kim Jong-un" */
	if (a > s0 && (c->tok[a - 1].bits & DSR__TF_LOWER) &&
	    dsr__tok_is(c, a - 1, DSR__L_TITLE))
		return true;
	/* "NBC News' Pete Williams" */
	if (a > s0 && (c->tok[a - 1].bits & DSR__TF_POSS) &&
	    (c->tok[a - 1].bits & DSR__TF_NAME) && b - a >= 2)
		return true;
	/* "Phil Lieberman, CEO of ...", "Andrei Lankov, a professor at ..." */
	if (b + 1 < s1 && dsr__is_punct(&c->tok[b], ',')) {
		size_t k = b + 1;
		if (dsr__gram_is(c, k, DSR__G_DET))
			k++;
		for (size_t n = 0; n < 3 && k < s1; n++, k++) {
			if (dsr__kind(&c->tok[k]) != DSR__T_WORD)
				break;
			if (dsr__tok_is(c, k, DSR__L_TITLE))
				return true;
		}
	}
	return false;
}

bool dsr__modifier(const struct dsr__ctx *c, size_t s0, size_t s1, size_t a,
		   size_t b, unsigned *flags)
{
	if (b >= s1)
		return false;
	const struct dsr__tok *n = &c->tok[b];
	if (dsr__kind(n) != DSR__T_WORD || !(n->bits & DSR__TF_LOWER) ||
	    (n->bits & DSR__TF_TIME))
		return false;
	if (dsr__tok_is(c, b, DSR__L_AGENT))
		return false; /* "Sony executives": an actor */
	if (dsr__tok_is(c, b, DSR__L_GRAM) || dsr__tok_is(c, b, DSR__L_CUE) ||
	    dsr__tok_is(c, b, DSR__L_PAST) || dsr__tok_is(c, b, DSR__L_FUTURE) ||
	    (*flags & DSR__M_PERSON) ||
	    (n->end - n->start > 3 && c->text[n->end - 1] == 'd' &&
	     c->text[n->end - 2] == 'e'))
		return false; /* a verb or a function word follows */
	bool before;
	if (*flags & DSR__M_MODPREV) {
		before = true; /* "Former GOP presidential candidate" */
	} else if (a == s0 || dsr__initial(c, s0, a)) {
		before = false;
	} else {
		const struct dsr__tok *p = &c->tok[a - 1];
		before = dsr__kind(p) == DSR__T_WORD && (p->bits & DSR__TF_LOWER) &&
			 (dsr__gram_is(c, a - 1, DSR__G_DET) ||
			  !dsr__tok_is(c, a - 1, DSR__L_GRAM)) &&
			 !dsr__tok_is(c, a - 1, DSR__L_CUE);
		if (dsr__kind(p) == DSR__T_NUM)
			before = true;
	}
	if (before)
		*flags |= DSR__M_MOD;
	return before;
}

static bool acronym_tok(const struct dsr__ctx *c, size_t i)
{
	const struct dsr__tok *t = &c->tok[i];
	if (dsr__kind(t) == DSR__T_TAG)
		return true;
	return dsr__kind(t) == DSR__T_WORD && (t->bits & (DSR__TF_UPPER | DSR__TF_DOTTED));
}

int dsr__apposition(struct dsr__ctx *c, struct dsr__names *st, size_t s1,
		    size_t m, size_t b)
{
	(void)st;
	size_t x = SIZE_MAX;
	if (b + 3 <= s1 && dsr__is_punct(&c->tok[b], ',') && tok_eq(c, b + 1, "or") &&
	    acronym_tok(c, b + 2) &&
	    (b + 3 == s1 || dsr__kind(&c->tok[b + 3]) == DSR__T_PUNCT))
		x = b + 2;
	else if (b + 3 <= s1 && dsr__is_punct(&c->tok[b], '(') && acronym_tok(c, b + 1) &&
		 b + 2 < s1 && dsr__is_punct(&c->tok[b + 2], ')'))
		x = b + 1;
	if (x == SIZE_MAX || (c->tok[x].bits & DSR__TF_NAME))
		return 0;
	struct dsr__mention *base = &DSR__VEC(c, struct dsr__mention, men)[m];
	int kind = base->kind;
	unsigned flags = (base->flags & (DSR__M_GROUP | DSR__M_STRONG));
	struct dsr__mention *am = dsr__add_mention(c, x, x + 1, DSR__F_ACRONYM, kind, flags);
	if (!am)
		return -ENOMEM;
	am->link = (int32_t)m;
	return 0;
}

/* ---- second pass: headlines, fragments, tags ---- */

struct known {
	struct dsr__hset keys;
	size_t maxlen;
};

static int collect_known(struct dsr__ctx *c, struct known *k)
{
	const struct dsr__mention *m = DSR__VEC(c, struct dsr__mention, men);
	if (dsr__hset_init(&k->keys, c->men.n + 8))
		return -ENOMEM;
	for (size_t i = 0; i < c->men.n; i++) {
		c->work++;
		if (!(m[i].flags & DSR__M_STRONG) || m[i].form == DSR__F_COLLECTIVE)
			continue;
		uint64_t h = m[i].key;
		if (h && dsr__hset_add(&k->keys, h))
			return -ENOMEM;
		size_t n = m[i].t1 - m[i].t0;
		if (n > k->maxlen)
			k->maxlen = n < 8 ? n : 8;
	}
	return 0;
}

#define HEADLEX ((1ull << DSR__L_COUNTRY) | (1ull << DSR__L_GOV) | (1ull << DSR__L_OUTLET))

static int headline(struct dsr__ctx *c, struct known *k, size_t s0, size_t s1)
{
	for (size_t i = s0; i < s1;) {
		c->work++;
		const struct dsr__tok *t = &c->tok[i];
		if ((t->bits & (DSR__TF_NAME | DSR__TF_TIME)) || !dsr__cap_word(c, i)) {
			i++;
			continue;
		}
		const struct dsr__lexpay *p;
		size_t n = dsr__match(c, i, s1, HEADLEX, &p);
		if (n) {
			struct dsr__mention *m = dsr__add_mention(c, i, i + n,
				(t->bits & (DSR__TF_UPPER | DSR__TF_DOTTED)) && n == 1 ?
				DSR__F_ACRONYM : DSR__F_NAME,
				p->type == DSR__L_COUNTRY ? DSR__K_COUNTRY :
				p->type == DSR__L_GOV ? DSR__K_GOVERNMENT : DSR__K_MEDIA,
				DSR__M_HEAD);
			if (!m)
				return -ENOMEM;
			m->lextype = p->type;
			m->lexid = p->id + 1;
			i += n;
			continue;
		}
		size_t best = 0;
		for (size_t l = k->maxlen; l >= 1; l--) {
			if (i + l > s1)
				continue;
			bool ok = true;
			for (size_t j = i; j < i + l && ok; j++)
				ok = dsr__cap_word(c, j) || (j > i && j + 1 < i + l &&
							     dsr__kind(&c->tok[j]) == DSR__T_WORD);
			c->work += l;
			if (ok && dsr__hset_has(&k->keys, dsr__key_hash(c, i, i + l))) {
				best = l;
				break;
			}
		}
		if (best) {
			if (!dsr__add_mention(c, i, i + best, DSR__F_NAME, DSR__K_UNSPEC,
					      DSR__M_HEAD))
				return -ENOMEM;
			i += best;
		} else {
			i++;
		}
	}
	return 0;
}

static int tags(struct dsr__ctx *c, struct known *k)
{
	for (size_t i = 0; i < c->ntok; i++) {
		const struct dsr__tok *t = &c->tok[i];
		if (dsr__kind(t) != DSR__T_TAG || (t->bits & DSR__TF_OFF))
			continue;
		c->work++;
		if (!dsr__hset_has(&k->keys, dsr__key_hash(c, i, i + 1)))
			continue;
		if (!dsr__add_mention(c, i, i + 1, DSR__F_TAG, DSR__K_UNSPEC, DSR__M_HEAD))
			return -ENOMEM;
	}
	return 0;
}

int dsr__names_known(struct dsr__ctx *c, struct dsr__names *st)
{
	(void)st;
	struct known k = { { NULL, 0, 0 }, 1 };
	int rc = collect_known(c, &k);
	for (size_t s = 0; s < c->nsent && !rc; s++) {
		if ((c->sent[s].flags & DSR__P_HEAD) && !(c->sent[s].flags & DSR__P_OFF))
			rc = headline(c, &k, c->sent[s].t0, c->sent[s].t1);
	}
	if (!rc)
		rc = tags(c, &k);
	dsr__hset_free(&k.keys);
	return rc;
}

void dsr__names_free(struct dsr__names *st)
{
	dsr__hset_free(&st->works);
}
