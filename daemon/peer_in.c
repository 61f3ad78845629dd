/* peer_in.c: replication on connections that came to us — peers (a Hello
 * with ROLE_PEER, the key proof, then PeerMsg both ways) and clients
 * applying or creating a bundle.
 *
 * The key proof: the peer's Hello carries its key and a nonce; if the key
 * is on the allow-list we answer Welcome with our key, our nonce and our
 * signature over both keys and both nonces; the peer checks it and sends
 * PeerAuth, its own signature over the same.  Until that verifies the
 * connection keeps the small pre-handshake frame limit and may send
 * nothing else.  A peer's connection carries only replication: it cannot
 * query, ingest or append as a client could. */
#include "peer.h"
#include "error.h"
#include "logging.h"
#include "util.h"

#include <errno.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

bool peer_owns(struct conn *c)
{
	struct plink *l = link_of_conn(c);
	return l && l->kind == LINK_IN;
}

void peer_hello(struct conn *c, Dpb__Request *rq)
{
	struct server *srv = c->srv;
	const Dpb__Hello *h = rq->hello;
	char hex[65];
	if (dsr_wire_hello_check(h) < 0) {
		conn_fail(c, DSR_EVERSION,
			  "protocol version %u is not supported: this daemon speaks version %u",
			  h->version, (unsigned)DSR_PROTOCOL_VERSION);
		return;
	}
	if (h->peer_key.len != 32 || h->nonce.len != DSR_PEER_NONCE_LEN) {
		conn_fail(c, DSR_EAUTH, "a peer must present its key and a nonce");
		return;
	}
	dsr_hex(h->peer_key.data, 32, hex);
	if (!peers_allowed(h->peer_key.data)) {
		dlog(DLOG_WARN, "conn %llu (%s): refused peer %s: not on the allow-list",
		     (unsigned long long)c->id, c->peer, hex);
		conn_fail(c, DSR_EAUTH, "peer key %s is not on this daemon's allow-list", hex);
		return;
	}
	struct plink *l = link_new(srv, LINK_IN, DSR_REPL_SEND | DSR_REPL_RECV);
	l->c = c;
	conn_ref(c);
	l->continuous = true;
	memcpy(l->key, h->peer_key.data, 32);
	l->has_key = true;
	snprintf(l->addr, sizeof l->addr, "%s (in)", c->peer);
	memcpy(l->nonce_theirs, h->nonce.data, 32);
	randombytes_buf(l->nonce_mine, 32);
	uint8_t sig[DSR_PEER_SIG_LEN];
	dsr_peer_auth_sign(false, peers_key_secret(), l->key, l->nonce_theirs,
			   peers_key_pub(), l->nonce_mine, sig);
	Dpb__Welcome w;
	welcome_init(srv, &w);
	w.peer_key.data = (uint8_t *)peers_key_pub();
	w.peer_key.len = 32;
	w.nonce.data = l->nonce_mine;
	w.nonce.len = 32;
	w.sig.data = sig;
	w.sig.len = sizeof sig;
	Dpb__Response rs = DPB__RESPONSE__INIT;
	rs.id = rq->id;
	rs.body_case = DPB__RESPONSE__BODY_WELCOME;
	rs.welcome = &w;
	conn_send(c, &rs);
}

/* A request on a peer's connection. */
static void from_peer(struct conn *c, struct plink *l, Dpb__Request *rq)
{
	char hex[65];
	if (rq->body_case != DPB__REQUEST__BODY_PEER) {
		conn_fail(c, DSR_EAUTH, "a peer's connection carries replication messages only");
		link_close(l, "protocol error");
		return;
	}
	const Dpb__PeerMsg *m = rq->peer;
	if (!l->authed) {
		if (m->body_case != DPB__PEER_MSG__BODY_AUTH ||
		    dsr_peer_auth_verify(true, m->auth->sig.data, m->auth->sig.len, l->key,
					 l->nonce_theirs, peers_key_pub(), l->nonce_mine) < 0) {
			conn_fail(c, DSR_EAUTH, "the peer's key proof does not verify");
			link_close(l, "key proof failed");
			return;
		}
		l->authed = true;
		c->authed = true;
		admit_authed(c);
		dsr_frame_dec_limit(&c->dec, DSR_FRAME_MAX);
		dsr_hex(l->key, 32, hex);
		dlog(DLOG_INFO, "peer %s connected from %s", hex, c->peer);
		int r = dsr_repl_start(l->r);
		if (r < 0) {
			conn_fail(c, r, "replication: %s", dsr_strerror(r));
			link_close(l, dsr_strerror(r));
			return;
		}
		link_kick(l);
		return;
	}
	if (m->body_case == DPB__PEER_MSG__BODY_AUTH) {
		conn_fail(c, DSR_EAUTH, "already authenticated");
		link_close(l, "protocol error");
		return;
	}
	link_ref(l);
	int r = link_recv(l, m);
	if (r < 0) {
		conn_fail(c, r, "replication: %s", dsr_strerror(r));
		link_close(l, dsr_strerror(r));
	}
	link_unref(l);
}

void peer_request(struct conn *c, Dpb__Request *rq)
{
	struct plink *l = link_of_conn(c);
	if (l && l->kind == LINK_IN) {
		from_peer(c, l, rq);
		dpb__request__free_unpacked(rq, NULL);
		return;
	}
	/* A client's PeerMsg: acknowledgements of a bundle we write for
	 * it, or a bundle it applies. */
	const Dpb__PeerMsg *m = rq->peer;
	bool done = m->body_case == DPB__PEER_MSG__BODY_DONE;
	if (!l) {
		l = link_new(c->srv, LINK_BUNDLE_IN, DSR_REPL_RECV | DSR_REPL_ONCE);
		l->c = c;
		conn_ref(c);
		snprintf(l->addr, sizeof l->addr, "a bundle from %s", c->peer);
	}
	enum link_kind kind = l->kind;
	if (kind == LINK_BUNDLE_IN && done)
		l->done_rid = rq->id;
	conn_ref(c);
	link_ref(l);
	int r = m->body_case == DPB__PEER_MSG__BODY_AUTH ? DSR_EDECODE : link_recv(l, m);
	if (r < 0) {
		conn_error(c, rq->id, r, "%s: %s", kind == LINK_BUNDLE_IN ? "bundle" :
			   "bundle acknowledgement", dsr_strerror(r));
		if (kind == LINK_BUNDLE_OUT && !l->dead)
			conn_request_done(c);  /* the BundleCreate ends too */
		link_close(l, dsr_strerror(r));
		conn_request_done(c);
	} else if (!(kind == LINK_BUNDLE_IN && done)) {
		conn_request_done(c);
	}
	/* else: answered once everything is applied (peer_link.c). */
	link_unref(l);
	conn_unref(c);
	dpb__request__free_unpacked(rq, NULL);
}

void req_bundle(struct conn *c, Dpb__Request *rq)
{
	if (link_of_conn(c)) {
		conn_error(c, rq->id, -EBUSY, "a bundle is already in progress on this connection");
		dpb__request__free_unpacked(rq, NULL);
		conn_request_done(c);
		return;
	}
	struct plink *l = link_new(c->srv, LINK_BUNDLE_OUT, DSR_REPL_SEND | DSR_REPL_ONCE);
	l->c = c;
	conn_ref(c);
	l->create_rid = rq->id;
	snprintf(l->addr, sizeof l->addr, "a bundle for %s", c->peer);
	const Dpb__BundleCreate *b = rq->bundle;
	int r = 0;
	for (size_t i = 0; r == 0 && i < b->n_since; i++) {
		if (b->since[i]->origin.len != DSR_ORIGIN_LEN)
			r = DSR_EINVAL;
		else
			r = dsr_repl_assume(l->r, b->since[i]->origin.data, b->since[i]->seq);
	}
	dsr_repl_assume_done(l->r);
	if (r == 0)
		r = dsr_repl_start(l->r);
	dpb__request__free_unpacked(rq, NULL);
	if (r < 0) {
		conn_error(c, l->create_rid, r, "bundle: %s", dsr_strerror(r));
		link_close(l, dsr_strerror(r));
		conn_request_done(c);
		return;
	}
	link_kick(l);
}
