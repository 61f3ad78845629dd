/* datekey.c: the timeline's order.  A TIMEX3 value (as the extractor
 * writes it, or an analyst types it) becomes a number that sorts as the
 * date it names: YYYYMMDDhhmm, the start of the period for weeks, quarters
 * and seasons, 0 for PAST_REF, and a key after every date for values that
 * name none.  The views index entries by it and the timeline query scans
 * by it, so both must agree: this is its one home. */
#include "model/api.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>

static int num(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* Day of year -> month/day for the Monday of ISO week `wk` of `y`. */
static void iso_week_monday(int *yp, int wk, int *m, int *d)
{
	int y = *yp;
	/* Jan 4 is always in week 1; find its weekday (0 = Monday). */
	int yy = y - 1;
	int jan1 = (1 + 5 * (yy % 4) + 4 * (yy % 100) + 6 * (yy % 400)) % 7; /* 0=Sun */
	int jan4_wd = (jan1 + 3) % 7;          /* 0 = Sunday */
	int jan4_mon = (jan4_wd + 6) % 7;      /* 0 = Monday */
	int doy = 4 - jan4_mon + (wk - 1) * 7; /* 1-based day of year */
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	int mo = 0;
	if (doy < 1) {
		*yp = y - 1;
		*m = 12;
		*d = 31 + doy;
		return;
	}
	while (mo < 12) {
		int md = mdays[mo] + (mo == 1 && leap);
		if (doy <= md)
			break;
		doy -= md;
		mo++;
	}
	*m = mo < 12 ? mo + 1 : 12;
	*d = mo < 12 ? doy : 31;
}

uint64_t dsr__date_sortkey(const char *t)
{
	const uint64_t unknown = 999999999999ull;
	if (!t || !*t)
		return unknown;
	if (!strcmp(t, "PAST_REF"))
		return 0;
	if (!strcmp(t, "PRESENT_REF") || !strcmp(t, "FUTURE_REF"))
		return unknown;
	size_t n = strlen(t);
	int y;
	if (n >= 4 && !strncmp(t, "XXXX", 4))
		y = 0;
	else if (n >= 4 && isdigit((unsigned char)t[0]) && isdigit((unsigned char)t[1]) &&
		 isdigit((unsigned char)t[2]) && (t[3] == 'X' || t[3] == 'x'))
		y = num(t, 3) * 10;     /* decade: 201X */
	else if (n >= 3 && isdigit((unsigned char)t[0]) && isdigit((unsigned char)t[1]) &&
		 (t[2] == 'X' || t[2] == 'x'))
		y = num(t, 2) * 100;    /* century: 20XX */
	else if ((y = num(t, 4)) < 0)
		return unknown;
	int m = 1, d = 1, hh = 0, mm = 0;
	/* The century form may be 3 characters long ("20X"). */
	const char *r = t + (n < 4 ? n : 4);
	if (*r == '-') {
		r++;
		if (r[0] == 'W' && num(r + 1, 2) > 0) {
			iso_week_monday(&y, num(r + 1, 2), &m, &d);
		} else if (r[0] == 'Q' && r[1] >= '1' && r[1] <= '4') {
			m = (r[1] - '1') * 3 + 1;
		} else if (!strncmp(r, "SP", 2)) {
			m = 3; d = 20;
		} else if (!strncmp(r, "SU", 2)) {
			m = 6; d = 21;
		} else if (!strncmp(r, "FA", 2) || !strncmp(r, "AU", 2)) {
			m = 9; d = 22;
		} else if (!strncmp(r, "WI", 2)) {
			m = 12; d = 21;
		} else if (num(r, 2) >= 1 && num(r, 2) <= 12) {
			m = num(r, 2);
			if (r[2] == '-' && num(r + 3, 2) >= 1 && num(r + 3, 2) <= 31) {
				d = num(r + 3, 2);
				if (r[5] == 'T' && num(r + 6, 2) >= 0) {
					hh = num(r + 6, 2);
					if (r[8] == ':' && num(r + 9, 2) >= 0)
						mm = num(r + 9, 2);
				}
			}
		}
	}
	return (((uint64_t)y * 100 + (uint64_t)m) * 100 + (uint64_t)d) * 10000 +
	       (uint64_t)hh * 100 + (uint64_t)mm;
}

const char *dsr__entry_date(const Dpb__EntryRecorded *e, const Dpb__AmendRec *a, int *precision)
{
	int p = e ? (int)e->precision : 0;
	const char *d = e ? e->date : NULL;
	if (a && a->date && *a->date) {
		d = a->date;
		p = (int)a->precision;
	} else if (a && a->redate && *a->redate) {
		d = a->redate;
		p = (int)a->redate_precision;
	}
	if (precision)
		*precision = p;
	return d;
}
