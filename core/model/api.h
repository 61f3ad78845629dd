/* model/api.h: what the model layer offers the layers above it inside the
 * core (its public part: ../factid.h, ../name.h, ../validate.h, ../chain.h
 * and ../payload.h): the compiled-in lexicons and the timeline's date key.
 * Nothing outside core/ includes it but white-box tests. */
#ifndef DOSSIER_MODEL_API_H
#define DOSSIER_MODEL_API_H

#include <stddef.h>
#include <stdint.h>

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

#endif
