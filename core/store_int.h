/* store_int.h: the store's internals, shared by store*.c, log.c, kv.c,
 * view*.c and query*.c.  Nothing outside core/ includes this. */
#ifndef DOSSIER_STORE_INT_H
#define DOSSIER_STORE_INT_H

#include <lmdb.h>
#include <pthread.h>
#include <stdbool.h>

#include "buf.h"
#include "store.h"
#include "proto/view.pb-c.h"

/* The LMDB tables.  Names starting with "v." are views: dropped by
 * rebuild, covered by the digest.  The order here is the digest's order,
 * which is the names' byte order. */
#define DSR_TABLES(XX)                                                          \
	XX(META, "meta")                                                        \
	XX(LOG, "log")          /* pos(8 BE) -> encoded Event */                \
	XX(OSEQ, "oseq")        /* origin(32) seq(8 BE) -> pos(8 BE) */         \
	XX(VV, "vv")            /* origin(32) -> seq(8 BE) head(32) */          \
	XX(V_AMEND, "v.amend")  /* entry id -> AmendRec */                      \
	XX(V_ARTICLE, "v.article") /* article id -> ArticleRec */               \
	XX(V_ASSESS, "v.assess") /* claim id -> AssessRec */                    \
	XX(V_BLOCK, "v.block")  /* block \0 key \0 form -> "" */                \
	XX(V_CABOUT, "v.cabout") /* key \0 claim id -> "" */                    \
	XX(V_CLAIM, "v.claim")  /* claim id -> ClaimRec */                      \
	XX(V_CONFLICT, "v.conflict") /* target \0 field \0 stamp -> ConflictRec */ \
	XX(V_CSRC, "v.csrc")    /* key \0 claim id -> "" */                     \
	XX(V_CURATE, "v.curate") /* key -> CurateRec */                         \
	XX(V_EDGE, "v.edge")    /* key \0 key (sorted) -> EdgeRec */            \
	XX(V_ENTRY, "v.entry")  /* entry id -> EntryRec */                      \
	XX(V_FORM, "v.form")    /* key \0 form -> FormRec */                    \
	XX(V_JUDGE, "v.judge")  /* key \0 key (sorted) -> JudgeRec */           \
	XX(V_MEMBER, "v.member") /* cluster \0 key -> "" */                     \
	XX(V_MENTION, "v.mention") /* mention id -> MentionRec */               \
	XX(V_NART, "v.nart")    /* key \0 article id -> refs (varint) */        \
	XX(V_NODE, "v.node")    /* key -> NodeRec */                            \
	XX(V_NOTE, "v.note")    /* kind(1) target \0 note id -> NoteRec */      \
	XX(V_TACTOR, "v.tactor") /* key \0 entry id -> "" */                    \
	XX(V_TDATE, "v.tdate")  /* sortdate(8 BE) entry id -> "" */

enum {
#define XX(id, name) DSR__DB_##id,
	DSR_TABLES(XX)
#undef XX
	DSR__DB_COUNT
};
#define DSR__DB_FIRST_VIEW DSR__DB_V_AMEND

struct dsr_store {
	MDB_env *env;
	MDB_dbi dbi[DSR__DB_COUNT];
	char *dir;
	int lock_fd;
	unsigned flags;
	uint8_t origin[DSR_ORIGIN_LEN];
	uint8_t secret[64];        /* Ed25519 secret key */
	uint64_t hlc;              /* last clock value used or seen */
	size_t map_size;
	pthread_mutex_t wlock;     /* one writer at a time */
	/* Held shared by every open read snapshot and exclusively while the
	 * map is resized: LMDB requires no active transactions then. */
	pthread_rwlock_t resize;
};

struct dsr_rtxn {
	dsr_store *s;
	MDB_txn *txn;
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
	dsr_buf newforms;          /* key \0 form \0 kind(1) records */
	bool rebuilding;
} dsr__wtx;

/* ---- kv.c: LMDB access through the overlay ---------------------------- */

/* Translates an LMDB return code into a dossier error (the one place that
 * does; MDB_MAP_FULL becomes DSR_EMAPFULL so the caller can grow). */
int dsr__mdb_err(int rc);
int dsr__kv_new(struct dsr__kv **out);
void dsr__kv_free(struct dsr__kv *kv);
void dsr__kv_clear(struct dsr__kv *kv);
/* Reads key from table db; *val points into the overlay or the map and is
 * valid until the next write.  Returns 0, DSR_ENOTFOUND or an error. */
int dsr__get(dsr__wtx *w, int db, const void *key, size_t klen, MDB_val *val);
int dsr__put(dsr__wtx *w, int db, const void *key, size_t klen,
	     const void *val, size_t vlen);
int dsr__del(dsr__wtx *w, int db, const void *key, size_t klen);
/* Writes the overlay to LMDB in (table, key) order and empties it. */
int dsr__kv_flush(dsr__wtx *w);

/* ---- log.c ------------------------------------------------------------- */

int dsr__apply_ops(dsr__wtx *w, dsr_op *ops, size_t n);

/* ---- view.c: the views' entry points ---------------------------------- */

typedef struct dsr__stamp {
	uint64_t hlc;
	const uint8_t *origin;     /* DSR_ORIGIN_LEN bytes */
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
void dsr__stamp_to_pb(const dsr__stamp *a, Dpb__Stamp *pb, uint8_t *origin_copy);
dsr__stamp dsr__stamp_of(const Dpb__Event *ev);
/* A view of a stored stamp (borrows its origin). */
dsr__stamp dsr__stamp_from_pb(const Dpb__Stamp *pb);

/* Keys: "a \0 b" composites. */
int dsr__key2(dsr_buf *k, const void *a, size_t alen, const void *b, size_t blen);

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

/* Timeline sort key of a TIMEX3 value (view_entry.c): YYYYMMDDhhmm. */
uint64_t dsr__date_sortkey(const char *timex);

/* Encodes a protobuf-c message into buf (reset first). */
int dsr__pack(dsr_buf *buf, const ProtobufCMessage *m);

#endif
