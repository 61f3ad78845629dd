/* redate.c: the dates an amended publication date gives an article's
 * timeline entries.  An analyst's ArticleCurated with a new `published`
 * and no `dates` is completed here, when this replica writes it: the
 * article's text (from the log) is extracted again against the new date,
 * and every dated entry is listed with its id.  Other replicas take the
 * dates as written, so they agree without running the extractor (whose
 * rules may differ between versions). */
#include "store/impl.h"
#include "extract.h"
#include "factid.h"
#include "error.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void dsr__redate_free(dsr__redate *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->v[i].date);
	free(r->v);
	free(r->ptr);
	free(r->ids);
	memset(r, 0, sizeof *r);
}

/* The winning ArticleFiled of an article, live or withdrawn. */
static int article_event(dsr__wtx *w, const uint8_t *id, Dpb__Event **ev)
{
	MDB_val v;
	int rc = dsr__get(w, DSR__DB_V_ARTICLE, id, DSR_ID_LEN, &v);
	if (rc == DSR_ENOTFOUND)
		rc = dsr__get(w, DSR__DB_V_WARTICLE, id, DSR_ID_LEN, &v);
	if (rc)
		return rc;
	Dpb__ArticleRec *r = dpb__article_rec__unpack(NULL, v.mv_size, v.mv_data);
	if (!r || !r->n_supports) {
		if (r)
			dpb__article_rec__free_unpacked(r, NULL);
		return DSR_ECORRUPT;
	}
	dsr__stamp st = dsr__stamp_from_pb(r->supports[r->n_supports - 1]);
	dpb__article_rec__free_unpacked(r, NULL);
	rc = dsr__event_by_stamp(w->s, w->txn, &st, ev);
	if (rc == DSR_ENOTFOUND)
		return DSR_ECORRUPT;
	if (!rc && (*ev)->payload_case != DPB__EVENT__PAYLOAD_ARTICLE) {
		dpb__event__free_unpacked(*ev, NULL);
		return DSR_ECORRUPT;
	}
	return rc;
}

static bool seen_span(const dsr_extraction *x, size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (x->events[j].span.start == x->events[i].span.start &&
		    x->events[j].span.end == x->events[i].span.end && x->events[j].date &&
		    *x->events[j].date && strlen(x->events[j].date) <= 64)
			return true;
	return false;
}

int dsr__redate_fill(dsr__wtx *w, Dpb__ArticleCurated *c, dsr__redate *out)
{
	memset(out, 0, sizeof *out);
	if (!c->published || !*c->published || c->n_dates || c->article.len != DSR_ID_LEN)
		return 0;
	/* the article may have been filed earlier in this transaction */
	int rc = dsr__kv_flush(w);
	Dpb__Event *ev = NULL;
	if (!rc)
		rc = article_event(w, c->article.data, &ev);
	if (rc)
		return rc;
	const Dpb__ArticleFiled *a = ev->article;
	struct dsr_extract_meta meta = { c->published, a->title, a->publisher, a->url,
					 a->byline, a->lang };
	dsr_extraction *x = NULL;
	rc = dsr_extract(a->text.data, a->text.len, &meta, &x);
	if (rc) {
		dpb__event__free_unpacked(ev, NULL);
		return rc;
	}
	size_t n = x->nevents;
	out->v = calloc(n + 1, sizeof *out->v);
	out->ptr = calloc(n + 1, sizeof *out->ptr);
	out->ids = calloc(n + 1, DSR_ID_LEN);
	if (!out->v || !out->ptr || !out->ids)
		rc = -ENOMEM;
	for (size_t i = 0; !rc && i < n; i++) {
		const struct dsr_x_event *e = &x->events[i];
		/* as ingest files them (ingest.c): a span once, dated */
		if (!e->date || !*e->date || strlen(e->date) > 64 ||
		    e->span.start > e->span.end || e->span.end > a->text.len || seen_span(x, i))
			continue;
		Dpb__EntryDate *d = &out->v[out->n];
		dpb__entry_date__init(d);
		uint8_t *id = out->ids + out->n * DSR_ID_LEN;
		dsr_span_fact_id("entry", c->article.data, e->span.start, e->span.end, id);
		d->entry.data = id;
		d->entry.len = DSR_ID_LEN;
		if (!(d->date = strdup(e->date))) {
			rc = -ENOMEM;
			break;
		}
		d->precision = e->precision >= 0 && e->precision <= DPB__PRECISION__PRECISION_REF
				       ? (Dpb__Precision)e->precision
				       : DPB__PRECISION__PRECISION_UNSPECIFIED;
		out->ptr[out->n] = d;
		out->n++;
	}
	dsr_extraction_free(x);
	dpb__event__free_unpacked(ev, NULL);
	if (rc) {
		dsr__redate_free(out);
		return rc;
	}
	c->dates = out->ptr;
	c->n_dates = out->n;
	return 0;
}
