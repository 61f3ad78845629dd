/* tiread.c: other platforms' documents (a STIX 2.1 bundle, a MISP event)
 * read into what dossier keeps of them (dsr_ti, ../export.h): articles to
 * file, names to judge the same, notes.  It tells the formats apart, keeps
 * the plan's lists, and writes the document's cover: the article that
 * holds, one line each, its named actors and what it says besides its
 * reports, and the note that says what was imported.  The formats' own
 * readers are stixread.c and mispread.c.  Everything is read before
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

/* A note's line is cut here (on a character boundary): what a note keeps
 * is a pointer to the file, not the file. */
#define LINE_MAX_BYTES 2000

int dsr__ti_fail(tictx *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->ti->err, sizeof c->ti->err, fmt, ap);
	va_end(ap);
	return DSR_EDECODE;
}

static const dsr_json *member(tictx *c, const dsr_json *obj, const char *key, const char *where,
			      enum dsr_json_type type, const char *what, int *rc)
{
	const dsr_json *m = obj && obj->type == DSR_JSON_OBJECT ? dsr_json_get(obj, key) : NULL;
	if (!m || m->type == DSR_JSON_NULL)
		return NULL;
	if (m->type != type) {
		*rc = dsr__ti_fail(c, "%s.%s: not %s", where, key, what);
		return NULL;
	}
	return m;
}

const char *dsr__ti_str(tictx *c, const dsr_json *obj, const char *key, const char *where,
			size_t max, int *rc)
{
	const dsr_json *m = member(c, obj, key, where, DSR_JSON_STRING, "a string", rc);
	if (m && m->len > max) {
		*rc = dsr__ti_fail(c, "%s.%s: %zu bytes, over the %zu dossier keeps", where, key,
				   m->len, max);
		return NULL;
	}
	return m ? m->str : NULL;
}

const dsr_json *dsr__ti_arr(tictx *c, const dsr_json *obj, const char *key, const char *where,
			    int *rc)
{
	return member(c, obj, key, where, DSR_JSON_ARRAY, "a list", rc);
}

const dsr_json *dsr__ti_obj(tictx *c, const dsr_json *obj, const char *key, const char *where,
			    int *rc)
{
	return member(c, obj, key, where, DSR_JSON_OBJECT, "an object", rc);
}

static int grow(void **v, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return 0;
	size_t nc = *cap ? 2 * *cap : 16;
	void *nv = realloc(*v, nc * size);
	if (!nv)
		return -ENOMEM;
	*v = nv;
	*cap = nc;
	return 0;
}

static char *dup(const char *s)
{
	return strdup(s ? s : "");
}

int dsr__ti_article(tictx *c, const char *title, const char *publisher, const char *url,
		    const char *published, const char *text, size_t len, size_t *idx)
{
	dsr_ti *ti = c->ti;
	if (len > DSR_ARTICLE_MAX)
		return dsr__ti_fail(c, "the text of \"%.60s\": %zu bytes, over the %u of an article",
				    title ? title : "", len, DSR_ARTICLE_MAX);
	if (grow((void **)&ti->arts, &ti->caparts, ti->narts, sizeof *ti->arts))
		return -ENOMEM;
	dsr_ti_article *a = &ti->arts[ti->narts];
	memset(a, 0, sizeof *a);
	a->title = dup(title);
	a->publisher = dup(publisher);
	a->url = dup(url);
	a->published = dup(published);
	a->text = malloc(len + 1);
	if (!a->title || !a->publisher || !a->url || !a->published || !a->text) {
		free(a->title), free(a->publisher), free(a->url), free(a->published), free(a->text);
		return -ENOMEM;
	}
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)text[i];
		a->text[i] = ch < 0x20 && ch != '\t' && ch != '\n' ? ' ' : (char)ch;
	}
	a->text[len] = 0;
	a->len = len;
	*idx = ti->narts++;
	return 0;
}

int dsr__ti_same(tictx *c, const char *a, const char *b, const char *why)
{
	dsr_ti *ti = c->ti;
	if (!a || !b || !*a || !*b || !strcmp(a, b) || strlen(a) > DSR_NAME_MAX ||
	    strlen(b) > DSR_NAME_MAX)
		return 0;
	if (grow((void **)&ti->same, &ti->capsame, ti->nsame, sizeof *ti->same))
		return -ENOMEM;
	dsr_ti_same *s = &ti->same[ti->nsame];
	dsr_buf n = DSR_BUF_INIT;
	dsr_buf_printf(&n, "%s: %s", c->source, why);
	if (dsr_buf_cstr(&n))
		return -ENOMEM;
	s->a = dup(a);
	s->b = dup(b);
	s->note = (char *)n.data;
	if (!s->a || !s->b) {
		free(s->a), free(s->b), free(s->note);
		return -ENOMEM;
	}
	ti->nsame++;
	return 0;
}

/* One line: no newline, at most LINE_MAX_BYTES (cut between characters). */
static int put_line(dsr_buf *b, const char *line)
{
	size_t n = strlen(line);
	bool cut = n > LINE_MAX_BYTES;
	if (cut) {
		n = LINE_MAX_BYTES;
		while (n && ((unsigned char)line[n] & 0xc0) == 0x80)
			n--;
	}
	for (size_t i = 0; i < n; i++)
		if (dsr_buf_putc(b, line[i] == '\n' || line[i] == '\r' ? ' ' : line[i]))
			return -ENOMEM;
	return cut ? dsr_buf_puts(b, " [...]") : 0;
}

int dsr__ti_cover_line(tictx *c, const char *line)
{
	int rc = put_line(&c->cover, line);
	c->nlines++;
	return rc ? rc : dsr_buf_putc(&c->cover, '\n');
}

int dsr__ti_note(tictx *c, size_t article, const char *line)
{
	dsr_ti *ti = c->ti;
	int rc = dsr__ti_cover_line(c, line);
	if (rc)
		return rc;
	if (grow((void **)&ti->notes, &ti->capnotes, ti->nnotes, sizeof *ti->notes))
		return -ENOMEM;
	dsr_buf n = DSR_BUF_INIT;
	dsr_buf_printf(&n, "%s: ", c->source);
	rc = put_line(&n, line);
	if (rc || dsr_buf_cstr(&n)) {
		dsr_buf_free(&n);
		return -ENOMEM;
	}
	ti->notes[ti->nnotes].article = article;
	ti->notes[ti->nnotes++].text = (char *)n.data;
	return 0;
}

int dsr__ti_para(dsr_buf *b, const char *s)
{
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\n' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	if (!n)
		return 0;
	int rc = dsr_buf_append(b, s, n);
	if (!rc && !strchr(".!?\"')]", s[n - 1]) && !(n >= 3 && !memcmp(s + n - 3, "\xe2\x80\x9d", 3)))
		rc = dsr_buf_putc(b, '.');
	return rc ? rc : dsr_buf_puts(b, "\n\n");
}

void dsr__ti_day(const char *ts, char out[11])
{
	out[0] = 0;
	if (!ts || strlen(ts) < 10)
		return;
	for (int i = 0; i < 10; i++) {
		bool dash = i == 4 || i == 7;
		if (dash ? ts[i] != '-' : (ts[i] < '0' || ts[i] > '9'))
			return;
	}
	memcpy(out, ts, 10);
	out[10] = 0;
}

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
	if (!rc && !grow((void **)&ti->notes, &ti->capnotes, ti->nnotes, sizeof *ti->notes)) {
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
