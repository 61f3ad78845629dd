/* store_int.h: the store's internals, shared by store*.c, log.c, kv.c,
 * view*.c and query*.c.  Nothing outside core/ includes this. */
#ifndef DOSSIER_STORE_INT_H
#define DOSSIER_STORE_INT_H

#include <lmdb.h>
#include <pthread.h>
#include <stdbool.h>

#include "arena.h"
#include "buf.h"
#include "store.h"
#include "proto/view.pb-c.h"

/* The LMDB tables.  Names starting with "v." are views: dropped by
 * rebuild, covered by the digest.  The order here is the digest's order,
 * which is the names' byte order. */
#define DSR_TABLES(XX)                                                          \
	XX(META, "meta")                                                        \
	XX(LOG, "log")          /* pos(8 BE) -> encoded Event */                \
	XX(ORIGINS, "origins")  /* origin(32) -> local number (4 BE) */         \
	XX(OSEQ, "oseq")        /* origin number(4 BE) seq(8 BE) -> pos(8 BE) */ \
	XX(VV, "vv")            /* origin(32) -> seq(8 BE) head(32) */          \
	XX(HEADS, "heads")      /* origin(32) -> signed head (dsr_head) */      \
	XX(HIST, "hist")        /* origin(32) seq(8 BE) -> signed head */       \
	XX(QUAR, "quar")        /* origin(32) -> fork evidence */               \
	XX(V_AMEND, "v.amend")  /* entry id -> AmendRec */                      \
	XX(V_ASSESS, "v.assess") /* claim id -> AssessRec */                    \
	XX(V_BLOCK, "v.block")  /* block \0 key \0 form -> "" */                \
	XX(V_CABOUT, "v.cabout") /* key -> hlc(8) claim id (dup) */              \
	XX(V_CONFLICT, "v.conflict") /* target \0 field \0 stamp -> ConflictRec */ \
	XX(V_COUNT, "v.count")  /* fact kind(1) -> distinct facts (8 BE) */     \
	XX(V_CSRC, "v.csrc")    /* key -> hlc(8) claim id (dup) */               \
	XX(V_CURATE, "v.curate") /* key -> CurateRec */                         \
	XX(V_EDGE, "v.edge")    /* key \0 key (sorted) -> EdgeRec */            \
	XX(V_FACT, "v.fact")    /* fact key (dsr__fkey) -> ArticleRec/FactRec */ \
	XX(V_FORM, "v.form")    /* key \0 form -> FormRec */                    \
	XX(V_JUDGE, "v.judge")  /* key \0 key (sorted) -> JudgeRec */           \
	XX(V_MEMBER, "v.member") /* cluster \0 key -> "" */                     \
	XX(V_NART, "v.nart")    /* key -> hlc(8) article id (dup) */             \
	XX(V_NODE, "v.node")    /* key -> NodeRec */                            \
	XX(V_NOTE, "v.note")    /* kind(1) target \0 stamp(24) -> NoteRec */    \
	XX(V_TACTOR, "v.tactor") /* key -> hlc(8) entry id (dup) */              \
	XX(V_TDATE, "v.tdate")  /* sortdate(8 BE) -> entry ids (dup) */

enum {
#define XX(id, name) DSR__DB_##id,
	DSR_TABLES(XX)
#undef XX
	DSR__DB_COUNT
};
#define DSR__DB_FIRST_VIEW DSR__DB_V_AMEND

/* The fact views.  Articles, actor mentions, claims and timeline entries
 * share one table, v.fact, so that an article and every fact drawn from it
 * sit side by side: a fact's id begins with its article's first 8 bytes,
 * and its key there is those 8 bytes, a kind byte, then the id's last 8
 * (dsr__fkey).  Filing an article then rewrites one or two pages of the
 * table instead of one in each of four tables, and an article's facts are
 * one range.  The names below are kinds, not tables: dsr__get/put/del take
 * them with a 16-byte id; reads in a snapshot go through dsr__fget and
 * dsr__fcur (facttab.c).  Their order is the kind byte's. */
enum {
	DSR__DB_V_ARTICLE = DSR__DB_COUNT, /* article id -> ArticleRec */
	DSR__DB_V_MENTION,                  /* mention id -> FactRec */
	DSR__DB_V_CLAIM,                    /* claim id -> FactRec */
	DSR__DB_V_ENTRY,                    /* entry id -> FactRec */
	DSR__DB_FACT_END
};
#define DSR__DB_IS_FACT(db) ((db) >= DSR__DB_COUNT && (db) < DSR__DB_FACT_END)
#define DSR__FKEY_LEN (DSR_ID_LEN + 1)
/* The v.fact key of the fact `id` of kind db. */
void dsr__fkey(uint8_t out[DSR__FKEY_LEN], int db, const uint8_t id[DSR_ID_LEN]);
/* The id and kind of a v.fact key; false when the key is not one. */
bool dsr__fkey_parse(const MDB_val *k, int *db, uint8_t id[DSR_ID_LEN]);
/* Reads the record of fact `id` of kind db in any transaction. */
int dsr__fget(dsr_store *s, MDB_txn *txn, int db, const uint8_t id[DSR_ID_LEN],
	      MDB_val *v);
/* Walks the facts of one kind in id order: from the first id >= from, or
 * only those of one article (its first 8 bytes suffice), or all when both
 * are NULL (not both given).  fn returns 0 to go on, > 0 to stop, < 0
 * for an error. */
int dsr__fscan(dsr_store *s, MDB_txn *txn, int db, const uint8_t *from,
	       const uint8_t *article,
	       int (*fn)(void *ctx, const uint8_t id[DSR_ID_LEN], const MDB_val *v),
	       void *ctx);
/* How many distinct facts of kind db there are (v.count). */
uint64_t dsr__fcount(dsr_store *s, MDB_txn *txn, int db);

/* Index tables: one key, many 16-byte ids, sorted (MDB_DUPSORT |
 * MDB_DUPFIXED: the ids are packed without per-item headers).  Their items
 * are queued while a batch is applied (nothing reads them meanwhile) and
 * written with the overlay, sorted, a key's items in one run. */
#define DSR__DB_IS_INDEX(db)                                                    \
	((db) == DSR__DB_V_CABOUT || (db) == DSR__DB_V_CSRC ||                  \
	 (db) == DSR__DB_V_NART || (db) == DSR__DB_V_TACTOR ||                  \
	 (db) == DSR__DB_V_TDATE)

struct dsr_store {
	MDB_env *env;
	MDB_dbi dbi[DSR__DB_COUNT];
	char *dir;
	int lock_fd;
	unsigned flags;
	bool views_rebuilt;        /* at open, for a new view layout */
	uint8_t origin[DSR_ORIGIN_LEN];
	uint8_t secret[64];        /* Ed25519 secret key */
	uint64_t hlc;              /* last clock value used or seen */
	size_t map_size;
	pthread_mutex_t wlock;     /* one writer at a time */
	/* Held shared by every open read snapshot and exclusively while the
	 * map is resized: LMDB requires no active transactions then. */
	pthread_rwlock_t resize;
};

struct dsr__scratch;

struct dsr_rtxn {
	dsr_store *s;
	MDB_txn *txn;
	/* Buffers holding reassembled large events, freed at the end. */
	struct dsr__scratch *scratch;
};

/* ---- logio.c: events in the log table --------------------------------- */

int dsr__log_put(MDB_txn *txn, MDB_dbi dbi, uint64_t pos, const uint8_t *p, size_t n);
/* The event at pos: *p points into the map, or into scratch when the
 * event was stored in chunks.  DSR_ENOTFOUND when there is none. */
int dsr__log_read(MDB_txn *txn, MDB_dbi dbi, uint64_t pos, dsr_buf *scratch,
		  const uint8_t **p, size_t *n);
/* The last position written (0 for an empty log). */
uint64_t dsr__log_last(MDB_txn *txn, MDB_dbi dbi);
void dsr__rtxn_free_scratch(dsr_rtxn *t);

/* A write in progress: the transaction, and an overlay of point writes to
 * view tables that is flushed in key order (dsr__kv_flush) before anything
 * scans a table and before commit. */
struct dsr__kv;
typedef struct dsr__wtx {
	dsr_store *s;
	MDB_txn *txn;
	struct dsr__kv *kv;
	uint64_t hlc;              /* the clock inside this transaction */
	uint64_t wall_ms;          /* wall clock the caller passed in */
	uint64_t log_end;
	/* Name nodes whose edges or existence changed: their actors are
	 * re-clustered when the batch is finished. */
	dsr_buf dirty;             /* NUL-separated keys */
	dsr_buf newforms;          /* key \0 form \0 records */
	/* Version-vector heads whose hash is computed once, at the end of
	 * the batch, rather than per event: {origin(32), pos(8)} records. */
	dsr_buf heads;
	dsr_buf scratch;           /* large events read back */
	bool wrote_local;          /* sign our head at the end */
	/* One-entry cache of the origin table. */
	uint8_t last_origin[DSR_ORIGIN_LEN];
	uint32_t last_idx;
	/* Cursors of cur_txn, opened on first use (dsr__wcursor).  Keys
	 * written or read in order through one cursor mostly stay on its
	 * page, where LMDB skips the descent from the root. */
	MDB_cursor *cur[DSR__DB_COUNT];
	MDB_txn *cur_txn;
	/* View records read with dsr__get_rec: allocated here and never
	 * freed one by one; reset before each event's views and at the end
	 * of the transaction. */
	dsr_arena recs;
	/* Raw events of the batch decoded on a helper thread (ahead.h), or
	 * NULL. */
	struct dsr__ahead *ahead;
} dsr__wtx;

/* ---- kv.c: LMDB access through the overlay ---------------------------- */

/* Translates an LMDB return code into a dossier error (the one place that
 * does; MDB_MAP_FULL becomes DSR_EMAPFULL so the caller can grow). */
int dsr__mdb_err(int rc);
int dsr__kv_new(struct dsr__kv **out);
void dsr__kv_free(struct dsr__kv *kv);
void dsr__kv_clear(struct dsr__kv *kv);
/* The cursor of table db in w->txn (NULL when none can be opened). */
MDB_cursor *dsr__wcursor(dsr__wtx *w, int db);
/* Closes the cursors (before a nested transaction begins), or forgets them
 * (once their transaction has ended: LMDB has freed them). */
void dsr__wcursor_close(dsr__wtx *w);
void dsr__wcursor_forget(dsr__wtx *w);
/* Reads key from table db; *val points into the overlay or the map and is
 * valid until the next write.  Returns 0, DSR_ENOTFOUND or an error. */
int dsr__get(dsr__wtx *w, int db, const void *key, size_t klen, MDB_val *val);
/* Straight to the map, past the overlay, through the table's cursor: for
 * tables the overlay never holds (the (origin, seq) index). */
int dsr__mget(dsr__wtx *w, int db, const void *key, size_t klen, MDB_val *val);
int dsr__mput(dsr__wtx *w, int db, const void *key, size_t klen,
	      const void *val, size_t vlen);
int dsr__put(dsr__wtx *w, int db, const void *key, size_t klen,
	     const void *val, size_t vlen);
int dsr__del(dsr__wtx *w, int db, const void *key, size_t klen);
/* Queues an index item to add (delta > 0) or remove at the flush. */
int dsr__kv_index(dsr__wtx *w, int db, const void *key, size_t klen,
		  const void *item, size_t ilen, int delta);
/* Writes the overlay and the queued index items to LMDB in (table, key)
 * order and empties it. */
int dsr__kv_flush(dsr__wtx *w);

/* ---- log.c ------------------------------------------------------------- */

int dsr__apply_ops(dsr__wtx *w, dsr_op *ops, size_t n);
/* Hashes the version-vector heads left pending by the batch. */
int dsr__heads_finish(dsr__wtx *w);
/* head.c: a DSR_OP_HEAD op; signing our own head after local writes. */
int dsr__apply_head(dsr__wtx *w, dsr_op *op);
int dsr__sign_own_head(dsr__wtx *w);

/* ---- repl_store.c: replication's ops and quarantined origins ----------- */

/* DSR_OP_LINK, DSR_OP_CHECKPOINT and DSR_OP_QUARANTINE. */
int dsr__repl_apply_op(dsr__wtx *w, dsr_op *op);
/* True when origin is quarantined (views skip its events). */
bool dsr__quarantined(dsr_store *s, MDB_txn *txn, const uint8_t *origin);

/* ---- view.c: the views' entry points ---------------------------------- */

/* An event's stamp: (hlc, origin, seq), with the origin shortened to its
 * first 8 bytes (see Stamp in view.proto). */
typedef struct dsr__stamp {
	uint64_t hlc;
	uint64_t origin;
	uint64_t seq;
} dsr__stamp;

/* Updates the views for one stored event. */
int dsr__view_apply(dsr__wtx *w, const Dpb__Event *ev);
/* Work deferred to the end of a batch: name-rule edges of new forms, and
 * re-clustering of dirty names. */
int dsr__view_finish(dsr__wtx *w);

/* Comparing stamps: (hlc, origin, seq). */
int dsr__stamp_cmp(const dsr__stamp *a, const dsr__stamp *b);
int dsr__stamp_cmp_pb(const dsr__stamp *a, const Dpb__Stamp *b);
void dsr__stamp_to_pb(const dsr__stamp *a, Dpb__Stamp *pb);
dsr__stamp dsr__stamp_of(const Dpb__Event *ev);
dsr__stamp dsr__stamp_from_pb(const Dpb__Stamp *pb);
uint64_t dsr__origin8(const uint8_t *origin);

/* ---- origin.c: local origin numbers and finding events by stamp ------- */

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
/* The full origin id and local number of a stamp's origin prefix. */
int dsr__origin_by_prefix(dsr_store *s, MDB_txn *txn, uint64_t origin8,
			  uint8_t full[DSR_ORIGIN_LEN], uint32_t *idx);
/* Decodes the event a stamp names (free with dpb__event__free_unpacked).
 * Errors: DSR_ENOTFOUND, DSR_ECORRUPT. */
int dsr__event_by_stamp(dsr_store *s, MDB_txn *txn, const dsr__stamp *st,
			Dpb__Event **ev);

/* Keys: "a \0 b" composites. */
int dsr__key2(dsr_buf *k, const void *a, size_t alen, const void *b, size_t blen);
/* A stamp as 24 big-endian bytes (keys of v.conflict). */
void dsr__stamp_bytes(uint8_t out[24], const dsr__stamp *s);
/* Adds (delta > 0) or removes the id under key in an index table.  In
 * tables with DSR__INDEX_HLC the item is hlc (8 BE) then id, so the items
 * of a key grow at its end (MDB_APPENDDUP: pages fill up instead of
 * splitting in half, and a batch touches one page per key); v.tdate keeps
 * plain ids, the timeline's order within a date. */
int dsr__index(dsr__wtx *w, int db, const void *key, size_t klen, uint64_t hlc,
	       const uint8_t id[DSR_ID_LEN], int delta);
#define DSR__INDEX_HLC(db) ((db) != DSR__DB_V_TDATE)

/* One more distinct fact of kind db (facttab.c). */
int dsr__fcount_add(dsr__wtx *w, int db);

/* Name keys and node references (view_actor.c). */
int dsr__name_ref(dsr__wtx *w, const char *form, int delta, int kind,
		  uint32_t mentions, char *key_out);
int dsr__name_link(dsr__wtx *w, const char *ka, const char *kb, int delta);
int dsr__mark_dirty(dsr__wtx *w, const char *key);

/* Per-payload appliers. */
int dsr__view_article(dsr__wtx *w, const Dpb__Event *ev);
int dsr__view_mention(dsr__wtx *w, const Dpb__Event *ev);
int dsr__view_names(dsr__wtx *w, const Dpb__Event *ev);
int dsr__view_claim(dsr__wtx *w, const Dpb__Event *ev);
int dsr__view_assessed(dsr__wtx *w, const Dpb__Event *ev);
int dsr__view_entry(dsr__wtx *w, const Dpb__Event *ev);
int dsr__view_amended(dsr__wtx *w, const Dpb__Event *ev);
int dsr__view_note(dsr__wtx *w, const Dpb__Event *ev);
int dsr__view_curated(dsr__wtx *w, const Dpb__Event *ev);
int dsr__cluster_finish(dsr__wtx *w);

/* Records a single-valued edit that lost (view_note.c). */
int dsr__conflict(dsr__wtx *w, const char *target, const char *field,
		  const char *value, const char *author, const dsr__stamp *loser);
/* One single value decided by the greatest stamp.  *win is the value's
 * winning stamp in its record (NULL: never set), cur/cur_author the value
 * in force, val/author the incoming edit with stamp st.  The edit that
 * loses is recorded as a conflict.  Returns 1 when the incoming edit wins
 * (*win now points at storage; the caller sets the value), 0 when it
 * loses, or a negative error. */
int dsr__lww(dsr__wtx *w, const char *target, const char *field, Dpb__Stamp **win,
	     Dpb__Stamp *storage, const char *cur, const char *cur_author,
	     const char *val, const char *author, const dsr__stamp *st);



#endif
