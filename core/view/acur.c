/* acur.c: analysts' corrections of articles (ArticleCurated, v.acur).
 *
 * Each field — title, publisher, URL, publication date, withdrawn — is one
 * value per article, decided by the latest edit (lww.c; the edit that lost
 * is a conflict).  The record is kept whether or not the article is held,
 * so that the events may arrive in any order.  What a winning change does:
 *   - metadata: the article's record shows it (article.c overlays it) and
 *     its claims' outlets and dates are worked out again (prop.c);
 *   - publication date: the entries its edit dates (ArticleCurated.dates)
 *     move to those dates, and the entries the edit it replaces dated go
 *     back to their extracted dates (entry.c: the date in v.amend);
 *   - withdrawn or restored: the article and its facts leave the views or
 *     come back (park.c). */
#include "view/impl.h"
#include "base/api.h"
#include "error.h"

#include <string.h>

/* One metadata field of the record: the winner of its edits. */
static int field(dsr__wtx *w, const char *target, const char *name, const char *val,
		 const char *author, const dsr__stamp *st, char **cur, char **cur_author,
		 Dpb__Stamp **win, Dpb__Stamp *storage, bool *changed)
{
	if (!val || !*val)
		return 0;
	int r = dsr__lww(w, target, name, win, storage, *cur, *cur_author, val, author, st);
	if (r > 0) {
		*cur = (char *)val;
		*cur_author = (char *)author;
		*changed = true;
	}
	return r < 0 ? r : 0;
}

static const Dpb__EntryDate *find_date(Dpb__EntryDate *const *v, size_t n, const uint8_t *id)
{
	for (size_t i = 0; i < n; i++)
		if (v[i]->entry.len == DSR_ID_LEN && !memcmp(v[i]->entry.data, id, DSR_ID_LEN))
			return v[i];
	return NULL;
}

/* The winning publication date changed from old's dates to rec's. */
static int redate(dsr__wtx *w, Dpb__EntryDate *const *old, size_t n_old,
		  Dpb__EntryDate *const *now, size_t n_now)
{
	int rc = 0;
	for (size_t i = 0; !rc && i < n_old; i++)
		if (!find_date(now, n_now, old[i]->entry.data))
			rc = dsr__entry_redate(w, old[i]->entry.data, NULL, 0);
	for (size_t i = 0; !rc && i < n_now; i++)
		rc = dsr__entry_redate(w, now[i]->entry.data, now[i]->date, (int)now[i]->precision);
	return rc;
}

/* The article's record shows its corrected metadata. */
static int refresh_article(dsr__wtx *w, const uint8_t *id, const Dpb__ArticleCurRec *cur,
			   bool parked)
{
	int db = parked ? DSR__DB_V_WARTICLE : DSR__DB_V_ARTICLE;
	Dpb__ArticleRec *old = NULL;
	int rc = dsr__get_rec(w, db, id, DSR_ID_LEN, &dpb__article_rec__descriptor,
			      (ProtobufCMessage **)&old);
	if (rc == DSR_ENOTFOUND)
		return 0;          /* not held yet: article.c overlays it then */
	if (rc)
		return rc;
	if (!old->n_supports)
		return DSR_ECORRUPT;
	dsr__stamp ws = dsr__stamp_from_pb(old->supports[old->n_supports - 1]);
	Dpb__Event *ev;
	if ((rc = dsr__kv_flush(w)))
		return rc;
	if ((rc = dsr__event_by_stamp(w->s, w->txn, &ws, &ev)))
		return rc == DSR_ENOTFOUND ? DSR_ECORRUPT : rc;
	if (ev->payload_case != DPB__EVENT__PAYLOAD_ARTICLE) {
		dpb__event__free_unpacked(ev, NULL);
		return DSR_ECORRUPT;
	}
	Dpb__ArticleFiled meta = *ev->article;
	meta.text.data = NULL;
	meta.text.len = 0;
	meta.id.data = NULL;
	meta.id.len = 0;
	dsr__acur_overlay(cur, &meta);
	Dpb__ArticleRec rec = *old;
	rec.base = (ProtobufCMessage)PROTOBUF_C_MESSAGE_INIT(&dpb__article_rec__descriptor);
	rec.article = &meta;
	rc = dsr__put_rec(w, db, id, DSR_ID_LEN, &rec.base);
	if (!rc && !parked)
		rc = dsr__prop_article(w, id, false);
	dpb__event__free_unpacked(ev, NULL);
	return rc;
}

int dsr__view_article_curated(dsr__wtx *w, const Dpb__Event *ev)
{
	const Dpb__ArticleCurated *c = ev->article_curated;
	const uint8_t *id = c->article.data;
	dsr__stamp st = dsr__stamp_of(ev);
	Dpb__ArticleCurRec *old = NULL;
	int rc = dsr__acur_get(w, id, &old);
	if (rc)
		return rc;
	Dpb__ArticleCurRec rec = DPB__ARTICLE_CUR_REC__INIT;
	if (old) {
		rec = *old;
		rec.base = (ProtobufCMessage)PROTOBUF_C_MESSAGE_INIT(&dpb__article_cur_rec__descriptor);
	}
	char target[2 * DSR_ID_LEN + 1];
	dsr_hex(id, DSR_ID_LEN, target);
	Dpb__Stamp s[5];
	bool meta = false, dated = false, moved = false;
	const char *a = ev->author;
	rc = field(w, target, "title", c->title, a, &st, &rec.title, &rec.title_author,
		   &rec.title_win, &s[0], &meta);
	if (!rc)
		rc = field(w, target, "publisher", c->publisher, a, &st, &rec.publisher,
			   &rec.publisher_author, &rec.publisher_win, &s[1], &meta);
	if (!rc)
		rc = field(w, target, "url", c->url, a, &st, &rec.url, &rec.url_author,
			   &rec.url_win, &s[2], &meta);
	if (!rc)
		rc = field(w, target, "published", c->published, a, &st, &rec.published,
			   &rec.published_author, &rec.published_win, &s[3], &dated);
	if (!rc && dated) {
		rec.dates = c->dates;
		rec.n_dates = c->n_dates;
	}
	bool was = old && old->withdrawn;
	if (!rc && (c->withdrawn || c->restored)) {
		int r = dsr__lww(w, target, "withdrawn", &rec.withdrawn_win, &s[4],
				 rec.withdrawn ? "withdrawn" : "restored", rec.withdrawn_author,
				 c->withdrawn ? "withdrawn" : "restored", a, &st);
		if (r > 0) {
			rec.withdrawn = c->withdrawn;
			rec.withdrawn_author = (char *)a;
			moved = rec.withdrawn != was;
		}
		rc = r < 0 ? r : 0;
	}
	if (rc)
		return rc;
	/* the record first: what follows reads it */
	if ((rc = dsr__put_rec(w, DSR__DB_V_ACUR, id, DSR_ID_LEN, &rec.base)))
		return rc;
	if (dated)
		rc = redate(w, old ? old->dates : NULL, old ? old->n_dates : 0, rec.dates,
			    rec.n_dates);
	/* where the article's record is until it moves below */
	if (!rc && (meta || dated))
		rc = refresh_article(w, id, &rec, was);
	if (!rc && moved)
		rc = dsr__article_park(w, id, rec.withdrawn);
	return rc;
}
