/* calendar.c: proleptic Gregorian calendar arithmetic — day numbers,
 * weekdays, ISO 8601 weeks — and parsing of a calendar day (see
 * base/api.h).  Pure integer code: no time zone, no locale, the same answer
 * everywhere. */
#include "base/api.h"

/* Days from 1970-01-01 (Howard Hinnant's days_from_civil). */
int64_t dsr__days(int y, int m, int d)
{
	int64_t yy = (int64_t)y - (m <= 2);
	int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
	int64_t yoe = yy - era * 400;
	int64_t mp = (m + 9) % 12;
	int64_t doy = (153 * mp + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void dsr__civil(int64_t z, int *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int dd = (int)(doy - (153 * mp + 2) / 5 + 1);
	int mm = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (mm <= 2));
	*m = mm;
	*d = dd;
}

int dsr__weekday(int y, int m, int d)
{
	int64_t z = dsr__days(y, m, d);
	/* 1970-01-01 was a Thursday (4) */
	int64_t w = (z + 3) % 7;
	if (w < 0)
		w += 7;
	return (int)w + 1;
}

void dsr__isoweek(int y, int m, int d, int *wy, int *w)
{
	int64_t z = dsr__days(y, m, d);
	int wd = dsr__weekday(y, m, d);
	/* the week's Thursday decides the year */
	int64_t thu = z + (4 - wd);
	int ty, tm, td;
	dsr__civil(thu, &ty, &tm, &td);
	int64_t jan1 = dsr__days(ty, 1, 1);
	*wy = ty;
	*w = (int)((thu - jan1) / 7) + 1;
}

int dsr__mdays(int y, int m)
{
	static const int md[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m < 1 || m > 12)
		return 0;
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return md[m - 1];
}

static int digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

bool dsr__parse_date(const char *s, int *y, int *m, int *d)
{
	if (!s)
		return false;
	while (*s == ' ')
		s++;
	int yy = digits(s, 4);
	if (yy < 0 || s[4] != '-')
		return false;
	int mm = digits(s + 5, 2);
	if (mm < 1 || mm > 12 || s[7] != '-')
		return false;
	int dd = digits(s + 8, 2);
	if (dd < 1 || dd > dsr__mdays(yy, mm))
		return false;
	char e = s[10];
	if (e && e != 'T' && e != 't' && e != ' ' && e != 'Z')
		return false;
	*y = yy;
	*m = mm;
	*d = dd;
	return true;
}
