/* answers.c: the answer cache (answers.h). */
#include "answers.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static uint64_t hash_of(const uint8_t *p, size_t n)
{
	uint64_t h = 1469598103934665603ull;  /* FNV-1a */
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 1099511628211ull;
	return h;
}

static void drop(struct answers *a, uint32_t i)
{
	a->bytes -= a->slot[i].klen + a->slot[i].vlen;
	free(a->slot[i].key);
	a->slot[i] = a->slot[--a->n];
}

void answers_clear(struct answers *a)
{
	while (a->n)
		drop(a, a->n - 1);
}

/* Moves the cache to version v when v is newer; false when v is older. */
static int at_version(struct answers *a, uint64_t v)
{
	if (v < a->version)
		return 0;
	if (v > a->version) {
		answers_clear(a);
		a->version = v;
	}
	return 1;
}

static int find(struct answers *a, uint64_t h, const void *key, size_t klen)
{
	for (uint32_t i = 0; i < a->n; i++)
		if (a->slot[i].hash == h && a->slot[i].klen == klen &&
		    !memcmp(a->slot[i].key, key, klen))
			return (int)i;
	return -1;
}

const uint8_t *answers_get(struct answers *a, uint64_t now, const void *key, size_t klen,
			   size_t *vlen)
{
	int i = now && at_version(a, now) && a->version == now ? find(a, hash_of(key, klen), key, klen)
							: -1;
	if (i < 0) {
		a->misses++;
		return NULL;
	}
	a->hits++;
	a->slot[i].used = ++a->clock;
	*vlen = a->slot[i].vlen;
	return a->slot[i].key + klen;
}

void answers_put(struct answers *a, uint64_t ver, const void *key, size_t klen,
		 const void *val, size_t vlen)
{
	size_t size = klen + vlen;
	if (!ver || size > ANSWERS_ONE || !at_version(a, ver))
		return;
	uint64_t h = hash_of(key, klen);
	int old = find(a, h, key, klen);
	if (old >= 0)
		drop(a, (uint32_t)old);
	while (a->n && (a->n == ANSWERS_SLOTS || a->bytes + size > ANSWERS_BYTES)) {
		uint32_t lru = 0;
		for (uint32_t i = 1; i < a->n; i++)
			if (a->slot[i].used < a->slot[lru].used)
				lru = i;
		drop(a, lru);
	}
	struct answer *s = &a->slot[a->n++];
	s->hash = h;
	s->used = ++a->clock;
	s->key = xmalloc(size ? size : 1);
	memcpy(s->key, key, klen);
	memcpy(s->key + klen, val, vlen);
	s->klen = klen;
	s->vlen = vlen;
	a->bytes += size;
}
