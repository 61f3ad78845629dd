/* publishers.c: every article's publisher, read once for an export that
 * names the publisher of each of its rows.  The rows come in the log's
 * order (dsr_q_timeline's by_id walk), so looking each article up when
 * its row comes is a descent to a random place of v.fact per article;
 * the articles' records are read here in the order v.fact keeps them, and
 * their publishers kept in id order for a binary search: about 40 bytes
 * an article. */
#include "query/impl.h"
#include "error.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct dsr__pubmap_item {
	uint8_t id[DSR_ID_LEN];
	size_t off;              /* of the name in names */
};

static int pub_add(void *ctx, const uint8_t id[DSR_ID_LEN], const MDB_val *v)
{
	dsr__pubmap *m = ctx;
	Dpb__ArticleRec *r = dpb__article_rec__unpack(NULL, v->mv_size, v->mv_data);
	if (!r)
		return DSR_ECORRUPT;
	int rc = 0;
	const char *p = r->article ? r->article->publisher : NULL;
	if (p && *p) {
		if (m->n == m->cap) {
			size_t cap = m->cap ? 2 * m->cap : 256;
			struct dsr__pubmap_item *nv = realloc(m->v, cap * sizeof *nv);
			if (!nv)
				rc = -ENOMEM;
			else
				m->v = nv, m->cap = cap;
		}
		if (!rc) {
			struct dsr__pubmap_item *it = &m->v[m->n];
			memcpy(it->id, id, DSR_ID_LEN);
			it->off = m->names.len;
			if (dsr_buf_append(&m->names, p, strlen(p) + 1))
				rc = -ENOMEM;
			else
				m->n++;
		}
	}
	dpb__article_rec__free_unpacked(r, NULL);
	return rc;
}

static int item_cmp(const void *a, const void *b)
{
	return memcmp(((const struct dsr__pubmap_item *)a)->id,
		      ((const struct dsr__pubmap_item *)b)->id, DSR_ID_LEN);
}

int dsr__pubmap_load(dsr_rtxn *t, dsr__pubmap *m)
{
	memset(m, 0, sizeof *m);
	int rc = dsr__fscan(t->s, t->txn, DSR__DB_V_ARTICLE, NULL, NULL, pub_add, m);
	/* v.fact's order is an article id's first half, then its last: the
	 * ids' order already; sorted again so the search never depends on it */
	if (!rc && m->n)
		qsort(m->v, m->n, sizeof *m->v, item_cmp);
	if (rc)
		dsr__pubmap_free(m);
	return rc;
}

const char *dsr__pubmap_get(const dsr__pubmap *m, ProtobufCBinaryData article)
{
	if (article.len != DSR_ID_LEN || !m->n)
		return "";
	struct dsr__pubmap_item key;
	memcpy(key.id, article.data, DSR_ID_LEN);
	const struct dsr__pubmap_item *it = bsearch(&key, m->v, m->n, sizeof *m->v, item_cmp);
	return it ? (const char *)m->names.data + it->off : "";
}

void dsr__pubmap_free(dsr__pubmap *m)
{
	free(m->v);
	dsr_buf_free(&m->names);
	memset(m, 0, sizeof *m);
}
