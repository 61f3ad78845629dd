/* claimrow.h: a claim as a table row (claimrow.c). */
#ifndef DOSSIER_CLIENT_CLAIMROW_H
#define DOSSIER_CLIENT_CLAIMROW_H

#include "client.h"

#define CLAIM_NCOLS 12

extern const char *const claim_cols[CLAIM_NCOLS];

/* Adds a row of claim_cols to t. */
void claim_row(struct table *t, const Dpb__ClaimInfo *c);

#endif
