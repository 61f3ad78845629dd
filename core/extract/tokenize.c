/* tokenize.c: bytes to tokens, one left-to-right pass.
 *
 * A token is a word (letters and digits, with inner joiners so that
 * "U.S.", "Jong-un", "Re/code", "AT&T", "can't" and "TECHTIMES.com" stay
 * whole), a number ("3,000", "24th"), a #tag or @handle, a quotation mark
 * (the typewriter pairs '' and `` are one double mark), or one punctuation
 * mark.  Possessive 's is not part of the token but a
 * flag on it, so "Sony's" and "Sony" look alike to the later stages.  White
 * space of any kind (NBSP, the U+2000 spaces, CR) separates tokens; line
 * breaks are remembered on the next token.  Bytes that are not UTF-8, and
 * NUL, count as space: they are never part of a token, which keeps every
 * name the extractor builds valid UTF-8.  The same function splits lexicon
 * phrases, so text and lexicons agree on what a word is.
 */
#include "impl.h"
#include "utf8.h"

#include <errno.h>
#include <stdlib.h>

enum { C_SPACE, C_NL, C_BLANK, C_LETTER, C_DIGIT, C_PUNCT, C_BAD };

/* Letter case of a code point: 1 upper, -1 lower, 0 neither. */
static int letter_case(uint32_t cp)
{
	if (cp < 0x80)
		return cp >= 'A' && cp <= 'Z' ? 1 : cp >= 'a' && cp <= 'z' ? -1 : 0;
	if (cp >= 0xc0 && cp <= 0xde && cp != 0xd7)
		return 1;
	if (cp >= 0xdf && cp <= 0xff && cp != 0xf7)
		return -1;
	if (cp >= 0x100 && cp <= 0x17f)
		return cp & 1 ? -1 : 1;
	if (cp >= 0x391 && cp <= 0x3a9)
		return 1;
	if (cp >= 0x3b1 && cp <= 0x3c9)
		return -1;
	if (cp >= 0x400 && cp <= 0x42f)
		return 1;
	if (cp >= 0x430 && cp <= 0x45f)
		return -1;
	return 0;
}

/* Classes of the ASCII bytes, the common case. */
static const uint8_t ascii_class[128] = {
	C_BAD, C_SPACE, C_SPACE, C_SPACE, C_SPACE, C_SPACE, C_SPACE, C_SPACE,
	C_SPACE, C_SPACE, C_NL, C_SPACE, C_SPACE, C_SPACE, C_SPACE, C_SPACE,
	C_SPACE, C_SPACE, C_SPACE, C_SPACE, C_SPACE, C_SPACE, C_SPACE, C_SPACE,
	C_SPACE, C_SPACE, C_SPACE, C_SPACE, C_SPACE, C_SPACE, C_SPACE, C_SPACE,
	C_SPACE, C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT,
	C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT,
	C_DIGIT, C_DIGIT, C_DIGIT, C_DIGIT, C_DIGIT, C_DIGIT, C_DIGIT, C_DIGIT,
	C_DIGIT, C_DIGIT, C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT,
	C_PUNCT, C_LETTER, C_LETTER, C_LETTER, C_LETTER, C_LETTER, C_LETTER, C_LETTER,
	C_LETTER, C_LETTER, C_LETTER, C_LETTER, C_LETTER, C_LETTER, C_LETTER, C_LETTER,
	C_LETTER, C_LETTER, C_LETTER, C_LETTER, C_LETTER, C_LETTER, C_LETTER, C_LETTER,
	C_LETTER, C_LETTER, C_LETTER, C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT,
	C_PUNCT, C_LETTER, C_LETTER, C_LETTER, C_LETTER, C_LETTER, C_LETTER, C_LETTER,
	C_LETTER, C_LETTER, C_LETTER, C_LETTER, C_LETTER, C_LETTER, C_LETTER, C_LETTER,
	C_LETTER, C_LETTER, C_LETTER, C_LETTER, C_LETTER, C_LETTER, C_LETTER, C_LETTER,
	C_LETTER, C_LETTER, C_LETTER, C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT, C_SPACE,
};

static int classify(uint32_t cp)
{
	if (cp < 0x80)
		return ascii_class[cp];
	if (cp == 0x85 || cp == 0x2028)
		return C_NL;
	if (cp == 0x2029)
		return C_BLANK;
	if (cp == 0xa0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200b) ||
	    cp == 0x202f || cp == 0x205f || cp == 0x3000 || cp == 0xfeff ||
	    (cp >= 0x80 && cp < 0xa0))
		return C_SPACE;
	if (cp == 0xfffd)
		return C_BAD;
	/* Letters of the scripts news is written in; marks join letters. */
	if ((cp >= 0xc0 && cp <= 0x24f && cp != 0xd7 && cp != 0xf7) ||
	    (cp >= 0x250 && cp <= 0x2af) || (cp >= 0x300 && cp <= 0x36f) ||
	    (cp >= 0x370 && cp <= 0x3ff && cp != 0x37e && cp != 0x387) ||
	    (cp >= 0x400 && cp <= 0x52f) || (cp >= 0x531 && cp <= 0x587) ||
	    (cp >= 0x5d0 && cp <= 0x5ea) || (cp >= 0x620 && cp <= 0x64a) ||
	    (cp >= 0x900 && cp <= 0xdff) || (cp >= 0xe00 && cp <= 0xe7f) ||
	    (cp >= 0x1100 && cp <= 0x11ff) || (cp >= 0x1e00 && cp <= 0x1fff) ||
	    (cp >= 0x3040 && cp <= 0x30ff) || (cp >= 0x3400 && cp <= 0x9fff) ||
	    (cp >= 0xac00 && cp <= 0xd7af) || (cp >= 0xf900 && cp <= 0xfaff) ||
	    (cp >= 0xff21 && cp <= 0xff3a) || (cp >= 0xff41 && cp <= 0xff5a) ||
	    cp >= 0x10000)
		return C_LETTER;
	return C_PUNCT;
}

struct cur {
	const uint8_t *s;
	size_t n;
};

static inline __attribute__((always_inline)) uint32_t
peek(const struct cur *c, size_t i, size_t *adv, int *cls)
{
	if (i >= c->n) {
		*adv = 0;
		*cls = C_SPACE;
		return 0;
	}
	if (c->s[i] < 0x80) {
		*adv = 1;
		*cls = ascii_class[c->s[i]];
		return c->s[i];
	}
	size_t a = dsr_utf8_valid_prefix(c->s + i, c->n - i);
	if (a == 0) {
		*adv = 1;
		*cls = C_BAD;
		return 0xfffd;
	}
	uint32_t cp = dsr_utf8_decode(c->s + i, c->n - i, adv);
	*cls = classify(cp);
	return cp;
}

static bool alnum_at(const struct cur *c, size_t i)
{
	size_t a;
	int cls;
	peek(c, i, &a, &cls);
	return cls == C_LETTER || cls == C_DIGIT;
}

static bool is_apos(uint32_t cp)
{
	return cp == '\'' || cp == 0x2019;
}

static bool is_hyphen(uint32_t cp)
{
	return cp == '-' || cp == 0x2010 || cp == 0x2011;
}

static bool isdig(uint8_t b)
{
	return b >= '0' && b <= '9';
}

/* Length of the run of ASCII letters at i. */
static size_t letters_at(const struct cur *c, size_t i)
{
	size_t k = i;
	while (k < c->n && (((c->s[k] | 0x20) >= 'a' && (c->s[k] | 0x20) <= 'z')))
		k++;
	return k - i;
}

static unsigned punct_ch(uint32_t cp)
{
	if (cp < 0x80)
		return cp;
	if ((cp >= 0x2012 && cp <= 0x2015) || cp == 0x2212 || cp == 0x2e3a ||
	    cp == 0x2e3b)
		return 'D';
	if (cp == 0x2026)
		return 'E';
	if (cp == 0x2022 || cp == 0x25cf || cp == 0x25aa)
		return '*';
	return '~';
}

/* Scans a word or number starting at i; returns its end and sets flags. */
static size_t scan_word(const struct cur *c, size_t i, uint32_t *flags,
			unsigned *kind, uint64_t *work)
{
	size_t j = i, adv;
	int cls, ncase = 0, seglen = 0, nseg = 1;
	bool single_segs = true, any_lower = false, digit_first;
	uint32_t cp = peek(c, j, &adv, &cls);
	digit_first = cls == C_DIGIT;
	if (digit_first) {
		/* Digits, with ',' before three digits or '.' before a digit. */
		while (j < c->n) {
			(*work)++;
			if (c->s[j] >= '0' && c->s[j] <= '9') {
				j++;
				continue;
			}
			if (c->s[j] == ',' && j + 3 < c->n && isdig(c->s[j + 1]) &&
			    isdig(c->s[j + 2]) && isdig(c->s[j + 3]) &&
			    (j + 4 >= c->n || !isdig(c->s[j + 4]))) {
				j++;
				continue;
			}
			if (c->s[j] == '.' && j + 1 < c->n && c->s[j + 1] >= '0' &&
			    c->s[j + 1] <= '9' && j > i) {
				j++;
				continue;
			}
			break;
		}
		*kind = DSR__T_NUM;
		size_t l = letters_at(c, j);
		if (l == 2 && !alnum_at(c, j + 2)) {
			char a = (char)(c->s[j] | 0x20), b = (char)(c->s[j + 1] | 0x20);
			if ((a == 's' && b == 't') || (a == 'n' && b == 'd') ||
			    (a == 'r' && b == 'd') || (a == 't' && b == 'h')) {
				*flags |= DSR__TF_ORD;
				j += 2;
			}
		}
		return j;
	}
	*kind = DSR__T_WORD;
	for (;;) {
		(*work)++;
		/* plain ASCII letters and digits, the common case */
		while (j < c->n && c->s[j] < 0x80 &&
		       (((c->s[j] | 0x20) >= 'a' && (c->s[j] | 0x20) <= 'z') ||
			(c->s[j] >= '0' && c->s[j] <= '9'))) {
			uint8_t b = c->s[j];
			if (b >= 'A' && b <= 'Z') {
				if (j == i)
					*flags |= DSR__TF_CAP;
				ncase++;
			} else if (b >= 'a') {
				if (j == i)
					*flags |= DSR__TF_LOWER;
				any_lower = true;
				ncase++;
			} else {
				*flags |= DSR__TF_DIGIT;
			}
			seglen++;
			j++;
		}
		cp = peek(c, j, &adv, &cls);
		if (cls == C_LETTER || cls == C_DIGIT) {
			int lc = letter_case(cp);
			if (j == i) {
				if (lc > 0)
					*flags |= DSR__TF_CAP;
				else if (lc < 0)
					*flags |= DSR__TF_LOWER;
			}
			if (lc < 0)
				any_lower = true;
			if (lc != 0 || cls == C_LETTER)
				ncase++;
			if (cls == C_DIGIT)
				*flags |= DSR__TF_DIGIT;
			seglen++;
			j += adv;
			continue;
		}
		if (j >= c->n)
			break;
		/* A joiner keeps the word whole when a letter or digit follows. */
		size_t a2;
		int cls2;
		uint32_t nx = peek(c, j + adv, &a2, &cls2);
		bool next_alnum = cls2 == C_LETTER || cls2 == C_DIGIT;
		if (is_apos(cp)) {
			if ((nx == 's' || nx == 'S') && !alnum_at(c, j + adv + 1)) {
				*flags |= DSR__TF_POSS;
				/* the caller skips "'s" */
				break;
			}
			if (next_alnum) {
				j += adv;
				seglen = 0;
				single_segs = false;
				continue;
			}
			break;
		}
		if (!next_alnum)
			break;
		if (is_hyphen(cp) || cp == '_') {
			if (is_hyphen(cp))
				*flags |= DSR__TF_HYPHEN;
			single_segs = false;
		} else if (cp == '/') {
			single_segs = false;
		} else if (cp == '&') {
			/* AT&T, R&D: capitals on both sides */
			if (!(c->s[j - 1] >= 'A' && c->s[j - 1] <= 'Z' &&
			      nx >= 'A' && nx <= 'Z'))
				break;
			single_segs = false;
		} else if (cp == '.') {
			size_t nl = letters_at(c, j + 1);
			bool dotted = seglen == 1 && nl == 1;
			bool domain = seglen >= 2 && nl >= 2 && nl <= 4 &&
				      !alnum_at(c, j + 1 + nl) && c->s[j + 1] >= 'a';
			if (!dotted && !domain)
				break;
			if (!dotted)
				single_segs = false;
			nseg++;
		} else {
			break;
		}
		j += adv;
		seglen = 0;
	}
	if (ncase >= 2 && !any_lower)
		*flags |= DSR__TF_UPPER;
	/* "U.S" + "." -> "U.S." ; a dotted abbreviation owns its last period */
	if (nseg >= 2 && single_segs && j < c->n && c->s[j] == '.') {
		j++;
		*flags |= DSR__TF_DOTTED;
	}
	return j;
}

static int push(struct dsr__tok **v, size_t *n, size_t *cap)
{
	if (*n < *cap)
		return 0;
	size_t nc = *cap ? *cap * 2 : 256;
	struct dsr__tok *p = realloc(*v, nc * sizeof *p);
	if (!p)
		return -ENOMEM;
	*v = p;
	*cap = nc;
	return 0;
}

int dsr__tokenize(const uint8_t *s, size_t n, struct dsr__tok **out,
		  size_t *ntok, size_t *invalid, uint64_t *work)
{
	struct cur c = { s, n };
	struct dsr__tok *v = NULL;
	size_t nv = 0, cap = 0, bad = 0;
	uint32_t pend = DSR__TF_SPACE;
	int nls = 0;
	size_t i = 0;
	/* Start with a guess of one token per five bytes. */
	cap = n / 5 + 64;
	v = malloc(cap * sizeof *v);
	if (!v)
		return -ENOMEM;
	uint64_t w = 0; /* kept in a register, added to *work at the end */
	while (i < n) {
		size_t adv;
		int cls;
		w++;
		if (s[i] == ' ') {
			pend |= DSR__TF_SPACE;
			i++;
			continue;
		}
		uint32_t cp = peek(&c, i, &adv, &cls);
		if (cls == C_BAD || cls == C_SPACE) {
			if (cls == C_BAD)
				bad += adv;
			pend |= DSR__TF_SPACE;
			i += adv;
			continue;
		}
		if (cls == C_NL || cls == C_BLANK) {
			nls += cls == C_BLANK ? 2 : 1;
			pend |= DSR__TF_SPACE | DSR__TF_NL;
			if (nls >= 2)
				pend |= DSR__TF_BLANK;
			i += adv;
			continue;
		}
		if (push(&v, &nv, &cap)) {
			free(v);
			*work += w;
			return -ENOMEM;
		}
		struct dsr__tok *t = &v[nv];
		uint32_t flags = pend;
		unsigned kind, ch = 0;
		size_t end;
		pend = 0;
		nls = 0;
		if (cls == C_LETTER || cls == C_DIGIT) {
			end = scan_word(&c, i, &flags, &kind, &w);
		} else if ((cp == '#' || cp == '@') && i + 1 < n &&
			   (alnum_at(&c, i + 1) || s[i + 1] == '_')) {
			end = i + 1;
			while (end < n && (alnum_at(&c, end) || s[end] == '_')) {
				size_t a;
				int k;
				w++;
				peek(&c, end, &a, &k);
				end += a;
			}
			kind = DSR__T_TAG;
			ch = cp;
		} else if ((cp == '\'' && i + 1 < n && s[i + 1] == '\'') ||
			   (cp == '`' && i + 1 < n && s[i + 1] == '`')) {
			/* '' and ``: typewriter double quotation marks (The New
			 * York Times's plain text, TimeBank) */
			kind = DSR__T_QUOTE;
			ch = '"';
			if (cp == '`')
				flags |= DSR__TF_OPEN;
			end = i + 2;
		} else if (cp == '"' || cp == 0x201c || cp == 0x201d ||
			   cp == 0x201e || cp == 0x201f || cp == 0xab || cp == 0xbb) {
			kind = DSR__T_QUOTE;
			ch = '"';
			if (cp == 0x201c || cp == 0x201e || cp == 0x201f || cp == 0xab)
				flags |= DSR__TF_OPEN;
			else if (cp == 0x201d || cp == 0xbb)
				flags |= DSR__TF_CLOSE;
			end = i + adv;
		} else if (cp == '\'' || cp == 0x2018 || cp == 0x2019) {
			kind = DSR__T_QUOTE;
			ch = '\'';
			if (cp == 0x2018)
				flags |= DSR__TF_OPEN;
			else if (cp == 0x2019)
				flags |= DSR__TF_CLOSE;
			end = i + adv;
		} else {
			kind = DSR__T_PUNCT;
			ch = punct_ch(cp);
			end = i + adv;
		}
		t->start = (uint32_t)i;
		t->end = (uint32_t)end;
		t->word = 0;
		t->bits = (flags & DSR__TF_MASK) | (kind << 22) | ((ch & 0x7f) << 25);
		nv++;
		i = end;
		if (flags & DSR__TF_POSS) {
			/* skip the apostrophe and, when there, the s */
			size_t a;
			int k;
			uint32_t ap = peek(&c, i, &a, &k);
			if (is_apos(ap)) {
				i += a;
				if (i < n && (s[i] == 's' || s[i] == 'S') && !alnum_at(&c, i + 1))
					i++;
			}
		} else if (kind == DSR__T_WORD && i < n && end > 0 &&
			   (s[end - 1] == 's' || s[end - 1] == 'S')) {
			/* plural possessive: employees' computers */
			size_t a, a2;
			int k, k2;
			uint32_t ap = peek(&c, i, &a, &k);
			peek(&c, i + a, &a2, &k2);
			if (is_apos(ap) && (k2 == C_SPACE || k2 == C_NL) &&
			    i + a < n) {
				v[nv - 1].bits |= DSR__TF_POSS;
				i += a;
			}
		}
	}
	*out = v;
	*ntok = nv;
	*invalid = bad;
	*work += w;
	return 0;
}
