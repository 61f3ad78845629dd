/* recv.c: the receiving half of a session.  A batch is assembled
 * from PeerEvents messages, then checked before any of it is written:
 * the head's signature (once per batch), the chain inside the batch, and
 * its first link against the chain we hold (DSR_OP_LINK checks the same
 * again inside the transaction, against whatever was committed since).
 * What passes is applied as one group — link, events verbatim, head,
 * checkpoint — and acknowledged after the commit; what fails is refused
 * and reported, and nothing of it reaches the store.  A batch that
 * continues a different history than ours under a head its origin signed
 * is a fork: we build the evidence, quarantine the origin and tell the
 * peer. */
#include "repl/impl.h"
#include "base/api.h"
#include "error.h"
#include "validate.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int ack(dsr_repl *r, const uint8_t *origin, uint64_t seq, int status,
	       const char *msg, uint64_t have)
{
	Dpb__PeerAck a = DPB__PEER_ACK__INIT;
	a.origin.data = (uint8_t *)origin;
	a.origin.len = DSR_ORIGIN_LEN;
	a.seq = seq;
	a.status = status;
	a.message = (char *)(msg ? msg : "");
	a.have = have;
	Dpb__PeerMsg m = DPB__PEER_MSG__INIT;
	m.body_case = DPB__PEER_MSG__BODY_ACK;
	m.ack = &a;
	return dsr__repl_emit(r, &m);
}

/* ---- the peer's vector -------------------------------------------------- */

/* Equal seqs, different hashes, both signed: a fork proven by two heads. */
static int vector_fork(dsr_repl *r, dsr_rtxn *t, const Dpb__PeerVectorEntry *e)
{
	dsr_head theirs, ours;
	if (dsr_head_decode(e->head.data, e->head.len, &theirs) ||
	    memcmp(theirs.origin, e->origin.data, DSR_ORIGIN_LEN) != 0)
		return 0;
	dsr_vv_entry v;
	int rc = dsr_vv_get(t, e->origin.data, &v);
	if (rc || v.seq == 0 || v.seq != theirs.seq ||
	    memcmp(v.head, theirs.hash, DSR_HASH_LEN) == 0 ||
	    dsr__repl_is_quarantined(r, t, e->origin.data))
		return rc;
	if (!dsr_head_verify(&theirs))
		return 0;
	if ((rc = dsr_head_at_vv(t, e->origin.data, v.seq, &ours)))
		return rc == DSR_ENOTFOUND ? 0 : rc;
	dsr_buf ev = DSR_BUF_INIT;
	char sh[17];
	rc = dsr_fork_encode(&ours, &theirs, NULL, NULL, 0, &ev);
	if (rc == 0) {
		dsr__repl_report(r, DSR_EFORK, "origin %s forked: it signed two different "
				 "events at seq %llu (ours and the peer's): quarantining it",
				 dsr__repl_short(e->origin.data, sh),
				 (unsigned long long)v.seq);
		r->st.forks++;
		rc = dsr__repl_quarantine(r, e->origin.data, ev.data, ev.len);
		if (rc == 0 && (r->flags & DSR_REPL_SEND))
			rc = dsr__repl_send_fork(r, ev.data, ev.len);
	}
	dsr_buf_free(&ev);
	return rc;
}

int dsr__repl_on_vector(dsr_repl *r, const Dpb__PeerVector *v)
{
	dsr_rtxn *t;
	int rc = dsr_rtxn_begin(r->s, &t);
	if (rc)
		return rc;
	if (v->once && (r->flags & DSR_REPL_SEND))
		r->flags |= DSR_REPL_ONCE;
	for (size_t i = 0; rc == 0 && i < v->n_entries; i++) {
		const Dpb__PeerVectorEntry *e = v->entries[i];
		if (e->origin.len != DSR_ORIGIN_LEN) {
			rc = DSR_EDECODE;
			break;
		}
		struct porigin *p = dsr__repl_po(r, e->origin.data, true);
		if (!p) {
			rc = -ENOMEM;
			break;
		}
		if (e->seq > p->their)
			p->their = e->seq;
		if (p->their > p->sent)
			p->sent = p->their;
		if (e->head.len)
			rc = vector_fork(r, t, e);
	}
	dsr_rtxn_end(t);
	r->got_vector = true;
	return rc;
}

/* ---- batches ------------------------------------------------------------ */

static int cur_add(dsr_repl *r, const ProtobufCBinaryData *ev)
{
	if (r->cur_n + 2 > r->cur_cap) {
		size_t cap = r->cur_cap ? 2 * r->cur_cap : 256;
		size_t *o = realloc(r->cur_offs, cap * sizeof *o);
		if (!o)
			return -ENOMEM;
		r->cur_offs = o;
		r->cur_cap = cap;
	}
	if (r->cur_n == 0)
		r->cur_offs[0] = 0;
	if (dsr_buf_append(&r->cur_data, ev->data, ev->len))
		return -ENOMEM;
	r->cur_offs[++r->cur_n] = r->cur_data.len;
	return 0;
}

/* Our end of origin's chain: what is stored, or further if batches we
 * checked are still being applied. */
static int our_tail(dsr_repl *r, dsr_rtxn *t, const uint8_t *origin, uint64_t *seq,
		    uint8_t hash[DSR_HASH_LEN], dsr_head *head, bool *have_head)
{
	dsr_vv_entry v;
	int rc = dsr_vv_get(t, origin, &v);
	if (rc)
		return rc;
	struct porigin *p = dsr__repl_po(r, origin, false);
	*have_head = false;
	if (p && p->pending && p->ptail > v.seq) {
		*seq = p->ptail;
		memcpy(hash, p->ptail_hash, DSR_HASH_LEN);
		*head = p->ptail_head;
		*have_head = true;
		return 0;
	}
	*seq = v.seq;
	memcpy(hash, v.head, DSR_HASH_LEN);
	rc = dsr_head_at_vv(t, origin, v.seq, head);
	if (rc == 0)
		*have_head = true;
	return rc == DSR_ENOTFOUND ? 0 : rc;
}

/* Moves the assembled batch into an apply item for events [from, last]
 * (indices from - first on), linked to (v, hv). */
static int queue_batch(dsr_repl *r, const dsr_head *head, uint64_t v,
		       const uint8_t hv[DSR_HASH_LEN])
{
	uint64_t first = r->cur_first, from = v + 1;
	size_t skip = (size_t)(from - first), k = r->cur_n - skip;
	dsr_repl_apply *a = calloc(1, sizeof *a);
	if (!a)
		return -ENOMEM;
	/* data: the events as received, then the link and head records. */
	a->data = r->cur_data;
	a->offs = r->cur_offs;
	a->nevents = r->cur_n;
	r->cur_data = (dsr_buf)DSR_BUF_INIT;
	r->cur_offs = NULL;
	r->cur_cap = r->cur_n = 0;
	size_t evlen = a->data.len;
	uint8_t link[DSR_ORIGIN_LEN + 8 + DSR_HASH_LEN], hb[DSR_HEAD_LEN];
	memcpy(link, head->origin, DSR_ORIGIN_LEN);
	dsr__put_be64(link + DSR_ORIGIN_LEN, v);
	memcpy(link + DSR_ORIGIN_LEN + 8, hv, DSR_HASH_LEN);
	dsr_head_encode(head, hb);
	if (dsr_buf_append(&a->data, link, sizeof link) ||
	    dsr_buf_append(&a->data, hb, sizeof hb) ||
	    !(a->ops = calloc(k + 3, sizeof *a->ops))) {
		dsr__repl_apply_free(a);
		return -ENOMEM;
	}
	a->kind = APPLY_BATCH;
	memcpy(a->origin, head->origin, DSR_ORIGIN_LEN);
	a->first = from;
	a->last = head->seq;
	a->events = k;
	size_t n = 0;
	a->ops[n++] = (dsr_op){ .type = DSR_OP_LINK, .group = 1,
				.bytes = a->data.data + evlen, .len = sizeof link };
	for (size_t i = skip; i < a->nevents; i++)
		a->ops[n++] = (dsr_op){ .type = DSR_OP_RAW, .group = 1,
					.bytes = a->data.data + a->offs[i],
					.len = a->offs[i + 1] - a->offs[i] };
	const uint8_t *h = a->data.data + evlen + sizeof link;
	a->ops[n++] = (dsr_op){ .type = DSR_OP_HEAD, .group = 1, .bytes = h, .len = DSR_HEAD_LEN };
	a->ops[n++] = (dsr_op){ .type = DSR_OP_CHECKPOINT, .group = 1, .bytes = h,
				.len = DSR_HEAD_LEN };
	a->nops = n;
	/* Decoded here, on the receiving side, so that the writer (the
	 * ceiling of a catch-up) only stores them.  An event that does not
	 * decode is left to the store, which refuses the batch. */
	dsr_arena_init(&a->decoded);
	for (size_t i = 0; i < n; i++) {
		Dpb__Event *ev;
		if (a->ops[i].type == DSR_OP_RAW &&
		    dsr_event_decode_with(a->ops[i].bytes, a->ops[i].len, &a->decoded.pb, &ev) == 0)
			a->ops[i].decoded = ev;
	}
	*r->ready_tail = a;
	r->ready_tail = &a->next;
	r->nready++;
	struct porigin *p = dsr__repl_po(r, head->origin, true);
	if (!p)
		return -ENOMEM;
	p->pending++;
	p->ptail = head->seq;
	memcpy(p->ptail_hash, head->hash, DSR_HASH_LEN);
	p->ptail_head = *head;
	/* The peer holds what it sent: never send it back. */
	if (head->seq > p->their)
		p->their = head->seq;
	if (p->their > p->sent)
		p->sent = p->their;
	return 0;
}

/* A signed batch that continues a different chain than ours at seq v:
 * evidence from our head at v and their batch from v + 1. */
static int batch_fork(dsr_repl *r, const dsr_head *ours, const dsr_head *theirs,
		      uint64_t v, const uint8_t *const *ev, const size_t *len)
{
	size_t skip = (size_t)(v + 1 - r->cur_first);
	dsr_buf e = DSR_BUF_INIT;
	char sh[17];
	int rc = dsr_fork_encode(ours, theirs, ev + skip, len + skip, r->cur_n - skip, &e);
	if (rc == 0) {
		dsr__repl_report(r, DSR_EFORK, "origin %s forked: the peer's batch, signed up to "
				 "seq %llu, does not continue our chain at seq %llu: quarantining it",
				 dsr__repl_short(theirs->origin, sh),
				 (unsigned long long)theirs->seq, (unsigned long long)v);
		r->st.forks++;
		rc = dsr__repl_quarantine(r, theirs->origin, e.data, e.len);
		if (rc == 0 && (r->flags & DSR_REPL_SEND))
			rc = dsr__repl_send_fork(r, e.data, e.len);
	}
	dsr_buf_free(&e);
	return rc;
}

/* Checks the assembled batch against its head and our chain; queues it,
 * or refuses it.  Returns an error only for the session as a whole. */
static int finish_batch(dsr_repl *r, const dsr_head *head)
{
	char sh[17];
	const uint8_t *origin = r->cur_origin;
	size_t n = r->cur_n;
	const uint8_t **ev = malloc(n * sizeof *ev);
	size_t *len = malloc(n * sizeof *len);
	uint8_t (*hashes)[DSR_HASH_LEN] = malloc(n * sizeof *hashes);
	dsr_rtxn *t = NULL;
	int rc = 0, refuse = 0;
	const char *why = "";
	uint64_t v = 0;
	if (!ev || !len || !hashes) {
		rc = -ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		ev[i] = r->cur_data.data + r->cur_offs[i];
		len[i] = r->cur_offs[i + 1] - r->cur_offs[i];
	}
	if ((rc = dsr_rtxn_begin(r->s, &t)))
		goto out;
	uint8_t hv[DSR_HASH_LEN];
	dsr_head ours;
	bool have_head;
	if (memcmp(head->origin, origin, DSR_ORIGIN_LEN) != 0) {
		refuse = DSR_EINVAL;
		why = "the head is another origin's";
	} else if (dsr__repl_is_quarantined(r, t, origin)) {
		refuse = DSR_EFORK;
		why = "the origin is quarantined here";
	} else if ((refuse = dsr_chain_check(head, ev, len, n, hashes))) {
		why = refuse == DSR_EBADSIG ? "its signature or hash chain does not verify" :
		      refuse == DSR_EGAP ? "its events are not contiguous up to its head" :
		      "an event of another origin, or malformed";
	} else if (head->seq - n + 1 != r->cur_first) {
		refuse = DSR_EGAP;
		why = "its events do not start where the message said";
	} else if ((rc = our_tail(r, t, origin, &v, hv, &ours, &have_head))) {
		goto out;
	} else if (r->cur_first > v + 1) {
		refuse = DSR_EGAP;
		why = "it starts after the end of our chain";
	} else if (head->seq <= v) {
		/* Nothing new.  Whether it agrees with ours is settled when
		 * the longer chain is sent the other way. */
		uint8_t mine[DSR_HASH_LEN];
		int r2 = dsr_event_hash_at(t, origin, head->seq, mine);
		if (r2 == 0 && memcmp(mine, head->hash, DSR_HASH_LEN) != 0) {
			refuse = DSR_EFORK;
			why = "it differs from the events we hold (a fork)";
		} else {
			rc = ack(r, origin, head->seq, 0, NULL, v);
		}
	} else {
		/* The batch's hash at our end must be ours. */
		const uint8_t *link;
		size_t link_len = DSR_HASH_LEN;
		if (v + 1 == r->cur_first) {
			dsr_envelope e;
			dsr_envelope_scan(ev[0], len[0], &e);  /* checked above */
			link = e.prev;
			link_len = e.prev_len;
		} else {
			link = hashes[v - r->cur_first];
		}
		if (v > 0 && (link_len != DSR_HASH_LEN || memcmp(link, hv, DSR_HASH_LEN) != 0)) {
			if (have_head) {
				rc = batch_fork(r, &ours, head, v, ev, len);
				refuse = DSR_EFORK;
				why = "it forks from our chain (evidence sent)";
			} else {
				refuse = DSR_EFORK;
				why = "it does not continue our chain (a fork, or a tail of ours that was never signed)";
			}
		} else {
			rc = queue_batch(r, head, v, hv);
		}
	}
	if (rc == 0 && refuse) {
		r->st.rejected++;
		dsr__repl_report(r, refuse, "refused a batch of origin %s, seq %llu..%llu: %s",
				 dsr__repl_short(origin, sh), (unsigned long long)r->cur_first,
				 (unsigned long long)head->seq, why);
		rc = ack(r, origin, head->seq, refuse, why, v);
	}
out:
	if (t)
		dsr_rtxn_end(t);
	free(ev);
	free(len);
	free(hashes);
	r->cur_active = false;
	r->cur_n = 0;
	r->cur_data.len = 0;
	return rc;
}

int dsr__repl_on_events(dsr_repl *r, const Dpb__PeerEvents *m)
{
	if (m->origin.len != DSR_ORIGIN_LEN || m->first == 0)
		return DSR_EDECODE;
	if (r->cur_active) {
		/* A batch continues in the next message, nothing between. */
		if (memcmp(r->cur_origin, m->origin.data, DSR_ORIGIN_LEN) != 0 ||
		    m->first != r->cur_first + r->cur_n)
			return DSR_EDECODE;
	} else {
		r->cur_active = true;
		memcpy(r->cur_origin, m->origin.data, DSR_ORIGIN_LEN);
		r->cur_first = m->first;
		r->cur_n = 0;
		r->cur_data.len = 0;
	}
	if (r->cur_n + m->n_events > DSR_REPL_MAX_BATCH_EVENTS)
		return DSR_ETOOBIG;
	for (size_t i = 0; i < m->n_events; i++) {
		if (r->cur_data.len + m->events[i].len > DSR_REPL_MAX_BATCH_BYTES)
			return DSR_ETOOBIG;
		int rc = cur_add(r, &m->events[i]);
		if (rc)
			return rc;
	}
	if (!m->head.len)
		return 0;
	dsr_head h;
	if (dsr_head_decode(m->head.data, m->head.len, &h) || r->cur_n == 0)
		return DSR_EDECODE;
	return finish_batch(r, &h);
}

/* ---- after the commit ----------------------------------------------------- */

int dsr_repl_applied(dsr_repl *r, dsr_repl_apply *a, int rc)
{
	char sh[17];
	int status = rc < 0 ? rc : 0, flags = 0;
	uint64_t stored = 0;
	for (size_t i = 0; status == 0 && i < a->nops; i++) {
		int s = a->ops[i].status;
		if (s == 0 && a->ops[i].type == DSR_OP_RAW)
			stored++;
		else if (s < 0 && s != DSR_EDUP)
			status = s;
	}
	r->nout--;
	if (a->kind == APPLY_QUARANTINE) {
		if (status == 0 && a->ops[0].status == 0)
			flags |= DSR_REPL_REBUILD;
		else if (status)
			dsr__repl_report(r, status, "could not quarantine an origin: %s",
					 dsr_strerror(status));
		dsr__repl_apply_free(a);
		return flags;
	}
	struct porigin *p = dsr__repl_po(r, a->origin, true);
	if (!p) {
		dsr__repl_apply_free(a);
		return -ENOMEM;
	}
	if (p->pending)
		p->pending--;
	dsr_vv_entry v = { .seq = 0 };
	dsr_rtxn *t;
	int r2 = dsr_rtxn_begin(r->s, &t);
	if (r2 == 0) {
		r2 = dsr_vv_get(t, a->origin, &v);
		dsr_rtxn_end(t);
	}
	if (status == 0) {
		r->st.batches_received++;
		r->st.events_received += stored;
		r2 = r2 ? r2 : ack(r, a->origin, a->last, 0, NULL, v.seq);
	} else {
		/* Later batches of this origin were checked against this
		 * one: their link op will refuse them too. */
		p->ptail = 0;
		r->st.rejected++;
		dsr__repl_report(r, status, "could not store a batch of origin %s, seq %llu..%llu: %s",
				 dsr__repl_short(a->origin, sh), (unsigned long long)a->first,
				 (unsigned long long)a->last, dsr_strerror(status));
		r2 = r2 ? r2 : ack(r, a->origin, a->last, status, dsr_strerror(status), v.seq);
	}
	dsr__repl_apply_free(a);
	return r2 < 0 ? r2 : flags;
}
