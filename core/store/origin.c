/* origin.c: local numbers for origins, and finding an event by its stamp.
 *
 * The (origin, seq) index would repeat a 32-byte origin id in every key;
 * each origin gets a small local number instead (v.* tables never hold it,
 * so views stay the same on every replica).  A view records an event by
 * its stamp (hlc, first 8 bytes of origin, seq); the origin table, sorted
 * by id, turns the 8-byte prefix back into the full id and number. */
#include "store/impl.h"
#include "base/api.h"
#include "error.h"

#include <string.h>

void dsr__oseq_key(uint8_t k[12], uint32_t idx, uint64_t seq)
{
	dsr__put_be32(k, idx);
	dsr__put_be64(k + 4, seq);
}

int dsr__event_at(dsr_store *s, MDB_txn *txn, uint32_t idx, uint64_t seq,
		  dsr_buf *scratch, uint64_t *pos, const uint8_t **p, size_t *n)
{
	uint8_t k[12];
	dsr__oseq_key(k, idx, seq);
	MDB_val key = { sizeof k, k }, pv;
	int rc = mdb_get(txn, s->dbi[DSR__DB_OSEQ], &key, &pv);
	if (rc)
		return dsr__mdb_err(rc);
	return dsr__event_of(s, txn, &pv, scratch, pos, p, n);
}

int dsr__event_of(dsr_store *s, MDB_txn *txn, const MDB_val *pv, dsr_buf *scratch,
		  uint64_t *pos, const uint8_t **p, size_t *n)
{
	int rc;
	if (pv->mv_size != 8)
		return DSR_ECORRUPT;
	*pos = dsr__get_be64(pv->mv_data);
	if (!p)
		return 0;
	rc = dsr__log_read(txn, s->dbi[DSR__DB_LOG], *pos, scratch, p, n);
	return rc == DSR_ENOTFOUND ? DSR_ECORRUPT : rc;
}

int dsr__origin_idx_txn(dsr_store *s, MDB_txn *txn, const uint8_t *origin, uint32_t *idx)
{
	MDB_val k = { DSR_ORIGIN_LEN, (void *)origin }, v;
	int rc = mdb_get(txn, s->dbi[DSR__DB_ORIGINS], &k, &v);
	if (rc)
		return dsr__mdb_err(rc);
	if (v.mv_size != 4)
		return DSR_ECORRUPT;
	*idx = dsr__get_be32(v.mv_data);
	return 0;
}

int dsr__origin_idx(dsr__wtx *w, const uint8_t *origin, bool create, uint32_t *idx)
{
	if (w->last_idx && memcmp(w->last_origin, origin, DSR_ORIGIN_LEN) == 0) {
		*idx = w->last_idx;
		return 0;
	}
	int rc = dsr__origin_idx_txn(w->s, w->txn, origin, idx);
	if (rc == DSR_ENOTFOUND && create) {
		MDB_stat st;
		if ((rc = dsr__mdb_err(mdb_stat(w->txn, w->s->dbi[DSR__DB_ORIGINS], &st))))
			return rc;
		uint32_t n = (uint32_t)st.ms_entries + 1;
		uint8_t b[4];
		dsr__put_be32(b, n);
		MDB_val k = { DSR_ORIGIN_LEN, (void *)origin }, v = { 4, b };
		rc = dsr__mdb_err(mdb_put(w->txn, w->s->dbi[DSR__DB_ORIGINS], &k, &v,
					  MDB_NOOVERWRITE));
		*idx = n;
	}
	if (rc == 0) {
		memcpy(w->last_origin, origin, DSR_ORIGIN_LEN);
		w->last_idx = *idx;
	}
	return rc;
}

int dsr__origin_by_prefix(dsr_store *s, MDB_txn *txn, uint64_t origin8,
			  uint8_t full[DSR_ORIGIN_LEN], uint32_t *idx)
{
	uint8_t pfx[8];
	dsr__put_be64(pfx, origin8);
	MDB_cursor *c;
	int rc = dsr__mdb_err(mdb_cursor_open(txn, s->dbi[DSR__DB_ORIGINS], &c));
	if (rc)
		return rc;
	MDB_val k = { 8, pfx }, v;
	rc = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE);
	if (rc == 0 && (k.mv_size != DSR_ORIGIN_LEN || memcmp(k.mv_data, pfx, 8) != 0))
		rc = MDB_NOTFOUND;
	if (rc == 0 && v.mv_size != 4)
		rc = MDB_CORRUPTED;
	if (rc == 0) {
		memcpy(full, k.mv_data, DSR_ORIGIN_LEN);
		*idx = dsr__get_be32(v.mv_data);
	}
	mdb_cursor_close(c);
	return dsr__mdb_err(rc);
}

int dsr__event_by_stamp(dsr_store *s, MDB_txn *txn, const dsr__stamp *st,
			Dpb__Event **ev)
{
	uint8_t full[DSR_ORIGIN_LEN];
	uint32_t idx;
	uint64_t pos;
	dsr_buf scratch = DSR_BUF_INIT;
	const uint8_t *b;
	size_t n;
	int rc = dsr__origin_by_prefix(s, txn, st->origin, full, &idx);
	if (!rc)
		rc = dsr__event_at(s, txn, idx, st->seq, &scratch, &pos, &b, &n);
	if (!rc) {
		*ev = dpb__event__unpack(NULL, n, b);
		rc = *ev ? 0 : DSR_ECORRUPT;
	}
	dsr_buf_free(&scratch);
	return rc;
}

int dsr__event_slice(dsr_store *s, MDB_txn *txn, const dsr__stamp *st, size_t off,
		     size_t len, dsr_buf *out)
{
	uint8_t full[DSR_ORIGIN_LEN];
	uint32_t idx;
	uint64_t pos;
	int rc = dsr__origin_by_prefix(s, txn, st->origin, full, &idx);
	if (!rc)
		rc = dsr__event_at(s, txn, idx, st->seq, NULL, &pos, NULL, NULL);
	if (!rc)
		rc = dsr__log_read_part(txn, s->dbi[DSR__DB_LOG], pos, off, len, out);
	return rc;
}
