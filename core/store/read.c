/* read.c: reading the log, the version vector and the store's
 * statistics from a read snapshot (see store.h). */
#include "store/impl.h"
#include "base/api.h"
#include "error.h"
#include "validate.h"

#include <stdio.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>



struct dsr__scratch {
	struct dsr__scratch *next;
	dsr_buf buf;
};

void dsr__rtxn_free_scratch(dsr_rtxn *t)
{
	while (t->scratch) {
		struct dsr__scratch *nx = t->scratch->next;
		dsr_buf_free(&t->scratch->buf);
		free(t->scratch);
		t->scratch = nx;
	}
}

uint64_t dsr_log_end(dsr_rtxn *t)
{
	return dsr__log_last(t->txn, t->s->dbi[DSR__DB_LOG]) + 1;
}

int dsr_log_get_into(dsr_rtxn *t, uint64_t pos, dsr_buf *scratch, const uint8_t **bytes,
		     size_t *len)
{
	return dsr__log_read(t->txn, t->s->dbi[DSR__DB_LOG], pos, scratch, bytes, len);
}

int dsr_log_get(dsr_rtxn *t, uint64_t pos, const uint8_t **bytes, size_t *len)
{
	struct dsr__scratch *sc = calloc(1, sizeof *sc);
	if (!sc)
		return -ENOMEM;
	int rc = dsr__log_read(t->txn, t->s->dbi[DSR__DB_LOG], pos, &sc->buf, bytes, len);
	if (sc->buf.data) {
		/* Reassembled: the buffer lives until the snapshot ends. */
		sc->next = t->scratch;
		t->scratch = sc;
	} else {
		free(sc);
	}
	return rc;
}

int dsr_log_decode(dsr_rtxn *t, uint64_t pos, Dpb__Event **ev)
{
	dsr_buf scratch = DSR_BUF_INIT;
	const uint8_t *p;
	size_t n;
	int rc = dsr__log_read(t->txn, t->s->dbi[DSR__DB_LOG], pos, &scratch, &p, &n);
	if (rc == 0) {
		*ev = dpb__event__unpack(NULL, n, p);
		rc = *ev ? 0 : DSR_ECORRUPT;
	}
	dsr_buf_free(&scratch);
	return rc;
}

int dsr_log_find(dsr_rtxn *t, const uint8_t origin[DSR_ORIGIN_LEN],
		 uint64_t seq, uint64_t *pos)
{
	uint32_t idx;
	int rc = dsr__origin_idx_txn(t->s, t->txn, origin, &idx);
	return rc ? rc : dsr__event_at(t->s, t->txn, idx, seq, NULL, pos, NULL, NULL);
}

static int vv_decode(const MDB_val *k, const MDB_val *v, dsr_vv_entry *e)
{
	if (k->mv_size != DSR_ORIGIN_LEN || v->mv_size != 8 + DSR_HASH_LEN)
		return DSR_ECORRUPT;
	memcpy(e->origin, k->mv_data, DSR_ORIGIN_LEN);
	e->seq = dsr__get_be64(v->mv_data);
	memcpy(e->head, (uint8_t *)v->mv_data + 8, DSR_HASH_LEN);
	return 0;
}

int dsr_vv_each(dsr_rtxn *t, int (*fn)(void *ctx, const dsr_vv_entry *e), void *ctx)
{
	MDB_cursor *c;
	MDB_val k, v;
	int rc = dsr__mdb_err(mdb_cursor_open(t->txn, t->s->dbi[DSR__DB_VV], &c));
	if (rc)
		return rc;
	int r;
	for (r = mdb_cursor_get(c, &k, &v, MDB_FIRST); r == 0 && rc == 0;
	     r = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
		dsr_vv_entry e;
		if ((rc = vv_decode(&k, &v, &e)) == 0)
			rc = fn(ctx, &e);
	}
	mdb_cursor_close(c);
	if (rc == 0 && r != MDB_NOTFOUND)
		rc = dsr__mdb_err(r);
	return rc;
}

int dsr_vv_get(dsr_rtxn *t, const uint8_t origin[DSR_ORIGIN_LEN], dsr_vv_entry *e)
{
	MDB_val k = { DSR_ORIGIN_LEN, (void *)origin }, v;
	int rc = mdb_get(t->txn, t->s->dbi[DSR__DB_VV], &k, &v);
	if (rc == MDB_NOTFOUND) {
		memcpy(e->origin, origin, DSR_ORIGIN_LEN);
		e->seq = 0;
		memset(e->head, 0, DSR_HASH_LEN);
		return 0;
	}
	if (rc)
		return dsr__mdb_err(rc);
	return vv_decode(&k, &v, e);
}

static uint64_t entries(dsr_rtxn *t, int db)
{
	MDB_stat st;
	if (mdb_stat(t->txn, t->s->dbi[db], &st))
		return 0;
	return st.ms_entries;
}

/* Actors are clusters: count the distinct cluster keys in v.member. */
static uint64_t count_actors(dsr_rtxn *t)
{
	MDB_cursor *c;
	MDB_val k, v;
	uint64_t n = 0;
	if (mdb_cursor_open(t->txn, t->s->dbi[DSR__DB_V_MEMBER], &c))
		return 0;
	const char *prev = NULL;
	size_t plen = 0;
	for (int r = mdb_cursor_get(c, &k, &v, MDB_FIRST); r == 0;
	     r = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
		const char *key = k.mv_data;
		size_t cl = strnlen(key, k.mv_size);
		if (!prev || cl != plen || memcmp(prev, key, cl) != 0)
			n++;
		prev = key;
		plen = cl;
	}
	mdb_cursor_close(c);
	return n;
}

int dsr_store_stats_get(dsr_rtxn *t, dsr_store_stats *st)
{
	memset(st, 0, sizeof *st);
	st->log_end = dsr_log_end(t);
	st->events = st->log_end - 1;
	st->articles = dsr__fcount(t->s, t->txn, DSR__DB_V_ARTICLE);
	st->names = entries(t, DSR__DB_V_NODE);
	st->actors = count_actors(t);
	st->claims = dsr__fcount(t->s, t->txn, DSR__DB_V_CLAIM);
	st->entries = dsr__fcount(t->s, t->txn, DSR__DB_V_ENTRY);
	st->notes = entries(t, DSR__DB_V_NOTE);
	st->origins = entries(t, DSR__DB_VV);
	MDB_envinfo info;
	MDB_stat es;
	mdb_env_info(t->s->env, &info);
	mdb_env_stat(t->s->env, &es);
	st->map_size = info.me_mapsize;
	st->used_bytes = ((uint64_t)info.me_last_pgno + 1) * es.ms_psize;
	char path[4096];
	struct stat fs;
	snprintf(path, sizeof path, "%s/data.mdb", t->s->dir);
	if (stat(path, &fs) == 0)
		st->file_bytes = (uint64_t)fs.st_blocks * 512;
	return 0;
}

bool dsr_q_article_exists(dsr_rtxn *t, const uint8_t id[DSR_ID_LEN])
{
	MDB_val v;
	return dsr__fget(t->s, t->txn, DSR__DB_V_ARTICLE, (void *)id, &v) == 0 ||
	       dsr__fget(t->s, t->txn, DSR__DB_V_WARTICLE, (void *)id, &v) == 0;
}
