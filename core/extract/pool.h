/* pool.h: the allocator of an extraction.  Everything an extraction hands
 * out (strings, arrays) is carved from one pool, on the core's bump arena
 * (../arena.h), and freed with it, so dsr_extraction_free() is a single
 * walk and no error path leaks. */
#ifndef DOSSIER_EXTRACT_POOL_H
#define DOSSIER_EXTRACT_POOL_H

#include <stddef.h>

struct dsr__pool;

/* NULL when out of memory. */
struct dsr__pool *dsr__pool_new(void);
void dsr__pool_free(struct dsr__pool *a);
/* n zeroed bytes aligned for any type; NULL when out of memory (n == 0 gives a
 * valid unique pointer). */
void *dsr__pool_alloc(struct dsr__pool *a, size_t n);
/* A NUL-terminated copy of s[0..n). */
char *dsr__pool_strndup(struct dsr__pool *a, const char *s, size_t n);
char *dsr__pool_strdup(struct dsr__pool *a, const char *s);

#endif
