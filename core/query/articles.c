/* articles.c: `dossier articles` and `dossier article`: what was filed,
 * with the count of facts drawn from each article. */
#include "query/impl.h"
#include "error.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int count_one(void *ctx, const uint8_t id[DSR_ID_LEN], const MDB_val *v)
{
	(void)id;
	(void)v;
	(*(uint32_t *)ctx)++;
	return 0;
}

/* How many facts of kind db were drawn from the article. */
static uint32_t count_prefix(dsr_rtxn *t, int db, const uint8_t *article)
{
	uint32_t n = 0;
	dsr__fscan(t->s, t->txn, db, NULL, article, count_one, &n);
	return n;
}

static int article_info(dsr_rtxn *t, const uint8_t *id, const MDB_val *v, bool text,
			dsr_article_fn fn, void *ctx)
{
	Dpb__ArticleRec *r = dpb__article_rec__unpack(NULL, v->mv_size, v->mv_data);
	if (!r || !r->article) {
		if (r)
			dpb__article_rec__free_unpacked(r, NULL);
		return DSR_ECORRUPT;
	}
	Dpb__ArticleInfo ai = DPB__ARTICLE_INFO__INIT;
	ai.id.data = (uint8_t *)id;
	ai.id.len = DSR_ID_LEN;
	ai.title = r->article->title;
	ai.publisher = r->article->publisher;
	ai.url = r->article->url;
	ai.published = r->article->published;
	ai.bytes = r->bytes;
	ai.actors = count_prefix(t, DSR__DB_V_MENTION, id);
	ai.claims = count_prefix(t, DSR__DB_V_CLAIM, id);
	ai.entries = count_prefix(t, DSR__DB_V_ENTRY, id);
	uint8_t full[DSR_ORIGIN_LEN];
	uint32_t idx;
	if (r->n_supports &&
	    dsr__origin_by_prefix(t->s, t->txn, r->supports[r->n_supports - 1]->origin,
				  full, &idx) == 0) {
		ai.origin.data = full;
		ai.origin.len = DSR_ORIGIN_LEN;
		ai.seq = r->supports[r->n_supports - 1]->seq;
	}
	/* The text is the winning filing event's, as `why` quotes it. */
	Dpb__Event *ev = NULL;
	if (text && r->n_supports) {
		dsr__stamp st = dsr__stamp_from_pb(r->supports[r->n_supports - 1]);
		if (dsr__event_by_stamp(t->s, t->txn, &st, &ev) == 0 &&
		    ev->payload_case == DPB__EVENT__PAYLOAD_ARTICLE)
			ai.text = ev->article->text;
	}
	int rc = fn(ctx, &ai);
	if (ev)
		dpb__event__free_unpacked(ev, NULL);
	dpb__article_rec__free_unpacked(r, NULL);
	return rc;
}

struct article_walk {
	dsr_rtxn *t;
	dsr_article_fn fn;
	void *ctx;
	dsr_buf *next;
	uint32_t limit, sent;
};

static int article_step(void *ctx, const uint8_t id[DSR_ID_LEN], const MDB_val *v)
{
	struct article_walk *aw = ctx;
	if (aw->limit && aw->sent == aw->limit) {
		int rc = aw->next ? dsr_buf_append(aw->next, id, DSR_ID_LEN) : 0;
		return rc ? rc : 1;
	}
	aw->sent++;
	return article_info(aw->t, id, v, false, aw->fn, aw->ctx);
}

int dsr_q_articles(dsr_rtxn *t, const dsr_page *pg, dsr_buf *next,
		   dsr_article_fn fn, void *ctx)
{
	if (next)
		next->len = 0;
	const uint8_t *from = pg && pg->cursor_len == DSR_ID_LEN ? pg->cursor : NULL;
	struct article_walk aw = { t, fn, ctx, next, pg ? pg->limit : 0, 0 };
	return dsr__fscan(t->s, t->txn, DSR__DB_V_ARTICLE, from, NULL, article_step, &aw);
}

static int one_article(dsr_rtxn *t, const uint8_t id[DSR_ID_LEN], bool text,
		       dsr_article_fn fn, void *ctx)
{
	MDB_val v;
	int rc = dsr__fget(t->s, t->txn, DSR__DB_V_ARTICLE, id, &v);
	if (rc)
		return rc;
	return article_info(t, id, &v, text, fn, ctx);
}

int dsr_q_article(dsr_rtxn *t, const uint8_t id[DSR_ID_LEN], dsr_article_fn fn, void *ctx)
{
	return one_article(t, id, false, fn, ctx);
}

int dsr_q_article_text(dsr_rtxn *t, const uint8_t id[DSR_ID_LEN], dsr_article_fn fn,
		       void *ctx)
{
	return one_article(t, id, true, fn, ctx);
}
