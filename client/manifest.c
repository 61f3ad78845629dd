/* manifest.c: `dossier ingest --manifest FILE`: the articles of a batch,
 * one a line, each with its own metadata.  JSON Lines (a line an object)
 * or CSV (RFC 4180, read by Debian's libcsv, a header row naming the
 * columns).  Fields: path (required; relative to the manifest's folder),
 * published, publisher, title, url, author.  A line that cannot be used
 * (not JSON, no path, a date that is no date, an unknown field) is kept
 * with its error, so the batch goes on past it and reports it. */
#include "manifest.h"
#include "cmd.h"
#include "datecheck.h"
#include "jsonparse.h"

#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const fields[] = { "path", "published", "publisher", "title", "url",
				      "author" };
#define NFIELDS (sizeof fields / sizeof *fields)

static int field_index(const char *name)
{
	for (size_t i = 0; i < NFIELDS; i++)
		if (!strcmp(name, fields[i]))
			return (int)i;
	return -1;
}

static char **slot(struct manifest_row *r, int f)
{
	switch (f) {
	case 0: return &r->path;
	case 1: return &r->published;
	case 2: return &r->publisher;
	case 3: return &r->title;
	case 4: return &r->url;
	default: return &r->author;
	}
}

static void row_error(struct manifest_row *r, const char *fmt, const char *arg)
{
	if (r->err)
		return;
	char msg[512];
	snprintf(msg, sizeof msg, fmt, arg);
	r->err = xstrdup(msg);
}

/* The checks every row gets, whatever the format; the path is made
 * relative to the manifest's folder. */
static void finish_row(struct manifest_row *r, const char *dir)
{
	if (!r->err && (!r->path || !*r->path))
		row_error(r, "%sno path", "");
	if (!r->err && r->published && *r->published && !published_valid(r->published))
		row_error(r, "published '%s' is not a date (YYYY-MM-DD or an ISO 8601 time)",
			  r->published);
	if (!r->err && r->path[0] != '/' && dir) {
		char *p = xmalloc(strlen(dir) + strlen(r->path) + 2);
		sprintf(p, "%s/%s", dir, r->path);
		free(r->path);
		r->path = p;
	}
}

struct rows {
	struct manifest_row *v;
	size_t n, cap;
};

static struct manifest_row *new_row(struct rows *rs, size_t line)
{
	if (rs->n == rs->cap) {
		rs->cap = rs->cap ? 2 * rs->cap : 64;
		rs->v = xrealloc(rs->v, rs->cap * sizeof *rs->v);
	}
	struct manifest_row *r = &rs->v[rs->n++];
	memset(r, 0, sizeof *r);
	r->line = line;
	return r;
}

/* ---- JSON Lines ------------------------------------------------------------ */

static void json_line(struct rows *rs, size_t line, const char *p, size_t n, const char *dir)
{
	struct manifest_row *r = new_row(rs, line);
	dsr_json *j;
	if (dsr_json_parse(p, n, &j)) {
		row_error(r, "%snot a JSON object", "");
		return;
	}
	if (j->type != DSR_JSON_OBJECT) {
		row_error(r, "%snot a JSON object", "");
	} else {
		for (const dsr_json *v = j->child; v; v = v->next) {
			int f = field_index(v->key);
			if (f < 0)
				row_error(r, "unknown field '%.64s' (path, published, publisher, title, "
					  "url, author)", v->key);
			else if (v->type != DSR_JSON_STRING)
				row_error(r, "'%s' is not a string", v->key);
			else if (!*slot(r, f) && *v->str)
				*slot(r, f) = xstrdup(v->str);
		}
	}
	dsr_json_free(j);
	finish_row(r, dir);
}

/* ---- CSV ------------------------------------------------------------------- */

struct csvctx {
	struct rows *rs;
	const char *dir;
	int cols[32];           /* field index of each column, -1: none */
	size_t ncols;
	bool header;
	size_t col;             /* column of the row being read */
	size_t line;
	struct manifest_row *r;
	char *fatal;
};

static void on_field(void *s, size_t len, void *ctx)
{
	struct csvctx *c = ctx;
	char *v = xmalloc(len + 1);
	memcpy(v, s, len);
	v[len] = 0;
	if (c->header) {
		int f = field_index(v);
		if (c->ncols == 32 || (f < 0 && !c->fatal)) {
			char msg[256];
			snprintf(msg, sizeof msg, "unknown column '%.64s' (path, published, "
				 "publisher, title, url, author)", v);
			c->fatal = xstrdup(msg);
		} else if (c->ncols < 32) {
			c->cols[c->ncols++] = f;
		}
		free(v);
		return;
	}
	if (!c->r)
		c->r = new_row(c->rs, c->line);
	if (c->col < c->ncols && c->cols[c->col] >= 0 && *v)
		*slot(c->r, c->cols[c->col]) = v;
	else
		free(v);
	c->col++;
}

static void on_row(int term, void *ctx)
{
	(void)term;
	struct csvctx *c = ctx;
	if (c->header) {
		c->header = false;
		bool path = false;
		for (size_t i = 0; i < c->ncols; i++)
			path |= c->cols[i] == 0;
		if (!path && !c->fatal)
			c->fatal = xstrdup("no 'path' column in the header row");
	} else if (c->r) {
		if (c->col != c->ncols) {
			char n[32];
			snprintf(n, sizeof n, "%zu", c->col);
			row_error(c->r, "%s fields where the header has another number", n);
		}
		finish_row(c->r, c->dir);
	}
	c->r = NULL;
	c->col = 0;
	c->line++;
}

static int read_csv(const char *text, size_t len, const char *dir, struct rows *rs,
		    char **fatal)
{
	struct csv_parser p;
	if (csv_init(&p, CSV_APPEND_NULL | CSV_EMPTY_IS_NULL) != 0)
		return -ENOMEM;
	struct csvctx c = { .rs = rs, .dir = dir, .header = true, .line = 1 };
	if (csv_parse(&p, text, len, on_field, on_row, &c) != len ||
	    csv_fini(&p, on_field, on_row, &c) != 0) {
		char msg[256];
		snprintf(msg, sizeof msg, "not CSV: %s", csv_strerror(csv_error(&p)));
		if (!c.fatal)
			c.fatal = xstrdup(msg);
	}
	csv_free(&p);
	*fatal = c.fatal;
	return 0;
}

/* ---- reading ---------------------------------------------------------------- */

int manifest_read(const char *file, struct manifest_row **out, size_t *nout)
{
	*out = NULL;
	*nout = 0;
	FILE *f = fopen(file, "rb");
	if (!f) {
		fprintf(stderr, "dossier ingest: --manifest %s: %s\n", file, strerror(errno));
		return DSR_EXIT_INPUT;
	}
	dsr_buf b = DSR_BUF_INIT;
	char chunk[65536];
	size_t r;
	while ((r = fread(chunk, 1, sizeof chunk, f)) > 0)
		dsr_buf_append(&b, chunk, r);
	fclose(f);
	dsr_buf_cstr(&b);
	char *dir = xstrdup(file), *slash = strrchr(dir, '/');
	if (slash)
		*slash = 0;
	else
		strcpy(dir, ".");
	const char *t = (const char *)(b.data ? b.data : (uint8_t *)"");
	size_t i = 0;
	while (i < b.len && (t[i] == ' ' || t[i] == '\t' || t[i] == '\r' || t[i] == '\n'))
		i++;
	struct rows rs = { 0 };
	int rc = 0;
	if (i < b.len && t[i] == '{') {   /* JSON Lines */
		size_t line = 1;
		for (size_t s = 0; s < b.len;) {
			size_t e = s;
			while (e < b.len && t[e] != '\n')
				e++;
			size_t k = s;
			while (k < e && (t[k] == ' ' || t[k] == '\t' || t[k] == '\r'))
				k++;
			if (k < e)
				json_line(&rs, line, t + s, e - s, dir);
			s = e + 1;
			line++;
		}
	} else {
		char *fatal = NULL;
		if (read_csv(t, b.len, dir, &rs, &fatal) < 0) {
			rc = DSR_EXIT_ERROR;
		} else if (fatal) {
			fprintf(stderr, "dossier ingest: --manifest %s: %s\n", file, fatal);
			free(fatal);
			rc = DSR_EXIT_USAGE;
		}
	}
	free(dir);
	dsr_buf_free(&b);
	if (!rc && !rs.n) {
		fprintf(stderr, "dossier ingest: --manifest %s: no articles in it\n", file);
		rc = DSR_EXIT_USAGE;
	}
	if (rc) {
		manifest_free(rs.v, rs.n);
		return rc;
	}
	*out = rs.v;
	*nout = rs.n;
	return 0;
}

void manifest_free(struct manifest_row *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		for (size_t f = 0; f < NFIELDS; f++)
			free(*slot(&v[i], (int)f));
		free(v[i].err);
	}
	free(v);
}
