/* datecheck.c: checking the dates an analyst types for the timeline.  Entries
 * carry TIMEX3 values, as the extractor writes them, and are ordered by
 * them (model/datekey.c); a date the view cannot order would sink to the
 * end of the timeline unnoticed, so the client refuses it and names the
 * forms it takes.  The precision of a date follows from its form unless the
 * analyst gives one. */
#include "datecheck.h"

#include <ctype.h>
#include <string.h>

const char timex_forms[] =
"dates are TIMEX3 values: 2014-11-24 (a day), 2014-11-24T09:30 (a time),\n"
"2014-W48 (a week), 2014-11 (a month), 2014-Q4 (a quarter), 2014-SU (a\n"
"season: SP, SU, FA, WI), 2014 (a year), 201X (a decade), 20XX (a century),\n"
"PAST_REF, PRESENT_REF or FUTURE_REF\n";

static bool digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

static int two(const char *s)
{
	return (s[0] - '0') * 10 + (s[1] - '0');
}

int timex_precision(const char *t)
{
	size_t n = strlen(t);
	if (!strcmp(t, "PAST_REF") || !strcmp(t, "PRESENT_REF") || !strcmp(t, "FUTURE_REF"))
		return DPB__PRECISION__PRECISION_REF;
	if (n == 4 && digits(t, 2) && t[2] == 'X' && t[3] == 'X')
		return DPB__PRECISION__PRECISION_CENTURY;
	if (n == 4 && digits(t, 3) && t[3] == 'X')
		return DPB__PRECISION__PRECISION_DECADE;
	if (n < 4 || !digits(t, 4))
		return -1;
	if (n == 4)
		return DPB__PRECISION__PRECISION_YEAR;
	const char *r = t + 5;
	if (t[4] != '-')
		return -1;
	if (n == 8 && r[0] == 'W' && digits(r + 1, 2) && two(r + 1) >= 1 && two(r + 1) <= 53)
		return DPB__PRECISION__PRECISION_WEEK;
	if (n == 7 && r[0] == 'Q' && r[1] >= '1' && r[1] <= '4')
		return DPB__PRECISION__PRECISION_QUARTER;
	if (n == 7 && (!strcmp(r, "SP") || !strcmp(r, "SU") || !strcmp(r, "FA") ||
		       !strcmp(r, "WI")))
		return DPB__PRECISION__PRECISION_SEASON;
	if (n < 7 || !digits(r, 2) || two(r) < 1 || two(r) > 12)
		return -1;
	if (n == 7)
		return DPB__PRECISION__PRECISION_MONTH;
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	const char *dd = r + 3;
	if (r[2] != '-' || n < 10 || !digits(dd, 2) || two(dd) < 1 || two(dd) > mdays[two(r) - 1])
		return -1;
	if (n == 10)
		return DPB__PRECISION__PRECISION_DAY;
	/* 2014-11-24T09:30 or T09:30:15 */
	const char *tm = dd + 3;
	if (dd[2] != 'T' || (n != 16 && n != 19) || !digits(tm, 2) || tm[2] != ':' ||
	    !digits(tm + 3, 2) || two(tm) > 23 || two(tm + 3) > 59)
		return -1;
	if (n == 19 && (tm[5] != ':' || !digits(tm + 6, 2) || two(tm + 6) > 59))
		return -1;
	return DPB__PRECISION__PRECISION_TIME;
}

int precision_parse(const char *s)
{
	for (int v = DPB__PRECISION__PRECISION_TIME; v <= DPB__PRECISION__PRECISION_REF; v++) {
		char buf[32];
		if (!strcmp(s, enum_short(&dpb__precision__descriptor, v, buf, sizeof buf)))
			return v;
	}
	return -1;
}

static bool num_of(const char *s, int n, int *v)
{
	*v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		*v = *v * 10 + (s[i] - '0');
	}
	return true;
}

bool published_valid(const char *s)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, d, hh, mm, ss;
	if (!s || !num_of(s, 4, &y) || s[4] != '-' || !num_of(s + 5, 2, &m) || s[7] != '-' ||
	    !num_of(s + 8, 2, &d) || y < 1 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1] ||
	    (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)))
		return false;
	s += 10;
	if (!*s)
		return true;
	if ((*s != 'T' && *s != ' ') || !num_of(s + 1, 2, &hh) || s[3] != ':' ||
	    !num_of(s + 4, 2, &mm) || hh > 23 || mm > 59)
		return false;
	s += 6;
	if (*s == ':') {
		if (!num_of(s + 1, 2, &ss) || ss > 60)
			return false;
		s += 3;
		if (*s == '.' || *s == ',') {
			s++;
			if (*s < '0' || *s > '9')
				return false;
			while (*s >= '0' && *s <= '9')
				s++;
		}
	}
	if (*s == 'Z')
		return s[1] == 0;
	if (*s == '+' || *s == '-') {
		int oh, om;
		return num_of(s + 1, 2, &oh) && oh <= 14 &&
		       ((s[3] == ':' && num_of(s + 4, 2, &om) && om <= 59 && !s[6]) ||
			(num_of(s + 3, 2, &om) && om <= 59 && !s[5]) || !s[3]);
	}
	return *s == 0;
}
