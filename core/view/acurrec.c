/* acurrec.c: an article's corrections record (v.acur, written by acur.c),
 * as the fact views read it: is the article withdrawn, and which of its
 * metadata did analysts correct. */
#include "view/impl.h"
#include "error.h"

int dsr__acur_get(dsr__wtx *w, const uint8_t article[DSR_ID_LEN], Dpb__ArticleCurRec **out)
{
	*out = NULL;
	MDB_val v;
	int rc = dsr__get(w, DSR__DB_V_ACUR, article, DSR_ID_LEN, &v);
	if (rc)
		return rc == DSR_ENOTFOUND ? 0 : rc;
	/* decoded into the records' arena, as dsr__get_rec does (fact.c,
	 * which calls this file) */
	*out = dpb__article_cur_rec__unpack(&w->recs.pb, v.mv_size, v.mv_data);
	return *out ? 0 : DSR_ECORRUPT;
}

int dsr__acur_withdrawn(dsr__wtx *w, const uint8_t article[DSR_ID_LEN], bool *out)
{
	Dpb__ArticleCurRec *r;
	int rc = dsr__acur_get(w, article, &r);
	*out = !rc && r && r->withdrawn;
	return rc;
}

static void set(char **field, const char *v)
{
	if (v && *v)
		*field = (char *)v;
}

void dsr__acur_overlay(const Dpb__ArticleCurRec *rec, Dpb__ArticleFiled *meta)
{
	if (!rec)
		return;
	set(&meta->title, rec->title);
	set(&meta->publisher, rec->publisher);
	set(&meta->url, rec->url);
	set(&meta->published, rec->published);
}
