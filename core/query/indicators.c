/* indicators.c: `dossier indicators`: every distinct indicator of
 * compromise the articles give, by type and value (v.ioc), with how often
 * and in how many articles; or those of one type; or those one article
 * gives.  One indicator costs its occurrences (its items in v.ioc), never
 * the store. */
#include "query/impl.h"
#include "view/api.h"
#include "error.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* The articles of an indicator, by the first 8 bytes of their ids (which
 * begin every fact id drawn from them): an open-addressed set. */
struct pset {
	uint64_t *v;
	size_t cap, n;
};

static int pset_add(struct pset *s, uint64_t k, bool *fresh)
{
	if (2 * (s->n + 1) > s->cap) {
		size_t nc = s->cap ? 2 * s->cap : 64;
		uint64_t *nv = calloc(nc, sizeof *nv);
		if (!nv)
			return -ENOMEM;
		for (size_t i = 0; i < s->cap; i++)
			if (s->v[i])
				for (size_t j = (s->v[i] * 0x9e3779b97f4a7c15ull) >> 7 & (nc - 1);;
				     j = (j + 1) & (nc - 1))
					if (!nv[j]) {
						nv[j] = s->v[i];
						break;
					}
		free(s->v);
		s->v = nv;
		s->cap = nc;
	}
	k |= 1;   /* never 0, the empty slot (the low bit: no article is told apart by it alone) */
	for (size_t j = (k * 0x9e3779b97f4a7c15ull) >> 7 & (s->cap - 1);; j = (j + 1) & (s->cap - 1)) {
		if (s->v[j] == k) {
			*fresh = false;
			return 0;
		}
		if (!s->v[j]) {
			s->v[j] = k;
			s->n++;
			*fresh = true;
			return 0;
		}
	}
}

/* The indicator under the v.ioc key where cur stands: its items walked
 * once.  Calls fn with it. */
static int one(dsr_rtxn *t, MDB_cursor *cur, MDB_val *key, dsr_indicator_fn fn, void *ctx)
{
	size_t count = 0;
	int rc = mdb_cursor_count(cur, &count);
	if (rc)
		return dsr__mdb_err(rc);
	Dpb__IndicatorInfo info = DPB__INDICATOR_INFO__INIT;
	ProtobufCBinaryData arts[DSR_ACTOR_ARTICLES];
	uint8_t ids[DSR_ACTOR_ARTICLES][DSR_ID_LEN];
	uint8_t first[DSR_ID_LEN];
	Dpb__Event *ev = NULL;
	struct pset seen = { 0 };
	MDB_val v;
	rc = mdb_cursor_get(cur, key, &v, MDB_FIRST_DUP);
	for (bool at_first = true; rc == 0; at_first = false) {
		if (v.mv_size != 8 + DSR_ID_LEN) {
			rc = DSR_ECORRUPT;
			break;
		}
		const uint8_t *id = (const uint8_t *)v.mv_data + 8;
		uint64_t pre;
		memcpy(&pre, id, 8);
		bool fresh;
		if ((rc = pset_add(&seen, pre, &fresh)))
			break;
		if (at_first) {
			memcpy(first, id, DSR_ID_LEN);
			if ((rc = dsr__fact_winner(t->s, t->txn, DSR__DB_V_INDICATOR, id, &ev,
						   NULL)))
				break;
		}
		if (fresh && info.n_articles < DSR_ACTOR_ARTICLES) {
			/* the article's whole id: its occurrence's event */
			Dpb__Event *oe = NULL;
			if ((rc = dsr__fact_winner(t->s, t->txn, DSR__DB_V_INDICATOR, id, &oe,
						   NULL)))
				break;
			if (oe->indicator->article.len == DSR_ID_LEN) {
				memcpy(ids[info.n_articles], oe->indicator->article.data, DSR_ID_LEN);
				arts[info.n_articles].data = ids[info.n_articles];
				arts[info.n_articles].len = DSR_ID_LEN;
				info.n_articles++;
			}
			dpb__event__free_unpacked(oe, NULL);
		}
		rc = mdb_cursor_get(cur, key, &v, MDB_NEXT_DUP);
	}
	if (rc == MDB_NOTFOUND)
		rc = 0;
	else if (rc > 0)
		rc = dsr__mdb_err(rc);
	if (!rc && ev) {
		info.type = ev->indicator->type;
		info.value = ev->indicator->value;
		info.occurrences = (uint32_t)count;
		info.articles = arts;
		info.narticles = (uint32_t)seen.n;
		info.first.data = first;
		info.first.len = DSR_ID_LEN;
		rc = fn(ctx, &info);
	}
	if (ev)
		dpb__event__free_unpacked(ev, NULL);
	free(seen.v);
	return rc;
}

/* One article's indicators: their keys, sorted and distinct. */
struct akey {
	size_t len;
	uint8_t k[DSR__IOC_KEY_MAX];
};

struct akeys {
	dsr_rtxn *t;
	const char *type;
	struct akey *v;
	size_t n, cap;
	int err;
};

static int keycmp(const uint8_t *a, size_t al, const uint8_t *b, size_t bl)
{
	int c = memcmp(a, b, al < bl ? al : bl);
	return c ? c : al < bl ? -1 : al > bl;
}

static int akey_cmp(const void *x, const void *y)
{
	const struct akey *a = x, *b = y;
	return keycmp(a->k, a->len, b->k, b->len);
}

static int on_fact(void *ctx, const uint8_t id[DSR_ID_LEN], const MDB_val *v)
{
	(void)v;
	struct akeys *a = ctx;
	Dpb__Event *ev;
	int rc = dsr__fact_winner(a->t->s, a->t->txn, DSR__DB_V_INDICATOR, id, &ev, NULL);
	if (rc) {
		a->err = rc;
		return -1;
	}
	if (!a->type || !strcmp(a->type, ev->indicator->type)) {
		if (a->n == a->cap) {
			size_t nc = a->cap ? 2 * a->cap : 16;
			struct akey *k = realloc(a->v, nc * sizeof *k);
			if (!k) {
				dpb__event__free_unpacked(ev, NULL);
				a->err = -ENOMEM;
				return -1;
			}
			a->v = k;
			a->cap = nc;
		}
		a->v[a->n].len = dsr__ioc_key(a->v[a->n].k, ev->indicator->type,
					      ev->indicator->value);
		a->n++;
	}
	dpb__event__free_unpacked(ev, NULL);
	return 0;
}

static int by_article(dsr_rtxn *t, MDB_cursor *cur, const char *type, const uint8_t *article,
		      const dsr_page *pg, dsr_buf *next, dsr_indicator_fn fn, void *ctx)
{
	struct akeys a = { .t = t, .type = type };
	int rc = dsr__fscan(t->s, t->txn, DSR__DB_V_INDICATOR, NULL, article, on_fact, &a);
	if (a.err)
		rc = a.err;
	if (!rc && a.n)
		qsort(a.v, a.n, sizeof *a.v, akey_cmp);
	uint32_t sent = 0, limit = pg && pg->limit ? pg->limit : UINT32_MAX;
	for (size_t i = 0; !rc && i < a.n; i++) {
		const struct akey *x = &a.v[i];
		if (i && !akey_cmp(x, x - 1))
			continue;
		/* the cursor is the key of the first not yet sent */
		if (pg && pg->cursor_len && keycmp(x->k, x->len, pg->cursor, pg->cursor_len) < 0)
			continue;
		if (sent++ == limit) {
			if (next) {
				next->len = 0;
				dsr_buf_append(next, x->k, x->len);
			}
			break;
		}
		MDB_val k = { x->len, (void *)x->k }, v;
		rc = mdb_cursor_get(cur, &k, &v, MDB_SET);
		if (rc == 0)
			rc = one(t, cur, &k, fn, ctx);
		else if (rc == MDB_NOTFOUND)
			rc = 0;
		else
			rc = dsr__mdb_err(rc);
	}
	free(a.v);
	return rc;
}

int dsr_q_indicators(dsr_rtxn *t, const char *type, const uint8_t *article, const dsr_page *pg,
		     dsr_buf *next, dsr_indicator_fn fn, void *ctx)
{
	MDB_cursor *cur;
	int rc = mdb_cursor_open(t->txn, t->s->dbi[DSR__DB_V_IOC], &cur);
	if (rc)
		return dsr__mdb_err(rc);
	if (article) {
		rc = by_article(t, cur, type, article, pg, next, fn, ctx);
		mdb_cursor_close(cur);
		return rc;
	}
	uint8_t prefix[40];
	size_t plen = 0;
	if (type) {
		plen = strnlen(type, sizeof prefix - 1);
		memcpy(prefix, type, plen);
		prefix[plen++] = 0;
	}
	MDB_val k = { plen, prefix }, v;
	bool resume = pg && pg->cursor_len;
	if (resume) {
		k.mv_data = (void *)pg->cursor;
		k.mv_size = pg->cursor_len;
	}
	/* the cursor is the key of the first indicator not yet sent */
	rc = k.mv_size ? mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE)
		       : mdb_cursor_get(cur, &k, &v, MDB_FIRST);
	uint32_t sent = 0, limit = pg && pg->limit ? pg->limit : UINT32_MAX;
	while (rc == 0) {
		if (plen && (k.mv_size < plen || memcmp(k.mv_data, prefix, plen)))
			break;
		if (sent == limit) {
			if (next) {
				next->len = 0;
				dsr_buf_append(next, k.mv_data, k.mv_size);
			}
			break;
		}
		if ((rc = one(t, cur, &k, fn, ctx)))
			break;
		sent++;
		rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT_NODUP);
	}
	mdb_cursor_close(cur);
	if (rc == MDB_NOTFOUND)
		rc = 0;
	else if (rc > 0)
		rc = dsr__mdb_err(rc);
	return rc;
}
