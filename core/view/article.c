/* article.c: the articles view (article records in v.fact).  The text itself stays in
 * the log; the record keeps the metadata of the winning filing event, with
 * analysts' corrections (acur.c) over it. */
#include "view/impl.h"
#include "error.h"

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
	} else {
		rec.article = old->article;
		rec.bytes = old->bytes;
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
