/* peer_out.c: connections this daemon makes to its peers — `--peer
 * HOST:PORT` (continuous: reconnect with exponential backoff, tail new
 * events for as long as it runs) and `dossier sync PEER` (once: both
 * ways, then answer the client and close).
 *
 * The handshake, as the connecting side: Hello (ROLE_PEER, our peer key,
 * a nonce); the Welcome must carry a key on our allow-list and its
 * signature over both keys and nonces; we answer PeerAuth with ours, and
 * both sides send their vectors.  Then everything is the link's
 * (peer_link.c). */
#include "peer.h"
#include "error.h"
#include "logging.h"
#include "util.h"

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HANDSHAKE_MS 10000
#define BACKOFF_MIN_MS 250
#define BACKOFF_MAX_MS 30000
#define SYNC_TIMEOUT_MS (30 * 60 * 1000)
#define MAX_ERRORS 16

enum op_state {
	OP_RESOLVING, OP_CONNECTING, OP_HELLO, OP_LIVE, OP_BACKOFF, OP_DONE, OP_FAILED,
};

static const char *const state_names[] = {
	"connecting", "connecting", "authenticating", "live", "backoff", "done", "failed",
};

struct outpeer {
	struct outpeer *next, *prev;
	struct server *srv;
	int refs;
	char addr[256];
	bool continuous, stopped;
	enum op_state state;
	uint64_t state_ms;
	uv_getaddrinfo_t gai;
	uv_connect_t creq;
	uv_tcp_t tcp;
	bool tcp_open, tcp_closing;
	uv_timer_t timer;
	dsr_frame_dec dec;
	uint8_t nonce[32];
	uint8_t key[32];
	bool has_key;
	struct plink *link;
	unsigned attempts;
	char last_error[256];
	/* Totals over every connection, and the last one's session. */
	uint64_t sent, received;
	/* `dossier sync`: the client to answer. */
	struct conn *client;
	uint64_t rid;
	uint64_t start_ns;
	uint64_t timeout_ms;
	char *errors[MAX_ERRORS];
	unsigned nerrors;
	uint32_t rejected, forks;
	dsr_repl_stats last;
};

static struct outpeer *outpeers;

static void op_ref(struct outpeer *op)
{
	op->refs++;
}

static void op_unref(struct outpeer *op)
{
	if (--op->refs > 0)
		return;
	dsr_frame_dec_free(&op->dec);
	for (unsigned i = 0; i < op->nerrors; i++)
		free(op->errors[i]);
	free(op);
}

static void set_state(struct outpeer *op, enum op_state s)
{
	op->state = s;
	op->state_ms = uv_now(op->srv->loop);
}

void outpeers_each(void (*fn)(struct outpeer *op, void *ctx), void *ctx)
{
	struct outpeer *next;
	for (struct outpeer *op = outpeers; op; op = next) {
		next = op->next;
		fn(op, ctx);
	}
}

static void unlist(struct outpeer *op)
{
	if (op->prev)
		op->prev->next = op->next;
	else if (outpeers == op)
		outpeers = op->next;
	if (op->next)
		op->next->prev = op->prev;
	op->next = op->prev = NULL;
}

static void connect_now(struct outpeer *op);
static void on_timer(uv_timer_t *t);

static void on_timer_closed(uv_handle_t *h)
{
	op_unref(h->data);
}

static void on_tcp_closed(uv_handle_t *h)
{
	struct outpeer *op = h->data;
	op->tcp_open = op->tcp_closing = false;
	op_unref(op);
}

static void close_tcp(struct outpeer *op)
{
	if (op->tcp_open && !op->tcp_closing) {
		op->tcp_closing = true;
		uv_close((uv_handle_t *)&op->tcp, on_tcp_closed);
	}
}

static void note_error(struct outpeer *op, const char *msg)
{
	snprintf(op->last_error, sizeof op->last_error, "%s", msg);
	if (op->client && op->nerrors < MAX_ERRORS)
		op->errors[op->nerrors++] = xstrdup(msg);
}

/* Answers `dossier sync` (once). */
static void answer_sync(struct outpeer *op, int err)
{
	struct conn *c = op->client;
	if (!c)
		return;
	op->client = NULL;
	if (err < 0) {
		conn_error(c, op->rid, err, "sync with %s: %s", op->addr,
			   op->last_error[0] ? op->last_error : dsr_strerror(err));
	} else {
		Dpb__SyncResult sr = DPB__SYNC_RESULT__INIT;
		sr.peer = op->addr;
		if (op->has_key) {
			sr.peer_key.data = op->key;
			sr.peer_key.len = 32;
		}
		sr.sent = op->last.events_sent;
		sr.received = op->last.events_received;
		sr.batches_sent = op->last.batches_sent;
		sr.batches_received = op->last.batches_received;
		sr.rejected = op->rejected;
		sr.forks = op->forks;
		sr.n_errors = op->nerrors;
		sr.errors = op->errors;
		sr.seconds = (double)(mono_ns() - op->start_ns) / 1e9;
		Dpb__Response rs = DPB__RESPONSE__INIT;
		rs.id = op->rid;
		rs.body_case = DPB__RESPONSE__BODY_SYNCED;
		rs.synced = &sr;
		conn_send(c, &rs);
	}
	conn_request_done(c);
	conn_unref(c);
	server_idle(op->srv);
}

/* The session (if any) ends; the link keeps its stats for us. */
static void drop_link(struct outpeer *op, const char *why)
{
	struct plink *l = op->link;
	if (!l)
		return;
	dsr_repl_stats_get(l->r, &op->last);
	op->sent += op->last.events_sent;
	op->received += op->last.events_received;
	op->rejected += l->rejected;
	op->forks += l->forks;
	l->op = NULL;
	op->link = NULL;
	link_close(l, why);
}

/* The connection failed or ended: retry later (continuous), or finish. */
static void disconnect(struct outpeer *op, int err, const char *why)
{
	if (why && err)
		note_error(op, why);
	drop_link(op, why ? why : "closed");
	close_tcp(op);
	uv_timer_stop(&op->timer);
	if (op->continuous && !op->stopped) {
		op->attempts++;
		uint64_t ms = BACKOFF_MIN_MS << (op->attempts < 8 ? op->attempts - 1 : 7);
		if (ms > BACKOFF_MAX_MS)
			ms = BACKOFF_MAX_MS;
		ms = ms / 2 + randombytes_uniform((uint32_t)ms / 2 + 1);
		dlog(op->attempts == 1 ? DLOG_WARN : DLOG_DEBUG,
		     "peer %s: %s; retrying in %.1f s", op->addr, why ? why : "disconnected",
		     (double)ms / 1000);
		set_state(op, OP_BACKOFF);
		uv_timer_start(&op->timer, on_timer, ms, 0);
		return;
	}
	set_state(op, err ? OP_FAILED : OP_DONE);
	answer_sync(op, err);
	if (!op->continuous || op->stopped) {
		unlist(op);
		uv_close((uv_handle_t *)&op->timer, on_timer_closed);
		op_unref(op);  /* the list's */
	}
}

/* ---- writing ------------------------------------------------------------ */

struct owrite {
	uv_write_t req;
	struct outpeer *op;
	dsr_buf b;
};

static void on_written(uv_write_t *req, int status)
{
	struct owrite *w = (struct owrite *)req;
	struct outpeer *op = w->op;
	dsr_buf_free(&w->b);
	free(w);
	if (status < 0 && op->tcp_open && !op->tcp_closing && op->state == OP_LIVE)
		disconnect(op, DSR_EFRAME, uv_strerror(status));
	op_unref(op);
}

static void write_buf(struct outpeer *op, dsr_buf *b)
{
	if (!op->tcp_open || op->tcp_closing || !b->len) {
		dsr_buf_free(b);
		return;
	}
	struct owrite *w = xcalloc(1, sizeof *w);
	w->op = op;
	w->b = *b;
	*b = (dsr_buf)DSR_BUF_INIT;
	uv_buf_t ub = uv_buf_init((char *)w->b.data, (unsigned)w->b.len);
	op_ref(op);
	if (uv_write(&w->req, (uv_stream_t *)&op->tcp, &ub, 1, on_written) < 0) {
		dsr_buf_free(&w->b);
		free(w);
		op_unref(op);
		disconnect(op, DSR_EFRAME, "write failed");
	}
}

static void send_request(struct outpeer *op, Dpb__Request *rq)
{
	dsr_buf b = DSR_BUF_INIT;
	if (dsr_wire_put(&b, &rq->base) < 0) {
		dlog(DLOG_ERROR, "out of memory");
		abort();
	}
	write_buf(op, &b);
}

void outpeer_flush(struct outpeer *op)
{
	if (!op->link)
		return;
	dsr_buf b = DSR_BUF_INIT;
	if (dsr_repl_out(op->link->r, &b) < 0) {
		dlog(DLOG_ERROR, "out of memory");
		abort();
	}
	write_buf(op, &b);
}

/* ---- reading ------------------------------------------------------------- */

static void welcome(struct outpeer *op, const Dpb__Response *rs)
{
	char hex[65];
	if (rs->body_case == DPB__RESPONSE__BODY_ERROR) {
		char msg[300];
		snprintf(msg, sizeof msg, "refused: %s", rs->error->message);
		disconnect(op, rs->error->code ? rs->error->code : DSR_EAUTH, msg);
		return;
	}
	if (rs->body_case != DPB__RESPONSE__BODY_WELCOME) {
		disconnect(op, DSR_EAUTH, "the peer did not answer with a Welcome");
		return;
	}
	const Dpb__Welcome *w = rs->welcome;
	if (w->peer_key.len != 32 || w->nonce.len != 32) {
		disconnect(op, DSR_EAUTH, "the peer presented no peer key (is it a dossierd with replication?)");
		return;
	}
	dsr_hex(w->peer_key.data, 32, hex);
	if (!peers_allowed(w->peer_key.data)) {
		char msg[200];
		snprintf(msg, sizeof msg, "the peer's key %s is not on our allow-list", hex);
		disconnect(op, DSR_EAUTH, msg);
		return;
	}
	if (dsr_peer_auth_verify(false, w->sig.data, w->sig.len, peers_key_pub(), op->nonce,
				 w->peer_key.data, w->nonce.data) < 0) {
		disconnect(op, DSR_EAUTH, "the peer's key proof does not verify");
		return;
	}
	memcpy(op->key, w->peer_key.data, 32);
	op->has_key = true;
	uint8_t sig[DSR_PEER_SIG_LEN];
	dsr_peer_auth_sign(true, peers_key_secret(), peers_key_pub(), op->nonce,
			   op->key, w->nonce.data, sig);
	Dpb__PeerAuth pa = DPB__PEER_AUTH__INIT;
	pa.sig.data = sig;
	pa.sig.len = sizeof sig;
	Dpb__PeerMsg m = DPB__PEER_MSG__INIT;
	m.body_case = DPB__PEER_MSG__BODY_AUTH;
	m.auth = &pa;
	Dpb__Request rq = DPB__REQUEST__INIT;
	rq.body_case = DPB__REQUEST__BODY_PEER;
	rq.peer = &m;
	send_request(op, &rq);
	dsr_frame_dec_limit(&op->dec, DSR_FRAME_MAX);
	unsigned flags = DSR_REPL_SEND | DSR_REPL_RECV | (op->continuous ? 0 : DSR_REPL_ONCE);
	struct plink *l = link_new(op->srv, LINK_OUT, flags);
	l->op = op;
	l->continuous = op->continuous;
	memcpy(l->key, op->key, 32);
	l->has_key = true;
	snprintf(l->addr, sizeof l->addr, "%s", op->addr);
	op->link = l;
	op->attempts = 0;
	uv_timer_stop(&op->timer);
	if (!op->continuous)
		uv_timer_start(&op->timer, on_timer, op->timeout_ms, 0);
	set_state(op, OP_LIVE);
	dlog(DLOG_INFO, "peer %s (%s): connected%s", op->addr, hex,
	     op->continuous ? "" : " for a one-off sync");
	int r = dsr_repl_start(l->r);
	if (r < 0) {
		disconnect(op, r, dsr_strerror(r));
		return;
	}
	link_kick(l);
}

static void on_alloc(uv_handle_t *h, size_t hint, uv_buf_t *b)
{
	(void)h;
	(void)hint;
	static char buf[64 << 10];
	b->base = buf;
	b->len = sizeof buf;
}

static void on_read(uv_stream_t *s, ssize_t n, const uv_buf_t *b)
{
	struct outpeer *op = s->data;
	if (n == 0 || op->tcp_closing)
		return;
	if (n < 0) {
		/* A one-off sync that finished closed on purpose already. */
		disconnect(op, n == UV_EOF && op->state == OP_LIVE && op->link &&
			   dsr_repl_done(op->link->r) ? 0 : DSR_EFRAME,
			   n == UV_EOF ? "the peer closed the connection" : uv_strerror((int)n));
		return;
	}
	int r = dsr_frame_feed(&op->dec, b->base, (size_t)n);
	op_ref(op);
	while (r == 0 && op->tcp_open && !op->tcp_closing) {
		const uint8_t *body;
		size_t len;
		r = dsr_frame_next(&op->dec, &body, &len);
		if (r <= 0)
			break;
		Dpb__Response *rs;
		r = dsr_wire_response(body, len, NULL, &rs);
		if (r < 0)
			break;
		if (op->state == OP_HELLO) {
			welcome(op, rs);
		} else if (rs->body_case == DPB__RESPONSE__BODY_PEER && op->link) {
			struct plink *l = op->link;
			link_ref(l);
			r = link_recv(l, rs->peer);
			link_unref(l);
		} else if (rs->body_case == DPB__RESPONSE__BODY_ERROR ||
			   rs->body_case == DPB__RESPONSE__BODY_GOODBYE) {
			char msg[300];
			snprintf(msg, sizeof msg, "the peer closed: %s",
				 rs->body_case == DPB__RESPONSE__BODY_ERROR ? rs->error->message :
				 rs->goodbye->reason);
			disconnect(op, DSR_EFRAME, msg);
		}
		dpb__response__free_unpacked(rs, NULL);
	}
	if (r < 0 && op->tcp_open && !op->tcp_closing) {
		char msg[200];
		snprintf(msg, sizeof msg, "protocol error: %s", dsr_strerror(r));
		disconnect(op, r, msg);
	}
	op_unref(op);
}

static void on_shutdown(uv_shutdown_t *req, int status)
{
	(void)status;
	struct outpeer *op = req->data;
	free(req);
	disconnect(op, 0, NULL);
	op_unref(op);
}

void outpeer_link_ended(struct outpeer *op, int err, const char *why)
{
	if (err) {
		disconnect(op, err, why);
		return;
	}
	/* A sync is complete: the last acknowledgements go out, then we
	 * close. */
	drop_link(op, why);
	uv_timer_stop(&op->timer);
	uv_shutdown_t *req = xcalloc(1, sizeof *req);
	req->data = op;
	op_ref(op);
	if (!op->tcp_open || uv_shutdown(req, (uv_stream_t *)&op->tcp, on_shutdown) < 0) {
		free(req);
		op_unref(op);
		disconnect(op, 0, NULL);
	}
}

/* ---- connecting ---------------------------------------------------------- */

static void on_connect(uv_connect_t *req, int status)
{
	struct outpeer *op = req->data;
	if (status < 0 || op->stopped) {
		char msg[200];
		snprintf(msg, sizeof msg, "cannot connect: %s", uv_strerror(status));
		disconnect(op, DSR_EFRAME, status < 0 ? msg : "stopped");
		op_unref(op);
		return;
	}
	uv_tcp_nodelay(&op->tcp, 1);
	uv_tcp_keepalive(&op->tcp, 1, 30);
	set_state(op, OP_HELLO);
	dsr_frame_dec_free(&op->dec);
	dsr_frame_dec_init(&op->dec, DSR_FRAME_MAX_HELLO);
	randombytes_buf(op->nonce, sizeof op->nonce);
	uv_read_start((uv_stream_t *)&op->tcp, on_alloc, on_read);
	Dpb__Hello h = DPB__HELLO__INIT;
	h.version = DSR_PROTOCOL_VERSION;
	h.client = DOSSIERD_VERSION;
	h.role = DPB__ROLE__ROLE_PEER;
	h.peer_key.data = (uint8_t *)peers_key_pub();
	h.peer_key.len = 32;
	h.nonce.data = op->nonce;
	h.nonce.len = sizeof op->nonce;
	Dpb__Request rq = DPB__REQUEST__INIT;
	rq.id = 1;
	rq.body_case = DPB__REQUEST__BODY_HELLO;
	rq.hello = &h;
	send_request(op, &rq);
	op_unref(op);
}

static void on_resolved(uv_getaddrinfo_t *req, int status, struct addrinfo *res)
{
	struct outpeer *op = req->data;
	if (status < 0 || op->stopped) {
		char msg[200];
		snprintf(msg, sizeof msg, "cannot resolve: %s", uv_strerror(status));
		if (res)
			uv_freeaddrinfo(res);
		disconnect(op, DSR_EFRAME, status < 0 ? msg : "stopped");
		op_unref(op);
		return;
	}
	uv_tcp_init(op->srv->loop, &op->tcp);
	op->tcp.data = op;
	op->tcp_open = true;
	op_ref(op);  /* the handle's */
	op->creq.data = op;
	set_state(op, OP_CONNECTING);
	int r = uv_tcp_connect(&op->creq, &op->tcp, res->ai_addr, on_connect);
	uv_freeaddrinfo(res);
	if (r < 0) {
		char msg[200];
		snprintf(msg, sizeof msg, "cannot connect: %s", uv_strerror(r));
		disconnect(op, DSR_EFRAME, msg);
		op_unref(op);
		return;
	}
	/* on_connect drops the request's reference. */
	uv_timer_start(&op->timer, on_timer, HANDSHAKE_MS, 0);
}

static void connect_now(struct outpeer *op)
{
	char host[256], port[256];
	const char *spec = op->addr, *colon = strrchr(spec, ':');
	if (spec[0] == '[' && strchr(spec, ']')) {
		const char *close = strchr(spec, ']');
		snprintf(host, sizeof host, "%.*s", (int)(close - spec - 1), spec + 1);
		snprintf(port, sizeof port, "%s", close[1] == ':' ? close + 2 : "");
	} else if (colon) {
		snprintf(host, sizeof host, "%.*s", (int)(colon - spec), spec);
		snprintf(port, sizeof port, "%s", colon + 1);
	} else {
		snprintf(host, sizeof host, "127.0.0.1");
		snprintf(port, sizeof port, "%s", spec);
	}
	set_state(op, OP_RESOLVING);
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM };
	op->gai.data = op;
	op_ref(op);
	int r = uv_getaddrinfo(op->srv->loop, &op->gai, on_resolved,
			       host[0] ? host : "127.0.0.1", port, &hints);
	if (r < 0) {
		char msg[200];
		snprintf(msg, sizeof msg, "cannot resolve %.100s: %s", op->addr, uv_strerror(r));
		disconnect(op, DSR_EFRAME, msg);
		op_unref(op);
	}
}

static void on_timer(uv_timer_t *t)
{
	struct outpeer *op = t->data;
	switch (op->state) {
	case OP_BACKOFF:
		connect_now(op);
		break;
	case OP_LIVE:
		disconnect(op, DSR_EFRAME, "the sync took too long");
		break;
	case OP_CONNECTING:
	case OP_HELLO:
		disconnect(op, DSR_EAUTH, "no handshake within 10 seconds");
		break;
	case OP_RESOLVING:
	case OP_DONE:
	case OP_FAILED:
		break;
	}
}

/* A new outgoing peer on the list, with its timer; not yet connecting. */
static struct outpeer *op_alloc(struct server *srv, const char *addr)
{
	struct outpeer *op = xcalloc(1, sizeof *op);
	op->srv = srv;
	op->refs = 1;  /* the list's, dropped when it is stopped */
	snprintf(op->addr, sizeof op->addr, "%s", addr);
	uv_timer_init(srv->loop, &op->timer);
	op->timer.data = op;
	op_ref(op);  /* the timer's */
	op->next = outpeers;
	if (outpeers)
		outpeers->prev = op;
	outpeers = op;
	op->start_ns = mono_ns();
	return op;
}

struct outpeer *outpeer_new(struct server *srv, const char *addr, bool continuous)
{
	struct outpeer *op = op_alloc(srv, addr);
	op->continuous = continuous;
	connect_now(op);
	return op;
}

void outpeer_stop(struct outpeer *op, const char *why)
{
	if (op->stopped)
		return;
	op->stopped = true;
	if (op->state == OP_DONE || op->state == OP_FAILED)
		return;
	if (op->state == OP_RESOLVING || op->state == OP_CONNECTING) {
		/* The pending request's callback finishes the job. */
		uv_timer_stop(&op->timer);
		if (op->state == OP_RESOLVING)
			uv_cancel((uv_req_t *)&op->gai);
		else
			close_tcp(op);
		return;
	}
	disconnect(op, op->state == OP_BACKOFF ? 0 : DSR_EFRAME, why);
}

void outpeer_info(struct outpeer *op, Dpb__PeerInfo *pi)
{
	pi->address = op->addr;
	if (op->has_key) {
		pi->key.data = op->key;
		pi->key.len = 32;
	}
	pi->state = (char *)state_names[op->state];
	pi->outgoing = true;
	pi->continuous = op->continuous;
	pi->sent = op->sent;
	pi->received = op->received;
	pi->since = (double)(uv_now(op->srv->loop) - op->state_ms) / 1000;
	pi->last_error = op->last_error;
	pi->attempts = op->attempts;
	if (op->link) {
		dsr_repl_stats st;
		if (dsr_repl_stats_get(op->link->r, &st) == 0) {
			pi->sent += st.events_sent;
			pi->received += st.events_received;
			pi->lag_events = st.lag_events;
			pi->peer_ahead = st.peer_ahead;
		}
		pi->last_ms_ago = (double)(uv_now(op->srv->loop) - op->link->last_rx_ms);
		if (op->link->last_error[0])
			pi->last_error = op->link->last_error;
	}
}

void req_sync(struct conn *c, Dpb__Request *rq)
{
	const Dpb__Sync *s = rq->sync;
	if (!s->peer[0]) {
		conn_error(c, rq->id, DSR_EINVAL, "sync: which peer? (HOST:PORT)");
		dpb__request__free_unpacked(rq, NULL);
		conn_request_done(c);
		return;
	}
	server_busy(c->srv);
	conn_ref(c);
	struct outpeer *op = op_alloc(c->srv, s->peer);
	op->client = c;
	op->rid = rq->id;
	op->timeout_ms = s->timeout_ms ? s->timeout_ms : SYNC_TIMEOUT_MS;
	dpb__request__free_unpacked(rq, NULL);
	connect_now(op);
}
