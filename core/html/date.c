/* date.c: a page's publication date as ISO 8601 (dsr__hdate), from the
 * forms pages use in <meta> and JSON-LD. */
#include "impl.h"
#include "base/api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const months[] = { "jan", "feb", "mar", "apr", "may", "jun",
	"jul", "aug", "sep", "oct", "nov", "dec" };

static int month_at(const char *s)
{
	for (int i = 0; i < 12; i++)
		if (strncasecmp(s, months[i], 3) == 0)
			return i + 1;
	return 0;
}

static char *ymd(int y, int m, int dd)
{
	if (y < 1000 || y > 9999 || m < 1 || m > 12 || dd < 1 || dd > dsr__mdays(y, m))
		return NULL;
	char *o = malloc(11);
	if (o)
		snprintf(o, 11, "%04u-%02u-%02u", (unsigned)y % 10000, (unsigned)m % 100,
			 (unsigned)dd % 100);
	return o;
}

char *dsr__hdate(const char *raw)
{
	char *s = dsr__hclean(raw, strlen(raw));
	if (!s)
		return NULL;
	int y, m, dd;
	char *out = NULL;
	if (dsr__parse_date(s, &y, &m, &dd) || (strlen(s) >= 10 && s[4] == '-' && s[7] == '-' &&
						sscanf(s, "%4d-%2d-%2d", &y, &m, &dd) == 3)) {
		/* ISO 8601 already: keep the time as the page gives it */
		out = ymd(y, m, dd);
		size_t k = 10;
		if (out && (s[10] == 'T' || s[10] == ' ') && s[11] >= '0' && s[11] <= '9') {
			k = 11;
			while (s[k] && strchr("0123456789:.+-Z", s[k]))
				k++;
			char *t = malloc(k + 1);
			if (t) {
				memcpy(t, s, k);
				t[10] = 'T';
				t[k] = 0;
				free(out);
				out = t;
			}
		}
	} else if (sscanf(s, "%4d/%2d/%2d", &y, &m, &dd) == 3) {
		out = ymd(y, m, dd);
	} else {
		/* "Thu, 17 Sep 2015 ...", "17 September 2015", "September 17, 2015" */
		const char *p = s;
		static const char *const days[] = { "mon", "tue", "wed", "thu", "fri",
			"sat", "sun" };
		if (strchr(p, ','))
			for (int i = 0; i < 7; i++)
				if (strncasecmp(p, days[i], 3) == 0) {
					p = strchr(p, ',') + 1;
					break;
				}
		while (*p == ' ')
			p++;
		char mon[16];
		if (sscanf(p, "%d %15s %d", &dd, mon, &y) == 3 && (m = month_at(mon)))
			out = ymd(y, m, dd);
		else if (sscanf(p, "%15s %d, %d", mon, &dd, &y) == 3 && (m = month_at(mon)))
			out = ymd(y, m, dd);
		else if (sscanf(p, "%15s %d %d", mon, &dd, &y) == 3 && (m = month_at(mon)))
			out = ymd(y, m, dd);
	}
	free(s);
	return out;
}
