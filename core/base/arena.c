/* arena.c: see arena.h. */
#include "arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>

/* Under glibc's mmap threshold (128 KiB), so blocks come from the heap and
 * an arena made per transaction costs no page faults. */
#define BLOCK ((32u << 10) - 64)

struct dsr__arena_blk {
	struct dsr__arena_blk *next;
	size_t used, cap;
	alignas(max_align_t) unsigned char data[];
};

static void *pb_alloc(void *ctx, size_t n)
{
	return dsr_arena_alloc(ctx, n);
}

static void pb_free(void *ctx, void *p)
{
	(void)ctx;
	(void)p;
}

void dsr_arena_init(dsr_arena *a)
{
	a->blocks = NULL;
	a->pb.alloc = pb_alloc;
	a->pb.free = pb_free;
	a->pb.allocator_data = a;
}

void *dsr_arena_alloc(dsr_arena *a, size_t n)
{
	const size_t al = alignof(max_align_t);
	if (n > SIZE_MAX - al)
		return NULL;
	n = (n + al - 1) & ~(al - 1);
	struct dsr__arena_blk *b = a->blocks;
	if (!b || b->cap - b->used < n) {
		/* Large objects get a block of their own, behind the current
		 * one, so its free space is not wasted. */
		size_t cap = n > BLOCK / 4 ? n : BLOCK;
		struct dsr__arena_blk *nb = malloc(sizeof *nb + cap);
		if (!nb)
			return NULL;
		nb->used = 0;
		nb->cap = cap;
		if (b && cap != BLOCK) {
			nb->next = b->next;
			b->next = nb;
		} else {
			nb->next = b;
			a->blocks = nb;
		}
		b = nb;
	}
	void *p = b->data + b->used;
	b->used += n;
	return p;
}

void dsr_arena_release(dsr_arena *a)
{
	struct dsr__arena_blk *b = a->blocks;
	while (b) {
		struct dsr__arena_blk *nx = b->next;
		free(b);
		b = nx;
	}
	a->blocks = NULL;
}

void dsr_arena_reset(dsr_arena *a)
{
	/* Keeps one ordinary block for the next round. */
	struct dsr__arena_blk *keep = NULL, *b = a->blocks;
	while (b) {
		struct dsr__arena_blk *nx = b->next;
		if (!keep && b->cap == BLOCK) {
			keep = b;
		} else {
			free(b);
		}
		b = nx;
	}
	if (keep) {
		keep->used = 0;
		keep->next = NULL;
	}
	a->blocks = keep;
}
