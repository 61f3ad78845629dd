/* cluster.c: actors as clusters of names.
 *
 * The name graph has three kinds of links: names listed together as one
 * actor by an extracted mention (auto edges), names the name rule says are
 * the same (rule edges, actor_rule.h), and analysts' judgements (v.judge):
 * SAME merges, DISTINCT forbids.  An actor is computed per connected
 * component, deterministically from the component alone:
 *   1. union every pair judged SAME;
 *   2. take the other edges in (key, key) order and union each pair unless
 *      that would put two names judged DISTINCT into one cluster;
 *   3. name each cluster by its smallest key.
 * So analysts' judgements take precedence over extraction and the rule, and
 * the result depends only on the set of events, never on their order.  It
 * runs at the end of each batch for the components whose links changed. */
#include "view/impl.h"
#include "error.h"
#include "name.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

typedef struct strset {
	char **v;
	size_t n, cap;
} strset;

/* Index of s in a sorted set, or -1. */
static long set_find(const strset *s, const char *k)
{
	size_t lo = 0, hi = s->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(s->v[mid], k);
		if (c == 0)
			return (long)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* Inserts keeping order; returns 1 if added, 0 if present, <0 error. */
static int set_add(strset *s, const char *k)
{
	size_t lo = 0, hi = s->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(s->v[mid], k);
		if (c == 0)
			return 0;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (s->n == s->cap) {
		size_t nc = s->cap ? s->cap * 2 : 16;
		char **nv = realloc(s->v, nc * sizeof *nv);
		if (!nv)
			return -ENOMEM;
		s->v = nv;
		s->cap = nc;
	}
	char *d = strdup(k);
	if (!d)
		return -ENOMEM;
	memmove(s->v + lo + 1, s->v + lo, (s->n - lo) * sizeof *s->v);
	s->v[lo] = d;
	s->n++;
	return 1;
}

static void set_free(strset *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	s->v = NULL;
	s->n = s->cap = 0;
}

typedef struct pair {
	char *a, *b;               /* a < b */
	int strong;                /* 1 judged SAME, -1 judged DISTINCT, 0 edge */
} pair;

typedef struct comp {
	strset nodes;
	pair *pairs;
	size_t npairs, cap;
} comp;

static bool node_exists(dsr__wtx *w, const char *key)
{
	MDB_val v;
	return dsr__get(w, DSR__DB_V_NODE, key, strlen(key), &v) == 0;
}

static int add_pair(comp *c, const char *a, const char *b, int strong)
{
	if (strcmp(a, b) > 0) {
		const char *t = a;
		a = b;
		b = t;
	}
	if (c->npairs == c->cap) {
		size_t nc = c->cap ? c->cap * 2 : 32;
		pair *np = realloc(c->pairs, nc * sizeof *np);
		if (!np)
			return -ENOMEM;
		c->pairs = np;
		c->cap = nc;
	}
	pair *p = &c->pairs[c->npairs];
	p->a = strdup(a);
	p->b = strdup(b);
	p->strong = strong;
	if (!p->a || !p->b) {
		free(p->a);
		free(p->b);
		return -ENOMEM;
	}
	c->npairs++;
	return 0;
}

/* Visits u's links in one table, adding pairs and queueing neighbours. */
static int scan_links(dsr__wtx *w, comp *c, strset *queue, const char *u, int db)
{
	size_t ul = strlen(u);
	MDB_cursor *cur;
	int rc = dsr__mdb_err(mdb_cursor_open(w->txn, w->s->dbi[db], &cur));
	if (rc)
		return rc;
	MDB_val k = { ul + 1, (void *)u }, v;
	int r = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE);
	char nb[DSR_NAME_KEY_MAX + 1];
	while (!rc && r == 0 && k.mv_size > ul + 1 && memcmp(k.mv_data, u, ul + 1) == 0) {
		size_t nl = k.mv_size - ul - 1;
		if (nl < sizeof nb) {
			memcpy(nb, (char *)k.mv_data + ul + 1, nl);
			nb[nl] = 0;
			int strong = 0;
			if (db == DSR__DB_V_JUDGE) {
				Dpb__JudgeRec *j = dpb__judge_rec__unpack(NULL, v.mv_size, v.mv_data);
				if (!j) {
					rc = DSR_ECORRUPT;
					break;
				}
				strong = j->verdict == DPB__VERDICT__VERDICT_SAME ? 1
					 : j->verdict == DPB__VERDICT__VERDICT_DISTINCT ? -1 : 0;
				dpb__judge_rec__free_unpacked(j, NULL);
			}
			/* Each link is seen from both ends; keep it once. */
			if ((db == DSR__DB_V_EDGE || strong) && strcmp(u, nb) < 0 &&
			    node_exists(w, nb))
				rc = add_pair(c, u, nb, strong);
			if (!rc && strong >= 0 && (db == DSR__DB_V_EDGE || strong) &&
			    node_exists(w, nb) && set_find(&c->nodes, nb) < 0) {
				rc = set_add(&c->nodes, nb);
				if (rc > 0)
					rc = set_add(queue, nb);
				rc = rc > 0 ? 0 : rc;
			}
		}
		r = mdb_cursor_get(cur, &k, &v, MDB_NEXT);
	}
	mdb_cursor_close(cur);
	return rc;
}

static int find(int *parent, int i)
{
	while (parent[i] != i) {
		parent[i] = parent[parent[i]];
		i = parent[i];
	}
	return i;
}

static int pair_cmp(const void *pa, const void *pb)
{
	const pair *a = pa, *b = pb;
	int c = strcmp(a->a, b->a);
	return c ? c : strcmp(a->b, b->b);
}

/* Would joining roots ra and rb put a DISTINCT pair into one cluster? */
static bool forbidden(const comp *c, int *parent, int ra, int rb)
{
	for (size_t i = 0; i < c->npairs; i++) {
		const pair *p = &c->pairs[i];
		if (p->strong != -1)
			continue;
		long x = set_find(&c->nodes, p->a), y = set_find(&c->nodes, p->b);
		if (x < 0 || y < 0)
			continue;
		int fx = find(parent, (int)x), fy = find(parent, (int)y);
		if ((fx == ra && fy == rb) || (fx == rb && fy == ra))
			return true;
	}
	return false;
}

static int set_cluster(dsr__wtx *w, const char *key, const char *cluster)
{
	Dpb__NodeRec *n = NULL;
	int rc = dsr__get_rec(w, DSR__DB_V_NODE, key, strlen(key),
			      &dpb__node_rec__descriptor, (ProtobufCMessage **)&n);
	if (rc)
		return rc == DSR_ENOTFOUND ? 0 : rc;
	dsr_buf m = DSR_BUF_INIT;
	/* until clustered, a name stands for itself (view/prop.c); claims
	 * naming it are worked out again when its cluster is another */
	if (strcmp(n->cluster[0] ? n->cluster : key, cluster) != 0 &&
	    (rc = dsr__prop_requeue_name(w, key)))
		return rc;
	if (strcmp(n->cluster, cluster) != 0) {
		rc = dsr__key2(&m, n->cluster, strlen(n->cluster), key, strlen(key));
		if (!rc)
			rc = dsr__del(w, DSR__DB_V_MEMBER, m.data, m.len);
		char *old = n->cluster;
		n->cluster = (char *)cluster;
		if (!rc)
			rc = dsr__put_rec(w, DSR__DB_V_NODE, key, strlen(key), &n->base);
		n->cluster = old;
	}
	if (!rc)
		rc = dsr__key2(&m, cluster, strlen(cluster), key, strlen(key));
	if (!rc)
		rc = dsr__put(w, DSR__DB_V_MEMBER, m.data, m.len, "", 0);
	dsr_buf_free(&m);
	return rc;
}

static int cluster_component(dsr__wtx *w, const char *seed, strset *done)
{
	comp c = { 0 };
	int *parent = NULL;
	/* Breadth-first over SAME judgements and edges.  c.nodes is the
	 * visited set; fifo holds them in visiting order. */
	char **fifo = malloc(16 * sizeof *fifo);
	size_t qi = 0, nfifo = 0, capfifo = 16;
	int rc = fifo ? set_add(&c.nodes, seed) : -ENOMEM;
	if (rc >= 0) {
		fifo[nfifo] = strdup(seed);
		rc = fifo[nfifo++] ? 0 : -ENOMEM;
	}
	while (!rc && qi < nfifo) {
		const char *u = fifo[qi++];
		strset fresh = { 0 };
		rc = scan_links(w, &c, &fresh, u, DSR__DB_V_EDGE);
		if (!rc)
			rc = scan_links(w, &c, &fresh, u, DSR__DB_V_JUDGE);
		for (size_t i = 0; !rc && i < fresh.n; i++) {
			if (nfifo == capfifo) {
				char **nf = realloc(fifo, capfifo * 2 * sizeof *nf);
				if (!nf) {
					rc = -ENOMEM;
					break;
				}
				fifo = nf;
				capfifo *= 2;
			}
			fifo[nfifo] = strdup(fresh.v[i]);
			rc = fifo[nfifo++] ? 0 : -ENOMEM;
		}
		set_free(&fresh);
	}
	for (size_t i = 0; i < nfifo; i++) {
		if (!rc && fifo[i] && set_add(done, fifo[i]) < 0)
			rc = -ENOMEM;
		free(fifo[i]);
	}
	free(fifo);
	if (rc)
		goto out;
	size_t n = c.nodes.n;
	parent = malloc(n * sizeof *parent);
	if (!parent) {
		rc = -ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		parent[i] = (int)i;
	if (c.npairs)
		qsort(c.pairs, c.npairs, sizeof *c.pairs, pair_cmp);
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < c.npairs; i++) {
			const pair *p = &c.pairs[i];
			if ((pass == 0) != (p->strong == 1) || p->strong == -1)
				continue;
			long x = set_find(&c.nodes, p->a), y = set_find(&c.nodes, p->b);
			if (x < 0 || y < 0)
				continue;
			int rx = find(parent, (int)x), ry = find(parent, (int)y);
			if (rx == ry)
				continue;
			if (pass == 1 && forbidden(&c, parent, rx, ry))
				continue;
			/* The smaller index is the smaller key: it becomes the
			 * root, so a root is always its cluster's least key. */
			if (rx < ry)
				parent[ry] = rx;
			else
				parent[rx] = ry;
		}
	}
	for (size_t i = 0; !rc && i < n; i++)
		rc = set_cluster(w, c.nodes.v[i], c.nodes.v[find(parent, (int)i)]);
out:
	free(parent);
	for (size_t i = 0; i < c.npairs; i++) {
		free(c.pairs[i].a);
		free(c.pairs[i].b);
	}
	free(c.pairs);
	set_free(&c.nodes);
	return rc;
}

int dsr__rules_finish(dsr__wtx *w);

int dsr__cluster_finish(dsr__wtx *w)
{
	int rc = dsr__rules_finish(w);
	if (rc || w->dirty.len == 0)
		return rc;
	if ((rc = dsr__kv_flush(w)))
		return rc;
	strset dirty = { 0 }, done = { 0 };
	for (size_t off = 0; !rc && off < w->dirty.len;) {
		const char *k = (const char *)w->dirty.data + off;
		off += strlen(k) + 1;
		if (set_add(&dirty, k) < 0)
			rc = -ENOMEM;
	}
	w->dirty.len = 0;
	for (size_t i = 0; !rc && i < dirty.n; i++) {
		if (set_find(&done, dirty.v[i]) >= 0 || !node_exists(w, dirty.v[i]))
			continue;
		rc = cluster_component(w, dirty.v[i], &done);
	}
	set_free(&dirty);
	set_free(&done);
	return rc;
}
