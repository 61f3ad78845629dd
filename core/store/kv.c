/* kv.c: view-table access inside a write transaction, through an overlay.
 *
 * Views take several point writes per event, many of them to the same few
 * records (the name nodes of a handful of actors).  Writes go to an in-memory
 * overlay first; dsr__kv_flush() writes each key once, in (table, key)
 * order, which touches each B-tree page once instead of once per write.
 * Reads consult the overlay before the map.  Anything that scans a table
 * with a cursor flushes first, so scans always see every write.
 */
#include "store/impl.h"
#include "error.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct kv_ent {
	uint32_t db;
	uint32_t klen;
	uint32_t vlen;
	uint32_t tomb;
	uint64_t hash;
	uint8_t *key;
	uint8_t *val;
};

/* An index item added (delta 1) or removed (-1), kept until the flush,
 * in its key's list (arrival order). */
struct ix_ent {
	uint32_t next;             /* index + 1 of the key's next item; 0: none */
	uint8_t ilen;
	int8_t delta;
	uint8_t item[8 + DSR_ID_LEN];
};

/* The items queued under one (table, key). */
struct ix_grp {
	uint32_t db;
	uint32_t klen;
	uint64_t hash;
	uint8_t *key;
	uint32_t first, last;      /* index + 1 */
	uint32_t n;
	bool sorted;               /* items arrived in nondecreasing order */
};

struct dsr__kv {
	struct kv_ent *ents;
	size_t n, cap;
	struct ix_ent *ix;
	size_t nix, capix;
	struct ix_grp *grp;
	size_t ngrp, capgrp;
	uint32_t *gslots;          /* group index + 1; 0 = empty */
	size_t ngslots;
	uint32_t *slots;           /* index + 1; 0 = empty */
	size_t nslots;
	dsr_arena mem;             /* keys and values, freed by the clear */
	dsr__bchange *bch;         /* a run of blocked items, at the flush */
	size_t cbch;
};

int dsr__mdb_err(int rc)
{
	switch (rc) {
	case MDB_SUCCESS:
		return 0;
	case MDB_NOTFOUND:
		return DSR_ENOTFOUND;
	case MDB_MAP_FULL:
		return DSR_EMAPFULL;
	case MDB_CORRUPTED:
	case MDB_PAGE_NOTFOUND:
	case MDB_INVALID:
	case MDB_VERSION_MISMATCH:
		return DSR_ECORRUPT;
	case ENOMEM:
		return -ENOMEM;
	default:
		return rc > 0 ? -rc : DSR_ELMDB;
	}
}

MDB_cursor *dsr__wcursor(dsr__wtx *w, int db)
{
	if (w->cur_txn != w->txn)
		dsr__wcursor_forget(w);
	w->cur_txn = w->txn;
	if (!w->cur[db] && mdb_cursor_open(w->txn, w->s->dbi[db], &w->cur[db]))
		w->cur[db] = NULL;
	return w->cur[db];
}

void dsr__wcursor_close(dsr__wtx *w)
{
	if (w->cur_txn == w->txn && w->txn)
		for (int db = 0; db < DSR__DB_COUNT; db++)
			if (w->cur[db])
				mdb_cursor_close(w->cur[db]);
	dsr__wcursor_forget(w);
}

void dsr__wcursor_forget(dsr__wtx *w)
{
	memset(w->cur, 0, sizeof w->cur);
	w->cur_txn = NULL;
}

int dsr__kv_new(struct dsr__kv **out)
{
	struct dsr__kv *kv = calloc(1, sizeof *kv);
	if (!kv)
		return -ENOMEM;
	dsr_arena_init(&kv->mem);
	*out = kv;
	return 0;
}

/* Empties the probe run that starts at hash h.  Clearing the run of each
 * entry a table holds empties it (a run zeroed early ends where the run of
 * the entry that zeroed it does: at the empty slot closing the cluster), at
 * a cost in the entries rather than the slots: the tables keep the size of
 * the largest batch, and a batch that flushes often (view/prop.c scans)
 * must not clear megabytes each time. */
static void run_clear(uint32_t *slots, size_t nslots, uint64_t h)
{
	for (size_t j = h & (nslots - 1); slots[j]; j = (j + 1) & (nslots - 1))
		slots[j] = 0;
}

static void slots_clear(struct dsr__kv *kv)
{
	if (kv->slots && kv->n) {
		if (kv->n * 8 < kv->nslots)
			for (size_t i = 0; i < kv->n; i++)
				run_clear(kv->slots, kv->nslots, kv->ents[i].hash);
		else
			memset(kv->slots, 0, kv->nslots * sizeof *kv->slots);
	}
	kv->n = 0;
}

static void gslots_clear(struct dsr__kv *kv)
{
	if (kv->gslots && kv->ngrp) {
		if (kv->ngrp * 8 < kv->ngslots)
			for (size_t i = 0; i < kv->ngrp; i++)
				run_clear(kv->gslots, kv->ngslots, kv->grp[i].hash);
		else
			memset(kv->gslots, 0, kv->ngslots * sizeof *kv->gslots);
	}
	kv->ngrp = 0;
}

void dsr__kv_clear(struct dsr__kv *kv)
{
	dsr_arena_reset(&kv->mem);
	slots_clear(kv);
	kv->nix = 0;
	gslots_clear(kv);
}

void dsr__kv_free(struct dsr__kv *kv)
{
	if (!kv)
		return;
	dsr_arena_release(&kv->mem);
	free(kv->ents);
	free(kv->slots);
	free(kv->ix);
	free(kv->grp);
	free(kv->bch);
	free(kv->gslots);
	free(kv);
}

static uint64_t kv_hash(int db, const uint8_t *k, size_t n)
{
	uint64_t h = 1469598103934665603ull ^ (uint64_t)db;
	for (size_t i = 0; i < n; i++) {
		h ^= k[i];
		h *= 1099511628211ull;
	}
	return h ^ (h >> 29);
}

/* Open addressing: slots hold index + 1 of an entry (0: empty), probed
 * linearly from the hash; nslots is a power of two. */
static void slot_put(uint32_t *slots, size_t nslots, uint64_t h, uint32_t id)
{
	size_t j = h & (nslots - 1);
	while (slots[j])
		j = (j + 1) & (nslots - 1);
	slots[j] = id;
}

static int kv_grow(struct dsr__kv *kv)
{
	size_t ns = kv->nslots ? kv->nslots * 2 : 1024;
	uint32_t *slots = calloc(ns, sizeof *slots);
	if (!slots)
		return -ENOMEM;
	for (size_t i = 0; i < kv->n; i++)
		slot_put(slots, ns, kv->ents[i].hash, (uint32_t)i + 1);
	free(kv->slots);
	kv->slots = slots;
	kv->nslots = ns;
	return 0;
}

static struct kv_ent *kv_find(struct dsr__kv *kv, int db, const void *key,
			      size_t klen, uint64_t h)
{
	if (!kv->nslots)
		return NULL;
	size_t j = h & (kv->nslots - 1);
	while (kv->slots[j]) {
		struct kv_ent *e = &kv->ents[kv->slots[j] - 1];
		if (e->hash == h && e->db == (uint32_t)db && e->klen == klen &&
		    memcmp(e->key, key, klen) == 0)
			return e;
		j = (j + 1) & (kv->nslots - 1);
	}
	return NULL;
}

/* Fact kinds are stored in v.fact under their spliced key (buf). */
static int fact_key(int *db, const void **key, size_t *klen, uint8_t buf[DSR__FKEY_LEN])
{
	if (!DSR__DB_IS_FACT(*db))
		return 0;
	if (*klen != DSR_ID_LEN)
		return -EINVAL;
	dsr__fkey(buf, *db, *key);
	*key = buf;
	*klen = DSR__FKEY_LEN;
	*db = DSR__DB_V_FACT;
	return 0;
}

static int kv_set(struct dsr__kv *kv, int db, const void *key, size_t klen,
		  const void *val, size_t vlen, bool tomb)
{
	uint8_t fk[DSR__FKEY_LEN];
	if (fact_key(&db, &key, &klen, fk))
		return -EINVAL;
	uint64_t h = kv_hash(db, key, klen);
	struct kv_ent *e = kv_find(kv, db, key, klen, h);
	if (!e) {
		if ((kv->n + 1) * 2 > kv->nslots && kv_grow(kv))
			return -ENOMEM;
		if (dsr_grow((void **)&kv->ents, &kv->cap, kv->n + 1, sizeof *kv->ents))
			return -ENOMEM;
		e = &kv->ents[kv->n];
		e->key = dsr_arena_alloc(&kv->mem, klen ? klen : 1);
		if (!e->key)
			return -ENOMEM;
		memcpy(e->key, key, klen);
		e->db = (uint32_t)db;
		e->klen = (uint32_t)klen;
		e->hash = h;
		slot_put(kv->slots, kv->nslots, h, (uint32_t)++kv->n);
	}
	e->tomb = tomb;
	e->vlen = (uint32_t)vlen;
	e->val = NULL;
	if (!tomb) {
		e->val = dsr_arena_alloc(&kv->mem, vlen ? vlen : 1);
		if (!e->val)
			return -ENOMEM;
		memcpy(e->val, val, vlen);
	}
	return 0;
}

int dsr__get(dsr__wtx *w, int db, const void *key, size_t klen, MDB_val *val)
{
	uint8_t fk[DSR__FKEY_LEN];
	if (fact_key(&db, &key, &klen, fk))
		return -EINVAL;
	struct kv_ent *e = kv_find(w->kv, db, key, klen, kv_hash(db, key, klen));
	if (e) {
		if (e->tomb)
			return DSR_ENOTFOUND;
		val->mv_data = e->val;
		val->mv_size = e->vlen;
		return 0;
	}
	return dsr__mget(w, db, key, klen, val);
}

int dsr__mget(dsr__wtx *w, int db, const void *key, size_t klen, MDB_val *val)
{
	MDB_val k = { klen, (void *)key };
	MDB_cursor *c = dsr__wcursor(w, db);
	return dsr__mdb_err(c ? mdb_cursor_get(c, &k, val, MDB_SET)
			      : mdb_get(w->txn, w->s->dbi[db], &k, val));
}

int dsr__mput(dsr__wtx *w, int db, const void *key, size_t klen,
	      const void *val, size_t vlen)
{
	MDB_val k = { klen, (void *)key }, v = { vlen, (void *)val };
	MDB_cursor *c = dsr__wcursor(w, db);
	return dsr__mdb_err(c ? mdb_cursor_put(c, &k, &v, 0)
			      : mdb_put(w->txn, w->s->dbi[db], &k, &v, 0));
}

int dsr__put(dsr__wtx *w, int db, const void *key, size_t klen,
	     const void *val, size_t vlen)
{
	return kv_set(w->kv, db, key, klen, val, vlen, false);
}

int dsr__del(dsr__wtx *w, int db, const void *key, size_t klen)
{
	return kv_set(w->kv, db, key, klen, NULL, 0, true);
}

static int grp_rehash(struct dsr__kv *kv)
{
	size_t ns = kv->ngslots ? kv->ngslots * 2 : 256;
	uint32_t *sl = calloc(ns, sizeof *sl);
	if (!sl)
		return -ENOMEM;
	for (size_t i = 0; i < kv->ngrp; i++)
		slot_put(sl, ns, kv->grp[i].hash, (uint32_t)i + 1);
	free(kv->gslots);
	kv->gslots = sl;
	kv->ngslots = ns;
	return 0;
}

/* The group of (db, key), created when new; NULL when out of memory. */
static struct ix_grp *grp_get(struct dsr__kv *kv, int db, const void *key, size_t klen)
{
	uint64_t h = kv_hash(db, key, klen);
	if (kv->ngslots) {
		for (size_t j = h & (kv->ngslots - 1); kv->gslots[j];
		     j = (j + 1) & (kv->ngslots - 1)) {
			struct ix_grp *g = &kv->grp[kv->gslots[j] - 1];
			if (g->hash == h && g->db == (uint32_t)db && g->klen == klen &&
			    !memcmp(g->key, key, klen))
				return g;
		}
	}
	if ((kv->ngrp + 1) * 2 > kv->ngslots && grp_rehash(kv))
		return NULL;
	if (dsr_grow((void **)&kv->grp, &kv->capgrp, kv->ngrp + 1, sizeof *kv->grp))
		return NULL;
	struct ix_grp *g = &kv->grp[kv->ngrp];
	if (!(g->key = dsr_arena_alloc(&kv->mem, klen ? klen : 1)))
		return NULL;
	memcpy(g->key, key, klen);
	g->db = (uint32_t)db;
	g->klen = (uint32_t)klen;
	g->hash = h;
	g->first = g->last = 0;
	g->n = 0;
	g->sorted = true;
	slot_put(kv->gslots, kv->ngslots, h, (uint32_t)++kv->ngrp);
	return g;
}

static int item_cmp(const struct ix_ent *a, const struct ix_ent *b)
{
	int c = memcmp(a->item, b->item, a->ilen < b->ilen ? a->ilen : b->ilen);
	return c ? c : (int)a->ilen - (int)b->ilen;
}

int dsr__kv_index(dsr__wtx *w, int db, const void *key, size_t klen,
		  const void *item, size_t ilen, int delta)
{
	struct dsr__kv *kv = w->kv;
	if (ilen > sizeof kv->ix->item)
		return -EINVAL;
	if (dsr_grow((void **)&kv->ix, &kv->capix, kv->nix + 1, sizeof *kv->ix))
		return -ENOMEM;
	struct ix_grp *g = grp_get(kv, db, key, klen);
	if (!g)
		return -ENOMEM;
	struct ix_ent *e = &kv->ix[kv->nix];
	e->next = 0;
	e->ilen = (uint8_t)ilen;
	e->delta = (int8_t)(delta > 0 ? 1 : -1);
	memcpy(e->item, item, ilen);
	uint32_t id = (uint32_t)++kv->nix;
	if (g->last) {
		struct ix_ent *l = &kv->ix[g->last - 1];
		if (g->sorted && item_cmp(e, l) < 0)
			g->sorted = false;
		l->next = id;
	} else {
		g->first = id;
	}
	g->last = id;
	g->n++;
	return 0;
}

static int grp_cmp(const void *pa, const void *pb)
{
	const struct ix_grp *a = pa, *b = pb;
	if (a->db != b->db)
		return a->db < b->db ? -1 : 1;
	int c = memcmp(a->key, b->key, a->klen < b->klen ? a->klen : b->klen);
	return c ? c : a->klen < b->klen ? -1 : a->klen > b->klen;
}

/* Items of one key: by item, then arrival (the pointers are in arrival
 * order, so their addresses order the ties). */
static int ent_ptr_cmp(const void *pa, const void *pb)
{
	const struct ix_ent *a = *(const struct ix_ent *const *)pa;
	const struct ix_ent *b = *(const struct ix_ent *const *)pb;
	int c = item_cmp(a, b);
	return c ? c : a < b ? -1 : a > b;
}

/* Index items in (table, key, item) order: a key's items go in one run
 * through the table's cursor.  Of several ops on one item the last decides
 * (adding and removing are set operations).  Items mostly arrive in order
 * (their clock first), so only the keys whose items did not are sorted. */
static int ix_flush(dsr__wtx *w)
{
	struct dsr__kv *kv = w->kv;
	if (!kv->nix)
		return 0;
	qsort(kv->grp, kv->ngrp, sizeof *kv->grp, grp_cmp);
	size_t maxn = 0;
	for (size_t i = 0; i < kv->ngrp; i++)
		if (kv->grp[i].n > maxn)
			maxn = kv->grp[i].n;
	struct ix_ent **v = malloc(maxn * sizeof *v);
	if (!v)
		return -ENOMEM;
	int rc = 0;
	for (size_t gi = 0; gi < kv->ngrp && !rc; gi++) {
		struct ix_grp *g = &kv->grp[gi];
		size_t n = 0;
		for (uint32_t id = g->first; id; id = kv->ix[id - 1].next)
			v[n++] = &kv->ix[id - 1];
		if (!g->sorted)
			qsort(v, n, sizeof *v, ent_ptr_cmp);
		MDB_cursor *c = dsr__wcursor(w, (int)g->db);
		if (!c) {
			rc = DSR_ELMDB;
			break;
		}
		for (size_t i = 0; i < n && !rc; i++) {
			struct ix_ent *e = v[i];
			if (i + 1 < n && item_cmp(e, v[i + 1]) == 0)
				continue;
			MDB_val k = { g->klen, g->key }, d = { e->ilen, e->item };
			int r;
			if (e->delta > 0) {
				r = DSR__INDEX_HLC(g->db) ? mdb_cursor_put(c, &k, &d, MDB_APPENDDUP)
							  : MDB_KEYEXIST;
				/* Not after the last item (an older event
				 * arriving late): an ordinary sorted insert. */
				if (r == MDB_KEYEXIST)
					r = mdb_cursor_put(c, &k, &d, MDB_NODUPDATA);
			} else {
				r = mdb_cursor_get(c, &k, &d, MDB_GET_BOTH);
				if (r == 0)
					r = mdb_cursor_del(c, 0);
			}
			if (r != MDB_KEYEXIST && r != MDB_NOTFOUND)
				rc = dsr__mdb_err(r);
		}
	}
	free(v);
	kv->nix = 0;
	gslots_clear(kv);
	return rc;
}

static int ent_cmp(const void *pa, const void *pb)
{
	const struct kv_ent *a = pa, *b = pb;
	if (a->db != b->db)
		return a->db < b->db ? -1 : 1;
	size_t n = a->klen < b->klen ? a->klen : b->klen;
	int c = memcmp(a->key, b->key, n);
	if (c)
		return c;
	return a->klen < b->klen ? -1 : a->klen > b->klen;
}

/* The run of blocked items from ents[*i] that share its prefix, into
 * their blocks; *i ends at the run's last. */
static int blocks_flush(struct dsr__kv *kv, size_t *i, MDB_cursor *c)
{
	const struct kv_ent *e = &kv->ents[*i];
	size_t plen = e->klen - DSR__BLOCK_SUB, n = 0;
	while (*i + n < kv->n) {
		const struct kv_ent *x = &kv->ents[*i + n];
		if (x->db != e->db || x->klen != e->klen || memcmp(x->key, e->key, plen))
			break;
		n++;
	}
	if (dsr_grow((void **)&kv->bch, &kv->cbch, n, sizeof *kv->bch))
		return -ENOMEM;
	for (size_t j = 0; j < n; j++) {
		const struct kv_ent *x = &kv->ents[*i + j];
		kv->bch[j] = (dsr__bchange){ x->key + plen, x->val, x->vlen, x->tomb };
	}
	*i += n - 1;
	int r = dsr__blocks_apply(c, e->key, plen, kv->bch, n);
	return r < 0 ? r : dsr__mdb_err(r);
}

int dsr__kv_flush(dsr__wtx *w)
{
	struct dsr__kv *kv = w->kv;
	int rc = ix_flush(w);
	if (rc || kv->n == 0) {
		if (!rc)
			dsr__kv_clear(kv);
		return rc;
	}
	qsort(kv->ents, kv->n, sizeof *kv->ents, ent_cmp);
	/* In key order through one cursor per table: most writes land on
	 * the page of the one before. */
	for (size_t i = 0; i < kv->n && !rc; i++) {
		struct kv_ent *e = &kv->ents[i];
		MDB_val k = { e->klen, e->key };
		MDB_cursor *c = dsr__wcursor(w, (int)e->db);
		if (!c) {
			rc = DSR_ELMDB;
		} else if (e->klen > DSR__BLOCK_SUB && DSR__DB_IS_BLOCKED(e->db, e->key)) {
			rc = blocks_flush(kv, &i, c);
		} else if (e->tomb) {
			MDB_val v;
			int r = mdb_cursor_get(c, &k, &v, MDB_SET);
			if (r == 0)
				r = mdb_cursor_del(c, 0);
			if (r != MDB_NOTFOUND)
				rc = dsr__mdb_err(r);
		} else {
			MDB_val v = { e->vlen, e->val };
			rc = dsr__mdb_err(mdb_cursor_put(c, &k, &v, 0));
		}
	}
	dsr__kv_clear(kv);
	return rc;
}
