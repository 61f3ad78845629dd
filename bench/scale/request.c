/* request.c: one request and its answer, and the store's figures from
 * Status: what every part that asks dossierd something uses. */
#include "scale.h"

#include <string.h>

Dpb__Response *sc_roundtrip(struct sb_conn *conn, Dpb__Request *rq, size_t *bytes)
{
	uint64_t id = sb_send(conn, rq);
	for (;;) {
		size_t len;
		const uint8_t *b = sb_frame(conn, &len);
		Dpb__Response *rs;
		if (!b || dsr_wire_response(b, len, NULL, &rs) < 0)
			sb_die("dossierd's answer");
		if (rs->id == id || rs->id == 0) {
			*bytes = len;
			return rs;
		}
		dpb__response__free_unpacked(rs, NULL);
	}
}

void sc_status(struct sb_conn *conn, struct sc_status *s)
{
	Dpb__QueryStatus q = DPB__QUERY_STATUS__INIT;
	Dpb__Request rq = DPB__REQUEST__INIT;
	rq.body_case = DPB__REQUEST__BODY_STATUS;
	rq.status = &q;
	size_t bytes;
	Dpb__Response *rs = sc_roundtrip(conn, &rq, &bytes);
	memset(s, 0, sizeof *s);
	if (rs->body_case == DPB__RESPONSE__BODY_STATUS) {
		const Dpb__Status *st = rs->status;
		s->events = st->events;
		s->articles = st->articles;
		s->actors = st->actors;
		s->names = st->names;
		s->claims = st->claims;
		s->entries = st->entries;
		s->file_bytes = st->file_bytes;
		s->rss_bytes = st->rss_bytes;
		snprintf(s->data_dir, sizeof s->data_dir, "%s", st->data_dir);
	}
	dpb__response__free_unpacked(rs, NULL);
}

uint64_t sc_article_ids(struct sb_conn *conn, uint8_t (*ids)[DSR_ID_LEN], uint64_t max)
{
	uint64_t n = 0;
	uint8_t cursor[64];
	size_t clen = 0;
	for (;;) {
		Dpb__Page pg = DPB__PAGE__INIT;
		pg.limit = 1000;
		pg.cursor.data = cursor;
		pg.cursor.len = clen;
		Dpb__QueryArticles q = DPB__QUERY_ARTICLES__INIT;
		q.page = &pg;
		Dpb__Request rq = DPB__REQUEST__INIT;
		rq.body_case = DPB__REQUEST__BODY_ARTICLES;
		rq.articles = &q;
		size_t bytes;
		Dpb__Response *rs = sc_roundtrip(conn, &rq, &bytes);
		if (rs->body_case != DPB__RESPONSE__BODY_ARTICLES)
			sb_die("Articles");
		const Dpb__ArticleList *l = rs->articles;
		for (size_t i = 0; i < l->n_articles && n < max; i++)
			if (l->articles[i]->id.len == DSR_ID_LEN)
				memcpy(ids[n++], l->articles[i]->id.data, DSR_ID_LEN);
		clen = l->next.len <= sizeof cursor ? l->next.len : 0;
		memcpy(cursor, l->next.data, clen);
		dpb__response__free_unpacked(rs, NULL);
		if (!clen || n == max)
			return n;
	}
}
