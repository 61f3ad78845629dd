/* store/impl.h: what only the store's own files share (the layers above
 * use store/api.h): the log table's records, the overlay's lifecycle and
 * cursors, the ops of a write batch, origin numbers and the decode-ahead
 * helper. */
#ifndef DOSSIER_STORE_IMPL_H
#define DOSSIER_STORE_IMPL_H

#include <stdatomic.h>

#include "store/api.h"

/* ---- events in the log table (logrec.c) -------------------------------- */

int dsr__log_put(MDB_txn *txn, MDB_dbi dbi, uint64_t pos, const uint8_t *p, size_t n);
/* The event at pos: *p points into the map, or into scratch when the
 * event was stored in chunks.  DSR_ENOTFOUND when there is none. */
int dsr__log_read(MDB_txn *txn, MDB_dbi dbi, uint64_t pos, dsr_buf *scratch,
		  const uint8_t **p, size_t *n);
/* Bytes [off, off + len) of the event at pos (fewer where it ends),
 * appended to out from the chunks that hold them.  DSR_ENOTFOUND. */
int dsr__log_read_part(MDB_txn *txn, MDB_dbi dbi, uint64_t pos, size_t off, size_t len,
		       dsr_buf *out);
/* The last position written (0 for an empty log). */
uint64_t dsr__log_last(MDB_txn *txn, MDB_dbi dbi);
void dsr__rtxn_free_scratch(dsr_rtxn *t);

/* ---- the overlay (kv.c) ------------------------------------------------ */

int dsr__kv_new(struct dsr__kv **out);
void dsr__kv_free(struct dsr__kv *kv);
void dsr__kv_clear(struct dsr__kv *kv);
/* The cursor of table db in w->txn (NULL when none can be opened). */
MDB_cursor *dsr__wcursor(dsr__wtx *w, int db);
/* Closes the cursors (before a nested transaction begins), or forgets them
 * (once their transaction has ended: LMDB has freed them). */
void dsr__wcursor_close(dsr__wtx *w);
void dsr__wcursor_forget(dsr__wtx *w);
/* Straight to the map, past the overlay, through the table's cursor: for
 * tables the overlay never holds (the (origin, seq) index). */
int dsr__mget(dsr__wtx *w, int db, const void *key, size_t klen, MDB_val *val);
int dsr__mput(dsr__wtx *w, int db, const void *key, size_t klen,
	      const void *val, size_t vlen);

/* ---- the ops of a batch ------------------------------------------------ */

/* append.c: every op of a batch, in order. */
int dsr__apply_ops(dsr__wtx *w, dsr_op *ops, size_t n);
/* append.c: hashes the version-vector heads left pending by the batch. */
int dsr__heads_finish(dsr__wtx *w);
/* heads.c: a DSR_OP_HEAD op; signing our own head after local writes. */
int dsr__apply_head(dsr__wtx *w, dsr_op *op);
int dsr__sign_own_head(dsr__wtx *w);
/* replstate.c: DSR_OP_LINK, DSR_OP_CHECKPOINT and DSR_OP_QUARANTINE. */
int dsr__repl_apply_op(dsr__wtx *w, dsr_op *op);

/* ---- origin numbers and events by (origin, seq) (origin.c) ------------- */

/* The local number of an origin; with `create`, one is assigned.
 * DSR_ENOTFOUND when unknown and not created. */
int dsr__origin_idx(dsr__wtx *w, const uint8_t *origin, bool create, uint32_t *idx);
/* Same, in any transaction, without creating. */
int dsr__origin_idx_txn(dsr_store *s, MDB_txn *txn, const uint8_t *origin,
			uint32_t *idx);
void dsr__oseq_key(uint8_t k[12], uint32_t idx, uint64_t seq);
/* The log position of (origin number, seq) and, when p is not NULL, the
 * event's bytes (in scratch when it was stored in chunks).
 * Errors: DSR_ENOTFOUND, DSR_ECORRUPT. */
int dsr__event_at(dsr_store *s, MDB_txn *txn, uint32_t idx, uint64_t seq,
		  dsr_buf *scratch, uint64_t *pos, const uint8_t **p, size_t *n);
/* The same from the (origin, seq) index's value pv (the position). */
int dsr__event_of(dsr_store *s, MDB_txn *txn, const MDB_val *pv, dsr_buf *scratch,
		  uint64_t *pos, const uint8_t **p, size_t *n);

/* ---- decode-ahead (ahead.c) -------------------------------------------
 * Decoding and checking a batch's raw events on a helper thread,
 * ahead of the writer that stores them.
 *
 * Decoding and checking a raw event (protobuf, UTF-8, one BLAKE2b per
 * content id) needs nothing from the store, yet it was half of what the
 * writer spent on an event before views.  For a large batch of raw events
 * whose caller did not decode them (imports, bundles, clients' raw
 * appends), dsr_store_apply() starts one helper that walks the ops in
 * order while the writer, a few events behind, stores them.  The writer
 * waits only when it catches up.  Small batches are decoded inline: a
 * thread costs more than it saves there. */

typedef struct dsr__ahead {
	const dsr_op *ops;
	size_t n;
	Dpb__Event **ev;           /* per op: decoded, or NULL */
	int *rc;                   /* per op: the decode's result */
	dsr_arena arena;           /* the helper's; freed by _end */
	pthread_t thread;
	bool running;
	atomic_size_t done;        /* ops [0, done) are settled */
	atomic_int waiting;        /* the writer sleeps on cv */
	atomic_int stop;
	pthread_mutex_t mu;
	pthread_cond_t cv;
} dsr__ahead;

/* Starts the helper when the batch is worth it and memory allows; a is
 * left idle otherwise (then _get always answers 1: decode inline). */
void dsr__ahead_start(dsr__ahead *a, const dsr_op *ops, size_t n);
/* The decoded event of op (one of the batch's), waiting for it if the
 * helper is not there yet: 0 with *ev set, a decode error (the event is
 * bad), or 1 when the helper does not cover op (decode it inline). */
int dsr__ahead_get(dsr__ahead *a, const dsr_op *op, const Dpb__Event **ev);
/* Stops and joins the helper, and frees what it decoded. */
void dsr__ahead_end(dsr__ahead *a);
/* How many helpers this process has started (for tests). */
unsigned long dsr__ahead_runs(void);

/* redate.c: an amended publication date's dates for the article's
 * entries, filled into a local ArticleCurated that has none. */
typedef struct dsr__redate {
	Dpb__EntryDate *v;
	Dpb__EntryDate **ptr;
	uint8_t *ids;
	size_t n;
} dsr__redate;
int dsr__redate_fill(dsr__wtx *w, Dpb__ArticleCurated *c, dsr__redate *out);
void dsr__redate_free(dsr__redate *r);

#endif
