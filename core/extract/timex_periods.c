/* timex_periods.c: the time expressions of business and general news that
 * the calendar patterns of timex.c do not cover:
 *   fiscal      the third quarter (of 2014) | the quarter | the latest
 *               quarter | this quarter | the year-earlier period | its
 *               fiscal first quarter | the first half (of 2014) | the
 *               fiscal year | the full year | the year ended June 30
 *   hyphens     two-year, 30-day, several-week (durations); day-long;
 *               third-quarter; year-earlier, year-ago; year-end;
 *               mid-1990s, late-November, early-2015
 *   spelled     nineteen ninety-six | the year two thousand
 *   eras        the 20th century, the nineteenth century | the nineties
 *   vague       the future, recent years, coming weeks | (for) years,
 *               (within) weeks
 *
 * Quarters follow what earnings reports do: once an article has named a
 * quarter, "the quarter", "the latest period" and "this quarter" are that
 * quarter, and "a year earlier", "year-ago" and "the year-earlier quarter"
 * the same quarter of the year before (TimeML keeps the granularity of the
 * period compared).  Without one, "the quarter" is the last one completed
 * before publication.
 */
#include "timex.h"

#include <string.h>

/* ---- parts of a hyphenated word ---- */

/* The lexicon payloads of one word given as bytes. */
static const struct dsr__lexpay *word_pay(struct dsr__tx *r, const uint8_t *s,
					  size_t n, size_t *np)
{
	char f[64];
	*np = 0;
	if (n == 0 || n >= sizeof f)
		return NULL;
	size_t fl = dsr__fold(s, n, f, sizeof f);
	uint32_t w = fl ? dsr__lex_word(r->c->L, f, fl) : 0;
	uint32_t node = w ? dsr__lex_child(r->c->L, 0, w) : 0;
	if (!node)
		return NULL;
	return dsr__lex_pay(r->c->L, node, np);
}

/* Whether the word s[0, n) is in lexicon type (a time word of the given
 * code); *val gets the parameter. */
static bool word_is(struct dsr__tx *r, const uint8_t *s, size_t n, int type,
		    int code, int *val)
{
	size_t np;
	const struct dsr__lexpay *p = word_pay(r, s, n, &np);
	for (size_t q = 0; q < np; q++) {
		if (p[q].type == type && (type != DSR__L_TIMEWORD || p[q].id == (uint32_t)code)) {
			*val = p[q].val;
			return true;
		}
	}
	return false;
}

/* A count written as digits (up to three) or a number word. */
static bool word_num(struct dsr__tx *r, const uint8_t *s, size_t n, long *v)
{
	if (n >= 1 && n <= 3) {
		long x = 0;
		size_t k = 0;
		while (k < n && s[k] >= '0' && s[k] <= '9')
			x = x * 10 + (s[k++] - '0');
		if (k == n) {
			*v = x;
			return x > 0;
		}
	}
	int val;
	if (word_is(r, s, n, DSR__L_NUMBER, 0, &val)) {
		*v = val;
		return true;
	}
	return false;
}

static bool word_eq(const uint8_t *s, size_t n, const char *w)
{
	return strlen(w) == n && strncasecmp((const char *)s, w, n) == 0;
}

struct parts {
	size_t n;
	const uint8_t *s[3];
	size_t len[3];
};

/* Splits a hyphenated token into at most three parts (0 if more). */
static size_t split(struct dsr__tx *r, size_t i, struct parts *p)
{
	const struct dsr__tok *t = T(r, i);
	const uint8_t *s = r->c->text + t->start, *e = r->c->text + t->end;
	p->n = 0;
	while (s <= e) {
		const uint8_t *h = memchr(s, '-', (size_t)(e - s));
		if (!h)
			h = e;
		if (p->n == 3 || h == s)
			return p->n = 0;
		p->s[p->n] = s;
		p->len[p->n++] = (size_t)(h - s);
		s = h + 1;
	}
	return p->n;
}

#define PART_IS(p, k, w) word_eq((p)->s[k], (p)->len[k], w)

/* A word and its length, for look-ups without strlen. */
struct lit {
	const char *w;
	size_t n;
};
#define W(s) { s, sizeof(s) - 1 }

/* An ordinal word for a century ("the nineteenth century"). */
static bool k_ord(struct dsr__tx *r, size_t i, int *v)
{
	static const struct lit ords[] = { W("eleventh"), W("twelfth"), W("thirteenth"),
		W("fourteenth"), W("fifteenth"), W("sixteenth"), W("seventeenth"),
		W("eighteenth"), W("nineteenth"), W("twentieth"), W("twenty-first") };
	if (i >= r->s1 || T(r, i)->end - T(r, i)->start < 7)
		return false;
	for (int k = 0; k < 11; k++) {
		if (eqn(r, i, ords[k].w, ords[k].n)) {
			*v = k + 11;
			return true;
		}
	}
	return false;
}

/* ---- quarters ---- */

static int pub_quarter(struct dsr__tx *r)
{
	return (r->c->pm - 1) / 3 + 1;
}

/* Quarter q of year y, y - 1 when year_ago; XXXX without a year. */
static void quarter_value(struct dsr__tx *r, struct dsr__time *t, int y, int q,
			  bool year_ago)
{
	r->qback = year_ago;
	if (y <= 0)
		dsr__tv_set(t, "DATE", DSR__PR_QUARTER, "XXXX-Q%d", q);
	else
		dsr__tv_set(t, "DATE", DSR__PR_QUARTER, "%04d-Q%d", y - (year_ago ? 1 : 0), q);
}

/* The year of quarter q named without one: the publication's, or the year
 * before when the clause is past and the quarter has not begun. */
static int quarter_year(struct dsr__tx *r, int q, size_t a, size_t b)
{
	if (!pub(r))
		return 0;
	if (q > pub_quarter(r) && tense(r, a, b) < 0)
		return r->c->py - 1;
	return r->c->py;
}

/* The quarter an article's "the quarter" means: the last one it named, or
 * else the last one completed before publication (cur: the current one;
 * prev: the one before the last completed). */
static void quarter_in_context(struct dsr__tx *r, struct dsr__time *t, bool cur,
			       bool prev, bool year_ago)
{
	if (r->qq && !prev) {
		quarter_value(r, t, r->qy, r->qq, year_ago);
		return;
	}
	if (!pub(r)) {
		dsr__tv_set(t, "DATE", DSR__PR_QUARTER, "XXXX-QX");
		return;
	}
	int y = r->c->py, q = pub_quarter(r) - (cur ? 0 : 1);
	if (q < 1) {
		q += 4;
		y--;
	}
	quarter_value(r, t, y, q, year_ago);
}

void dsr__tx_year_ago(struct dsr__tx *r, struct dsr__time *t)
{
	if (r->qq)
		quarter_value(r, t, r->qy, r->qq, true);
	else if (pub(r))
		dsr__tv_year(t, r->c->py - 1);
	else
		dsr__tv_ref(t, -1);
}

/* "fiscal-first" and the like: a fiscal ordinal in one word */
static bool fiscal_ord(struct dsr__tx *r, size_t j, int *q)
{
	struct parts p;
	int v;
	if (j >= r->s1 || !(T(r, j)->bits & DSR__TF_HYPHEN) || split(r, j, &p) != 2 ||
	    !PART_IS(&p, 0, "fiscal") ||
	    !word_is(r, p.s[1], p.len[1], DSR__L_TIMEWORD, DSR__TW_ORDINAL, &v) ||
	    PART_IS(&p, 1, "last"))
		return false;
	*q = v;
	return true;
}

/* "of 2014" or "of fiscal 2014" after a period */
static size_t of_year(struct dsr__tx *r, size_t j, int *y)
{
	if (!eq(r, j, "of"))
		return 0;
	if (year4(r, j + 1, y))
		return 2;
	if (eq(r, j + 1, "fiscal") && year4(r, j + 2, y))
		return 3;
	return 0;
}

/* "a year ago", "a year earlier", "last year" after a period: the same
 * period a year back */
static size_t year_back(struct dsr__tx *r, size_t j, bool *yago)
{
	if (eq(r, j, "a") && eq(r, j + 1, "year") && (eq(r, j + 2, "ago") || eq(r, j + 2, "earlier"))) {
		*yago = true;
		return 3;
	}
	if (eq(r, j, "last") && eq(r, j + 1, "year") && !(T(r, j + 1)->bits & DSR__TF_POSS)) {
		*yago = true;
		return 2;
	}
	return 0;
}

/* "ended Sept. 30" after a period: the quarter and year of that month */
static size_t ended(struct dsr__tx *r, size_t j, int *y, int *q)
{
	int m;
	if (!(eq(r, j, "ended") || eq(r, j, "ending")) ||
	    !named(r, j + 1, DSR__L_MONTH, &m, false))
		return 0;
	*q = (m - 1) / 3 + 1;
	size_t n = named(r, j + 1, DSR__L_MONTH, &m, false), e = j + 1 + n;
	int d;
	if (dayno(r, e, &d))
		e++;
	if (punct(r, e, ',') && year4(r, e + 1, y))
		return 1;
	if (year4(r, e, y))
		return 1;
	if (!pub(r))
		*y = 0;
	else
		*y = m > r->c->pm ? r->c->py - 1 : r->c->py;
	return 1;
}

size_t dsr__tx_fiscal(struct dsr__tx *r, size_t i, struct dsr__time *t)
{
	size_t j = i, k;
	bool det = false, this_ = false, yago = false, latest = false, cur = false;
	bool fiscal = false, full = false, last = false, that = eq(r, i, "that");
	int q = 0, y = 0, v, ey = 0;
	/* this year's third quarter, next year's first half */
	if ((k = tw(r, j, DSR__TW_REL, &v)) == 1 && v >= -1 && v <= 1 && eq(r, j + 1, "year") &&
	    (T(r, j + 1)->bits & DSR__TF_POSS)) {
		if (!pub(r))
			return 0;
		ey = r->c->py + v;
		det = true;
		j += 2;
	} else if (eq(r, j, "the") || eq(r, j, "its") || eq(r, j, "their") || eq(r, j, "that")) {
		det = true;
		j++;
	} else if (eq(r, j, "this")) {
		det = this_ = true;
		j++;
	}
	for (int m = 0; m < 4; m++) {
		if (eq(r, j, "latest") || eq(r, j, "same") || eq(r, j, "comparable") ||
		    eq(r, j, "corresponding")) {
			latest = true;
			j++;
		} else if (eq(r, j, "most") && eq(r, j + 1, "recent")) {
			latest = true;
			j += 2;
		} else if (eq(r, j, "current")) {
			cur = true;
			j++;
		} else if (eq(r, j, "year-earlier") || eq(r, j, "year-ago")) {
			yago = true;
			j++;
		} else if (eq(r, j, "fiscal")) {
			fiscal = true;
			j++;
		} else if (!q && fiscal_ord(r, j, &q)) {
			fiscal = true; /* the fiscal-first quarter */
			j++;
		} else if (eq(r, j, "full")) {
			full = true;
			j++;
		} else if (det && !ey && year4(r, j, &ey)) {
			j++; /* the 1988 third quarter, the 1989 period */
		} else {
			break;
		}
	}
	if ((k = tw(r, j, DSR__TW_ORDINAL, &v)) && v >= 1 && v <= 4) {
		if (eq(r, j, "last"))
			last = true;
		else
			q = v;
		j += k;
	}
	if (last && det && eq(r, j, "half"))
		q = 2; /* the last half of 1989 */
	if (q && q <= 2 && det && eq(r, j, "half")) {
		/* the first half (of 2014) */
		j++;
		if (ey)
			y = ey;
		else if ((k = of_year(r, j, &y)))
			j += k;
		else if (pub(r))
			y = r->c->py;
		else
			return 0;
		dsr__tv_set(t, "DATE", DSR__PR_NONE, "%04d-H%d", y - (yago ? 1 : 0), q);
		return j - i;
	}
	if ((k = tw(r, j, DSR__TW_QUARTER, &v)) && v == 0) {
		if (!det && !q && !yago && !last)
			return 0; /* "a quarter", "quarter" alone */
		j += k;
		j += year_back(r, j, &yago);
		if (ey) {
			if (q)
				quarter_value(r, t, ey, q, yago);
			else if (r->qq)
				quarter_value(r, t, ey, r->qq, yago);
			else
				dsr__tv_year(t, ey - (yago ? 1 : 0));
		} else if (q && (k = of_year(r, j, &y))) {
			j += k;
			quarter_value(r, t, y, q, yago);
		} else if (q) {
			quarter_value(r, t, quarter_year(r, q, i, j), q, yago);
		} else if (!last && (k = ended(r, j, &y, &v))) {
			quarter_value(r, t, y, v, yago);
		} else if (that && !yago && r->lq) {
			quarter_value(r, t, r->ly, r->lq, false); /* that quarter */
			r->qback = true;
		} else if (last && det && !this_) {
			quarter_in_context(r, t, false, true, yago);
		} else {
			quarter_in_context(r, t, cur || this_, false, yago);
		}
		return j - i;
	}
	if (eq(r, j, "period") && (yago || (latest && det) || (ey && det))) {
		j++;
		j += year_back(r, j, &yago);
		if (ey && r->qq)
			quarter_value(r, t, ey, r->qq, yago);
		else if (ey)
			dsr__tv_year(t, ey - (yago ? 1 : 0));
		else if (yago)
			dsr__tx_year_ago(r, t);
		else
			quarter_in_context(r, t, false, false, false);
		return j - i;
	}
	if (eq(r, j, "year") && det && !q && !last) {
		bool prep = i > r->s0 && (eq(r, i - 1, "for") || eq(r, i - 1, "of") ||
					  eq(r, i - 1, "through") || eq(r, i - 1, "throughout"));
		bool ends = eq(r, j + 1, "ended") || eq(r, j + 1, "ending");
		if (!(fiscal || full || cur || latest || yago || prep || ends) || this_)
			return 0;
		struct dsr__time sy;
		int yy;
		if (year4(r, j + 1, &yy) || dsr__tx_spelled_year(r, j + 1, &sy))
			return 0; /* "the year two thousand" names it */
		j++;
		if (eq(r, j, "ended") || eq(r, j, "ending")) {
			dsr__tv_duration(t, 1, DSR__U_YEAR);
			return j - i;
		}
		if (!pub(r))
			dsr__tv_ref(t, 0);
		else
			dsr__tv_year(t, r->c->py - (yago ? 1 : 0));
		return j - i;
	}
	if (yago && !det) {
		/* "compared with year-earlier profit" */
		dsr__tx_year_ago(r, t);
		return j - i;
	}
	return 0;
}

/* year-end, year end, year's end: the end of the publication year, as
 * "the end of the year" */
void dsr__tx_year_end(struct dsr__tx *r, struct dsr__time *t)
{
	if (pub(r))
		dsr__tv_year(t, r->c->py);
	else
		dsr__tv_set(t, "DATE", DSR__PR_YEAR, "XXXX");
	t->mod = "END";
}

/* ---- hyphenated words ---- */

static const char *const mods[] = { NULL, "START", "MID", "END" };

size_t dsr__tx_hyphen(struct dsr__tx *r, size_t i, struct dsr__time *t)
{
	if (i >= r->s1)
		return 0;
	const struct dsr__tok *tk = T(r, i);
	struct parts p;
	int u, v, y;
	long n;
	if (dsr__kind(tk) == DSR__T_NUM) {
		/* 30-year, 16-hour: digits stop at the hyphen */
		if (tk->end - tk->start > 3 || (tk->bits & DSR__TF_ORD) || i + 2 >= r->s1 ||
		    !punct(r, i + 1, '-') || (T(r, i + 1)->bits & DSR__TF_SPACE) ||
		    (T(r, i + 2)->bits & DSR__TF_SPACE) || !tw(r, i + 2, DSR__TW_UNIT, &u) ||
		    r->c->text[T(r, i + 2)->end - 1] == 's' || punct(r, i + 3, '-'))
			return 0;
		n = (long)dsr__num(r->c, i);
		if (n <= 0)
			return 0;
		dsr__tv_duration(t, n, u);
		return 3;
	}
	if (!(tk->bits & DSR__TF_HYPHEN) || split(r, i, &p) < 2)
		return 0;
	/* two-year, 30-day, several-week: a duration, not an age ("8-month-old") */
	if (word_num(r, p.s[0], p.len[0], &n) &&
	    word_is(r, p.s[1], p.len[1], DSR__L_TIMEWORD, DSR__TW_UNIT, &u) &&
	    p.s[1][p.len[1] - 1] != 's') {
		if (p.n == 3 && !PART_IS(&p, 2, "long"))
			return 0;
		dsr__tv_duration(t, n, u);
		return 1;
	}
	if (p.n != 2)
		return 0;
	/* day-long, decades-long */
	if (PART_IS(&p, 1, "long") &&
	    word_is(r, p.s[0], p.len[0], DSR__L_TIMEWORD, DSR__TW_UNIT, &u)) {
		dsr__tv_duration(t, p.s[0][p.len[0] - 1] == 's' ? -1 : 1, u);
		return 1;
	}
	/* third-quarter (as an adjective) */
	if (word_is(r, p.s[0], p.len[0], DSR__L_TIMEWORD, DSR__TW_ORDINAL, &v) &&
	    !PART_IS(&p, 0, "last") && PART_IS(&p, 1, "quarter")) {
		quarter_value(r, t, quarter_year(r, v, i, i + 1), v, false);
		return 1;
	}
	if ((PART_IS(&p, 0, "year") && (PART_IS(&p, 1, "earlier") || PART_IS(&p, 1, "ago"))))
		return 0; /* dsr__tx_fiscal reads them */
	if (PART_IS(&p, 0, "year") && PART_IS(&p, 1, "end")) {
		dsr__tx_year_end(r, t);
		return 1;
	}
	/* mid-November, late-November, mid-1990s, mid-1996 */
	if (!word_is(r, p.s[0], p.len[0], DSR__L_TIMEWORD, DSR__TW_MOD, &v) || v < 1 || v > 3)
		return 0;
	size_t used = 1;
	if (word_is(r, p.s[1], p.len[1], DSR__L_MONTH, 0, &u)) {
		if (year4(r, i + 1, &y))
			used = 2;
		else if (pub(r))
			y = dsr__tv_month_year(r->c, u, 0, tense(r, i, i + 1));
		else
			return 0;
		dsr__tv_month(t, y, u);
	} else if ((p.len[1] == 4 || (p.len[1] == 5 && p.s[1][4] == 's')) &&
		   p.s[1][0] >= '1' && p.s[1][0] <= '2') {
		int x = 0;
		for (size_t k = 0; k < 4; k++) {
			if (p.s[1][k] < '0' || p.s[1][k] > '9')
				return 0;
			x = x * 10 + (p.s[1][k] - '0');
		}
		if (p.len[1] == 5) {
			if (x % 10)
				return 0;
			dsr__tv_set(t, "DATE", DSR__PR_DECADE, "%03d", x / 10);
		} else {
			dsr__tv_year(t, x);
		}
	} else {
		return 0;
	}
	t->mod = mods[v];
	return used;
}

/* ---- years in words ---- */

/* nineteen ninety-six | two thousand (and) one: spoken-word transcripts */
size_t dsr__tx_spelled_year(struct dsr__tx *r, size_t i, struct dsr__time *t)
{
	size_t j = i;
	long hi, lo = 0;
	if (i >= r->s1 || dsr__kind(T(r, i)) != DSR__T_WORD)
		return 0;
	if (eq(r, j, "two") && eq(r, j + 1, "thousand")) {
		j += 2;
		hi = 20;
		if (eq(r, j, "and"))
			j++;
		long x;
		size_t k = number(r, j, &x);
		if (k && x > 0 && x < 100 && dsr__kind(T(r, j)) == DSR__T_WORD &&
		    !eq(r, j, "a") && !eq(r, j, "an"))
			lo = x, j += k;
		else if (eq(r, j - 1, "and"))
			j--;
		/* "two thousand" alone is a year only as "the year two thousand" */
		if (!lo && !(i >= r->s0 + 2 && eq(r, i - 1, "year") && eq(r, i - 2, "the")))
			return 0;
	} else {
		if (!(eq(r, j, "nineteen") || eq(r, j, "eighteen")))
			return 0;
		hi = eq(r, j, "nineteen") ? 19 : 18;
		j++;
		/* ninety-six is one token; "ninety six" two */
		const struct dsr__tok *b = j < r->s1 ? T(r, j) : NULL;
		if (!b || dsr__kind(b) != DSR__T_WORD)
			return 0;
		struct parts p;
		long tens, ones = 0;
		if ((b->bits & DSR__TF_HYPHEN) && split(r, j, &p) == 2 &&
		    word_num(r, p.s[0], p.len[0], &tens) &&
		    word_num(r, p.s[1], p.len[1], &ones) && tens >= 20 && tens % 10 == 0 &&
		    ones >= 1 && ones <= 9) {
			lo = tens + ones;
			j++;
		} else if (number(r, j, &tens) && tens >= 10 && tens < 100 &&
			   !eq(r, j, "a") && !eq(r, j, "an")) {
			lo = tens;
			j++;
			if (tens % 10 == 0 && tens >= 20 && number(r, j, &ones) &&
			    ones >= 1 && ones <= 9 && !eq(r, j, "a") && !eq(r, j, "an")) {
				lo += ones;
				j++;
			}
		} else {
			return 0;
		}
	}
	dsr__tv_year(t, (int)(hi * 100 + lo));
	return j - i;
}

/* ---- centuries and decades in words ---- */

/* the 20th century ("19"), the nineties ("199") */
size_t dsr__tx_era(struct dsr__tx *r, size_t i, struct dsr__time *t)
{
	static const struct lit tens[] = { W("twenties"), W("thirties"), W("forties"),
		W("fifties"), W("sixties"), W("seventies"), W("eighties"), W("nineties") };
	if (i >= r->s1)
		return 0;
	const struct dsr__tok *a = T(r, i);
	int v;
	if (dsr__kind(a) == DSR__T_NUM && (a->bits & DSR__TF_ORD) && eq(r, i + 1, "century")) {
		v = (int)dsr__num(r->c, i);
		if (v < 1 || v > 99)
			return 0;
		dsr__tv_set(t, "DATE", DSR__PR_NONE, "%02d", v - 1);
		return 2;
	}
	if (!eq(r, i, "the"))
		return 0;
	if (k_ord(r, i + 1, &v) && eq(r, i + 2, "century")) {
		dsr__tv_set(t, "DATE", DSR__PR_NONE, "%02d", v - 1);
		return 3;
	}
	for (int d = 0; d < 8 && i + 1 < r->s1 && T(r, i + 1)->end - T(r, i + 1)->start >= 7; d++) {
		if (eqn(r, i + 1, tens[d].w, tens[d].n)) {
			/* "in the nineties" (not "a man in his nineties") */
			dsr__tv_set(t, "DATE", DSR__PR_DECADE, "19%d", d + 2);
			return 2;
		}
	}
	return 0;
}

/* ---- vague references ---- */

/* the future; recent years, coming weeks; for years, within weeks (an
 * unspecified duration) */
size_t dsr__tx_vague(struct dsr__tx *r, size_t i, struct dsr__time *t)
{
	int u;
	size_t k;
	bool the = eq(r, i, "the");
	size_t j = i + (the ? 1 : 0);
	int which = eq(r, j, "recent") ? -1 : eq(r, j, "future") ? 1 :
		    eq(r, j, "coming") ? 2 : eq(r, j, "current") ? 3 : 0;
	if (which) {
		/* "in recent years", "in the coming weeks": a span of unknown
		 * length; "the boom of recent years": a reference */
		if (which != 3 && (k = tw(r, j + 1, DSR__TW_UNIT, &u)) &&
		    r->c->text[T(r, j + 1)->end - 1] == 's') {
			size_t b = i > r->s0 ? i - 1 : i;
			if (b < i && (eq(r, b, "in") || eq(r, b, "over") || eq(r, b, "during") ||
				      eq(r, b, "for") || eq(r, b, "within")))
				dsr__tv_duration(t, -1, u);
			else
				dsr__tv_ref(t, which > 0 ? 1 : -1);
			return j + 1 + k - i;
		}
		int pl;
		if (which > 0 && (k = tw(r, j + 1, DSR__TW_QUARTER, &pl)) && pl == 2) {
			dsr__tv_ref(t, 1); /* future quarters, the coming quarters */
			return j + 1 + k - i;
		}
		if (which == 2)
			return 0;
		if (the && which == 1 && !eq(r, j + 1, "of") &&
		    !(j + 1 < r->s1 && dsr__kind(T(r, j + 1)) == DSR__T_WORD &&
		      (T(r, j + 1)->bits & DSR__TF_LOWER) && !dsr__tok_is(r->c, j + 1, DSR__L_GRAM))) {
			dsr__tv_ref(t, 1); /* the future */
			return j + 1 - i;
		}
		/* "its current position", "recent declines": the state now or
		 * lately; not after an article ("the current theory", "a recent
		 * filing" name a thing more than a time), and not "future" */
		if (the || which == 1 || which == 2 || !(T(r, j)->bits & DSR__TF_LOWER) ||
		    (j > r->s0 && (eq(r, j - 1, "a") || eq(r, j - 1, "an") ||
				   eq(r, j - 1, "the") || eq(r, j - 1, "then"))))
			return 0;
		if (j + 1 >= r->s1 || dsr__kind(T(r, j + 1)) != DSR__T_WORD ||
		    !(T(r, j + 1)->bits & DSR__TF_LOWER) || dsr__tok_is(r->c, j + 1, DSR__L_GRAM))
			return 0;
		dsr__tv_ref(t, which == 3 ? 0 : -1);
		return 1;
	}
	/* for years, within weeks, in years: an unspecified duration */
	if (i > r->s0 && (eq(r, i - 1, "for") || eq(r, i - 1, "within") || eq(r, i - 1, "in")) &&
	    (k = tw(r, i, DSR__TW_UNIT, &u)) == 1 && r->c->text[T(r, i)->end - 1] == 's' &&
	    (i + 1 >= r->s1 || dsr__kind(T(r, i + 1)) != DSR__T_WORD ||
	     dsr__tok_is(r->c, i + 1, DSR__L_GRAM))) {
		dsr__tv_duration(t, -1, u);
		return 1;
	}
	return 0;
}
