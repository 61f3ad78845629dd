/* idset.c: sets of fact ids gathered from the index tables or from an
 * article's facts, which the claim and timeline queries filter by. */
#include "query/impl.h"
#include "error.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int dsr__ids_add(dsr__idset *s, const uint8_t *id)
{
	if (s->n == s->cap) {
		size_t nc = s->cap ? s->cap * 2 : 64;
		uint8_t *nv = realloc(s->v, nc * DSR_ID_LEN);
		if (!nv)
			return -ENOMEM;
		s->v = nv;
		s->cap = nc;
	}
	memcpy(s->v + s->n++ * DSR_ID_LEN, id, DSR_ID_LEN);
	return 0;
}

static int id_cmp(const void *a, const void *b)
{
	return memcmp(a, b, DSR_ID_LEN);
}

void dsr__ids_sort_unique(dsr__idset *s)
{
	if (!s->n)
		return;
	qsort(s->v, s->n, DSR_ID_LEN, id_cmp);
	size_t o = 1;
	for (size_t i = 1; i < s->n; i++)
		if (memcmp(s->v + i * DSR_ID_LEN, s->v + (o - 1) * DSR_ID_LEN, DSR_ID_LEN))
			memmove(s->v + o++ * DSR_ID_LEN, s->v + i * DSR_ID_LEN, DSR_ID_LEN);
	s->n = o;
}


static int gather_fact(void *ctx, const uint8_t id[DSR_ID_LEN], const MDB_val *v)
{
	(void)v;
	return dsr__ids_add(ctx, id);
}

/* The ids of kind db drawn from `article` (its first 8 bytes suffice). */
int dsr__article_ids(dsr_rtxn *t, int db, const uint8_t *article, dsr__idset *out)
{
	int rc = dsr__fscan(t->s, t->txn, db, NULL, article, gather_fact, out);
	dsr__ids_sort_unique(out);
	return rc;
}

/* ---- walking index tables in filing order --------------------------------- */

struct wcur {
	MDB_cursor *c;
	uint8_t item[8 + DSR_ID_LEN];
	bool live;
};

static void wcur_next(struct wcur *w, int op)
{
	MDB_val k, v;
	w->live = false;
	while (mdb_cursor_get(w->c, &k, &v, op) == 0) {
		if (v.mv_size == 8 + DSR_ID_LEN) {
			memcpy(w->item, v.mv_data, sizeof w->item);
			w->live = true;
			return;
		}
		op = MDB_NEXT_DUP;
	}
}

int dsr__index_walk(dsr_rtxn *t, int db, const MDB_val *keys, size_t nkeys,
		    const uint8_t *from, int (*fn)(void *ctx, const uint8_t item[8 + DSR_ID_LEN]),
		    void *ctx)
{
	struct wcur *w = calloc(nkeys + 1, sizeof *w);
	if (!w)
		return -ENOMEM;
	int rc = 0;
	for (size_t i = 0; !rc && i < nkeys; i++) {
		rc = dsr__mdb_err(mdb_cursor_open(t->txn, t->s->dbi[db], &w[i].c));
		if (rc)
			break;
		MDB_val k = keys[i], v;
		if (from) {
			v.mv_size = 8 + DSR_ID_LEN;
			v.mv_data = (void *)from;
			if (mdb_cursor_get(w[i].c, &k, &v, MDB_GET_BOTH_RANGE) == 0 &&
			    v.mv_size == 8 + DSR_ID_LEN) {
				memcpy(w[i].item, v.mv_data, sizeof w[i].item);
				w[i].live = true;
			}
		} else if (mdb_cursor_get(w[i].c, &k, &v, MDB_SET_KEY) == 0) {
			wcur_next(&w[i], MDB_GET_CURRENT);
		}
	}
	/* merge: the least item of all cursors, each once */
	uint8_t last[8 + DSR_ID_LEN];
	bool have_last = false;
	while (!rc) {
		struct wcur *m = NULL;
		for (size_t i = 0; i < nkeys; i++)
			if (w[i].live && (!m || memcmp(w[i].item, m->item, sizeof m->item) < 0))
				m = &w[i];
		if (!m)
			break;
		if (!have_last || memcmp(last, m->item, sizeof last)) {
			memcpy(last, m->item, sizeof last);
			have_last = true;
			rc = fn(ctx, last);
		}
		wcur_next(m, MDB_NEXT_DUP);
	}
	for (size_t i = 0; i < nkeys; i++)
		if (w[i].c)
			mdb_cursor_close(w[i].c);
	free(w);
	return rc > 0 ? 0 : rc;
}

size_t dsr__index_count(dsr_rtxn *t, int db, const MDB_val *keys, size_t nkeys)
{
	MDB_cursor *c;
	if (mdb_cursor_open(t->txn, t->s->dbi[db], &c))
		return 0;
	size_t total = 0;
	for (size_t i = 0; i < nkeys; i++) {
		MDB_val k = keys[i], v;
		size_t n = 0;
		if (mdb_cursor_get(c, &k, &v, MDB_SET_KEY) == 0 && mdb_cursor_count(c, &n) == 0)
			total += (size_t)n;
	}
	mdb_cursor_close(c);
	return total;
}
