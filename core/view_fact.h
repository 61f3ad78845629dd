/* view_fact.h: what the fact views (articles, mentions, claims, entries)
 * share: a record per fact id holding the payload of the winning event (the
 * greatest stamp) and the sorted stamps of every event that carried it. */
#ifndef DOSSIER_VIEW_FACT_H
#define DOSSIER_VIEW_FACT_H

#include "store_int.h"

typedef struct dsr__supports {
	Dpb__Stamp **v;            /* malloc'd array; elements borrowed */
	size_t n;
	Dpb__Stamp fresh;          /* the stamp added */
	uint8_t origin[DSR_ORIGIN_LEN];
} dsr__supports;

/* Builds old[] with s inserted in order.  Returns 0 or -ENOMEM. */
int dsr__supports_add(dsr__supports *out, Dpb__Stamp *const *old, size_t n_old,
		      const dsr__stamp *s);
void dsr__supports_free(dsr__supports *sp);

/* Reads and decodes a record: 0, DSR_ENOTFOUND, DSR_ECORRUPT. */
int dsr__get_rec(dsr__wtx *w, int db, const void *key, size_t klen,
		 const ProtobufCMessageDescriptor *desc, ProtobufCMessage **out);
/* Encodes and writes a record. */
int dsr__put_rec(dsr__wtx *w, int db, const void *key, size_t klen,
		 const ProtobufCMessage *m);

#endif
