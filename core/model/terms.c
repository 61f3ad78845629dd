/* terms.c: the words of a text as the search index sees them (model/api.h,
 * docs/store.md "v.search").  A word is a run of letters and digits; a dot
 * inside "U.S." or "3.5", a comma inside "3,000" and an apostrophe inside
 * "can't" join, and a possessive 's or ’s ends the word without becoming
 * one.  Letters are folded to lower case (ASCII, Latin-1, Latin
 * Extended-A, Greek, Cyrillic); bytes that are not UTF-8 separate words.
 * Every word takes a position, stop words too, so that a phrase with a
 * stop word in it keeps its shape; stop words carry their number, which
 * the index keeps in a map of the document's positions instead of
 * postings. */
#include "model/api.h"
#include "utf8.h"

#include <string.h>

/* English words too common to search by.  Their numbers (place + 1) are
 * stored in the index: add at the end only, and raise VIEWS_LAYOUT. */
static const char *const stop_words[] = {
	"a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "for",
	"from", "had", "has", "have", "he", "her", "his", "i", "in", "is", "it",
	"its", "of", "on", "or", "s", "she", "that", "the", "their", "them",
	"they", "this", "to", "was", "we", "were", "which", "will", "with",
	"would",
};

/* A word of at most 8 bytes as a number, for comparing in one step. */
static uint64_t pack8(const char *s, size_t n)
{
	uint64_t v = 0;
	for (size_t i = 0; i < n; i++)
		v = v << 8 | (uint8_t)s[i];
	return v << (8 * (8 - n));
}

/* The stop words packed, in an open-addressed table of 128 slots (0:
 * empty), built once: a word is looked up in a multiply and a compare or
 * two, for every word of every text searched. */
#define STOP_SLOTS 128
static uint64_t stop_tab[STOP_SLOTS];
static uint8_t stop_num[STOP_SLOTS];      /* its number in stop_words, + 1 */
static bool stop_ready;

static size_t stop_slot(uint64_t k)
{
	return (size_t)((k * 0x9e3779b97f4a7c15ull) >> 57);
}

static void stop_build(void)
{
	uint64_t tab[STOP_SLOTS] = { 0 };
	uint8_t num[STOP_SLOTS] = { 0 };
	for (size_t i = 0; i < sizeof stop_words / sizeof *stop_words; i++) {
		uint64_t k = pack8(stop_words[i], strlen(stop_words[i]));
		size_t j = stop_slot(k);
		while (tab[j])
			j = (j + 1) % STOP_SLOTS;
		tab[j] = k;
		num[j] = (uint8_t)(i + 1);
	}
	/* two threads may build it at once: they write the same values */
	for (size_t j = 0; j < STOP_SLOTS; j++) {
		__atomic_store_n(&stop_tab[j], tab[j], __ATOMIC_RELAXED);
		__atomic_store_n(&stop_num[j], num[j], __ATOMIC_RELAXED);
	}
	__atomic_store_n(&stop_ready, true, __ATOMIC_RELEASE);
}

static uint8_t stop_word(const char *term, size_t n)
{
	if (n > 5 || !n)   /* the longest stop word */
		return 0;
	if (!__atomic_load_n(&stop_ready, __ATOMIC_ACQUIRE))
		stop_build();
	uint64_t k = pack8(term, n);
	for (size_t j = stop_slot(k); stop_tab[j]; j = (j + 1) % STOP_SLOTS)
		if (stop_tab[j] == k)
			return stop_num[j];
	return 0;
}

uint8_t dsr__stop_word(const char *term)
{
	return stop_word(term, strlen(term));
}

/* Letters and digits: ASCII's, Latin-1's, and every code point from
 * U+0100 on but the punctuation, symbol, space and private-use blocks. */
static inline bool is_word(uint32_t cp)
{
	if (cp < 0x80)
		return (cp >= '0' && cp <= '9') || ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z');
	if (cp < 0x100)
		return cp == 0xaa || cp == 0xb5 || cp == 0xba ||
		       (cp >= 0xc0 && cp != 0xd7 && cp != 0xf7);
	if (cp >= 0x2000 && cp <= 0x2bff)   /* punctuation, symbols, arrows */
		return false;
	if (cp >= 0x2e00 && cp <= 0x2e7f)   /* supplemental punctuation */
		return false;
	if (cp >= 0x3000 && cp <= 0x303f)   /* CJK punctuation */
		return false;
	if (cp >= 0xe000 && cp <= 0xf8ff)   /* private use */
		return false;
	if (cp >= 0xfe10 && cp <= 0xfe6f)   /* vertical and small forms */
		return false;
	if ((cp >= 0xff00 && cp <= 0xff0f) || (cp >= 0xff1a && cp <= 0xff20) ||
	    (cp >= 0xff3b && cp <= 0xff40) || (cp >= 0xff5b && cp <= 0xff65))
		return false;
	if (cp == 0xfeff || (cp >= 0xfff0 && cp <= 0xffff))
		return false;
	if (cp >= 0x1f000 && cp <= 0x1faff) /* emoji and pictographs */
		return false;
	return true;
}

static inline bool ascii_alnum(uint8_t c)
{
	return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

static bool is_digit(uint32_t cp)
{
	return cp >= '0' && cp <= '9';
}

uint32_t dsr__fold_cp(uint32_t cp)
{
	if (cp < 0x80)
		return cp >= 'A' && cp <= 'Z' ? cp + 0x20 : cp;
	if (cp >= 0xc0 && cp <= 0xde && cp != 0xd7)
		return cp + 0x20;
	if (cp >= 0x100 && cp <= 0x17f) {
		/* pairs upper/lower, even first, but for the runs where the
		 * upper case letter is the odd one */
		if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17e))
			return cp & 1 ? cp + 1 : cp;
		if (cp == 0x130 || cp == 0x131 || cp == 0x138 || cp == 0x149 || cp == 0x17f)
			return cp == 0x130 ? 'i' : cp;
		return cp & 1 ? cp : cp + 1;
	}
	if (cp >= 0x391 && cp <= 0x3a9 && cp != 0x3a2)
		return cp + 0x20;
	if (cp >= 0x410 && cp <= 0x42f)
		return cp + 0x20;
	if (cp >= 0x400 && cp <= 0x40f)
		return cp + 0x50;
	return cp;
}

static size_t put_utf8(char *out, uint32_t cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* The code point at p[i] (U+FFFD, and *n 0, when the byte is not UTF-8:
 * it separates words). */
static uint32_t cp_at(const uint8_t *p, size_t len, size_t i, size_t *n)
{
	if (p[i] < 0x80 && p[i]) {
		*n = 1;
		return p[i];
	}
	*n = dsr_utf8_valid_prefix(p + i, len - i);
	size_t adv;
	return *n ? dsr_utf8_decode(p + i, len - i, &adv) : 0xfffd;
}

static bool is_apostrophe(uint32_t cp)
{
	return cp == '\'' || cp == 0x2019;
}

int dsr__words(const uint8_t *text, size_t len, uint32_t pos, dsr__word_fn fn, void *ctx,
	       uint32_t *next_pos)
{
	size_t i = 0;
	int rc = 0;
	dsr__word w;
	while (i < len && !rc) {
		/* ASCII between words, the common case */
		while (i < len && text[i] < 0x80 && text[i] && !ascii_alnum(text[i]))
			i++;
		if (i >= len)
			break;
		size_t n;
		uint32_t cp = cp_at(text, len, i, &n);
		if (!n || !is_word(cp)) {
			i += n ? n : 1;
			continue;
		}
		w.start = (uint32_t)i;
		w.len = 0;
		size_t run = 0;          /* code points since the last joiner */
		uint32_t prev = 0;
		for (;;) {
			if (n == 1 && ascii_alnum((uint8_t)cp)) {
				/* a run of ASCII letters and digits at once */
				size_t j = i;
				while (j < len && text[j] < 0x80 && ascii_alnum(text[j])) {
					if (w.len < DSR__TERM_MAX)
						w.term[w.len++] = (char)(text[j] >= 'A' && text[j] <= 'Z'
									 ? text[j] + 0x20 : text[j]);
					j++;
				}
				run += j - i;
				prev = text[j - 1];
				i = j;
				w.end = (uint32_t)i;
				if (i >= len)
					break;
				cp = cp_at(text, len, i, &n);
				continue;
			}
			if (n && is_word(cp)) {
				char u[4];
				size_t k = put_utf8(u, dsr__fold_cp(cp));
				if (w.len + k <= DSR__TERM_MAX) {
					memcpy(w.term + w.len, u, k);
					w.len += (uint32_t)k;
				}
				i += n;
				run++;
				prev = cp;
				w.end = (uint32_t)i;
				if (i >= len)
					break;
				cp = cp_at(text, len, i, &n);
				continue;
			}
			if (!n)
				break;
			/* a joiner counts only between two word characters */
			size_t n2 = 0;
			uint32_t nx = i + n < len ? cp_at(text, len, i + n, &n2) : 0;
			if (!n2 || !is_word(nx))
				break;
			if (is_apostrophe(cp) && (nx | 0x20) == 's') {
				size_t n3 = 0;
				uint32_t after = i + n + 1 < len ? cp_at(text, len, i + n + 1, &n3) : 0;
				if (!n3 || !is_word(after)) {
					i += n + 1;   /* possessive: not a word */
					break;
				}
			}
			bool join = is_apostrophe(cp) ||
				    ((cp == '.' || cp == ',') && is_digit(prev) && is_digit(nx)) ||
				    (cp == '.' && run == 1 && !is_digit(prev) && !is_digit(nx));
			if (!join)
				break;
			i += n;
			run = 0;
			cp = nx;
			n = n2;
		}
		w.term[w.len] = 0;
		w.pos = pos++;
		w.stop = stop_word(w.term, w.len);
		rc = fn(ctx, &w);
	}
	if (next_pos)
		*next_pos = pos;
	return rc;
}
