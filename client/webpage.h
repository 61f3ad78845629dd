/* webpage.h: saved web pages on the command line, for `extract` and
 * `ingest`: is a file HTML (by content, by its name, or as the user says),
 * and the article text and metadata to use, the command line first. */
#ifndef DOSSIER_CLIENT_WEBPAGE_H
#define DOSSIER_CLIENT_WEBPAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "html.h"

enum webpage_mode {
	WEBPAGE_AUTO,   /* by content (html.h's sniffing) or by extension */
	WEBPAGE_HTML,   /* --html */
	WEBPAGE_TEXT,   /* --text */
};

/* Is the input at path (p[0..n)) a web page? */
bool webpage_is_html(enum webpage_mode mode, const char *path, const uint8_t *p, size_t n);

/* The warning for a page without an article. */
extern const char webpage_no_article[];

/* Fills each of the NULL metadata slots from the page (which the slots then
 * borrow).  published is only taken when it is a date. */
void webpage_fill(const dsr_html_page *pg, const char **title, const char **publisher,
		  const char **published, const char **url);

#endif
