/* pool.h: the allocator of an extraction.  Everything an extraction hands
 * out (strings, arrays) is carved from one arena and freed with it, so
 * dsr_extraction_free() is a single walk and no error path leaks. */
#ifndef DOSSIER_EXTRACT_ARENA_H
#define DOSSIER_EXTRACT_ARENA_H

#include <stddef.h>

struct dsr__arena;

/* NULL when out of memory. */
struct dsr__arena *dsr__arena_new(void);
void dsr__arena_free(struct dsr__arena *a);
/* n zeroed bytes aligned for any type; NULL when out of memory (n == 0 gives a
 * valid unique pointer). */
void *dsr__arena_alloc(struct dsr__arena *a, size_t n);
/* A NUL-terminated copy of s[0..n). */
char *dsr__arena_strndup(struct dsr__arena *a, const char *s, size_t n);
char *dsr__arena_strdup(struct dsr__arena *a, const char *s);

#endif
