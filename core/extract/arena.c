/* arena.c: a chunked bump allocator (see arena.h). */
#include "arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct chunk {
	struct chunk *next;
	size_t used, cap;
	max_align_t data[];
};

struct dsr__arena {
	struct chunk *head;
};

#define CHUNK_MIN ((size_t)16 << 10)

struct dsr__arena *dsr__arena_new(void)
{
	return calloc(1, sizeof(struct dsr__arena));
}

void dsr__arena_free(struct dsr__arena *a)
{
	if (!a)
		return;
	struct chunk *c = a->head;
	while (c) {
		struct chunk *n = c->next;
		free(c);
		c = n;
	}
	free(a);
}

void *dsr__arena_alloc(struct dsr__arena *a, size_t n)
{
	const size_t al = sizeof(max_align_t);
	if (n > SIZE_MAX / 2)
		return NULL;
	n = (n + al - 1) / al * al;
	if (n == 0)
		n = al;
	struct chunk *c = a->head;
	if (!c || c->cap - c->used < n) {
		/* A big request gets a chunk of its own, kept behind the head
		 * so the head's free space is not wasted. */
		size_t cap = n > CHUNK_MIN / 4 ? n : CHUNK_MIN;
		struct chunk *nc = malloc(sizeof *nc + cap);
		if (!nc)
			return NULL;
		nc->used = 0;
		nc->cap = cap;
		if (c && cap == n) {
			nc->next = c->next;
			c->next = nc;
		} else {
			nc->next = c;
			a->head = nc;
		}
		c = nc;
	}
	void *p = (char *)c->data + c->used;
	c->used += n;
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
