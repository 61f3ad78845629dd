/* export/stix.h: what the files of the STIX writer share (stix.c writes
 * the bundle and its actors, campaigns and reports; stix_claims.c the
 * notes and opinions; stix_obj.c the pieces of objects, the lookups and the
 * events behind facts, for both).  Only these three include it. */
#ifndef DOSSIER_EXPORT_STIX_H
#define DOSSIER_EXPORT_STIX_H

#include "export/impl.h"
#include "factid.h"
#include "name.h"
#include "query.h"

#include <stdbool.h>
#include <stdint.h>

/* The first and last wall times (ms) of the events behind something; 0:
 * none seen. */
typedef struct times {
	uint64_t first, last;
} times;

/* How an actor appears in the bundle. */
enum as { AS_IDENTITY, AS_SET, AS_LOCATION };

/* Per actor: its object, for references from reports, notes and
 * relationships, and the times behind it. */
typedef struct actor_ref {
	char key[DSR_NAME_KEY_MAX];
	char id[80];
	int kind;
	enum as as;
	times t;          /* every event behind it (names, mentions, acts) */
	uint64_t curated; /* its last judgement or curation: what changes the
			   * clusters others point at */
	char ta[80];      /* the threat-actor standing for it, once written */
} actor_ref;

/* A report's reference to an object: the article, where the object's id
 * is in stx.ids, and when the reference could have appeared. */
typedef struct ref {
	uint8_t article[DSR_ID_LEN];
	uint64_t h;       /* FNV-1a of the id: the order within a report */
	uint32_t at;
	uint64_t ms;
} ref;

/* A proposition's times: every event behind its claims. */
typedef struct prop_time {
	uint8_t id[DSR_ID_LEN];
	times t;
	/* The support behind its confidence (per mille, docs/curation.md):
	 * shown beside the confidence, so that an analyst's act that moves
	 * the support, if not the rounded figure, changes what its objects
	 * say as well as their `modified`. */
	uint64_t weight_for, weight_against;
	uint32_t nclaims;   /* claims stating it, reprints included */
	uint32_t assessed;  /* of which analysts graded or judged (a grade
			     * that leaves every weight as it was still
			     * changes this) */
} prop_time;

/* A proposition that is an attribution row: its campaign's objects. */
typedef struct row {
	uint8_t prop[DSR_ID_LEN];
	char resp[80];      /* the threat-actor standing for the responsible
			     * actor, or "" when it is an intrusion-set */
	char agent[80];     /* what its campaign is attributed-to */
	bool targets;
} row;

/* An article that carries an attribution row (a claim of it): what an
 * indicator the article gives indicates (stix_ioc.c). */
typedef struct arow {
	uint8_t article[DSR_ID_LEN];
	uint32_t row;       /* index in stx.rows */
} arow;

/* An article's times: every event behind it (filed, amended). */
typedef struct art_time {
	uint8_t id[DSR_ID_LEN];
	times t;
} art_time;

typedef struct analyst {
	char *name;
	uint64_t first;
} analyst;

typedef struct stx {
	dsr_rtxn *t;
	dsr__out *o;
	dsr_buf *b;                /* &o->b */
	dsr_why_cache *wc;
	char maker[80];            /* dossier, the system that wrote the facts */
	char ext[80];              /* the extension definition */
	char marking[80];          /* "" or the TLP marking definition */
	actor_ref *actors;         /* by cluster key, as dsr_q_actors gives them */
	size_t nactors, cap;
	/* names met in claims -> their actor (index + 1; 0: none) */
	char **names;
	uint32_t *name_actor;
	size_t nnames, capnames;
	int nobj;
	/* What each report refers to, sorted by article before the reports
	 * are written: a report costs its own references. */
	ref *refs;
	size_t nrefs, caprefs;
	dsr_buf ids;               /* NUL-terminated ids */
	prop_time *props;          /* sorted by id after the first pass */
	size_t nprops, capprops;
	row *rows;                 /* sorted by proposition */
	size_t nrows, caprows;
	arow *arows;               /* sorted by article before the indicators */
	size_t narows, caparows;
	art_time *arts;            /* by id, read before anything else */
	size_t narts, caparts;
	analyst *analysts;         /* sorted by name */
	size_t nanalysts, capanalysts;
	int rc;
} stx;

/* What the events behind a fact say (dsr_q_why): their times, and for a
 * claim its quote and its analysts' acts. */
/* An analyst's note on a fact (its event's origin and seq make its id). */
typedef struct anote {
	uint8_t key[40];      /* origin (32 bytes), seq (8, big-endian) */
	uint64_t ms;
	char *author, *text;
} anote;

typedef struct facts {
	times t;              /* every event that makes the fact what it is */
	uint64_t curated;     /* judgements and curation (actors) */
	uint64_t placed;      /* the claim's placement in a proposition */
	char *quote;          /* the article's text at the claim's span */
	char *grader, *assessor;
	uint64_t graded, assessed;
	anote *notes;         /* the analysts' notes on it */
	size_t nnotes, capnotes;
} facts;

/* ---- stix_obj.c ---------------------------------------------------- */

/* "type--uuid" from (type, key), and from a 16-byte id and a word. */
void dsr__stix_id(char out[80], const char *type, const void *key, size_t klen);
void dsr__stix_id2(char out[80], const char *type, const uint8_t id[DSR_ID_LEN],
		   const char *word);
/* s as a JSON string ("" for NULL). */
void dsr__stix_str(dsr_buf *b, const char *s);
void dsr__stix_times_ms(times *t, uint64_t ms);
void dsr__stix_times_join(times *t, times u);
/* Grows *v (n used of *cap items of size bytes) to hold one more. */
int dsr__stix_grow(void **v, size_t *cap, size_t n, size_t size, size_t first);
/* The common properties of an object (creator NULL: none); the object's
 * own properties follow, then '}'. */
void dsr__stix_begin(stx *x, const char *type, const char *id, times t, const char *creator);
/* `"extensions":{DOSSIER:{"extension_type":...` and its end. */
void dsr__stix_ext_open(stx *x);
void dsr__stix_ext_close(stx *x);
/* ,"name":value, each only when there is a value to write. */
void dsr__stix_prop_str(dsr_buf *b, const char *name, const char *v);
void dsr__stix_prop_strs(dsr_buf *b, const char *name, char **v, size_t n);
void dsr__stix_prop_hex(dsr_buf *b, const char *name, ProtobufCBinaryData id);
/* A report's reference to id (x->rc on error), and their order. */
void dsr__stix_add_ref(stx *x, const uint8_t *article, const char *id, uint64_t ms);
int dsr__stix_ref_cmp(const void *a, const void *b);
actor_ref *dsr__stix_actor_by_key(stx *x, const char *key);
actor_ref *dsr__stix_actor_of(stx *x, const char *name);
/* The events behind `what` (an id in hex or an actor's name); free with
 * dsr__stix_facts_free.  The _id form sets x->rc on error. */
int dsr__stix_facts_of(stx *x, const char *what, facts *f);
void dsr__stix_facts_of_id(stx *x, ProtobufCBinaryData id, facts *f);
void dsr__stix_facts_free(facts *f);
/* The analysts' acts on an actor (dsr_q_why_acts): f->t and f->curated. */
int dsr__stix_acts_of(stx *x, const char *name, facts *f);
/* Every article's times, read once (x->arts), and one article's. */
int dsr__stix_articles_read(stx *x);
times dsr__stix_article_times(stx *x, const uint8_t id[DSR_ID_LEN]);
const char *dsr__stix_kind_word(int k);
int dsr__stix_prop_cmp(const void *a, const void *b);
const prop_time *dsr__stix_prop_of(stx *x, ProtobufCBinaryData id);
int dsr__stix_row_cmp(const void *a, const void *b);
const row *dsr__stix_row_of(stx *x, ProtobufCBinaryData id);
/* A relationship of a campaign (a: its row) or of a threat-actor (NULL). */
void dsr__stix_relationship(stx *x, const char *id, const char *type, const char *from,
			    const char *to, times t, const Dpb__AttributionInfo *a,
			    const char *desc);

/* ---- stix_claims.c ------------------------------------------------- */

/* First pass over the claims (dsr_q_claims callback): their
 * propositions' times; then sorted and folded, then weighed. */
int dsr__stix_claim_times(void *ctx, const Dpb__ClaimInfo *c);
void dsr__stix_props_fold(stx *x);
int dsr__stix_props_weigh(stx *x);
/* Second pass: a claim's note and opinions, and its report's references. */
int dsr__stix_claim(void *ctx, const Dpb__ClaimInfo *c);
/* The analysts' notes on an object (id), as notes by the analysts. */
void dsr__stix_analyst_notes(stx *x, const facts *f, const char *id);
/* The analysts behind the opinions and notes, as identities. */
int dsr__stix_analysts(stx *x);

/* ---- stix_ioc.c ---------------------------------------------------- */

/* Every indicator of compromise (after the claims' second pass, with
 * x->arows sorted): its observable, observed-data and indicator (or its
 * vulnerability, attack-pattern or note), their relationships, and its
 * reports' references. */
int dsr__stix_indicators(stx *x);

#endif
