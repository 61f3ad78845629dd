/* query.h: the questions a client asks of the views.
 *
 * Every query runs in a read snapshot (dsr_rtxn) and never waits for the
 * writer.  Lists page: pass `limit` (0 = no limit) and the opaque cursor
 * the previous page returned (empty for the first page); when more results
 * remain, `next` is set to a non-empty cursor.  Callbacks get messages that
 * live only for the duration of the call.
 */
#ifndef DOSSIER_QUERY_H
#define DOSSIER_QUERY_H

#include "buf.h"
#include "store.h"
#include "proto/view.pb-c.h"

typedef struct dsr_page {
	const uint8_t *cursor;
	size_t cursor_len;
	uint32_t limit;
} dsr_page;

typedef int (*dsr_actor_fn)(void *ctx, const Dpb__ActorInfo *a);
typedef int (*dsr_claim_fn)(void *ctx, const Dpb__ClaimInfo *c);
typedef int (*dsr_entry_fn)(void *ctx, const Dpb__EntryInfo *e);
typedef int (*dsr_article_fn)(void *ctx, const Dpb__ArticleInfo *a);

/* How many articles naming an actor its ActorInfo lists: the first filed,
 * by id, `more_articles` when there are others.  A page of actors costs
 * this many reads an actor however many articles name it; exports ask for
 * DSR_ALL_ARTICLES. */
#define DSR_ACTOR_ARTICLES 100
#define DSR_ALL_ARTICLES SIZE_MAX

/* All actors, or those of one kind (kind 0 = any), by cluster key, each
 * with at most `articles` of the articles naming it (0: none). */
int dsr_q_actors(dsr_rtxn *t, int kind, size_t articles, const dsr_page *pg, dsr_buf *next,
		 dsr_actor_fn fn, void *ctx);
/* One actor by any of its names.  Errors: DSR_ENOTFOUND. */
int dsr_q_actor(dsr_rtxn *t, const char *name, size_t articles, dsr_actor_fn fn, void *ctx);

typedef struct dsr_claim_filter {
	const char *about;    /* actor (any alias) the claim is about, or NULL */
	const char *by;       /* source actor (any alias), or NULL */
	int stance;           /* -1 any, else DPB__STANCE__* */
	int hedged;           /* -1 any, 0 firm, 1 hedged */
	const uint8_t *article; /* DSR_ID_LEN bytes, or NULL */
	const uint8_t *proposition; /* DSR_ID_LEN bytes, or NULL: its claims */
} dsr_claim_filter;

#define DSR_CLAIM_FILTER_ANY { NULL, NULL, -1, -1, NULL, NULL }

/* The claims that pass the filter, with their assessment and their
 * proposition's figures.  With an actor or a proposition, in the order they
 * were filed, walking the smallest of the indexes the filter names (the
 * others are checked claim by claim): a page costs the claims walked, not
 * all the claims about the actor.  Otherwise in id order (a 16-byte
 * cursor is the claim id to resume at).  Errors: DSR_EINVAL for a cursor
 * of another query. */
int dsr_q_claims(dsr_rtxn *t, const dsr_claim_filter *f, const dsr_page *pg,
		 dsr_buf *next, dsr_claim_fn fn, void *ctx);

/* Attribution rows (docs/curation.md): one per proposition that says an
 * actor is responsible for an act — with who asserts and who denies it,
 * the outlets carrying it, its first report and its confidence — in the
 * order of the responsible actor's cluster key.  `about` (any alias), when
 * not NULL, keeps the rows where it is the responsible actor or the
 * target.  A row lists at most DSR_ATTR_CLAIMS claim ids; `nclaims` counts
 * them all (dsr_q_claims with a proposition lists them). */
#define DSR_ATTR_CLAIMS 100
typedef int (*dsr_attr_fn)(void *ctx, const Dpb__AttributionInfo *a);
int dsr_q_attribution(dsr_rtxn *t, const char *about, const dsr_page *pg, dsr_buf *next,
		      dsr_attr_fn fn, void *ctx);

/* Indicators of compromise (query/indicators.c), one per distinct type and
 * value, in order of type then value: all, or those of `type` (NULL: any),
 * or those that `article` (DSR_ID_LEN bytes, or NULL) gives, each with its
 * occurrences and articles in the whole store. */
typedef int (*dsr_indicator_fn)(void *ctx, const Dpb__IndicatorInfo *d);
int dsr_q_indicators(dsr_rtxn *t, const char *type, const uint8_t *article, const dsr_page *pg,
		     dsr_buf *next, dsr_indicator_fn fn, void *ctx);

typedef struct dsr_entry_filter {
	const char *from;     /* inclusive, YYYY[-MM[-DD]], or NULL */
	const char *to;       /* inclusive, YYYY[-MM[-DD]], or NULL */
	const char *actor;    /* any alias, or NULL */
	const uint8_t *article; /* DSR_ID_LEN bytes, or NULL */
	bool removed;         /* include entries an analyst removed */
	bool entries;         /* every entry, not one row per group */
	bool by_id;           /* every entry, in an order of the store's (an export that
			       * sorts them itself: reads in storage order) */
} dsr_entry_filter;

/* The timeline in date order (weeks, months and years where they begin):
 * one row per group of entries telling the same event (docs/curation.md),
 * the entry that stands for it with the group's articles, or with
 * `entries` (or `article`) every entry, each with its group. */
int dsr_q_timeline(dsr_rtxn *t, const dsr_entry_filter *f, const dsr_page *pg,
		   dsr_buf *next, dsr_entry_fn fn, void *ctx);

/* Full-text search over articles (title and text) and claims (content and
 * source): `query` is words and "quoted phrases", each required; common
 * words ("the", "of") are not indexed and are left out of a query but for
 * their place inside a phrase.  Matching folds case (ASCII, Latin-1,
 * Latin Extended-A, Greek, Cyrillic); no stemming.  Results come newest
 * first (by the clock of the event that filed the document, then its id
 * and kind), each with its hits counted (score), a snippet around the
 * first of them and their byte offsets in it; *total (may be NULL) gets
 * the number of matches the search found: all of them when no page is
 * left (next empty), else the page's.  A
 * phrase with a stop word inside ("behind the hack") matches exactly: each
 * document keeps a map of its stop words' places.
 * kind: DSR_SEARCH_ANY, _ARTICLES or _CLAIMS.  Cost: the postings of the
 * query's words read newest first until the page is full (a zig-zag join;
 * with a stop word in a phrase, a read of the stop map of each document
 * its other words stand right in), and the texts of the page's results:
 * it follows the documents read to fill the page, not the store.  The
 * cursor of a page is the last result's document key.
 * Errors: -EINVAL with a message in err (empty query, only common words,
 * an unterminated quote, more than DSR_SEARCH_TERMS_MAX words or
 * DSR_SEARCH_QUERY_MAX bytes, not UTF-8, a cursor of another query). */
#define DSR_SEARCH_QUERY_MAX 1024
#define DSR_SEARCH_TERMS_MAX 16
enum { DSR_SEARCH_ANY, DSR_SEARCH_ARTICLES, DSR_SEARCH_CLAIMS };
typedef int (*dsr_search_fn)(void *ctx, const Dpb__SearchHit *h);
int dsr_q_search(dsr_rtxn *t, const char *query, int kind, const dsr_page *pg, dsr_buf *next,
		 uint32_t *total, dsr_search_fn fn, void *ctx, char *err, size_t errlen);
/* Whether a query parses (the errors of dsr_q_search but the cursor's). */
int dsr_search_check(const char *query, char *err, size_t errlen);

int dsr_q_articles(dsr_rtxn *t, const dsr_page *pg, dsr_buf *next,
		   dsr_article_fn fn, void *ctx);
/* One article by id.  Errors: DSR_ENOTFOUND. */
int dsr_q_article(dsr_rtxn *t, const uint8_t id[DSR_ID_LEN],
		  dsr_article_fn fn, void *ctx);
/* The same, with ArticleInfo.text holding its stored text (the winning
 * filing's, which the facts' byte spans index) and ArticleInfo.mentions
 * the actors it names with their spans; valid during the call. */
int dsr_q_article_text(dsr_rtxn *t, const uint8_t id[DSR_ID_LEN], dsr_article_fn fn,
		       void *ctx);

typedef int (*dsr_why_fn)(void *ctx, const Dpb__WhyItem *w);
typedef int (*dsr_conflict_fn)(void *ctx, const Dpb__ConflictInfo *c);

/* Every event behind a fact: `what` is a claim, timeline entry or article
 * id (32 hex digits) or any name of an actor.  Items come extraction first,
 * then analysts' acts, then edits that lost, then notes.
 * Errors: DSR_ENOTFOUND. */
int dsr_q_why(dsr_rtxn *t, const char *what, dsr_why_fn fn, void *ctx);
/* The same for many facts in one read transaction (an export): the last
 * article read is kept in the cache for the next fact's quotes. */
typedef struct dsr_why_cache dsr_why_cache;
dsr_why_cache *dsr_why_cache_new(void);
void dsr_why_cache_free(dsr_why_cache *c);
int dsr_q_why_cached(dsr_rtxn *t, const char *what, dsr_why_cache *cache, dsr_why_fn fn,
		     void *ctx);

/* The analysts' acts on an actor (any of its names): judgements on its
 * names, curation, edits that lost, notes; dsr_q_why without the mentions,
 * for an export that has the times of the articles naming it already (a
 * mention costs a read of its article).  Errors: DSR_ENOTFOUND. */
int dsr_q_why_acts(dsr_rtxn *t, const char *name, dsr_why_fn fn, void *ctx);

/* How the confidence of a claim or of a proposition (id: either) comes
 * about: the claim's weight step by step, the proposition's support for and
 * against it with its heaviest reports, and the figure (docs/curation.md).
 * Errors: DSR_ENOTFOUND (neither a claim nor a proposition). */
typedef int (*dsr_reason_fn)(void *ctx, const Dpb__Reasoning *r);
int dsr_q_reasoning(dsr_rtxn *t, const uint8_t id[DSR_ID_LEN], dsr_reason_fn fn, void *ctx);

/* Edits that lost to later ones (last-writer-wins by hybrid clock), with
 * the value now in force.  Only those whose value differs from the one in
 * force are listed unless `all`. */
int dsr_q_conflicts(dsr_rtxn *t, bool all, const dsr_page *pg, dsr_buf *next,
		    dsr_conflict_fn fn, void *ctx);

/* kind: a DPB__TARGET_KIND__TARGET_* value (claim, entry or article). */
typedef int (*dsr_resolve_fn)(void *ctx, const uint8_t id[DSR_ID_LEN], int kind);

/* The claims, timeline entries and articles whose id begins with the hex
 * digits `prefix` (1 to 32, any case), claims first, each in id order; at
 * most `limit` (0: all), with *more set when there were others.  `kind`
 * (a TARGET_* value, 0 for any) looks at one kind only: an article's id is
 * the beginning of all its claims' and entries' ids (factid.h).
 * Errors: -EINVAL (not hex, or too long). */
int dsr_q_resolve(dsr_rtxn *t, const char *prefix, int kind, uint32_t limit,
		  bool *more, dsr_resolve_fn fn, void *ctx);

#endif
