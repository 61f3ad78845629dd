/* arena.h: a bump allocator for many small objects freed all at once, such
 * as the decoded events of a replication batch (protobuf-c makes several
 * small allocations per message; freeing them one by one cost a receiving
 * daemon's loop thread a third of its time). */
#ifndef DOSSIER_ARENA_H
#define DOSSIER_ARENA_H

#include <protobuf-c/protobuf-c.h>
#include <stddef.h>

struct dsr__arena_blk;

typedef struct dsr_arena {
	struct dsr__arena_blk *blocks;
	ProtobufCAllocator pb;     /* for protobuf-c: free is a no-op */
} dsr_arena;

void dsr_arena_init(dsr_arena *a);
/* n bytes aligned for any object, or NULL when out of memory. */
void *dsr_arena_alloc(dsr_arena *a, size_t n);
/* Frees everything allocated from the arena; it may be used again. */
void dsr_arena_release(dsr_arena *a);
/* The same, keeping one block's memory for what follows. */
void dsr_arena_reset(dsr_arena *a);

#endif
