/* logging.c: leveled logging to stderr (see logging.h).  One write(2) per line, so
 * lines from the writer thread and the loop never interleave. */
#include "logging.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum dlog_level dlog_level = DLOG_INFO;

static const char *const names[] = { "error", "warn", "info", "debug" };

int dlog_parse(const char *s, enum dlog_level *out)
{
	for (int i = 0; i <= DLOG_DEBUG; i++) {
		if (!strcmp(s, names[i])) {
			*out = (enum dlog_level)i;
			return 0;
		}
	}
	return -1;
}

void dlog(enum dlog_level lv, const char *fmt, ...)
{
	if (lv > dlog_level)
		return;
	char line[1024];
	struct timespec ts;
	struct tm tm;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	int n = snprintf(line, sizeof line, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ dossierd[%d] %s: ",
			 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
			 tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000000, (int)getpid(),
			 names[lv]);
	va_list ap;
	va_start(ap, fmt);
	int m = vsnprintf(line + n, sizeof line - (size_t)n - 1, fmt, ap);
	va_end(ap);
	if (m < 0)
		m = 0;
	size_t len = (size_t)n + ((size_t)m < sizeof line - (size_t)n - 1
				  ? (size_t)m : sizeof line - (size_t)n - 2);
	line[len++] = '\n';
	ssize_t w = write(STDERR_FILENO, line, len);
	(void)w;
}
