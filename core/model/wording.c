/* wording.c: the significant words of a claim's content, after folding
 * synonyms into classes (data/lexicon/propositions.txt) and dropping
 * function words, hedges and negations (see model/api.h).  The views group
 * claims of the same actors and wording into one proposition by them; two
 * contents whose words overlap by half or more state the same proposition
 * (dsr_same_proposition, confidence.h).  Also which contents say that
 * someone is behind something (an attribution). */
#include "confidence.h"
#include "model/api.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- the proposition lexicon ------------------------------------------- */

struct word {
	char w[32];
	uint32_t cls;              /* class number; 0 = stop word */
};

static struct word *words;
static size_t nwords;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static int word_cmp(const void *a, const void *b)
{
	return strcmp(((const struct word *)a)->w, ((const struct word *)b)->w);
}

static void load(void)
{
	size_t len;
	const char *p = dsr_lexicon("propositions", &len);
	if (!p)
		return;
	size_t cap = 512;
	words = calloc(cap, sizeof *words);
	uint32_t cls = 0;
	const char *end = p + len;
	while (p < end && words) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		if (p < le && *p != '#') {
			bool stop = (size_t)(le - p) >= 5 && !strncmp(p, "_stop", 5);
			uint32_t c = stop ? 0 : ++cls;
			const char *q = stop ? p + 5 : p;
			while (q < le) {
				while (q < le && isspace((unsigned char)*q))
					q++;
				const char *ws = q;
				while (q < le && !isspace((unsigned char)*q))
					q++;
				size_t wl = (size_t)(q - ws);
				if (!wl || wl >= sizeof words->w)
					continue;
				if (nwords == cap) {
					struct word *nw = realloc(words, 2 * cap * sizeof *nw);
					if (!nw)
						return;
					words = nw;
					cap *= 2;
				}
				memcpy(words[nwords].w, ws, wl);
				words[nwords].w[wl] = 0;
				words[nwords].cls = c;
				nwords++;
			}
		}
		p = le + 1;
	}
	if (words && nwords)
		qsort(words, nwords, sizeof *words, word_cmp);
}

static const struct word *lookup(const char *w)
{
	struct word key;
	snprintf(key.w, sizeof key.w, "%s", w);
	return words ? bsearch(&key, words, nwords, sizeof *words, word_cmp) : NULL;
}

/* ---- keyword sets ------------------------------------------------------- */

static uint32_t fnv(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (uint8_t)*s) * 16777619u;
	return h | 0x80000000u;
}

static bool in_names(const char *w, char *const *names, size_t n)
{
	size_t wl = strlen(w);
	for (size_t i = 0; i < n; i++) {
		const char *s = names[i];
		while (*s) {
			while (*s && !isalpha((unsigned char)*s))
				s++;
			const char *b = s;
			while (*s && isalpha((unsigned char)*s))
				s++;
			if ((size_t)(s - b) == wl && !strncasecmp(b, w, wl))
				return true;
		}
	}
	return false;
}

static int u32cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

/* The next significant word of *s (advanced past it): its class, or the
 * hash of its crude stem; 0 at the end. */
static uint32_t next_keyword(const char **sp, char *const *about, size_t nabout)
{
	char w[32];
	const char *s = *sp;
	while (*s) {
		while (*s && !isalpha((unsigned char)*s))
			s++;
		size_t n = 0;
		while (*s && (isalpha((unsigned char)*s) || *s == '-')) {
			if (n + 1 < sizeof w)
				w[n++] = (char)tolower((unsigned char)*s);
			s++;
		}
		w[n] = 0;
		if (n < 3 || in_names(w, about, nabout))
			continue;
		const struct word *e = lookup(w);
		uint32_t k;
		if (e) {
			if (e->cls == 0)
				continue;
			k = e->cls;
		} else {
			/* A crude stem so "leaks"/"leaked" meet outside the
			 * lexicon too. */
			size_t l = strlen(w);
			if (l > 5 && !strcmp(w + l - 3, "ing"))
				w[l - 3] = 0;
			else if (l > 4 && !strcmp(w + l - 2, "ed"))
				w[l - 2] = 0;
			else if (l > 4 && w[l - 1] == 's')
				w[l - 1] = 0;
			k = fnv(w);
		}
		*sp = s;
		return k;
	}
	*sp = s;
	return 0;
}

uint32_t dsr__headword(const char *text, char *const *about, size_t nabout)
{
	pthread_once(&once, load);
	const char *s = text ? text : "";
	return next_keyword(&s, about, nabout);
}

void dsr__keywords(const char *text, char *const *about, size_t nabout, dsr__kwset *out)
{
	pthread_once(&once, load);
	out->n = 0;
	const char *s = text ? text : "";
	uint32_t k;
	while (out->n < 64 && (k = next_keyword(&s, about, nabout)))
		out->v[out->n++] = k;
	if (out->n)
		qsort(out->v, out->n, sizeof *out->v, u32cmp);
	size_t o = 0;
	for (size_t i = 0; i < out->n; i++)
		if (!o || out->v[o - 1] != out->v[i])
			out->v[o++] = out->v[i];
	out->n = o;
}

bool dsr__kw_similar(const dsr__kwset *a, const dsr__kwset *b)
{
	if (!a->n || !b->n)
		return false;
	size_t i = 0, j = 0, both = 0;
	while (i < a->n && j < b->n) {
		if (a->v[i] == b->v[j]) {
			both++;
			i++;
			j++;
		} else if (a->v[i] < b->v[j]) {
			i++;
		} else {
			j++;
		}
	}
	size_t uni = a->n + b->n - both;
	return both * 2 >= uni;   /* Jaccard >= 1/2 */
}

bool dsr_same_proposition(const char *a, const char *b, char *const *about, size_t nabout)
{
	dsr__kwset ka, kb;
	dsr__keywords(a, about, nabout, &ka);
	dsr__keywords(b, about, nabout, &kb);
	return dsr__kw_similar(&ka, &kb);
}

bool dsr_claim_is_attribution(const char *content)
{
	pthread_once(&once, load);
	const struct word *r = lookup("responsible");
	if (!r)
		return false;
	dsr__kwset k;
	dsr__keywords(content, NULL, 0, &k);
	for (size_t i = 0; i < k.n; i++)
		if (k.v[i] == r->cls)
			return true;
	return false;
}
