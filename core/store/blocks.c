/* blocks.c: the postings of v.search packed into blocks (views layout 15;
 * docs/store.md, "The search index").
 *
 * An item of a blocked table is (prefix, sub, value): the prefix is a
 * term and its NUL, the sub a document's key of DSR__BLOCK_SUB bytes, the
 * value its places.  A term's items are kept in records of several: the
 * key is the prefix and the first item's sub, the value the items in sub
 * order, each as
 *
 *   shared (1 byte)  how many leading bytes its sub shares with the one
 *                    before (the first item: with the key, so all)
 *   the rest of its sub
 *   vlen (varint)    then the value's bytes
 *
 * One record per posting cost about 90 bytes of page for 25 of content
 * (a key of term and sub, a node header, pages half full from splits in
 * the middle of the table); a block shares the key and packs its items.
 *
 * Where blocks begin is a function of the set of items alone, never of
 * the order they came in, so that replicas and rebuilds hold the same
 * bytes (the views' digest): an item begins a block when it is its
 * term's first, when the hash of its sub is 0 in its top four bits (one
 * in sixteen: blocks of sixteen items on average), or when its value, or
 * the value before it, is long (a long posting sits alone, so filing next
 * to it does not rewrite it).  Changing items rewrites the blocks around
 * them: the block before the first change, the blocks of the changes and
 * the one after the last, split again by the same rule.
 *
 * Functions here return LMDB's codes, or -ENOMEM; a block that does not
 * decode is MDB_CORRUPTED.  They call nothing else of the store. */
#include "store/api.h"
#include "base/api.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define SUB DSR__BLOCK_SUB
#define ALONE 256          /* a value this long sits in a block alone */

static bool in_prefix(const MDB_val *k, const uint8_t *pfx, size_t plen)
{
	return k->mv_size == plen + SUB && !memcmp(k->mv_data, pfx, plen);
}

static const uint8_t *key_sub(const MDB_val *k)
{
	return (const uint8_t *)k->mv_data + k->mv_size - SUB;
}

static int items_room(dsr__bitems *b, size_t n)
{
	return dsr_grow((void **)&b->v, &b->cap, n, sizeof *b->v) ? -ENOMEM : 0;
}

/* Decodes the block (k, v), appending its items to b. */
static int block_decode(const MDB_val *k, const MDB_val *v, dsr__bitems *b)
{
	const uint8_t *at = v->mv_data, *end = at + v->mv_size;
	size_t first = b->n;
	if (at == end)
		return MDB_CORRUPTED;
	/* room for most blocks' items at once (two bytes each at least) */
	size_t most = v->mv_size / 2 + 1;
	if (items_room(b, b->n + (most < 256 ? most : 256)))
		return -ENOMEM;
	const uint8_t *prev = key_sub(k);
	while (at < end) {
		if (b->n == b->cap) {
			if (items_room(b, b->n + 1))
				return -ENOMEM;
			prev = b->v[b->n - 1].sub;   /* moved with the items */
		}
		dsr__bitem *it = &b->v[b->n];
		size_t shared = *at++;
		if (shared > SUB || (b->n == first) != (shared == SUB) ||
		    (size_t)(end - at) < SUB - shared)
			return MDB_CORRUPTED;
		/* after the first, ascending: the byte past the shared ones
		 * greater than the one before's */
		if (shared < SUB && *at <= prev[shared])
			return MDB_CORRUPTED;
		memcpy(it->sub, prev, shared);
		memcpy(it->sub + shared, at, SUB - shared);
		at += SUB - shared;
		uint32_t len;
		if (!dsr__varint_get(&at, end, &len) || (size_t)(end - at) < len)
			return MDB_CORRUPTED;
		it->val = at;
		it->vlen = len;
		at += len;
		prev = it->sub;
		b->n++;
	}
	return 0;
}

static bool starts_block(const dsr__bitem *it, const dsr__bitem *prev)
{
	return !prev || it->vlen >= ALONE || prev->vlen >= ALONE ||
	       dsr__hash(it->sub, SUB) >> 60 == 0;
}

/* Appends items v[0 .. n) as one block's value to out. */
static int block_encode(const dsr__bitem *v, size_t n, dsr_buf *out)
{
	for (size_t i = 0; i < n; i++) {
		size_t shared = 0;
		if (i)
			while (shared < SUB && v[i].sub[shared] == v[i - 1].sub[shared])
				shared++;
		else
			shared = SUB;
		uint8_t head[1 + SUB + DSR__VARINT_MAX];
		size_t hn = 0;
		head[hn++] = (uint8_t)shared;
		memcpy(head + hn, v[i].sub + shared, SUB - shared);
		hn += SUB - shared;
		hn += dsr__varint_put(head + hn, v[i].vlen);
		if (dsr_buf_append(out, head, hn) || dsr_buf_append(out, v[i].val, v[i].vlen))
			return -ENOMEM;
	}
	return 0;
}

/* ---- writing ------------------------------------------------------------- */

/* The block a sub belongs in: the last of the prefix whose key is at most
 * pfx + sub, else the prefix's first; MDB_NOTFOUND when the prefix has
 * none. */
static int block_of(MDB_cursor *c, const uint8_t *pfx, size_t plen, const uint8_t *sub,
		    MDB_val *k, MDB_val *v)
{
	uint8_t key[DSR__BLOCK_KEY_MAX];
	memcpy(key, pfx, plen);
	memcpy(key + plen, sub, SUB);
	*k = (MDB_val){ plen + SUB, key };
	int r = mdb_cursor_get(c, k, v, MDB_SET_RANGE);
	if (r == 0 && in_prefix(k, pfx, plen) && !memcmp(key_sub(k), sub, SUB))
		return 0;
	bool after = r == 0 && in_prefix(k, pfx, plen);   /* the prefix's next */
	if (r == 0)
		r = mdb_cursor_get(c, k, v, MDB_PREV);
	else if (r == MDB_NOTFOUND)
		r = mdb_cursor_get(c, k, v, MDB_LAST);
	if (r == 0 && in_prefix(k, pfx, plen))
		return 0;
	if (r && r != MDB_NOTFOUND)
		return r;
	if (!after)
		return MDB_NOTFOUND;
	/* before the prefix's first block: that one */
	*k = (MDB_val){ plen + SUB, key };
	return mdb_cursor_get(c, k, v, MDB_SET_RANGE);
}

struct window {
	dsr__bitems old, neu;
	/* the old blocks: where each begins in old, its stored value */
	struct oldblk {
		size_t first;
		const void *val;
		size_t len;
	} *ob;
	size_t nob, cob;
	size_t *nb;                /* where each new block begins in neu */
	size_t nnb, cnb;
	dsr_buf enc;
	size_t *eoff;              /* each new block's bytes in enc */
	size_t ceoff;
	bool *same;                /* new block j is an old one unchanged */
	size_t csame;
};

/* Reads the blocks around changes ch[*i ..]: from the block before the
 * first change's to the one after the last change's block taken in; moves
 * *i past the changes taken in. */
static int window_read(MDB_cursor *c, const uint8_t *pfx, size_t plen,
		       const dsr__bchange *ch, size_t n, size_t *i, struct window *w)
{
	MDB_val k, v;
	w->old.n = w->nob = 0;
	int r = block_of(c, pfx, plen, ch[*i].sub, &k, &v);
	if (r == MDB_NOTFOUND) {
		*i = n;   /* a new prefix: every change */
		return 0;
	}
	if (r)
		return r;
	/* one block back, when the prefix has one */
	uint8_t key[DSR__BLOCK_KEY_MAX];
	memcpy(key, k.mv_data, k.mv_size);
	size_t klen = k.mv_size;
	r = mdb_cursor_get(c, &k, &v, MDB_PREV);
	if (r == MDB_NOTFOUND || (r == 0 && !in_prefix(&k, pfx, plen))) {
		k = (MDB_val){ klen, key };
		r = mdb_cursor_get(c, &k, &v, MDB_SET_KEY);
	}
	if (r)
		return r;
	long last = -1;   /* the block the last change taken in falls in */
	for (;;) {
		if (dsr_grow((void **)&w->ob, &w->cob, w->nob + 1, sizeof *w->ob))
			return -ENOMEM;
		w->ob[w->nob] = (struct oldblk){ w->old.n, v.mv_data, v.mv_size };
		if ((r = block_decode(&k, &v, &w->old)))
			return r;
		long at = (long)w->nob++;
		r = mdb_cursor_get(c, &k, &v, MDB_NEXT);
		bool more = r == 0 && in_prefix(&k, pfx, plen);
		if (r && r != MDB_NOTFOUND)
			return r;
		while (*i < n && (!more || memcmp(ch[*i].sub, key_sub(&k), SUB) < 0)) {
			++*i;
			last = at;
		}
		if (!more || (last >= 0 && at > last))
			return 0;
	}
}

/* The window's items with the changes ch[from .. to) merged in, split into
 * blocks by the rule, each encoded. */
static int window_merge(struct window *w, const dsr__bchange *ch, size_t from, size_t to)
{
	size_t a = 0, b = from;
	w->neu.n = w->nnb = 0;
	w->enc.len = 0;
	while (a < w->old.n || b < to) {
		int cmp = a == w->old.n ? 1 : b == to ? -1 : memcmp(w->old.v[a].sub, ch[b].sub, SUB);
		if (items_room(&w->neu, w->neu.n + 1))
			return -ENOMEM;
		dsr__bitem *it = &w->neu.v[w->neu.n];
		if (cmp < 0) {
			*it = w->old.v[a++];
		} else {
			if (cmp == 0)
				a++;
			const dsr__bchange *c = &ch[b++];
			if (c->tomb)
				continue;
			memcpy(it->sub, c->sub, SUB);
			it->val = c->val;
			it->vlen = c->vlen;
		}
		const dsr__bitem *prev = w->neu.n ? it - 1 : NULL;
		if (starts_block(it, prev)) {
			if (dsr_grow((void **)&w->nb, &w->cnb, w->nnb + 1, sizeof *w->nb))
				return -ENOMEM;
			w->nb[w->nnb++] = w->neu.n;
		}
		w->neu.n++;
	}
	if (dsr_grow((void **)&w->eoff, &w->ceoff, w->nnb + 1, sizeof *w->eoff))
		return -ENOMEM;
	for (size_t j = 0; j < w->nnb; j++) {
		size_t end = j + 1 < w->nnb ? w->nb[j + 1] : w->neu.n;
		w->eoff[j] = w->enc.len;
		int rc = block_encode(&w->neu.v[w->nb[j]], end - w->nb[j], &w->enc);
		if (rc)
			return rc;
	}
	w->eoff[w->nnb] = w->enc.len;
	return 0;
}

/* Writes the new blocks over the old: deletes the old ones no new block
 * begins at, writes the new ones whose bytes differ. */
static int window_write(MDB_cursor *c, const uint8_t *pfx, size_t plen, struct window *w)
{
	uint8_t key[DSR__BLOCK_KEY_MAX];
	memcpy(key, pfx, plen);
	/* which new blocks are old ones unchanged, decided before any write
	 * moves the old values */
	if (dsr_grow((void **)&w->same, &w->csame, w->nnb + 1, sizeof *w->same))
		return -ENOMEM;
	for (size_t j = 0, o = 0; j < w->nnb; j++) {
		const uint8_t *s = w->neu.v[w->nb[j]].sub;
		while (o < w->nob && memcmp(w->old.v[w->ob[o].first].sub, s, SUB) < 0)
			o++;
		size_t len = w->eoff[j + 1] - w->eoff[j];
		w->same[j] = o < w->nob && !memcmp(w->old.v[w->ob[o].first].sub, s, SUB) &&
			     w->ob[o].len == len &&
			     !memcmp(w->ob[o].val, w->enc.data + w->eoff[j], len);
	}
	int r = 0;
	/* old blocks no new one begins at */
	for (size_t o = 0, j = 0; o < w->nob && !r; o++) {
		const uint8_t *s = w->old.v[w->ob[o].first].sub;
		while (j < w->nnb && memcmp(w->neu.v[w->nb[j]].sub, s, SUB) < 0)
			j++;
		if (j < w->nnb && !memcmp(w->neu.v[w->nb[j]].sub, s, SUB))
			continue;
		memcpy(key + plen, s, SUB);
		MDB_val k = { plen + SUB, key }, v;
		r = mdb_cursor_get(c, &k, &v, MDB_SET);
		if (r == 0)
			r = mdb_cursor_del(c, 0);
	}
	for (size_t j = 0; j < w->nnb && !r; j++) {
		if (w->same[j])
			continue;
		memcpy(key + plen, w->neu.v[w->nb[j]].sub, SUB);
		MDB_val k = { plen + SUB, key };
		MDB_val v = { w->eoff[j + 1] - w->eoff[j], w->enc.data + w->eoff[j] };
		r = mdb_cursor_put(c, &k, &v, 0);
	}
	return r;
}

int dsr__blocks_apply(MDB_cursor *c, const uint8_t *pfx, size_t plen, const dsr__bchange *ch,
		      size_t n)
{
	if (plen + SUB > DSR__BLOCK_KEY_MAX)
		return MDB_BAD_VALSIZE;
	struct window w = { .old = { 0 }, .neu = { 0 }, .enc = DSR_BUF_INIT };
	int r = 0;
	for (size_t i = 0; i < n && !r;) {
		size_t from = i;
		r = window_read(c, pfx, plen, ch, n, &i, &w);
		if (!r)
			r = window_merge(&w, ch, from, i);
		if (!r)
			r = window_write(c, pfx, plen, &w);
	}
	free(w.old.v);
	free(w.neu.v);
	free(w.ob);
	free(w.nb);
	free(w.eoff);
	free(w.same);
	dsr_buf_free(&w.enc);
	return r;
}

/* ---- reading --------------------------------------------------------------- */

int dsr__bcur_open(dsr__bcur *bc, MDB_txn *txn, MDB_dbi dbi, const void *pfx, size_t plen)
{
	memset(bc, 0, sizeof *bc);
	if (plen + SUB > DSR__BLOCK_KEY_MAX)
		return MDB_BAD_VALSIZE;
	memcpy(bc->pfx, pfx, plen);
	bc->plen = plen;
	return mdb_cursor_open(txn, dbi, &bc->c);
}

void dsr__bcur_close(dsr__bcur *bc)
{
	if (bc->c)
		mdb_cursor_close(bc->c);
	free(bc->b.v);
	memset(bc, 0, sizeof *bc);
}

/* Decodes the block the cursor is at, or marks the cursor done when the
 * move r left the prefix. */
static int bc_load(dsr__bcur *bc, int r, const MDB_val *k, const MDB_val *v)
{
	if (r == MDB_NOTFOUND || (r == 0 && !in_prefix(k, bc->pfx, bc->plen))) {
		bc->done = true;
		return 0;
	}
	if (r)
		return r;
	bc->b.n = 0;
	return block_decode(k, v, &bc->b);
}

/* In the block loaded, to the last item <= sub (there is one: the block's
 * first is its key, <= sub). */
static void bc_within(dsr__bcur *bc, const uint8_t *sub)
{
	size_t lo = 0, hi = bc->b.n;   /* the first item > sub */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (memcmp(bc->b.v[mid].sub, sub, SUB) <= 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	bc->i = lo ? lo - 1 : 0;
}

int dsr__bcur_find_back(dsr__bcur *bc, const uint8_t *sub)
{
	uint8_t key[DSR__BLOCK_KEY_MAX], top[SUB];
	if (!sub) {
		memset(top, 0xff, SUB);
		sub = top;
	}
	memcpy(key, bc->pfx, bc->plen);
	memcpy(key + bc->plen, sub, SUB);
	MDB_val k = { bc->plen + SUB, key }, v;
	bc->done = false;
	int r = mdb_cursor_get(bc->c, &k, &v, MDB_SET_RANGE);
	if (!(r == 0 && k.mv_size == bc->plen + SUB && !memcmp(k.mv_data, key, bc->plen + SUB))) {
		/* past it: the block before; past every block: the last */
		if (r == 0)
			r = mdb_cursor_get(bc->c, &k, &v, MDB_PREV);
		else if (r == MDB_NOTFOUND)
			r = mdb_cursor_get(bc->c, &k, &v, MDB_LAST);
	}
	if ((r = bc_load(bc, r, &k, &v)) || bc->done)
		return r;
	bc_within(bc, sub);
	return 0;
}

int dsr__bcur_prev(dsr__bcur *bc)
{
	if (bc->i > 0) {
		bc->i--;
		return 0;
	}
	MDB_val k, v;
	int r = bc_load(bc, mdb_cursor_get(bc->c, &k, &v, MDB_PREV), &k, &v);
	if (!r && !bc->done)
		bc->i = bc->b.n - 1;
	return r;
}

int dsr__bcur_seek_back(dsr__bcur *bc, const uint8_t *sub)
{
	if (memcmp(dsr__bcur_sub(bc), sub, SUB) <= 0)
		return 0;
	/* in this block, or the one or two before it (the previous document
	 * of a common term is mostly near), else by a descent */
	for (int step = 0; step < 3; step++) {
		if (memcmp(bc->b.v[0].sub, sub, SUB) <= 0) {
			bc_within(bc, sub);
			return 0;
		}
		if (step == 2)
			break;
		MDB_val k, v;
		int r = bc_load(bc, mdb_cursor_get(bc->c, &k, &v, MDB_PREV), &k, &v);
		if (r || bc->done)
			return r;
		bc->i = bc->b.n - 1;
		if (memcmp(dsr__bcur_sub(bc), sub, SUB) <= 0)
			return 0;
	}
	return dsr__bcur_find_back(bc, sub);
}
