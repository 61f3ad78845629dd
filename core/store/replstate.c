/* replstate.c: what replication keeps in the store — checkpoints (signed
 * heads at which this replica can cut batches of other origins' events),
 * quarantined origins with their fork evidence, this replica's keys — and
 * the three ops that write them inside dsr_store_apply's transaction
 * (DSR_OP_LINK, DSR_OP_CHECKPOINT, DSR_OP_QUARANTINE).  Also the restore
 * guard, dsr_store_new_origin().  docs/replication.md says why. */
#include "store/impl.h"
#include "base/api.h"
#include "error.h"

#include <errno.h>
#include <sodium.h>
#include <string.h>

#define LINK_LEN (DSR_ORIGIN_LEN + 8 + DSR_HASH_LEN)
#define HIST_KEY (DSR_ORIGIN_LEN + 8)
#define KEY_TAG "key:"
#define KEY_KEY (sizeof KEY_TAG - 1 + DSR_ORIGIN_LEN)

/* The hash of origin's stored event at seq, in any transaction. */
static int hash_at(dsr_store *s, MDB_txn *txn, const uint8_t *origin, uint64_t seq,
		   dsr_buf *scratch, uint8_t out[DSR_HASH_LEN])
{
	uint32_t idx;
	int rc = dsr__origin_idx_txn(s, txn, origin, &idx);
	if (rc)
		return rc;
	uint64_t pos;
	const uint8_t *p;
	size_t n;
	if ((rc = dsr__event_at(s, txn, idx, seq, scratch, &pos, &p, &n)))
		return rc;
	dsr_event_hash(p, n, out);
	return 0;
}

bool dsr__quarantined(dsr_store *s, MDB_txn *txn, const uint8_t *origin)
{
	MDB_val k = { DSR_ORIGIN_LEN, (void *)origin }, v;
	return mdb_get(txn, s->dbi[DSR__DB_QUAR], &k, &v) == 0;
}

/* DSR_OP_LINK: the batch that follows continues the chain we hold. */
static int apply_link(dsr__wtx *w, const dsr_op *op)
{
	if (op->len != LINK_LEN)
		return DSR_EINVAL;
	const uint8_t *origin = op->bytes, *want = op->bytes + DSR_ORIGIN_LEN + 8;
	uint64_t seq = dsr__get_be64(op->bytes + DSR_ORIGIN_LEN);
	if (dsr__quarantined(w->s, w->txn, origin))
		return DSR_EFORK;
	if (seq == 0)
		return 0;
	MDB_val v;
	int rc = dsr__get(w, DSR__DB_VV, origin, DSR_ORIGIN_LEN, &v);
	if (rc)
		return rc == DSR_ENOTFOUND ? DSR_EGAP : rc;
	if (v.mv_size != 8 + DSR_HASH_LEN)
		return DSR_ECORRUPT;
	uint64_t have = dsr__get_be64(v.mv_data);
	if (have < seq)
		return DSR_EGAP;
	uint8_t h[DSR_HASH_LEN];
	if (have == seq) {
		/* The caller resolved pending version-vector hashes. */
		memcpy(h, (uint8_t *)v.mv_data + 8, DSR_HASH_LEN);
	} else if ((rc = hash_at(w->s, w->txn, origin, seq, &w->scratch, h))) {
		return rc == DSR_ENOTFOUND ? DSR_ECORRUPT : rc;
	}
	return memcmp(h, want, DSR_HASH_LEN) ? DSR_EFORK : 0;
}

/* Keeps the checkpoint before `key` only if dropping it would leave two
 * neighbours more than DSR_REPL_CHECKPOINT_GAP apart: a relay then cuts
 * batches of at most about that many events beyond what it received in
 * one, and the table holds about one head per GAP events. */
static int thin(dsr__wtx *w, const uint8_t key[HIST_KEY])
{
	MDB_cursor *c;
	int rc = mdb_cursor_open(w->txn, w->s->dbi[DSR__DB_HIST], &c);
	if (rc)
		return dsr__mdb_err(rc);
	uint64_t seq = dsr__get_be64(key + DSR_ORIGIN_LEN);
	MDB_val k = { HIST_KEY, (void *)key }, v;
	rc = mdb_cursor_get(c, &k, &v, MDB_SET);
	MDB_val k1, k0;
	if (rc == 0)
		rc = mdb_cursor_get(c, &k1, &v, MDB_PREV);
	if (rc == 0 && memcmp(k1.mv_data, key, DSR_ORIGIN_LEN) == 0) {
		uint8_t prev1[HIST_KEY];
		memcpy(prev1, k1.mv_data, HIST_KEY);
		rc = mdb_cursor_get(c, &k0, &v, MDB_PREV);
		if (rc == 0 && memcmp(k0.mv_data, key, DSR_ORIGIN_LEN) == 0 &&
		    seq - dsr__get_be64((uint8_t *)k0.mv_data + DSR_ORIGIN_LEN) <= DSR_REPL_CHECKPOINT_GAP) {
			MDB_val kd = { HIST_KEY, prev1 };
			rc = mdb_del(w->txn, w->s->dbi[DSR__DB_HIST], &kd, NULL);
		}
	}
	mdb_cursor_close(c);
	return rc == MDB_NOTFOUND ? 0 : dsr__mdb_err(rc);
}

/* DSR_OP_CHECKPOINT. */
static int apply_checkpoint(dsr__wtx *w, dsr_op *op)
{
	dsr_head h;
	if (dsr_head_decode(op->bytes, op->len, &h))
		return DSR_EINVAL;
	if (!dsr_head_verify(&h))
		return DSR_EBADSIG;
	uint8_t have[DSR_HASH_LEN];
	int rc = hash_at(w->s, w->txn, h.origin, h.seq, &w->scratch, have);
	if (rc)
		return rc == DSR_ENOTFOUND ? DSR_EGAP : rc;
	if (memcmp(have, h.hash, DSR_HASH_LEN))
		return DSR_EBADSIG;
	op->seq = h.seq;
	uint8_t key[HIST_KEY];
	memcpy(key, h.origin, DSR_ORIGIN_LEN);
	dsr__put_be64(key + DSR_ORIGIN_LEN, h.seq);
	MDB_val k = { sizeof key, key }, v = { op->len, (void *)op->bytes };
	rc = mdb_put(w->txn, w->s->dbi[DSR__DB_HIST], &k, &v, 0);
	if (rc)
		return dsr__mdb_err(rc);
	return thin(w, key);
}

/* DSR_OP_QUARANTINE. */
static int apply_quarantine(dsr__wtx *w, dsr_op *op)
{
	uint8_t origin[DSR_ORIGIN_LEN];
	uint64_t a, b;
	int rc = dsr_fork_verify(op->bytes, op->len, origin, &a, &b);
	if (rc)
		return rc;
	op->seq = a;
	if (dsr__quarantined(w->s, w->txn, origin))
		return DSR_EDUP;
	MDB_val k = { DSR_ORIGIN_LEN, origin }, v = { op->len, (void *)op->bytes };
	return dsr__mdb_err(mdb_put(w->txn, w->s->dbi[DSR__DB_QUAR], &k, &v, 0));
}

int dsr__repl_apply_op(dsr__wtx *w, dsr_op *op)
{
	switch (op->type) {
	case DSR_OP_LINK:
		return apply_link(w, op);
	case DSR_OP_CHECKPOINT:
		return apply_checkpoint(w, op);
	case DSR_OP_QUARANTINE:
		return apply_quarantine(w, op);
	case DSR_OP_RAW:
	case DSR_OP_LOCAL:
	case DSR_OP_HEAD:
		break;
	}
	return DSR_EINVAL;
}

/* ---- reading ------------------------------------------------------------ */

int dsr_checkpoint_find(dsr_rtxn *t, const uint8_t origin[DSR_ORIGIN_LEN],
			uint64_t from, dsr_head *h)
{
	uint8_t key[HIST_KEY];
	memcpy(key, origin, DSR_ORIGIN_LEN);
	dsr__put_be64(key + DSR_ORIGIN_LEN, from);
	MDB_cursor *c;
	int rc = mdb_cursor_open(t->txn, t->s->dbi[DSR__DB_HIST], &c);
	if (rc)
		return dsr__mdb_err(rc);
	MDB_val k = { sizeof key, key }, v;
	rc = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE);
	if (rc == 0 && k.mv_size == HIST_KEY && memcmp(k.mv_data, origin, DSR_ORIGIN_LEN) == 0)
		rc = dsr_head_decode(v.mv_data, v.mv_size, h) ? DSR_ECORRUPT : 0;
	else
		rc = rc && rc != MDB_NOTFOUND ? dsr__mdb_err(rc) : DSR_ENOTFOUND;
	mdb_cursor_close(c);
	if (rc != DSR_ENOTFOUND)
		return rc;
	/* Heads that came before checkpoints were kept: the newest one. */
	rc = dsr_head_get(t, origin, h);
	if (rc == 0 && h->seq < from)
		rc = DSR_ENOTFOUND;
	return rc;
}

bool dsr_quarantined(dsr_rtxn *t, const uint8_t origin[DSR_ORIGIN_LEN],
		     const uint8_t **evidence, size_t *len)
{
	MDB_val k = { DSR_ORIGIN_LEN, (void *)origin }, v;
	if (mdb_get(t->txn, t->s->dbi[DSR__DB_QUAR], &k, &v))
		return false;
	if (evidence) {
		*evidence = v.mv_data;
		*len = v.mv_size;
	}
	return true;
}

int dsr_quarantine_each(dsr_rtxn *t,
			int (*fn)(void *ctx, const uint8_t *origin,
				  const uint8_t *evidence, size_t len),
			void *ctx)
{
	MDB_cursor *c;
	int rc = mdb_cursor_open(t->txn, t->s->dbi[DSR__DB_QUAR], &c);
	if (rc)
		return dsr__mdb_err(rc);
	MDB_val k, v;
	for (rc = mdb_cursor_get(c, &k, &v, MDB_FIRST); rc == 0;
	     rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
		if (k.mv_size != DSR_ORIGIN_LEN)
			continue;
		int r = fn(ctx, k.mv_data, v.mv_data, v.mv_size);
		if (r) {
			mdb_cursor_close(c);
			return r;
		}
	}
	mdb_cursor_close(c);
	return rc == MDB_NOTFOUND ? 0 : dsr__mdb_err(rc);
}

int dsr_own_key(dsr_rtxn *t, const uint8_t origin[DSR_ORIGIN_LEN], uint8_t secret[64])
{
	if (memcmp(origin, t->s->origin, DSR_ORIGIN_LEN) == 0) {
		memcpy(secret, t->s->secret, 64);
		return 0;
	}
	uint8_t key[KEY_KEY];
	memcpy(key, KEY_TAG, sizeof KEY_TAG - 1);
	memcpy(key + sizeof KEY_TAG - 1, origin, DSR_ORIGIN_LEN);
	MDB_val k = { sizeof key, key }, v;
	int rc = mdb_get(t->txn, t->s->dbi[DSR__DB_META], &k, &v);
	if (rc)
		return dsr__mdb_err(rc);
	if (v.mv_size != 64)
		return DSR_ECORRUPT;
	memcpy(secret, v.mv_data, 64);
	return 0;
}

int dsr_event_hash_at(dsr_rtxn *t, const uint8_t origin[DSR_ORIGIN_LEN],
		      uint64_t seq, uint8_t out[DSR_HASH_LEN])
{
	uint64_t pos;
	const uint8_t *p;
	size_t n;
	int rc = dsr_log_find(t, origin, seq, &pos);
	if (rc == 0)
		rc = dsr_log_get(t, pos, &p, &n);
	if (rc == 0)
		dsr_event_hash(p, n, out);
	return rc;
}

int dsr_head_at_vv(dsr_rtxn *t, const uint8_t origin[DSR_ORIGIN_LEN], uint64_t seq,
		   dsr_head *h)
{
	uint8_t sk[64];
	if (seq == 0)
		return DSR_ENOTFOUND;
	int rc = dsr_own_key(t, origin, sk);
	if (rc == 0) {
		memcpy(h->origin, origin, DSR_ORIGIN_LEN);
		h->seq = seq;
		rc = dsr_event_hash_at(t, origin, seq, h->hash);
		if (rc == 0)
			dsr_head_sign(h, sk);
		sodium_memzero(sk, sizeof sk);
		return rc;
	}
	if (rc != DSR_ENOTFOUND)
		return rc;
	rc = dsr_head_get(t, origin, h);
	if (rc == 0 && h->seq != seq)
		rc = DSR_ENOTFOUND;
	return rc;
}

/* ---- the restore guard -------------------------------------------------- */

int dsr_store_new_origin(dsr_store *s)
{
	uint8_t pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
	MDB_txn *txn;
	MDB_dbi meta = s->dbi[DSR__DB_META];
	crypto_sign_keypair(pk, sk);
	pthread_mutex_lock(&s->wlock);
	int rc = mdb_txn_begin(s->env, NULL, 0, &txn);
	if (rc)
		goto out;
	/* The old key signs heads of the events written under it, for as
	 * long as we serve them; an origin that wrote nothing is dropped. */
	MDB_val ko = { DSR_ORIGIN_LEN, s->origin }, vv;
	if (mdb_get(txn, s->dbi[DSR__DB_VV], &ko, &vv) == 0) {
		uint8_t key[KEY_KEY];
		memcpy(key, KEY_TAG, sizeof KEY_TAG - 1);
		memcpy(key + sizeof KEY_TAG - 1, s->origin, DSR_ORIGIN_LEN);
		MDB_val k = { sizeof key, key }, v = { 64, s->secret };
		if ((rc = mdb_put(txn, meta, &k, &v, 0)))
			goto abort;
	}
	MDB_val k1 = { 6, "origin" }, v1 = { DSR_ORIGIN_LEN, pk };
	MDB_val k2 = { 6, "secret" }, v2 = { sizeof sk, sk };
	if ((rc = mdb_put(txn, meta, &k1, &v1, 0)) || (rc = mdb_put(txn, meta, &k2, &v2, 0)))
		goto abort;
	rc = mdb_txn_commit(txn);
	if (rc == 0) {
		memcpy(s->origin, pk, DSR_ORIGIN_LEN);
		memcpy(s->secret, sk, sizeof sk);
	}
	goto out;
abort:
	mdb_txn_abort(txn);
out:
	pthread_mutex_unlock(&s->wlock);
	sodium_memzero(sk, sizeof sk);
	return dsr__mdb_err(rc);
}
