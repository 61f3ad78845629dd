/* export.h: the knowledge base in other tools' formats, and reading back
 * dossier's own (docs/export.md).
 *
 *  - DSR_EXPORT_JSON: "dossier.export/1", the whole knowledge base with
 *    provenance (every fact names its articles, spans and quoted text), and
 *    the complete event log with the signed heads that cover it, so that
 *    dsr_import_json() restores exactly the same views on another store;
 *  - DSR_EXPORT_STIX: a STIX 2.1 bundle (groups as intrusion-set,
 *    countries as location, people and organisations as identity, each
 *    attribution row as a campaign attributed-to its responsible and
 *    targeting its target, one report per article, claims as notes,
 *    analysts' assessments as opinions, indicators of compromise as
 *    indicators with STIX patterns and their cyber-observables), TLP-marked
 *    on request;
 *  - DSR_EXPORT_CSV: the timeline, one row per entry;
 *  - DSR_EXPORT_DOT: the actor-claim graph for Graphviz;
 *  - DSR_EXPORT_MISP: one MISP event in MISP's core format;
 *  - DSR_EXPORT_TIMESKETCH: the timeline as JSON Lines for Timesketch;
 *  - DSR_EXPORT_BRIEF_MD, DSR_EXPORT_BRIEF_HTML: the incident brief
 *    (docs/brief.md): key judgments in estimative language, what is
 *    disputed, the timeline, the actors, analysts' notes and grades, every
 *    sentence cited to the spans of the articles behind it. */
#ifndef DOSSIER_EXPORT_H
#define DOSSIER_EXPORT_H

#include "buf.h"
#include "store.h"

#include <stdbool.h>

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
	XX(STIX, stix, "a STIX 2.1 bundle: actors as intrusion-set, identity " \
	   "or location, attributions as campaigns, a report per article, "      \
	   "claims as notes, analysts' grades as opinions")                      \
	XX(CSV, csv, "the timeline, one row per entry")                        \
	XX(DOT, dot, "the actor-claim graph for Graphviz")                     \
	XX(MISP, misp, "a MISP event (core format): articles as link and text " \
	   "attributes, attribution rows, groups as threat actors, every actor " \
	   "as a galaxy cluster, claims as text attributes tagged with MISP's " \
	   "estimative-language and admiralty-scale taxonomies")               \
	XX(TIMESKETCH, timesketch, "the timeline as JSON Lines for Timesketch " \
	   "(message, datetime, timestamp_desc and the entry's fields)")       \
	XX(BRIEF_MD, brief_md, "the incident brief in Markdown: key judgments " \
	   "with estimative words and confidence, what is disputed, the "       \
	   "timeline, actors, analysts' notes, sources, every sentence cited")   \
	XX(BRIEF_HTML, brief_html, "the same brief as one HTML page, with a "   \
	   "print stylesheet")

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
/* The TLP 2.0 levels (FIRST), in one table: identifier, name as --tlp
 * spells it, the OASIS marking-definition's UUID and its name. */
#define DSR_TLP_LEVELS(XX)                                                  \
	XX(CLEAR, "clear", "94868c89-83c2-464b-929b-a1a8aa3c8487", "TLP:CLEAR") \
	XX(GREEN, "green", "bab4a63c-aed9-4cf5-a766-dfca5abac2bb", "TLP:GREEN") \
	XX(AMBER, "amber", "55d920b0-5e8b-4f79-9ee9-91f868d9b421", "TLP:AMBER") \
	XX(AMBER_STRICT, "amber+strict", "939a9414-2ddd-4d32-a0cd-375ea402b003", \
	   "TLP:AMBER+STRICT")                                                  \
	XX(RED, "red", "e828b379-4e03-4974-9ac4-e53a884c97c1", "TLP:RED")

enum dsr_tlp {
	DSR_TLP_NONE = 0,      /* no marking */
#define XX(id, name, uuid, label) DSR_TLP_##id,
	DSR_TLP_LEVELS(XX)
#undef XX
	DSR_TLP_END
};

/* The level named s ("clear", ..., "red"; "" is DSR_TLP_NONE), or -1. */
int dsr_tlp_level(const char *s);
/* The name of a level ("amber+strict"), or NULL for none or out of range. */
const char *dsr_tlp_name(int tlp);

/* What an export is asked for beyond its format.  Formats ignore the
 * options that do not apply to them (docs/export.md). */
typedef struct dsr_export_opts {
	int tlp;               /* enum dsr_tlp: STIX marks every object */
	/* the brief (docs/brief.md); NULL or "": not asked */
	const char *about;     /* what concerns this actor (any name) */
	const char *act;       /* what concerns an act: words it contains */
	const char *since;     /* reports and events from YYYY[-MM[-DD]] */
	const char *css;       /* brief-html: the stylesheet's URL instead of
				* the stylesheet in the page */
	bool reader;           /* brief-html: citations link to the web
				 * workspace's reader, /#/article?id=ID&start=S&end=E */
} dsr_export_opts;

/* The HTML brief's stylesheet (the one the page holds unless asked for a
 * link): what a server gives at the URL it passes as `css`. */
const char *dsr_brief_css(void);

/* The same export, handed to fn piece by piece instead of built whole: it
 * holds one piece, and what a format must sort before writing (the
 * timeline's rows, STIX reports' references), never the document. */
int dsr_export_to(dsr_rtxn *t, int format, uint64_t now_ms, dsr_export_sink fn, void *ctx);
/* The same with options (NULL: none).  DSR_EINVAL for an unknown format or
 * a TLP level out of range. */
int dsr_export_opts_to(dsr_rtxn *t, int format, uint64_t now_ms, const dsr_export_opts *opts,
		       dsr_export_sink fn, void *ctx);

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

/* ---- other platforms' documents (tiread.c, stixread.c, mispread.c) ----
 * docs/interop.md has the mapping. */

/* What a document is: dossier's own export, a STIX 2.1 bundle or a MISP
 * event ({"Event": ...}, an event object itself, or {"response": [...]}
 * of events); 0 for other JSON, DSR_EDECODE when it is not JSON (or is
 * nested deeper than DSR_JSON_MAX_DEPTH). */
enum dsr_import_kind { DSR_IMPORT_DOSSIER = 1, DSR_IMPORT_STIX, DSR_IMPORT_MISP };
int dsr_import_detect(const uint8_t *doc, size_t len);

/* An article to file (ingest): strings never NULL ("" when absent). */
typedef struct dsr_ti_article {
	char *title, *publisher, *url, *published;   /* published: YYYY-MM-DD or "" */
	char *text;
	size_t len;
} dsr_ti_article;

/* Two names of one actor, to be judged the same (NamesJudged SAME), and
 * why (the judgement's note). */
typedef struct dsr_ti_same {
	char *a, *b, *note;
} dsr_ti_same;

/* A note (NoteAdded) on arts[article]. */
typedef struct dsr_ti_note {
	size_t article;
	char *text;
} dsr_ti_note;

/* What dossier keeps of a STIX bundle or MISP event: the articles its
 * reports and texts make, arts[0] being the document's cover (its named
 * actors and what else it holds, one line each, so that the extractor
 * finds their names and indicators there too); the names its actors' aliases
 * join; and a note for everything else, on the article of the report that
 * refers to it or on the cover, notes[0] saying what was imported.  Every
 * note and judgement names `source` (the file).  The same document gives
 * the same plan. */
typedef struct dsr_ti {
	const char *format;        /* "STIX 2.1 bundle", "MISP event" */
	dsr_ti_article *arts;
	size_t narts, caparts;
	dsr_ti_same *same;
	size_t nsame, capsame;
	dsr_ti_note *notes;
	size_t nnotes, capnotes;
	char err[300];             /* why the document was refused */
} dsr_ti;

/* Reads a STIX 2.1 bundle or a MISP event into *ti (free with dsr_ti_free,
 * whatever the result).  Nothing is half-read: on error ti->err says what
 * and where ("objects[3].aliases: not a list of strings").  Errors:
 * DSR_EDECODE (not JSON, not a bundle or event, a property of the wrong
 * type, a name, title or text over dossier's limits), -ENOMEM. */
int dsr_ti_read(const uint8_t *doc, size_t len, const char *source, dsr_ti *ti);
void dsr_ti_free(dsr_ti *ti);

#endif
