/* namecache.c: what one query (or export) has learnt of names — the
 * cluster a name belongs to and the actor's display name — so that a pass
 * over many claims looks each distinct name up once, in a hash table, not
 * once per claim nor by a scan of the names met so far. */
#include "query/impl.h"
#include "error.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct nc_ent {
	char *name;
	char *cluster;      /* "" when the name is unknown */
	char *display;      /* NULL until asked */
	bool asked;
};

struct dsr__namecache {
	struct nc_ent *v;
	size_t n, cap;      /* cap: a power of two */
};

dsr__namecache *dsr__namecache_new(void)
{
	return calloc(1, sizeof(dsr__namecache));
}

void dsr__namecache_free(dsr__namecache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->cap; i++) {
		free(c->v[i].name);
		free(c->v[i].cluster);
		free(c->v[i].display);
	}
	free(c->v);
	free(c);
}

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ull;
	}
	return h;
}

static int grow(dsr__namecache *c)
{
	size_t cap = c->cap ? 2 * c->cap : 256;
	struct nc_ent *v = calloc(cap, sizeof *v);
	if (!v)
		return -ENOMEM;
	for (size_t i = 0; i < c->cap; i++) {
		if (!c->v[i].name)
			continue;
		size_t j = hash(c->v[i].name) & (cap - 1);
		while (v[j].name)
			j = (j + 1) & (cap - 1);
		v[j] = c->v[i];
	}
	free(c->v);
	c->v = v;
	c->cap = cap;
	return 0;
}

/* The entry of a name, looked up in the store the first time. */
static struct nc_ent *entry(dsr_rtxn *t, dsr__namecache *c, const char *name)
{
	if ((c->n + 1) * 2 > c->cap && grow(c))
		return NULL;
	size_t j = hash(name) & (c->cap - 1);
	while (c->v[j].name) {
		if (!strcmp(c->v[j].name, name))
			return &c->v[j];
		j = (j + 1) & (c->cap - 1);
	}
	struct nc_ent e = { strdup(name), NULL, NULL, false };
	char key[DSR_NAME_KEY_MAX], cluster[DSR_NAME_KEY_MAX] = "";
	if (dsr_name_key(name, strlen(name), key, sizeof key)) {
		MDB_val k = { strlen(key), key }, v;
		if (mdb_get(t->txn, t->s->dbi[DSR__DB_V_NODE], &k, &v) == 0) {
			Dpb__NodeRec *n = dpb__node_rec__unpack(NULL, v.mv_size, v.mv_data);
			if (n && n->cluster && strlen(n->cluster) < sizeof cluster)
				strcpy(cluster, n->cluster);
			if (n)
				dpb__node_rec__free_unpacked(n, NULL);
		}
	}
	e.cluster = strdup(cluster);
	if (!e.name || !e.cluster) {
		free(e.name);
		free(e.cluster);
		return NULL;
	}
	c->v[j] = e;
	c->n++;
	return &c->v[j];
}

const char *dsr__namecache_cluster(dsr_rtxn *t, dsr__namecache *c, const char *name)
{
	const struct nc_ent *e = name && *name ? entry(t, c, name) : NULL;
	return e && e->cluster[0] ? e->cluster : NULL;
}

const char *dsr__namecache_display(dsr_rtxn *t, dsr__namecache *c, const char *name)
{
	struct nc_ent *e = name && *name ? entry(t, c, name) : NULL;
	if (!e || !e->cluster[0])
		return NULL;
	if (!e->asked) {
		e->asked = true;
		dsr_buf b = DSR_BUF_INIT;
		if (dsr__cluster_display(t, e->cluster, &b) == 0 && b.data)
			e->display = (char *)b.data;
		else
			dsr_buf_free(&b);
	}
	return e->display;
}
