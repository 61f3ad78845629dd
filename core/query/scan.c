/* scan.c: reading the views from a snapshot, for every query: the keys
 * under a prefix, the items of an index table under one key, the
 * publisher of an article, and a proposition's record. */
#include "query/impl.h"
#include "error.h"

#include <string.h>

int dsr__scan_prefix(dsr_rtxn *t, int db, const void *pfx, size_t plen,
		     int (*fn)(void *ctx, const MDB_val *k, const MDB_val *v),
		     void *ctx)
{
	MDB_cursor *c;
	int rc = dsr__mdb_err(mdb_cursor_open(t->txn, t->s->dbi[db], &c));
	if (rc)
		return rc;
	MDB_val k = { plen, (void *)pfx }, v;
	int r = mdb_cursor_get(c, &k, &v, plen ? MDB_SET_RANGE : MDB_FIRST);
	while (!rc && r == 0 && k.mv_size >= plen && memcmp(k.mv_data, pfx, plen) == 0) {
		rc = fn(ctx, &k, &v);
		if (rc == 0)
			r = mdb_cursor_get(c, &k, &v, MDB_NEXT);
	}
	mdb_cursor_close(c);
	return rc > 0 ? 0 : rc;
}

int dsr__scan_dups(dsr_rtxn *t, int db, const void *key, size_t klen,
		   int (*fn)(void *ctx, const MDB_val *k, const MDB_val *v),
		   void *ctx)
{
	MDB_cursor *c;
	int rc = dsr__mdb_err(mdb_cursor_open(t->txn, t->s->dbi[db], &c));
	if (rc)
		return rc;
	MDB_val k = { klen, (void *)key }, v;
	for (int r = mdb_cursor_get(c, &k, &v, MDB_SET_KEY); !rc && r == 0;
	     r = mdb_cursor_get(c, &k, &v, MDB_NEXT_DUP))
		rc = fn(ctx, &k, &v);
	mdb_cursor_close(c);
	return rc > 0 ? 0 : rc;
}

int dsr__publisher(dsr_rtxn *t, ProtobufCBinaryData article, dsr_buf *out)
{
	out->len = 0;
	if (article.len != DSR_ID_LEN)
		return DSR_ENOTFOUND;
	MDB_val v;
	if (dsr__fget(t->s, t->txn, DSR__DB_V_ARTICLE, article.data, &v))
		return DSR_ENOTFOUND;
	Dpb__ArticleRec *r = dpb__article_rec__unpack(NULL, v.mv_size, v.mv_data);
	if (!r)
		return DSR_ECORRUPT;
	int rc = r->article && r->article->publisher && *r->article->publisher
			 ? dsr_buf_puts(out, r->article->publisher) : DSR_ENOTFOUND;
	if (!rc)
		rc = dsr_buf_cstr(out);
	dpb__article_rec__free_unpacked(r, NULL);
	return rc;
}

int dsr__prop_get(dsr_rtxn *t, const uint8_t id[DSR_ID_LEN], Dpb__PropRec **out)
{
	MDB_val k = { DSR_ID_LEN, (void *)id }, v;
	int rc = dsr__mdb_err(mdb_get(t->txn, t->s->dbi[DSR__DB_V_PROP], &k, &v));
	if (rc)
		return rc;
	*out = dpb__prop_rec__unpack(NULL, v.mv_size, v.mv_data);
	return *out ? 0 : DSR_ECORRUPT;
}
