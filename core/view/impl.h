/* view_fact.h: what the fact views (articles, mentions, claims, entries)
 * share.  A fact record lists the stamps of every event that carried the
 * fact, sorted; the last is the winner, whose payload (read from the log)
 * is the fact's content.  When a new event becomes the winner, what the
 * old winner contributed to other tables is taken back and the new one's
 * added, so every table stays a function of the set of events. */
#ifndef DOSSIER_VIEW_FACT_H
#define DOSSIER_VIEW_FACT_H

#include "store/api.h"

/* Adds (delta 1) or takes back (delta -1) what a winning event
 * contributes to tables other than its fact record. */
typedef int (*dsr__refs_fn)(dsr__wtx *w, const Dpb__Event *ev, int delta);

/* Records ev as a carrier of fact `id` (table db: FactRec) and makes it
 * the winner if its stamp is the greatest. */
int dsr__fact_add(dsr__wtx *w, int db, const uint8_t id[DSR_ID_LEN],
		  const Dpb__Event *ev, dsr__refs_fn refs);

/* The winning event of fact `id` (free with dpb__event__free_unpacked).
 * DSR_ENOTFOUND when the fact is not stored. */
int dsr__fact_winner(dsr_store *s, MDB_txn *txn, int db, const uint8_t id[DSR_ID_LEN],
		     Dpb__Event **ev, size_t *nsupports);

typedef struct dsr__supports {
	Dpb__Stamp **v;            /* malloc'd array; elements borrowed */
	size_t n;
	Dpb__Stamp fresh;          /* the stamp added */
} dsr__supports;

/* Builds old[] with s inserted in order.  Returns 0 or -ENOMEM. */
int dsr__supports_add(dsr__supports *out, Dpb__Stamp *const *old, size_t n_old,
		      const dsr__stamp *s);
void dsr__supports_free(dsr__supports *sp);

/* Reads and decodes a record: 0, DSR_ENOTFOUND, DSR_ECORRUPT.  The record
 * lives in w->recs until the next event's views: never free it. */
int dsr__get_rec(dsr__wtx *w, int db, const void *key, size_t klen,
		 const ProtobufCMessageDescriptor *desc, ProtobufCMessage **out);
/* Encodes and writes a record. */
int dsr__put_rec(dsr__wtx *w, int db, const void *key, size_t klen,
		 const ProtobufCMessage *m);

#endif
