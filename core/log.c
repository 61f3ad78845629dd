/* log.c: appending events to the log inside a write transaction: envelope
 * stamping of local events, duplicate and conflict detection, the
 * (origin, seq) index and the version vector.  Views are updated by
 * view.c for every event stored here. */
#include "store_int.h"
#include "bytes.h"
#include "error.h"
#include "hlc.h"
#include "validate.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>


/* The version-vector entry of an origin (seq 0 when none). */
static int vv_read(dsr__wtx *w, const uint8_t *origin, uint64_t *seq,
		   uint8_t head[DSR_HASH_LEN])
{
	MDB_val v;
	int rc = dsr__get(w, DSR__DB_VV, origin, DSR_ORIGIN_LEN, &v);
	if (rc == DSR_ENOTFOUND) {
		*seq = 0;
		memset(head, 0, DSR_HASH_LEN);
		return 0;
	}
	if (rc)
		return rc;
	if (v.mv_size != 8 + DSR_HASH_LEN)
		return DSR_ECORRUPT;
	*seq = dsr__get_be64(v.mv_data);
	memcpy(head, (uint8_t *)v.mv_data + 8, DSR_HASH_LEN);
	return 0;
}

static int vv_write(dsr__wtx *w, const uint8_t *origin, uint64_t seq,
		    const uint8_t head[DSR_HASH_LEN])
{
	uint8_t v[8 + DSR_HASH_LEN];
	dsr__put_be64(v, seq);
	memcpy(v + 8, head, DSR_HASH_LEN);
	return dsr__put(w, DSR__DB_VV, origin, DSR_ORIGIN_LEN, v, sizeof v);
}

/* Remembers that origin's head is now the event at pos; its hash is
 * computed once per batch, in dsr__heads_finish(). */
static int head_pending(dsr__wtx *w, const uint8_t *origin, uint64_t pos)
{
	const size_t rec = DSR_ORIGIN_LEN + 8;
	for (size_t off = 0; off < w->heads.len; off += rec) {
		if (memcmp(w->heads.data + off, origin, DSR_ORIGIN_LEN) == 0) {
			dsr__put_be64(w->heads.data + off + DSR_ORIGIN_LEN, pos);
			return 0;
		}
	}
	uint8_t r[DSR_ORIGIN_LEN + 8];
	memcpy(r, origin, DSR_ORIGIN_LEN);
	dsr__put_be64(r + DSR_ORIGIN_LEN, pos);
	return dsr_buf_append(&w->heads, r, sizeof r);
}

/* Computes the hash of pending heads (all, or only origin's). */
static int heads_resolve(dsr__wtx *w, const uint8_t *only)
{
	const size_t rec = DSR_ORIGIN_LEN + 8;
	for (size_t off = 0; off < w->heads.len;) {
		const uint8_t *origin = w->heads.data + off;
		if (only && memcmp(origin, only, DSR_ORIGIN_LEN) != 0) {
			off += rec;
			continue;
		}
		uint8_t head[DSR_HASH_LEN];
		const uint8_t *ev;
		size_t evlen;
		int rc = dsr__log_read(w->txn, w->s->dbi[DSR__DB_LOG],
				       dsr__get_be64(origin + DSR_ORIGIN_LEN), &w->scratch, &ev, &evlen);
		if (rc)
			return rc == DSR_ENOTFOUND ? DSR_ECORRUPT : rc;
		dsr_event_hash(ev, evlen, head);
		uint64_t seq;
		uint8_t old[DSR_HASH_LEN];
		if ((rc = vv_read(w, origin, &seq, old)) || (rc = vv_write(w, origin, seq, head)))
			return rc;
		memmove(w->heads.data + off, w->heads.data + off + rec, w->heads.len - off - rec);
		w->heads.len -= rec;
	}
	return 0;
}

int dsr__heads_finish(dsr__wtx *w)
{
	return heads_resolve(w, NULL);
}

/* After storing (origin, seq) at pos: advance the contiguous seq over it
 * and over any later events that arrived early. */
static int vv_advance(dsr__wtx *w, const uint8_t *origin, uint32_t idx,
		      uint64_t seq, uint64_t pos)
{
	uint64_t cur;
	uint8_t head[DSR_HASH_LEN];
	int rc = vv_read(w, origin, &cur, head);
	if (rc || seq != cur + 1)
		return rc;
	cur = seq;
	uint64_t head_pos = pos;
	for (;;) {
		uint8_t k[12];
		dsr__oseq_key(k, idx, cur + 1);
		MDB_val key = { sizeof k, k }, pv;
		rc = mdb_get(w->txn, w->s->dbi[DSR__DB_OSEQ], &key, &pv);
		if (rc == MDB_NOTFOUND)
			break;
		if (rc)
			return dsr__mdb_err(rc);
		if (pv.mv_size != 8)
			return DSR_ECORRUPT;
		head_pos = dsr__get_be64(pv.mv_data);
		cur++;
	}
	if ((rc = vv_write(w, origin, cur, head)))
		return rc;
	return head_pending(w, origin, head_pos);
}

/* Looks up (origin, seq): DSR_ENOTFOUND, or 0 with the stored bytes. */
static int find_stored(dsr__wtx *w, const uint8_t *origin, uint64_t seq,
		       uint64_t *pos, MDB_val *bytes)
{
	uint32_t idx;
	int rc = dsr__origin_idx(w, origin, false, &idx);
	const uint8_t *p;
	size_t n;
	if (!rc)
		rc = dsr__event_at(w->s, w->txn, idx, seq, &w->scratch, pos, &p, &n);
	if (!rc) {
		bytes->mv_data = (void *)p;
		bytes->mv_size = n;
	}
	return rc;
}

/* Appends validated, encoded bytes as the next log position. */
static int store_event(dsr__wtx *w, const Dpb__Event *ev, const uint8_t *bytes,
		       size_t len, dsr_op *op)
{
	uint8_t pk[8], ok[12];
	uint64_t pos = w->log_end;
	uint32_t idx;
	int rc = dsr__origin_idx(w, ev->origin.data, true, &idx);
	if (rc)
		return rc;
	dsr__put_be64(pk, pos);
	dsr__oseq_key(ok, idx, ev->seq);
	if ((rc = dsr__log_put(w->txn, w->s->dbi[DSR__DB_LOG], pos, bytes, len)))
		return rc;
	MDB_val k2 = { sizeof ok, ok }, v2 = { 8, pk };
	rc = mdb_put(w->txn, w->s->dbi[DSR__DB_OSEQ], &k2, &v2, 0);
	if (rc)
		return dsr__mdb_err(rc);
	w->log_end++;
	if ((rc = vv_advance(w, ev->origin.data, idx, ev->seq, pos)))
		return rc;
	op->pos = pos;
	op->seq = ev->seq;
	return dsr__view_apply(w, ev);
}

static int apply_raw(dsr__wtx *w, dsr_op *op)
{
	Dpb__Event *ev;
	int rc = dsr_event_decode(op->bytes, op->len, &ev);
	if (rc)
		return rc;
	uint64_t pos = 0;
	MDB_val old = { 0, NULL };
	rc = find_stored(w, ev->origin.data, ev->seq, &pos, &old);
	if (rc == 0) {
		op->pos = pos;
		op->seq = ev->seq;
		rc = old.mv_size == op->len && memcmp(old.mv_data, op->bytes, op->len) == 0
			     ? DSR_EDUP : DSR_ECONFLICT;
	} else if (rc == DSR_ENOTFOUND) {
		/* A peer's clock far in the future must not drag ours along
		 * forever: only clocks within a day of our wall time count. */
		uint64_t limit = DSR_HLC_MAKE(w->wall_ms + 86400000ull, 0);
		if (ev->hlc < limit)
			w->hlc = dsr_hlc_observe(w->hlc, ev->hlc);
		rc = store_event(w, ev, op->bytes, op->len, op);
	}
	dpb__event__free_unpacked(ev, NULL);
	return rc;
}

/* Fills an empty fact id of a local payload; `id` is the storage. */
static void fill_id(ProtobufCBinaryData *field, const char *kind,
		    const Dpb__Event *ev, uint8_t id[DSR_ID_LEN],
		    ProtobufCBinaryData article, const Dpb__Span *span,
		    const char *name)
{
	if (field->len)
		return;
	if (!article.len)
		dsr_event_fact_id(kind, ev->origin.data, ev->seq, id);
	else if (name)
		dsr_actor_fact_id(article.data, name, id);
	else
		dsr_span_fact_id(kind, article.data, span ? span->start : 0,
				 span ? span->end : 0, id);
	field->data = id;
	field->len = DSR_ID_LEN;
}

static int apply_local(dsr__wtx *w, dsr_op *op, dsr_buf *enc)
{
	const Dpb__Event *in = op->event;
	if (!in)
		return DSR_EINVAL;
	Dpb__Event ev = *in;
	union {
		Dpb__ArticleFiled article;
		Dpb__ActorMentioned actor;
		Dpb__ClaimRecorded claim;
		Dpb__EntryRecorded entry;
	} pl;
	uint8_t id[DSR_ID_LEN], prev[DSR_HASH_LEN];
	uint64_t seq;
	int rc = heads_resolve(w, w->s->origin);
	if (!rc)
		rc = vv_read(w, w->s->origin, &seq, prev);
	if (rc)
		return rc;
	ev.format = DSR_FORMAT_VERSION;
	ev.origin.data = w->s->origin;
	ev.origin.len = DSR_ORIGIN_LEN;
	ev.seq = seq + 1;
	ev.prev.data = prev;
	ev.prev.len = seq ? DSR_HASH_LEN : 0;
	ev.author = (char *)(op->author ? op->author : "");
	uint64_t next = dsr_hlc_next(w->hlc, w->wall_ms);
	ev.hlc = next;
	switch (ev.payload_case) {
	case DPB__EVENT__PAYLOAD_ARTICLE:
		if (!in->article)
			return DSR_EINVAL;
		pl.article = *in->article;
		if (!pl.article.id.len) {
			dsr_article_id(pl.article.text.data, pl.article.text.len, id);
			pl.article.id.data = id;
			pl.article.id.len = DSR_ID_LEN;
		}
		ev.article = &pl.article;
		break;
	case DPB__EVENT__PAYLOAD_ACTOR:
		if (!in->actor)
			return DSR_EINVAL;
		pl.actor = *in->actor;
		fill_id(&pl.actor.id, "actor", &ev, id, pl.actor.article, NULL,
			pl.actor.name ? pl.actor.name : "");
		ev.actor = &pl.actor;
		break;
	case DPB__EVENT__PAYLOAD_CLAIM:
		if (!in->claim)
			return DSR_EINVAL;
		pl.claim = *in->claim;
		fill_id(&pl.claim.id, "claim", &ev, id, pl.claim.article,
			pl.claim.span, NULL);
		ev.claim = &pl.claim;
		break;
	case DPB__EVENT__PAYLOAD_ENTRY:
		if (!in->entry)
			return DSR_EINVAL;
		pl.entry = *in->entry;
		fill_id(&pl.entry.id, "entry", &ev, id, pl.entry.article,
			pl.entry.span, NULL);
		ev.entry = &pl.entry;
		break;
	default:
		break;
	}
	if ((rc = dsr_event_validate(&ev)))
		return rc;
	size_t need = dpb__event__get_packed_size(&ev);
	enc->len = 0;
	if (dsr_buf_reserve(enc, need))
		return -ENOMEM;
	enc->len = dpb__event__pack(&ev, enc->data);
	w->hlc = next;
	w->wrote_local = true;
	return store_event(w, &ev, enc->data, enc->len, op);
}

/* True when op begins a local ingest group for an article already held. */
static bool known_article(dsr__wtx *w, const dsr_op *op)
{
	if (op->type != DSR_OP_LOCAL || !op->event ||
	    op->event->payload_case != DPB__EVENT__PAYLOAD_ARTICLE || !op->event->article)
		return false;
	const Dpb__ArticleFiled *a = op->event->article;
	uint8_t id[DSR_ID_LEN];
	if (a->id.len == DSR_ID_LEN)
		memcpy(id, a->id.data, DSR_ID_LEN);
	else
		dsr_article_id(a->text.data, a->text.len, id);
	MDB_val v;
	return dsr__get(w, DSR__DB_V_ARTICLE, id, DSR_ID_LEN, &v) == 0;
}

static int apply_one(dsr__wtx *w, dsr_op *op, dsr_buf *enc)
{
	switch (op->type) {
	case DSR_OP_RAW:
		return apply_raw(w, op);
	case DSR_OP_LOCAL:
		return apply_local(w, op, enc);
	case DSR_OP_HEAD: {
		/* The head's event may still have a pending hash. */
		int rc = heads_resolve(w, NULL);
		return rc ? rc : dsr__apply_head(w, op);
	}
	default: {
		/* Replication's ops read version-vector hashes too. */
		int rc = heads_resolve(w, NULL);
		return rc ? rc : dsr__repl_apply_op(w, op);
	}
	}
}

/* A group of several ops runs in a nested transaction, with the overlay
 * flushed into it, so that a failure leaves no trace. */
static int apply_group(dsr__wtx *w, dsr_op *ops, size_t n, dsr_buf *enc)
{
	if (known_article(w, &ops[0])) {
		for (size_t i = 0; i < n; i++)
			ops[i].status = DSR_EDUP;
		return 0;
	}
	int rc = heads_resolve(w, NULL);
	if (!rc)
		rc = dsr__kv_flush(w);
	if (rc)
		return rc;
	MDB_txn *parent = w->txn, *child;
	if ((rc = dsr__mdb_err(mdb_txn_begin(w->s->env, parent, 0, &child))))
		return rc;
	w->txn = child;
	uint64_t log_end = w->log_end, hlc = w->hlc;
	size_t dirty = w->dirty.len, newforms = w->newforms.len;
	int fail = 0;
	for (size_t i = 0; i < n; i++) {
		rc = apply_one(w, &ops[i], enc);
		ops[i].status = rc == DSR_EDUP ? DSR_EDUP : 0;
		if (rc && rc != DSR_EDUP) {
			fail = rc;
			break;
		}
	}
	if (!fail)
		fail = dsr__kv_flush(w);
	w->txn = parent;
	if (fail) {
		mdb_txn_abort(child);
		dsr__kv_clear(w->kv);
		w->log_end = log_end;
		w->hlc = hlc;
		w->dirty.len = dirty;
		w->newforms.len = newforms;
		/* Heads were resolved before the group: any pending now
		 * are the group's. */
		w->heads.len = 0;
		w->last_idx = 0;
		for (size_t i = 0; i < n; i++) {
			ops[i].status = fail;
			ops[i].pos = 0;
		}
		/* Whole-transaction failures stop the batch; per-op ones only
		 * the group. */
		return fail == DSR_EMAPFULL || fail == DSR_ELMDB || fail == -ENOMEM ||
		       fail == DSR_ECORRUPT ? fail : 0;
	}
	return dsr__mdb_err(mdb_txn_commit(child));
}

static bool fatal(int rc)
{
	return rc == DSR_EMAPFULL || rc == DSR_ELMDB || rc == -ENOMEM ||
	       rc == DSR_ECORRUPT || (rc < 0 && rc > -4096);
}

int dsr__apply_ops(dsr__wtx *w, dsr_op *ops, size_t n)
{
	dsr_buf enc = DSR_BUF_INIT;
	int stored = 0, rc = 0;
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		if (ops[i].group)
			while (j < n && ops[j].group == ops[i].group)
				j++;
		if (j - i > 1 || known_article(w, &ops[i])) {
			rc = apply_group(w, ops + i, j - i, &enc);
		} else {
			rc = apply_one(w, &ops[i], &enc);
			ops[i].status = rc;
			if (rc == DSR_EDUP || !fatal(rc))
				rc = 0;
		}
		if (rc)
			break;
		for (size_t k = i; k < j; k++)
			if (ops[k].status == 0)
				stored++;
		i = j;
	}
	dsr_buf_free(&enc);
	return rc ? rc : stored;
}
