/* isotime.c: a Unix time in milliseconds as ISO 8601 UTC text (see
 * hlc.h), for exports and the client's listings. */
#include "hlc.h"

#include <stdio.h>
#include <time.h>

void dsr_iso_time(uint64_t ms, char out[40])
{
	time_t s = (time_t)(ms / 1000);
	struct tm tm;
	gmtime_r(&s, &tm);
	char tmp[96];
	snprintf(tmp, sizeof tmp, "%04d-%02d-%02dT%02d:%02d:%02d.%03uZ", tm.tm_year + 1900,
		 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
		 (unsigned)(ms % 1000));
	snprintf(out, 40, "%.39s", tmp);
}
