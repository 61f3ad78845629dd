/* corroboration.c: judging a claim against the others: its independent
 * sources, the claims that corroborate or contradict it (same proposition,
 * match.c; same or opposite stance) and its confidence (confidence.c).  See
 * confidence.h and docs/curation.md. */
#include "confidence.h"
#include "error.h"
#include "query/impl.h"
#include "view/api.h"
#include "name.h"

#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Judging a claim compares it with every claim about the same actor, and a
 * listing judges every claim it lists: a cache keeps, for the duration of
 * one query, each claim's features (actors as cluster keys, keywords,
 * stance, source, publisher), each name's cluster and each actor's
 * claims, so a list of n claims about one actor costs n feature
 * computations and n^2 cheap comparisons rather than n^2 of each. */

typedef struct feat {
	uint8_t id[DSR_ID_LEN];
	bool ok;                   /* a claim that could be read */
	int stance;
	dsr_buf about;             /* sorted, NUL-separated cluster keys */
	dsr__kwset kw;
	char *source;              /* source cluster, "publisher:P" when
				    * unattributed, or NULL */
	char *publisher;           /* or NULL */
} feat;

struct name_cl {
	char *name, *cluster;      /* cluster NULL: the name is unknown */
	char *display;             /* the actor's display name, once asked */
};

struct cands {
	char *cluster;
	uint8_t *ids;              /* DSR_ID_LEN each */
	size_t n;
};

struct dsr_judge_cache {
	dsr_rtxn *t;
	feat **feats;
	size_t nfeats, capfeats;
	uint32_t *slots;           /* index + 1 into feats */
	size_t nslots;
	struct name_cl *names;
	size_t nnames, capnames;
	struct cands *cands;
	size_t ncands, capcands;
};

dsr_judge_cache *dsr_judge_cache_new(dsr_rtxn *t)
{
	dsr_judge_cache *c = calloc(1, sizeof *c);
	if (c)
		c->t = t;
	return c;
}

void dsr_judge_cache_free(dsr_judge_cache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->nfeats; i++) {
		dsr_buf_free(&c->feats[i]->about);
		free(c->feats[i]->source);
		free(c->feats[i]->publisher);
		free(c->feats[i]);
	}
	free(c->feats);
	free(c->slots);
	for (size_t i = 0; i < c->nnames; i++) {
		free(c->names[i].name);
		free(c->names[i].cluster);
		free(c->names[i].display);
	}
	free(c->names);
	for (size_t i = 0; i < c->ncands; i++) {
		free(c->cands[i].cluster);
		free(c->cands[i].ids);
	}
	free(c->cands);
	free(c);
}

/* The cluster key of a name (NULL when no fact uses it). */
static const char *cluster_of(dsr_judge_cache *c, const char *name)
{
	for (size_t i = 0; i < c->nnames; i++)
		if (!strcmp(c->names[i].name, name))
			return c->names[i].cluster;
	if (c->nnames == c->capnames) {
		size_t nc = c->capnames ? 2 * c->capnames : 32;
		struct name_cl *nn = realloc(c->names, nc * sizeof *nn);
		if (!nn)
			return NULL;
		c->names = nn;
		c->capnames = nc;
	}
	char key[DSR_NAME_KEY_MAX];
	char *cl = NULL;
	if (dsr_name_key(name, strlen(name), key, sizeof key)) {
		MDB_val k = { strlen(key), key }, v;
		if (mdb_get(c->t->txn, c->t->s->dbi[DSR__DB_V_NODE], &k, &v) == 0) {
			Dpb__NodeRec *n = dpb__node_rec__unpack(NULL, v.mv_size, v.mv_data);
			if (n) {
				cl = strdup(n->cluster);
				dpb__node_rec__free_unpacked(n, NULL);
			}
		}
	}
	struct name_cl *e = &c->names[c->nnames];
	e->name = strdup(name);
	e->cluster = cl;
	e->display = NULL;
	if (!e->name) {
		free(cl);
		return NULL;
	}
	c->nnames++;
	return cl;
}

const char *dsr_judge_display_name(dsr_judge_cache *c, const char *name)
{
	if (!cluster_of(c, name))
		return NULL;
	struct name_cl *e = NULL;
	for (size_t i = 0; i < c->nnames && !e; i++)
		if (!strcmp(c->names[i].name, name))
			e = &c->names[i];
	if (!e || e->display)
		return e ? e->display : NULL;
	/* Another name of the same actor may have it already. */
	for (size_t i = 0; i < c->nnames; i++)
		if (c->names[i].display && c->names[i].cluster &&
		    !strcmp(c->names[i].cluster, e->cluster))
			return e->display = strdup(c->names[i].display);
	Dpb__ActorInfo *a = NULL;
	if (dsr__actor_info(c->t, e->cluster, &a) == 0)
		e->display = strdup(a->name);
	dsr__actor_info_free(a);
	return e->display;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted, NUL-separated cluster keys of a claim's about names. */
static int about_clusters(dsr_judge_cache *c, const Dpb__ClaimRecorded *cl, dsr_buf *out)
{
	const char *v[64];
	size_t n = 0;
	for (size_t i = 0; i < cl->n_about && n < 64; i++) {
		const char *k = cluster_of(c, cl->about[i]);
		bool dup = !k;
		for (size_t j = 0; j < n && !dup; j++)
			dup = !strcmp(v[j], k);
		if (!dup)
			v[n++] = k;
	}
	if (n)
		qsort(v, n, sizeof *v, cmp_str);
	out->len = 0;
	for (size_t i = 0; i < n; i++)
		if (dsr_buf_append(out, v[i], strlen(v[i]) + 1))
			return -ENOMEM;
	return 0;
}

static uint64_t id_hash(const uint8_t *id)
{
	uint64_t h;
	memcpy(&h, id + DSR_ID_LEN / 2, sizeof h);  /* already a hash */
	return h;
}

static int feats_grow(dsr_judge_cache *c)
{
	size_t ns = c->nslots ? 2 * c->nslots : 256;
	uint32_t *slots = calloc(ns, sizeof *slots);
	if (!slots)
		return -ENOMEM;
	for (size_t i = 0; i < c->nfeats; i++) {
		size_t j = id_hash(c->feats[i]->id) & (ns - 1);
		while (slots[j])
			j = (j + 1) & (ns - 1);
		slots[j] = (uint32_t)i + 1;
	}
	free(c->slots);
	c->slots = slots;
	c->nslots = ns;
	return 0;
}

/* The features of claim id; ev is its winning event when the caller has
 * it, else it is read.  NULL only when out of memory. */
static feat *feat_of(dsr_judge_cache *c, const uint8_t *id, const Dpb__Event *ev)
{
	if (c->nslots) {
		size_t j = id_hash(id) & (c->nslots - 1);
		while (c->slots[j]) {
			feat *f = c->feats[c->slots[j] - 1];
			if (!memcmp(f->id, id, DSR_ID_LEN))
				return f;
			j = (j + 1) & (c->nslots - 1);
		}
	}
	if ((c->nfeats + 1) * 2 > c->nslots && feats_grow(c))
		return NULL;
	if (c->nfeats == c->capfeats) {
		size_t nc = c->capfeats ? 2 * c->capfeats : 64;
		feat **nf = realloc(c->feats, nc * sizeof *nf);
		if (!nf)
			return NULL;
		c->feats = nf;
		c->capfeats = nc;
	}
	feat *f = calloc(1, sizeof *f);
	if (!f)
		return NULL;
	memcpy(f->id, id, DSR_ID_LEN);
	Dpb__Event *own = NULL;
	if (!ev && dsr__fact_winner(c->t->s, c->t->txn, DSR__DB_V_CLAIM, id, &own, NULL) == 0)
		ev = own;
	if (ev && ev->payload_case == DPB__EVENT__PAYLOAD_CLAIM) {
		const Dpb__ClaimRecorded *cl = ev->claim;
		dsr_buf pub = DSR_BUF_INIT;
		f->ok = about_clusters(c, cl, &f->about) == 0;
		f->stance = cl->stance;
		dsr__keywords(cl->content, cl->about, cl->n_about, &f->kw);
		if (dsr__publisher(c->t, cl->article, &pub) == 0)
			f->publisher = strdup((char *)pub.data);
		const char *src = cl->source && *cl->source ? cluster_of(c, cl->source) : NULL;
		if (src) {
			f->source = strdup(src);
		} else if (f->publisher) {
			/* An unattributed report counts once per outlet. */
			f->source = malloc(strlen(f->publisher) + 11);
			if (f->source)
				sprintf(f->source, "publisher:%s", f->publisher);
		}
		dsr_buf_free(&pub);
	}
	if (own)
		dpb__event__free_unpacked(own, NULL);
	size_t j = id_hash(id) & (c->nslots - 1);
	while (c->slots[j])
		j = (j + 1) & (c->nslots - 1);
	c->feats[c->nfeats] = f;
	c->slots[j] = (uint32_t)++c->nfeats;
	return f;
}

/* Every claim about an actor (its cluster key), once per cache. */
static const struct cands *candidates(dsr_judge_cache *c, const char *cluster)
{
	for (size_t i = 0; i < c->ncands; i++)
		if (!strcmp(c->cands[i].cluster, cluster))
			return &c->cands[i];
	if (c->ncands == c->capcands) {
		size_t nc = c->capcands ? 2 * c->capcands : 8;
		struct cands *nn = realloc(c->cands, nc * sizeof *nn);
		if (!nn)
			return NULL;
		c->cands = nn;
		c->capcands = nc;
	}
	struct cands *e = &c->cands[c->ncands];
	memset(e, 0, sizeof *e);
	e->cluster = strdup(cluster);
	if (!e->cluster)
		return NULL;
	dsr_buf ids = DSR_BUF_INIT;
	size_t cl = strlen(cluster);
	MDB_cursor *mc, *ic;
	if (!mdb_cursor_open(c->t->txn, c->t->s->dbi[DSR__DB_V_MEMBER], &mc)) {
		if (!mdb_cursor_open(c->t->txn, c->t->s->dbi[DSR__DB_V_CABOUT], &ic)) {
			MDB_val k = { cl + 1, (void *)cluster }, v;
			for (int r = mdb_cursor_get(mc, &k, &v, MDB_SET_RANGE);
			     r == 0 && k.mv_size > cl + 1 && !memcmp(k.mv_data, cluster, cl + 1);
			     r = mdb_cursor_get(mc, &k, &v, MDB_NEXT)) {
				MDB_val nk = { k.mv_size - cl - 1, (char *)k.mv_data + cl + 1 }, iv;
				for (int q = mdb_cursor_get(ic, &nk, &iv, MDB_SET_KEY); q == 0;
				     q = mdb_cursor_get(ic, &nk, &iv, MDB_NEXT_DUP))
					if (iv.mv_size == 8 + DSR_ID_LEN)
						dsr_buf_append(&ids, (uint8_t *)iv.mv_data + 8, DSR_ID_LEN);
			}
			mdb_cursor_close(ic);
		}
		mdb_cursor_close(mc);
	}
	e->ids = ids.data;
	e->n = ids.len / DSR_ID_LEN;
	c->ncands++;
	return e;
}

/* A set of strings, for counting distinct sources and publishers. */
typedef struct sset {
	const char *v[256];
	size_t n;
} sset;

static void sset_add(sset *s, const char *k)
{
	if (!k)
		return;
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->v[i], k))
			return;
	if (s->n < 256)
		s->v[s->n++] = k;
}

int dsr_claim_judge(dsr_rtxn *t, const uint8_t id[16], const Dpb__Event *ev,
		    dsr_claim_judgement *out, dsr_judge_cache *cache,
		    int (*related)(void *ctx, const uint8_t *id, bool same_stance),
		    void *ctx)
{
	memset(out, 0, sizeof *out);
	dsr_judge_cache *own = cache ? NULL : dsr_judge_cache_new(t);
	dsr_judge_cache *c = cache ? cache : own;
	if (!c)
		return -ENOMEM;
	int rc = 0;
	feat *f = feat_of(c, id, ev);
	if (!f) {
		rc = -ENOMEM;
		goto out;
	}
	sset sources = { .n = 0 }, pubs = { .n = 0 };
	sset_add(&sources, f->source);
	sset_add(&pubs, f->publisher);
	const struct cands *cd = f->ok && f->about.len ? candidates(c, (char *)f->about.data) : NULL;
	for (size_t i = 0; cd && i < cd->n && !rc; i++) {
		const uint8_t *oid = cd->ids + i * DSR_ID_LEN;
		if (!memcmp(oid, id, DSR_ID_LEN))
			continue;
		/* A claim listed twice (two of its names in one actor). */
		bool dup = false;
		for (size_t j = 0; j < i && !dup; j++)
			dup = !memcmp(cd->ids + j * DSR_ID_LEN, oid, DSR_ID_LEN);
		if (dup)
			continue;
		feat *g = feat_of(c, oid, NULL);
		if (!g) {
			rc = -ENOMEM;
			break;
		}
		if (!g->ok || g->about.len != f->about.len ||
		    memcmp(g->about.data, f->about.data, f->about.len) || !dsr__kw_similar(&f->kw, &g->kw))
			continue;
		bool same = g->stance == f->stance;
		if (same) {
			out->corroborating++;
			sset_add(&sources, g->source);
			sset_add(&pubs, g->publisher);
		} else {
			out->contradicting++;
		}
		if (related)
			rc = related(ctx, oid, same);
	}
	out->sources = (uint32_t)sources.n;
	out->publishers = (uint32_t)pubs.n;
	/* The analyst's grade and status, if any. */
	MDB_val k = { DSR_ID_LEN, (void *)id }, av;
	Dpb__AssessRec *a = NULL;
	if (mdb_get(t->txn, t->s->dbi[DSR__DB_V_ASSESS], &k, &av) == 0)
		a = dpb__assess_rec__unpack(NULL, av.mv_size, av.mv_data);
	bool hedged = ev && ev->payload_case == DPB__EVENT__PAYLOAD_CLAIM && ev->claim->hedged;
	out->confidence = dsr_confidence(a ? a->reliability : NULL, a ? a->credibility : 0,
					 a ? (int)a->status : 0, hedged,
					 out->sources ? out->sources : 1, out->contradicting);
	out->likelihood = dsr_likelihood(out->confidence);
	if (a)
		dpb__assess_rec__free_unpacked(a, NULL);
out:
	dsr_judge_cache_free(own);
	return rc;
}
