/* tiread.c: other platforms' documents (a STIX 2.1 bundle, a MISP event)
 * read into what dossier keeps of them (dsr_ti, ../export.h): articles to
 * file, names to judge the same, notes.  It tells the formats apart, hands
 * the document to its reader (stixread.c, mispread.c, which build the plan
 * with tiplan.c), and writes the document's cover: the article that holds,
 * one line each, its named actors and what it says besides its reports,
 * and the note that says what was imported.  Everything is read before
 * anything is handed on, so a document refused is refused whole. */
#include "export/tiread.h"
#include "error.h"
#include "ingest.h"
#include "utf8.h"
#include "validate.h"

#include <errno.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- what a document is ------------------------------------------------- */

static int kind_of(const dsr_json *root)
{
	if (!root || root->type != DSR_JSON_OBJECT)
		return DSR_EDECODE;
	const dsr_json *s = dsr_json_get(root, "schema");
	if (s && s->type == DSR_JSON_STRING && !strncmp(s->str, "dossier.export/", 15))
		return DSR_IMPORT_DOSSIER;
	const dsr_json *t = dsr_json_get(root, "type");
	if (t && t->type == DSR_JSON_STRING && !strcmp(t->str, "bundle"))
		return DSR_IMPORT_STIX;
	if (dsr_json_get(root, "Event") || dsr_json_get(root, "response"))
		return DSR_IMPORT_MISP;
	const dsr_json *info = dsr_json_get(root, "info");
	if (info && info->type == DSR_JSON_STRING &&
	    (dsr_json_get(root, "Attribute") || dsr_json_get(root, "uuid")))
		return DSR_IMPORT_MISP;
	return DSR_EDECODE;
}

int dsr_import_detect(const uint8_t *doc, size_t len)
{
	dsr_json *root;
	int rc = dsr_json_parse((const char *)doc, len, &root);
	if (rc)
		return rc;
	rc = kind_of(root);
	dsr_json_free(root);
	return rc == DSR_EDECODE ? 0 : rc;
}

/* ---- the plan ------------------------------------------------------------ */

int dsr_ti_read(const uint8_t *doc, size_t len, const char *source, dsr_ti *ti)
{
	memset(ti, 0, sizeof *ti);
	const char *slash = source ? strrchr(source, '/') : NULL;
	tictx c = { .ti = ti, .source = slash ? slash + 1 : source && *source ? source : "-" };
	dsr_json *root;
	int rc = dsr_json_parse((const char *)doc, len, &root);
	if (rc) {
		if (rc == DSR_EDECODE)
			dsr__ti_fail(&c, "not JSON (or nested deeper than %d)", DSR_JSON_MAX_DEPTH);
		return rc;
	}
	/* arts[0]: the cover, whose text is known at the end */
	size_t cover;
	rc = dsr__ti_article(&c, "", "", "", "", "", 0, &cover);
	int kind = rc ? rc : kind_of(root);
	switch (kind) {
	case DSR_IMPORT_STIX:
		ti->format = "STIX 2.1 bundle";
		rc = dsr__stix_read(&c, root);
		break;
	case DSR_IMPORT_MISP:
		ti->format = "MISP event";
		rc = dsr__misp_read(&c, root);
		break;
	case DSR_IMPORT_DOSSIER:
		rc = dsr__ti_fail(&c, "a dossier export: read it with dsr_import_json");
		break;
	default:
		rc = rc ? rc : dsr__ti_fail(&c, "neither a STIX 2.1 bundle ({\"type\": \"bundle\"}) "
					  "nor a MISP event ({\"Event\": ...})");
	}
	dsr_json_free(root);
	if (rc) {
		dsr_buf_free(&c.cover);
		return rc;
	}
	/* The cover: its lines (no hash in its text: the extractor would take
	 * it for an indicator); notes[0], first, what was imported, with the
	 * file's hash. */
	uint8_t h[32];
	char hx[65];
	crypto_hash_sha256(h, doc, len);
	for (int i = 0; i < 32; i++)
		snprintf(hx + 2 * i, 3, "%02x", h[i]);
	dsr_buf text = DSR_BUF_INIT, title = DSR_BUF_INIT, n = DSR_BUF_INIT;
	dsr_buf_printf(&text, "Imported into dossier from a %s. What it holds besides the texts "
		       "of its reports, one line each:\n\n", ti->format);
	dsr_buf_append(&text, c.cover.data, c.cover.len);
	dsr_buf_printf(&title, "%s (%s)", c.source, ti->format);
	dsr_buf_printf(&n, "%s: imported from a %s (sha256 %s): %zu article(s), %zu pair(s) of "
		       "names judged the same, %zu other item(s) as notes", c.source, ti->format,
		       hx, ti->narts - 1, ti->nsame, ti->nnotes);
	rc = dsr_buf_cstr(&text) || dsr_buf_cstr(&title) || dsr_buf_cstr(&n) ? -ENOMEM : 0;
	dsr_buf_free(&c.cover);
	dsr_ti_article *a = &ti->arts[cover];
	if (!rc && text.len > DSR_ARTICLE_MAX)
		rc = dsr__ti_fail(&c, "what the document holds besides its reports makes %zu bytes "
				  "of text, over the %u of an article", text.len, DSR_ARTICLE_MAX);
	if (!rc && !dsr__ti_grow((void **)&ti->notes, &ti->capnotes, ti->nnotes, sizeof *ti->notes)) {
		memmove(ti->notes + 1, ti->notes, ti->nnotes * sizeof *ti->notes);
		ti->notes[0].article = cover;
		ti->notes[0].text = (char *)n.data;
		ti->nnotes++;
		n.data = NULL;
		free(a->text);
		free(a->title);
		a->text = (char *)text.data;
		a->len = text.len;
		a->title = (char *)title.data;
		text.data = title.data = NULL;
	} else if (!rc) {
		rc = -ENOMEM;
	}
	dsr_buf_free(&text);
	dsr_buf_free(&title);
	dsr_buf_free(&n);
	return rc;
}

void dsr_ti_free(dsr_ti *ti)
{
	for (size_t i = 0; i < ti->narts; i++) {
		free(ti->arts[i].title);
		free(ti->arts[i].publisher);
		free(ti->arts[i].url);
		free(ti->arts[i].published);
		free(ti->arts[i].text);
	}
	for (size_t i = 0; i < ti->nsame; i++) {
		free(ti->same[i].a);
		free(ti->same[i].b);
		free(ti->same[i].note);
	}
	for (size_t i = 0; i < ti->nnotes; i++)
		free(ti->notes[i].text);
	free(ti->arts);
	free(ti->same);
	free(ti->notes);
	memset(ti, 0, sizeof *ti);
}
