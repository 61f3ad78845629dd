/* timesketch.c: the timeline as JSON Lines that Timesketch imports: one
 * object per line with the three fields it requires (`message`,
 * `datetime` in ISO 8601, `timestamp_desc`), `timestamp` in microseconds,
 * and the entry's own fields.  A date coarser than a day stands at the
 * start of its period and keeps its precision in `date_precision` (and
 * its TIMEX3 value in `date`); entries whose date names no calendar day
 * (no year, PRESENT_REF) and entries an analyst removed are left out.
 * Lines come in date order (rows.c). */
#include "export/impl.h"
#include "extract.h"
#include "error.h"
#include "query.h"
#include "query/api.h"
#include "model/api.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

struct tx {
	dsr__pubmap pubs;
	dsr_buf line;
	dsr__rows rows;
};

static const char *precision_word(unsigned p)
{
	static const char *const w[] = { "unknown", "time", "day", "week", "month", "season",
		"quarter", "year", "decade", "century", "ref" };
	return p < sizeof w / sizeof *w ? w[p] : "unknown";
}

static int on_entry(void *ctx, const Dpb__EntryInfo *e)
{
	struct tx *x = ctx;
	int64_t secs;
	if (e->removed || e->id.len != DSR_ID_LEN || !dsr__timex_time(e->date, &secs))
		return 0;
	dsr_buf *b = &x->line;
	b->len = 0;
	time_t tt = (time_t)secs;
	struct tm tm;
	gmtime_r(&tt, &tm);
	char when[40];
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S+00:00", &tm);
	dsr_buf_puts(b, "{\"message\":");
	dsr__jstr(b, e->text);
	dsr_buf_printf(b, ",\"datetime\":\"%s\",\"timestamp\":%" PRId64 "000000,"
		       "\"timestamp_desc\":\"Event Time\",\"date\":", when, secs);
	dsr__jstr(b, e->date);
	dsr_buf_printf(b, ",\"date_precision\":\"%s\",\"event_status\":\"%s\",\"actors\":",
		       precision_word(e->precision), dsr_event_status_name(e->status));
	dsr_buf_putc(b, '[');
	for (size_t i = 0; i < e->n_actors; i++) {
		if (i)
			dsr_buf_putc(b, ',');
		dsr__jstr(b, e->actors[i]);
	}
	dsr_buf_puts(b, "],\"article\":");
	dsr__jhex(b, e->article.data, e->article.len);
	dsr_buf_puts(b, ",\"publisher\":");
	dsr__jstr(b, dsr__pubmap_get(&x->pubs, e->article));
	if (e->span)
		dsr_buf_printf(b, ",\"span_start\":%u,\"span_end\":%u", e->span->start,
			       e->span->end);
	dsr_buf_puts(b, ",\"entry_id\":");
	dsr__jhex(b, e->id.data, e->id.len);
	if (e->group.len == DSR_ID_LEN) {
		dsr_buf_puts(b, ",\"group\":");
		dsr__jhex(b, e->group.data, e->group.len);
	}
	dsr_buf_puts(b, ",\"data_type\":\"dossier:timeline:entry\"}\n");
	return dsr__rows_add(&x->rows, dsr__date_sortkey(e->date), e->id.data, b->data, b->len);
}

int dsr__export_timesketch(dsr_rtxn *t, uint64_t now_ms, dsr__out *o)
{
	(void)now_ms;
	struct tx x = { { 0 }, DSR_BUF_INIT, { 0 } };
	/* every entry as stored, then in date order (rows.c) */
	dsr_entry_filter f = { NULL, NULL, NULL, NULL, false, true, true };
	int rc = dsr__pubmap_load(t, &x.pubs);
	if (!rc)
		rc = dsr_q_timeline(t, &f, NULL, NULL, on_entry, &x);
	if (!rc)
		rc = dsr__rows_put(&x.rows, NULL, o);
	dsr_buf_free(&x.line);
	dsr__rows_free(&x.rows);
	dsr__pubmap_free(&x.pubs);
	return rc;
}
