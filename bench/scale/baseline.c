/* baseline.c: the least a query can cost on this machine and this store:
 * one point read of raw LMDB.  The store dossierd is serving is opened a
 * second time, read-only and without the lock file (MDB_NOLOCK: dossierd
 * writes nothing while queries are measured, so no reader slot is needed),
 * keys are sampled from v.fact - the table of articles, mentions, claims
 * and entries that most queries read - and each timed read is a whole
 * read transaction: begin, mdb_get, touch the value, abort. */
#include "scale.h"

#include <lmdb.h>

#define SAMPLE 4096

void sc_lmdb_baseline(const char *dir, uint64_t reads, uint64_t seed, struct sc_lmdb *r)
{
	memset(r, 0, sizeof *r);
	MDB_env *env = NULL;
	MDB_txn *txn = NULL;
	MDB_cursor *cur = NULL;
	MDB_dbi dbi;
	uint8_t (*keys)[64] = NULL;
	uint8_t *klen = NULL;
	uint64_t *lat = NULL;
	char path[1100];
	snprintf(path, sizeof path, "%s/data.mdb", dir);
	int rc;
	if ((rc = mdb_env_create(&env)) || (rc = mdb_env_set_maxdbs(env, 64)) ||
	    (rc = mdb_env_open(env, path, MDB_RDONLY | MDB_NOLOCK | MDB_NOSUBDIR, 0))) {
		snprintf(r->err, sizeof r->err, "cannot open %.60s: %.40s", path, mdb_strerror(rc));
		goto done;
	}
	if ((rc = mdb_txn_begin(env, NULL, MDB_RDONLY, &txn)) ||
	    (rc = mdb_dbi_open(txn, "v.fact", 0, &dbi)) ||
	    (rc = mdb_cursor_open(txn, dbi, &cur))) {
		snprintf(r->err, sizeof r->err, "cannot read v.fact: %s", mdb_strerror(rc));
		goto done;
	}
	/* Reservoir sampling over every key. */
	keys = sc_xmalloc(SAMPLE * sizeof *keys);
	klen = sc_xmalloc(SAMPLE);
	uint64_t rng = seed ^ 0x5bd1e995u;
	MDB_val k, v;
	for (rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST); rc == 0;
	     rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		uint64_t slot = r->keys < SAMPLE ? r->keys : sc_rand(&rng) % (r->keys + 1);
		r->keys++;
		if (slot < SAMPLE && k.mv_size <= sizeof keys[0]) {
			memcpy(keys[slot], k.mv_data, k.mv_size);
			klen[slot] = (uint8_t)k.mv_size;
		}
	}
	mdb_cursor_close(cur);
	cur = NULL;
	/* Committed, not aborted: the handle of v.fact outlives it. */
	rc = mdb_txn_commit(txn);
	txn = NULL;
	if (rc) {
		snprintf(r->err, sizeof r->err, "mdb_txn_commit: %s", mdb_strerror(rc));
		goto done;
	}
	if (!r->keys) {
		snprintf(r->err, sizeof r->err, "v.fact is empty");
		goto done;
	}
	uint64_t nk = r->keys < SAMPLE ? r->keys : SAMPLE;
	lat = sc_xmalloc((size_t)reads * sizeof *lat);
	volatile uint8_t sink = 0;
	for (uint64_t i = 0; i < reads; i++) {
		uint64_t j = sc_rand(&rng) % nk;
		k.mv_data = keys[j];
		k.mv_size = klen[j];
		uint64_t t0 = sb_now_ns();
		if ((rc = mdb_txn_begin(env, NULL, MDB_RDONLY, &txn)) == 0) {
			if ((rc = mdb_get(txn, dbi, &k, &v)) == 0 && v.mv_size)
				sink ^= ((const uint8_t *)v.mv_data)[v.mv_size - 1];
			mdb_txn_abort(txn);
			txn = NULL;
		}
		lat[i] = sb_now_ns() - t0;
		if (rc) {
			snprintf(r->err, sizeof r->err, "mdb_get: %s", mdb_strerror(rc));
			goto done;
		}
	}
	(void)sink;
	r->reads = reads;
	r->p50_ms = sc_ms(sb_quantile(lat, reads, 0.50));
	r->p99_ms = sc_ms(sb_quantile(lat, reads, 0.99));
done:
	free(lat);
	free(klen);
	free(keys);
	if (cur)
		mdb_cursor_close(cur);
	if (txn)
		mdb_txn_abort(txn);
	if (env)
		mdb_env_close(env);
}
