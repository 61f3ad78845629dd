/* model/api.h: what the model layer offers the layers above it inside the
 * core (its public part: ../factid.h, ../name.h, ../validate.h, ../chain.h
 * and ../payload.h): the compiled-in lexicons, the timeline's date key and
 * the significant words of a claim, the words search indexes.
 * Nothing outside core/ includes it but white-box tests. */
#ifndef DOSSIER_MODEL_API_H
#define DOSSIER_MODEL_API_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "proto/event.pb-c.h"
#include "proto/view.pb-c.h"

/* ---- lexicons (lexicon.c) -----------------------------------------------
 * The word lists under data/lexicon/, compiled into the core.  Each file is
 * UTF-8 text, one entry per line; '#' starts a comment.  The text returned
 * is static and lives as long as the program. */

/* The raw text of data/lexicon/NAME.txt, or NULL when there is none. */
const char *dsr_lexicon(const char *name, size_t *len);

/* ---- the timeline's date key (datekey.c) -------------------------------- */

/* The sort key of a TIMEX3 value: YYYYMMDDhhmm of the start of the period
 * it names; 0 for PAST_REF; 999999999999 for values that name no date. */
uint64_t dsr__date_sortkey(const char *timex);
/* The date an entry stands at, and its precision: an analyst's date
 * (EntryAmended), else the one its article's corrected publication date
 * gives it (ArticleCurated), else the extracted one.  a may be NULL. */
const char *dsr__entry_date(const Dpb__EntryRecorded *e, const Dpb__AmendRec *a, int *precision);

/* ---- the wording of a claim (wording.c) ---------------------------------- */

/* The significant words of a content: synonym classes of
 * data/lexicon/propositions.txt, or hashes of crude stems, sorted, unique;
 * the names of the actors it is about do not count. */
typedef struct dsr__kwset {
	uint32_t v[64];
	size_t n;
} dsr__kwset;

void dsr__keywords(const char *text, char *const *about, size_t nabout,
		   dsr__kwset *out);
/* The first significant word of a text, as dsr__keywords counts words
 * (its class, or a hash); 0 when it has none. */
uint32_t dsr__headword(const char *text, char *const *about, size_t nabout);
/* True when two word sets overlap by half or more (Jaccard >= 1/2). */
bool dsr__kw_similar(const dsr__kwset *a, const dsr__kwset *b);

/* ---- a claim's weight (weight.c) ------------------------------------------ */

/* The steps of a weight, as `dossier why` shows them: "hedged: x 1/2 -> 500". */
#define DSR__WEIGHT_STEPS 8
typedef struct dsr__weight_steps {
	char v[DSR__WEIGHT_STEPS][96];
	size_t n;
} dsr__weight_steps;

/* How much a claim weighs for (or against) what it states, per mille
 * (docs/curation.md): its source, whether it is hedged, whether it is the
 * accused's own denial (self_denial), and the analysts' grade and status
 * (as, or NULL).  With st, each step is written down. */
uint32_t dsr__claim_weight(const Dpb__ClaimRecorded *cl, const Dpb__AssessRec *as,
			   bool self_denial, dsr__weight_steps *st);


/* ---- the words of a text, for search (terms.c) ----------------------------- */

/* A folded term is at most this many bytes (longer words are cut at a
 * character's boundary). */
#define DSR__TERM_MAX 64

typedef struct dsr__word {
	uint32_t start, end;     /* its bytes in the text */
	uint32_t pos;            /* its ordinal: every word counts */
	uint32_t len;            /* of term */
	uint8_t stop;            /* a stop word's number (1..DSR__STOP_WORDS), or 0 */
	char term[DSR__TERM_MAX + 1]; /* folded to lower case, NUL-terminated */
} dsr__word;

/* Called for each word; nonzero stops the walk and is returned. */
typedef int (*dsr__word_fn)(void *ctx, const dsr__word *w);

/* Walks the words of text[0..len) (any bytes: what is not UTF-8 separates
 * words), numbering them from pos; *next_pos (may be NULL) gets the number
 * after the last. */
int dsr__words(const uint8_t *text, size_t len, uint32_t pos, dsr__word_fn fn, void *ctx,
	       uint32_t *next_pos);
/* One code point folded to lower case (ASCII, Latin-1, Latin Extended-A,
 * Greek, Cyrillic; others as they are). */
uint32_t dsr__fold_cp(uint32_t cp);
/* The number (1..DSR__STOP_WORDS) of one of the English stop words search
 * does not index ("the", "of", ...), or 0 for any other word.  The
 * numbers are stored (docs/store.md, v.search): the list only grows at
 * its end, with VIEWS_LAYOUT. */
#define DSR__STOP_WORDS 42
uint8_t dsr__stop_word(const char *term);

#endif
