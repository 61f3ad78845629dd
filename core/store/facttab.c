/* facttab.c: the fact views' shared table, v.fact (see store/api.h).
 *
 * Key: the id's first 8 bytes (its article's), one kind byte, the id's last
 * 8 bytes.  Within an article the article record comes first, then its
 * mentions, claims and entries; for one kind, key order is id order. */
#include "store/impl.h"
#include "base/api.h"
#include "error.h"

#include <string.h>

#define HALF (DSR_ID_LEN / 2)

int dsr__fget(dsr_store *s, MDB_txn *txn, int db, const uint8_t id[DSR_ID_LEN],
	      MDB_val *v)
{
	uint8_t key[DSR__FKEY_LEN];
	dsr__fkey(key, db, id);
	MDB_val k = { sizeof key, key };
	return dsr__mdb_err(mdb_get(txn, s->dbi[DSR__DB_V_FACT], &k, v));
}

/* The first key of kind db in the article after the one whose key half
 * is `half` (false past the last possible article). */
static bool next_article(uint8_t seek[DSR__FKEY_LEN], const uint8_t *half, int db)
{
	memcpy(seek, half, HALF);
	int i = HALF - 1;
	while (i >= 0 && seek[i] == 0xff)
		seek[i--] = 0;
	if (i < 0)
		return false;
	seek[i]++;
	seek[HALF] = (uint8_t)(db - DSR__DB_COUNT);
	memset(seek + HALF + 1, 0, HALF);
	return true;
}

int dsr__fscan(dsr_store *s, MDB_txn *txn, int db, const uint8_t *from,
	       const uint8_t *article,
	       int (*fn)(void *ctx, const uint8_t id[DSR_ID_LEN], const MDB_val *v),
	       void *ctx)
{
	MDB_cursor *c;
	int rc = dsr__mdb_err(mdb_cursor_open(txn, s->dbi[DSR__DB_V_FACT], &c));
	if (rc)
		return rc;
	uint8_t seek[DSR__FKEY_LEN] = { 0 };
	if (from) {
		dsr__fkey(seek, db, from);
	} else {
		if (article)
			memcpy(seek, article, HALF);
		seek[HALF] = (uint8_t)(db - DSR__DB_COUNT);
	}
	MDB_val k = { sizeof seek, seek }, v;
	int r = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE);
	while (r == 0 && rc == 0) {
		if (article && (k.mv_size < HALF || memcmp(k.mv_data, article, HALF)))
			break;
		int kind;
		uint8_t id[DSR_ID_LEN];
		if (!dsr__fkey_parse(&k, &kind, id)) {
			r = mdb_cursor_get(c, &k, &v, MDB_NEXT);
			continue;
		}
		if (kind == db) {
			rc = fn(ctx, id, &v);
			r = mdb_cursor_get(c, &k, &v, MDB_NEXT);
			continue;
		}
		/* An article's facts of other kinds are skipped by a seek,
		 * not walked: its mentions alone fill pages. */
		if (kind < db) {
			memcpy(seek, k.mv_data, HALF);
			seek[HALF] = (uint8_t)(db - DSR__DB_COUNT);
			memset(seek + HALF + 1, 0, HALF);
		} else if (article || !next_article(seek, k.mv_data, db)) {
			break;
		}
		k.mv_data = seek;
		k.mv_size = sizeof seek;
		r = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE);
	}
	if (r != 0 && r != MDB_NOTFOUND && rc == 0)
		rc = dsr__mdb_err(r);
	mdb_cursor_close(c);
	return rc > 0 ? 0 : rc;
}

uint64_t dsr__fcount(dsr_store *s, MDB_txn *txn, int db)
{
	uint8_t kind = (uint8_t)(db - DSR__DB_COUNT);
	MDB_val k = { 1, &kind }, v;
	if (mdb_get(txn, s->dbi[DSR__DB_V_COUNT], &k, &v) || v.mv_size != 8)
		return 0;
	return dsr__get_be64(v.mv_data);
}

int dsr__fcount_add(dsr__wtx *w, int db)
{
	uint8_t kind = (uint8_t)(db - DSR__DB_COUNT), n[8];
	MDB_val v;
	int rc = dsr__get(w, DSR__DB_V_COUNT, &kind, 1, &v);
	if (rc && rc != DSR_ENOTFOUND)
		return rc;
	dsr__put_be64(n, (rc ? 0 : v.mv_size == 8 ? dsr__get_be64(v.mv_data) : 0) + 1);
	return dsr__put(w, DSR__DB_V_COUNT, &kind, 1, n, sizeof n);
}

int dsr__fcount_move(dsr__wtx *w, int from, int to)
{
	uint8_t kind = (uint8_t)(from - DSR__DB_COUNT), n[8];
	MDB_val v;
	int rc = dsr__get(w, DSR__DB_V_COUNT, &kind, 1, &v);
	if (rc && rc != DSR_ENOTFOUND)
		return rc;
	uint64_t have = !rc && v.mv_size == 8 ? dsr__get_be64(v.mv_data) : 0;
	/* none left: no key, as if there had never been one */
	if (have <= 1) {
		rc = dsr__del(w, DSR__DB_V_COUNT, &kind, 1);
		rc = rc == DSR_ENOTFOUND ? 0 : rc;
	} else {
		dsr__put_be64(n, have - 1);
		rc = dsr__put(w, DSR__DB_V_COUNT, &kind, 1, n, sizeof n);
	}
	return rc ? rc : dsr__fcount_add(w, to);
}
