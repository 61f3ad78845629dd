/* logrec.c: how an event sits in the log table.
 *
 * LMDB stores a value larger than about half a page on overflow pages of
 * its own, wasting on average half a page per value; article events (a few
 * KB of text) would cost up to twice their size.  So an event larger than
 * DSR__CHUNK is cut into chunks under keys pos(8) chunk(2), which sort
 * right after pos(8) and before pos+1, keep MDB_APPEND valid and pack
 * densely into leaf pages.  Small events keep the plain key pos(8). */
#include "store/impl.h"
#include "base/api.h"
#include "error.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>

#define DSR__CHUNK 1800


int dsr__log_put(MDB_txn *txn, MDB_dbi dbi, uint64_t pos, const uint8_t *p, size_t n)
{
	uint8_t k[10];
	dsr__put_be64(k, pos);
	if (n <= DSR__CHUNK) {
		MDB_val key = { 8, k }, val = { n, (void *)p };
		return dsr__mdb_err(mdb_put(txn, dbi, &key, &val, MDB_APPEND));
	}
	size_t nchunks = (n + DSR__CHUNK - 1) / DSR__CHUNK;
	if (nchunks > 0xffff)
		return DSR_ETOOBIG;
	for (size_t i = 0; i < nchunks; i++) {
		k[8] = (uint8_t)(i >> 8);
		k[9] = (uint8_t)i;
		size_t off = i * DSR__CHUNK, len = n - off < DSR__CHUNK ? n - off : DSR__CHUNK;
		MDB_val key = { 10, k }, val = { len, (void *)(p + off) };
		int rc = mdb_put(txn, dbi, &key, &val, MDB_APPEND);
		if (rc)
			return dsr__mdb_err(rc);
	}
	return 0;
}

/* Appends what of [off, off + len) lies in the value at vstart. */
static int part_of(const MDB_val *v, size_t vstart, size_t off, size_t len, dsr_buf *out)
{
	size_t a = off > vstart ? off - vstart : 0, b = off + len - vstart;
	if (b > v->mv_size)
		b = v->mv_size;
	return a < b && dsr_buf_append(out, (const uint8_t *)v->mv_data + a, b - a) ? -ENOMEM : 0;
}

/* Bytes [off, off + len) of the event at pos stored in chunks, from the
 * chunk that holds off on, appended to out.  DSR_ENOTFOUND when asked
 * from its start and it has no chunk. */
static int read_chunks(MDB_txn *txn, MDB_dbi dbi, uint64_t pos, size_t off, size_t len,
		       dsr_buf *out)
{
	if (len > SIZE_MAX - off)
		len = SIZE_MAX - off;
	size_t first = off / DSR__CHUNK;
	if (first > 0xffff)
		first = 0xffff;
	uint8_t k[10];
	dsr__put_be64(k, pos);
	k[8] = (uint8_t)(first >> 8);
	k[9] = (uint8_t)first;
	MDB_val key = { 10, k }, val;
	MDB_cursor *c;
	int rc = mdb_cursor_open(txn, dbi, &c);
	if (rc)
		return dsr__mdb_err(rc);
	size_t expect = first;
	for (rc = mdb_cursor_get(c, &key, &val, MDB_SET_RANGE);
	     rc == 0 && key.mv_size == 10 && memcmp(key.mv_data, k, 8) == 0;
	     rc = mdb_cursor_get(c, &key, &val, MDB_NEXT)) {
		const uint8_t *kb = key.mv_data;
		if (((size_t)kb[8] << 8 | kb[9]) != expect || !val.mv_size) {
			rc = MDB_CORRUPTED;
			break;
		}
		size_t at = expect++ * DSR__CHUNK;
		if (at >= off + len)
			break;
		if (part_of(&val, at, off, len, out)) {
			mdb_cursor_close(c);
			return -ENOMEM;
		}
	}
	mdb_cursor_close(c);
	if (rc != 0 && rc != MDB_NOTFOUND)
		return dsr__mdb_err(rc);
	/* no chunk from the first asked: the event ends before off, or is
	 * not there at all */
	return expect == 0 ? DSR_ENOTFOUND : 0;
}

int dsr__log_read(MDB_txn *txn, MDB_dbi dbi, uint64_t pos, dsr_buf *scratch,
		  const uint8_t **p, size_t *n)
{
	uint8_t k[8];
	dsr__put_be64(k, pos);
	MDB_val key = { 8, k }, val;
	int rc = mdb_get(txn, dbi, &key, &val);
	if (rc == 0) {
		*p = val.mv_data;
		*n = val.mv_size;
		return 0;
	}
	if (rc != MDB_NOTFOUND)
		return dsr__mdb_err(rc);
	scratch->len = 0;
	if ((rc = read_chunks(txn, dbi, pos, 0, SIZE_MAX, scratch)))
		return rc;
	*p = scratch->data;
	*n = scratch->len;
	return 0;
}

int dsr__log_read_part(MDB_txn *txn, MDB_dbi dbi, uint64_t pos, size_t off, size_t len,
		       dsr_buf *out)
{
	uint8_t k[8];
	dsr__put_be64(k, pos);
	MDB_val key = { 8, k }, val;
	int rc = mdb_get(txn, dbi, &key, &val);
	if (rc == 0)
		return part_of(&val, 0, off, len, out);
	if (rc != MDB_NOTFOUND)
		return dsr__mdb_err(rc);
	return read_chunks(txn, dbi, pos, off, len, out);
}

uint64_t dsr__log_last(MDB_txn *txn, MDB_dbi dbi)
{
	MDB_cursor *c;
	MDB_val k, v;
	uint64_t last = 0;
	if (mdb_cursor_open(txn, dbi, &c) == 0) {
		if (mdb_cursor_get(c, &k, &v, MDB_LAST) == 0 && k.mv_size >= 8)
			last = dsr__get_be64(k.mv_data);
		mdb_cursor_close(c);
	}
	return last;
}
