/* suggest.c: "did you mean ...?" for a name typed wrong: the nearest of
 * some known names by edit distance (optimal string alignment: insertions,
 * deletions, substitutions and swaps of two neighbours each cost 1), case
 * and spacing aside. */
#include "suggest.h"
#include "client.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* Lower case, runs of spaces, dots and hyphens folded to one space: "G.O.P"
 * is near "GOP", "north-korea" near "North Korea". */
static size_t fold(const char *s, char *out, size_t cap)
{
	size_t n = 0;
	bool sep = false;
	for (; *s && n + 1 < cap; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == ' ' || c == '.' || c == '-' || c == '_' || c == '\t') {
			sep = n > 0;
			continue;
		}
		if (sep && n + 2 < cap)
			out[n++] = ' ';
		sep = false;
		out[n++] = (char)tolower(c);
	}
	out[n] = 0;
	return n;
}

unsigned suggest_distance(const char *a, const char *b)
{
	char fa[128], fb[128];
	size_t n = fold(a, fa, sizeof fa), m = fold(b, fb, sizeof fb);
	/* Three rows of the table: two back, one back, this one. */
	unsigned r0[128], r1[128], r2[128];
	unsigned *pp = r0, *p = r1, *c = r2;
	for (size_t j = 0; j <= m; j++)
		p[j] = (unsigned)j;
	for (size_t i = 1; i <= n; i++) {
		c[0] = (unsigned)i;
		for (size_t j = 1; j <= m; j++) {
			unsigned cost = fa[i - 1] != fb[j - 1];
			unsigned v = p[j] + 1;
			if (c[j - 1] + 1 < v)
				v = c[j - 1] + 1;
			if (p[j - 1] + cost < v)
				v = p[j - 1] + cost;
			if (i > 1 && j > 1 && fa[i - 1] == fb[j - 2] && fa[i - 2] == fb[j - 1] &&
			    pp[j - 2] + 1 < v)
				v = pp[j - 2] + 1;
			c[j] = v;
		}
		unsigned *t = pp;
		pp = p;
		p = c;
		c = t;
	}
	return p[m];
}

void suggest_init(struct suggest *s, const char *typed)
{
	memset(s, 0, sizeof *s);
	s->typed = typed;
	char f[128];
	size_t n = fold(typed, f, sizeof f);
	/* A third of the word may be wrong, at least one letter, at most 4. */
	s->max = n < 3 ? 1 : n / 3 > 4 ? 4 : (unsigned)(n / 3);
}

void suggest_offer(struct suggest *s, const char *name, const char *shown)
{
	unsigned d = suggest_distance(s->typed, name);
	if (d > s->max || d == 0)
		return;
	if (!shown)
		shown = name;
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->v[i].name, shown)) {
			if (d < s->v[i].d)
				s->v[i].d = d;
			return;
		}
	size_t at = s->n;
	if (at == SUGGEST_MAX) {
		if (d >= s->v[at - 1].d)
			return;
		free(s->v[--at].name);
		s->n--;
	}
	while (at > 0 && s->v[at - 1].d > d) {
		s->v[at] = s->v[at - 1];
		at--;
	}
	s->v[at].name = xstrdup(shown);
	s->v[at].d = d;
	s->n++;
}

void suggest_print(struct suggest *s, FILE *f, const char *quote)
{
	if (!s->n)
		return;
	fprintf(f, "did you mean ");
	for (size_t i = 0; i < s->n; i++) {
		fprintf(f, "%s%s%s%s", i == 0 ? "" : i + 1 == s->n ? " or " : ", ", quote,
			s->v[i].name, quote);
		errout_candidate(s->v[i].name);
	}
	fprintf(f, "?\n");
}

void suggest_free(struct suggest *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i].name);
	s->n = 0;
}
