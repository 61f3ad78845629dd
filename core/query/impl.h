/* query_int.h: helpers shared by the query files. */
#ifndef DOSSIER_QUERY_INT_H
#define DOSSIER_QUERY_INT_H

#include "name.h"
#include "query.h"
#include "store/api.h"

/* A list of keys ("a\0b\0..."), as found by prefix scans. */
typedef struct dsr__keys {
	dsr_buf b;
	size_t n;
} dsr__keys;

/* Calls fn(key-suffix) for each key of db that starts with prefix. */
int dsr__scan_prefix(dsr_rtxn *t, int db, const void *pfx, size_t plen,
		     int (*fn)(void *ctx, const MDB_val *k, const MDB_val *v),
		     void *ctx);
/* Calls fn for each id stored under key in an index table. */
int dsr__scan_dups(dsr_rtxn *t, int db, const void *key, size_t klen,
		   int (*fn)(void *ctx, const MDB_val *k, const MDB_val *v),
		   void *ctx);
/* The name keys of the actor that `name` belongs to (its cluster's
 * members).  DSR_ENOTFOUND when no fact uses the name. */
int dsr__actor_members(dsr_rtxn *t, const char *name, dsr__keys *out,
		       char cluster[DSR_NAME_KEY_MAX]);
/* Builds the ActorInfo of a cluster; free with dsr__actor_info_free. */
int dsr__actor_info(dsr_rtxn *t, const char *cluster, Dpb__ActorInfo **out);
void dsr__actor_info_free(Dpb__ActorInfo *a);
/* The publisher of an article (into out, NUL-terminated).
 * DSR_ENOTFOUND when unknown or empty. */
int dsr__publisher(dsr_rtxn *t, ProtobufCBinaryData article, dsr_buf *out);
/* The display name of the actor a name belongs to (into out). */
int dsr__display_name(dsr_rtxn *t, const char *name, dsr_buf *out);

#endif
