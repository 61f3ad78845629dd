/* rules.c: the name rule's edges (actor_rule.h), run at the end of a batch
 * for the forms that appeared: every other name sharing a blocking key
 * with a new form is a candidate, and an edge joins the two when the rule
 * says they denote the same actor.  A name that lost a form has all its
 * rule edges derived again. */
#include "view/impl.h"
#include "actor_rule.h"
#include "error.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct rule_ctx {
	dsr__wtx *w;
	const char *key;
	const char *form;
	int kind;
	int rc;
};

static int node_kind(dsr__wtx *w, const char *key)
{
	Dpb__NodeRec *n = NULL;
	if (dsr__get_rec(w, DSR__DB_V_NODE, key, strlen(key),
			 &dpb__node_rec__descriptor, (ProtobufCMessage **)&n))
		return -1;
	return n->kind;
}

/* For one blocking key: every other name's form under it is a candidate. */
static int rule_block(void *ctx, const char *b, size_t blen)
{
	struct rule_ctx *c = ctx;
	dsr__wtx *w = c->w;
	MDB_cursor *cur;
	int rc = dsr__mdb_err(mdb_cursor_open(w->txn, w->s->dbi[DSR__DB_V_BLOCK], &cur));
	if (rc)
		return rc;
	uint8_t *pfx = malloc(blen + 1);
	if (!pfx) {
		mdb_cursor_close(cur);
		return -ENOMEM;
	}
	memcpy(pfx, b, blen);
	pfx[blen] = 0;
	MDB_val k = { blen + 1, pfx }, v;
	int r = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE);
	/* Collect first: setting edges writes to the overlay only, but keep
	 * the scan independent of it anyway. */
	dsr_buf hits = DSR_BUF_INIT;
	while (r == 0 && k.mv_size > blen + 1 && memcmp(k.mv_data, pfx, blen + 1) == 0) {
		const char *rest = (const char *)k.mv_data + blen + 1;
		size_t rl = k.mv_size - blen - 1;
		if (dsr_buf_append(&hits, rest, rl) || dsr_buf_putc(&hits, 0)) {
			rc = -ENOMEM;
			break;
		}
		r = mdb_cursor_get(cur, &k, &v, MDB_NEXT);
	}
	mdb_cursor_close(cur);
	free(pfx);
	for (size_t off = 0; !rc && off < hits.len;) {
		/* rest is "key \0 form" then our terminating \0 */
		const char *okey = (const char *)hits.data + off;
		const char *oform = okey + strlen(okey) + 1;
		off = (size_t)(oform - (const char *)hits.data) + strlen(oform) + 1;
		if (strcmp(okey, c->key) == 0)
			continue;
		int ok = node_kind(w, okey);
		if (ok < 0)
			continue;
		if (dsr_actor_same(c->form, c->kind, oform, ok))
			rc = dsr__edge(w, c->key, okey, 0, 1);
		if (rc > 0)
			rc = 0;
	}
	dsr_buf_free(&hits);
	return rc;
}

static int rule_form(dsr__wtx *w, const char *key, const char *form, int kind)
{
	struct rule_ctx c = { w, key, form, kind, 0 };
	return dsr_actor_blocks(form, DPB__ACTOR_KIND__KIND_UNSPECIFIED, rule_block, &c);
}

/* Clears every rule edge of key, then re-derives them from all its forms. */
static int rule_recompute(dsr__wtx *w, const char *key, int kind)
{
	size_t kl = strlen(key);
	dsr_buf nb = DSR_BUF_INIT, forms = DSR_BUF_INIT;
	MDB_cursor *cur;
	MDB_val k, v;
	int rc = dsr__mdb_err(mdb_cursor_open(w->txn, w->s->dbi[DSR__DB_V_EDGE], &cur));
	if (rc)
		return rc;
	k.mv_data = (void *)key;
	k.mv_size = kl + 1; /* key and its NUL */
	int r = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE);
	while (r == 0 && k.mv_size > kl + 1 && memcmp(k.mv_data, key, kl + 1) == 0) {
		Dpb__EdgeRec *e = dpb__edge_rec__unpack(NULL, v.mv_size, v.mv_data);
		if (e && e->rule) {
			dsr_buf_append(&nb, (char *)k.mv_data + kl + 1, k.mv_size - kl - 1);
			dsr_buf_putc(&nb, 0);
		}
		if (e)
			dpb__edge_rec__free_unpacked(e, NULL);
		r = mdb_cursor_get(cur, &k, &v, MDB_NEXT);
	}
	mdb_cursor_close(cur);
	for (size_t off = 0; !rc && off < nb.len; off += strlen((char *)nb.data + off) + 1) {
		rc = dsr__edge(w, key, (char *)nb.data + off, 0, 0);
		if (rc > 0)
			rc = 0;
	}
	if (!rc)
		rc = dsr__kv_flush(w);
	if (!rc)
		rc = dsr__mdb_err(mdb_cursor_open(w->txn, w->s->dbi[DSR__DB_V_FORM], &cur));
	if (!rc) {
		k.mv_data = (void *)key;
		k.mv_size = kl + 1;
		r = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE);
		while (r == 0 && k.mv_size > kl + 1 && memcmp(k.mv_data, key, kl + 1) == 0) {
			dsr_buf_append(&forms, (char *)k.mv_data + kl + 1, k.mv_size - kl - 1);
			dsr_buf_putc(&forms, 0);
			r = mdb_cursor_get(cur, &k, &v, MDB_NEXT);
		}
		mdb_cursor_close(cur);
	}
	for (size_t off = 0; !rc && off < forms.len;
	     off += strlen((char *)forms.data + off) + 1)
		rc = rule_form(w, key, (char *)forms.data + off, kind);
	dsr_buf_free(&nb);
	dsr_buf_free(&forms);
	return rc;
}

/* Runs the queued rule work: full recomputes first, then new forms of
 * names that were not recomputed. */
int dsr__rules_finish(dsr__wtx *w)
{
	if (w->newforms.len == 0)
		return 0;
	int rc = dsr__kv_flush(w);
	dsr_buf q = w->newforms;
	w->newforms = (dsr_buf)DSR_BUF_INIT;
	dsr_buf full = DSR_BUF_INIT;
	/* Pass 1: names needing a full recompute (deduplicated). */
	for (size_t off = 0; !rc && off < q.len;) {
		const char *key = (char *)q.data + off;
		const char *form = key + strlen(key) + 1;
		off = (size_t)(form - (char *)q.data) + strlen(form) + 1;
		if (*form)
			continue;
		bool dup = false;
		for (size_t o2 = 0; o2 < full.len; o2 += strlen((char *)full.data + o2) + 1)
			if (strcmp((char *)full.data + o2, key) == 0)
				dup = true;
		if (dup)
			continue;
		dsr_buf_append(&full, key, strlen(key) + 1);
		int kind = node_kind(w, key);
		if (kind >= 0)
			rc = rule_recompute(w, key, kind);
		else
			rc = rule_recompute(w, key, 0);
	}
	/* Pass 2: new forms of the others. */
	for (size_t off = 0; !rc && off < q.len;) {
		const char *key = (char *)q.data + off;
		const char *form = key + strlen(key) + 1;
		off = (size_t)(form - (char *)q.data) + strlen(form) + 1;
		if (!*form)
			continue;
		bool done = false;
		for (size_t o2 = 0; o2 < full.len; o2 += strlen((char *)full.data + o2) + 1)
			if (strcmp((char *)full.data + o2, key) == 0)
				done = true;
		int kind = node_kind(w, key);
		if (done || kind < 0)
			continue;
		if (!(rc = dsr__kv_flush(w)))
			rc = rule_form(w, key, form, kind);
	}
	dsr_buf_free(&full);
	dsr_buf_free(&q);
	return rc;
}
