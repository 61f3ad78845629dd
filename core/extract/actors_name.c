/* actors_name.c: turns groups of mentions into actors — which groups are
 * kept, what kind each is, the name it is filed under and its aliases. */
#include "actors.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static bool usable(const struct dsr__mention *m)
{
	return !(m->flags & (DSR__M_DROP | DSR__M_WORK));
}

static uint32_t root(uint32_t *p, uint32_t x)
{
	while (p[x] != x)
		x = p[x] = p[p[x]];
	return x;
}

/* The kind of a group of mentions with no lexicon entry. */
static int vote(const struct dsr__mention *m, size_t n, const int32_t *idx)
{
	unsigned votes[8] = { 0 };
	bool group = false, person = false;
	int cue_kind = -1;
	unsigned cue_len = 0;
	for (size_t k = 0; k < n; k++) {
		const struct dsr__mention *x = &m[idx[k]];
		if (x->flags & DSR__M_GROUP)
			group = true;
		if (x->flags & DSR__M_PERSON)
			person = true;
		if ((x->flags & DSR__M_ORGCUE) && x->ntok > cue_len) {
			cue_kind = x->kind;
			cue_len = x->ntok;
		}
		if ((x->flags & DSR__M_STRONG) && x->kind < 8)
			votes[x->kind] += x->ntok > 1 ? 2 : 1;
	}
	if (group)
		return DSR__K_GROUP;
	if (person)
		return DSR__K_PERSON;
	if (cue_kind >= 0)
		return cue_kind;
	int best = DSR__K_ORGANIZATION;
	unsigned most = 0;
	for (int k = 1; k < 8; k++) {
		if (votes[k] > most) {
			most = votes[k];
			best = k;
		}
	}
	return best;
}

int dsr__actors_build(struct dsr__ctx *c, uint32_t *p)
{
	size_t n = c->men.n;
	struct dsr__mention *m = DSR__VEC(c, struct dsr__mention, men);
	int32_t *act_of_root = malloc((n + 1) * sizeof *act_of_root);
	int32_t *order = malloc((n + 1) * sizeof *order);
	int32_t *start = NULL;
	if (!act_of_root || !order)
		goto oom;
	for (size_t i = 0; i < n; i++)
		act_of_root[i] = -1;
	/* actors in order of their first usable mention */
	for (size_t i = 0; i < n; i++) {
		c->work++;
		if (!usable(&m[i]))
			continue;
		uint32_t r = root(p, (uint32_t)i);
		if (act_of_root[r] < 0) {
			struct dsr__actor *a = dsr__vec_push(&c->act, sizeof *a);
			if (!a)
				goto oom;
			act_of_root[r] = (int32_t)(c->act.n - 1);
			a->first = (uint32_t)i;
			a->out = -1;
		}
		m[i].actor = act_of_root[r];
	}
	/* mentions grouped by actor (counting sort) */
	size_t na = c->act.n;
	struct dsr__actor *A = DSR__VEC(c, struct dsr__actor, act);
	start = calloc(na + 1, sizeof *start);
	if (!start)
		goto oom;
	for (size_t i = 0; i < n; i++)
		if (m[i].actor >= 0)
			start[m[i].actor + 1]++;
	for (size_t a = 0; a < na; a++)
		start[a + 1] += start[a];
	{
		int32_t *fill = calloc(na + 1, sizeof *fill);
		if (!fill)
			goto oom;
		for (size_t i = 0; i < n; i++)
			if (m[i].actor >= 0)
				order[start[m[i].actor] + fill[m[i].actor]++] = (int32_t)i;
		free(fill);
	}
	for (size_t a = 0; a < na; a++) {
		struct dsr__actor *x = &A[a];
		const int32_t *idx = order + start[a];
		size_t k = (size_t)(start[a + 1] - start[a]);
		unsigned coll = 0, named = 0;
		int best_score = -1;
		x->nmen = (uint32_t)k;
		x->best = -1;
		for (size_t j = 0; j < k; j++) {
			const struct dsr__mention *y = &m[idx[j]];
			c->work++;
			int score = y->ntok * 4 + (y->form == DSR__F_NAME ? 2 : 0) +
				    (y->flags & DSR__M_STRONG ? 1 : 0);
			if (y->form == DSR__F_TAG || y->form == DSR__F_COLLECTIVE)
				score = 0;
			if (score > best_score) {
				best_score = score;
				x->best = idx[j];
			}
			if (y->flags & DSR__M_STRONG)
				x->keep = true;
			if (y->lexid && !x->lexid) {
				x->lexid = y->lexid;
				x->lextype = y->lextype;
			}
			if (y->flags & DSR__M_HEAD)
				continue;
			if (y->form == DSR__F_COLLECTIVE)
				coll++;
			else if (y->lextype == DSR__L_COUNTRY)
				named++;
		}
		if (x->lextype == DSR__L_COUNTRY)
			x->kind = coll > named ? DSR__K_GOVERNMENT : DSR__K_COUNTRY;
		else if (x->lextype == DSR__L_GOV)
			x->kind = DSR__K_GOVERNMENT;
		else if (x->lextype == DSR__L_OUTLET)
			x->kind = DSR__K_MEDIA;
		else
			x->kind = vote(m, k, idx);
	}
	free(start);
	free(order);
	free(act_of_root);
	return 0;
oom:
	free(start);
	free(order);
	free(act_of_root);
	return -ENOMEM;
}

/* The name to file an actor under (out pool). */
static char *choose_name(struct dsr__ctx *c, struct dsr__actor *x, size_t ai)
{
	const struct dsr__lex *L = c->L;
	if (x->lextype == DSR__L_COUNTRY) {
		const struct dsr__country *k = dsr__lex_country(L, x->lexid - 1);
		if (k)
			return dsr__pool_strdup(c->out, x->kind == DSR__K_GOVERNMENT ?
						 k->gov : k->name);
	} else if (x->lextype == DSR__L_GOV) {
		const struct dsr__gov *g = dsr__lex_gov(L, x->lexid - 1);
		if (g)
			return dsr__pool_strdup(c->out, g->name);
	} else if (x->lextype == DSR__L_OUTLET) {
		const char *o = dsr__lex_outlet(L, x->lexid - 1);
		if (o)
			return dsr__pool_strdup(c->out, o);
	}
	const struct dsr__mention *m = DSR__VEC(c, struct dsr__mention, men);
	(void)ai;
	if (x->best < 0)
		return NULL;
	const struct dsr__mention *best = &m[x->best];
	return best ? dsr__pool_strdup(c->out, best->text) : NULL;
}

int dsr__actors_finish(struct dsr__ctx *c)
{
	struct dsr__actor *A = DSR__VEC(c, struct dsr__actor, act);
	for (size_t a = 0; a < c->act.n; a++) {
		struct dsr__actor *x = &A[a];
		if (!x->keep)
			continue;
		x->name = choose_name(c, x, a);
		if (!x->name)
			return -ENOMEM;
		if (!x->name[0])
			x->keep = false;
	}
	return 0;
}
