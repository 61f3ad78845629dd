/* digest.c: the views' digest (see dsr_store_digest in store.h): one hash
 * over every view table, so that two replicas, or a store and its rebuild,
 * can be compared in one line (dossierd --check, the property tests). */
#include "store/api.h"
#include "base/api.h"
#include "error.h"

#include <sodium.h>
#include <string.h>

static const char *const view_names[] = {
#define XX(id, name) name,
	DSR_TABLES(XX)
#undef XX
};

static void put_len(crypto_generichash_state *st, size_t n)
{
	uint8_t b[8];
	dsr__put_be64(b, n);
	crypto_generichash_update(st, b, 8);
}

int dsr_store_digest(dsr_rtxn *t, uint8_t out[DSR_HASH_LEN])
{
	crypto_generichash_state st;
	crypto_generichash_init(&st, NULL, 0, DSR_HASH_LEN);
	for (int db = DSR__DB_FIRST_VIEW; db < DSR__DB_COUNT; db++) {
		const char *name = view_names[db];
		crypto_generichash_update(&st, (const uint8_t *)name, strlen(name) + 1);
		MDB_cursor *c;
		int rc = mdb_cursor_open(t->txn, t->s->dbi[db], &c);
		if (rc)
			return dsr__mdb_err(rc);
		MDB_val k, v;
		for (rc = mdb_cursor_get(c, &k, &v, MDB_FIRST); rc == 0;
		     rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
			put_len(&st, k.mv_size);
			crypto_generichash_update(&st, k.mv_data, k.mv_size);
			put_len(&st, v.mv_size);
			crypto_generichash_update(&st, v.mv_data, v.mv_size);
		}
		mdb_cursor_close(c);
		if (rc != MDB_NOTFOUND)
			return dsr__mdb_err(rc);
	}
	crypto_generichash_final(&st, out, DSR_HASH_LEN);
	return 0;
}
