/* lexicon.h: the word lists under data/lexicon/, compiled into the core.
 *
 * Each file is UTF-8 text, one entry per line; '#' starts a comment.  The
 * text returned is static and lives as long as the program. */
#ifndef DOSSIER_LEXICON_H
#define DOSSIER_LEXICON_H

#include <stddef.h>

/* The raw text of data/lexicon/NAME.txt, or NULL when there is none. */
const char *dsr_lexicon(const char *name, size_t *len);

#endif
