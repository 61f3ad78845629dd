/* cues.c: attribution cues and the frames around them.
 *
 * A cue (speech-verbs.txt) attributes when it is a verb of the main clause:
 * not a noun ("the claims"), not an infinitive ("declined to confirm"),
 * not passive ("have been blamed on") unless impersonal ("it was
 * reported") or with its agent ("was first reported by the Post"), not a
 * phrasal verb of another sense ("called in"), not followed by an
 * auxiliary (a noun: "attacks have been"), not in a restrictive relative
 * or a clause of time ("the group that claimed", "after the chains said")
 * — a clause of manner, contrast or reason ("as Clinton noted") and
 * "X, who said" do attribute — and, for participles, only after a comma
 * (", saying that") and taking a clause.  In a title-case line a
 * capitalised cue is a verb ("Graham Says").  Its subject is found by
 * walking left over auxiliaries, adverbs and time expressions ("NBC News
 * late Wednesday reported"), then over the noun phrase, through appositions and
 * non-restrictive relatives ("Aaron Sorkin, who was ..., condemned") up to
 * the start of the clause.  The content runs from after the cue, its
 * recipient ("told NBC News") and adjuncts ("in a statement Wednesday",
 * "to Re/code") and "that", to the end of the sentence; when nothing
 * follows ("..., a senior official confirmed to NBC News.") the content is
 * what came before the subject.
 */
#include "claims.h"

#include <string.h>
#include <strings.h>

static bool eq(const struct dsr__ctx *c, size_t i, const char *w)
{
	const struct dsr__tok *t = &c->tok[i];
	size_t n = strlen(w);
	return t->end - t->start == n &&
	       strncasecmp((const char *)c->text + t->start, w, n) == 0;
}

static bool is_be(const struct dsr__ctx *c, size_t i)
{
	static const char *const be[] = { "is", "are", "was", "were", "be",
		"been", "being", "'s", "'re" };
	for (size_t k = 0; k < sizeof be / sizeof be[0]; k++)
		if (eq(c, i, be[k]))
			return true;
	return false;
}

/* Whether token i stands in a short line written in title case ("Lindsey
 * Graham Says Trump Could Address Clean Energy"): a headline, whose verbs
 * are capitalised like its names. */
static bool title_case_line(const struct dsr__ctx *c, size_t i)
{
	const struct dsr__para *p = &c->para[c->sent[dsr__sent_of(c, i)].para];
	if (p->t1 - p->t0 > 40)
		return false;
	size_t words = 0, caps = 0;
	for (size_t k = p->t0; k < p->t1; k++) {
		const struct dsr__tok *t = &c->tok[k];
		if (dsr__kind(t) != DSR__T_WORD || (t->bits & DSR__TF_INQ))
			continue;
		words++;
		caps += (t->bits & (DSR__TF_CAP | DSR__TF_UPPER)) != 0 ||
			dsr__gram_is(c, k, DSR__G_PREP) || dsr__gram_is(c, k, DSR__G_CONJ) ||
			dsr__gram_is(c, k, DSR__G_DET);
	}
	return words >= 3 && caps == words;
}

size_t dsr__cue_at(const struct dsr__ctx *c, size_t i, size_t lim,
		   uint16_t *flags)
{
	const struct dsr__tok *t = &c->tok[i];
	if (dsr__kind(t) != DSR__T_WORD || (t->bits & DSR__TF_INQ))
		return 0;
	if ((t->bits & DSR__TF_NAME) && (!(t->bits & DSR__TF_CAP) || (t->bits & DSR__TF_SENT) ||
					 !dsr__tok_is(c, i, DSR__L_CUE) || !title_case_line(c, i)))
		return 0;
	const struct dsr__lexpay *p;
	size_t n = dsr__match_id(c, i, lim, DSR__L_CUE, UINT32_MAX, &p);
	if (n)
		*flags = p->flags;
	return n;
}

bool dsr__scan_subject(struct dsr__cl *st, size_t s0, size_t k, size_t *a,
		       size_t *b)
{
	struct dsr__ctx *c = st->c;
	size_t j = k;
	/* auxiliaries, adverbs, negation, times: "had previously", "late
	 * Wednesday", "on Wednesday" */
	while (j > s0) {
		const struct dsr__tok *t = &c->tok[j - 1];
		c->work++;
		if ((t->bits & DSR__TF_TIME) || dsr__gram_is(c, j - 1, DSR__G_AUX) ||
		    dsr__gram_is(c, j - 1, DSR__G_ADV) || dsr__gram_is(c, j - 1, DSR__G_NEG) ||
		    (eq(c, j - 1, "once") && j < k && eq(c, j, "again"))) {
			j--;
			continue;
		}
		if (j < k && (c->tok[j].bits & DSR__TF_TIME) &&
		    dsr__gram_is(c, j - 1, DSR__G_PREP)) {
			j--;
			continue;
		}
		break;
	}
	*b = j;
	size_t i = j, comma = SIZE_MAX;
	while (i > s0 && j - i < 40) {
		const struct dsr__tok *t = &c->tok[i - 1];
		unsigned kind = dsr__kind(t), ch = dsr__ch(t);
		c->work++;
		if (kind == DSR__T_QUOTE) {
			/* a quoted name inside the subject: 'a group calling
			 * themselves "The Guardians of Peace" had claimed' */
			size_t q = i - 1, n = 0;
			while (q > s0 && (c->tok[q - 1].bits & DSR__TF_INQ) && n < 8) {
				q--;
				n++;
			}
			if (n == 0 || n >= 8 || q == s0 ||
			    dsr__kind(&c->tok[q - 1]) != DSR__T_QUOTE)
				break;
			i = q - 1;
			continue;
		}
		if (kind == DSR__T_PUNCT) {
			if (ch == ',') {
				comma = i - 1;
				i--;
				continue;
			}
			if (ch == '.' && i >= 2 && !(t->bits & DSR__TF_SPACE) &&
			    dsr__tok_is(c, i - 2, DSR__L_ABBREV)) {
				i--;
				continue;
			}
			if (ch == ')') {
				/* "Sen. Jon Tester (D-Mont.) said": a short
				 * parenthesis inside the subject */
				size_t o = i - 1, n = 0;
				while (o > s0 && n < 8 && !dsr__is_punct(&c->tok[o - 1], '(') &&
				       !dsr__is_punct(&c->tok[o - 1], ')')) {
					o--;
					n++;
				}
				if (o > s0 + 1 && n < 8 && dsr__is_punct(&c->tok[o - 1], '(') &&
				    (c->tok[o - 2].bits & DSR__TF_NAME)) {
					i = o - 1;
					continue;
				}
				break;
			}
			if (ch == ';' || ch == ':' || ch == 'D' || ch == '(' || ch == '.' ||
			    ch == '[' || ch == ']')
				break;
			i--;
			continue;
		}
		/* ", and Governor Reyes argued": a clause of its own, unless
		 * the comma ends a list of names ("Brown, Warren, and Reid") */
		if (i >= s0 + 3 && dsr__gram_is(c, i - 1, DSR__G_CONJ) &&
		    dsr__is_punct(&c->tok[i - 2], ',') && !(c->tok[i - 3].bits & DSR__TF_NAME))
			break;
		if (!(t->bits & DSR__TF_NAME) && (dsr__gram_is(c, i - 1, DSR__G_REL) ||
						 dsr__gram_is(c, i - 1, DSR__G_SUB) ||
						 dsr__gram_is(c, i - 1, DSR__G_BUT))) {
			/* ", who ...," inside the subject */
			if (comma != SIZE_MAX && !eq(c, i - 1, "that") &&
			    dsr__gram_is(c, i - 1, DSR__G_REL) && i >= 2 &&
			    dsr__is_punct(&c->tok[i - 2], ',')) {
				i -= 2;
				continue;
			}
			if (dsr__gram_is(c, i - 1, DSR__G_BUT) && !dsr__gram_is(c, i - 1, DSR__G_SUB))
				break; /* "..., but North Korea denied it": a new clause */
			/* "Rendell, who said he had", "The Post, which reported":
			 * the relative pronoun stands for the name before it */
			if (i == j && i >= s0 + 2 && (eq(c, i - 1, "who") || eq(c, i - 1, "which")) &&
			    (dsr__is_punct(&c->tok[i - 2], ',') || (c->tok[i - 2].bits & DSR__TF_NAME))) {
				*a = i - 1;
				*b = i;
				return true;
			}
			/* "as Clinton noted", "while Trump argued", "because the
			 * FBI said": an attribution in an adverbial clause of
			 * manner, contrast or reason, opening its clause, its
			 * subject named, a pronoun or a noun phrase.  Clauses of
			 * time ("after the chains said") tell when something
			 * happened. */
			if (comma == SIZE_MAX && i < j &&
			    (eq(c, i - 1, "as") || eq(c, i - 1, "while") || eq(c, i - 1, "although") ||
			     eq(c, i - 1, "though") || eq(c, i - 1, "whereas") || eq(c, i - 1, "when") ||
			     eq(c, i - 1, "because")) &&
			    (i - 1 == s0 || dsr__kind(&c->tok[i - 2]) == DSR__T_PUNCT ||
			     dsr__gram_is(c, i - 2, DSR__G_CONJ) || dsr__gram_is(c, i - 2, DSR__G_BUT)) &&
			    ((c->tok[i].bits & DSR__TF_NAME) || dsr__gram_is(c, i, DSR__G_PRON) ||
			     (dsr__gram_is(c, i, DSR__G_DET) && i + 1 < j))) {
				*a = i;
				*b = j;
				return true;
			}
			if (comma == SIZE_MAX)
				return false; /* "that claimed", "after ... said" */
			i = comma + 1;
			break;
		}
		i--;
	}
	while (i < j && dsr__kind(&c->tok[i]) == DSR__T_PUNCT)
		i++;
	*a = i;
	return true;
}

/* A noun phrase after token e: up to a comma, a quotation mark or the end
 * of the sentence, at most 12 tokens. */
static void np_after(const struct dsr__ctx *c, size_t e, size_t s1, size_t *a,
		     size_t *b)
{
	size_t i = e;
	while (i < s1 && i - e < 12) {
		const struct dsr__tok *t = &c->tok[i];
		unsigned k = dsr__kind(t), ch = dsr__ch(t);
		if (k == DSR__T_QUOTE || (k == DSR__T_PUNCT && ch != '.' && ch != '&' &&
					   ch != '-' && ch != '/'))
			break;
		if (k == DSR__T_PUNCT && ch == '.' && !(i > e && dsr__tok_is(c, i - 1, DSR__L_ABBREV)))
			break;
		i++;
	}
	*a = e;
	*b = i;
}

void dsr__ing_source(struct dsr__cl *st, size_t s0, size_t k, size_t *a, size_t *b)
{
	struct dsr__ctx *c = st->c;
	/* a passive agent: "threatened by the North Korean government" */
	for (size_t i = s0; i + 1 < k; i++) {
		c->work++;
		if (eq(c, i, "by") && (c->tok[i + 1].bits & DSR__TF_NAME || i + 2 < k)) {
			size_t x = i + 1;
			if (dsr__gram_is(c, x, DSR__G_DET))
				x++;
			if (x < k && (c->tok[x].bits & DSR__TF_NAME)) {
				size_t y = x;
				while (y < k && (c->tok[y].bits & DSR__TF_NAME))
					y++;
				/* take the whole collective phrase */
				while (y < k && dsr__kind(&c->tok[y]) == DSR__T_WORD &&
				       (c->tok[y].bits & DSR__TF_NAME))
					y++;
				*a = i + 1;
				*b = y;
				return;
			}
		}
	}
	/* otherwise the subject of the sentence */
	size_t i = s0;
	while (i < k && i - s0 < 15 && !dsr__gram_is(c, i, DSR__G_AUX) &&
	       !dsr__is_punct(&c->tok[i], ','))
		i++;
	*a = s0;
	*b = i;
}

static size_t skip_adjuncts(const struct dsr__ctx *c, size_t j, size_t s1,
			    uint16_t flags);
static size_t content_end(const struct dsr__ctx *c, size_t a, size_t s1);

/* Skips what may stand between a cue and its content. */
static size_t skip_adjuncts(const struct dsr__ctx *c, size_t j, size_t s1,
			    uint16_t flags)
{
	if ((flags & DSR__CUE_RECIP) && j < s1) {
		/* told NBC News ..., told The Huffington Post, told reporters,
		 * told him */
		if (j + 1 < s1 && dsr__gram_is(c, j, DSR__G_DET) && (c->tok[j + 1].bits & DSR__TF_NAME))
			j++;
		if (c->tok[j].bits & DSR__TF_NAME) {
			while (j < s1 && (c->tok[j].bits & DSR__TF_NAME))
				j++;
		} else if (dsr__gram_is(c, j, DSR__G_PRON) || eq(c, j, "reporters") ||
			   eq(c, j, "journalists")) {
			j++;
		}
	}
	for (int steps = 0; steps < 12 && j < s1; steps++) {
		const struct dsr__tok *t = &c->tok[j];
		if (t->bits & DSR__TF_TIME) {
			j++;
		} else if (dsr__is_punct(t, ',')) {
			j++;
		} else if (eq(c, j, "in") && j + 2 < s1 && dsr__gram_is(c, j + 1, DSR__G_DET) &&
			   dsr__kind(&c->tok[j + 2]) == DSR__T_WORD &&
			   !(c->tok[j + 2].bits & DSR__TF_TIME)) {
			j += 3; /* in a statement, in an interview */
		} else if ((dsr__gram_is(c, j, DSR__G_PREP) || eq(c, j, "late") ||
			    eq(c, j, "early")) &&
			   j + 1 < s1 && (c->tok[j + 1].bits & DSR__TF_TIME)) {
			j++; /* on Wednesday, in March */
		} else if (eq(c, j, "to") && j + 1 < s1 && (c->tok[j + 1].bits & DSR__TF_NAME)) {
			j++;
			while (j < s1 && (c->tok[j].bits & DSR__TF_NAME))
				j++;
		} else if (dsr__gram_is(c, j, DSR__G_ADV) && !eq(c, j, "that")) {
			j++;
		} else {
			break;
		}
	}
	if (j < s1 && eq(c, j, "that"))
		j++;
	return j;
}

/* The end of a sentence's content: before its final punctuation. */
static size_t content_end(const struct dsr__ctx *c, size_t a, size_t s1)
{
	size_t e = s1;
	while (e > a) {
		const struct dsr__tok *t = &c->tok[e - 1];
		unsigned k = dsr__kind(t), ch = dsr__ch(t);
		if (k == DSR__T_PUNCT && (ch == '.' || ch == '!' || ch == '?' || ch == ','))
			e--;
		else
			break;
	}
	return e;
}

bool dsr__cue_frame(struct dsr__cl *st, size_t s0, size_t s1, struct dsr__cue *q)
{
	struct dsr__ctx *c = st->c;
	size_t k = q->k, e = q->e;
	const struct dsr__tok *kt = &c->tok[k];
	bool ing = kt->end - kt->start > 4 &&
		   memcmp(c->text + kt->end - 3, "ing", 3) == 0;
	if (ing)
		q->flags |= DSR__CUE_ING;
	uint16_t fl = q->flags;
	q->impersonal = false;
	q->sa = q->sb = k;
	if (k > s0 && (dsr__gram_is(c, k - 1, DSR__G_DET) || eq(c, k - 1, "to")) &&
	    !(fl & DSR__CUE_ACCORDING))
		return false; /* "the claims", "declined to confirm" */
	if (fl & DSR__CUE_ACCORDING) {
		np_after(c, e, s1, &q->sa, &q->sb);
		if (q->sa == q->sb)
			return false; /* "According to, ..." names nobody */
		if (k > s0 + 2) {
			q->ca = s0;
			q->cb = content_end(c, s0, k);
		} else {
			size_t x = q->sb;
			while (x < s1 && dsr__is_punct(&c->tok[x], ','))
				x++;
			q->ca = x;
			q->cb = content_end(c, x, s1);
		}
		return q->ca < q->cb;
	}
	if ((fl & DSR__CUE_IMPERS) && k >= s0 + 2 && is_be(c, k - 1)) {
		/* it was reported / it has been reported */
		size_t i = k - 1;
		while (i > s0 && (is_be(c, i) || dsr__gram_is(c, i, DSR__G_AUX)))
			i--;
		if (eq(c, i, "it")) {
			q->impersonal = true;
			q->k = i;
			q->sa = q->sb = i;
			q->ca = skip_adjuncts(c, e, s1, 0);
			q->cb = content_end(c, q->ca, s1);
			return q->ca < q->cb;
		}
	}
	{
		/* passive with its agent: "was first reported by The Washington
		 * Post", "has been endorsed by dozens of papers": the agent
		 * speaks, about the subject */
		size_t b = k;
		while (b > s0 && dsr__gram_is(c, b - 1, DSR__G_ADV))
			b--;
		if (b > s0 + 1 && is_be(c, b - 1) && !ing && e + 1 < s1 && eq(c, e, "by")) {
			size_t a = e + 1, z;
			np_after(c, a, s1, &a, &z);
			size_t x = a;
			if (x < z && dsr__gram_is(c, x, DSR__G_DET))
				x++;
			if (x < z && (c->tok[x].bits & DSR__TF_NAME)) {
				size_t h = b - 1;
				while (h > s0 && (is_be(c, h - 1) || dsr__gram_is(c, h - 1, DSR__G_AUX) ||
						  dsr__gram_is(c, h - 1, DSR__G_ADV)))
					h--;
				if (h > s0) {
					q->sa = a;
					q->sb = z;
					q->ca = s0;
					q->cb = h;
					return true;
				}
			}
		}
	}
	if (k > s0 && is_be(c, k - 1) && !ing)
		return false; /* passive: "have been blamed on" */
	if (e < s1 && dsr__gram_is(c, e, DSR__G_AUX) && !(c->tok[e].bits & DSR__TF_INQ))
		return false; /* a noun: "hacking attacks have been", "what he said was" */
	if (e < s1 && !(fl & DSR__CUE_CLAUSE) && (eq(c, e, "in") || eq(c, e, "into") || eq(c, e, "out") || eq(c, e, "up") ||
		       eq(c, e, "off") || eq(c, e, "back") || eq(c, e, "down") || eq(c, e, "away")))
		return false; /* a phrasal verb: "called in to a show", "backed out" */
	if (e < s1 && !ing && eq(c, e, "of") &&
	    c->text[kt->end - 1] == 'd')
		return false; /* "nationals accused of", "suspected of" */
	if (e + 1 < s1 && !ing && eq(c, e, "by") && c->text[kt->end - 1] == 'd' &&
	    k > s0 && !dsr__gram_is(c, k - 1, DSR__G_AUX)) {
		/* "a connection first reported by Re/code": the agent speaks */
		size_t a = e + 1, b;
		np_after(c, a, s1, &a, &b);
		size_t x = a < b && dsr__gram_is(c, a, DSR__G_DET) ? a + 1 : a;
		if (a == b || x >= b || !(c->tok[x].bits & DSR__TF_NAME))
			return false;
		q->sa = a;
		q->sb = b;
		q->ca = s0;
		q->cb = k;
		while (q->cb > q->ca && (dsr__gram_is(c, q->cb - 1, DSR__G_ADV)))
			q->cb--;
		return q->ca < q->cb;
	}
	/* Content first: "X happened, the FBI said." -- the cue ends the
	 * sentence and its subject follows the last comma. */
	size_t after = skip_adjuncts(c, e, s1, fl);
	if (!(fl & DSR__CUE_ING) && content_end(c, after, s1) <= after) {
		size_t j = k;
		while (j > s0 && (dsr__gram_is(c, j - 1, DSR__G_AUX) ||
				  dsr__gram_is(c, j - 1, DSR__G_ADV) ||
				  (c->tok[j - 1].bits & DSR__TF_TIME)))
			j--;
		size_t cm = j;
		while (cm > s0 && j - cm < 12 && !dsr__is_punct(&c->tok[cm - 1], ',') &&
		       dsr__kind(&c->tok[cm - 1]) != DSR__T_QUOTE)
			cm--;
		if (cm > s0 + 1 && cm < j && dsr__is_punct(&c->tok[cm - 1], ',')) {
			q->sa = cm;
			q->sb = j;
			q->ca = s0;
			q->cb = cm - 1;
			return true;
		}
	}
	/* "have not yet responded to requests for comment", "did not comment":
	 * no statement */
	if (eq(c, k, "responded") || eq(c, k, "responds") || eq(c, k, "commented") ||
	    eq(c, k, "comment") || eq(c, k, "respond")) {
		for (size_t i = k; i > s0 && k - i < 4; i--)
			if (dsr__gram_is(c, i - 1, DSR__G_NEG))
				return false;
	}
	size_t kb = k; /* "is once again questioning": be before the adverbs */
	while (kb > s0 + 1 && (dsr__gram_is(c, kb - 1, DSR__G_ADV) || eq(c, kb - 1, "once")))
		kb--;
	if ((fl & DSR__CUE_ING) && !(kb > s0 && is_be(c, kb - 1))) {
		if (k == s0 || !(dsr__is_punct(&c->tok[k - 1], ',') || eq(c, k - 1, "as")))
			return false; /* "a message saying", "a person claiming" */
		if (!(fl & DSR__CUE_CLAUSE))
			return false; /* ", citing security concerns": a reason */
		dsr__ing_source(st, s0, k - 1, &q->sa, &q->sb);
	} else if (!dsr__scan_subject(st, s0, k, &q->sa, &q->sb)) {
		return false;
	}
	if (q->sa == q->sb) {
		/* '..., said Phil Lieberman' */
		if (k > s0 && (dsr__is_punct(&c->tok[k - 1], ',') ||
			       dsr__kind(&c->tok[k - 1]) == DSR__T_QUOTE)) {
			np_after(c, e, s1, &q->sa, &q->sb);
			e = q->sb;
		}
		if (q->sa == q->sb)
			return false;
	}
	q->ca = skip_adjuncts(c, e, s1, fl);
	q->cb = content_end(c, q->ca, s1);
	/* "The merger, announced in March, is expected": a participle in
	 * apposition, followed by the sentence's own verb */
	if (q->ca < q->cb && k > s0 && dsr__is_punct(&c->tok[k - 1], ',') &&
	    dsr__gram_is(c, q->ca, DSR__G_AUX))
		return false;
	if (q->ca >= q->cb) {
		/* content first: "X is behind it, a senior official confirmed." */
		if (q->sa > s0 + 1 && dsr__is_punct(&c->tok[q->sa - 1], ',')) {
			q->ca = s0;
			q->cb = q->sa - 1;
			return true;
		}
		return false;
	}
	return true;
}
