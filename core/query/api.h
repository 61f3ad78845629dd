/* query/api.h: what the query layer offers the exports inside the core,
 * beyond the public queries of ../query.h and ../confidence.h.  What only
 * the query files share is query/impl.h. */
#ifndef DOSSIER_QUERY_API_H
#define DOSSIER_QUERY_API_H

#include "name.h"
#include "query.h"
#include "store/api.h"

/* A list of keys ("a\0b\0..."), as found by prefix scans. */
typedef struct dsr__keys {
	dsr_buf b;
	size_t n;
} dsr__keys;

/* The name keys of the actor that `name` belongs to (its cluster's
 * members).  DSR_ENOTFOUND when no fact uses the name. */
int dsr__actor_members(dsr_rtxn *t, const char *name, dsr__keys *out,
		       char cluster[DSR_NAME_KEY_MAX]);
/* The publisher of an article (into out, NUL-terminated).
 * DSR_ENOTFOUND when unknown or empty. */
int dsr__publisher(dsr_rtxn *t, ProtobufCBinaryData article, dsr_buf *out);

/* ---- every article's publisher (publishers.c) ------------------------------ */

/* For a walk that meets articles in no order of theirs: every publisher,
 * read in one pass over the articles' records. */
struct dsr__pubmap_item;
typedef struct dsr__pubmap {
	struct dsr__pubmap_item *v;  /* by article id */
	size_t n, cap;
	dsr_buf names;
} dsr__pubmap;
int dsr__pubmap_load(dsr_rtxn *t, dsr__pubmap *m);
/* The article's publisher, "" when unknown or empty. */
const char *dsr__pubmap_get(const dsr__pubmap *m, ProtobufCBinaryData article);
void dsr__pubmap_free(dsr__pubmap *m);

/* ---- whole-table walks (walk.c) -------------------------------------------- */

/* Every proposition, in id order (the record lives for the call). */
int dsr__props_each(dsr_rtxn *t,
		    int (*fn)(void *ctx, const uint8_t id[DSR_ID_LEN], const Dpb__PropRec *p),
		    void *ctx);
/* Every analyst's note, by target kind, target and stamp. */
int dsr__notes_each(dsr_rtxn *t, int (*fn)(void *ctx, const Dpb__NoteRec *n), void *ctx);
/* Every claim an analyst assessed (status, grade or placement), by id. */
int dsr__assessed_each(dsr_rtxn *t,
		       int (*fn)(void *ctx, const uint8_t claim[DSR_ID_LEN],
				 const Dpb__AssessRec *a),
		       void *ctx);

/* ---- names met by one query (namecache.c) --------------------------------- */

/* The cluster and display name of each distinct name a pass meets, looked
 * up once; valid in one read transaction. */
typedef struct dsr__namecache dsr__namecache;
dsr__namecache *dsr__namecache_new(void);
void dsr__namecache_free(dsr__namecache *c);
/* The cluster key of the actor the name belongs to; NULL when unknown. */
const char *dsr__namecache_cluster(dsr_rtxn *t, dsr__namecache *c, const char *name);
/* The actor's display name; NULL when unknown. */
const char *dsr__namecache_display(dsr_rtxn *t, dsr__namecache *c, const char *name);

#endif
