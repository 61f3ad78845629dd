/* names.c: actor mentions (v.mention) and the name graph they feed:
 * name nodes (v.node), their surface forms (v.form), the articles naming
 * them (v.nart), the blocking index of the name rule (v.block) and the
 * edges between names (v.edge).  Clusters of names are actors; they are
 * computed in view_cluster.c at the end of each batch. */
#include "view/impl.h"
#include "actor_rule.h"
#include "error.h"
#include "name.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define NKINDS (DPB__ACTOR_KIND__KIND_OTHER + 1)

int dsr__mark_dirty(dsr__wtx *w, const char *key)
{
	return dsr_buf_append(&w->dirty, key, strlen(key) + 1);
}

/* Queues (key, form) for name-rule evaluation at the end of the batch;
 * an empty form asks for all of key's rule edges to be recomputed. */
static int queue_rule(dsr__wtx *w, const char *key, const char *form)
{
	if (dsr_buf_append(&w->newforms, key, strlen(key) + 1) ||
	    dsr_buf_append(&w->newforms, form, strlen(form) + 1))
		return -ENOMEM;
	return 0;
}

struct block_ctx {
	dsr__wtx *w;
	const char *key;
	const char *form;
	bool add;
	dsr_buf k;
	int rc;
};

static int block_emit(void *ctx, const char *b, size_t blen)
{
	struct block_ctx *c = ctx;
	size_t kl = strlen(c->key), fl = strlen(c->form);
	c->k.len = 0;
	if (dsr_buf_reserve(&c->k, blen + kl + fl + 2))
		return -ENOMEM;
	dsr_buf_append(&c->k, b, blen);
	dsr_buf_putc(&c->k, 0);
	dsr_buf_append(&c->k, c->key, kl);
	dsr_buf_putc(&c->k, 0);
	dsr_buf_append(&c->k, c->form, fl);
	if (c->add)
		return dsr__put(c->w, DSR__DB_V_BLOCK, c->k.data, c->k.len, "", 0);
	return dsr__del(c->w, DSR__DB_V_BLOCK, c->k.data, c->k.len);
}

static int index_form(dsr__wtx *w, const char *key, const char *form, bool add)
{
	struct block_ctx c = { w, key, form, add, DSR_BUF_INIT, 0 };
	/* Blocks are computed without the kind, so they never need
	 * re-indexing when a node's kind changes. */
	int rc = dsr_actor_blocks(form, DPB__ACTOR_KIND__KIND_UNSPECIFIED,
				  block_emit, &c);
	dsr_buf_free(&c.k);
	return rc;
}

static int majority_kind(const uint32_t *kinds, size_t n)
{
	int best = 0;
	uint32_t most = 0;
	for (size_t i = 1; i < n && i < NKINDS; i++) {
		if (kinds[i] > most) {
			most = kinds[i];
			best = (int)i;
		}
	}
	return best;
}

/* Adjusts the form record; creating or removing a form updates the
 * blocking index and queues rule work. */
static int form_ref(dsr__wtx *w, const char *key, const char *form, int delta,
		    uint32_t mentions)
{
	dsr_buf k = DSR_BUF_INIT;
	Dpb__FormRec *old = NULL;
	int rc = dsr__key2(&k, key, strlen(key), form, strlen(form));
	if (rc)
		return rc;
	rc = dsr__get_rec(w, DSR__DB_V_FORM, k.data, k.len,
			  &dpb__form_rec__descriptor, (ProtobufCMessage **)&old);
	if (rc && rc != DSR_ENOTFOUND)
		goto out;
	Dpb__FormRec rec = DPB__FORM_REC__INIT;
	if (old)
		rec = *old;
	rec.base = (ProtobufCMessage)PROTOBUF_C_MESSAGE_INIT(&dpb__form_rec__descriptor);
	rec.refs += (uint32_t)delta;
	rec.mentions += (uint32_t)delta * mentions;
	if (rec.refs == 0 || (int32_t)rec.refs < 0) {
		rc = dsr__del(w, DSR__DB_V_FORM, k.data, k.len);
		if (!rc)
			rc = index_form(w, key, form, false);
		if (!rc)
			rc = queue_rule(w, key, "");
	} else {
		rc = dsr__put_rec(w, DSR__DB_V_FORM, k.data, k.len, &rec.base);
		if (!rc && !old) {
			rc = index_form(w, key, form, true);
			if (!rc)
				rc = queue_rule(w, key, form);
		}
	}
out:
	dsr_buf_free(&k);
	return rc;
}

int dsr__name_ref(dsr__wtx *w, const char *form, int delta, int kind,
		  uint32_t mentions, char *key)
{
	size_t kl = dsr_name_key(form, strlen(form), key, DSR_NAME_KEY_MAX);
	if (kl == 0)
		return 1;
	Dpb__NodeRec *old = NULL;
	int rc = dsr__get_rec(w, DSR__DB_V_NODE, key, kl, &dpb__node_rec__descriptor,
			      (ProtobufCMessage **)&old);
	if (rc && rc != DSR_ENOTFOUND)
		return rc;
	uint32_t kinds[NKINDS] = { 0 };
	Dpb__NodeRec rec = DPB__NODE_REC__INIT;
	int old_kind = 0;
	if (old) {
		rec.refs = old->refs;
		rec.mentions = old->mentions;
		rec.cluster = old->cluster;
		old_kind = old->kind;
		for (size_t i = 0; i < old->n_kinds && i < NKINDS; i++)
			kinds[i] = old->kinds[i];
	} else {
		rec.cluster = key;
		if ((rc = dsr__mark_dirty(w, key)))
			goto out;
	}
	rec.refs += (uint32_t)delta;
	rec.mentions += (uint64_t)((int64_t)delta * mentions);
	if (kind > 0 && kind < NKINDS)
		kinds[kind] += (uint32_t)delta;
	/* Trailing zero votes are not stored, so the record is canonical. */
	size_t nk = NKINDS;
	while (nk > 0 && kinds[nk - 1] == 0)
		nk--;
	rec.kinds = kinds;
	rec.n_kinds = nk;
	rec.kind = majority_kind(kinds, nk);
	if (rec.refs == 0) {
		dsr_buf m = DSR_BUF_INIT;
		const char *cl = old && old->cluster ? old->cluster : key;
		rc = dsr__del(w, DSR__DB_V_NODE, key, kl);
		if (!rc)
			rc = dsr__key2(&m, cl, strlen(cl), key, kl);
		if (!rc)
			rc = dsr__del(w, DSR__DB_V_MEMBER, m.data, m.len);
		dsr_buf_free(&m);
		if (!rc)
			rc = dsr__mark_dirty(w, key);
	} else {
		rc = dsr__put_rec(w, DSR__DB_V_NODE, key, kl, &rec.base);
		if (!rc && old && (int)rec.kind != old_kind)
			rc = queue_rule(w, key, "");
	}
out:
	return rc;
}

/* Adjusts one direction of an edge; returns 1 when the edge appeared or
 * disappeared. */
static int edge_adj(dsr__wtx *w, const char *a, const char *b, int auto_delta,
		    int rule)
{
	dsr_buf k = DSR_BUF_INIT;
	Dpb__EdgeRec *old = NULL;
	int rc = dsr__key2(&k, a, strlen(a), b, strlen(b));
	if (rc)
		return rc;
	rc = dsr__get_rec(w, DSR__DB_V_EDGE, k.data, k.len,
			  &dpb__edge_rec__descriptor, (ProtobufCMessage **)&old);
	if (rc && rc != DSR_ENOTFOUND)
		goto out;
	Dpb__EdgeRec rec = DPB__EDGE_REC__INIT;
	if (old) {
		rec.auto_refs = old->auto_refs;
		rec.rule = old->rule;
	}
	bool was = old != NULL;
	rec.auto_refs += (uint32_t)auto_delta;
	if (rule >= 0)
		rec.rule = rule;
	bool is = rec.auto_refs > 0 || rec.rule;
	if (is)
		rc = dsr__put_rec(w, DSR__DB_V_EDGE, k.data, k.len, &rec.base);
	else
		rc = dsr__del(w, DSR__DB_V_EDGE, k.data, k.len);
	if (rc == 0)
		rc = was != is;
out:
	dsr_buf_free(&k);
	return rc;
}

/* Edges are stored in both directions so a prefix scan finds all of a
 * name's neighbours. */
static int edge(dsr__wtx *w, const char *a, const char *b, int auto_delta, int rule)
{
	if (strcmp(a, b) == 0)
		return 0;
	int r1 = edge_adj(w, a, b, auto_delta, rule);
	if (r1 < 0)
		return r1;
	int r2 = edge_adj(w, b, a, auto_delta, rule);
	if (r2 < 0)
		return r2;
	if (r1 || r2) {
		int rc = dsr__mark_dirty(w, a);
		return rc ? rc : dsr__mark_dirty(w, b);
	}
	return 0;
}

int dsr__name_link(dsr__wtx *w, const char *ka, const char *kb, int delta)
{
	return edge(w, ka, kb, delta, -1);
}

/* ---- mentions ----------------------------------------------------------- */

static bool seen_form(char **v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i], s) == 0)
			return true;
	return false;
}

/* Adds (delta 1) or takes back (delta -1) what a winning mention
 * contributes: its names, their forms, the links between them and the
 * article they appear in. */
static int mention_refs(dsr__wtx *w, const Dpb__Event *ev, int delta)
{
	const Dpb__ActorMentioned *m = ev->actor;
	char key[DSR_NAME_KEY_MAX], akey[DSR_NAME_KEY_MAX];
	int rc = dsr__name_ref(w, m->name, delta, m->kind, (uint32_t)m->n_mentions, key);
	if (rc)
		return rc < 0 ? rc : 0;
	if ((rc = form_ref(w, key, m->name, delta, (uint32_t)m->n_mentions)) ||
	    (m->article.len == DSR_ID_LEN &&
	     (rc = dsr__index(w, DSR__DB_V_NART, key, strlen(key), ev->hlc,
				      m->article.data, delta))))
		return rc;
	for (size_t i = 0; i < m->n_aliases; i++) {
		const char *al = m->aliases[i];
		if (strcmp(al, m->name) == 0 || seen_form(m->aliases, i, al))
			continue;
		rc = dsr__name_ref(w, al, delta, m->kind, 0, akey);
		if (rc == 1)
			continue;
		if (rc || (rc = form_ref(w, akey, al, delta, 0)) ||
		    (rc = dsr__name_link(w, key, akey, delta)))
			return rc < 0 ? rc : 0;
	}
	return 0;
}

int dsr__view_mention(dsr__wtx *w, const Dpb__Event *ev)
{
	return dsr__fact_add(w, DSR__DB_V_MENTION, ev->actor->id.data, ev, mention_refs);
}

/* ---- name-rule edges (run at the end of a batch) ------------------------ */

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
			rc = edge(w, c->key, okey, 0, 1);
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
		rc = edge(w, key, (char *)nb.data + off, 0, 0);
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
int dsr__rules_finish(dsr__wtx *w);
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
