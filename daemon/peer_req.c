/* peer_req.c: `dossier peers` — every outgoing and incoming peer with its
 * state and lag, this daemon's peer key, its allow-list and the origins it
 * holds in quarantine — and the periodic tidy-up of links whose
 * connection closed. */
#include "peer.h"
#include "error.h"
#include "logging.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

struct list {
	Dpb__PeerInfo *pi;
	Dpb__PeerInfo **ptr;
	size_t n, cap;
	struct server *srv;
};

static Dpb__PeerInfo *add(struct list *l)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 8;
		l->pi = xrealloc(l->pi, l->cap * sizeof *l->pi);
	}
	Dpb__PeerInfo *pi = &l->pi[l->n++];
	dpb__peer_info__init(pi);
	return pi;
}

static void add_out(struct outpeer *op, void *ctx)
{
	outpeer_info(op, add(ctx));
}

static void add_in(struct plink *lk, void *ctx)
{
	struct list *l = ctx;
	if (lk->kind != LINK_IN || !lk->authed)
		return;
	Dpb__PeerInfo *pi = add(l);
	pi->address = lk->addr;
	pi->key.data = lk->key;
	pi->key.len = 32;
	pi->state = "live";
	pi->continuous = true;
	dsr_repl_stats st;
	if (dsr_repl_stats_get(lk->r, &st) == 0) {
		pi->sent = st.events_sent;
		pi->received = st.events_received;
		pi->lag_events = st.lag_events;
		pi->peer_ahead = st.peer_ahead;
	}
	uint64_t now = uv_now(l->srv->loop);
	pi->last_ms_ago = (double)(now - lk->last_rx_ms);
	pi->since = (double)(now - lk->since_ms) / 1000;
	pi->last_error = lk->last_error;
}

struct qlist {
	Dpb__QuarantineInfo *q;
	Dpb__QuarantineInfo **ptr;
	uint8_t (*origin)[32];
	size_t n, cap;
};

static int add_q(void *ctx, const uint8_t *origin, const uint8_t *ev, size_t len)
{
	struct qlist *q = ctx;
	if (q->n == q->cap) {
		q->cap = q->cap ? 2 * q->cap : 4;
		q->q = xrealloc(q->q, q->cap * sizeof *q->q);
		q->origin = xrealloc(q->origin, q->cap * sizeof *q->origin);
	}
	uint8_t o[32];
	uint64_t a = 0, b = 0;
	dsr_fork_verify(ev, len, o, &a, &b);
	Dpb__QuarantineInfo *qi = &q->q[q->n];
	dpb__quarantine_info__init(qi);
	memcpy(q->origin[q->n], origin, 32);
	qi->seq_a = a;
	qi->seq_b = b;
	q->n++;
	return 0;
}

void req_peers(struct conn *c, Dpb__Request *rq)
{
	struct list l = { .srv = c->srv };
	struct qlist q = { 0 };
	outpeers_each(add_out, &l);
	links_each(c->srv, add_in, &l);
	dsr_rtxn *t;
	if (dsr_rtxn_begin(c->srv->store, &t) == 0) {
		dsr_quarantine_each(t, add_q, &q);
		dsr_rtxn_end(t);
	}
	Dpb__PeerList pl = DPB__PEER_LIST__INIT;
	pl.key.data = (uint8_t *)peers_key_pub();
	pl.key.len = 32;
	l.ptr = xcalloc(l.n + 1, sizeof *l.ptr);
	for (size_t i = 0; i < l.n; i++)
		l.ptr[i] = &l.pi[i];
	pl.n_peers = l.n;
	pl.peers = l.ptr;
	size_t na = peers_allowed_count();
	ProtobufCBinaryData *al = xcalloc(na + 1, sizeof *al);
	for (size_t i = 0; i < na; i++) {
		al[i].data = (uint8_t *)peers_allowed_at(i);
		al[i].len = 32;
	}
	pl.n_allowed = na;
	pl.allowed = al;
	q.ptr = xcalloc(q.n + 1, sizeof *q.ptr);
	for (size_t i = 0; i < q.n; i++) {
		q.q[i].origin.data = q.origin[i];
		q.q[i].origin.len = 32;
		q.ptr[i] = &q.q[i];
	}
	pl.n_quarantined = q.n;
	pl.quarantined = q.ptr;
	Dpb__Response rs = DPB__RESPONSE__INIT;
	rs.id = rq->id;
	rs.body_case = DPB__RESPONSE__BODY_PEERS;
	rs.peers = &pl;
	conn_send(c, &rs);
	free(l.pi);
	free(l.ptr);
	free(al);
	free(q.q);
	free(q.ptr);
	free(q.origin);
	dpb__request__free_unpacked(rq, NULL);
	conn_request_done(c);
}

/* ---- tidying up ----------------------------------------------------------- */

static uv_timer_t tick;
static bool ticking;

static void reap(struct plink *l, void *ctx)
{
	(void)ctx;
	if (l->c && l->c->closing)
		link_close(l, "connection closed");
}

static void on_tick(uv_timer_t *t)
{
	links_each(t->data, reap, NULL);
}

void peers_tick_start(struct server *srv)
{
	uv_timer_init(srv->loop, &tick);
	tick.data = srv;
	uv_timer_start(&tick, on_tick, 1000, 1000);
	uv_unref((uv_handle_t *)&tick);
	ticking = true;
}

void peers_tick_stop(void)
{
	if (ticking) {
		uv_close((uv_handle_t *)&tick, NULL);
		ticking = false;
	}
}
