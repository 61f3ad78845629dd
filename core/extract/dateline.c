/* dateline.c: the publication date an article gives itself.  Filed
 * without one, an article often carries it in its first lines: a byline
 * ("By Jane Doe | December 17, 2014"), a dateline ("WASHINGTON, Dec. 17,
 * 2014 —"), a stamp ("Published 2014-12-17 09:30", "Updated: 17 December
 * 2014").  Such a date, found, dates the article: relative expressions
 * ("on Wednesday") are resolved against it, the filed article carries it,
 * and a warning says where it came from.
 *
 * A date qualifies when the temporal expressions (timex.c, run without a
 * publication date, so every full date found is written out with its
 * year) name a day in the first 1,024 bytes, in one of the first six
 * lines, and either that line is short (a byline or stamp: at most 14
 * tokens) or a stamp word ("published", "updated", "posted", "date") comes
 * just before it.  A date inside the lede's sentence ("On November 24,
 * 2014, hackers ...") is the event's, not the article's, and does not
 * qualify. */
#include "extract/impl.h"

#include <string.h>
#include <strings.h>

#define HEAD_BYTES 1024
#define HEAD_LINES 6
#define SHORT_LINE 14

static bool stamp_word(const struct dsr__ctx *c, size_t i)
{
	static const char *const w[] = { "published", "updated", "posted", "date", "dated" };
	const struct dsr__tok *t = &c->tok[i];
	size_t n = t->end - t->start;
	for (size_t k = 0; k < sizeof w / sizeof *w; k++)
		if (n == strlen(w[k]) && !strncasecmp((const char *)c->text + t->start, w[k], n))
			return true;
	return false;
}

bool dsr__dateline(struct dsr__ctx *c, dsr_span *where)
{
	const struct dsr__time *T = DSR__VEC(c, struct dsr__time, times);
	for (size_t k = 0; k < c->times.n; k++) {
		const struct dsr__time *t = &T[k];
		uint32_t s = c->tok[t->t0].start;
		c->work++;
		if (s >= HEAD_BYTES)
			break;
		if (t->d <= 0 || t->y <= 0 || strcmp(t->type, "DATE"))
			continue;
		/* its line: which one, and how many tokens it has */
		size_t line = 0;
		for (uint32_t b = 0; b < s; b++)
			line += c->text[b] == '\n';
		if (line >= HEAD_LINES)
			continue;
		size_t a = t->t0, z = t->t1;
		while (a > 0 && !dsr__has(&c->tok[a], DSR__TF_NL))
			a--;
		while (z < c->ntok && !dsr__has(&c->tok[z], DSR__TF_NL))
			z++;
		bool stamp = false;
		for (size_t i = t->t0 > a + 3 ? t->t0 - 3 : a; i < t->t0 && !stamp; i++)
			stamp = stamp_word(c, i);
		if (z - a > SHORT_LINE && !stamp)
			continue;
		c->has_pub = true;
		c->py = t->y;
		c->pm = t->m;
		c->pd = t->d;
		where->start = s;
		where->end = c->tok[t->t1 - 1].end;
		return true;
	}
	return false;
}
