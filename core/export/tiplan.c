/* tiplan.c: the pieces the readers of other platforms' documents build
 * their plan with (tiread.h): members of the expected JSON types within
 * dossier's limits (or a refusal saying where), articles made fit to file,
 * pairs of names, notes and the cover's lines, days from timestamps.
 * stixread.c and mispread.c use them, and tiread.c for the cover. */
#include "export/tiread.h"
#include "error.h"
#include "ingest.h"
#include "validate.h"

#include <errno.h>
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

int dsr__ti_grow(void **v, size_t *cap, size_t n, size_t size)
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
	if (dsr__ti_grow((void **)&ti->arts, &ti->caparts, ti->narts, sizeof *ti->arts))
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
	if (dsr__ti_grow((void **)&ti->same, &ti->capsame, ti->nsame, sizeof *ti->same))
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
	if (dsr__ti_grow((void **)&ti->notes, &ti->capnotes, ti->nnotes, sizeof *ti->notes))
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

