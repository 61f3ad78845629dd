/* chain.h: signed chains.  Every event names the hash of its origin's
 * previous one, so an origin's events form a chain, and one signature over
 * its last hash (a head) vouches for all of them.  Here: heads (model/head.c),
 * the check of a run of encoded events against a head (model/chain.c), and
 * fork evidence, proof that an origin signed two chains (model/fork.c).
 * All of it is pure: no store, no clock.  docs/replication.md says why
 * replication is built on it. */
#ifndef DOSSIER_CHAIN_H
#define DOSSIER_CHAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "factid.h"

/* A signed chain head: the origin's key signs (origin, seq, hash of its
 * event at seq).  Each event names the hash of its predecessor, so one
 * signature covers the origin's whole history up to seq; replicas pass
 * heads along with events, and a receiver verifies a batch against one
 * signature instead of one per event.  A store signs its own head at the
 * end of every batch that wrote local events. */
typedef struct dsr_head {
	uint8_t origin[DSR_ORIGIN_LEN];
	uint64_t seq;
	uint8_t hash[DSR_HASH_LEN];
	uint8_t sig[64];
} dsr_head;

#define DSR_HEAD_LEN (DSR_ORIGIN_LEN + 8 + DSR_HASH_LEN + 64)

/* The most events checked against one head: a received batch
 * (DSR_REPL_MAX_BATCH_EVENTS) or the run in fork evidence. */
#define DSR_CHAIN_MAX_EVENTS 65536

void dsr_head_encode(const dsr_head *h, uint8_t out[DSR_HEAD_LEN]);
int dsr_head_decode(const uint8_t *p, size_t n, dsr_head *h);
/* True when sig is the origin's signature over (origin, seq, hash). */
bool dsr_head_verify(const dsr_head *h);
/* Orders heads by (origin, seq): a qsort and bsearch comparator. */
int dsr_head_cmp(const void *a, const void *b);
/* Fills h->sig: signs (origin, seq, hash) with `secret`, the origin's
 * Ed25519 secret key.  Replication uses it to sign heads of this
 * replica's own origins at the end of each batch it sends. */
void dsr_head_sign(dsr_head *h, const uint8_t secret[64]);

/* ---- a run of events against a head (model/chain.c) --------------------- */

/* The envelope fields a batch check needs, read straight from an encoded
 * event (no full decode; the store decodes and validates on apply).
 * `origin` and `prev` point into the bytes.  Errors: DSR_EDECODE. */
typedef struct dsr_envelope {
	const uint8_t *origin;
	size_t origin_len;
	uint64_t seq;
	const uint8_t *prev;
	size_t prev_len;
} dsr_envelope;

int dsr_envelope_scan(const uint8_t *p, size_t n, dsr_envelope *e);

/* Checks that events ev[0..n) (encoded) form one origin's contiguous
 * chain ending at `head`: the head's signature, each event's origin and
 * seq, each event's prev against the hash of the one before, and the last
 * event's hash against the head's.  On success hashes[i] (n entries, may be
 * NULL) holds each event's hash.  Errors: DSR_EBADSIG (signature or a
 * hash), DSR_EGAP (seqs not contiguous, or not ending at head.seq),
 * DSR_EINVAL (another origin), DSR_EDECODE. */
int dsr_chain_check(const dsr_head *head, const uint8_t *const *ev,
		    const size_t *len, size_t n, uint8_t (*hashes)[DSR_HASH_LEN]);

/* ---- fork evidence (model/fork.c) ---------------------------------------- */

/* Verifies encoded ForkEvidence: two heads of one origin, both signed by
 * it, that cannot both be true (see ForkEvidence in peer.proto).  Sets
 * origin and the two heads' seqs.  Errors: DSR_EDECODE, DSR_EBADSIG (a
 * signature or the chain does not verify), DSR_EINVAL (the heads agree). */
int dsr_fork_verify(const uint8_t *p, size_t n, uint8_t origin[DSR_ORIGIN_LEN],
		    uint64_t *seq_a, uint64_t *seq_b);
/* Encodes evidence into out (reset first). */
int dsr_fork_encode(const dsr_head *a, const dsr_head *b,
		    const uint8_t *const *ev, const size_t *len, size_t n,
		    dsr_buf *out);

#endif
