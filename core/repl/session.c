/* session.c: a replication session with one peer (see repl.h): its life,
 * the messages that arrive and where they go, the batches handed out to
 * apply, and fork evidence passed between peers.  Sending lives in send.c,
 * receiving in recv.c, and what the three share in outbox.c. */
#include "repl/impl.h"
#include "error.h"
#include "frame.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int dsr_repl_new(dsr_repl **out, dsr_store *s, unsigned flags,
		 dsr_repl_report_fn report, void *report_ctx)
{
	dsr_repl *r = calloc(1, sizeof *r);
	if (!r)
		return -ENOMEM;
	r->s = s;
	r->flags = flags;
	r->report = report;
	r->report_ctx = report_ctx;
	r->ready_tail = &r->ready;
	r->batch_events = DSR_REPL_BATCH_EVENTS;
	r->batch_bytes = DSR_REPL_BATCH_BYTES;
	*out = r;
	return 0;
}

void dsr_repl_set_batch(dsr_repl *r, size_t events, size_t bytes)
{
	r->batch_events = events < 1 ? 1 : events > DSR_REPL_MAX_BATCH_EVENTS ?
			  DSR_REPL_MAX_BATCH_EVENTS : events;
	r->batch_bytes = bytes < 1 ? 1 : bytes > DSR_REPL_BATCH_BYTES ? DSR_REPL_BATCH_BYTES : bytes;
}

void dsr_repl_free(dsr_repl *r)
{
	if (!r)
		return;
	while (r->ready) {
		dsr_repl_apply *a = r->ready;
		r->ready = a->next;
		dsr__repl_apply_free(a);
	}
	free(r->po);
	free(r->fl);
	dsr_buf_free(&r->cur_data);
	free(r->cur_offs);
	dsr_buf_free(&r->out);
	free(r);
}

int dsr_repl_out(dsr_repl *r, dsr_buf *out)
{
	if (!r->out.len)
		return 0;
	if (!out->data) {
		/* Hand the buffer over instead of copying it. */
		*out = r->out;
		r->out = (dsr_buf)DSR_BUF_INIT;
		return 0;
	}
	int rc = dsr_buf_append(out, r->out.data, r->out.len);
	r->out.len = 0;
	return rc;
}

size_t dsr_repl_out_len(const dsr_repl *r)
{
	return r->out.len;
}

static int send_fork_cb(void *ctx, const uint8_t *origin, const uint8_t *ev, size_t n)
{
	(void)origin;
	return dsr__repl_send_fork(ctx, ev, n);
}

int dsr_repl_start(dsr_repl *r)
{
	dsr_rtxn *t;
	int rc = dsr_rtxn_begin(r->s, &t);
	if (rc)
		return rc;
	if (!(r->flags & DSR_REPL_NO_VECTOR))
		rc = dsr__repl_vector(r, t);
	/* Every replica we talk to learns of every fork we know of. */
	if (rc == 0 && (r->flags & DSR_REPL_SEND))
		rc = dsr_quarantine_each(t, send_fork_cb, r);
	dsr_rtxn_end(t);
	return rc;
}

int dsr_repl_assume(dsr_repl *r, const uint8_t origin[DSR_ORIGIN_LEN], uint64_t seq)
{
	struct porigin *p = dsr__repl_po(r, origin, true);
	if (!p)
		return -ENOMEM;
	if (seq > p->their)
		p->their = p->sent = seq;
	return 0;
}

void dsr_repl_assume_done(dsr_repl *r)
{
	r->got_vector = true;
}

static int on_fork(dsr_repl *r, const Dpb__PeerFork *f)
{
	uint8_t origin[DSR_ORIGIN_LEN];
	uint64_t a, b;
	char sh[17];
	int rc = dsr_fork_verify(f->evidence.data, f->evidence.len, origin, &a, &b);
	if (rc) {
		dsr__repl_report(r, rc, "fork evidence from the peer does not verify (%s): ignored",
				 dsr_strerror(rc));
		return 0;
	}
	dsr_rtxn *t;
	if ((rc = dsr_rtxn_begin(r->s, &t)))
		return rc;
	bool known = dsr__repl_is_quarantined(r, t, origin);
	dsr_rtxn_end(t);
	if (known)
		return 0;
	dsr__repl_report(r, DSR_EFORK, "origin %s forked (signed heads at seq %llu and %llu "
			 "disagree; evidence from the peer): quarantining it",
			 dsr__repl_short(origin, sh), (unsigned long long)a,
			 (unsigned long long)b);
	r->st.forks++;
	return dsr__repl_quarantine(r, origin, f->evidence.data, f->evidence.len);
}

int dsr_repl_recv(dsr_repl *r, const Dpb__PeerMsg *m)
{
	switch (m->body_case) {
	case DPB__PEER_MSG__BODY_VECTOR:
		return dsr__repl_on_vector(r, m->vector);
	case DPB__PEER_MSG__BODY_EVENTS:
		if (!(r->flags & DSR_REPL_RECV))
			return DSR_EDECODE;
		return dsr__repl_on_events(r, m->events);
	case DPB__PEER_MSG__BODY_ACK:
		return dsr__repl_on_ack(r, m->ack);
	case DPB__PEER_MSG__BODY_FORK:
		return on_fork(r, m->fork);
	case DPB__PEER_MSG__BODY_DONE:
		if (r->cur_active)
			return DSR_EDECODE;  /* a batch left unfinished */
		r->peer_done = true;
		r->done_batches = m->done->batches;
		return 0;
	case DPB__PEER_MSG__BODY_AUTH:
		/* PeerAuth belongs to the handshake. */
		return DSR_EDECODE;
	case DPB__PEER_MSG__BODY__NOT_SET:
	case _DPB__PEER_MSG__BODY__CASE_IS_INT_SIZE:
		break;
	}
	/* A newer peer's message this side does not know. */
	return 0;
}

int dsr_repl_recv_bytes(dsr_repl *r, const uint8_t *p, size_t n)
{
	Dpb__PeerMsg *m = dpb__peer_msg__unpack(NULL, n, p);
	if (!m)
		return DSR_EDECODE;
	int rc = dsr_repl_recv(r, m);
	dpb__peer_msg__free_unpacked(m, NULL);
	return rc;
}

dsr_repl_apply *dsr_repl_next_apply(dsr_repl *r)
{
	dsr_repl_apply *a = r->ready;
	if (!a)
		return NULL;
	r->ready = a->next;
	if (!r->ready)
		r->ready_tail = &r->ready;
	a->next = NULL;
	r->nready--;
	r->nout++;
	return a;
}

size_t dsr_repl_pending(const dsr_repl *r)
{
	return r->nready + r->nout;
}

bool dsr_repl_sent_done(const dsr_repl *r)
{
	return r->sent_done;
}

bool dsr_repl_done(const dsr_repl *r)
{
	if (!(r->flags & DSR_REPL_ONCE))
		return false;
	if ((r->flags & DSR_REPL_SEND) && (!r->sent_done || r->nfl))
		return false;
	if ((r->flags & DSR_REPL_RECV) &&
	    (!r->peer_done || r->cur_active || r->nready || r->nout))
		return false;
	return true;
}

int dsr_repl_apply_sync(dsr_repl *r, uint64_t wall_ms)
{
	int flags = 0;
	dsr_repl_apply *a;
	while ((a = dsr_repl_next_apply(r))) {
		int rc = dsr_store_apply(r->s, a->ops, a->nops, wall_ms);
		int f = dsr_repl_applied(r, a, rc);
		if (f < 0)
			return f;
		flags |= f;
	}
	if (flags & DSR_REPL_REBUILD) {
		int rc = dsr_store_rebuild(r->s);
		if (rc)
			return rc;
	}
	return flags;
}

struct lagctx {
	dsr_repl *r;
	dsr_repl_stats *st;
};

static int lag_cb(void *ctx, const dsr_vv_entry *e)
{
	struct lagctx *l = ctx;
	struct porigin *p = dsr__repl_po(l->r, e->origin, false);
	uint64_t their = p ? p->their : 0;
	if (e->seq > their)
		l->st->lag_events += e->seq - their;
	return 0;
}

int dsr_repl_stats_get(dsr_repl *r, dsr_repl_stats *st)
{
	*st = r->st;
	st->got_vector = r->got_vector;
	st->peer_done = r->peer_done;
	st->sent_done = r->sent_done;
	st->lag_events = st->peer_ahead = 0;
	dsr_rtxn *t;
	int rc = dsr_rtxn_begin(r->s, &t);
	if (rc)
		return rc;
	if (r->got_vector) {
		struct lagctx l = { r, st };
		rc = dsr_vv_each(t, lag_cb, &l);
	}
	for (size_t i = 0; rc == 0 && i < r->npo; i++) {
		dsr_vv_entry e;
		if ((rc = dsr_vv_get(t, r->po[i].origin, &e)))
			break;
		if (r->po[i].their > e.seq)
			st->peer_ahead += r->po[i].their - e.seq;
	}
	dsr_rtxn_end(t);
	return rc;
}
