/* rows.c: rows of an export written in one order and put out in another.
 * The timeline is read in the order the store keeps entries (by id: an
 * article's entries together, its events side by side), which costs a
 * sequential pass at any size, and put out in date order after a sort,
 * rather than read in date order, which jumps across the whole store for
 * every entry.  The rows' text is what an export would otherwise hold
 * whole (a 400,000-event store's JSON timeline: 130 MB), so past
 * DSR__ROWS_MEM it goes to a temporary file (the page cache's, not the
 * process's memory) and is read back row by row in order; only the sort
 * keys stay in memory. */
#include "export/impl.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int dsr__rows_add(dsr__rows *r, uint64_t sortkey, const uint8_t id[DSR_ID_LEN],
		  const void *text, size_t len)
{
	if (r->n == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 1024;
		struct dsr__row *v = realloc(r->v, cap * sizeof *v);
		if (!v)
			return -ENOMEM;
		r->v = v;
		r->cap = cap;
	}
	struct dsr__row *w = &r->v[r->n];
	w->sortkey = sortkey;
	memcpy(w->id, id, DSR_ID_LEN);
	w->off = r->spilled + r->text.len;
	w->len = len;
	if (dsr_buf_append(&r->text, text, len))
		return -ENOMEM;
	r->n++;
	if (r->text.len >= DSR__ROWS_MEM) {
		/* to the file (made at the first spill); without one, in memory */
		if (!r->tried) {
			r->tried = true;
			r->file = tmpfile();
		}
		if (r->file) {
			if (fwrite(r->text.data, 1, r->text.len, r->file) != r->text.len)
				return -EIO;
			r->spilled += r->text.len;
			r->text.len = 0;
		}
	}
	return 0;
}

static int row_cmp(const void *a, const void *b)
{
	const struct dsr__row *x = a, *y = b;
	if (x->sortkey != y->sortkey)
		return x->sortkey < y->sortkey ? -1 : 1;
	return memcmp(x->id, y->id, DSR_ID_LEN);
}

int dsr__rows_put(dsr__rows *r, const char *sep, dsr__out *o)
{
	if (r->n)
		qsort(r->v, r->n, sizeof *r->v, row_cmp);
	if (r->file && fflush(r->file))
		return -EIO;
	for (size_t i = 0; i < r->n; i++) {
		const struct dsr__row *w = &r->v[i];
		if (i && sep && dsr_buf_puts(&o->b, sep))
			return -ENOMEM;
		if (w->off >= r->spilled) {
			if (dsr_buf_append(&o->b, r->text.data + (w->off - r->spilled), w->len))
				return -ENOMEM;
		} else {
			if (dsr_buf_reserve(&o->b, w->len))
				return -ENOMEM;
			if (pread(fileno(r->file), o->b.data + o->b.len, w->len, (off_t)w->off) !=
			    (ssize_t)w->len)
				return -EIO;
			o->b.len += w->len;
		}
		int rc = dsr__out_drain(o, false);
		if (rc)
			return rc;
	}
	return 0;
}

void dsr__rows_free(dsr__rows *r)
{
	if (r->file)
		fclose(r->file);
	free(r->v);
	dsr_buf_free(&r->text);
	memset(r, 0, sizeof *r);
}
