/* csv.c: the timeline as CSV (RFC 4180), one row per entry. */
#include "export/impl.h"
#include "extract.h"
#include "error.h"
#include "query.h"
#include "query/api.h"
#include "model/api.h"

#include <stdio.h>
#include <string.h>

static void csv(dsr_buf *b, const char *s)
{
	dsr_buf_putc(b, '"');
	for (; s && *s; s++) {
		if (*s == '"')
			dsr_buf_putc(b, '"');
		dsr_buf_putc(b, *s);
	}
	dsr_buf_putc(b, '"');
}

struct cx {
	dsr__pubmap pubs;
	dsr_buf row;          /* the row being written */
	dsr__rows rows;       /* put out in date order at the end */
};

static int on_entry(void *ctx, const Dpb__EntryInfo *e)
{
	struct cx *c = ctx;
	dsr_buf *b = &c->row;
	b->len = 0;
	char id[2 * DSR_ID_LEN + 1] = "", art[2 * DSR_ID_LEN + 1] = "";
	if (e->id.len == DSR_ID_LEN)
		dsr_hex(e->id.data, DSR_ID_LEN, id);
	if (e->article.len == DSR_ID_LEN)
		dsr_hex(e->article.data, DSR_ID_LEN, art);
	static const char *const prec[] = { "", "time", "day", "week", "month", "season",
		"quarter", "year", "decade", "century", "ref" };
	csv(b, e->date);
	dsr_buf_putc(b, ',');
	csv(b, prec[e->precision <= 10 ? e->precision : 0]);
	dsr_buf_putc(b, ',');
	csv(b, e->text);
	dsr_buf_putc(b, ',');
	dsr_buf_putc(b, '"');
	for (size_t i = 0; i < e->n_actors; i++) {
		if (i)
			dsr_buf_puts(b, "; ");
		for (const char *s = e->actors[i]; *s; s++) {
			if (*s == '"')
				dsr_buf_putc(b, '"');
			dsr_buf_putc(b, *s);
		}
	}
	dsr_buf_putc(b, '"');
	dsr_buf_putc(b, ',');
	dsr_buf_puts(b, art);
	dsr_buf_putc(b, ',');
	csv(b, dsr__pubmap_get(&c->pubs, e->article));
	if (e->span)
		dsr_buf_printf(b, ",%u,%u", e->span->start, e->span->end);
	else
		dsr_buf_puts(b, ",,");
	dsr_buf_printf(b, ",%s,%s,%s\r\n", e->removed ? "yes" : "no", id,
		       dsr_event_status_name(e->status));
	if (e->id.len != DSR_ID_LEN)
		return 0;
	return dsr__rows_add(&c->rows, dsr__date_sortkey(e->date), e->id.data, b->data, b->len);
}

int dsr__export_csv(dsr_rtxn *t, uint64_t now_ms, dsr__out *o)
{
	(void)now_ms;
	struct cx c = { { 0 }, DSR_BUF_INIT, { 0 } };
	/* every entry as stored, then in date order (rows.c) */
	dsr_entry_filter f = { NULL, NULL, NULL, NULL, false, true, true };
	dsr_buf_puts(&o->b, "date,precision,what,actors,article,publisher,start,end,removed,id,status\r\n");
	int rc = dsr__pubmap_load(t, &c.pubs);
	if (!rc)
		rc = dsr_q_timeline(t, &f, NULL, NULL, on_entry, &c);
	if (!rc)
		rc = dsr__rows_put(&c.rows, NULL, o);
	dsr_buf_free(&c.row);
	dsr__rows_free(&c.rows);
	dsr__pubmap_free(&c.pubs);
	return rc;
}
