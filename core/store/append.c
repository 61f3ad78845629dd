/* append.c: appending events to the log inside a write transaction: envelope
 * stamping of local events, duplicate and conflict detection, the
 * (origin, seq) index and the version vector.  The views are updated
 * (dsr__view_apply, view/api.h) for every event stored here. */
#include "store/impl.h"
#include "payload.h"
#include "view/api.h"
#include "base/api.h"
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
		MDB_val pv;
		rc = dsr__mget(w, DSR__DB_OSEQ, k, sizeof k, &pv);
		if (rc == DSR_ENOTFOUND)
			break;
		if (rc)
			return rc;
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
	if (rc)
		return rc;
	/* Through the write cursor: a peer's events come in seq order, so
	 * the lookup stays on the page of the one before. */
	uint8_t k[12];
	dsr__oseq_key(k, idx, seq);
	MDB_val pv;
	const uint8_t *p;
	size_t n;
	if ((rc = dsr__mget(w, DSR__DB_OSEQ, k, sizeof k, &pv)) ||
	    (rc = dsr__event_of(w->s, w->txn, &pv, &w->scratch, pos, &p, &n)))
		return rc;
	bytes->mv_data = (void *)p;
	bytes->mv_size = n;
	return 0;
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
	if ((rc = dsr__mput(w, DSR__DB_OSEQ, ok, sizeof ok, pk, sizeof pk)))
		return rc;
	w->log_end++;
	if ((rc = vv_advance(w, ev->origin.data, idx, ev->seq, pos)))
		return rc;
	op->pos = pos;
	op->seq = ev->seq;
	w->ev_bytes = bytes;
	w->ev_len = len;
	rc = dsr__view_apply(w, ev);
	w->ev_bytes = NULL;
	return rc;
}

/* An event made ready to store: checked and encoded, not yet written.
 * Groups of raw and local events are prepared whole before any is
 * written, so a group that fails leaves nothing behind without the cost of
 * a nested transaction (and of flushing the overlay before it). */
typedef struct prep {
	Dpb__Event *dec;           /* raw: decoded */
	bool own;                  /* dec is ours to free */
	Dpb__Event ev;             /* local: the envelope */
	union {
		Dpb__ArticleFiled article;
		Dpb__ActorMentioned actor;
		Dpb__ClaimRecorded claim;
		Dpb__EntryRecorded entry;
		Dpb__IndicatorSeen indicator;
		Dpb__ArticleCurated article_curated;
	} pl;                      /* local: payload with its ids filled */
	uint8_t id[DSR_ID_LEN];
	uint8_t prev[DSR_HASH_LEN];
	dsr_buf enc;               /* local: the encoded event */
	dsr__redate redate;        /* local: an amended article's dates */
	bool dup;                  /* raw: already stored */
} prep;

/* Where this replica's chain stands while a group is prepared. */
typedef struct chain {
	uint64_t seq;
	uint8_t head[DSR_HASH_LEN];
	uint64_t hlc;
} chain;

static void prep_free(prep *p)
{
	if (p->dec && p->own)
		dpb__event__free_unpacked(p->dec, NULL);
	p->dec = NULL;
	dsr_buf_free(&p->enc);
	dsr__redate_free(&p->redate);
}

static int prep_raw(dsr__wtx *w, dsr_op *op, prep *p)
{
	/* Decoded by the caller, by the helper (ahead.c), or here. */
	const Dpb__Event *dec = op->decoded;
	int rc = dec ? 0 : dsr__ahead_get(w->ahead, op, &dec);
	if (rc == 1)
		rc = dsr_event_decode(op->bytes, op->len, &p->dec);
	else
		p->dec = (Dpb__Event *)dec;
	p->own = !dec;
	if (rc)
		return rc;
	uint64_t pos = 0;
	MDB_val old = { 0, NULL };
	rc = find_stored(w, p->dec->origin.data, p->dec->seq, &pos, &old);
	if (rc == 0) {
		op->pos = pos;
		op->seq = p->dec->seq;
		p->dup = true;
		return old.mv_size == op->len && memcmp(old.mv_data, op->bytes, op->len) == 0
			       ? DSR_EDUP : DSR_ECONFLICT;
	}
	return rc == DSR_ENOTFOUND ? 0 : rc;
}

/* Fills an empty fact id of a local payload; `id` is the storage. */
static void fill_id(ProtobufCBinaryData *field, const char *kind,
		    const Dpb__Event *ev, uint8_t id[DSR_ID_LEN],
		    ProtobufCBinaryData article, const Dpb__Span *span,
		    const char *name)
{
	/* An article reference of the wrong size is left for
	 * dsr_event_validate() to refuse: the ids below read DSR_ID_LEN
	 * bytes of it. */
	if (field->len || (article.len && article.len != DSR_ID_LEN))
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

/* The fact-id rules of payload.h, in prep_local(): p, in and ev are its. */
#define LOCAL_COPY(field)                                                       \
	if (!in->field)                                                         \
		return DSR_EINVAL;                                              \
	p->pl.field = *in->field;                                               \
	ev->field = &p->pl.field;
#define LOCAL_NONE(field)
#define LOCAL_ARTICLE(field)                                                    \
	LOCAL_COPY(field)                                                       \
	if (!p->pl.field.id.len) {                                              \
		dsr_article_id(p->pl.field.text.data, p->pl.field.text.len, p->id); \
		p->pl.field.id.data = p->id;                                    \
		p->pl.field.id.len = DSR_ID_LEN;                                \
	}
#define LOCAL_NAME(field)                                                       \
	LOCAL_COPY(field)                                                       \
	fill_id(&p->pl.field.id, #field, ev, p->id, p->pl.field.article, NULL,  \
		p->pl.field.name ? p->pl.field.name : "");
#define LOCAL_SPAN(field)                                                       \
	LOCAL_COPY(field)                                                       \
	fill_id(&p->pl.field.id, #field, ev, p->id, p->pl.field.article,        \
		p->pl.field.span, NULL);

static int chain_start(dsr__wtx *w, chain *c)
{
	int rc = heads_resolve(w, w->s->origin);
	if (!rc)
		rc = vv_read(w, w->s->origin, &c->seq, c->head);
	c->hlc = w->hlc;
	return rc;
}

/* Envelope, ids, checks and encoding of a local payload as the next event
 * of the chain; the chain moves on past it. */
static int prep_local(dsr__wtx *w, dsr_op *op, prep *p, chain *c)
{
	const Dpb__Event *in = op->event;
	if (!in)
		return DSR_EINVAL;
	Dpb__Event *ev = &p->ev;
	*ev = *in;
	ev->format = DSR_FORMAT_VERSION;
	ev->origin.data = w->s->origin;
	ev->origin.len = DSR_ORIGIN_LEN;
	ev->seq = c->seq + 1;
	memcpy(p->prev, c->head, DSR_HASH_LEN);
	ev->prev.data = p->prev;
	ev->prev.len = c->seq ? DSR_HASH_LEN : 0;
	ev->author = (char *)(op->author ? op->author : "");
	ev->hlc = dsr_hlc_next(c->hlc, w->wall_ms);
	/* A payload with a fact id is copied so that an empty id can be
	 * derived by its kind's rule (payload.h). */
	switch (ev->payload_case) {
#define XX(CASE, field, factid) \
	case DPB__EVENT__PAYLOAD_##CASE: LOCAL_##factid(field) break;
	DSR_PAYLOADS(XX)
#undef XX
	DSR_PAYLOAD_NO_CASES:
		break;
	}
	/* a new publication date dates the article's entries again */
	if (ev->payload_case == DPB__EVENT__PAYLOAD_ARTICLE_CURATED && ev->article_curated) {
		p->pl.article_curated = *ev->article_curated;
		ev->article_curated = &p->pl.article_curated;
		int r = dsr__redate_fill(w, &p->pl.article_curated, &p->redate);
		if (r)
			return r;
	}
	int rc = dsr_event_validate(ev);
	if (rc)
		return rc;
	p->enc.len = 0;
	if (dsr_buf_reserve(&p->enc, dpb__event__get_packed_size(ev)))
		return -ENOMEM;
	p->enc.len = dpb__event__pack(ev, p->enc.data);
	c->seq = ev->seq;
	dsr_event_hash(p->enc.data, p->enc.len, c->head);
	c->hlc = ev->hlc;
	return 0;
}

/* Writes a prepared event. */
static int commit_prep(dsr__wtx *w, dsr_op *op, prep *p)
{
	if (op->type == DSR_OP_LOCAL) {
		w->hlc = p->ev.hlc;
		w->wrote_local = true;
		return store_event(w, &p->ev, p->enc.data, p->enc.len, op);
	}
	/* A peer's clock far in the future must not drag ours along
	 * forever: only clocks within a day of our wall time count. */
	uint64_t limit = DSR_HLC_MAKE(w->wall_ms + 86400000ull, 0);
	if (p->dec->hlc < limit)
		w->hlc = dsr_hlc_observe(w->hlc, p->dec->hlc);
	return store_event(w, p->dec, op->bytes, op->len, op);
}

static int apply_raw(dsr__wtx *w, dsr_op *op)
{
	prep p = { 0 };
	int rc = prep_raw(w, op, &p);
	if (!rc)
		rc = commit_prep(w, op, &p);
	prep_free(&p);
	return rc;
}

static int apply_local(dsr__wtx *w, dsr_op *op)
{
	prep p = { 0 };
	chain c;
	int rc = chain_start(w, &c);
	if (!rc)
		rc = prep_local(w, op, &p, &c);
	if (!rc)
		rc = commit_prep(w, op, &p);
	prep_free(&p);
	return rc;
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
	/* withdrawn or not: filing it again neither adds nor restores it */
	return dsr__get(w, DSR__DB_V_ARTICLE, id, DSR_ID_LEN, &v) == 0 ||
	       dsr__get(w, DSR__DB_V_WARTICLE, id, DSR_ID_LEN, &v) == 0;
}

static int apply_one(dsr__wtx *w, dsr_op *op)
{
	switch (op->type) {
	case DSR_OP_RAW:
		return apply_raw(w, op);
	case DSR_OP_LOCAL:
		return apply_local(w, op);
	case DSR_OP_HEAD: {
		/* The head's event may still have a pending hash. */
		int rc = heads_resolve(w, NULL);
		return rc ? rc : dsr__apply_head(w, op);
	}
	case DSR_OP_LINK:
	case DSR_OP_CHECKPOINT:
	case DSR_OP_QUARANTINE:
		break;
	}
	/* Replication's ops (and any other type, which it refuses) read
	 * version-vector hashes too. */
	int rc = heads_resolve(w, NULL);
	return rc ? rc : dsr__repl_apply_op(w, op);
}

static bool fatal(int rc)
{
	return rc == DSR_EMAPFULL || rc == DSR_ELMDB || rc == -ENOMEM ||
	       rc == DSR_ECORRUPT || (rc < 0 && rc > -4096);
}

/* Two raw events of one group under the same (origin, seq): the second is
 * a duplicate of the first, or a conflict.  `slots` is an open-addressing
 * table of the group's raw events (index + 1), `mask` its size - 1: groups
 * from peers hold thousands of events, so no pairwise scan. */
static int intra_group(const dsr_op *ops, prep *ps, size_t i, uint32_t *slots, size_t mask)
{
	const Dpb__Event *e = ps[i].dec;
	uint64_t h = (dsr__get_be64(e->origin.data) ^ (e->seq * 0x9e3779b97f4a7c15ull));
	size_t k = (size_t)(h ^ (h >> 29)) & mask;
	for (; slots[k]; k = (k + 1) & mask) {
		size_t j = slots[k] - 1;
		const Dpb__Event *f = ps[j].dec;
		if (f->seq != e->seq || memcmp(f->origin.data, e->origin.data, DSR_ORIGIN_LEN))
			continue;
		ps[i].dup = true;
		return ops[i].len == ops[j].len && !memcmp(ops[i].bytes, ops[j].bytes, ops[i].len)
			       ? DSR_EDUP : DSR_ECONFLICT;
	}
	slots[k] = (uint32_t)i + 1;
	return 0;
}

/* Groups up to this size are prepared whole (below); larger ones (peers'
 * batches of thousands) go the nested way, where one flush and one child
 * transaction cost little per event and events are decoded one at a time
 * instead of all held at once (measured: 16,384-event groups ran at 170k
 * events/s nested, 112k prepared whole; 27-event groups 88k nested, 185k
 * prepared). */
#define FAST_GROUP_MAX 512

/* A group of raw and local events: all are prepared (checked, encoded)
 * before any is written; a failure leaves nothing, with no nested
 * transaction.  Returns 1 when the group should take the nested path
 * (other ops, or large), 0, or a whole-transaction error. */
static int apply_group_fast(dsr__wtx *w, dsr_op *ops, size_t n)
{
	if (n > FAST_GROUP_MAX)
		return 1;
	for (size_t i = 0; i < n; i++)
		if (ops[i].type != DSR_OP_RAW && ops[i].type != DSR_OP_LOCAL)
			return 1;
	size_t nslots = 16;
	while (nslots < 2 * n)
		nslots *= 2;
	prep *ps = calloc(n, sizeof *ps);
	uint32_t *slots = calloc(nslots, sizeof *slots);
	if (!ps || !slots) {
		free(ps);
		free(slots);
		return -ENOMEM;
	}
	chain c;
	bool chained = false;
	int fail = 0, rc = 0;
	for (size_t i = 0; i < n && !fail; i++) {
		if (ops[i].type == DSR_OP_LOCAL) {
			if (!chained && (fail = chain_start(w, &c)))
				break;
			chained = true;
			fail = prep_local(w, &ops[i], &ps[i], &c);
		} else {
			fail = prep_raw(w, &ops[i], &ps[i]);
			if (!fail)
				fail = intra_group(ops, ps, i, slots, nslots - 1);
		}
		ops[i].status = fail == DSR_EDUP ? DSR_EDUP : 0;
		if (fail == DSR_EDUP)
			fail = 0;
	}
	if (fail) {
		for (size_t i = 0; i < n; i++) {
			ops[i].status = fail;
			ops[i].pos = 0;
		}
		rc = fatal(fail) ? fail : 0;
	} else {
		/* Nothing can fail now but the transaction itself. */
		for (size_t i = 0; i < n && !rc; i++)
			if (!ps[i].dup) {
				rc = commit_prep(w, &ops[i], &ps[i]);
				if (rc && !fatal(rc))
					rc = DSR_ECORRUPT;
			}
	}
	for (size_t i = 0; i < n; i++)
		prep_free(&ps[i]);
	free(ps);
	free(slots);
	return rc;
}

/* A group with other ops (signed heads, replication's) runs in a nested
 * transaction, with the overlay flushed into it, so that a failure leaves
 * no trace. */
static int apply_group(dsr__wtx *w, dsr_op *ops, size_t n)
{
	if (known_article(w, &ops[0])) {
		for (size_t i = 0; i < n; i++)
			ops[i].status = DSR_EDUP;
		return 0;
	}
	int rc = apply_group_fast(w, ops, n);
	if (rc <= 0)
		return rc;
	rc = heads_resolve(w, NULL);
	if (!rc)
		rc = dsr__kv_flush(w);
	if (rc)
		return rc;
	MDB_txn *parent = w->txn, *child;
	dsr__wcursor_close(w);
	if ((rc = dsr__mdb_err(mdb_txn_begin(w->s->env, parent, 0, &child))))
		return rc;
	w->txn = child;
	uint64_t log_end = w->log_end, hlc = w->hlc;
	size_t dirty = w->dirty.len, newforms = w->newforms.len;
	int fail = 0;
	for (size_t i = 0; i < n; i++) {
		rc = apply_one(w, &ops[i]);
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
		dsr__wcursor_forget(w);
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
		return fatal(fail) ? fail : 0;
	}
	dsr__wcursor_forget(w);
	return dsr__mdb_err(mdb_txn_commit(child));
}

int dsr__apply_ops(dsr__wtx *w, dsr_op *ops, size_t n)
{
	int stored = 0, rc = 0;
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		if (ops[i].group)
			while (j < n && ops[j].group == ops[i].group)
				j++;
		if (j - i > 1 || known_article(w, &ops[i])) {
			rc = apply_group(w, ops + i, j - i);
		} else {
			rc = apply_one(w, &ops[i]);
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
	return rc ? rc : stored;
}
