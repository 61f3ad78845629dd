/* util.h: small helpers for the daemon: allocation that dies on ENOMEM
 * (a daemon may; the core may not), clocks, and file helpers. */
#ifndef DOSSIERD_UTIL_H
#define DOSSIERD_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

/* Wall clock in milliseconds since the epoch (for the hybrid clock). */
uint64_t wall_ms(void);
/* Monotonic clock in nanoseconds. */
uint64_t mono_ns(void);

/* Resident set size of this process in bytes (0 when unknown). */
uint64_t rss_bytes(void);
/* Resident bytes, and of them the file-backed (and shared) ones, from
 * /proc/self/statm; false when it cannot be read. */
bool rss_read(uint64_t *resident, uint64_t *shared);

/* Creates `dir` and its missing parents with mode 0700.  Returns 0 or -errno. */
int mkdir_p(const char *dir);

/* Reads the token in `path`, creating it (mode 0600, 32 random bytes in
 * hex) when missing.  Returns a malloc'ed token, or NULL with errno set. */
char *token_load_or_create(const char *path);

#endif
