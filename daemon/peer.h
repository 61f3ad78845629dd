/* peer.h: replication in dossierd (docs/replication.md).
 *
 * The state machine is the core's (core/repl.h); this part moves its
 * bytes.  A link is one replication session over one transport:
 *
 *   - an incoming peer: a client connection (conn.c) whose Hello said
 *     ROLE_PEER, admitted after the key proof, speaking PeerMsg as
 *     Request/Response body 64;
 *   - an outgoing peer (peer_out.c): --peer HOST:PORT (continuous, with
 *     reconnection and backoff) or `dossier sync` (once);
 *   - a client applying a bundle (PeerMsg requests on its connection) or
 *     creating one (PeerMsg responses it acknowledges).
 *
 * Batches a link receives go to the single writer as one job each; their
 * acknowledgements leave only after the commit.  After every commit every
 * continuous link is pumped, so events flow on to other peers as they land
 * (a relay needs nothing more).  Everything here runs on the loop thread.
 */
#ifndef DOSSIERD_PEER_H
#define DOSSIERD_PEER_H

#include <stdbool.h>
#include <stdint.h>

#include "server.h"
#include "repl.h"

struct plink;
struct outpeer;

enum link_kind {
	LINK_IN,           /* a peer connected to us */
	LINK_OUT,          /* we connected to a peer */
	LINK_BUNDLE_IN,    /* a client applies a bundle */
	LINK_BUNDLE_OUT,   /* a client creates a bundle */
};

/* ---- peer_conf.c: keys, allow-list, options ------------------------------ */

/* Options: --peer HOST:PORT and --allow-peer KEY (main.c's getopt). */
void peers_option(const char *name, const char *arg);
/* Loads (creating) DATA/peer.key, reads DATA/peers.conf, and gives the
 * store a new origin (the restore guard).  Returns 0 or -1 (logged). */
int peers_init(struct server *srv);
/* Starts the outgoing continuous peers.  After the listeners. */
void peers_start(struct server *srv);
/* Shutting down: closes outgoing peers and their timers. */
void peers_stop(struct server *srv);
/* New events were committed: pump every link. */
void peers_on_commit(struct server *srv);

const uint8_t *peers_key_pub(void);
const uint8_t *peers_key_secret(void);
bool peers_allowed(const uint8_t key[32]);
size_t peers_allowed_count(void);
const uint8_t *peers_allowed_at(size_t i);

/* ---- peer_link.c: a session on the loop ----------------------------------- */

struct plink {
	struct plink *next, *prev;
	struct server *srv;
	enum link_kind kind;
	int refs;
	dsr_repl *r;
	bool dead;             /* transport gone: finish quietly */
	bool continuous;
	struct conn *c;        /* LINK_IN and bundle links */
	struct outpeer *op;    /* LINK_OUT */
	uint8_t key[32];       /* the peer's (peers only) */
	bool has_key;
	char addr[300];
	uint64_t since_ms, last_rx_ms;
	char last_error[256];
	uint32_t rejected, forks;
	uint64_t done_rid;     /* bundle in: the request that said PeerDone */
	uint64_t create_rid;   /* bundle out: the BundleCreate request */
	size_t applying;       /* batches at the writer */
	/* The key proof (peers): each side's nonce; authed once it holds. */
	uint8_t nonce_mine[32], nonce_theirs[32];
	bool authed;
};

/* Creates a link and its session (flags: DSR_REPL_*); it is on the
 * server's list until link_close(). */
struct plink *link_new(struct server *srv, enum link_kind kind, unsigned flags);
void link_ref(struct plink *l);
void link_unref(struct plink *l);
/* The transport is gone (or the session is over): forget the transport
 * and drop the link from the list once its writer jobs are back. */
void link_close(struct plink *l, const char *why);
/* Handles a PeerMsg from the peer, then applies, pumps and flushes.
 * Returns 0 or an error (the caller drops the transport). */
int link_recv(struct plink *l, const Dpb__PeerMsg *m);
/* Pumps and flushes (after commits, acks, at start). */
void link_kick(struct plink *l);
/* Calls fn for each link. */
void links_each(struct server *srv, void (*fn)(struct plink *l, void *ctx), void *ctx);
/* The link on client connection c, or NULL. */
struct plink *link_of_conn(struct conn *c);
/* The links' report function: logs and keeps the last error. */
void link_report(void *ctx, int err, const char *msg);

/* ---- peer_in.c: peers and bundles on client connections -------------------- */

/* dispatch.c: a Hello with ROLE_PEER (rq stays the caller's). */
void peer_hello(struct conn *c, Dpb__Request *rq);
/* dispatch.c: true when c is a peer's connection: every request of it
 * goes to peer_request(). */
bool peer_owns(struct conn *c);
/* dispatch.c: a request on a peer's connection, or a PeerMsg from a
 * client (bundle apply; acknowledgements of a bundle being created).
 * Takes rq.  For a client connection the caller counted it in flight. */
void peer_request(struct conn *c, Dpb__Request *rq);
/* dispatch.c: BundleCreate. */
void req_bundle(struct conn *c, Dpb__Request *rq);

/* ---- peer_out.c: outgoing connections ------------------------------------ */

/* A continuous peer (--peer).  Connects at once. */
struct outpeer *outpeer_new(struct server *srv, const char *addr, bool continuous);
/* Closes an outgoing peer for good. */
void outpeer_stop(struct outpeer *op, const char *why);
/* dispatch.c: `dossier sync PEER`. */
void req_sync(struct conn *c, Dpb__Request *rq);
/* Fills info for `dossier peers`. */
void outpeer_info(struct outpeer *op, Dpb__PeerInfo *pi);
/* The link of an outgoing peer finished its one-off sync, or failed. */
void outpeer_link_ended(struct outpeer *op, int err, const char *why);
/* Sends the session's queued frames on the outgoing connection. */
void outpeer_flush(struct outpeer *op);
void outpeers_each(void (*fn)(struct outpeer *op, void *ctx), void *ctx);

/* ---- peer_req.c: `dossier peers` ----------------------------------------- */

void req_peers(struct conn *c, Dpb__Request *rq);
/* A timer that closes links whose connection went away. */
void peers_tick_start(struct server *srv);
void peers_tick_stop(void);

#endif
