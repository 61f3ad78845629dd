/* containers.c: the extractor's containers: growable arrays and a
 * deterministic sort of keyed items (its hash and set of hashes are
 * base/hashset.c's). */
#include "impl.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void *dsr__vec_push(struct dsr__vec *v, size_t sz)
{
	if (v->n == v->cap) {
		size_t nc = v->cap ? v->cap * 2 : 16;
		void *p = realloc(v->p, nc * sz);
		if (!p)
			return NULL;
		v->p = p;
		v->cap = nc;
	}
	void *e = (char *)v->p + v->n * sz;
	memset(e, 0, sz);
	v->n++;
	return e;
}

void dsr__vec_free(struct dsr__vec *v)
{
	free(v->p);
	v->p = NULL;
	v->n = v->cap = 0;
}

static bool kless(const struct dsr__keyed *a, const struct dsr__keyed *b)
{
	return a->h < b->h || (a->h == b->h && a->m < b->m);
}

static void kswap(struct dsr__keyed *a, struct dsr__keyed *b)
{
	struct dsr__keyed t = *a;
	*a = *b;
	*b = t;
}

/* Quicksort with a median of three, recursing into the smaller part, and
 * insertion sort below 16 elements; ties cannot happen (m is unique), so
 * the result depends only on the input. */
void dsr__sort_keyed(struct dsr__keyed *v, size_t n)
{
	while (n > 16) {
		size_t mid = n / 2;
		if (kless(&v[mid], &v[0]))
			kswap(&v[mid], &v[0]);
		if (kless(&v[n - 1], &v[0]))
			kswap(&v[n - 1], &v[0]);
		if (kless(&v[n - 1], &v[mid]))
			kswap(&v[n - 1], &v[mid]);
		struct dsr__keyed pivot = v[mid];
		size_t i = 0, j = n - 1;
		for (;;) {
			while (kless(&v[i], &pivot))
				i++;
			while (kless(&pivot, &v[j]))
				j--;
			if (i >= j)
				break;
			kswap(&v[i], &v[j]);
			i++;
			j--;
		}
		size_t left = j + 1;
		if (left < n - left) {
			dsr__sort_keyed(v, left);
			v += left;
			n -= left;
		} else {
			dsr__sort_keyed(v + left, n - left);
			n = left;
		}
	}
	for (size_t i = 1; i < n; i++) {
		struct dsr__keyed x = v[i];
		size_t j = i;
		while (j > 0 && kless(&x, &v[j - 1])) {
			v[j] = v[j - 1];
			j--;
		}
		v[j] = x;
	}
}
