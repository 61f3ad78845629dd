/* import_ti.h: `dossier import` of other platforms' documents (import_ti.c). */
#ifndef DOSSIER_CLIENT_IMPORT_TI_H
#define DOSSIER_CLIENT_IMPORT_TI_H

#include <stddef.h>
#include <stdint.h>

/* Imports doc, a STIX 2.1 bundle or a MISP event read from path: its
 * articles filed, its actors' names judged the same, the rest as notes, in
 * the connection's analyst's name.  Returns an exit code. */
int import_ti(const char *path, const uint8_t *doc, size_t len);

#endif
