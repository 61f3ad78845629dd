/* actor.c: actors as the client sees them: a cluster of names with
 * one display name, a kind, every alias, mention counts and articles. */
#include "query/impl.h"
#include "error.h"
#include "name.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct suffix_ctx {
	dsr__keys *out;
	size_t plen;
};

static int add_suffix(void *ctx, const MDB_val *k, const MDB_val *v)
{
	(void)v;
	struct suffix_ctx *c = ctx;
	if (dsr_buf_append(&c->out->b, (char *)k->mv_data + c->plen, k->mv_size - c->plen) ||
	    dsr_buf_putc(&c->out->b, 0))
		return -ENOMEM;
	c->out->n++;
	return 0;
}

static int cluster_members(dsr_rtxn *t, const char *cluster, dsr__keys *out)
{
	size_t cl = strlen(cluster);
	struct suffix_ctx c = { out, cl + 1 };
	return dsr__scan_prefix(t, DSR__DB_V_MEMBER, cluster, cl + 1, add_suffix, &c);
}

static int node_get(dsr_rtxn *t, const char *key, Dpb__NodeRec **out)
{
	MDB_val k = { strlen(key), (void *)key }, v;
	*out = NULL;
	int rc = mdb_get(t->txn, t->s->dbi[DSR__DB_V_NODE], &k, &v);
	if (rc)
		return dsr__mdb_err(rc);
	*out = dpb__node_rec__unpack(NULL, v.mv_size, v.mv_data);
	return *out ? 0 : DSR_ECORRUPT;
}

int dsr__actor_members(dsr_rtxn *t, const char *name, dsr__keys *out,
		       char cluster[DSR_NAME_KEY_MAX])
{
	char key[DSR_NAME_KEY_MAX];
	if (dsr_name_key(name, strlen(name), key, sizeof key) == 0)
		return DSR_ENOTFOUND;
	Dpb__NodeRec *n;
	int rc = node_get(t, key, &n);
	if (rc)
		return rc;
	snprintf(cluster, DSR_NAME_KEY_MAX, "%s", n->cluster);
	dpb__node_rec__free_unpacked(n, NULL);
	return cluster_members(t, cluster, out);
}

/* ---- building an ActorInfo ---------------------------------------------- */

struct form {
	char *s;
	uint32_t mentions, refs;
};

struct info_ctx {
	struct form *forms;
	size_t nforms, cap;
	dsr_buf arts;              /* hlc(8) article id items, as v.nart has them */
	size_t plen;
	size_t max, taken;         /* articles wanted; taken of this name */
	bool more;                 /* some were left out */
	int rc;
};

static int add_form(void *ctx, const MDB_val *k, const MDB_val *v)
{
	struct info_ctx *c = ctx;
	Dpb__FormRec *f = dpb__form_rec__unpack(NULL, v->mv_size, v->mv_data);
	if (!f)
		return DSR_ECORRUPT;
	if (c->nforms == c->cap) {
		size_t nc = c->cap ? c->cap * 2 : 16;
		struct form *nf = realloc(c->forms, nc * sizeof *nf);
		if (!nf) {
			dpb__form_rec__free_unpacked(f, NULL);
			return -ENOMEM;
		}
		c->forms = nf;
		c->cap = nc;
	}
	struct form *fm = &c->forms[c->nforms];
	fm->s = strndup((char *)k->mv_data + c->plen, k->mv_size - c->plen);
	fm->mentions = f->mentions;
	fm->refs = f->refs;
	dpb__form_rec__free_unpacked(f, NULL);
	if (!fm->s)
		return -ENOMEM;
	c->nforms++;
	return 0;
}

static int add_article(void *ctx, const MDB_val *k, const MDB_val *v)
{
	(void)k;
	struct info_ctx *c = ctx;
	if (v->mv_size != 8 + DSR_ID_LEN)
		return 0;
	if (c->taken == c->max) {
		c->more = true;
		return 1;
	}
	c->taken++;
	return dsr_buf_append(&c->arts, v->mv_data, 8 + DSR_ID_LEN) ? -ENOMEM : 0;
}

/* Items hlc(8) id(16): by id, then hlc; by hlc, then id; by id. */
static int item_id_cmp(const void *a, const void *b)
{
	int r = memcmp((const uint8_t *)a + 8, (const uint8_t *)b + 8, DSR_ID_LEN);
	return r ? r : memcmp(a, b, 8);
}

static int item_cmp(const void *a, const void *b)
{
	return memcmp(a, b, 8 + DSR_ID_LEN);
}

static int id_only_cmp(const void *a, const void *b)
{
	return memcmp((const uint8_t *)a + 8, (const uint8_t *)b + 8, DSR_ID_LEN);
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The display name: the form most mentioned as a filed name; then the most
 * referenced; then the longest (the fullest name); then byte order. */
static int best_form(const struct form *a, const struct form *b)
{
	if (a->mentions != b->mentions)
		return a->mentions > b->mentions;
	if (a->refs != b->refs)
		return a->refs > b->refs;
	size_t la = strlen(a->s), lb = strlen(b->s);
	if (la != lb)
		return la > lb;
	return strcmp(a->s, b->s) < 0;
}

static bool newer(const Dpb__Stamp *a, const Dpb__Stamp *b)
{
	dsr__stamp sa = dsr__stamp_from_pb(a), sb = dsr__stamp_from_pb(b);
	return dsr__stamp_cmp(&sa, &sb) > 0;
}

int dsr__actor_info(dsr_rtxn *t, const char *cluster, size_t articles, Dpb__ActorInfo **out)
{
	dsr__keys mem = { DSR_BUF_INIT, 0 };
	struct info_ctx c = { 0 };
	c.max = articles;
	uint64_t kinds[DPB__ACTOR_KIND__KIND_OTHER + 1] = { 0 };
	uint64_t mentions = 0;
	Dpb__CurateRec *best_name = NULL, *best_kind = NULL;
	int rc = cluster_members(t, cluster, &mem);
	const char *key = (const char *)mem.b.data;
	for (size_t i = 0; !rc && i < mem.n; i++, key += strlen(key) + 1) {
		size_t kl = strlen(key);
		Dpb__NodeRec *n;
		if ((rc = node_get(t, key, &n)))
			break;
		mentions += n->mentions;
		for (size_t j = 0; j < n->n_kinds && j <= DPB__ACTOR_KIND__KIND_OTHER; j++)
			kinds[j] += n->kinds[j];
		dpb__node_rec__free_unpacked(n, NULL);
		c.plen = kl + 1;
		c.taken = 0;
		if ((rc = dsr__scan_prefix(t, DSR__DB_V_FORM, key, kl + 1, add_form, &c)) ||
		    (articles && (rc = dsr__scan_dups(t, DSR__DB_V_NART, key, kl, add_article, &c))))
			break;
		MDB_val k = { kl, (void *)key }, v;
		if (mdb_get(t->txn, t->s->dbi[DSR__DB_V_CURATE], &k, &v) == 0) {
			Dpb__CurateRec *cr = dpb__curate_rec__unpack(NULL, v.mv_size, v.mv_data);
			if (!cr) {
				rc = DSR_ECORRUPT;
				break;
			}
			bool keep = false;
			if (cr->name_win && (!best_name || newer(cr->name_win, best_name->name_win))) {
				if (best_name && best_name != best_kind)
					dpb__curate_rec__free_unpacked(best_name, NULL);
				best_name = cr;
				keep = true;
			}
			if (cr->kind_win && (!best_kind || newer(cr->kind_win, best_kind->kind_win))) {
				if (best_kind && best_kind != best_name)
					dpb__curate_rec__free_unpacked(best_kind, NULL);
				best_kind = cr;
				keep = true;
			}
			if (!keep)
				dpb__curate_rec__free_unpacked(cr, NULL);
		}
	}
	Dpb__ActorInfo *a = NULL;
	if (!rc && !(a = calloc(1, sizeof *a)))
		rc = -ENOMEM;
	if (rc)
		goto out;
	dpb__actor_info__init(a);
	size_t best = 0;
	for (size_t i = 1; i < c.nforms; i++)
		if (best_form(&c.forms[i], &c.forms[best]))
			best = i;
	const char *name = best_name ? best_name->preferred
			   : c.nforms ? c.forms[best].s : cluster;
	a->name = strdup(name);
	a->key = strdup(cluster);
	a->mentions = mentions;
	int kind = 0;
	uint64_t most = 0;
	for (int j = 1; j <= DPB__ACTOR_KIND__KIND_OTHER; j++)
		if (kinds[j] > most) {
			most = kinds[j];
			kind = j;
		}
	a->kind = best_kind ? best_kind->kind : (Dpb__ActorKind)kind;
	a->aliases = calloc(c.nforms + 1, sizeof *a->aliases);
	for (size_t i = 0; a->aliases && i < c.nforms; i++)
		if (strcmp(c.forms[i].s, name) != 0)
			a->aliases[a->n_aliases++] = strdup(c.forms[i].s);
	if (a->aliases)
		qsort(a->aliases, a->n_aliases, sizeof *a->aliases, str_cmp);
	/* The articles: each once (at its first filing under any name), the
	 * first `articles` filed, listed by id. */
	const size_t isz = 8 + DSR_ID_LEN;
	size_t na = c.arts.len / isz, nu = 0;
	uint8_t *it = c.arts.data;
	if (na) {
		qsort(it, na, isz, item_id_cmp);
		for (size_t i = 0; i < na; i++)
			if (!nu || memcmp(it + i * isz + 8, it + (nu - 1) * isz + 8, DSR_ID_LEN))
				memmove(it + nu++ * isz, it + i * isz, isz);
		qsort(it, nu, isz, item_cmp);
		if (nu > c.max) {
			nu = c.max;
			c.more = true;
		}
		qsort(it, nu, isz, id_only_cmp);
	}
	a->more_articles = c.more;
	a->articles = calloc(nu + 1, sizeof *a->articles);
	for (size_t i = 0; a->articles && i < nu; i++) {
		ProtobufCBinaryData *d = &a->articles[a->n_articles++];
		d->data = malloc(DSR_ID_LEN);
		d->len = DSR_ID_LEN;
		if (d->data)
			memcpy(d->data, it + i * isz + 8, DSR_ID_LEN);
	}
	*out = a;
out:
	for (size_t i = 0; i < c.nforms; i++)
		free(c.forms[i].s);
	free(c.forms);
	dsr_buf_free(&c.arts);
	dsr_buf_free(&mem.b);
	if (best_kind && best_kind != best_name)
		dpb__curate_rec__free_unpacked(best_kind, NULL);
	if (best_name)
		dpb__curate_rec__free_unpacked(best_name, NULL);
	return rc;
}

void dsr__actor_info_free(Dpb__ActorInfo *a)
{
	if (!a)
		return;
	/* Built with malloc by dsr__actor_info: the default allocator's
	 * free_unpacked releases exactly those fields. */
	dpb__actor_info__free_unpacked(a, NULL);
}

int dsr__cluster_display(dsr_rtxn *t, const char *cluster, dsr_buf *out)
{
	out->len = 0;
	Dpb__ActorInfo *a = NULL;
	int rc = dsr__actor_info(t, cluster, 0, &a);
	if (!rc) {
		rc = dsr_buf_puts(out, a->name);
		if (!rc)
			rc = dsr_buf_cstr(out);
	}
	dsr__actor_info_free(a);
	return rc;
}

int dsr_q_actor(dsr_rtxn *t, const char *name, size_t articles, dsr_actor_fn fn, void *ctx)
{
	char key[DSR_NAME_KEY_MAX];
	if (dsr_name_key(name, strlen(name), key, sizeof key) == 0)
		return DSR_ENOTFOUND;
	Dpb__NodeRec *n;
	int rc = node_get(t, key, &n);
	if (rc)
		return rc;
	Dpb__ActorInfo *a = NULL;
	rc = dsr__actor_info(t, n->cluster, articles, &a);
	dpb__node_rec__free_unpacked(n, NULL);
	if (!rc)
		rc = fn(ctx, a);
	dsr__actor_info_free(a);
	return rc;
}

int dsr_q_actors(dsr_rtxn *t, int kind, size_t articles, const dsr_page *pg, dsr_buf *next,
		 dsr_actor_fn fn, void *ctx)
{
	MDB_cursor *c;
	int rc = dsr__mdb_err(mdb_cursor_open(t->txn, t->s->dbi[DSR__DB_V_MEMBER], &c));
	if (rc)
		return rc;
	if (next)
		next->len = 0;
	MDB_val k = { pg && pg->cursor_len ? pg->cursor_len : 0,
		      pg && pg->cursor_len ? (void *)pg->cursor : NULL }, v;
	int r = mdb_cursor_get(c, &k, &v, k.mv_size ? MDB_SET_RANGE : MDB_FIRST);
	uint32_t sent = 0, limit = pg ? pg->limit : 0;
	char last[DSR_NAME_KEY_MAX] = "";
	bool have_last = false;
	while (!rc && r == 0) {
		const char *cl = k.mv_data;
		size_t cll = strnlen(cl, k.mv_size);
		if (cll >= DSR_NAME_KEY_MAX) {
			r = mdb_cursor_get(c, &k, &v, MDB_NEXT);
			continue;
		}
		if (have_last && strlen(last) == cll && !memcmp(last, cl, cll)) {
			r = mdb_cursor_get(c, &k, &v, MDB_NEXT);
			continue;
		}
		memcpy(last, cl, cll);
		last[cll] = 0;
		have_last = true;
		if (limit && sent == limit) {
			if (next)
				rc = dsr_buf_append(next, last, cll);
			break;
		}
		Dpb__ActorInfo *a = NULL;
		rc = dsr__actor_info(t, last, articles, &a);
		if (!rc && (!kind || (int)a->kind == kind)) {
			rc = fn(ctx, a);
			sent++;
		}
		dsr__actor_info_free(a);
		r = mdb_cursor_get(c, &k, &v, MDB_NEXT);
	}
	mdb_cursor_close(c);
	return rc;
}
