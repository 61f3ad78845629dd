/* names.c: finds the mentions of actors in the body of the article.
 *
 * A candidate is a run of capitalised tokens, joined by "of", "for", "de",
 * "&" and the like ("Department of Homeland Security"), ended by a
 * possessive ("NBC News' Pete Williams").  Each run is then cut down:
 *  - a common word opening a sentence is dropped ("Attackers", "The");
 *  - a leading title or honorific is dropped and marks a person
 *    ("President Obama", "Mr. Smith");
 *  - lexicon entries inside are looked up: countries, government bodies,
 *    outlets, places (which are not actors); a country before a government
 *    body joins it ("U.S. Homeland Security");
 *  - a country or demonym before a collective noun stands for that
 *    country's government ("U.S. officials", "North Korean government").
 * Runs that are titles of works — quoted titles, runs right after "film",
 * "titled", "remake of", and everything listed with one — are not actors.
 * A run used as a noun modifier ("the Hollywood studios") is weak evidence:
 * it names an actor only if the article names it elsewhere too, or if the
 * noun makes it one ("Sony executives", "a New Regency film").  Headlines
 * and fragments contribute only names already found in the body
 * (name_cues.c), and so do #tags and @handles.  Word-level tests and
 * adding a mention are in name_words.c.
 */
#include "names.h"

#include <errno.h>
#include <string.h>

static bool is_mask(const struct dsr__lexpay *p, uint64_t mask)
{
	return p && (mask >> p->type & 1);
}

#define NAMELEX ((1ull << DSR__L_COUNTRY) | (1ull << DSR__L_DEMONYM) | \
		 (1ull << DSR__L_PEOPLE) | (1ull << DSR__L_GOV) |          \
		 (1ull << DSR__L_OUTLET) | (1ull << DSR__L_PLACE))

/* A country or demonym followed by collective nouns, possibly with lower
 * case modifiers between: "U.S. federal law enforcement agencies". */
static size_t collective_end(struct dsr__ctx *c, size_t j, size_t lim)
{
	size_t end = 0;
	for (size_t k = j, steps = 0; k < lim && steps < 5; steps++) {
		const struct dsr__tok *t = &c->tok[k];
		c->work++;
		if (dsr__kind(t) != DSR__T_WORD || !(t->bits & DSR__TF_LOWER) ||
		    (t->bits & DSR__TF_TIME))
			break;
		const struct dsr__lexpay *p;
		size_t n = dsr__match(c, k, lim, 1ull << DSR__L_COLLECTIVE, &p);
		if (n) {
			k += n;
			end = k;
			if (c->tok[k - 1].bits & DSR__TF_POSS)
				break;
			continue;
		}
		if (dsr__tok_is(c, k, DSR__L_GRAM) || dsr__tok_is(c, k, DSR__L_TITLE) ||
		    dsr__tok_is(c, k, DSR__L_CUE))
			break;
		k++;
	}
	return end;
}

static int kind_of_lex(int type)
{
	switch (type) {
	case DSR__L_COUNTRY:
	case DSR__L_PEOPLE:
		return DSR__K_COUNTRY;
	case DSR__L_GOV:
		return DSR__K_GOVERNMENT;
	case DSR__L_OUTLET:
		return DSR__K_MEDIA;
	default:
		return DSR__K_OTHER;
	}
}

/* Emits the mention(s) of a lexicon match at [i, i+n).  Returns the end of
 * what it used. */
static size_t lexicon_mention(struct dsr__ctx *c, size_t s0, size_t i, size_t n,
			      const struct dsr__lexpay *p, size_t lim, int *rc)
{
	size_t j = i + n;
	int type = p->type;
	uint32_t id = p->id;
	*rc = 0;
	if (type == DSR__L_PLACE)
		return j;
	/* A single common word opening a sentence ("Time is short") */
	if (n == 1 && dsr__initial(c, s0, i) && dsr__tok_is(c, i, DSR__L_COMMON) &&
	    (type == DSR__L_OUTLET || type == DSR__L_GOV))
		return j;
	if (type == DSR__L_COUNTRY || type == DSR__L_DEMONYM) {
		/* country + government body: "U.S. Homeland Security" */
		const struct dsr__lexpay *g;
		size_t gn = j < lim ? dsr__match(c, j, lim, 1ull << DSR__L_GOV, &g) : 0;
		if (gn) {
			struct dsr__mention *m = dsr__add_mention(c, i, j + gn, DSR__F_NAME,
								  DSR__K_GOVERNMENT, DSR__M_STRONG);
			if (!m)
				goto oom;
			m->lextype = DSR__L_GOV;
			m->lexid = g->id + 1;
			return j + gn;
		}
		size_t ce = collective_end(c, j, lim);
		if (ce) {
			struct dsr__mention *m = dsr__add_mention(c, i, ce, DSR__F_COLLECTIVE,
								  DSR__K_GOVERNMENT, DSR__M_STRONG);
			if (!m)
				goto oom;
			m->lextype = DSR__L_COUNTRY;
			m->lexid = id + 1;
			return ce;
		}
		if (type == DSR__L_DEMONYM) {
			/* "the Chinese" as a people; "Chinese hackers" as an adjective */
			const struct dsr__lexpay *q;
			bool adj = j < lim && (c->tok[j].bits & DSR__TF_LOWER) &&
				   dsr__kind(&c->tok[j]) == DSR__T_WORD &&
				   !dsr__tok_is(c, j, DSR__L_GRAM) && !dsr__tok_is(c, j, DSR__L_CUE);
			if (adj || !dsr__match(c, i, j, 1ull << DSR__L_PEOPLE, &q))
				return j;
			type = DSR__L_PEOPLE;
		}
	}
	struct dsr__mention *m = dsr__add_mention(c, i, j,
						  type == DSR__L_PEOPLE ? DSR__F_PLURAL :
						  (c->tok[i].bits & (DSR__TF_UPPER | DSR__TF_DOTTED)) &&
						  n == 1 ? DSR__F_ACRONYM : DSR__F_NAME,
						  kind_of_lex(type), DSR__M_STRONG);
	if (!m)
		goto oom;
	m->lextype = (uint8_t)(type == DSR__L_PEOPLE ? DSR__L_COUNTRY : type);
	m->lexid = id + 1;
	return j;
oom:
	*rc = -ENOMEM;
	return j;
}

/* A technical identifier, not a name: a CVE id ("CVE-2023-23397") or the
 * name of a hash function ("SHA-256", "MD5").  Threat groups' designations
 * ("APT28", "TA505", "FIN7", "UNC2452") are names and stay. */
static bool identifier(const struct dsr__ctx *c, size_t i)
{
	const struct dsr__tok *t = &c->tok[i];
	const char *p = (const char *)c->text + t->start;
	size_t n = t->end - t->start;
	if (n >= 13 && !memcmp(p, "CVE-", 4)) {
		size_t k = 4, d = 0;
		while (k < n && p[k] >= '0' && p[k] <= '9')
			k++, d++;
		if (d != 4 || k >= n || p[k] != '-')
			return false;
		for (k++, d = 0; k < n && p[k] >= '0' && p[k] <= '9'; k++)
			d++;
		return k == n && d >= 4;
	}
	static const char *const hashes[] = { "MD4", "MD5", "SHA1", "SHA-1", "SHA2", "SHA-2",
		"SHA3", "SHA-3", "SHA224", "SHA-224", "SHA256", "SHA-256", "SHA384", "SHA-384",
		"SHA512", "SHA-512" };
	for (size_t k = 0; k < sizeof hashes / sizeof *hashes; k++)
		if (strlen(hashes[k]) == n && !memcmp(hashes[k], p, n))
			return true;
	return false;
}

/* Classifies and emits the unknown run [a, b) of sentence [s0, s1). */
static int unknown_run(struct dsr__ctx *c, struct dsr__names *st, size_t s0,
		       size_t s1, size_t a, size_t b, unsigned flags)
{
	int kind = DSR__K_UNSPEC;
	size_t n = b - a;
	const struct dsr__tok *first = &c->tok[a];
	if (n == 1 && (first->bits & DSR__TF_UPPER) && dsr__tok_is(c, a, DSR__L_ACRONYM))
		return 0;
	if (n == 1 && identifier(c, a))
		return 0;
	if (dsr__work_context(c, st, s0, a, b))
		return dsr__add_work(c, st, a, b);
	/* organisation words at either end */
	const struct dsr__lexpay *cue = dsr__tok_pay(c, b - 1, DSR__L_ORGCUE);
	if (!cue && n > 1)
		cue = dsr__tok_pay(c, a, DSR__L_ORGCUE);
	if (cue && n > 1 && !(flags & DSR__M_PERSON)) {
		kind = cue->val;
		flags |= DSR__M_ORGCUE;
	} else if (flags & DSR__M_PERSON) {
		kind = DSR__K_PERSON;
	} else if (dsr__tok_is(c, a, DSR__L_GIVEN) && n >= 2 && n <= 4 &&
		   !dsr__tok_is(c, a, DSR__L_FAMILYFIRST)) {
		kind = DSR__K_PERSON;
		flags |= DSR__M_PERSON;
	} else if (dsr__tok_is(c, a, DSR__L_FAMILYFIRST) && n >= 2 && n <= 4) {
		kind = DSR__K_PERSON;
		flags |= DSR__M_PERSON | DSR__M_SURFIRST;
	} else if (dsr__person_context(c, s0, s1, a, b)) {
		kind = DSR__K_PERSON;
		flags |= DSR__M_PERSON;
	} else if (n >= 2) {
		/* two to four plain words: a person, unless one is a common
		 * word or a connector ("New Regency", "Guardians of Peace") */
		bool plain = n <= 4;
		const struct dsr__lexpay *lp;
		for (size_t i = a; i < b && plain; i++)
			if (!dsr__cap_word(c, i) || dsr__tok_is(c, i, DSR__L_COMMON) ||
			    (c->tok[i].bits & DSR__TF_UPPER) ||
			    dsr__tok_is(c, i, DSR__L_DESIGNATOR) ||
			    dsr__match(c, i, b, NAMELEX, &lp))
				plain = false; /* "Korea Hydro" is no person */
		kind = plain ? DSR__K_PERSON : DSR__K_ORGANIZATION;
	} else {
		kind = DSR__K_ORGANIZATION;
	}
	if (n >= 2 && n <= 4 && kind == DSR__K_PERSON &&
	    dsr__tok_is(c, a, DSR__L_FAMILYFIRST))
		flags |= DSR__M_SURFIRST;
	if (dsr__group_context(c, s0, a))
		flags |= DSR__M_GROUP;
	if (flags & DSR__M_GROUP)
		kind = DSR__K_GROUP;
	/* strength: modifiers and quoted words are weak */
	unsigned strong = DSR__M_STRONG;
	if (!(first->bits & DSR__TF_POSS) && dsr__modifier(c, s0, s1, a, b, &flags))
		strong = 0;
	int form = n == 1 && (first->bits & (DSR__TF_UPPER | DSR__TF_DOTTED)) ?
		   DSR__F_ACRONYM : DSR__F_NAME;
	/* "GOP presidential candidate", "the DNC chairman": a party's short
	 * form, whatever else the article spells with those letters */
	if (form == DSR__F_ACRONYM &&
	    ((b < s1 && dsr__tok_is(c, b, DSR__L_PARTYCTX)) ||
	     (a > s0 && (c->tok[a - 1].bits & DSR__TF_LOWER) &&
	      dsr__tok_is(c, a - 1, DSR__L_PARTYCTX)))) {
		flags |= DSR__M_PARTY;
		kind = DSR__K_ORGANIZATION;
	}
	struct dsr__mention *m = dsr__add_mention(c, a, b, form, kind, flags | strong);
	if (!m)
		return -ENOMEM;
	return dsr__apposition(c, st, s1, c->men.n - 1, b);
}

/* Cuts a run down and emits what is in it. */
static int run(struct dsr__ctx *c, struct dsr__names *st, size_t s0, size_t s1,
	       size_t a, size_t b)
{
	unsigned flags = 0;
	/* sentence-initial common words: "The", "Attackers", "Former" */
	const struct dsr__lexpay *lp;
	while (a < b && dsr__initial(c, s0, a) && dsr__commonish(c, a) &&
	       !dsr__match(c, a, b, NAMELEX, &lp) &&
	       /* "Target Corp.", "United Airlines": a common word that names a
		* company with the word after it */
	       !(a + 1 < b && (dsr__tok_is(c, a + 1, DSR__L_ORGCUE) ||
			       dsr__tok_is(c, a + 1, DSR__L_DESIGNATOR)) &&
		 !dsr__gram_is(c, a, DSR__G_DET))) {
		/* a title opening the sentence marks a person ("President
		 * George W. Bush"); another word may have been an adjective */
		if (dsr__tok_is(c, a, DSR__L_TITLE) && b - a > 1)
			flags |= DSR__M_PERSON;
		else
			flags |= DSR__M_MODPREV;
		a++;
	}
	/* what the dropped word left in front: "for the FBI", "of two TV" */
	while (a < b && (dsr__gram_is(c, a, DSR__G_DET) || dsr__connector(c, a)) &&
	       (b - a > 1 || !dsr__cap_word(c, a)))
		a++; /* "The Guardians of Peace" */
	/* month and day names are dates, not names */
	if (b - a == 1 && (dsr__tok_is(c, a, DSR__L_MONTH) || dsr__tok_is(c, a, DSR__L_WEEKDAY)))
		return 0;
	/* a long run of capitals is a title-case line, not a name */
	if (b - a > 10)
		return 0;
	/* a function word alone ("We", "It") is capitalised only by its place */
	if (b - a == 1 && dsr__tok_is(c, a, DSR__L_GRAM) &&
	    !(c->tok[a].bits & DSR__TF_UPPER))
		return 0;
	/* honorifics and titles: "Mr. Smith", "President Obama" */
	for (int guard = 0; guard < 3 && a < b; guard++) {
		size_t k = a;
		if (dsr__tok_is(c, a, DSR__L_HONORIFIC)) {
			k = a + 1;
			if (k < b && dsr__is_punct(&c->tok[k], '.'))
				k++;
		} else if (dsr__tok_is(c, a, DSR__L_TITLE) && b - a > 2 &&
			   dsr__connector(c, a + 1)) {
			/* "CEO of Lieberman Software": the role of an organisation */
			a += 2;
			continue;
		} else if (dsr__tok_is(c, a, DSR__L_TITLE) && b - a > 1 &&
			   !dsr__tok_is(c, b - 1, DSR__L_ORGCUE) &&
			   !dsr__tok_is(c, a + 1, DSR__L_ORGCUE)) {
			const struct dsr__lexpay *p;
			k = a + dsr__match(c, a, b, 1ull << DSR__L_TITLE, &p);
		}
		if (k == a || k >= b)
			break;
		a = k;
		flags |= DSR__M_PERSON;
	}
	if (a >= b)
		return 0;
	/* lexicon entries inside the run */
	size_t i = a;
	while (i < b) {
		const struct dsr__lexpay *p;
		size_t n = dsr__match(c, i, b, NAMELEX, &p);
		if (!n)
			break;
		/* a lexicon name followed by more capitals is part of a longer
		 * name ("China Telecom", "Korea Herald") unless a lexicon name or
		 * a person follows */
		size_t j = i + n;
		if (j < b) {
			const struct dsr__lexpay *q;
			bool next_lex = dsr__match(c, j, b, NAMELEX, &q) != 0;
			bool next_person = dsr__tok_is(c, j, DSR__L_GIVEN) &&
					   (p->type == DSR__L_GOV || p->type == DSR__L_OUTLET);
			bool country_gov = (p->type == DSR__L_COUNTRY || p->type == DSR__L_DEMONYM) &&
					   is_mask(q, 1ull << DSR__L_GOV);
			if (!next_lex && !next_person && !country_gov)
				break;
		}
		/* a known name as the title of a work ("the thriller
		 * 'Pyongyang'") is the work's, never an alias of the actor */
		if (i == a && i + n == b && dsr__after_work_noun(c, s0, a))
			return dsr__add_work(c, st, a, b);
		int rc;
		i = lexicon_mention(c, s0, i, n, p, s1, &rc);
		if (rc)
			return rc;
		if (i > b)
			return 0;
		flags &= ~DSR__M_MODPREV;
		if (i < b && dsr__tok_is(c, i, DSR__L_TITLE)) {
			/* "FBI Director James Comey" */
			const struct dsr__lexpay *tp;
			i += dsr__match(c, i, b, 1ull << DSR__L_TITLE, &tp);
			flags |= DSR__M_PERSON;
		}
	}
	if (i >= b)
		return 0;
	if (i > a) {
		/* an inner title splits affiliation from person */
		a = i;
	}
	/* "Mark Johnson of Acme Research": a person, then the organisation */
	if ((dsr__tok_is(c, a, DSR__L_GIVEN) || (flags & DSR__M_PERSON)) && b - a >= 4) {
		for (size_t k = a + 2; k + 1 < b; k++) {
			if (dsr__connector(c, k) && dsr__cap_word(c, k + 1)) {
				int rc = unknown_run(c, st, s0, s1, a, k, flags | DSR__M_PERSON);
				if (rc)
					return rc;
				return run(c, st, s0, s1, k + 1, b);
			}
		}
	}
	for (size_t k = a + 1; k + 1 < b; k++) {
		if (dsr__tok_is(c, k, DSR__L_TITLE) && dsr__tok_is(c, k + 1, DSR__L_GIVEN)) {
			int rc = unknown_run(c, st, s0, s1, a, k, flags & ~DSR__M_PERSON);
			if (rc)
				return rc;
			a = k + 1;
			flags |= DSR__M_PERSON;
			break;
		}
	}
	return unknown_run(c, st, s0, s1, a, b, flags);
}

/* A dateline opening a paragraph: "WASHINGTON (Reuters) -", "SEOUL,
 * South Korea (AP) —".  The place is not an actor; the outlet is. */
static size_t dateline(const struct dsr__ctx *c, size_t s0, size_t s1)
{
	if (!(c->tok[s0].bits & DSR__TF_PARA))
		return s0;
	size_t i = s0, caps = 0;
	while (i < s1 && i - s0 < 8) {
		const struct dsr__tok *t = &c->tok[i];
		if (dsr__kind(t) == DSR__T_WORD && (t->bits & (DSR__TF_UPPER | DSR__TF_DOTTED)))
			caps++;
		else if (!(dsr__is_punct(t, ',') || (dsr__kind(t) == DSR__T_WORD &&
						     (t->bits & DSR__TF_CAP))))
			break;
		i++;
	}
	if (!caps || i >= s1 || !(c->tok[s0].bits & (DSR__TF_UPPER | DSR__TF_DOTTED)))
		return s0;
	const struct dsr__tok *t = &c->tok[i];
	if (dsr__is_punct(t, '(') || dsr__is_punct(t, 'D') || dsr__is_punct(t, '-'))
		return i;
	return s0;
}

static int sentence(struct dsr__ctx *c, struct dsr__names *st, size_t s0, size_t s1)
{
	size_t i = dateline(c, s0, s1);
	while (i < s1) {
		c->work++;
		const struct dsr__tok *t = &c->tok[i];
		if (t->bits & (DSR__TF_TIME | DSR__TF_NAME)) {
			i++;
			continue;
		}
		if (dsr__cap_word(c, i)) {
			size_t e = dsr__run_end(c, i, s1);
			st->list_work = false;
			int rc = run(c, st, s0, s1, i, e);
			if (rc)
				return rc;
			i = e > i ? e : i + 1;
			dsr__work_list(c, st, s1, &i);
			continue;
		}
		i++;
	}
	return 0;
}

int dsr__names(struct dsr__ctx *c)
{
	struct dsr__names st;
	memset(&st, 0, sizeof st);
	int rc = 0;
	for (size_t s = 0; s < c->nsent && !rc; s++) {
		if (c->sent[s].flags & (DSR__P_OFF | DSR__P_HEAD))
			continue;
		st.list_work = false;
		rc = sentence(c, &st, c->sent[s].t0, c->sent[s].t1);
	}
	if (!rc)
		rc = dsr__names_known(c, &st);
	dsr__names_free(&st);
	return rc;
}
