/* names.c: the name graph: name nodes (v.node), their surface forms
 * (v.form), the blocking index of the name rule (v.block) and the edges
 * between names (v.edge).  Mentions feed it (mention.c), the name rule adds
 * edges at the end of a batch (rules.c), and clusters of names, which are
 * the actors, are computed from it (cluster.c). */
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
int dsr__form_ref(dsr__wtx *w, const char *key, const char *form, int delta,
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
int dsr__edge(dsr__wtx *w, const char *a, const char *b, int auto_delta, int rule)
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
	return dsr__edge(w, ka, kb, delta, -1);
}
