/* heads.c: keeping the newest signed head of each origin in the heads
 * table (DSR_OP_HEAD), and signing this replica's own head at the end of a
 * batch that wrote local events.  Heads themselves are in model/head.c. */
#include "store/impl.h"
#include "base/api.h"
#include "error.h"

#include <sodium.h>
#include <string.h>

static int head_read(MDB_txn *txn, dsr_store *s, const uint8_t *origin, dsr_head *h)
{
	MDB_val k = { DSR_ORIGIN_LEN, (void *)origin }, v;
	int rc = mdb_get(txn, s->dbi[DSR__DB_HEADS], &k, &v);
	if (rc)
		return dsr__mdb_err(rc);
	return dsr_head_decode(v.mv_data, v.mv_size, h) ? DSR_ECORRUPT : 0;
}

int dsr_head_get(dsr_rtxn *t, const uint8_t origin[DSR_ORIGIN_LEN], dsr_head *h)
{
	return head_read(t->txn, t->s, origin, h);
}

static int head_write(dsr__wtx *w, const dsr_head *h)
{
	uint8_t b[DSR_HEAD_LEN];
	dsr_head_encode(h, b);
	MDB_val k = { DSR_ORIGIN_LEN, (void *)h->origin }, v = { sizeof b, b };
	return dsr__mdb_err(mdb_put(w->txn, w->s->dbi[DSR__DB_HEADS], &k, &v, 0));
}

/* The hash of origin's stored event at seq. */
static int event_hash(dsr__wtx *w, const uint8_t *origin, uint64_t seq,
		      uint8_t out[DSR_HASH_LEN])
{
	uint32_t idx;
	uint64_t pos;
	const uint8_t *p;
	size_t n;
	int rc = dsr__origin_idx(w, origin, false, &idx);
	if (!rc)
		rc = dsr__event_at(w->s, w->txn, idx, seq, &w->scratch, &pos, &p, &n);
	if (!rc)
		dsr_event_hash(p, n, out);
	return rc;
}

int dsr__apply_head(dsr__wtx *w, dsr_op *op)
{
	dsr_head h, old;
	if (dsr_head_decode(op->bytes, op->len, &h))
		return DSR_EINVAL;
	if (!dsr_head_verify(&h))
		return DSR_EBADSIG;
	uint8_t have[DSR_HASH_LEN];
	int rc = event_hash(w, h.origin, h.seq, have);
	if (rc == DSR_ENOTFOUND)
		return DSR_EGAP;   /* the head names an event we do not hold */
	if (rc)
		return rc;
	if (memcmp(have, h.hash, DSR_HASH_LEN) != 0)
		return DSR_EBADSIG;
	op->seq = h.seq;
	rc = head_read(w->txn, w->s, h.origin, &old);
	if (rc == 0 && old.seq >= h.seq)
		return DSR_EDUP;
	if (rc && rc != DSR_ENOTFOUND)
		return rc;
	return head_write(w, &h);
}

int dsr__sign_own_head(dsr__wtx *w)
{
	if (!w->wrote_local)
		return 0;
	w->wrote_local = false;
	MDB_val v;
	int rc = dsr__get(w, DSR__DB_VV, w->s->origin, DSR_ORIGIN_LEN, &v);
	if (rc)
		return rc == DSR_ENOTFOUND ? 0 : rc;
	if (v.mv_size != 8 + DSR_HASH_LEN)
		return DSR_ECORRUPT;
	dsr_head h;
	memcpy(h.origin, w->s->origin, DSR_ORIGIN_LEN);
	h.seq = dsr__get_be64(v.mv_data);
	memcpy(h.hash, (uint8_t *)v.mv_data + 8, DSR_HASH_LEN);
	dsr_head_sign(&h, w->s->secret);
	return head_write(w, &h);
}
