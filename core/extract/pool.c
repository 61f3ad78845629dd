/* pool.c: the extraction's allocator (see pool.h), on the core's bump
 * arena (core/arena.h), with zeroed memory. */
#include "pool.h"
#include "arena.h"

#include <stdlib.h>
#include <string.h>

struct dsr__pool {
	dsr_arena a;
};

struct dsr__pool *dsr__pool_new(void)
{
	struct dsr__pool *a = malloc(sizeof *a);
	if (a)
		dsr_arena_init(&a->a);
	return a;
}

void dsr__pool_free(struct dsr__pool *a)
{
	if (!a)
		return;
	dsr_arena_release(&a->a);
	free(a);
}

void *dsr__pool_alloc(struct dsr__pool *a, size_t n)
{
	void *p = dsr_arena_alloc(&a->a, n ? n : 1);
	if (p)
		memset(p, 0, n);
	return p;
}

char *dsr__pool_strndup(struct dsr__pool *a, const char *s, size_t n)
{
	char *p = dsr__pool_alloc(a, n + 1);
	if (!p)
		return NULL;
	if (n)
		memcpy(p, s, n);
	p[n] = 0;
	return p;
}

char *dsr__pool_strdup(struct dsr__pool *a, const char *s)
{
	return dsr__pool_strndup(a, s, strlen(s));
}
