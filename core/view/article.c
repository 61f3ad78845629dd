/* article.c: the articles view (article records in v.fact) and their
 * postings in the full-text index (view/search.c).  The text itself stays in
 * the log; the record keeps the metadata of the winning filing event, with
 * analysts' corrections (acur.c) over it.  A withdrawn article (park.c) has
 * no postings. */
#include "view/impl.h"
#include "error.h"

#include <string.h>

int dsr__article_refs(dsr__wtx *w, const Dpb__Event *ev, int delta)
{
	const Dpb__ArticleFiled *a = ev->article;
	return dsr__search_doc(w, DSR__SEARCH_ARTICLE, a->id.data, ev->hlc,
			       (const uint8_t *)a->title, a->title ? strlen(a->title) : 0,
			       a->text.data, a->text.len, delta);
}

/* The article's postings follow its winning event: the old winner's (its
 * title may differ) are taken back. */
static int search_winner(dsr__wtx *w, const Dpb__Stamp *old, const Dpb__Event *ev)
{
	if (old) {
		dsr__stamp ws = dsr__stamp_from_pb(old);
		Dpb__Event *prev;
		int rc = dsr__event_by_stamp(w->s, w->txn, &ws, &prev);
		if (rc)
			return rc == DSR_ENOTFOUND ? DSR_ECORRUPT : rc;
		rc = dsr__article_refs(w, prev, -1);
		dpb__event__free_unpacked(prev, NULL);
		if (rc)
			return rc;
	}
	return dsr__article_refs(w, ev, 1);
}

/* Where the text starts in the event's stored bytes.  The writer packs
 * fields in number order and the payload comes last, so only the
 * article's fields after the text follow it; the bytes there are checked,
 * and bytes packed another way (a peer's encoder) give 0: not known. */
static uint64_t text_at(const dsr__wtx *w, const Dpb__ArticleFiled *a)
{
	if (!w->ev_bytes || !a->text.len)
		return 0;
	Dpb__ArticleFiled tail = DPB__ARTICLE_FILED__INIT;
	tail.extractor = a->extractor;
	tail.byline = a->byline;
	tail.lang = a->lang;
	size_t after = dpb__article_filed__get_packed_size(&tail);
	if (w->ev_len < after + a->text.len)
		return 0;
	size_t at = w->ev_len - after - a->text.len;
	return memcmp(w->ev_bytes + at, a->text.data, a->text.len) ? 0 : at;
}

int dsr__view_article(dsr__wtx *w, const Dpb__Event *ev)
{
	const Dpb__ArticleFiled *a = ev->article;
	dsr__stamp st = dsr__stamp_of(ev);
	/* analysts' corrections, and whether they withdrew it (park.c) */
	Dpb__ArticleCurRec *cur = NULL;
	int rc = dsr__acur_get(w, a->id.data, &cur);
	if (rc)
		return rc;
	bool parked = cur && cur->withdrawn;
	int db = parked ? DSR__DB_V_WARTICLE : DSR__DB_V_ARTICLE;
	Dpb__ArticleRec *old = NULL;
	rc = dsr__get_rec(w, db, a->id.data, DSR_ID_LEN,
			  &dpb__article_rec__descriptor, (ProtobufCMessage **)&old);
	if (rc == DSR_ENOTFOUND)
		rc = dsr__fcount_add(w, db);
	if (rc)
		return rc;
	Dpb__ArticleRec rec = DPB__ARTICLE_REC__INIT;
	Dpb__ArticleFiled meta;
	dsr__supports sp;
	const Dpb__Stamp *win = old && old->n_supports ? old->supports[old->n_supports - 1] : NULL;
	if (!win || dsr__stamp_cmp_pb(&st, win) > 0) {
		/* its claims' outlet and date come from the winner */
		rc = parked ? 0 : dsr__prop_article(w, a->id.data, !win);
		if (!rc && !parked)
			rc = search_winner(w, win, ev);
		if (rc)
			return rc;
		meta = *a;
		meta.text.data = NULL;
		meta.text.len = 0;
		meta.id.data = NULL;
		meta.id.len = 0;
		dsr__acur_overlay(cur, &meta);
		rec.article = &meta;
		rec.bytes = (uint32_t)a->text.len;
		rec.text_at = text_at(w, a);
	} else {
		rec.article = old->article;
		rec.bytes = old->bytes;
		rec.text_at = old->text_at;
	}
	rc = dsr__supports_add(&sp, old ? old->supports : NULL,
			       old ? old->n_supports : 0, &st);
	if (rc == 0) {
		rec.supports = sp.v;
		rec.n_supports = sp.n;
		rc = dsr__put_rec(w, db, a->id.data, DSR_ID_LEN, &rec.base);
		dsr__supports_free(&sp);
	}
	return rc;
}
