/* timeval.c: TIMEX3 values for recognised expressions, resolved against
 * the publication date.
 *
 * How underspecified dates are placed (docs/extractor.md explains why):
 *  - a month and day without a year take the year that puts them nearest
 *    the publication date; only when no candidate lies within 90 days does
 *    tense choose (future: the next one, past: the last one); a month named
 *    alone likewise, within two months;
 *  - a bare weekday is the last one on or before the publication day in a
 *    past or neutral clause (news reports what happened), the next one on
 *    or after it in a future clause; "last"/"next" move a week away;
 *  - "last week" is the ISO week before the publication date's, and
 *    "three weeks ago" the ISO week three weeks back (TimeML keeps the
 *    granularity of the expression).
 * Without a publication date nothing relative is resolved: values keep X
 * placeholders (XXXX-12-25, XXXX-WXX-3) and the driver warns.
 */
#include "timeval.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int64_t pub_day(const struct dsr__ctx *c)
{
	return dsr__days(c->py, c->pm, c->pd);
}

void dsr__tv_set(struct dsr__time *t, const char *type, int prec,
		 const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(t->value, sizeof t->value, fmt, ap);
	va_end(ap);
	t->type = type;
	t->prec = prec;
}

void dsr__tv_day(struct dsr__time *t, int y, int m, int d)
{
	if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > dsr__mdays(y, m)) {
		dsr__tv_set(t, "DATE", DSR__PR_DAY, "XXXX-XX-XX");
		return;
	}
	dsr__tv_set(t, "DATE", DSR__PR_DAY, "%04d-%02d-%02d", y, m, d);
	t->y = y;
	t->m = m;
	t->d = d;
}

void dsr__tv_dayno(struct dsr__time *t, int64_t z)
{
	int y, m, d;
	dsr__civil(z, &y, &m, &d);
	dsr__tv_day(t, y, m, d);
}

void dsr__tv_week(struct dsr__time *t, int64_t z, bool weekend)
{
	int y, m, d, wy, w;
	dsr__civil(z, &y, &m, &d);
	dsr__isoweek(y, m, d, &wy, &w);
	if (wy < 1 || wy > 9999) {
		dsr__tv_set(t, "DATE", DSR__PR_WEEK, "XXXX-WXX");
		return;
	}
	dsr__tv_set(t, "DATE", DSR__PR_WEEK, weekend ? "%04d-W%02d-WE" : "%04d-W%02d",
		    wy, w);
}

void dsr__tv_month(struct dsr__time *t, int y, int m)
{
	while (m < 1) {
		m += 12;
		y--;
	}
	while (m > 12) {
		m -= 12;
		y++;
	}
	if (y < 1 || y > 9999) {
		dsr__tv_set(t, "DATE", DSR__PR_MONTH, "XXXX-%02d", m);
		return;
	}
	dsr__tv_set(t, "DATE", DSR__PR_MONTH, "%04d-%02d", y, m);
}

void dsr__tv_year(struct dsr__time *t, int y)
{
	if (y < 1 || y > 9999)
		dsr__tv_set(t, "DATE", DSR__PR_YEAR, "XXXX");
	else
		dsr__tv_set(t, "DATE", DSR__PR_YEAR, "%04d", y);
}

void dsr__tv_ref(struct dsr__time *t, int which)
{
	dsr__tv_set(t, "DATE", DSR__PR_REF, "%s",
		    which < 0 ? "PAST_REF" : which > 0 ? "FUTURE_REF" : "PRESENT_REF");
}

void dsr__tv_duration(struct dsr__time *t, long n, int unit)
{
	static const char *const u[] = { "", "M", "H", "D", "W", "M", "Y", "DE" };
	bool clock = unit == DSR__U_MIN || unit == DSR__U_HOUR;
	char num[24];
	if (n < 0)
		snprintf(num, sizeof num, "X");
	else
		snprintf(num, sizeof num, "%ld", n);
	if (unit == DSR__U_DECADE) /* two decades: P20Y, as TimeBank writes it */
		dsr__tv_set(t, "DURATION", DSR__PR_NONE, n >= 0 ? "P%ld0Y" : "PXY", n);
	else
		dsr__tv_set(t, "DURATION", DSR__PR_NONE, "P%s%s%s", clock ? "T" : "",
			    num, u[unit >= 1 && unit <= 7 ? unit : 3]);
}

int dsr__tv_year_for(const struct dsr__ctx *c, int m, int d, int tense)
{
	int64_t p = pub_day(c);
	int best = c->py;
	int64_t bestd = INT64_MAX;
	/* nearest first */
	for (int y = c->py - 1; y <= c->py + 1; y++) {
		int dd = d <= dsr__mdays(y, m) ? d : dsr__mdays(y, m);
		int64_t diff = llabs(dsr__days(y, m, dd) - p);
		if (diff < bestd) {
			bestd = diff;
			best = y;
		}
	}
	if (bestd <= 90 || tense == 0)
		return best;
	for (int k = 0; k <= 1; k++) {
		int y = tense > 0 ? c->py + k : c->py - k;
		int dd = d <= dsr__mdays(y, m) ? d : dsr__mdays(y, m);
		int64_t z = dsr__days(y, m, dd);
		if ((tense > 0 && z >= p) || (tense < 0 && z <= p))
			return y;
	}
	return best;
}

int dsr__tv_month_year(const struct dsr__ctx *c, int m, int rel, int tense)
{
	if (rel < 0) /* last December: strictly before this month */
		return m < c->pm ? c->py : c->py - 1;
	if (rel > 0) /* next March */
		return m > c->pm ? c->py : c->py + 1;
	if (m == c->pm)
		return c->py;
	/* a month within two of the publication's is the near one, whatever
	 * the tense (as a day within 90 days is) */
	int ahead = (m - c->pm + 12) % 12, behind = (c->pm - m + 12) % 12;
	if (ahead <= 2)
		return m > c->pm ? c->py : c->py + 1;
	if (behind <= 2)
		return m < c->pm ? c->py : c->py - 1;
	if (tense > 0)
		return m > c->pm ? c->py : c->py + 1;
	if (tense < 0)
		return m < c->pm ? c->py : c->py - 1;
	/* neutral: the nearer of the two */
	if (ahead < behind)
		return m > c->pm ? c->py : c->py + 1;
	return m < c->pm ? c->py : c->py - 1;
}

int64_t dsr__tv_weekday(const struct dsr__ctx *c, int wd, int rel, int tense)
{
	int64_t p = pub_day(c);
	int pw = dsr__weekday(c->py, c->pm, c->pd);
	int back = (pw - wd + 7) % 7;   /* days back to the last such day */
	int fwd = (wd - pw + 7) % 7;    /* days forward to the next one */
	if (rel == 2) /* this Wednesday: in the publication week */
		return p - (pw - 1) + (wd - 1);
	if (rel < 0)
		return p - (back ? back : 7);
	if (rel > 0)
		return p + (fwd ? fwd : 7);
	if (tense > 0)
		return p + fwd;
	return p - back;
}

int64_t dsr__tv_holiday(const struct dsr__holiday *h, int y)
{
	if (h->rule == DSR__H_FIXED)
		return dsr__days(y, h->month, h->day);
	if (h->rule == DSR__H_EASTER) {
		/* anonymous Gregorian algorithm */
		int a = y % 19, b = y / 100, cc = y % 100, d = b / 4, e = b % 4;
		int f = (b + 8) / 25, g = (b - f + 1) / 3;
		int hh = (19 * a + b - d - g + 15) % 30;
		int i = cc / 4, k = cc % 4;
		int l = (32 + 2 * e + 2 * i - hh - k) % 7;
		int m = (a + 11 * hh + 22 * l) / 451;
		int month = (hh + l - 7 * m + 114) / 31;
		int day = ((hh + l - 7 * m + 114) % 31) + 1;
		return dsr__days(y, month, day) + h->n;
	}
	/* n-th (or last, n = -1) weekday of a month */
	if (h->n > 0) {
		int w1 = dsr__weekday(y, h->month, 1);
		int first = 1 + (h->wday - w1 + 7) % 7;
		return dsr__days(y, h->month, first + 7 * (h->n - 1)) + h->day;
	}
	int last = dsr__mdays(y, h->month);
	int wl = dsr__weekday(y, h->month, last);
	return dsr__days(y, h->month, last - (wl - h->wday + 7) % 7) + h->day;
}
