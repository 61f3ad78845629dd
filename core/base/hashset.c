/* hashset.c: a hash of bytes that is the same on every machine, and a set
 * of such hashes (open addressing), for the extractor's vocabularies and
 * the ingest's spans (base/api.h). */
#include "base/api.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Eight bytes at a time, read little-endian whatever the machine, so the
 * value (and anything ordered by it) is the same everywhere. */
uint64_t dsr__hash(const void *p, size_t n)
{
	const uint8_t *s = p;
	uint64_t h = 0x9e3779b97f4a7c15ull ^ (n * 0xff51afd7ed558ccdull);
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t v = 0;
		for (int k = 7; k >= 0; k--)
			v = v << 8 | s[i + (size_t)k];
		h = (h ^ v) * 0xbf58476d1ce4e5b9ull;
		h ^= h >> 31;
	}
	uint64_t v = 0;
	for (size_t k = n; k > i; k--)
		v = v << 8 | s[k - 1];
	h = (h ^ v) * 0x94d049bb133111ebull;
	h ^= h >> 29;
	h *= 0xbf58476d1ce4e5b9ull;
	return h ^ (h >> 32);
}

int dsr__hset_init(struct dsr__hset *s, size_t expect)
{
	size_t cap = 64;
	while (cap < expect * 2)
		cap *= 2;
	s->slot = calloc(cap, sizeof *s->slot);
	if (!s->slot)
		return -ENOMEM;
	s->cap = cap;
	s->n = 0;
	return 0;
}

static void hset_put(uint64_t *slot, size_t cap, uint64_t h)
{
	size_t i = (size_t)h & (cap - 1);
	while (slot[i] && slot[i] != h)
		i = (i + 1) & (cap - 1);
	slot[i] = h;
}

int dsr__hset_add(struct dsr__hset *s, uint64_t h)
{
	h |= 1; /* 0 marks an empty slot */
	if (dsr__hset_has(s, h))
		return 0;
	if ((s->n + 1) * 2 > s->cap) {
		size_t nc = s->cap * 2;
		uint64_t *ns = calloc(nc, sizeof *ns);
		if (!ns)
			return -ENOMEM;
		for (size_t i = 0; i < s->cap; i++)
			if (s->slot[i])
				hset_put(ns, nc, s->slot[i]);
		free(s->slot);
		s->slot = ns;
		s->cap = nc;
	}
	hset_put(s->slot, s->cap, h);
	s->n++;
	return 0;
}

bool dsr__hset_has(const struct dsr__hset *s, uint64_t h)
{
	if (!s->cap)
		return false;
	h |= 1;
	size_t i = (size_t)h & (s->cap - 1);
	while (s->slot[i]) {
		if (s->slot[i] == h)
			return true;
		i = (i + 1) & (s->cap - 1);
	}
	return false;
}

void dsr__hset_free(struct dsr__hset *s)
{
	free(s->slot);
	s->slot = NULL;
	s->cap = s->n = 0;
}
