/* table.c: aligned, readable tables.  Widths count characters, not bytes
 * (names are UTF-8), and a column may be capped so a long claim does not
 * push the rest off the screen. */
#include "client.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

struct table {
	int ncols;
	char **heads;
	size_t *cap;        /* 0: no cap */
	size_t *width;
	char **cells;       /* rows * ncols */
	size_t nrows, alloc;
};

static size_t u8len(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/* The byte length of the first `chars` characters of s. */
static size_t u8prefix(const char *s, size_t chars)
{
	size_t i = 0, n = 0;
	for (; s[i]; i++) {
		if (((unsigned char)s[i] & 0xc0) != 0x80) {
			if (n == chars)
				break;
			n++;
		}
	}
	return i;
}

struct table *table_new(int ncols, const char *const *cols)
{
	struct table *t = xcalloc(1, sizeof *t);
	t->ncols = ncols;
	t->heads = xcalloc((size_t)ncols, sizeof *t->heads);
	t->cap = xcalloc((size_t)ncols, sizeof *t->cap);
	t->width = xcalloc((size_t)ncols, sizeof *t->width);
	for (int i = 0; i < ncols; i++) {
		const char *colon = strchr(cols[i], ':');
		t->heads[i] = colon ? strndup(cols[i], (size_t)(colon - cols[i]))
				    : xstrdup(cols[i]);
		t->cap[i] = colon ? strtoul(colon + 1, NULL, 10) : 0;
		t->width[i] = u8len(t->heads[i]);
	}
	return t;
}

static char *cell(const struct table *t, int col, const char *s)
{
	s = s ? s : "";
	/* One line per row: newlines and tabs become spaces. */
	char *c = xstrdup(s);
	for (char *p = c; *p; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	size_t cap = t->cap[col];
	if (cap > 1 && u8len(c) > cap) {
		size_t cut = u8prefix(c, cap - 1);
		c = xrealloc(c, cut + 4);
		memcpy(c + cut, "\xe2\x80\xa6", 4);  /* an ellipsis */
	}
	return c;
}

void table_add(struct table *t, ...)
{
	if (t->nrows == t->alloc) {
		t->alloc = t->alloc ? 2 * t->alloc : 16;
		t->cells = xrealloc(t->cells, t->alloc * (size_t)t->ncols * sizeof *t->cells);
	}
	va_list ap;
	va_start(ap, t);
	for (int i = 0; i < t->ncols; i++) {
		char *c = cell(t, i, va_arg(ap, const char *));
		size_t w = u8len(c);
		if (w > t->width[i])
			t->width[i] = w;
		t->cells[t->nrows * (size_t)t->ncols + (size_t)i] = c;
	}
	va_end(ap);
	t->nrows++;
}

static void row(const struct table *t, FILE *f, char *const *cells)
{
	for (int i = 0; i < t->ncols; i++) {
		bool last = i == t->ncols - 1;
		fputs(cells[i], f);
		if (!last)
			for (size_t k = u8len(cells[i]); k < t->width[i] + 2; k++)
				fputc(' ', f);
	}
	fputc('\n', f);
}

void table_print(struct table *t, FILE *f)
{
	row(t, f, t->heads);
	for (size_t r = 0; r < t->nrows; r++)
		row(t, f, t->cells + r * (size_t)t->ncols);
}

void table_free(struct table *t)
{
	for (size_t i = 0; i < t->nrows * (size_t)t->ncols; i++)
		free(t->cells[i]);
	for (int i = 0; i < t->ncols; i++)
		free(t->heads[i]);
	free(t->cells);
	free(t->heads);
	free(t->cap);
	free(t->width);
	free(t);
}
