/* store/api.h: what the store layer offers the layers above it inside the
 * core: the tables, the store and snapshot structures, the write
 * transaction the views write through, and lookups of facts and events.
 * Its public contract is ../store.h; what only the store's own files share
 * is store/impl.h.  Nothing outside core/ includes this but white-box
 * tests.
 *
 * Where things are (docs/store.md has the layout):
 *   store.c    opening, closing, map growth, snapshots, the write driver
 *   append.c   appending events: envelopes, duplicates, (origin, seq), vv
 *   logrec.c   how an event sits in the log table (chunks)
 *   kv.c       the write overlay and LMDB's error codes
 *   keys.c     fact keys, composite keys, stamps
 *   facttab.c  the fact table v.fact and its counts
 *   blocks.c   v.search's postings packed in blocks: writing, a cursor
 *   origin.c   origin numbers; events by (origin, seq) and by stamp
 *   heads.c    the newest signed head per origin
 *   replstate.c  replication's records: checkpoints, quarantine, keys
 *   read.c     the log, version vector and statistics from a snapshot
 *   digest.c   the views' digest
 *   ahead.c    decoding a batch's raw events ahead of the writer
 *   ingest.c   an article and its extraction as one group of events
 */
#ifndef DOSSIER_STORE_API_H
#define DOSSIER_STORE_API_H

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
	XX(V_ACUR, "v.acur")    /* article id -> ArticleCurRec */              \
	XX(V_ATTR, "v.attr")    /* role(1) cluster \0 prop(16) -> "" */          \
	XX(V_BLOCK, "v.block")  /* block \0 key \0 form -> "" */                \
	XX(V_CABOUT, "v.cabout") /* key \0 flag -> hlc(8) claim id (dup) */      \
	XX(V_CONFLICT, "v.conflict") /* target \0 field \0 stamp -> ConflictRec */ \
	XX(V_COUNT, "v.count")  /* fact kind(1) -> distinct facts (8 BE) */     \
	XX(V_CPROP, "v.cprop")  /* claim id -> ClaimPropRec */                  \
	XX(V_CSRC, "v.csrc")    /* key \0 flag -> hlc(8) claim id (dup) */       \
	XX(V_CURATE, "v.curate") /* key -> CurateRec */                         \
	XX(V_EDGE, "v.edge")    /* key \0 key (sorted) -> EdgeRec */            \
	XX(V_FACT, "v.fact")    /* fact key (dsr__fkey) -> ArticleRec/FactRec */ \
	XX(V_FORM, "v.form")    /* key \0 form -> FormRec */                    \
	XX(V_IOC, "v.ioc")      /* type \0 value -> hlc(8) indicator id (dup) */ \
	XX(V_JUDGE, "v.judge")  /* key \0 key (sorted) -> JudgeRec */           \
	XX(V_MEMBER, "v.member") /* cluster \0 key -> "" */                     \
	XX(V_NART, "v.nart")    /* key -> hlc(8) article id (dup) */             \
	XX(V_NODE, "v.node")    /* key -> NodeRec */                            \
	XX(V_NOTE, "v.note")    /* kind(1) target \0 stamp(24) -> NoteRec */    \
	XX(V_PCLAIM, "v.pclaim") /* prop(16) -> hlc(8) claim id (dup) */         \
	XX(V_PLACEWITH, "v.placewith") /* claim id -> claim ids placed with it */ \
	XX(V_PROP, "v.prop")    /* prop(16) -> PropRec */                       \
	XX(V_PSUB, "v.psub")    /* prop(16) type(1) stance(1) value -> PropSubRec */ \
	XX(V_PWAIT, "v.pwait")  /* article id -> claim ids waiting for it */    \
	XX(V_SEARCH, "v.search") /* term \0 doc(25) -> postings block (blocks.c) */ \
	XX(V_TACTOR, "v.tactor") /* key -> sortdate(8 BE) entry id (dup) */      \
	XX(V_TDATE, "v.tdate")  /* sortdate(8 BE) -> entry ids (dup) */        \
	XX(V_TENTRY, "v.tentry") /* entry id -> TEntryRec */                    \
	XX(V_TGACOUNT, "v.tgacount") /* group(16) key -> count (4 BE) */         \
	XX(V_TGACTOR, "v.tgactor") /* key -> sortdate(8 BE) group id (dup) */    \
	XX(V_TGART, "v.tgart")  /* group(16) article(16) -> count (4 BE) */     \
	XX(V_TGDATE, "v.tgdate") /* sortdate(8 BE) -> group ids (dup) */         \
	XX(V_TGMEMBER, "v.tgmember") /* group(16) -> hlc(8) entry id (dup) */     \
	XX(V_TGROUP, "v.tgroup") /* group(16) -> TGroupRec */

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
 * dsr__fscan (facttab.c).  Their order is the kind byte's. */
enum {
	DSR__DB_V_ARTICLE = DSR__DB_COUNT, /* article id -> ArticleRec */
	DSR__DB_V_MENTION,                  /* mention id -> FactRec */
	DSR__DB_V_CLAIM,                    /* claim id -> FactRec */
	DSR__DB_V_ENTRY,                    /* entry id -> FactRec */
	DSR__DB_V_INDICATOR,                /* indicator id -> FactRec */
	/* The same kinds for an article withdrawn by an analyst: its record
	 * and its facts' are kept here, out of every query's sight, until it
	 * is restored (view/park.c). */
	DSR__DB_V_WARTICLE,
	DSR__DB_V_WMENTION,
	DSR__DB_V_WCLAIM,
	DSR__DB_V_WENTRY,
	DSR__DB_V_WINDICATOR,
	DSR__DB_FACT_END
};
/* The kind a fact of kind db is kept under while its article is withdrawn. */
#define DSR__DB_PARKED(db) ((db) + (DSR__DB_V_WARTICLE - DSR__DB_V_ARTICLE))
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
	 (db) == DSR__DB_V_PCLAIM || (db) == DSR__DB_V_TGDATE ||                \
	 (db) == DSR__DB_V_TGMEMBER || (db) == DSR__DB_V_TGACTOR ||             \
	 (db) == DSR__DB_V_TDATE || (db) == DSR__DB_V_IOC)
/* Whether an index table's items begin with an 8-byte order: the hlc of
 * the event that added them (view/index.c says why), or in v.tactor and
 * v.tgactor a date's sort key; v.tdate's and v.tgdate's are plain ids. */
#define DSR__INDEX_HLC(db) ((db) != DSR__DB_V_TDATE && (db) != DSR__DB_V_TGDATE)

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
	/* Claims whose proposition must be worked out again at the end of
	 * the batch (view/prop.c): by id (16 bytes each), by article (16
	 * bytes each: all its claims), by name (NUL-separated keys: the
	 * claims naming it, whose cluster changed). */
	dsr_buf prop_claims, prop_articles, prop_names;
	/* Version-vector heads whose hash is computed once, at the end of
	 * the batch, rather than per event: {origin(32), pos(8)} records. */
	dsr_buf heads;
	dsr_buf scratch;           /* large events read back */
	/* The stored bytes of the event whose views are being applied (as
	 * the log holds them; NULL when not at hand). */
	const uint8_t *ev_bytes;
	size_t ev_len;
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
	/* Raw events of the batch decoded on a helper thread (ahead.c), or
	 * NULL. */
	struct dsr__ahead *ahead;
} dsr__wtx;

/* ---- reads and writes in a write transaction (kv.c) -------------------- */

/* Translates an LMDB return code into a dossier error (the one place that
 * does; MDB_MAP_FULL becomes DSR_EMAPFULL so the caller can grow). */
int dsr__mdb_err(int rc);
/* Reads key from table db; *val points into the overlay or the map and is
 * valid until the next write.  Returns 0, DSR_ENOTFOUND or an error. */
int dsr__get(dsr__wtx *w, int db, const void *key, size_t klen, MDB_val *val);
int dsr__put(dsr__wtx *w, int db, const void *key, size_t klen,
	     const void *val, size_t vlen);
int dsr__del(dsr__wtx *w, int db, const void *key, size_t klen);
/* Queues an index item to add (delta > 0) or remove at the flush. */
int dsr__kv_index(dsr__wtx *w, int db, const void *key, size_t klen,
		  const void *item, size_t ilen, int delta);
/* Writes the overlay and the queued index items to LMDB in (table, key)
 * order and empties it: call before scanning a table with a cursor. */
int dsr__kv_flush(dsr__wtx *w);

/* One more distinct fact of kind db (facttab.c). */
int dsr__fcount_add(dsr__wtx *w, int db);
/* One fact moves from kind `from` to kind `to` (an article withdrawn or
 * restored, view/park.c). */
int dsr__fcount_move(dsr__wtx *w, int from, int to);

/* ---- blocks of items (blocks.c) ----------------------------------------- */

/* v.search keeps its postings in blocks: items (prefix, sub, value) of one
 * prefix (a term and its NUL) packed several to a record keyed by the
 * prefix and the first item's sub (a document's key).  The stop maps,
 * under the empty term, are plain records. */
#define DSR__BLOCK_SUB (8 + DSR_ID_LEN + 1)
#define DSR__BLOCK_KEY_MAX (64 + 1 + DSR__BLOCK_SUB)
#define DSR__DB_IS_BLOCKED(db, key) ((db) == DSR__DB_V_SEARCH && ((const uint8_t *)(key))[0])

typedef struct dsr__bitem {
	uint8_t sub[DSR__BLOCK_SUB];
	uint32_t vlen;
	const uint8_t *val;
} dsr__bitem;

typedef struct dsr__bitems {
	dsr__bitem *v;
	size_t n, cap;
} dsr__bitems;

/* A change to one item: its new value, or its removal (tomb). */
typedef struct dsr__bchange {
	const uint8_t *sub;
	const uint8_t *val;
	uint32_t vlen;
	bool tomb;
} dsr__bchange;

/* Applies changes ch[0 .. n) (in sub order, each sub once) to the blocks
 * of prefix pfx in the cursor's table.  Returns 0, an LMDB code, or
 * -ENOMEM. */
int dsr__blocks_apply(MDB_cursor *c, const uint8_t *pfx, size_t plen, const dsr__bchange *ch,
		      size_t n);

/* A cursor over one prefix's items, walked backwards (newest first, as
 * search reads them): the current item is b.v[i] unless done. */
typedef struct dsr__bcur {
	MDB_cursor *c;
	uint8_t pfx[DSR__BLOCK_KEY_MAX];
	size_t plen;
	dsr__bitems b;             /* the current block, decoded */
	size_t i;
	bool done;                 /* moved past the prefix's items */
} dsr__bcur;

/* These return 0, an LMDB code (MDB_CORRUPTED: a block that does not
 * decode) or -ENOMEM. */
int dsr__bcur_open(dsr__bcur *bc, MDB_txn *txn, MDB_dbi dbi, const void *pfx, size_t plen);
void dsr__bcur_close(dsr__bcur *bc);
/* To the last item <= sub (NULL: the prefix's last), by a descent. */
int dsr__bcur_find_back(dsr__bcur *bc, const uint8_t *sub);
/* From where it is back to the last item <= sub: within its block or the
 * two before, else by a descent. */
int dsr__bcur_seek_back(dsr__bcur *bc, const uint8_t *sub);
/* One item back. */
int dsr__bcur_prev(dsr__bcur *bc);
static inline const dsr__bitem *dsr__bcur_item(const dsr__bcur *bc)
{
	return &bc->b.v[bc->i];
}
static inline const uint8_t *dsr__bcur_sub(const dsr__bcur *bc)
{
	return dsr__bcur_item(bc)->sub;
}

/* ---- stamps and keys (keys.c) ------------------------------------------ */

/* An event's stamp: (hlc, origin, seq), with the origin shortened to its
 * first 8 bytes (see Stamp in view.proto). */
typedef struct dsr__stamp {
	uint64_t hlc;
	uint64_t origin;
	uint64_t seq;
} dsr__stamp;

/* Comparing stamps: (hlc, origin, seq). */
int dsr__stamp_cmp(const dsr__stamp *a, const dsr__stamp *b);
int dsr__stamp_cmp_pb(const dsr__stamp *a, const Dpb__Stamp *b);
void dsr__stamp_to_pb(const dsr__stamp *a, Dpb__Stamp *pb);
dsr__stamp dsr__stamp_of(const Dpb__Event *ev);
dsr__stamp dsr__stamp_from_pb(const Dpb__Stamp *pb);
uint64_t dsr__origin8(const uint8_t *origin);
/* A stamp as 24 big-endian bytes (keys of v.conflict). */
void dsr__stamp_bytes(uint8_t out[24], const dsr__stamp *s);
/* Keys: "a \0 b" composites. */
int dsr__key2(dsr_buf *k, const void *a, size_t alen, const void *b, size_t blen);

/* ---- events by stamp (origin.c) ---------------------------------------- */

/* The full origin id and local number of a stamp's origin prefix. */
int dsr__origin_by_prefix(dsr_store *s, MDB_txn *txn, uint64_t origin8,
			  uint8_t full[DSR_ORIGIN_LEN], uint32_t *idx);
/* Decodes the event a stamp names (free with dpb__event__free_unpacked).
 * Errors: DSR_ENOTFOUND, DSR_ECORRUPT. */
int dsr__event_by_stamp(dsr_store *s, MDB_txn *txn, const dsr__stamp *st,
			Dpb__Event **ev);
/* Appends bytes [off, off + len) of the stored event a stamp names to out
 * (fewer where the event ends), reading only the chunks that hold them.
 * Errors: DSR_ENOTFOUND, DSR_ECORRUPT, -ENOMEM. */
int dsr__event_slice(dsr_store *s, MDB_txn *txn, const dsr__stamp *st, size_t off,
		     size_t len, dsr_buf *out);

/* ---- quarantine (replstate.c) ------------------------------------------ */

/* True when origin is quarantined (views skip its events). */
bool dsr__quarantined(dsr_store *s, MDB_txn *txn, const uint8_t *origin);

#endif
