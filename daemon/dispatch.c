/* dispatch.c: the handshake, and routing each request to its handler.
 *
 * The first request must be a Hello with this daemon's protocol version;
 * on TCP it must also carry the token.  Anything else first is an error that
 * closes the connection: no request is served before the handshake.  The
 * author it names goes on every event the connection writes, so it must be
 * one an event may carry (UTF-8, at most DSR_AUTHOR_MAX bytes): refused
 * here, not at every later write.
 */
#include "server.h"
#include "peer.h"
#include "error.h"
#include "logging.h"
#include "utf8.h"
#include "util.h"
#include "validate.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void welcome_init(const struct server *srv, Dpb__Welcome *w)
{
	dpb__welcome__init(w);
	w->version = DSR_PROTOCOL_VERSION;
	w->origin.data = (uint8_t *)dsr_store_origin(srv->store);
	w->origin.len = DSR_ORIGIN_LEN;
	w->server = DOSSIERD_VERSION;
	w->log_end = srv->log_end;
}

static void hello(struct conn *c, Dpb__Request *rq)
{
	struct server *srv = c->srv;
	const Dpb__Hello *h = rq->hello;
	if (h->role == DPB__ROLE__ROLE_PEER) {
		peer_hello(c, rq);  /* a key proof instead of the token */
		return;
	}
	if (dsr_wire_hello_check(h) < 0) {
		conn_fail(c, DSR_EVERSION,
			  "protocol version %u is not supported: this daemon speaks version %u",
			  h->version, (unsigned)DSR_PROTOCOL_VERSION);
		return;
	}
	if (c->tcp && dsr_wire_token_check(srv->token, h->token) < 0) {
		conn_fail(c, DSR_EAUTH, "%s",
			  h->token[0] ? "wrong token" :
			  "a token is required on TCP (see DATA/token)");
		return;
	}
	size_t alen = strlen(h->author);
	if (alen > DSR_AUTHOR_MAX) {
		conn_fail(c, -EINVAL, "the author in the Hello is %zu bytes long; at most %d",
			  alen, DSR_AUTHOR_MAX);
		return;
	}
	if (!dsr_utf8_valid((const uint8_t *)h->author, alen)) {
		conn_fail(c, DSR_EUTF8, "the author in the Hello is not valid UTF-8");
		return;
	}
	c->authed = true;
	admit_authed(c);
	c->author = xstrdup(h->author[0] ? h->author : "analyst");
	dsr_frame_dec_limit(&c->dec, DSR_FRAME_MAX);
	dlog(DLOG_DEBUG, "conn %llu (%s): hello from \"%s\" as %s",
	     (unsigned long long)c->id, c->peer, h->client, c->author);

	Dpb__Welcome w;
	welcome_init(srv, &w);
	Dpb__Response rs = DPB__RESPONSE__INIT;
	rs.id = rq->id;
	rs.body_case = DPB__RESPONSE__BODY_WELCOME;
	rs.welcome = &w;
	conn_send(c, &rs);
}

void dispatch(struct conn *c, Dpb__Request *rq)
{
	/* A peer's connection carries replication only (peer_in.c). */
	if (peer_owns(c)) {
		peer_request(c, rq);
		return;
	}
	if (!c->authed) {
		if (rq->body_case == DPB__REQUEST__BODY_HELLO)
			hello(c, rq);
		else
			conn_fail(c, DSR_EAUTH, "the first request must be a Hello");
		dpb__request__free_unpacked(rq, NULL);
		return;
	}
	/* Handlers take rq and call conn_request_done() once answered. */
	c->inflight++;
	switch (rq->body_case) {
	case DPB__REQUEST__BODY_INGEST:
		req_ingest(c, rq);
		return;
	case DPB__REQUEST__BODY_APPEND:
		req_append(c, rq);
		return;
	case DPB__REQUEST__BODY_ACTORS:
	case DPB__REQUEST__BODY_ACTOR:
	case DPB__REQUEST__BODY_CLAIMS:
	case DPB__REQUEST__BODY_TIMELINE:
	case DPB__REQUEST__BODY_ARTICLES:
	case DPB__REQUEST__BODY_LOG:
	case DPB__REQUEST__BODY_STATUS:
	case DPB__REQUEST__BODY_ATTRIBUTION:
	case DPB__REQUEST__BODY_INDICATORS:
		req_query(c, rq);
		return;
	case DPB__REQUEST__BODY_SUBSCRIBE:
		req_subscribe(c, rq);
		return;
	case DPB__REQUEST__BODY_WHY:
	case DPB__REQUEST__BODY_CONFLICTS:
	case DPB__REQUEST__BODY_RESOLVE:
		req_curation(c, rq);
		return;
	case DPB__REQUEST__BODY_EXPORT_KB:
		req_export(c, rq);
		return;
	case DPB__REQUEST__BODY_PEER:
		peer_request(c, rq);
		return;
	case DPB__REQUEST__BODY_SYNC:
		req_sync(c, rq);
		return;
	case DPB__REQUEST__BODY_PEERS:
		req_peers(c, rq);
		return;
	case DPB__REQUEST__BODY_BUNDLE:
		req_bundle(c, rq);
		return;
	case DPB__REQUEST__BODY_WEB_LOGIN:
		req_web_login(c, rq);
		return;
	case DPB__REQUEST__BODY_HELLO:
		conn_error(c, rq->id, -EINVAL, "already said hello");
		break;
	case DPB__REQUEST__BODY__NOT_SET:
	case _DPB__REQUEST__BODY__CASE_IS_INT_SIZE:
		/* A request from a newer protocol (which decodes as none), or
		 * none at all: refuse this one and keep serving the
		 * connection. */
		conn_error(c, rq->id, -EOPNOTSUPP, "unknown request");
		break;
	}
	dpb__request__free_unpacked(rq, NULL);
	conn_request_done(c);
}
