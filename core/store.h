/* store.h: the event log and its views, on one LMDB environment.
 *
 * A store is a data directory holding one LMDB environment.  Its log holds
 * encoded dpb.Event messages keyed by local position (1, 2, 3, ...), and its
 * views (actors, claims, timeline, articles) are updated in the same write
 * transaction as the append, so they are never behind the log and are a
 * deterministic function of the *set* of events stored (docs/store.md).
 *
 * Threads: one writer at a time (dsr_store_apply serialises itself); any
 * number of readers in any threads (each dsr_rtxn is used by one thread at a
 * time).  Opening a directory takes an exclusive lock on DIR/lock: a second
 * process opening the same store gets DSR_ELOCKED.
 */
#ifndef DOSSIER_STORE_H
#define DOSSIER_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "chain.h"
#include "factid.h"
#include "proto/event.pb-c.h"

#define DSR_FORMAT_VERSION 1

typedef struct dsr_store dsr_store;
typedef struct dsr_rtxn dsr_rtxn;

enum {
	/* Do not fsync on commit (benchmarks, bulk tests).  A crash may lose
	 * the last commits but never corrupts the store. */
	DSR_STORE_NOSYNC = 1 << 0,
	/* Open without creating: fail with -ENOENT when DIR holds no store. */
	DSR_STORE_NOCREATE = 1 << 1,
	/* Keep no full-text index (v.search stays empty; search finds
	 * nothing): only for measuring what the index costs (bench/). */
	DSR_STORE_NOSEARCH = 1 << 2,
};

typedef struct dsr_store_opts {
	unsigned flags;
	/* Initial map size in bytes; 0 means the default (1 GiB).  The map
	 * grows by itself when full, so this only matters for tests. */
	size_t map_size;
} dsr_store_opts;

/* Opens or creates the store in `dir` (created if missing, mode 0700).  A
 * new store gets a fresh replica identity (an Ed25519 key pair).  Stale
 * reader slots left by crashed processes are cleared.
 * Errors: DSR_ELOCKED (another process has it open), DSR_ECORRUPT (not a
 * dossier store, or damaged meta), DSR_EFORMAT (written by a newer format),
 * -errno (directory problems), DSR_ELMDB. */
int dsr_store_open(dsr_store **out, const char *dir, const dsr_store_opts *opts);
/* True when dsr_store_open() rebuilt the views from the log because they
 * were written in another layout (an upgrade; see docs/store.md). */
bool dsr_store_views_rebuilt(const dsr_store *s);
/* Gives back the memory LMDB keeps after large commits: it holds every
 * page buffer of its largest write transaction for the next one, for as
 * long as the environment is open (at 100,000 articles, commits of about
 * 130 articles leave about 170 MB).  Closes and reopens the environment when no
 * snapshot is open and no write is running, then returns the allocator's
 * free pages to the system.  Waits for a running write; returns -EBUSY at
 * once when a snapshot is open, -ESTALE (the store stays open) when
 * DIR/data.mdb is no longer the file it has open (moved or replaced), 0
 * when released.  Any other error leaves the store unusable (its
 * environment could not be reopened): the caller must stop using it. */
int dsr_store_release(dsr_store *s);
/* Writes a compacted copy of the store to DIR/data.mdb (which must not
 * exist; dir must): no free pages, each table's pages in key order
 * (LMDB's MDB_CP_COMPACT), synced to disk: one snapshot of the store,
 * which stays as it was.  Errors: -errno (-EEXIST, -ENOSPC, ...),
 * DSR_ELMDB; a failed copy is removed. */
int dsr_store_copy_compact(dsr_store *s, const char *dir);
/* Closes the store.  No transaction may be active. */
void dsr_store_close(dsr_store *s);

/* This replica's id (32 bytes), valid as long as the store is open. */
const uint8_t *dsr_store_origin(const dsr_store *s);
const char *dsr_store_dir(const dsr_store *s);

/* ---- writing ---------------------------------------------------------- */

enum dsr_op_type {
	/* An encoded event from elsewhere (a peer, a bundle, an import): it is
	 * checked, then stored verbatim. */
	DSR_OP_RAW = 0,
	/* A payload written by this replica: the store fills the envelope
	 * (format, origin, seq, hlc, prev, author) and encodes it. */
	DSR_OP_LOCAL = 1,
	/* A signed chain head (dsr_head, encoded with dsr_head_encode) for an
	 * origin whose events up to head.seq are stored (earlier in the same
	 * call, or before).  It is checked — signature by the origin's key,
	 * and the hash of the stored event at that seq — and kept when newer
	 * than the head already held.  DSR_EBADSIG when it does not verify. */
	DSR_OP_HEAD = 2,
	/* Replication's bookkeeping (core/store/replstate.c, docs/replication.md).
	 * LINK: bytes = origin (32), seq (8 BE), hash (32): fails with
	 * DSR_EGAP unless origin's events 1..seq are all stored, and with
	 * DSR_EFORK unless the one at seq hashes to `hash` (seq 0: nothing to
	 * link to).  Put first in a received batch's group, it checks inside
	 * the transaction that the batch continues the stored chain. */
	DSR_OP_LINK = 3,
	/* An encoded dsr_head whose event is stored: kept as a checkpoint, a
	 * point at which this replica can later cut batches of that origin
	 * for others (only the newest head is kept by DSR_OP_HEAD).  The
	 * signature is checked again.  Older checkpoints are thinned out:
	 * those closer together than DSR_REPL_CHECKPOINT_GAP. */
	DSR_OP_CHECKPOINT = 4,
	/* Fork evidence (repl.h, dsr_fork_verify): the origin is quarantined:
	 * its events stay in the log, no view reflects them, and replication
	 * neither accepts nor sends more of them.  The caller rebuilds the
	 * views after the commit.  DSR_EDUP when already quarantined. */
	DSR_OP_QUARANTINE = 5,
};

#define DSR_REPL_CHECKPOINT_GAP 1024

typedef struct dsr_op {
	enum dsr_op_type type;
	/* Ops with the same non-zero group are all-or-nothing: if one fails
	 * (other than as a duplicate), none of the group is written and every
	 * op in it reports the failure of the first.  Group 0 means alone.
	 * A group of local ops that begins with an ArticleFiled for an article
	 * the store already holds is skipped whole: every op reports DSR_EDUP
	 * (so ingesting an article twice adds nothing, even when two ingests
	 * of it race). */
	uint32_t group;
	/* DSR_OP_RAW: the encoded event (borrowed for the call), and
	 * optionally the same event already decoded and checked by
	 * dsr_event_decode() (borrowed too): a caller that has the time on
	 * another thread spares the writer the work. */
	const uint8_t *bytes;
	size_t len;
	const Dpb__Event *decoded;
	/* DSR_OP_LOCAL: a Dpb__Event with its payload set (borrowed; the store
	 * does not modify it).  Empty fact ids in the payload are filled from
	 * the event (hand-made facts, see factid.h). */
	const Dpb__Event *event;
	const char *author;

	/* Results.  status: 0 stored, DSR_EDUP already stored (a no-op), or a
	 * negative error (nothing of the op, or of its group, was written).
	 * pos: the event's log position (also for DSR_EDUP); seq: its seq. */
	int status;
	uint64_t pos;
	uint64_t seq;
} dsr_op;

/* Applies ops[0..n) in one write transaction and commits it (durably unless
 * DSR_STORE_NOSYNC).  `wall_ms` is the wall clock for the hybrid clock of
 * local events.  Returns the number of events stored (duplicates excluded),
 * or a negative error when the transaction as a whole failed, in which case
 * nothing was written (DSR_EMAPFULL, DSR_ELMDB, -EIO, -ENOMEM).
 * Per-op errors: DSR_ECONFLICT (same origin and seq, different bytes),
 * DSR_EDECODE, DSR_EFORMAT, DSR_EPAYLOAD, DSR_EINVAL. */
int dsr_store_apply(dsr_store *s, dsr_op *ops, size_t n, uint64_t wall_ms);

/* Drops every view table and rebuilds the views by replaying the log. */
int dsr_store_rebuild(dsr_store *s);
/* The same while other writers go on (the daemon, after replication
 * quarantined an origin): every chunk is committed durably, where
 * dsr_store_rebuild() turns syncing off until the end, which would leave
 * the other writers' acknowledged commits unsynced meanwhile.  Queries see
 * partial views until it returns. */
int dsr_store_rebuild_live(dsr_store *s);

/* ---- reading ---------------------------------------------------------- */

/* A read snapshot.  Pointers that read functions return into it are valid
 * until dsr_rtxn_end().  Errors: DSR_ELMDB, -ENOMEM. */
int dsr_rtxn_begin(dsr_store *s, dsr_rtxn **out);
void dsr_rtxn_end(dsr_rtxn *t);

/* The next log position to be written: the log holds positions
 * 1 .. end-1. */
uint64_t dsr_log_end(dsr_rtxn *t);

/* The store's version: it changes with every commit and never goes back
 * while the store is open (LMDB's transaction id).  dsr_rtxn_version() is
 * the snapshot's, dsr_store_version() the latest commit's, which the next
 * snapshot will see (0 when it cannot be read); an answer read at version
 * V is still the answer while dsr_store_version() is V (daemon/answers.c
 * caches on it). */
uint64_t dsr_rtxn_version(dsr_rtxn *t);
uint64_t dsr_store_version(dsr_store *s);
/* The encoded event at `pos`.  Errors: DSR_ENOTFOUND.  The bytes live until
 * the snapshot ends: an event stored in pieces is reassembled into memory
 * the snapshot keeps, so a pass over the whole log should use
 * dsr_log_get_into instead. */
int dsr_log_get(dsr_rtxn *t, uint64_t pos, const uint8_t **bytes, size_t *len);
/* The same, an event stored in pieces reassembled into *scratch (the
 * caller's, reused from one call to the next): the bytes live until the
 * next use of scratch. */
int dsr_log_get_into(dsr_rtxn *t, uint64_t pos, dsr_buf *scratch, const uint8_t **bytes,
		     size_t *len);
/* Decodes the event at `pos` (caller frees with dpb__event__free_unpacked).
 * Errors: DSR_ENOTFOUND, DSR_ECORRUPT (the stored bytes do not decode). */
int dsr_log_decode(dsr_rtxn *t, uint64_t pos, Dpb__Event **ev);
/* Position of the event (origin, seq).  Errors: DSR_ENOTFOUND. */
int dsr_log_find(dsr_rtxn *t, const uint8_t origin[DSR_ORIGIN_LEN],
		 uint64_t seq, uint64_t *pos);

/* One entry of the version vector: the highest seq such that 1..seq of
 * `origin` are all stored, and the hash of that event (chain head). */
typedef struct dsr_vv_entry {
	uint8_t origin[DSR_ORIGIN_LEN];
	uint64_t seq;
	uint8_t head[DSR_HASH_LEN];
} dsr_vv_entry;

/* Calls fn for each origin in byte order; stops at the first non-zero
 * return and returns it. */
int dsr_vv_each(dsr_rtxn *t, int (*fn)(void *ctx, const dsr_vv_entry *e),
		void *ctx);
/* The entry for one origin (seq 0 when nothing of it is stored). */
int dsr_vv_get(dsr_rtxn *t, const uint8_t origin[DSR_ORIGIN_LEN],
	       dsr_vv_entry *e);

/* The newest signed head held for origin.  DSR_ENOTFOUND when none. */
int dsr_head_get(dsr_rtxn *t, const uint8_t origin[DSR_ORIGIN_LEN], dsr_head *h);

typedef struct dsr_store_stats {
	uint64_t log_end;       /* next log position */
	uint64_t events;        /* events in the log */
	uint64_t articles, actors, names, claims, entries, notes;
	uint64_t origins;
	uint64_t map_size;      /* current map size */
	uint64_t used_bytes;    /* pages in use * page size */
	uint64_t file_bytes;    /* size of the data file on disk */
} dsr_store_stats;

int dsr_store_stats_get(dsr_rtxn *t, dsr_store_stats *st);

/* True when the articles view holds article `id`, withdrawn or not. */
bool dsr_q_article_exists(dsr_rtxn *t, const uint8_t id[DSR_ID_LEN]);

/* ---- what replication keeps in the store (store/replstate.c) ---------- */

/* The checkpoint to end a batch of origin's events starting at `from`
 * with: the held signed head with the least seq >= from.  DSR_ENOTFOUND
 * when none. */
int dsr_checkpoint_find(dsr_rtxn *t, const uint8_t origin[DSR_ORIGIN_LEN],
			uint64_t from, dsr_head *h);
/* Whether origin is quarantined; with evidence, its bytes (valid for the
 * snapshot). */
bool dsr_quarantined(dsr_rtxn *t, const uint8_t origin[DSR_ORIGIN_LEN],
		     const uint8_t **evidence, size_t *len);
/* Calls fn for each quarantined origin; stops at a non-zero return. */
int dsr_quarantine_each(dsr_rtxn *t,
			int (*fn)(void *ctx, const uint8_t *origin,
				  const uint8_t *evidence, size_t len),
			void *ctx);
/* The secret key of one of this replica's origins (the current one or an
 * earlier one, see dsr_store_new_origin).  DSR_ENOTFOUND when origin is
 * not ours. */
int dsr_own_key(dsr_rtxn *t, const uint8_t origin[DSR_ORIGIN_LEN],
		uint8_t secret[64]);
/* The hash of origin's stored event at seq.  DSR_ENOTFOUND. */
int dsr_event_hash_at(dsr_rtxn *t, const uint8_t origin[DSR_ORIGIN_LEN],
		      uint64_t seq, uint8_t out[DSR_HASH_LEN]);
/* A signed head for origin at its highest contiguous seq, when one can be
 * had: signed now for our own origins, else the newest head held if it is
 * at that seq.  DSR_ENOTFOUND otherwise. */
int dsr_head_at_vv(dsr_rtxn *t, const uint8_t origin[DSR_ORIGIN_LEN],
		   uint64_t seq, dsr_head *h);

/* The restore guard: gives the store a new origin (a fresh Ed25519 key
 * pair) for the events it writes from now on, keeping the old key, when
 * any events were written under it, to sign heads of those events.  A
 * daemon calls it at every start, so a replica restored from an old
 * backup can never write a second event under a seq it used before
 * (docs/replication.md).  Call with no transaction active.
 * Errors: DSR_ELMDB, DSR_EMAPFULL. */
int dsr_store_new_origin(dsr_store *s);

/* BLAKE2b-256 over every view table's keys and values, in table-name then
 * key order.  Two stores with the same set of events have equal digests. */
int dsr_store_digest(dsr_rtxn *t, uint8_t out[DSR_HASH_LEN]);

#endif
