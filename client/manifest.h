/* manifest.h: reading `dossier ingest --manifest FILE` (manifest.c). */
#ifndef DOSSIER_CLIENT_MANIFEST_H
#define DOSSIER_CLIENT_MANIFEST_H

#include "client.h"

/* One article of a manifest: its line, its fields (NULL when not given;
 * the path made relative to the manifest's folder), or why the line
 * cannot be used. */
struct manifest_row {
	size_t line;
	char *path, *published, *publisher, *title, *url, *author;
	char *err;
};

/* Reads a manifest (JSON Lines, or CSV with a header row).  Lines that
 * cannot be used come back with `err` set.  Returns 0, or an exit code
 * after saying why the whole file cannot be used (it cannot be read, a CSV
 * header names an unknown column or no path, no articles). */
int manifest_read(const char *file, struct manifest_row **rows, size_t *n);
void manifest_free(struct manifest_row *v, size_t n);

#endif
