/* query/impl.h: what the query files share (what the export layer uses of
 * them is in query/api.h).
 *
 *   actor.c          actors: a cluster of names, its display name, aliases
 *   claims.c         claims by filter, judged against the others
 *   timeline.c       timeline entries in date order
 *   articles.c       articles and their fact counts
 *   why.c            provenance: every event behind a fact
 *   reasoning.c      how a claim's or a proposition's confidence comes about
 *   attribution.c    attribution rows: who is said to be behind each act
 *   conflict.c       edits that lost to later ones
 *   resolve.c        ids from a prefix of their hex digits
 *   corroboration.c  judging a claim: sources, corroboration, contradiction
 *   confidence.c     a claim's confidence and its ICD 203 words
 *   idset.c          sets of fact ids from the index tables
 *   scan.c           prefix scans, index items, an article's publisher
 *   namecache.c      the cluster and display name of names, once a pass
 *   walk.c           whole-table walks: propositions, notes, assessed claims
 *   search.c         full-text search over articles and claims, with
 *                    search_query.c and search_text.c (query/search.h)
 */
#ifndef DOSSIER_QUERY_IMPL_H
#define DOSSIER_QUERY_IMPL_H

#include "query/api.h"

/* ---- scans (scan.c) ------------------------------------------------------ */

/* Calls fn(key-suffix) for each key of db that starts with prefix. */
int dsr__scan_prefix(dsr_rtxn *t, int db, const void *pfx, size_t plen,
		     int (*fn)(void *ctx, const MDB_val *k, const MDB_val *v),
		     void *ctx);
/* Calls fn for each id stored under key in an index table. */
int dsr__scan_dups(dsr_rtxn *t, int db, const void *key, size_t klen,
		   int (*fn)(void *ctx, const MDB_val *k, const MDB_val *v),
		   void *ctx);

/* ---- actors (actor.c) ---------------------------------------------------- */

/* Builds the ActorInfo of a cluster with at most `articles` of its
 * articles (DSR_ALL_ARTICLES: every one); free with dsr__actor_info_free. */
int dsr__actor_info(dsr_rtxn *t, const char *cluster, size_t articles, Dpb__ActorInfo **out);
/* The display name of a cluster (into out, NUL-terminated). */
int dsr__cluster_display(dsr_rtxn *t, const char *cluster, dsr_buf *out);
void dsr__actor_info_free(Dpb__ActorInfo *a);

/* ---- propositions (scan.c) ------------------------------------------------ */

/* The proposition record of id (free with dpb__prop_rec__free_unpacked).
 * DSR_ENOTFOUND, DSR_ECORRUPT. */
int dsr__prop_get(dsr_rtxn *t, const uint8_t id[DSR_ID_LEN], Dpb__PropRec **out);

/* ---- sets of fact ids (idset.c) ------------------------------------------ */

/* Fact ids gathered from index tables (16 bytes each). */
typedef struct dsr__idset {
	uint8_t *v;
	size_t n, cap;
} dsr__idset;

int dsr__ids_add(dsr__idset *s, const uint8_t *id);
void dsr__ids_sort_unique(dsr__idset *s);
/* The ids of kind db drawn from `article` (its first 8 bytes suffice;
 * sorted, unique). */
int dsr__article_ids(dsr_rtxn *t, int db, const uint8_t *article, dsr__idset *out);

/* The items hlc(8) id(16) under any of `keys` of an index table whose
 * items begin with an hlc, as one list in (hlc, id) order — the order
 * facts were filed — each once, from item `from` (NULL: the first) on.
 * fn returns > 0 to stop.  Costs the items walked, whatever the table
 * holds. */
int dsr__index_walk(dsr_rtxn *t, int db, const MDB_val *keys, size_t nkeys,
		    const uint8_t *from, int (*fn)(void *ctx, const uint8_t item[8 + DSR_ID_LEN]),
		    void *ctx);
/* How many items there are under the keys (an item under two keys twice). */
size_t dsr__index_count(dsr_rtxn *t, int db, const MDB_val *keys, size_t nkeys);

#endif
