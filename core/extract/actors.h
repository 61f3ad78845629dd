/* actors.h: linking mentions into actors (actors.c) and naming them
 * (actors_name.c). */
#ifndef DOSSIER_EXTRACT_ACTORS_H
#define DOSSIER_EXTRACT_ACTORS_H

#include "names.h"

/* Builds ctx->act from the union-find forest p over ctx->men (p[i] is
 * mention i's parent) and sets each mention's actor. */
int dsr__actors_build(struct dsr__ctx *c, uint32_t *p);

#endif
