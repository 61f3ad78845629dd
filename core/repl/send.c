/* send.c: the sending half of a session — our version vector, then,
 * per origin in seq order, the events the peer lacks, cut into batches that
 * each end with a signed head, within a window of unacknowledged batches.
 *
 * Where a batch may end: for this replica's own origins anywhere (we hold
 * the key and sign the head now); for any other origin only at a head that
 * origin signed and we hold — a checkpoint (store/replstate.c) or the newest
 * head.  So a relay passes on exactly what it was given, heads included,
 * and needs no code of its own. */
#include "repl/impl.h"
#include "error.h"

#include <errno.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

/* ---- the vector --------------------------------------------------------- */

struct vec {
	dsr_rtxn *t;
	Dpb__PeerVectorEntry *e;
	Dpb__PeerVectorEntry **ptr;
	uint8_t (*heads)[DSR_HEAD_LEN];
	uint8_t (*hash)[DSR_HASH_LEN];
	uint8_t (*origin)[DSR_ORIGIN_LEN];
	size_t n, cap;
	int err;
};

static int vec_cb(void *ctx, const dsr_vv_entry *ve)
{
	struct vec *v = ctx;
	if (dsr_quarantined(v->t, ve->origin, NULL, NULL))
		return 0;
	if (v->n == v->cap) {
		size_t cap = v->cap ? 2 * v->cap : 16;
		void *a = realloc(v->e, cap * sizeof *v->e), *b, *c, *d;
		if (a)
			v->e = a;
		b = realloc(v->heads, cap * sizeof *v->heads);
		if (b)
			v->heads = b;
		c = realloc(v->hash, cap * sizeof *v->hash);
		if (c)
			v->hash = c;
		d = realloc(v->origin, cap * sizeof *v->origin);
		if (d)
			v->origin = d;
		if (!a || !b || !c || !d)
			return -ENOMEM;
		v->cap = cap;
	}
	Dpb__PeerVectorEntry *e = &v->e[v->n];
	dpb__peer_vector_entry__init(e);
	memcpy(v->origin[v->n], ve->origin, DSR_ORIGIN_LEN);
	memcpy(v->hash[v->n], ve->head, DSR_HASH_LEN);
	e->origin.data = v->origin[v->n];
	e->origin.len = DSR_ORIGIN_LEN;
	e->seq = ve->seq;
	e->hash.data = v->hash[v->n];
	e->hash.len = DSR_HASH_LEN;
	dsr_head h;
	int rc = dsr_head_at_vv(v->t, ve->origin, ve->seq, &h);
	if (rc == 0) {
		dsr_head_encode(&h, v->heads[v->n]);
		e->head.data = v->heads[v->n];
		e->head.len = DSR_HEAD_LEN;
	} else if (rc != DSR_ENOTFOUND) {
		return rc;
	}
	v->n++;
	return 0;
}

int dsr__repl_vector(dsr_repl *r, dsr_rtxn *t)
{
	struct vec v = { .t = t };
	int rc = dsr_vv_each(t, vec_cb, &v);
	if (rc == 0 && v.n && !(v.ptr = malloc(v.n * sizeof *v.ptr)))
		rc = -ENOMEM;
	if (rc == 0) {
		/* The array may have moved while it grew: point at it now. */
		for (size_t i = 0; i < v.n; i++) {
			v.ptr[i] = &v.e[i];
			v.e[i].origin.data = v.origin[i];
			v.e[i].hash.data = v.hash[i];
			if (v.e[i].head.len)
				v.e[i].head.data = v.heads[i];
		}
		Dpb__PeerVector pv = DPB__PEER_VECTOR__INIT;
		pv.n_entries = v.n;
		pv.entries = v.ptr;
		pv.once = (r->flags & DSR_REPL_ONCE) != 0;
		Dpb__PeerMsg m = DPB__PEER_MSG__INIT;
		m.body_case = DPB__PEER_MSG__BODY_VECTOR;
		m.vector = &pv;
		rc = dsr__repl_emit(r, &m);
	}
	free(v.e);
	free(v.ptr);
	free(v.heads);
	free(v.hash);
	free(v.origin);
	return rc;
}

/* ---- batches ------------------------------------------------------------ */

/* Where the next batch of an origin would start and end. */
struct next {
	dsr_rtxn *t;
	dsr_repl *r;
	bool found;
	uint8_t origin[DSR_ORIGIN_LEN];
	uint64_t from, to;
	bool own;
	uint8_t sk[64];
	dsr_head head;           /* foreign: the checkpoint ending the batch */
	int err;
};

static int next_cb(void *ctx, const dsr_vv_entry *e)
{
	struct next *nx = ctx;
	struct porigin *p = dsr__repl_po(nx->r, e->origin, false);
	uint64_t have = p ? p->sent : 0;
	if (e->seq <= have || (p && p->blocked) || dsr_quarantined(nx->t, e->origin, NULL, NULL))
		return 0;
	int rc = dsr_own_key(nx->t, e->origin, nx->sk);
	if (rc == 0) {
		nx->own = true;
		nx->to = e->seq;
	} else if (rc == DSR_ENOTFOUND) {
		nx->own = false;
		rc = dsr_checkpoint_find(nx->t, e->origin, have + 1, &nx->head);
		if (rc == DSR_ENOTFOUND)
			return 0;  /* nothing of it is signed beyond `have` */
		if (rc)
			return rc;
		if (nx->head.seq > e->seq)
			return 0;  /* cannot happen: heads are of stored events */
		nx->to = nx->head.seq;
	} else {
		return rc;
	}
	memcpy(nx->origin, e->origin, DSR_ORIGIN_LEN);
	nx->from = have + 1;
	nx->found = true;
	return 1;
}

/* Reads events [from, to] of origin into ev/len (pointers into t); with
 * `cut` bytes, stops before exceeding it (but reads at least one).
 * Returns the count read. */
static int read_events(dsr_rtxn *t, const uint8_t *origin, uint64_t from, uint64_t to,
		       size_t cut, ProtobufCBinaryData *ev, size_t max, size_t *bytes)
{
	size_t n = 0;
	*bytes = 0;
	for (uint64_t seq = from; seq <= to && n < max; seq++) {
		uint64_t pos;
		const uint8_t *p;
		size_t len;
		int rc = dsr_log_find(t, origin, seq, &pos);
		if (rc == 0)
			rc = dsr_log_get(t, pos, &p, &len);
		if (rc)
			return rc == DSR_ENOTFOUND ? DSR_ECORRUPT : rc;
		if (cut && n > 0 && *bytes + len > cut)
			break;
		ev[n].data = (uint8_t *)p;
		ev[n].len = len;
		*bytes += len;
		n++;
	}
	return (int)n;
}

static int emit_events(dsr_repl *r, const uint8_t *origin, uint64_t first,
		       ProtobufCBinaryData *ev, size_t n, const dsr_head *head)
{
	uint8_t hb[DSR_HEAD_LEN];
	Dpb__PeerEvents pe = DPB__PEER_EVENTS__INIT;
	pe.origin.data = (uint8_t *)origin;
	pe.origin.len = DSR_ORIGIN_LEN;
	pe.first = first;
	pe.n_events = n;
	pe.events = ev;
	if (head) {
		dsr_head_encode(head, hb);
		pe.head.data = hb;
		pe.head.len = sizeof hb;
	}
	Dpb__PeerMsg m = DPB__PEER_MSG__INIT;
	m.body_case = DPB__PEER_MSG__BODY_EVENTS;
	m.events = &pe;
	return dsr__repl_emit(r, &m);
}

static int block(dsr_repl *r, const uint8_t *origin, int err, const char *why)
{
	char sh[17];
	struct porigin *p = dsr__repl_po(r, origin, true);
	if (!p)
		return -ENOMEM;
	p->blocked = true;
	dsr__repl_report(r, err, "not sending origin %s: %s", dsr__repl_short(origin, sh), why);
	return 0;
}

/* Sends one batch from nx->from; sets *last and *bytes.  *last stays 0
 * when the origin was blocked instead. */
static int send_batch(dsr_repl *r, struct next *nx, uint64_t *last, size_t *bytes)
{
	uint64_t span = nx->to - nx->from + 1;
	*last = 0;
	*bytes = 0;
	if (nx->own) {
		size_t max = span < r->batch_events ? (size_t)span : r->batch_events;
		ProtobufCBinaryData *ev = malloc(max * sizeof *ev);
		if (!ev)
			return -ENOMEM;
		int rc = read_events(nx->t, nx->origin, nx->from, nx->to, r->batch_bytes, ev,
				     max, bytes);
		if (rc > 0) {
			size_t n = (size_t)rc;
			dsr_head h;
			memcpy(h.origin, nx->origin, DSR_ORIGIN_LEN);
			h.seq = nx->from + n - 1;
			dsr_event_hash(ev[n - 1].data, ev[n - 1].len, h.hash);
			dsr_head_sign(&h, nx->sk);
			rc = emit_events(r, nx->origin, nx->from, ev, n, &h);
			if (rc == DSR_ETOOBIG)
				rc = block(r, nx->origin, rc, "an event is larger than a frame");
			else if (rc == 0)
				*last = h.seq;
		}
		free(ev);
		return rc < 0 ? rc : 0;
	}
	/* Another origin's events: the batch must run to the checkpoint.
	 * Check its size before sending any of it, then send it in
	 * messages of about one cut each, the head on the last. */
	if (span > DSR_REPL_MAX_BATCH_EVENTS)
		return block(r, nx->origin, DSR_ETOOBIG,
			     "its nearest signed head is too far ahead for one batch");
	ProtobufCBinaryData *ev = malloc((size_t)span * sizeof *ev);
	if (!ev)
		return -ENOMEM;
	int rc = read_events(nx->t, nx->origin, nx->from, nx->to, 0, ev, (size_t)span, bytes);
	if (rc >= 0 && *bytes > DSR_REPL_MAX_BATCH_BYTES) {
		rc = block(r, nx->origin, DSR_ETOOBIG,
			   "its nearest signed head is too far ahead for one batch");
		goto out;
	}
	for (size_t i = 0; rc >= 0 && i < (size_t)span;) {
		size_t j = i + 1, b = ev[i].len;
		while (j < (size_t)span && j - i < r->batch_events &&
		       b + ev[j].len <= r->batch_bytes)
			b += ev[j++].len;
		rc = emit_events(r, nx->origin, nx->from + i, ev + i, j - i,
				 j == (size_t)span ? &nx->head : NULL);
		if (rc == DSR_ETOOBIG && i == 0) {
			rc = block(r, nx->origin, rc, "an event is larger than a frame");
			goto out;
		}
		i = j;
	}
	if (rc >= 0)
		*last = nx->to;
out:
	free(ev);
	return rc < 0 ? rc : 0;
}

int dsr_repl_pump(dsr_repl *r)
{
	if (!(r->flags & DSR_REPL_SEND) || !r->got_vector || r->sent_done)
		return 0;
	dsr_rtxn *t;
	int rc = dsr_rtxn_begin(r->s, &t);
	if (rc)
		return rc;
	struct next nx;
	while (r->nfl < DSR_REPL_WINDOW && r->fl_bytes < DSR_REPL_WINDOW_BYTES) {
		memset(&nx, 0, sizeof nx);
		nx.t = t;
		nx.r = r;
		rc = dsr_vv_each(t, next_cb, &nx);
		if (rc < 0)
			break;
		rc = 0;
		if (!nx.found) {
			if (r->flags & DSR_REPL_ONCE) {
				Dpb__PeerDone d = DPB__PEER_DONE__INIT;
				d.batches = r->st.batches_sent;
				d.events = r->st.events_sent;
				Dpb__PeerMsg m = DPB__PEER_MSG__INIT;
				m.body_case = DPB__PEER_MSG__BODY_DONE;
				m.done = &d;
				if ((rc = dsr__repl_emit(r, &m)) == 0)
					r->sent_done = true;
			}
			break;
		}
		uint64_t last;
		size_t bytes;
		if ((rc = send_batch(r, &nx, &last, &bytes)))
			break;
		if (!last)
			continue;  /* blocked; look for another origin */
		struct porigin *p = dsr__repl_po(r, nx.origin, true);
		if (!p) {
			rc = -ENOMEM;
			break;
		}
		if (r->nfl == r->capfl) {
			size_t cap = r->capfl ? 2 * r->capfl : 16;
			struct inflight *f = realloc(r->fl, cap * sizeof *f);
			if (!f) {
				rc = -ENOMEM;
				break;
			}
			r->fl = f;
			r->capfl = cap;
		}
		struct inflight *f = &r->fl[r->nfl++];
		memcpy(f->origin, nx.origin, DSR_ORIGIN_LEN);
		f->last = last;
		f->events = last - nx.from + 1;
		f->bytes = bytes;
		r->fl_bytes += bytes;
		p->sent = last;
		r->st.batches_sent++;
		r->st.events_sent += f->events;
	}
	sodium_memzero(nx.sk, sizeof nx.sk);
	dsr_rtxn_end(t);
	return rc;
}

int dsr__repl_on_ack(dsr_repl *r, const Dpb__PeerAck *a)
{
	if (a->origin.len != DSR_ORIGIN_LEN)
		return DSR_EDECODE;
	size_t i = 0;
	while (i < r->nfl && (r->fl[i].last != a->seq ||
			      memcmp(r->fl[i].origin, a->origin.data, DSR_ORIGIN_LEN)))
		i++;
	if (i == r->nfl)
		return 0;  /* not ours, or acknowledged already: ignore */
	struct inflight f = r->fl[i];
	memmove(r->fl + i, r->fl + i + 1, (r->nfl - i - 1) * sizeof *r->fl);
	r->nfl--;
	r->fl_bytes -= f.bytes;
	struct porigin *p = dsr__repl_po(r, f.origin, true);
	if (!p)
		return -ENOMEM;
	if (a->status == 0 || a->status == DSR_EDUP) {
		r->st.acked_events += f.events;
		if (a->have > p->their)
			p->their = a->have;
		if (p->their > p->sent)
			p->sent = p->their;
		return 0;
	}
	char sh[17];
	dsr__repl_report(r, a->status, "the peer refused our batch of origin %s ending at %llu: %s%s%s",
			 dsr__repl_short(f.origin, sh), (unsigned long long)f.last,
			 dsr_strerror(a->status), a->message[0] ? ": " : "", a->message);
	if (a->status == DSR_EGAP && !(r->flags & DSR_REPL_ONCE)) {
		/* It lost track (a reordered or lost batch): resend from
		 * what it acknowledged. */
		p->sent = p->their;
	} else {
		p->blocked = true;
	}
	return 0;
}
