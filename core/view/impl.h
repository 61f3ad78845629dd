/* view/impl.h: what the view files share.
 *
 * The rule every view follows: its tables are a function of the *set* of
 * events stored, never of their order.  Single values are decided by the
 * greatest stamp (hlc, origin, seq; lww.c); counts are sums over winning
 * facts (fact.c); clusters of names are recomputed from the whole connected
 * component (cluster.c).  docs/store.md has the table layout.
 *
 *   apply.c     the dispatcher: one applier per payload kind (payload.h)
 *   fact.c      fact records: every event that carried a fact, the winner
 *   index.c     items of the index tables
 *   lww.c       single values, last writer wins; edits that lost
 *   article.c   articles (v.fact)
 *   mention.c   actor mentions
 *   names.c     the name graph: nodes, forms, blocking keys, edges
 *   rules.c     the name rule's edges, at the end of a batch
 *   cluster.c   clusters of names (actors), at the end of a batch
 *   claim.c     claims and their assessments
 *   prop.c      propositions: claims that state the same thing
 *   entry.c     timeline entries and their amendments
 *   indicator.c indicators of compromise and their index by value
 *   tgroup.c    timeline groups: entries telling the same event
 *   note.c      verdicts on names, notes, preferred names and kinds
 *   acurrec.c   an article's corrections record, read by the fact views
 *   park.c      withdrawing an article's facts from the views, restoring them
 *   acur.c      analysts' corrections of articles (ArticleCurated)
 *   search.c    the full-text index of articles and claims
 */
#ifndef DOSSIER_VIEW_IMPL_H
#define DOSSIER_VIEW_IMPL_H

#include "payload.h"
#include "view/api.h"

/* ---- fact records (fact.c) ----------------------------------------------
 * A fact record lists the stamps of every event that carried the fact,
 * sorted; the last is the winner, whose payload (read from the log) is the
 * fact's content.  When a new event becomes the winner, what the old winner
 * contributed to other tables is taken back and the new one's added, so
 * every table stays a function of the set of events. */

/* Adds (delta 1) or takes back (delta -1) what a winning event
 * contributes to tables other than its fact record. */
typedef int (*dsr__refs_fn)(dsr__wtx *w, const Dpb__Event *ev, int delta);

/* Records ev as a carrier of fact `id` (table db: FactRec) and makes it
 * the winner if its stamp is the greatest. */
int dsr__fact_add(dsr__wtx *w, int db, const uint8_t id[DSR_ID_LEN],
		  const Dpb__Event *ev, dsr__refs_fn refs);

/* What each fact kind's winner contributes (mention.c, claim.c, entry.c,
 * indicator.c): taken back when an article is withdrawn (park.c). */
int dsr__mention_refs(dsr__wtx *w, const Dpb__Event *ev, int delta);
int dsr__claim_refs(dsr__wtx *w, const Dpb__Event *ev, int delta);
int dsr__entry_refs(dsr__wtx *w, const Dpb__Event *ev, int delta);
int dsr__indicator_refs(dsr__wtx *w, const Dpb__Event *ev, int delta);
/* An article's own: its postings in the full-text index (article.c). */
int dsr__article_refs(dsr__wtx *w, const Dpb__Event *ev, int delta);

/* ---- articles' corrections (acurrec.c, park.c, entry.c) ------------------ */

/* The corrections record of an article (NULL, 0 when it has none); lives
 * in w->recs like dsr__get_rec's. */
int dsr__acur_get(dsr__wtx *w, const uint8_t article[DSR_ID_LEN], Dpb__ArticleCurRec **out);
/* Whether an analyst has withdrawn the article (its facts are parked). */
int dsr__acur_withdrawn(dsr__wtx *w, const uint8_t article[DSR_ID_LEN], bool *out);
/* Overlays the corrected fields of rec (may be NULL) on meta. */
void dsr__acur_overlay(const Dpb__ArticleCurRec *rec, Dpb__ArticleFiled *meta);
/* Moves the article's record and facts out of the views (withdraw) or
 * back (restore), taking back or adding what each winner contributes. */
int dsr__article_park(dsr__wtx *w, const uint8_t article[DSR_ID_LEN], bool withdraw);
/* Sets the date an amended publication date gives an entry (date NULL:
 * none), moving the entry in the timeline if it is held. */
int dsr__entry_redate(dsr__wtx *w, const uint8_t entry[DSR_ID_LEN], const char *date,
		      int precision);

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

/* ---- index tables (index.c) ---------------------------------------------- */

/* Adds (delta > 0) or removes the id under key in an index table.  In
 * tables with DSR__INDEX_HLC the item is hlc (8 BE) then id, so the items
 * of a key grow at its end (MDB_APPENDDUP: pages fill up instead of
 * splitting in half, and a batch touches one page per key); v.tdate keeps
 * plain ids, the timeline's order within a date.  v.tactor and v.tgactor
 * put a date's sort key where the hlc goes: an actor's timeline in date
 * order. */
int dsr__index(dsr__wtx *w, int db, const void *key, size_t klen, uint64_t hlc,
	       const uint8_t id[DSR_ID_LEN], int delta);

/* ---- single values (lww.c) ----------------------------------------------- */

/* Records a single-valued edit that lost. */
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

/* ---- the name graph (names.c, rules.c, cluster.c) ------------------------ */

/* Adds (delta > 0) or takes back a reference to the name `form` (its node
 * is keyed by dsr_name_key, written to key_out); 1 when the name has no
 * key. */
int dsr__name_ref(dsr__wtx *w, const char *form, int delta, int kind,
		  uint32_t mentions, char *key_out);
/* Adjusts the record of one surface form of a node; creating or removing
 * a form updates the blocking index and queues rule work. */
int dsr__form_ref(dsr__wtx *w, const char *key, const char *form, int delta,
		  uint32_t mentions);
/* Adds (delta > 0) or takes back an extraction's link between two names. */
int dsr__name_link(dsr__wtx *w, const char *ka, const char *kb, int delta);
/* Adjusts the edge between two names, both ways: auto_delta counts the
 * links extraction made, rule (0, 1; -1 leaves it) says whether the name
 * rule joins them.  Marks both names dirty when the edge came or went. */
int dsr__edge(dsr__wtx *w, const char *a, const char *b, int auto_delta, int rule);
/* Queues a name for re-clustering at the end of the batch. */
int dsr__mark_dirty(dsr__wtx *w, const char *key);
/* End of a batch: the name rule's edges of new forms (rules.c), then the
 * clusters of dirty names (cluster.c). */
int dsr__rules_finish(dsr__wtx *w);
int dsr__cluster_finish(dsr__wtx *w);

/* ---- propositions (prop.c) ------------------------------------------------ */

/* Adds (delta > 0) or takes back a winning claim's contribution to its
 * proposition. */
int dsr__prop_claim(dsr__wtx *w, const Dpb__Event *ev, int delta);
/* Queue claims to be worked out again at the end of the batch: one claim
 * (its assessment changed), the claims naming a name (its cluster
 * changed), an article's claims (its winning metadata changed; `first`:
 * it is new, and only claims filed before it wait for it). */
int dsr__prop_requeue_claim(dsr__wtx *w, const uint8_t id[DSR_ID_LEN]);
int dsr__prop_requeue_name(dsr__wtx *w, const char *key);
int dsr__prop_article(dsr__wtx *w, const uint8_t article[DSR_ID_LEN], bool first);
/* An analyst placed a claim anew (its winning placement changed): it was
 * with old_with, it is with new_with (either NULL for none); the claim is
 * queued, and at the end of the batch the claims placed with it too. */
int dsr__prop_place(dsr__wtx *w, const uint8_t claim[DSR_ID_LEN], const uint8_t *old_with,
		    const uint8_t *new_with);
/* End of a batch, after clustering: the queued claims. */
int dsr__prop_finish(dsr__wtx *w);

/* ---- timeline groups (tgroup.c) -------------------------------------------- */

/* Places an entry in its timeline group from its winning event ev and its
 * amendment (delta > 0; taking back where it stood first), or takes it
 * out (delta < 0). */
int dsr__tgroup_entry(dsr__wtx *w, const uint8_t *entry, const Dpb__Event *ev,
		      const Dpb__AmendRec *am, int delta);

/* ---- the full-text index (search.c) -------------------------------------- */

/* Adds (delta > 0) or takes back the postings of one document: an article
 * (title, text) or a claim (content, source), of kind DSR__SEARCH_*, filed
 * by an event of clock hlc.  The second field's positions follow the
 * first's after a gap, so no phrase spans the two. */
int dsr__search_doc(dsr__wtx *w, char kind, const uint8_t id[DSR_ID_LEN], uint64_t hlc,
		    const uint8_t *f1, size_t l1, const uint8_t *f2, size_t l2, int delta);

/* ---- the appliers, one per payload kind (payload.h) ---------------------- */

/* dsr__view_<field>(w, ev) for every row of DSR_PAYLOADS: article.c,
 * mention.c (actor), note.c (names, note, curated), claim.c (claim,
 * assessed), entry.c (entry, amended). */
#define XX(CASE, field, factid) \
	int dsr__view_##field(dsr__wtx *w, const Dpb__Event *ev);
DSR_PAYLOADS(XX)
#undef XX

#endif
