/* apply.c: the views' dispatcher and what all views share: stamps, record
 * encoding, composite keys, the digest and rebuild.
 *
 * The rule every view follows: its tables are a function of the *set* of
 * events stored, never of their order.  Single values are decided by the
 * greatest stamp (hlc, origin, seq); counts are sums over winning facts;
 * clusters of names are recomputed from the whole connected component
 * (view_cluster.c).  docs/store.md has the table layout. */
#include "store/api.h"
#include "base/api.h"
#include "error.h"
#include "validate.h"

#include <errno.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

int dsr__stamp_cmp(const dsr__stamp *a, const dsr__stamp *b)
{
	if (a->hlc != b->hlc)
		return a->hlc < b->hlc ? -1 : 1;
	if (a->origin != b->origin)
		return a->origin < b->origin ? -1 : 1;
	if (a->seq != b->seq)
		return a->seq < b->seq ? -1 : 1;
	return 0;
}

int dsr__stamp_cmp_pb(const dsr__stamp *a, const Dpb__Stamp *b)
{
	dsr__stamp s = dsr__stamp_from_pb(b);
	return dsr__stamp_cmp(a, &s);
}

void dsr__stamp_to_pb(const dsr__stamp *a, Dpb__Stamp *pb)
{
	dpb__stamp__init(pb);
	pb->hlc = a->hlc;
	pb->origin = a->origin;
	pb->seq = a->seq;
}

uint64_t dsr__origin8(const uint8_t *origin)
{
	return dsr__get_be64(origin);
}

dsr__stamp dsr__stamp_of(const Dpb__Event *ev)
{
	dsr__stamp s = { ev->hlc, dsr__origin8(ev->origin.data), ev->seq };
	return s;
}

dsr__stamp dsr__stamp_from_pb(const Dpb__Stamp *pb)
{
	dsr__stamp s = { pb->hlc, pb->origin, pb->seq };
	return s;
}

int dsr__key2(dsr_buf *k, const void *a, size_t alen, const void *b, size_t blen)
{
	k->len = 0;
	if (dsr_buf_reserve(k, alen + blen + 1))
		return -ENOMEM;
	memcpy(k->data, a, alen);
	k->data[alen] = 0;
	memcpy(k->data + alen + 1, b, blen);
	k->len = alen + 1 + blen;
	return 0;
}

void dsr__stamp_bytes(uint8_t out[24], const dsr__stamp *s)
{
	dsr__put_be64(out, s->hlc);
	dsr__put_be64(out + 8, s->origin);
	dsr__put_be64(out + 16, s->seq);
}

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

int dsr__view_apply(dsr__wtx *w, const Dpb__Event *ev)
{
	/* No record read for an earlier event is in use now. */
	dsr_arena_reset(&w->recs);
	/* A forked origin's events stay in the log as evidence, but no view
	 * reflects any of them, on any replica, whichever branch it holds
	 * (docs/replication.md). */
	if (dsr__quarantined(w->s, w->txn, ev->origin.data))
		return 0;
	switch (ev->payload_case) {
	case DPB__EVENT__PAYLOAD_ARTICLE: return dsr__view_article(w, ev);
	case DPB__EVENT__PAYLOAD_ACTOR: return dsr__view_mention(w, ev);
	case DPB__EVENT__PAYLOAD_NAMES: return dsr__view_names(w, ev);
	case DPB__EVENT__PAYLOAD_CLAIM: return dsr__view_claim(w, ev);
	case DPB__EVENT__PAYLOAD_ASSESSED: return dsr__view_assessed(w, ev);
	case DPB__EVENT__PAYLOAD_ENTRY: return dsr__view_entry(w, ev);
	case DPB__EVENT__PAYLOAD_AMENDED: return dsr__view_amended(w, ev);
	case DPB__EVENT__PAYLOAD_NOTE: return dsr__view_note(w, ev);
	case DPB__EVENT__PAYLOAD_CURATED: return dsr__view_curated(w, ev);
	default: return DSR_EPAYLOAD;
	}
}

int dsr__view_finish(dsr__wtx *w)
{
	return dsr__cluster_finish(w);
}

/* ---- digest ------------------------------------------------------------- */

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
