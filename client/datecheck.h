/* datecheck.h: checking TIMEX3 dates typed for the timeline (datecheck.c). */
#ifndef DOSSIER_CLIENT_DATECHECK_H
#define DOSSIER_CLIENT_DATECHECK_H

#include "client.h"

/* What the accepted forms are, for error messages. */
extern const char timex_forms[];

/* The precision a TIMEX3 value's form implies (a DPB__PRECISION__* value),
 * or -1 when it is not a date the timeline can order. */
int timex_precision(const char *value);

/* A precision by its short name ("day", "week", ...), or -1. */
int precision_parse(const char *s);

/* Whether s is a publication date: a real calendar day, YYYY-MM-DD, or an
 * ISO 8601 time on one (YYYY-MM-DDTHH:MM[:SS[.fff]][Z|+HH:MM]). */
bool published_valid(const char *s);

#endif
