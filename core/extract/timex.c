/* timex.c: finds temporal expressions, sentence by sentence.
 *
 * At each token the recognisers below are tried in a fixed order; the first
 * that matches wins and scanning resumes after it.  Words come from
 * months.txt, weekdays.txt, holidays.txt, numbers.txt and time-words.txt, so
 * the grammar here only says how they combine:
 *   dates       Nov. 24 | November 24, 2014 | 24 November | March 2015 |
 *               2014-11-24 | 11/24/2014 | Wednesday, Dec. 17 | in December |
 *               January this year | the October shooting | a 1996 law
 *   weekdays    (last|next|this)? Wednesday (night)?
 *   holidays    Christmas Day (2014)?
 *   relative    today | last week | next month | Last year | this summer |
 *               three weeks ago | two days later | (later) that day |
 *               the next day
 *   durations   the next three weeks | 24 hours | the past week
 *   clock       2 p.m. (ET)? (Wednesday)? | 14:30 | noon
 *   sets        every week | daily (as an adverb, or after a determiner)
 *   references  now, currently (PRESENT_REF), recently (PAST_REF)
 *   modifiers   early/mid/late/"the end of" before any of them set mod.
 * Fiscal periods, adjectival durations, years in words, centuries and vague
 * spans are timex_periods.c's (timex.h says who does what).  Values come
 * from timeval.c.  Boilerplate paragraphs are skipped.
 */
#include "timex.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>


/* Month [day] [, year] | Month year | Month (with context). */
static size_t month_date(struct dsr__tx *r, size_t i, struct dsr__time *t, bool ctx)
{
	int m, d, y;
	size_t n = named(r, i, DSR__L_MONTH, &m, false), j = i + n;
	if (!n)
		return 0;
	if (dayno(r, j, &d)) {
		j++;
		bool hy = false;
		if (punct(r, j, ',') && year4(r, j + 1, &y)) {
			j += 2;
			hy = true;
		} else if (year4(r, j, &y)) {
			j++;
			hy = true;
		}
		if (!hy && !pub(r)) {
			dsr__tv_set(t, "DATE", DSR__PR_DAY, "XXXX-%02d-%02d", m, d);
			return j - i;
		}
		if (!hy)
			y = dsr__tv_year_for(r->c, m, d, tense(r, i, j));
		dsr__tv_day(t, y, m, d);
		return j - i;
	}
	if (year4(r, j, &y) || ((eq(r, j, "of") || punct(r, j, ',')) &&
				year4(r, j + 1, &y))) {
		j += eq(r, j, "of") || punct(r, j, ',') ? 2 : 1;
		dsr__tv_month(t, y, m);
		return j - i;
	}
	/* January this year, June last year */
	int rel;
	size_t rk;
	if ((rk = tw(r, j, DSR__TW_REL, &rel)) && rel >= -1 && rel <= 1 &&
	    tw(r, j + rk, DSR__TW_UNIT, &y) == 1 && y == DSR__U_YEAR && pub(r) &&
	    r->c->text[T(r, j + rk)->end - 1] != 's') {
		dsr__tv_month(t, r->c->py + rel, m);
		return j + rk + 1 - i;
	}
	/* January nineteen ninety-seven */
	struct dsr__time sy;
	memset(&sy, 0, sizeof sy);
	size_t sn = dsr__tx_spelled_year(r, j, &sy);
	if (sn && sy.value[0] != 'X') {
		dsr__tv_month(t, atoi(sy.value), m);
		return j + sn - i;
	}
	bool prep = i > r->s0 && (eq(r, i - 1, "in") || eq(r, i - 1, "since") ||
				  eq(r, i - 1, "until") || eq(r, i - 1, "by") ||
				  eq(r, i - 1, "during") || eq(r, i - 1, "through") ||
				  eq(r, i - 1, "before") || eq(r, i - 1, "after") ||
				  eq(r, i - 1, "from") || eq(r, i - 1, "of") ||
				  eq(r, i - 1, "to") || eq(r, i - 1, "till") ||
				  eq(r, i - 1, "throughout") || eq(r, i - 1, "for"));
	/* "the October slaying", "a June agreement": a month as a modifier */
	bool mod = i > r->s0 && (eq(r, i - 1, "the") || eq(r, i - 1, "a") ||
				 eq(r, i - 1, "its") || eq(r, i - 1, "their")) &&
		   j < r->s1 && dsr__kind(T(r, j)) == DSR__T_WORD &&
		   (T(r, j)->bits & DSR__TF_LOWER) && !dsr__tok_is(r->c, j, DSR__L_GRAM);
	/* short forms (May, June) only capitalised after a preposition */
	if (!ctx && n == 1 && T(r, i)->end - T(r, i)->start <= 4 &&
	    !((prep || mod) && (T(r, i)->bits & DSR__TF_CAP)))
		return 0;
	if (!ctx && i > r->s0 && tw(r, i - 1, DSR__TW_MOD, NULL) == 1)
		ctx = true; /* "early March" */
	if (!ctx && !prep && !mod)
		return 0;
	if (!pub(r)) {
		dsr__tv_set(t, "DATE", DSR__PR_MONTH, "XXXX-%02d", m);
		return n;
	}
	dsr__tv_month(t, dsr__tv_month_year(r->c, m, 0, tense(r, i, j)), m);
	return n;
}

/* 24 November (2014) | the 24th of November */
static size_t day_month(struct dsr__tx *r, size_t i, struct dsr__time *t)
{
	int d, m, y;
	size_t j = i;
	if (!dayno(r, j, &d))
		return 0;
	j++;
	if (eq(r, j, "of"))
		j++;
	size_t n = named(r, j, DSR__L_MONTH, &m, false);
	if (!n)
		return 0;
	j += n;
	if (year4(r, j, &y)) {
		j++;
	} else if (!pub(r)) {
		dsr__tv_set(t, "DATE", DSR__PR_DAY, "XXXX-%02d-%02d", m, d);
		return j - i;
	} else {
		y = dsr__tv_year_for(r->c, m, d, tense(r, i, j));
	}
	dsr__tv_day(t, y, m, d);
	return j - i;
}

/* 2014-11-24 | 11/24/2014 */
static size_t numeric_date(struct dsr__tx *r, size_t i, struct dsr__time *t)
{
	if (i + 4 >= r->s1 || dsr__kind(T(r, i)) != DSR__T_NUM)
		return 0;
	for (size_t k = i + 1; k <= i + 4; k++)
		if (T(r, k)->bits & DSR__TF_SPACE)
			return 0;
	const struct dsr__tok *a = T(r, i), *b = T(r, i + 2), *cc = T(r, i + 4);
	if (dsr__kind(b) != DSR__T_NUM || dsr__kind(cc) != DSR__T_NUM)
		return 0;
	char sep = punct(r, i + 1, '-') ? '-' : punct(r, i + 1, '/') ? '/' : 0;
	if (!sep || !punct(r, i + 3, sep))
		return 0;
	long x = dsr__num(r->c, i), y = dsr__num(r->c, i + 2), z = dsr__num(r->c, i + 4);
	int Y, M, D;
	if (sep == '-' && a->end - a->start == 4) {
		Y = (int)x, M = (int)y, D = (int)z;
	} else if (sep == '/') {
		M = (int)x, D = (int)y, Y = (int)z;
		if (M > 12 && D <= 12) {
			int s = M;
			M = D;
			D = s;
		}
		if (cc->end - cc->start == 2)
			Y += Y < 50 ? 2000 : 1900;
		else if (cc->end - cc->start != 4)
			return 0;
	} else {
		return 0;
	}
	if (M < 1 || M > 12 || D < 1 || D > dsr__mdays(Y, M))
		return 0;
	dsr__tv_day(t, Y, M, D);
	return 5;
}

static const char *const parts[] = { "", "MO", "AF", "EV", "NI" };

/* Adds a part of the day ("night") after a day. */
static size_t day_part(struct dsr__tx *r, size_t j, struct dsr__time *t)
{
	int part;
	size_t n = tw(r, j, DSR__TW_PART, &part);
	if (!n || part < 1 || part > 4 || t->d == 0)
		return 0;
	dsr__tv_set(t, "TIME", DSR__PR_TIME, "%04d-%02d-%02dT%s", t->y, t->m, t->d,
		    parts[part]);
	return n;
}

static void weekday_value(struct dsr__tx *r, struct dsr__time *t, int wd, int rel,
			  size_t a, size_t b)
{
	if (!pub(r)) {
		dsr__tv_set(t, "DATE", DSR__PR_DAY, "XXXX-WXX-%d", wd);
		return;
	}
	/* "Wednesday's ruling": news names by its day what already happened */
	int tn = rel ? 0 : (T(r, b - 1)->bits & DSR__TF_POSS) ? -1 : tense(r, a, b);
	dsr__tv_dayno(t, dsr__tv_weekday(r->c, wd, rel, tn));
}

/* Wednesday | Wednesday, Dec. 17 | Wednesday night */
static size_t weekday(struct dsr__tx *r, size_t i, struct dsr__time *t, int rel)
{
	int wd;
	size_t n = named(r, i, DSR__L_WEEKDAY, &wd, true), j = i + n;
	if (!n)
		return 0;
	size_t k = punct(r, j, ',') ? j + 1 : j;
	size_t m = month_date(r, k, t, true);
	if (m && t->d)
		return k + m - i;
	memset(t, 0, sizeof *t);
	weekday_value(r, t, wd, rel, i, j);
	return j + day_part(r, j, t) - i;
}

/* Christmas Day (2014) */
static size_t holiday(struct dsr__tx *r, size_t i, struct dsr__time *t)
{
	const struct dsr__lexpay *p;
	size_t n = dsr__match(r->c, i, r->s1, 1ull << DSR__L_HOLIDAY, &p), j = i + n;
	if (!n)
		return 0;
	const struct dsr__holiday *h = dsr__lex_holiday(r->c->L, p->id);
	int y;
	if (year4(r, j, &y)) {
		j++;
	} else if (!pub(r)) {
		if (h->rule == DSR__H_FIXED)
			dsr__tv_set(t, "DATE", DSR__PR_DAY, "XXXX-%02d-%02d", h->month, h->day);
		else
			dsr__tv_set(t, "DATE", DSR__PR_DAY, "XXXX-XX-XX");
		return n;
	} else {
		/* the nearest occurrence, tense breaking far ties */
		int64_t p0 = pubday(r), best = 0, bd = INT64_MAX;
		int tn = tense(r, i, j);
		for (int yy = r->c->py - 1; yy <= r->c->py + 1; yy++) {
			int64_t z = dsr__tv_holiday(h, yy), dd = z > p0 ? z - p0 : p0 - z;
			if (dd > 60 && ((tn > 0 && z < p0) || (tn < 0 && z > p0)))
				dd += 400;
			if (dd < bd) {
				bd = dd;
				best = z;
			}
		}
		dsr__tv_dayno(t, best);
		return n;
	}
	dsr__tv_dayno(t, dsr__tv_holiday(h, y));
	return j - i;
}

static int season_now(int m)
{
	return m >= 3 && m <= 5 ? 1 : m >= 6 && m <= 8 ? 2 : m >= 9 && m <= 11 ? 3 : 4;
}

static const char *const seasons[] = { "", "SP", "SU", "FA", "WI" };

/* (last|next|this) week/month/year/weekend/night/season/weekday/month */
static size_t relative(struct dsr__tx *r, size_t i, struct dsr__time *t)
{
	int rel, u;
	size_t n = tw(r, i, DSR__TW_REL, &rel), j = i + n;
	if (!n || rel < -1 || rel > 1)
		return 0;
	int wrel = rel == 0 ? 2 : rel;
	if (named(r, j, DSR__L_WEEKDAY, &u, false)) {
		size_t w = weekday(r, j, t, wrel);
		return w ? j + w - i : 0;
	}
	int m;
	size_t mn = named(r, j, DSR__L_MONTH, &m, false);
	if (mn) {
		if (!pub(r))
			dsr__tv_set(t, "DATE", DSR__PR_MONTH, "XXXX-%02d", m);
		else if (rel == 0) /* this September: the publication year's */
			dsr__tv_month(t, r->c->py, m);
		else
			dsr__tv_month(t, dsr__tv_month_year(r->c, m, rel, 0), m);
		return j + mn - i;
	}
	int part;
	size_t k;
	if ((k = tw(r, j, DSR__TW_PART, &part)) && part >= 1 && part <= 4) {
		/* this morning; last night */
		if (!pub(r)) {
			dsr__tv_set(t, "TIME", DSR__PR_TIME, "XXXX-XX-XXT%s", parts[part]);
			return j + k - i;
		}
		int64_t z = pubday(r) + (rel < 0 ? -1 : rel > 0 ? 1 : 0);
		dsr__tv_dayno(t, z);
		dsr__tv_set(t, "TIME", DSR__PR_TIME, "%04d-%02d-%02dT%s", t->y, t->m,
			    t->d, parts[part]);
		return j + k - i;
	}
	int s;
	if ((k = tw(r, j, DSR__TW_SEASON, &s)) && s >= 1 && s <= 4) {
		if (!pub(r)) {
			dsr__tv_set(t, "DATE", DSR__PR_SEASON, "XXXX-%s", seasons[s]);
			return j + k - i;
		}
		int cs = season_now(r->c->pm), y = r->c->py;
		if (rel < 0)
			y = s < cs ? y : y - 1;
		else if (rel > 0)
			y = s > cs ? y : y + 1;
		dsr__tv_set(t, "DATE", DSR__PR_SEASON, "%04d-%s", y, seasons[s]);
		return j + k - i;
	}
	bool weekend = false;
	if ((k = tw(r, j, DSR__TW_WEEKEND, NULL))) {
		weekend = true;
		u = DSR__U_WEEK;
	} else if (!(k = tw(r, j, DSR__TW_UNIT, &u))) {
		return 0;
	}
	if (T(r, j)->end - T(r, j)->start > 1 &&
	    r->c->text[T(r, j)->end - 1] == 's' && !weekend)
		return 0; /* "last weeks" is not a date */
	if (u == DSR__U_YEAR && (T(r, j)->bits & DSR__TF_POSS) &&
	    (tw(r, j + 1, DSR__TW_ORDINAL, NULL) || tw(r, j + 1, DSR__TW_QUARTER, NULL)))
		return 0; /* "this year's third quarter": dsr__tx_fiscal */
	if (!pub(r)) {
		dsr__tv_ref(t, rel);
		return j + k - i;
	}
	switch (u) {
	case DSR__U_DAY:
		return 0;
	case DSR__U_WEEK:
		dsr__tv_week(t, pubday(r) + 7 * rel, weekend);
		break;
	case DSR__U_MONTH:
		dsr__tv_month(t, r->c->py, r->c->pm + rel);
		break;
	case DSR__U_YEAR:
		dsr__tv_year(t, r->c->py + rel);
		break;
	default:
		return 0;
	}
	return j + k - i;
}

/* (later|earlier)? that day | the same day | the next day | the day before */
static size_t anchored(struct dsr__tx *r, size_t i, struct dsr__time *t)
{
	int rel = 0, u, part = 0;
	size_t j = i, k;
	if ((k = tw(r, j, DSR__TW_THAT, NULL))) {
		j += k;
	} else if (eq(r, j, "the") && (k = tw(r, j + 1, DSR__TW_SAME, NULL))) {
		j += 1 + k;
	} else if (eq(r, j, "the") && (k = tw(r, j + 1, DSR__TW_FOLLOW, &rel))) {
		j += 1 + k;
	} else if (eq(r, j, "the") && (k = tw(r, j + 1, DSR__TW_UNIT, &u)) &&
		   u == DSR__U_DAY && (eq(r, j + 2, "before") || eq(r, j + 2, "after")) &&
		   (j + 3 >= r->s1 || dsr__kind(T(r, j + 3)) == DSR__T_PUNCT)) {
		rel = eq(r, j + 2, "before") ? -1 : 1;
		j += 3;
		u = DSR__U_DAY;
		goto resolve;
	} else {
		return 0;
	}
	if ((k = tw(r, j, DSR__TW_UNIT, &u))) {
		j += k;
	} else if ((k = tw(r, j, DSR__TW_PART, &part)) && part >= 1 && part <= 4) {
		u = DSR__U_DAY;
		j += k;
	} else {
		return 0;
	}
	if (T(r, j - 1)->end - T(r, j - 1)->start > 1 &&
	    r->c->text[T(r, j - 1)->end - 1] == 's')
		return 0; /* "that days" */
resolve:
	/* "later that year", "the following month": the last year or month
	 * named, which need not have named a day */
	if (u == DSR__U_YEAR && r->ay) {
		dsr__tv_year(t, r->ay + rel);
		return j - i;
	}
	if (u == DSR__U_MONTH && r->ay && r->am) {
		dsr__tv_month(t, r->ay, r->am + rel);
		return j - i;
	}
	if (!r->anchor || r->anchor->d == 0) {
		dsr__tv_set(t, "DATE", DSR__PR_DAY, "XXXX-XX-XX");
		return j - i;
	}
	int64_t z = dsr__days(r->anchor->y, r->anchor->m, r->anchor->d);
	switch (u) {
	case DSR__U_DAY:
		dsr__tv_dayno(t, z + rel);
		if (part)
			dsr__tv_set(t, "TIME", DSR__PR_TIME, "%04d-%02d-%02dT%s", t->y,
				    t->m, t->d, parts[part]);
		break;
	case DSR__U_WEEK:
		dsr__tv_week(t, z + 7 * rel, false);
		break;
	case DSR__U_MONTH:
		dsr__tv_month(t, r->anchor->y, r->anchor->m + rel);
		break;
	case DSR__U_YEAR:
		dsr__tv_year(t, r->anchor->y + rel);
		break;
	default:
		return 0;
	}
	return j - i;
}

/* [the] [next|past|last] N units [ago|later|from now] — a duration or a
 * date counted from the publication date or the last date. */
static size_t amount(struct dsr__tx *r, size_t i, struct dsr__time *t)
{
	size_t j = i, k;
	bool the = false, relw = false;
	int rel = 0, u, dir = 0;
	long n;
	if (eq(r, j, "the")) {
		the = true;
		j++;
	}
	if ((k = tw(r, j, DSR__TW_REL, &rel)) || (k = tw(r, j, DSR__TW_FOLLOW, &rel))) {
		relw = true;
		j += k;
	}
	/* "by year end", "at year's end" */
	if (eq(r, j, "year") && eq(r, j + 1, "end") && j == i &&
	    !(T(r, j)->bits & DSR__TF_CAP && j > r->s0)) {
		dsr__tx_year_end(r, t);
		return 2;
	}
	/* "four flights a week", "$2 million a year": a rate, not a span */
	if (!the && !relw && (eq(r, j, "a") || eq(r, j, "an")) && j > r->s0 &&
	    !tw(r, j + 2, DSR__TW_AGO, NULL)) {
		const struct dsr__tok *pv = T(r, j - 1);
		if (dsr__kind(pv) == DSR__T_NUM ||
		    (dsr__kind(pv) == DSR__T_WORD && (pv->bits & DSR__TF_LOWER) &&
		     r->c->text[pv->end - 1] == 's' && !dsr__tok_is(r->c, j - 1, DSR__L_GRAM)) ||
		    eq(r, j - 1, "million") || eq(r, j - 1, "billion") || eq(r, j - 1, "thousand"))
			return 0;
	}
	if (!(k = number(r, j, &n))) {
		/* the next month, the past week: one unit; the past year, the
		 * last decade: the one before the publication's, as TimeBank
		 * reads them */
		if (the && relw && (k = tw(r, j, DSR__TW_UNIT, &u)) &&
		    r->c->text[T(r, j)->end - 1] != 's') {
			if (rel < 0 && pub(r) && u >= DSR__U_MONTH) {
				if (u == DSR__U_MONTH)
					dsr__tv_month(t, r->c->py, r->c->pm - 1);
				else if (u == DSR__U_YEAR)
					dsr__tv_year(t, r->c->py - 1);
				else
					dsr__tv_set(t, "DATE", DSR__PR_DECADE, "%03d", r->c->py / 10 - 1);
				return j + k - i;
			}
			dsr__tv_duration(t, 1, u);
			return j + k - i;
		}
		return 0;
	}
	j += k;
	/* 2 1/2 years: a half more */
	bool half = false;
	if (j + 2 < r->s1 && dsr__kind(T(r, j)) == DSR__T_NUM && dsr__num(r->c, j) == 1 &&
	    punct(r, j + 1, '/') && dsr__kind(T(r, j + 2)) == DSR__T_NUM &&
	    dsr__num(r->c, j + 2) == 2 && !(T(r, j + 1)->bits & DSR__TF_SPACE) &&
	    !(T(r, j + 2)->bits & DSR__TF_SPACE) && dsr__kind(T(r, i)) == DSR__T_NUM) {
		half = true;
		j += 3;
	}
	if (eq(r, j, "more") || eq(r, j, "additional") || eq(r, j, "full"))
		j++;
	if (!(k = tw(r, j, DSR__TW_UNIT, &u))) {
		/* two quarters, several quarters: not "three quarters of" */
		int pl;
		if ((k = tw(r, j, DSR__TW_QUARTER, &pl)) && pl == 2 && (n > 1 || n < 0) &&
		    !eq(r, j + k, "of") && (!the || relw)) {
			if (n < 0)
				dsr__tv_set(t, "DURATION", DSR__PR_NONE, "PXQ");
			else
				dsr__tv_set(t, "DURATION", DSR__PR_NONE, "P%ldQ", n);
			return j + k - i;
		}
		return 0;
	}
	j += k;
	if (the && !relw && !eq(r, j, "ago"))
		return 0; /* "the two days of talks" */
	if (!relw && (k = tw(r, j, DSR__TW_AGO, &dir))) {
		j += k;
		bool from_pub = dir == -1 || dir == 1;
		const struct dsr__time *a = r->anchor;
		/* "ago" counts from publication; "earlier"/"later" from the
		 * last day named, or publication when none was */
		if (a && !a->d)
			a = NULL;
		if (!from_pub && (n < 0 || u < DSR__U_DAY)) {
			/* "a few days later", "an hour later": TimeML marks the
			 * amount, a duration, and leaves "later" as a signal */
			dsr__tv_duration(t, n, u);
			return j - k - i;
		}
		if (n < 0 || u < DSR__U_DAY || !pub(r)) {
			dsr__tv_ref(t, dir < 0 ? -1 : 1);
			return j - i;
		}
		if (u == DSR__U_YEAR && n == 1 && dir < 0 && r->qq) {
			/* "a year earlier" after "the third quarter" */
			dsr__tx_year_ago(r, t);
			return j - i;
		}
		int64_t z = from_pub || !a ? pubday(r) : dsr__days(a->y, a->m, a->d);
		int y, m, d, sg = dir < 0 ? -1 : 1;
		dsr__civil(z, &y, &m, &d);
		switch (u) {
		case DSR__U_DAY:
			dsr__tv_dayno(t, z + sg * n);
			break;
		case DSR__U_WEEK:
			dsr__tv_week(t, z + sg * 7 * n, false);
			break;
		case DSR__U_MONTH:
			dsr__tv_month(t, y, m + (int)(sg * n));
			break;
		case DSR__U_YEAR:
			dsr__tv_year(t, y + (int)(sg * n));
			break;
		default:
			dsr__tv_set(t, "DATE", DSR__PR_DECADE, "%03d", (y + (int)(sg * n * 10)) / 10);
			break;
		}
		return j - i;
	}
	if (n == 0 || n > 100000)
		return 0;
	if (eq(r, j, "old") || eq(r, j, "older") || eq(r, j, "younger"))
		return 0; /* "52 years old": an age */
	/* "an hour and a half" */
	if (!half && eq(r, j, "and") && eq(r, j + 1, "a") && eq(r, j + 2, "half")) {
		half = true;
		j += 3;
	}
	if (half && u == DSR__U_WEEK) /* 3 1/2 weeks: 24 days and a half */
		dsr__tv_set(t, "DURATION", DSR__PR_NONE, "P%ldDT12H", 7 * n + 3);
	else
		dsr__tv_duration(t, n, u);
	if (half && n > 0 && u != DSR__U_WEEK) {
		static const char *const more[] = { "", "30S", "30M", "T12H", "", "15D", "6M", "" };
		if (u >= 1 && u <= 7 && more[u][0])
			snprintf(t->value + strlen(t->value), sizeof t->value - strlen(t->value),
				 "%s", more[u]);
	}
	return j - i;
}

/* today, yesterday (morning), tonight */
static size_t dayword(struct dsr__tx *r, size_t i, struct dsr__time *t)
{
	int v;
	size_t k;
	if ((k = tw(r, i, DSR__TW_DAY, &v))) {
		if (!pub(r)) {
			dsr__tv_set(t, "DATE", DSR__PR_DAY, "XXXX-XX-XX");
			return k;
		}
		dsr__tv_dayno(t, pubday(r) + v);
		return k + day_part(r, i + k, t);
	}
	if ((k = tw(r, i, DSR__TW_TONIGHT, NULL))) {
		if (!pub(r)) {
			dsr__tv_set(t, "TIME", DSR__PR_TIME, "XXXX-XX-XXTNI");
			return k;
		}
		dsr__tv_dayno(t, pubday(r));
		dsr__tv_set(t, "TIME", DSR__PR_TIME, "%04d-%02d-%02dTNI", t->y, t->m, t->d);
		return k;
	}
	return 0;
}

/* (the)? summer (of)? 2014 | spring 2015 */
static size_t season(struct dsr__tx *r, size_t i, struct dsr__time *t)
{
	size_t j = i, k;
	int s, y;
	bool the = eq(r, j, "the");
	if (the)
		j++;
	if (!(k = tw(r, j, DSR__TW_SEASON, &s)) || s < 1 || s > 4)
		return 0;
	j += k;
	size_t of = eq(r, j, "of") ? 1 : 0;
	if (year4(r, j + of, &y)) {
		dsr__tv_set(t, "DATE", DSR__PR_SEASON, "%04d-%s", y, seasons[s]);
		return j + of + 1 - i;
	}
	struct dsr__time sy;
	size_t sn;
	memset(&sy, 0, sizeof sy);
	if (of && (sn = dsr__tx_spelled_year(r, j + 1, &sy)) && sy.value[0] != 'X') {
		/* the winter of nineteen ninety-four */
		dsr__tv_set(t, "DATE", DSR__PR_SEASON, "%.4s-%s", sy.value, seasons[s]);
		return j + 1 + sn - i;
	}
	/* a bare season needs a preposition and "the", and no "of" after */
	if (!the || of || i == r->s0 || !(eq(r, i - 1, "in") || eq(r, i - 1, "during") ||
					  eq(r, i - 1, "since") || eq(r, i - 1, "until") ||
					  eq(r, i - 1, "over") || eq(r, i - 1, "into") ||
					  eq(r, i - 1, "through") || eq(r, i - 1, "throughout") ||
					  eq(r, i - 1, "of")))
		return 0;
	if (!pub(r))
		dsr__tv_set(t, "DATE", DSR__PR_SEASON, "XXXX-%s", seasons[s]);
	else
		dsr__tv_set(t, "DATE", DSR__PR_SEASON, "%04d-%s", r->c->py, seasons[s]);
	return j - i;
}

/* 2014 where it reads as a year; 1990s as a decade */
static size_t year(struct dsr__tx *r, size_t i, struct dsr__time *t)
{
	int y;
	if (!year4(r, i, &y))
		return 0;
	if (i > r->s0) {
		const struct dsr__tok *p = T(r, i - 1);
		if (!(T(r, i)->bits & DSR__TF_SPACE) || dsr__is_punct(p, '$') ||
		    dsr__is_punct(p, '#'))
			return 0;
	}
	if (i + 1 < r->s1 && !(T(r, i + 1)->bits & DSR__TF_SPACE)) {
		/* 1990s */
		const struct dsr__tok *n = T(r, i + 1);
		if (dsr__kind(n) == DSR__T_WORD && n->end - n->start == 1 &&
		    r->c->text[n->start] == 's' && y % 10 == 0) {
			dsr__tv_set(t, "DATE", DSR__PR_DECADE, "%03d", y / 10);
			return 2;
		}
		if (!dsr__is_punct(n, ',') && !dsr__is_punct(n, '.') &&
		    !dsr__is_punct(n, ')') && !dsr__is_punct(n, ';') &&
		    !dsr__is_punct(n, ':') && dsr__kind(n) != DSR__T_QUOTE)
			return 0;
	}
	bool before = i > r->s0 && (eq(r, i - 1, "in") || eq(r, i - 1, "since") ||
				    eq(r, i - 1, "during") || eq(r, i - 1, "until") ||
				    eq(r, i - 1, "by") || eq(r, i - 1, "the") ||
				    eq(r, i - 1, "early") || eq(r, i - 1, "late") ||
				    eq(r, i - 1, "mid") || eq(r, i - 1, "fiscal") ||
				    eq(r, i - 1, "through") || eq(r, i - 1, "before") ||
				    eq(r, i - 1, "after") || eq(r, i - 1, "from"));
	/* "a 1996 law", "its 1990 invasion", "the company's 1989 results" */
	if (!before && i > r->s0 && y >= 1900 && y <= 2099 &&
	    (eq(r, i - 1, "a") || eq(r, i - 1, "an") || eq(r, i - 1, "that") ||
	     eq(r, i - 1, "this") || eq(r, i - 1, "its") || eq(r, i - 1, "his") ||
	     eq(r, i - 1, "her") || eq(r, i - 1, "their") || eq(r, i - 1, "our") ||
	     (T(r, i - 1)->bits & DSR__TF_POSS)))
		before = true;
	if (!before && i + 1 < r->s1) {
		const struct dsr__tok *n = T(r, i + 1);
		if (dsr__kind(n) == DSR__T_WORD && (n->bits & DSR__TF_LOWER) &&
		    !dsr__tok_is(r->c, i + 1, DSR__L_GRAM))
			return 0; /* "2000 hackers" */
		if (dsr__kind(n) == DSR__T_PUNCT && dsr__ch(n) == '%')
			return 0;
	}
	dsr__tv_year(t, y);
	return 1;
}

/* every week | each Monday | daily (not before a noun) */
static size_t set(struct dsr__tx *r, size_t i, struct dsr__time *t)
{
	size_t k, j;
	int u;
	if ((k = tw(r, i, DSR__TW_EVERY, NULL))) {
		j = i + k;
		int wd;
		if (named(r, j, DSR__L_WEEKDAY, &wd, false)) {
			dsr__tv_set(t, "SET", DSR__PR_NONE, "XXXX-WXX-%d", wd);
			return j + 1 - i;
		}
		int m, q;
		size_t mk;
		if ((mk = named(r, j, DSR__L_MONTH, &m, false)) && (T(r, j)->bits & DSR__TF_CAP)) {
			dsr__tv_set(t, "SET", DSR__PR_NONE, "XXXX-%02d", m); /* each July */
			return j + mk - i;
		}
		if ((mk = tw(r, j, DSR__TW_QUARTER, &q)) && q == 0) {
			dsr__tv_set(t, "SET", DSR__PR_NONE, "P1Q"); /* every quarter */
			return j + mk - i;
		}
		long n = 1;
		size_t nk = number(r, j, &n);
		if ((k = tw(r, j + nk, DSR__TW_UNIT, &u))) {
			dsr__tv_duration(t, n, u);
			t->type = "SET";
			return j + nk + k - i;
		}
		return 0;
	}
	if ((k = tw(r, i, DSR__TW_FREQ, &u))) {
		/* an adverb, or an adjective right after a determiner ("a daily
		 * rally", "on a daily basis"), not "daily document drops" */
		bool det = i > r->s0 && (eq(r, i - 1, "a") || eq(r, i - 1, "the") ||
					 eq(r, i - 1, "his") || eq(r, i - 1, "her") ||
					 eq(r, i - 1, "its") || eq(r, i - 1, "their") ||
					 eq(r, i - 1, "our"));
		/* "the Communist Party daily Granma": a newspaper */
		if (i + 1 < r->s1 && dsr__kind(T(r, i + 1)) == DSR__T_WORD &&
		    (T(r, i + 1)->bits & DSR__TF_CAP) && !(T(r, i + 1)->bits & DSR__TF_SENT))
			return 0;
		if (i + 1 < r->s1 && !det) {
			const struct dsr__tok *n = T(r, i + 1);
			if (dsr__kind(n) == DSR__T_WORD && (n->bits & DSR__TF_LOWER) &&
			    !dsr__tok_is(r->c, i + 1, DSR__L_GRAM))
				return 0;
		}
		dsr__tv_duration(t, 1, u);
		t->type = "SET";
		return k;
	}
	return 0;
}

/* 2 p.m. (ET) | 14:30 | noon: the day is filled in by fix_clock() */
static size_t clock_time(struct dsr__tx *r, size_t i, struct dsr__time *t)
{
	size_t j = i, k;
	int h, mi = 0, ampm = -1;
	if ((k = tw(r, j, DSR__TW_NOON, &h))) {
		j += k;
		goto done;
	}
	if (i >= r->s1 || dsr__kind(T(r, i)) != DSR__T_NUM ||
	    T(r, i)->end - T(r, i)->start > 2)
		return 0;
	h = (int)dsr__num(r->c, i);
	j++;
	bool colon = false;
	if (punct(r, j, ':') && j + 1 < r->s1 && dsr__kind(T(r, j + 1)) == DSR__T_NUM &&
	    T(r, j + 1)->end - T(r, j + 1)->start == 2 &&
	    !(T(r, j)->bits & DSR__TF_SPACE) && !(T(r, j + 1)->bits & DSR__TF_SPACE)) {
		mi = (int)dsr__num(r->c, j + 1);
		j += 2;
		colon = true;
	}
	if ((k = tw(r, j, DSR__TW_AMPM, &ampm))) {
		j += k;
		if (h < 1 || h > 12)
			return 0;
		h = h % 12 + ampm;
	} else if (!colon || !(i > r->s0 && eq(r, i - 1, "at")) ||
		   !tw(r, j, DSR__TW_TZ, NULL)) {
		if (!colon || !(i > r->s0 && eq(r, i - 1, "at")))
			return 0;
	}
	if (h > 23 || mi > 59)
		return 0;
done:
	if ((k = tw(r, j, DSR__TW_TZ, NULL)))
		j += k;
	dsr__tv_set(t, "TIME", DSR__PR_TIME, "T%02d:%02d", h, mi);
	return j - i;
}

/* The day right after a clock time ("10 p.m. Wednesday", "noon Thursday",
 * "5 p.m. EST, Nov. 9"): one expression, the time on that day ("2 p.m. on
 * Wednesday" stays two). */
static size_t clock_day(struct dsr__tx *r, size_t j, struct dsr__time *t)
{
	size_t j2 = j + (punct(r, j, ',') ? 1 : 0), m;
	struct dsr__time d;
	memset(&d, 0, sizeof d);
	int wd;
	if (named(r, j2, DSR__L_WEEKDAY, &wd, false))
		m = weekday(r, j2, &d, 0);
	else if (!(m = month_date(r, j2, &d, true)))
		m = dayword(r, j2, &d);
	if (!m || !d.d || t->value[0] != 'T')
		return 0;
	char hm[8];
	memcpy(hm, t->value, 7);
	hm[6] = 0;
	dsr__tv_set(t, "TIME", DSR__PR_TIME, "%04d-%02d-%02d%s", d.y, d.m, d.d, hm);
	return j2 + m - j;
}

/* now, currently, recently, in the past */
static size_t ref(struct dsr__tx *r, size_t i, struct dsr__time *t)
{
	int v;
	size_t k = tw(r, i, DSR__TW_REF, &v);
	if (!k)
		return 0;
	/* "as soon as", "soon after": conjunctions, not references */
	if (v > 0 && k == 1 && ((i > r->s0 && eq(r, i - 1, "as") && eq(r, i + 1, "as")) ||
				eq(r, i + 1, "after") || eq(r, i + 1, "before")))
		return 0;
	/* "was soon released": soon after something past, not ahead of now */
	if (v > 0 && k == 1 && tense(r, i, i + 1) < 0)
		return 0;
	/* "in the past three weeks" is a duration */
	long n;
	if (number(r, i + k, &n) || tw(r, i + k, DSR__TW_UNIT, NULL))
		return 0;
	dsr__tv_ref(t, v);
	return k;
}

#define TIMELEX ((1ull << DSR__L_MONTH) | (1ull << DSR__L_WEEKDAY) |           \
		 (1ull << DSR__L_HOLIDAY) | (1ull << DSR__L_TIMEWORD) |         \
		 (1ull << DSR__L_NUMBER))

/* Whether an expression can start at token i at all: most words cannot,
 * and one array read says so. */
static bool could_start(struct dsr__tx *r, size_t i)
{
	const struct dsr__tok *t = T(r, i);
	unsigned k = dsr__kind(t);
	if (k == DSR__T_NUM)
		return true;
	if (k != DSR__T_WORD)
		return false;
	if (dsr__lex_first(r->c->L, t->word) & TIMELEX)
		return true;
	/* mid-November, third-quarter */
	return t->end - t->start > 4 && (t->bits & DSR__TF_HYPHEN);
}

static size_t core(struct dsr__tx *r, size_t i, struct dsr__time *t)
{
	size_t n;
	memset(t, 0, sizeof *t);
	if (!could_start(r, i))
		return 0;
	/* only the recognisers whose first word can be this one */
	bool num = dsr__kind(T(r, i)) == DSR__T_NUM;
	uint64_t fm = dsr__lex_first(r->c->L, T(r, i)->word);
	bool tw_ = fm & (1ull << DSR__L_TIMEWORD), nb = fm & (1ull << DSR__L_NUMBER);
	bool hy = (T(r, i)->bits & DSR__TF_HYPHEN) && dsr__kind(T(r, i)) == DSR__T_WORD;
	/* after a determiner, periods and eras need a time word, a number or a
	 * hyphenated word next ("the latest quarter", "the 1988 period", "the
	 * nineties"): most "the" stop here */
	bool lead = true;
	if (tw_ && tw(r, i, DSR__TW_DET, NULL) && i + 1 < r->s1) {
		const struct dsr__tok *x = T(r, i + 1);
		lead = dsr__kind(x) == DSR__T_NUM || (x->bits & DSR__TF_HYPHEN) ||
		       (dsr__kind(x) == DSR__T_WORD &&
			(dsr__lex_first(r->c->L, x->word) >> DSR__L_TIMEWORD & 1));
	}
	if ((num && (n = numeric_date(r, i, t))) ||
	    ((num || tw_) && (n = clock_time(r, i, t)) && (n += clock_day(r, i + n, t))) ||
	    ((fm & (1ull << DSR__L_WEEKDAY)) && (n = weekday(r, i, t, 0))) ||
	    ((fm & (1ull << DSR__L_MONTH)) && (n = month_date(r, i, t, false))) ||
	    (num && (n = day_month(r, i, t))) ||
	    ((fm & (1ull << DSR__L_HOLIDAY)) && (n = holiday(r, i, t))) ||
	    (tw_ && (n = relative(r, i, t))) || (tw_ && (n = anchored(r, i, t))) ||
	    (nb && (n = dsr__tx_spelled_year(r, i, t))) ||
	    ((num || tw_ || nb) && (n = amount(r, i, t))) ||
	    (tw_ && (n = dayword(r, i, t))) || (tw_ && (n = season(r, i, t))) ||
	    ((tw_ || hy) && lead && (n = dsr__tx_fiscal(r, i, t))) || (num && (n = year(r, i, t))) ||
	    (tw_ && (n = set(r, i, t))) || (tw_ && (n = ref(r, i, t))) ||
	    ((hy || num) && (n = dsr__tx_hyphen(r, i, t))) || (tw_ && lead && (n = dsr__tx_vague(r, i, t))) ||
	    ((num || tw_) && lead && (n = dsr__tx_era(r, i, t))))
		return n;
	return 0;
}

static const char *const mods[] = { NULL, "START", "MID", "END" };

/* "over the weekend": the last weekend, or the coming one in a future
 * clause (and the current one when published on it). */
static size_t the_weekend(struct dsr__tx *r, size_t i, struct dsr__time *t)
{
	size_t k;
	if (!eq(r, i, "the") || !(k = tw(r, i + 1, DSR__TW_WEEKEND, NULL)))
		return 0;
	if (!pub(r)) {
		dsr__tv_set(t, "DATE", DSR__PR_WEEK, "XXXX-WXX-WE");
		return 1 + k;
	}
	int wd = dsr__weekday(r->c->py, r->c->pm, r->c->pd);
	int64_t z = pubday(r);
	if (wd < 6 && tense(r, i, i + 1 + k) <= 0)
		z -= 7;
	dsr__tv_week(t, z, true);
	return 1 + k;
}

/* "the year", "the month", "the week" after a modifier ("the end of the
 * year") or "in"/"during" ("later in the year"): the publication's. */
static size_t the_period(struct dsr__tx *r, size_t i, struct dsr__time *t)
{
	int u, part;
	size_t k;
	if (eq(r, i, "the") && (k = tw(r, i + 1, DSR__TW_PART, &part)) && part >= 1 &&
	    part <= 4) {
		/* "in the morning": of the last day named, else the publication's */
		const struct dsr__time *a = r->anchor && r->anchor->d ? r->anchor : NULL;
		if (a)
			dsr__tv_set(t, "TIME", DSR__PR_TIME, "%04d-%02d-%02dT%s", a->y, a->m,
				    a->d, parts[part]);
		else if (pub(r))
			dsr__tv_set(t, "TIME", DSR__PR_TIME, "%04d-%02d-%02dT%s", r->c->py,
				    r->c->pm, r->c->pd, parts[part]);
		else
			dsr__tv_set(t, "TIME", DSR__PR_TIME, "XXXX-XX-XXT%s", parts[part]);
		return 1 + k;
	}
	if (!eq(r, i, "the") || !(k = tw(r, i + 1, DSR__TW_UNIT, &u)) ||
	    r->c->text[T(r, i + 1)->end - 1] == 's')
		return 0;
	struct dsr__time sy;
	int yy;
	if (year4(r, i + 1 + k, &yy) || dsr__tx_spelled_year(r, i + 1 + k, &sy))
		return 0; /* "in the year 2000": the year itself follows */
	if (!pub(r)) {
		dsr__tv_ref(t, 0);
		return 1 + k;
	}
	switch (u) {
	case DSR__U_WEEK:
		dsr__tv_week(t, pubday(r), false);
		break;
	case DSR__U_MONTH:
		dsr__tv_month(t, r->c->py, r->c->pm);
		break;
	case DSR__U_YEAR:
		dsr__tv_year(t, r->c->py);
		break;
	default:
		return 0;
	}
	return 1 + k;
}

/* "mid-afternoon" as one word: the part of the day (1 token) */
static size_t mid_part(struct dsr__tx *r, size_t i, int *part)
{
	const struct dsr__tok *k = T(r, i);
	size_t len = k->end - k->start;
	if (dsr__kind(k) != DSR__T_WORD || len < 9 ||
	    strncasecmp((const char *)r->c->text + k->start, "mid-", 4) != 0)
		return 0;
	static const char *const names[] = { "", "morning", "afternoon", "evening", "night" };
	for (int p = 1; p <= 4; p++) {
		if (len - 4 == strlen(names[p]) &&
		    strncasecmp((const char *)r->c->text + k->start + 4, names[p], len - 4) == 0) {
			*part = p;
			return 1;
		}
	}
	return 0;
}

/* A modifier (early, late, the end of) or "earlier"/"later" before an
 * expression joins it. */
static size_t recognise(struct dsr__tx *r, size_t i, struct dsr__time *t)
{
	int v;
	size_t k;
	if (!could_start(r, i)) {
		t->type = NULL;
		return 0;
	}
	if ((k = tw(r, i, DSR__TW_MOD, &v))) {
		size_t n = core(r, i + k, t);
		if (!n || !t->type) {
			memset(t, 0, sizeof *t);
			n = the_period(r, i + k, t);
		}
		if (n && t->type && strcmp(t->type, "DURATION") != 0) {
			if (v >= 1 && v <= 3)
				t->mod = mods[v];
			return k + n;
		}
	}
	if ((k = tw(r, i, DSR__TW_AGO, &v)) && (v == 2 || v == -2)) {
		size_t n = core(r, i + k, t);
		if (n && t->type && strcmp(t->type, "DURATION") != 0)
			return k + n;
	}
	/* "(mid-)afternoon yesterday", "late morning Tuesday": the part of
	 * that day */
	int part = 0;
	if ((k = tw(r, i, DSR__TW_PART, &part)) || (k = mid_part(r, i, &part))) {
		size_t n = part >= 1 && part <= 4 ? core(r, i + k, t) : 0;
		if (n && t->type && strcmp(t->type, "DATE") == 0 && t->d) {
			dsr__tv_set(t, "TIME", DSR__PR_TIME, "%04d-%02d-%02dT%s", t->y, t->m,
				    t->d, parts[part]);
			return k + n;
		}
		memset(t, 0, sizeof *t);
	}
	size_t n = core(r, i, t);
	if (!n) {
		memset(t, 0, sizeof *t);
		n = the_weekend(r, i, t);
	}
	if (!n && i > r->s0 && (eq(r, i - 1, "in") || eq(r, i - 1, "during"))) {
		memset(t, 0, sizeof *t);
		n = the_period(r, i, t);
	}
	return n;
}

/* Whether [a, b) is part of a title ("High Noon", ABC's "This Week", "60
 * Minutes", "VOA Today"): a time word capitalised inside a sentence, where
 * only names are.  Months, weekdays and holidays are always capitalised;
 * headlines are in title case throughout. */
static bool in_title(struct dsr__tx *r, size_t a, size_t b)
{
	const uint64_t always = (1ull << DSR__L_MONTH) | (1ull << DSR__L_WEEKDAY) |
				(1ull << DSR__L_HOLIDAY);
	if (dsr__lex_first(r->c->L, T(r, a)->word) & always)
		return false; /* Christmas Day, Monday Night */
	for (size_t k = a; k < b; k++) {
		const struct dsr__tok *t = T(r, k);
		if (dsr__kind(t) != DSR__T_WORD || !(t->bits & DSR__TF_CAP) ||
		    (t->bits & (DSR__TF_SENT | DSR__TF_HEAD | DSR__TF_UPPER)) || k == r->s0)
			continue;
		if (dsr__lex_first(r->c->L, t->word) & always)
			continue;
		if (!(dsr__lex_first(r->c->L, t->word) >> DSR__L_TIMEWORD & 1))
			continue;
		/* right after a word or a number ("High Noon", "60 Minutes"); after
		 * a quotation mark, a colon or a dash a sentence may start */
		unsigned pk = dsr__kind(T(r, k - 1));
		if (pk == DSR__T_WORD || pk == DSR__T_NUM)
			return true;
	}
	return false;
}

/* Clock times take the day named in their sentence, or the publication
 * day. */
static void fix_clock(struct dsr__tx *r, size_t first)
{
	struct dsr__time *v = DSR__VEC(r->c, struct dsr__time, times);
	for (size_t i = first; i < r->c->times.n; i++) {
		struct dsr__time *t = &v[i];
		if (t->value[0] != 'T')
			continue;
		/* the nearest day before it in the sentence, else after it */
		const struct dsr__time *day = NULL;
		for (size_t j = first; j < r->c->times.n; j++) {
			r->c->work++;
			if (v[j].d && (j < i || !day))
				day = &v[j];
		}
		char hm[8];
		memcpy(hm, t->value, 7);
		hm[6] = 0;
		if (day)
			dsr__tv_set(t, "TIME", DSR__PR_TIME, "%04d-%02d-%02d%s", day->y,
				    day->m, day->d, hm);
		else if (r->c->has_pub)
			dsr__tv_set(t, "TIME", DSR__PR_TIME, "%04d-%02d-%02d%s", r->c->py,
				    r->c->pm, r->c->pd, hm);
		else
			dsr__tv_set(t, "TIME", DSR__PR_TIME, "XXXX-XX-XX%s", hm);
	}
}

int dsr__timex(struct dsr__ctx *c)
{
	struct dsr__tx r;
	memset(&r, 0, sizeof r);
	r.c = c;
	for (size_t s = 0; s < c->nsent; s++) {
		if (c->sent[s].flags & DSR__P_OFF)
			continue;
		r.s0 = c->sent[s].t0;
		r.s1 = c->sent[s].t1;
		for (int k = 0; k < TWCACHE; k++)
			r.cache[k].valid = false;
		size_t first = c->times.n;
		for (size_t i = r.s0; i < r.s1;) {
			struct dsr__time t;
			c->work++;
			r.qback = false;
			size_t n = recognise(&r, i, &t);
			if (n && t.type && in_title(&r, i, i + n))
				n = i + n - i, t.type = NULL; /* skip the whole title */
			if (!n || !t.type) {
				i += n ? n : 1;
				continue;
			}
			struct dsr__time *p = dsr__vec_push(&c->times, sizeof *p);
			if (!p)
				return -ENOMEM;
			*p = t;
			/* the quarter an earnings report goes on to call "the quarter" */
			int oqy = r.qy, oqq = r.qq;
			if (t.prec == DSR__PR_QUARTER && t.value[4] == '-' && t.value[5] == 'Q' &&
			    t.value[6] >= '1' && t.value[6] <= '4' && t.value[0] != 'X') {
				r.ly = atoi(t.value);
				r.lq = t.value[6] - '0';
			}
			if (!r.qback && t.prec == DSR__PR_QUARTER && t.value[4] == '-' && t.value[5] == 'Q' &&
			    t.value[6] >= '1' && t.value[6] <= '4' && t.value[0] != 'X') {
				r.qy = (t.value[0] - '0') * 1000 + (t.value[1] - '0') * 100 +
				       (t.value[2] - '0') * 10 + (t.value[3] - '0');
				r.qq = t.value[6] - '0';
				/* only a quarter already over can be the one reported
				 * (the current one too when reported in the past tense:
				 * a fiscal quarter that ended) */
				int back = c->has_pub ? (c->py * 4 + (c->pm - 1) / 3 + 1) -
							(r.qy * 4 + r.qq) : 1;
				if (back == 0 && dsr__tx_tense(&r, i, i + n) < 0)
					back = 1;
				if (back < 1 || back > 4)
					r.qq = r.qy = 0;
				/* the quarter reported is the first one named; a later
				 * one ("after a flat second quarter") is an aside */
				if (oqq && r.qq && (r.qy * 4 + r.qq) < (oqy * 4 + oqq))
					r.qy = oqy, r.qq = oqq;
				else if (oqq && !r.qq)
					r.qy = oqy, r.qq = oqq;
			} else if (r.qq && strcmp(t.type, "DURATION") == 0 && t.value[0] == 'P' &&
				   t.value[1] >= '2' && t.value[1] <= '9' && t.value[2] == 'M') {
				/* "the first nine months": what follows compares those */
				r.qq = r.qy = 0;
			}
			if (t.value[0] >= '0' && t.value[0] <= '9' && t.value[1] >= '0' &&
			    t.value[1] <= '9' && t.value[2] >= '0' && t.value[2] <= '9' &&
			    t.value[3] >= '0' && t.value[3] <= '9') {
				r.ay = atoi(t.value);
				r.am = t.value[4] == '-' && t.value[5] >= '0' && t.value[5] <= '1' &&
				       t.value[6] >= '0' && t.value[6] <= '9' ? atoi(t.value + 5) : 0;
			}
			p->t0 = (uint32_t)i;
			p->t1 = (uint32_t)(i + n);
			for (size_t k = i; k < i + n; k++)
				c->tok[k].bits |= DSR__TF_TIME;
			i += n;
		}
		fix_clock(&r, first);
		/* the last day named is what "that day" refers to next */
		const struct dsr__time *v = DSR__VEC(c, struct dsr__time, times);
		for (size_t k = first; k < c->times.n; k++) {
			if (v[k].d) {
				r.anc = v[k];
				r.anchor = &r.anc;
			}
		}
	}
	return 0;
}
