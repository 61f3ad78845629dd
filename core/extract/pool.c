/* pool.c: the extraction's allocator (see arena.h), on the core's bump
 * arena (core/arena.h), with zeroed memory. */
#include "pool.h"
#include "arena.h"

#include <stdlib.h>
#include <string.h>

struct dsr__arena {
	dsr_arena a;
};

struct dsr__arena *dsr__arena_new(void)
{
	struct dsr__arena *a = malloc(sizeof *a);
	if (a)
		dsr_arena_init(&a->a);
	return a;
}

void dsr__arena_free(struct dsr__arena *a)
{
	if (!a)
		return;
	dsr_arena_release(&a->a);
	free(a);
}

void *dsr__arena_alloc(struct dsr__arena *a, size_t n)
{
	void *p = dsr_arena_alloc(&a->a, n ? n : 1);
	if (p)
		memset(p, 0, n);
	return p;
}

char *dsr__arena_strndup(struct dsr__arena *a, const char *s, size_t n)
{
	char *p = dsr__arena_alloc(a, n + 1);
	if (!p)
		return NULL;
	if (n)
		memcpy(p, s, n);
	p[n] = 0;
	return p;
}

char *dsr__arena_strdup(struct dsr__arena *a, const char *s)
{
	return dsr__arena_strndup(a, s, strlen(s));
}
