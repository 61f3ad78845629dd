/* view/api.h: what the view layer offers outside itself inside the core.
 * The store drives the views: it calls dsr__view_apply() for every event
 * it stores, in the append's transaction, and dsr__view_finish() at the
 * end of each batch (the one call that goes from a lower layer to a higher
 * one; docs/hacking.md).  The queries read a fact's winning event.
 * Everything else of the views is in view/impl.h. */
#ifndef DOSSIER_VIEW_API_H
#define DOSSIER_VIEW_API_H

#include "store/api.h"
#include "name.h"

#include <stdbool.h>
#include <string.h>

/* Updates the views for one stored event.  Events of a quarantined origin
 * change nothing.  DSR_EPAYLOAD for a payload no view knows. */
int dsr__view_apply(dsr__wtx *w, const Dpb__Event *ev);
/* Work deferred to the end of a batch: name-rule edges of new forms, and
 * re-clustering of dirty names. */
int dsr__view_finish(dsr__wtx *w);

/* The stamp of the winner of a fact record's bytes (its last support) and
 * how many events support it (nsupports may be NULL).  DSR_ECORRUPT when
 * the bytes are no fact record or it has no support. */
int dsr__fact_rec_winner(const void *p, size_t n, dsr__stamp *st, size_t *nsupports);
/* The winning event of fact `id` (free with dpb__event__free_unpacked).
 * DSR_ENOTFOUND when the fact is not stored. */
int dsr__fact_winner(dsr_store *s, MDB_txn *txn, int db, const uint8_t id[DSR_ID_LEN],
		     Dpb__Event **ev, size_t *nsupports);

/* The key of an indicator in v.ioc: its type, NUL, its value; a value too
 * long for a key is cut and followed by NUL and a hash of the whole.  The
 * type's prefix (type, NUL) finds every indicator of a type.  Returns the
 * key's length. */
#define DSR__IOC_KEY_MAX 480
size_t dsr__ioc_key(uint8_t k[DSR__IOC_KEY_MAX], const char *type, const char *value);

/* The key of a claim in v.cabout and v.csrc: the name key, NUL, and a
 * byte for its stance and hedging ('0' + 2 * denies + hedged), so that a
 * query for one stance walks only those claims.  Returns its length
 * (out: DSR_NAME_KEY_MAX + 2 bytes). */
#define DSR__CLAIM_KEY_MAX (DSR_NAME_KEY_MAX + 2)
static inline size_t dsr__claim_key(char *out, const char *name_key, bool denies, bool hedged)
{
	size_t n = strlen(name_key);
	memcpy(out, name_key, n);
	out[n] = 0;
	out[n + 1] = (char)('0' + 2 * denies + hedged);
	return n + 2;
}

/* ---- the full-text index v.search (search.c; docs/store.md) ---------------
 * Key: the folded term (model/api.h, dsr__words), NUL, the document's key:
 * the hlc (8 BE) of the event that filed the document, its id's first 8
 * bytes (its article's), its kind ('a' article, 'c' claim), its id's last
 * 8.  The clock first puts a term's new postings at the end of its range:
 * a commit writes one page per term it adds to, not one per posting at a
 * place as random as an id (which made a commit dirty a quarter of the
 * index's pages at 10,000 articles).  The clock is the event's, so every
 * replica has the same keys.  A posting: the term's positions in the
 * document, ascending, as varints: the first, then each gap less one;
 * after each, the stop word just before it (its number, 0 for none) and,
 * when that is one, the stop word before it; then the same after it.
 * The view writes (term, document) -> posting through the overlay like
 * any record; the store keeps a term's postings packed in blocks of about
 * sixteen (store/blocks.c), which search reads with dsr__bcur.
 * Under the empty term (the key
 * begins with NUL), a document's stop map: a byte per position up to its
 * last stop word, that stop word's number (model/api.h) or 0. */
#define DSR__SEARCH_ARTICLE 'a'
#define DSR__SEARCH_CLAIM 'c'
#define DSR__SEARCH_DOC_LEN (8 + DSR_ID_LEN + 1)
#define DSR__SEARCH_KEY_MAX (64 + 1 + DSR__SEARCH_DOC_LEN)
/* Where a document's key holds its kind, and its id's two halves. */
#define DSR__SEARCH_DOC_KIND (8 + DSR_ID_LEN / 2)
static inline void dsr__search_doc_key(uint8_t out[DSR__SEARCH_DOC_LEN], char kind,
				       const uint8_t *id, uint64_t hlc)
{
	for (int i = 0; i < 8; i++)
		out[i] = (uint8_t)(hlc >> (56 - 8 * i));
	memcpy(out + 8, id, DSR_ID_LEN / 2);
	out[DSR__SEARCH_DOC_KIND] = (uint8_t)kind;
	memcpy(out + DSR__SEARCH_DOC_KIND + 1, id + DSR_ID_LEN / 2, DSR_ID_LEN / 2);
}
/* The document's kind and id from its key. */
static inline char dsr__search_doc_id(const uint8_t key[DSR__SEARCH_DOC_LEN],
				      uint8_t id[DSR_ID_LEN])
{
	memcpy(id, key + 8, DSR_ID_LEN / 2);
	memcpy(id + DSR_ID_LEN / 2, key + DSR__SEARCH_DOC_KIND + 1, DSR_ID_LEN / 2);
	return (char)key[DSR__SEARCH_DOC_KIND];
}
/* The key of (term, the document filed at hlc of kind and id); without id
 * (NULL), the prefix of the term's postings (kind, hlc unused).  Returns
 * its length. */
size_t dsr__search_key(uint8_t out[DSR__SEARCH_KEY_MAX], char kind, const char *term,
		       size_t tlen, const uint8_t *id, uint64_t hlc);

/* A place of a term in a document: its position, and the numbers of the
 * stop words just before and after it (0: none), then of those beyond
 * them (0 when the near one is none). */
typedef struct dsr__place {
	uint32_t pos;
	uint8_t around[4];
} dsr__place;
/* The most places a posting value of len bytes can hold (three bytes
 * each at least). */
#define DSR__POSTING_PLACES_MAX(len) ((len) / 3 + 1)
/* Decodes a posting's value: its places into out (room for
 * DSR__POSTING_PLACES_MAX(len)), *n their number; DSR_ECORRUPT. */
int dsr__posting_places(const void *val, size_t len, dsr__place *out, size_t *n);
/* Whether some place of a posting has the neighbours need[] asks for (by
 * around[]'s index; -1: any), without decoding the places: false only
 * when the posting decodes and none has. */
bool dsr__posting_agrees(const void *val, size_t len, const int need[4]);

/* An analyst's placement of a claim in a proposition as words: "rule",
 * "apart" or "with <claim id>" (view/claim.c). */
void dsr__place_word(Dpb__Placement p, ProtobufCBinaryData with, char *out, size_t n);

#endif
