/* repl.h: replication between replicas — the state machine of one session
 * with one peer, the checks a received batch must pass, fork evidence and
 * quarantine, checkpoints, the peer key proof and this replica's identity.
 *
 * Like the rest of core/ it does no I/O and keeps no clock (STYLE.md, rule
 * 1): the caller feeds it the messages that arrived (dsr_repl_recv), takes
 * the frames to send (dsr_repl_out), and applies the verified batches it
 * hands out (dsr_repl_next_apply) wherever it writes to the store — the
 * daemon's writer thread, or dsr_repl_apply_sync() in tests and tools —
 * then reports the result (dsr_repl_applied).  docs/replication.md has the
 * design and the reasons for it.
 *
 * A session is used by one thread at a time.
 */
#ifndef DOSSIER_REPL_H
#define DOSSIER_REPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "buf.h"
#include "store.h"
#include "proto/peer.pb-c.h"

/* ---- limits ------------------------------------------------------------ */

/* A batch this replica cuts from its own events: at most this many events
 * or bytes (but always at least one event); dsr_repl_set_batch() changes
 * it per session.  Big, because each batch is one transaction at the
 * receiver and the store appends much faster in large transactions (at
 * 2,048 events per batch catch-up took three times as long as at 16,384:
 * docs/replication.md). */
#define DSR_REPL_BATCH_EVENTS 16384
#define DSR_REPL_BATCH_BYTES (8u << 20)
/* What a receiver accepts in one batch (a relay's batches run between the
 * checkpoints it holds, which may be further apart than the cut above). */
#define DSR_REPL_MAX_BATCH_EVENTS DSR_CHAIN_MAX_EVENTS
#define DSR_REPL_MAX_BATCH_BYTES (256u << 20)
/* Batches sent and not yet acknowledged, and their bytes. */
#define DSR_REPL_WINDOW 8
#define DSR_REPL_WINDOW_BYTES (32u << 20)

/* ---- sessions ---------------------------------------------------------- */

typedef struct dsr_repl dsr_repl;

enum {
	DSR_REPL_SEND = 1 << 0,   /* send the peer what it lacks */
	DSR_REPL_RECV = 1 << 1,   /* accept batches from the peer */
	DSR_REPL_ONCE = 1 << 2,   /* a one-off sync: end when caught up */
	/* Frames carry each PeerMsg as body 64 of a Request/Response
	 * envelope (the network); without it, bare PeerMsg frames (bundles). */
	DSR_REPL_WRAP = 1 << 3,
	/* Do not send our vector first (bundle creation sends it; a bundle
	 * reader has nothing to tell the file). */
	DSR_REPL_NO_VECTOR = 1 << 4,
};

/* What the session tells its owner: a batch refused, a fork found, a
 * protocol error.  `err` is the dossier error code. */
typedef void (*dsr_repl_report_fn)(void *ctx, int err, const char *msg);

/* Creates a session over store s.  Errors: -ENOMEM. */
int dsr_repl_new(dsr_repl **out, dsr_store *s, unsigned flags,
		 dsr_repl_report_fn report, void *report_ctx);
void dsr_repl_free(dsr_repl *r);

/* Sets the cut of batches of our own events (tests, benchmarks); limits
 * are clamped to the receiver's maxima. */
void dsr_repl_set_batch(dsr_repl *r, size_t events, size_t bytes);

/* Seeds what the peer is known to hold without a PeerVector (bundle
 * creation: the --since vector).  Call before dsr_repl_start. */
int dsr_repl_assume(dsr_repl *r, const uint8_t origin[DSR_ORIGIN_LEN], uint64_t seq);
/* Marks the peer's vector as known (bundle creation). */
void dsr_repl_assume_done(dsr_repl *r);

/* Queues this side's PeerVector (unless DSR_REPL_NO_VECTOR) and the fork
 * evidence this store holds. */
int dsr_repl_start(dsr_repl *r);

/* Handles one message from the peer.  Errors (the caller drops the peer):
 * DSR_EDECODE (a message out of place or malformed), DSR_ETOOBIG (a batch
 * over the limits), -ENOMEM, DSR_ELMDB. */
int dsr_repl_recv(dsr_repl *r, const Dpb__PeerMsg *m);
/* Decodes a PeerMsg body and handles it. */
int dsr_repl_recv_bytes(dsr_repl *r, const uint8_t *p, size_t n);

/* Queues batches of what the peer lacks while the window has room (after
 * new events were stored, after acks).  Errors: -ENOMEM, DSR_ELMDB. */
int dsr_repl_pump(dsr_repl *r);

/* The frames queued to send, appended to `out` (then forgotten). */
int dsr_repl_out(dsr_repl *r, dsr_buf *out);
/* Bytes queued to send. */
size_t dsr_repl_out_len(const dsr_repl *r);

/* A verified batch (or a quarantine) to write.  ops[0..nops) form one
 * group (all-or-nothing); the ops and the bytes they point at belong to
 * the session and live until dsr_repl_applied(). */
typedef struct dsr_repl_apply {
	dsr_op *ops;
	size_t nops;
	uint64_t events;          /* new events in the batch */
	struct dsr_repl_apply *next;
	/* Private. */
	int kind;
	uint8_t origin[DSR_ORIGIN_LEN];
	uint64_t first, last;
	dsr_buf data;
	size_t *offs;
	size_t nevents;
	dsr_arena decoded;        /* the ops' events, decoded on the way in */
} dsr_repl_apply;

/* The next batch to apply, in arrival order, or NULL. */
dsr_repl_apply *dsr_repl_next_apply(dsr_repl *r);

enum {
	DSR_REPL_REBUILD = 1,     /* an origin was quarantined: rebuild views */
};

/* Reports the outcome of applying a (rc: dsr_store_apply's return; the
 * ops' statuses are read from a->ops) and frees it.  Returns a mask of
 * DSR_REPL_* flags for the caller, or a negative error. */
int dsr_repl_applied(dsr_repl *r, dsr_repl_apply *a, int rc);

/* Applies every pending batch with dsr_store_apply, one call each.
 * Returns the DSR_REPL_* flags gathered, or an error.  (Tests, tools.) */
int dsr_repl_apply_sync(dsr_repl *r, uint64_t wall_ms);

/* A one-off session is finished: both sides said PeerDone, everything
 * sent was acknowledged and everything received was applied. */
bool dsr_repl_done(const dsr_repl *r);
/* This side sent PeerDone (a bundle is complete). */
bool dsr_repl_sent_done(const dsr_repl *r);
/* Batches handed out by dsr_repl_next_apply and not yet applied, plus
 * those waiting: the caller stops reading from the peer when it is high. */
size_t dsr_repl_pending(const dsr_repl *r);

typedef struct dsr_repl_stats {
	uint64_t events_sent, batches_sent;
	uint64_t events_received, batches_received;  /* stored */
	uint64_t rejected;        /* batches refused */
	uint64_t forks;           /* quarantines this session caused */
	uint64_t acked_events;    /* events the peer acknowledged */
	uint64_t lag_events;      /* we hold, the peer lacks (as far as known) */
	uint64_t peer_ahead;      /* the peer holds, we lack (per its vector) */
	bool got_vector, peer_done, sent_done;
} dsr_repl_stats;

/* Fills st; lag figures are computed from a read snapshot. */
int dsr_repl_stats_get(dsr_repl *r, dsr_repl_stats *st);

/* ---- raw events from a client (raw.c) ----------------------------------- */

/* How raw events a client hands in (Append{raw, heads}: `dossier import`)
 * are stored so that they pass the checks a peer's batches pass: a token
 * lets a client write, not write in another origin's name.  The request's
 * events of one origin are one run:
 *  - if every one of them is stored already, it needs no signature: each
 *    becomes a plain DSR_OP_RAW, which reports DSR_EDUP (or DSR_ECONFLICT
 *    for other bytes under a stored seq);
 *  - otherwise the run must be the origin's contiguous chain, in seq order,
 *    ending at a signed head of the origin — one of heads[] or one the
 *    store holds (dsr_chain_check) — and it becomes one group, as a peer's
 *    batch: DSR_OP_LINK (the first event's prev must be the hash of the
 *    stored event before it; checked inside the transaction, so a run may
 *    continue one applied after this plan was made), the events,
 *    DSR_OP_HEAD and DSR_OP_CHECKPOINT;
 *  - a run that fails is refused whole: none of its events has an op. */
typedef struct dsr_raw_plan {
	dsr_op *ops;          /* to apply, in this order */
	size_t nops;
	/* Groups used: 1..ngroups, one per checked run (with `atomic`, all
	 * ops are in group 1); plain ops of stored runs are in group 0. */
	uint32_t ngroups;
	/* Per raw event: op[i] is the index of its DSR_OP_RAW in ops (its
	 * result), or SIZE_MAX when refused[i] says why it has none:
	 * DSR_EUNSIGNED (no signed head at the run's end), DSR_EBADSIG (the
	 * head or the hash chain does not verify: a forged or tampered run),
	 * DSR_EGAP (seqs not contiguous), DSR_EDECODE, DSR_EINVAL. */
	size_t *op;
	int *refused;
	dsr_buf recs;         /* private: the link and head records */
} dsr_raw_plan;

/* Plans raw events ev[0..n) (encoded, borrowed by the ops) offered with
 * signed heads heads[0..nheads), reading what the store holds in t.  With
 * `atomic` every op is in group 1; the caller refuses the whole request
 * when any event was refused.  Free with dsr_raw_plan_free.
 * Errors (nothing planned): -ENOMEM, DSR_ELMDB, DSR_ECORRUPT. */
int dsr_raw_plan_make(dsr_rtxn *t, const uint8_t *const *ev, const size_t *len,
		      size_t n, const dsr_head *heads, size_t nheads, bool atomic,
		      dsr_raw_plan *p);
void dsr_raw_plan_free(dsr_raw_plan *p);

/* ---- peer authentication (auth.c) --------------------------------------- */

#define DSR_PEER_NONCE_LEN 32
#define DSR_PEER_SIG_LEN 64

/* The transcript each side signs: a tag, the signer's role, both keys and
 * both nonces.  `initiator` says which side signs. */
void dsr_peer_auth_sign(bool initiator, const uint8_t secret[64],
			const uint8_t ikey[32], const uint8_t inonce[32],
			const uint8_t akey[32], const uint8_t anonce[32],
			uint8_t sig[DSR_PEER_SIG_LEN]);
/* 0, or DSR_EAUTH when sig is not `initiator`'s side's signature. */
int dsr_peer_auth_verify(bool initiator, const uint8_t *sig, size_t siglen,
			 const uint8_t ikey[32], const uint8_t inonce[32],
			 const uint8_t akey[32], const uint8_t anonce[32]);

/* ---- bundles (bundle.c; docs/bundle.md) -------------------------------- */

#define DSR_BUNDLE_MAGIC "DSRBNDL\n"
#define DSR_BUNDLE_VERSION 1
#define DSR_BUNDLE_HDR 16

/* Writes the 16-byte file header. */
void dsr_bundle_header(uint8_t out[DSR_BUNDLE_HDR]);
/* Checks a header.  Errors: DSR_EDECODE (not a bundle), DSR_EFORMAT (a
 * newer bundle version). */
int dsr_bundle_check_header(const uint8_t *p, size_t n);
/* A bundle's writer has no peer to acknowledge the batches it writes, so
 * it acknowledges them itself (or the sender would stop at its window):
 * true, with *ack filled (its origin borrowed from m), when m is a batch
 * ending in a signed head. */
bool dsr_bundle_ack(const Dpb__PeerMsg *m, Dpb__PeerAck *ack);

/* ---- vectors as text (bundle --since) ---------------------------------- */

/* Parses "ORIGIN:SEQ" entries (hex origin) separated by commas, spaces or
 * new lines; calls fn for each.  Errors: DSR_EINVAL. */
int dsr_vector_parse(const char *text,
		     int (*fn)(void *ctx, const uint8_t origin[DSR_ORIGIN_LEN], uint64_t seq),
		     void *ctx);

#endif
