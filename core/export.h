/* export.h: the knowledge base in other tools' formats, and reading back
 * dossier's own (docs/export.md).
 *
 *  - DSR_EXPORT_JSON: "dossier.export/1", the whole knowledge base with
 *    provenance (every fact names its articles, spans and quoted text), and
 *    the complete event log with the signed heads that cover it, so that
 *    dsr_import_json() restores exactly the same views on another store;
 *  - DSR_EXPORT_STIX: a STIX 2.1 bundle (actors as identity or
 *    threat-actor, one report per article, claims as relationships with a
 *    confidence, "attributed-to" where a claim says who is behind what);
 *  - DSR_EXPORT_CSV: the timeline, one row per entry;
 *  - DSR_EXPORT_DOT: the actor-claim graph for Graphviz;
 *  - DSR_EXPORT_MISP: one MISP event in MISP's core format;
 *  - DSR_EXPORT_TIMESKETCH: the timeline as JSON Lines for Timesketch. */
#ifndef DOSSIER_EXPORT_H
#define DOSSIER_EXPORT_H

#include "buf.h"
#include "store.h"

/* The export formats, in one table: enum identifier, name (as --format
 * and the wire protocol spell it; dsr__export_NAME writes it) and a line
 * saying what it holds.  The client's
 * --format check and help are made from it; adding a format means a row
 * here and its writer in export/ (docs/hacking.md). */
#define DSR_EXPORT_FORMATS(XX)                                                  \
	XX(JSON, json, "dossier.export/1: articles, actors, claims with "      \
	   "their derived figures, timeline and conflicts, every fact with its "  \
	   "provenance (article, byte span, quoted text), and every event of "    \
	   "the log, so that dossier import rebuilds the same knowledge base")    \
	XX(STIX, stix, "a STIX 2.1 bundle: actors as identity or "             \
	   "threat-actor, a report per article, claims as relationships with a " \
	   "confidence")                                                          \
	XX(CSV, csv, "the timeline, one row per entry")                        \
	XX(DOT, dot, "the actor-claim graph for Graphviz")                     \
	XX(MISP, misp, "a MISP event (core format): articles as link and text " \
	   "attributes, attribution rows, groups as threat actors, every actor " \
	   "as a galaxy cluster, claims as text attributes tagged with MISP's " \
	   "estimative-language and admiralty-scale taxonomies")               \
	XX(TIMESKETCH, timesketch, "the timeline as JSON Lines for Timesketch " \
	   "(message, datetime, timestamp_desc and the entry's fields)")

enum dsr_export_format {
#define XX(id, name, what) DSR_EXPORT_##id,
	DSR_EXPORT_FORMATS(XX)
#undef XX
	DSR_EXPORT_NFORMATS
};

typedef struct dsr_export_info {
	const char *name;
	const char *what;
} dsr_export_info;

/* dsr_export_formats[f] describes format f, for f < DSR_EXPORT_NFORMATS. */
extern const dsr_export_info dsr_export_formats[DSR_EXPORT_NFORMATS];

/* The format named by s (a name of the table), or -1. */
int dsr_export_format(const char *s);
/* Appends the whole knowledge base as it stands in t to out, in `format`;
 * `now_ms` stamps the export.  DSR_EINVAL for an unknown format. */
int dsr_export(dsr_rtxn *t, int format, uint64_t now_ms, dsr_buf *out);

/* Where an export goes as it is written: its bytes in order, in pieces of
 * about DSR_EXPORT_PIECE (one record larger than that is one piece).  A
 * non-zero return stops the export and dsr_export_to() returns it. */
typedef int (*dsr_export_sink)(void *ctx, const uint8_t *p, size_t n);
#define DSR_EXPORT_PIECE (256u << 10)
/* The same export, handed to fn piece by piece instead of built whole: it
 * holds one piece, and what a format must sort before writing (the
 * timeline's rows, STIX reports' references), never the document. */
int dsr_export_to(dsr_rtxn *t, int format, uint64_t now_ms, dsr_export_sink fn, void *ctx);

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

#endif
