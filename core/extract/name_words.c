/* name_words.c: the name finder's word-level tests — a capitalised word,
 * a connector inside a name ("of", "de", "&"), the first word of a
 * sentence, a common word, the end of a capitalised run — and adding a
 * mention with its identity key (names.h). */
#include "names.h"
#include "name.h"

#include <string.h>

bool dsr__cap_word(const struct dsr__ctx *c, size_t i)
{
	const struct dsr__tok *t = &c->tok[i];
	if (dsr__kind(t) != DSR__T_WORD || (t->bits & (DSR__TF_TIME | DSR__TF_OFF)))
		return false;
	if (!(t->bits & DSR__TF_CAP))
		return false;
	if (t->bits & DSR__TF_HYPHEN) {
		/* "Oscar-winning", "Sony-backed": an adjective, not a name */
		const uint8_t *s = c->text + t->start;
		size_t n = t->end - t->start, h = n;
		while (h > 0 && s[h - 1] != '-')
			h--;
		if (h > 0 && h < n && s[h] >= 'a' && s[h] <= 'z') {
			size_t tail = n - h;
			if ((tail >= 4 && memcmp(s + n - 3, "ing", 3) == 0) ||
			    (tail >= 3 && memcmp(s + n - 2, "ed", 2) == 0) ||
			    tail >= 5)
				return false;
		}
	}
	return true;
}

bool dsr__connector(const struct dsr__ctx *c, size_t i)
{
	static const char *const w[] = { "of", "for", "de", "du", "da", "di",
		"del", "della", "der", "den", "van", "von", "la", "le", "al",
		"bin", "ibn", "&", "on" };
	const struct dsr__tok *t = &c->tok[i];
	size_t n = t->end - t->start;
	if (n > 5 || (t->bits & (DSR__TF_TIME | DSR__TF_CAP)))
		return false;
	uint8_t f = c->text[t->start];
	if (!strchr("ofdvlabi&", f))
		return false;
	for (size_t k = 0; k < sizeof w / sizeof w[0]; k++)
		if (strlen(w[k]) == n && memcmp(c->text + t->start, w[k], n) == 0)
			return true;
	return false;
}

/* First word of a sentence or of a quotation, a colon or a dash. */
bool dsr__initial(const struct dsr__ctx *c, size_t s0, size_t i)
{
	while (i > s0) {
		const struct dsr__tok *p = &c->tok[i - 1];
		unsigned k = dsr__kind(p), ch = dsr__ch(p);
		if (k == DSR__T_QUOTE && !(p->bits & DSR__TF_CLOSE) &&
		    (p->bits & (DSR__TF_OPEN | DSR__TF_SPACE)))
			return true; /* the first word of a quotation */
		if (k == DSR__T_QUOTE || (k == DSR__T_PUNCT && (ch == '(' || ch == '[' ||
								  ch == '*' || ch == '~')))
			i--;
		else
			return k == DSR__T_PUNCT && (ch == ':' || ch == 'D' || ch == ';');
	}
	return true;
}

/* A word that is common English rather than a name when it opens a
 * sentence. */
bool dsr__commonish(const struct dsr__ctx *c, size_t i)
{
	if (c->tok[i].bits & DSR__TF_UPPER)
		return dsr__tok_is(c, i, DSR__L_ACRONYM);
	if (dsr__tok_is(c, i, DSR__L_COMMON) || dsr__tok_is(c, i, DSR__L_GRAM) ||
	    dsr__tok_is(c, i, DSR__L_TIMEWORD) || dsr__lower_seen(c, i))
		return true;
	/* "Hacked by", "Following the leaks": a verb form opening a clause */
	const struct dsr__tok *t = &c->tok[i];
	size_t n = t->end - t->start;
	const char *w = (const char *)c->text + t->start;
	if (n >= 5 && !dsr__tok_is(c, i, DSR__L_GIVEN) && !(t->bits & DSR__TF_UPPER) &&
	    (memcmp(w + n - 2, "ed", 2) == 0 || memcmp(w + n - 3, "ing", 3) == 0))
		return true;
	/* plural and abstract nouns rarely name anyone: "Economists",
	 * "Regulations", "Investments" */
	static const char *const suf[] = { "ists", "ments", "tions", "sions", "ness",
		"ities", "ships", "ances", "ences", "ologies" };
	for (size_t k = 0; n >= 7 && k < sizeof suf / sizeof suf[0]; k++) {
		size_t l = strlen(suf[k]);
		if (memcmp(w + n - l, suf[k], l) == 0)
			return true;
	}
	return false;
}

/* End of the capitalised run that starts at i. */
size_t dsr__run_end(struct dsr__ctx *c, size_t i, size_t lim)
{
	size_t j = i;
	while (j < lim) {
		c->work++;
		const struct dsr__tok *t = &c->tok[j];
		if (dsr__cap_word(c, j) && (j == i || !(t->bits & DSR__TF_NL))) {
			j++;
			if (t->bits & DSR__TF_POSS)
				break;
			/* Mr. Turner, Corp., George W. Bush: an abbreviation's or an
			 * initial's own period */
			if (j + 1 < lim && dsr__is_punct(&c->tok[j], '.') &&
			    !(c->tok[j].bits & DSR__TF_SPACE) &&
			    (dsr__tok_is(c, j - 1, DSR__L_HONORIFIC) ||
			     dsr__tok_is(c, j - 1, DSR__L_ABBREV) ||
			     (c->tok[j - 1].end - c->tok[j - 1].start == 1 && j - 1 > i)) &&
			    dsr__cap_word(c, j + 1))
				j++;
			continue;
		}
		if (j > i && j + 1 < lim && dsr__connector(c, j) && dsr__cap_word(c, j + 1) &&
		    !(c->tok[j - 1].bits & DSR__TF_POSS)) {
			j++;
			continue;
		}
		if (j > i && j + 2 < lim && dsr__connector(c, j) &&
		    (c->tok[j + 1].end - c->tok[j + 1].start == 3 &&
		     memcmp(c->text + c->tok[j + 1].start, "the", 3) == 0) &&
		    dsr__cap_word(c, j + 2)) {
			j += 2; /* Bank of the West */
			continue;
		}
		break;
	}
	return j;
}

uint64_t dsr__key_hash(const struct dsr__ctx *c, size_t a, size_t b)
{
	char k[DSR_NAME_KEY_MAX];
	size_t s = c->tok[a].start, e = c->tok[b - 1].end;
	/* a #tag or @handle is keyed without its sigil */
	if (dsr__kind(&c->tok[a]) == DSR__T_TAG)
		s++;
	size_t n = dsr_name_key((const char *)c->text + s, e - s, k, sizeof k);
	return n ? dsr__hash(k, n) : 0;
}

struct dsr__mention *dsr__add_mention(struct dsr__ctx *c, size_t t0, size_t t1,
				      int form, int kind, unsigned flags)
{
	if (t1 <= t0)
		return NULL;
	struct dsr__mention *m = dsr__vec_push(&c->men, sizeof *m);
	if (!m)
		return NULL;
	m->t0 = (uint32_t)t0;
	m->t1 = (uint32_t)t1;
	m->start = c->tok[t0].start;
	m->end = c->tok[t1 - 1].end;
	m->actor = -1;
	m->link = -1;
	m->form = (uint8_t)form;
	m->kind = (uint8_t)kind;
	m->flags = (uint16_t)flags;
	unsigned nw = 0;
	for (size_t i = t0; i < t1; i++) {
		c->tok[i].bits |= DSR__TF_NAME;
		nw += dsr__kind(&c->tok[i]) != DSR__T_PUNCT;
		if (c->tok[i].bits & DSR__TF_INQ)
			m->flags |= DSR__M_INQ;
	}
	m->ntok = (uint8_t)(nw > 255 ? 255 : nw);
	if (c->tok[t1 - 1].bits & DSR__TF_POSS)
		m->flags |= DSR__M_POSS;
	m->key = dsr__key_hash(c, t0, t1);
	m->text = dsr__span_text(c, c->tmp, (uint32_t)t0, (uint32_t)t1);
	if (!m->text) {
		c->men.n--;
		return NULL;
	}
	return m;
}
