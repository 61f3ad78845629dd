/* answers.h: answers kept for the clients that ask the same thing again
 * before the store changes.
 *
 * A read's answer is a function of the query and the snapshot it read, and
 * the store's version (dsr_store_version: LMDB's transaction id) names the
 * snapshot.  So an answer read at version V may be handed to anyone who
 * asks the same query while the store is still at V: browsers that poll
 * the same page, sixty-four analysts opening the overview, a `dossier
 * watch` followed by a re-read.  The cache holds the answers of a single
 * version: the first look after a commit finds a newer version and drops
 * them all.  An answer is stored with the version of the snapshot it was
 * read in, or with a version read before the question was asked (never
 * newer than the snapshot), so a commit that lands while a query runs
 * makes that answer unservable rather than stale.
 *
 * Bounded: at most ANSWERS_SLOTS answers and ANSWERS_BYTES bytes (the
 * oldest used goes first), none larger than ANSWERS_ONE.  Keys and values
 * are bytes; the owner decides what they hold (request_query.c: the
 * encoded query and the Response after its id; webapi.c: the URL and the
 * JSON).  Loop thread only. */
#ifndef DOSSIERD_ANSWERS_H
#define DOSSIERD_ANSWERS_H

#include <stddef.h>
#include <stdint.h>

#define ANSWERS_SLOTS 128
#define ANSWERS_BYTES (16u << 20)
#define ANSWERS_ONE (1u << 20)

struct answer {
	uint64_t hash;
	uint64_t used;             /* the last look that found it (LRU) */
	uint8_t *key;              /* key then value, one allocation */
	size_t klen, vlen;
};

struct answers {
	uint64_t version;          /* of every answer held */
	uint64_t clock;
	size_t bytes;
	uint32_t n;
	uint64_t hits, misses;     /* for `dossier status` and benchmarks */
	struct answer slot[ANSWERS_SLOTS];
};

/* The answer to `key` while the store is at `now`, or NULL (the value's
 * bytes in *vlen).  Valid until the next call on `a`. */
const uint8_t *answers_get(struct answers *a, uint64_t now, const void *key, size_t klen,
			   size_t *vlen);
/* Keeps the answer to `key` read at version `ver`; ignored when older
 * than what is held or too large. */
void answers_put(struct answers *a, uint64_t ver, const void *key, size_t klen,
		 const void *val, size_t vlen);
void answers_clear(struct answers *a);

#endif
