/* logging.h: leveled log lines on stderr ("dossierd: info: ..."); under
 * systemd, stderr goes to the journal, which adds its own time stamps. */
#ifndef DOSSIERD_LOGGING_H
#define DOSSIERD_LOGGING_H

enum dlog_level { DLOG_ERROR, DLOG_WARN, DLOG_INFO, DLOG_DEBUG };

extern enum dlog_level dlog_level;

/* Parses "error", "warn", "info", "debug".  Returns 0 or -1. */
int dlog_parse(const char *s, enum dlog_level *out);

void dlog(enum dlog_level lv, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define DLOG_ON(lv) ((lv) <= dlog_level)

#endif
