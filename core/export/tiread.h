/* export/tiread.h: what the readers of other platforms' documents share
 * (tiread.c drives them and makes the plan, dsr_ti of ../export.h, with
 * the pieces of tiplan.c; stixread.c reads a STIX 2.1 bundle into it,
 * mispread.c a MISP event).  Only these four include it. */
#ifndef DOSSIER_EXPORT_TIREAD_H
#define DOSSIER_EXPORT_TIREAD_H

#include "export.h"
#include "jsonparse.h"

#include <stdbool.h>
#include <stddef.h>

/* A document being read. */
typedef struct tictx {
	dsr_ti *ti;
	const char *source;    /* the file's name, without its directory */
	dsr_buf cover;         /* the cover's lines (arts[0]) */
	size_t nlines;
} tictx;

/* Grows *v (n used of *cap items of size bytes) to hold one more. */
int dsr__ti_grow(void **v, size_t *cap, size_t n, size_t size);
/* Refuses the document: ti->err from fmt.  Returns DSR_EDECODE. */
int dsr__ti_fail(tictx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Member key of obj as a string of at most max bytes: NULL when absent or
 * null; *rc = DSR_EDECODE (ti->err naming where.key) when it is not a
 * string or too long.  *rc is left alone otherwise. */
const char *dsr__ti_str(tictx *c, const dsr_json *obj, const char *key, const char *where,
			size_t max, int *rc);
/* Member key of obj as an array (NULL when absent); *rc as above. */
const dsr_json *dsr__ti_arr(tictx *c, const dsr_json *obj, const char *key, const char *where,
			    int *rc);
/* Member key as an object (NULL when absent); *rc as above. */
const dsr_json *dsr__ti_obj(tictx *c, const dsr_json *obj, const char *key, const char *where,
			    int *rc);
/* An article (NULL strings: ""); *idx gets its index.  Its text is made
 * fit to file: control characters but tab and newline become spaces.
 * DSR_EDECODE when the text is over DSR_ARTICLE_MAX. */
int dsr__ti_article(tictx *c, const char *title, const char *publisher, const char *url,
		    const char *published, const char *text, size_t len, size_t *idx);
/* Names a and b of one actor (nothing when equal, empty or over
 * DSR_NAME_MAX); the note says where the file says so. */
int dsr__ti_same(tictx *c, const char *a, const char *b, const char *why);
/* Something the file holds that dossier keeps as a note on arts[article]
 * (and a line of the cover's text). */
int dsr__ti_note(tictx *c, size_t article, const char *line);
/* A line of the cover's text only (a named actor). */
int dsr__ti_cover_line(tictx *c, const char *line);
/* A paragraph of an article's text: s, a full stop when it ends without
 * one (a note's quote stops before it, and the extractor reads sentences),
 * and a blank line. */
int dsr__ti_para(dsr_buf *b, const char *s);
/* The day (YYYY-MM-DD) a timestamp or date begins with, or "". */
void dsr__ti_day(const char *ts, char out[11]);

int dsr__stix_read(tictx *c, const dsr_json *root);
int dsr__misp_read(tictx *c, const dsr_json *root);

#endif
