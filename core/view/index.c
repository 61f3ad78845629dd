/* index.c: the index tables (v.cabout, v.csrc, v.nart, v.tactor, v.tdate):
 * one key, many fact ids, queued and written sorted with the overlay
 * (store/kv.c).  Items carry the hlc of the event that added them first,
 * except in v.tdate, so a key's items grow at its end. */
#include "view/impl.h"
#include "base/api.h"

#include <string.h>

int dsr__index(dsr__wtx *w, int db, const void *key, size_t klen, uint64_t hlc,
	       const uint8_t id[DSR_ID_LEN], int delta)
{
	uint8_t item[8 + DSR_ID_LEN];
	MDB_val v = { DSR_ID_LEN, (void *)id };
	if (DSR__INDEX_HLC(db)) {
		dsr__put_be64(item, hlc);
		memcpy(item + 8, id, DSR_ID_LEN);
		v.mv_data = item;
		v.mv_size = sizeof item;
	}
	return dsr__kv_index(w, db, key, klen, v.mv_data, v.mv_size, delta);
}
