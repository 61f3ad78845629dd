/* export.h: the knowledge base in other tools' formats (docs/export.md).
 *
 *  - DSR_EXPORT_JSON: "dossier.export/1", the whole knowledge base with
 *    provenance (every fact names its articles, spans and quoted text), and
 *    the complete event log with the signed heads that cover it, so that
 *    dsr_import_json() restores exactly the same views on another store;
 *  - DSR_EXPORT_STIX: a STIX 2.1 bundle (actors as identity or
 *    threat-actor, one report per article, claims as notes, opinions and
 *    attributed-to relationships, with confidence);
 *  - DSR_EXPORT_CSV: the timeline, one row per entry;
 *  - DSR_EXPORT_DOT: the actor-claim graph for Graphviz.
 * Output is appended to `out`.  `now_ms` stamps the export. */
#ifndef DOSSIER_EXPORT_H
#define DOSSIER_EXPORT_H

#include "buf.h"
#include "store.h"

enum dsr_export_format {
	DSR_EXPORT_JSON = 0,
	DSR_EXPORT_STIX = 1,
	DSR_EXPORT_CSV = 2,
	DSR_EXPORT_DOT = 3,
};

/* The format named by s ("json", "stix", "csv", "dot"), or -1. */
int dsr_export_format(const char *s);
int dsr_export(dsr_rtxn *t, int format, uint64_t now_ms, dsr_buf *out);

/* Reads a "dossier.export/1" document: first calls head_fn (unless NULL)
 * with each signed head it carries (none in exports written before heads
 * were added), then fn with each encoded event, in the order exported.  A
 * daemon stores a client's events only up to such heads (repl.h,
 * dsr_raw_plan_make); nothing here is verified.  Errors: DSR_EDECODE (not
 * JSON, not an export, or a head that is not 136 bytes of base64),
 * DSR_EFORMAT (a newer schema), -ENOMEM.  A callback's non-zero return
 * stops and is returned. */
int dsr_import_json(const uint8_t *doc, size_t len,
		    int (*fn)(void *ctx, const uint8_t *ev, size_t n),
		    int (*head_fn)(void *ctx, const dsr_head *h), void *ctx);

/* The formats' writers (export_stix.c, export_text.c). */
int dsr__export_stix(dsr_rtxn *t, uint64_t now_ms, dsr_buf *out);
int dsr__export_csv(dsr_rtxn *t, dsr_buf *out);
int dsr__export_dot(dsr_rtxn *t, dsr_buf *out);

#endif
