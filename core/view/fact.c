/* fact.c: helpers shared by the fact views (see view/impl.h). */
#include "view/impl.h"
#include "error.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int dsr__supports_add(dsr__supports *out, Dpb__Stamp *const *old, size_t n_old,
		      const dsr__stamp *s)
{
	out->v = malloc((n_old + 1) * sizeof *out->v);
	if (!out->v)
		return -ENOMEM;
	dsr__stamp_to_pb(s, &out->fresh);
	size_t o = 0;
	bool placed = false;
	for (size_t i = 0; i < n_old; i++) {
		if (!placed && dsr__stamp_cmp_pb(s, old[i]) < 0) {
			out->v[o++] = &out->fresh;
			placed = true;
		}
		out->v[o++] = old[i];
	}
	if (!placed)
		out->v[o++] = &out->fresh;
	out->n = o;
	return 0;
}

void dsr__supports_free(dsr__supports *sp)
{
	free(sp->v);
	sp->v = NULL;
}

int dsr__get_rec(dsr__wtx *w, int db, const void *key, size_t klen,
		 const ProtobufCMessageDescriptor *desc, ProtobufCMessage **out)
{
	MDB_val v;
	int rc = dsr__get(w, db, key, klen, &v);
	if (rc)
		return rc;
	*out = protobuf_c_message_unpack(desc, &w->recs.pb, v.mv_size, v.mv_data);
	return *out ? 0 : DSR_ECORRUPT;
}

int dsr__put_rec(dsr__wtx *w, int db, const void *key, size_t klen,
		 const ProtobufCMessage *m)
{
	uint8_t small[512];
	size_t n = protobuf_c_message_get_packed_size(m);
	uint8_t *p = n <= sizeof small ? small : malloc(n);
	if (!p)
		return -ENOMEM;
	protobuf_c_message_pack(m, p);
	int rc = dsr__put(w, db, key, klen, p, n);
	if (p != small)
		free(p);
	return rc;
}

/* The article a fact's event draws from; none for a fact added by hand. */
static ProtobufCBinaryData fact_article(const Dpb__Event *ev)
{
	ProtobufCBinaryData none = { 0, NULL };
	switch (ev->payload_case) {
	case DPB__EVENT__PAYLOAD_ACTOR:
		return ev->actor->article;
	case DPB__EVENT__PAYLOAD_CLAIM:
		return ev->claim->article;
	case DPB__EVENT__PAYLOAD_ENTRY:
		return ev->entry->article;
	case DPB__EVENT__PAYLOAD_INDICATOR:
		return ev->indicator->article;
	case DPB__EVENT__PAYLOAD_ARTICLE:
	case DPB__EVENT__PAYLOAD_NAMES:
	case DPB__EVENT__PAYLOAD_ASSESSED:
	case DPB__EVENT__PAYLOAD_AMENDED:
	case DPB__EVENT__PAYLOAD_NOTE:
	case DPB__EVENT__PAYLOAD_CURATED:
	case DPB__EVENT__PAYLOAD_ARTICLE_CURATED:
	DSR_PAYLOAD_NO_CASES:
		break;
	}
	return none;
}

int dsr__fact_add(dsr__wtx *w, int db, const uint8_t id[DSR_ID_LEN],
		  const Dpb__Event *ev, dsr__refs_fn refs)
{
	dsr__stamp st = dsr__stamp_of(ev);
	/* A withdrawn article's facts are kept apart, contributing nothing
	 * (park.c), until it is restored. */
	ProtobufCBinaryData art = fact_article(ev);
	bool parked = false;
	int rc = art.len == DSR_ID_LEN ? dsr__acur_withdrawn(w, art.data, &parked) : 0;
	if (rc)
		return rc;
	if (parked)
		db = DSR__DB_PARKED(db);
	Dpb__FactRec *old = NULL;
	rc = dsr__get_rec(w, db, id, DSR_ID_LEN, &dpb__fact_rec__descriptor,
			  (ProtobufCMessage **)&old);
	if (rc == DSR_ENOTFOUND)
		rc = dsr__fcount_add(w, db);
	if (rc)
		return rc;
	const Dpb__Stamp *win = old && old->n_supports ? old->supports[old->n_supports - 1] : NULL;
	if (!parked && (!win || dsr__stamp_cmp_pb(&st, win) > 0)) {
		if (win) {
			dsr__stamp ws = dsr__stamp_from_pb(win);
			Dpb__Event *prev;
			/* The old winner is in the log (in this transaction's
			 * view of it): what it added is taken back. */
			rc = dsr__event_by_stamp(w->s, w->txn, &ws, &prev);
			if (rc == 0) {
				rc = refs(w, prev, -1);
				dpb__event__free_unpacked(prev, NULL);
			} else if (rc == DSR_ENOTFOUND) {
				rc = DSR_ECORRUPT;
			}
		}
		if (!rc)
			rc = refs(w, ev, 1);
	}
	dsr__supports sp = { 0 };
	if (!rc)
		rc = dsr__supports_add(&sp, old ? old->supports : NULL,
				       old ? old->n_supports : 0, &st);
	if (!rc) {
		Dpb__FactRec rec = DPB__FACT_REC__INIT;
		rec.supports = sp.v;
		rec.n_supports = sp.n;
		rc = dsr__put_rec(w, db, id, DSR_ID_LEN, &rec.base);
	}
	dsr__supports_free(&sp);
	return rc;
}

int dsr__fact_rec_winner(const void *p, size_t n, dsr__stamp *st, size_t *nsupports)
{
	Dpb__FactRec *r = dpb__fact_rec__unpack(NULL, n, p);
	if (!r || !r->n_supports) {
		if (r)
			dpb__fact_rec__free_unpacked(r, NULL);
		return DSR_ECORRUPT;
	}
	*st = dsr__stamp_from_pb(r->supports[r->n_supports - 1]);
	if (nsupports)
		*nsupports = r->n_supports;
	dpb__fact_rec__free_unpacked(r, NULL);
	return 0;
}

int dsr__fact_winner(dsr_store *s, MDB_txn *txn, int db, const uint8_t id[DSR_ID_LEN],
		     Dpb__Event **ev, size_t *nsupports)
{
	MDB_val v;
	dsr__stamp ws;
	int rc = dsr__fget(s, txn, db, id, &v);
	if (!rc)
		rc = dsr__fact_rec_winner(v.mv_data, v.mv_size, &ws, nsupports);
	if (rc)
		return rc;
	rc = dsr__event_by_stamp(s, txn, &ws, ev);
	return rc == DSR_ENOTFOUND ? DSR_ECORRUPT : rc;
}
