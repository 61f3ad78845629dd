/* export/impl.h: the writers of the export formats, one per file, which
 * export.c dispatches to through the table of ../export.h:
 *
 *   export.c   the format table and dsr_export()
 *   kbjson.c   dossier.export/1 (import.c reads it back)
 *   stix.c     STIX 2.1, with stix_claims.c (notes, opinions),
 *              stix_ioc.c (indicators of compromise) and stix_obj.c
 *              (what they use; stix.h)
 *   country.c  country names to ISO 3166-1 codes (for stix.c)
 *   csv.c      the timeline as CSV
 *   dot.c      the actor-claim graph as Graphviz DOT
 *   rows.c     rows read in storage order, put out sorted
 *   brief*.c   the incident brief, Markdown and HTML (brief.h lists them)
 *   out.c      dsr__out_drain(): the bytes handed on in pieces
 *
 * Every writer puts the whole knowledge base as it stands in t to o; now_ms
 * stamps the export (formats without a time stamp ignore it).  A writer
 * appends to o->b and calls dsr__out_drain() after each record, so that
 * the bytes move on in pieces and a sink's error (a client gone) stops it
 * early. */
#ifndef DOSSIER_EXPORT_IMPL_H
#define DOSSIER_EXPORT_IMPL_H

#include "export.h"

#include <stdio.h>

#include <stdbool.h>

/* The export being written: bytes not yet handed to the sink. */
typedef struct dsr__out {
	dsr_buf b;
	dsr_export_sink fn;
	void *ctx;
	dsr_export_opts opts;      /* what the export was asked for */
} dsr__out;

/* Hands o->b to the sink once it holds DSR_EXPORT_PIECE bytes or more
 * (`all`: whatever it holds).  Returns 0 or the sink's error. */
int dsr__out_drain(dsr__out *o, bool all);

#define XX(id, name, what) \
	int dsr__export_##name(dsr_rtxn *t, uint64_t now_ms, dsr__out *o);
DSR_EXPORT_FORMATS(XX)
#undef XX

/* JSON writers (jsonw.c): s as a JSON string ("" for NULL); an id as 32
 * hex digits ("" unless it is DSR_ID_LEN bytes). */
void dsr__jstr(dsr_buf *b, const char *s);
void dsr__jhex(dsr_buf *b, const uint8_t *p, size_t n);
/* A name-based UUID (version 5 layout) from (type, key), as 36
 * characters: the same key gives the same id in every export. */
void dsr__uuid(char out[37], const char *type, const void *key, size_t klen);
/* The start of the period a TIMEX3 value names, in seconds since the
 * epoch (UTC); false for values that name no calendar date (no year,
 * PRESENT_REF, ...). */
bool dsr__timex_time(const char *timex, int64_t *secs);

/* The ISO 3166-1 alpha-2 code ("KP") of a country named as news names
 * it ("North Korea", "the U.S.", "Britain"), or NULL (country.c). */
const char *dsr__country_code(const char *name);

/* Rows gathered in any order and put out by (sortkey, id) (rows.c).  Their
 * text goes to a temporary file past DSR__ROWS_MEM bytes, so an export
 * holds 40 bytes a row, not the rows. */
#define DSR__ROWS_MEM (8u << 20)
struct dsr__row {
	uint64_t sortkey;
	uint8_t id[DSR_ID_LEN];
	uint64_t off;           /* in the file, then in text after `spilled` */
	size_t len;
};
typedef struct dsr__rows {
	struct dsr__row *v;
	size_t n, cap;
	dsr_buf text;           /* rows not yet written to the file */
	FILE *file;             /* rows spilled (tmpfile), or NULL */
	uint64_t spilled;       /* bytes in it */
	bool tried;             /* a file was asked for */
} dsr__rows;

int dsr__rows_add(dsr__rows *r, uint64_t sortkey, const uint8_t id[DSR_ID_LEN],
		  const void *text, size_t len);
/* Puts the rows to o in order, `sep` (or nothing) between them. */
int dsr__rows_put(dsr__rows *r, const char *sep, dsr__out *o);
void dsr__rows_free(dsr__rows *r);

#endif
