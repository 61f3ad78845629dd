/* actors.c: links the article's mentions into actors and names them.
 *
 * Two mentions are one actor when
 *  - one was given as the other's acronym ("Guardians of Peace, or G.O.P.");
 *  - both are forms of one lexicon entry ("DHS", "Homeland Security"), or
 *    of one country ("North Korea", "the North Koreans", "North Korean
 *    officials");
 *  - their identity keys are equal, or the cross-article rule
 *    (dsr_actor_same) says so: acronyms, spelling variants, designators —
 *    except that a party's short form ("GOP presidential candidate")
 *    links only to the same short form used for the party;
 *  - one is a single word and the other a longer name of the same article
 *    ending in it (a person's surname, "Rogen") or starting with it (a
 *    person's family name written first, "Kim"; an organisation's short
 *    form, "Sony").
 * An actor needs one strong mention (see names.c); weak ones — noun
 * modifiers, headline words, tags — only add to actors that have one.
 * The name filed is the lexicon's name for lexicon entries, the longest
 * form seen otherwise; a country mostly mentioned through its officials is
 * filed as its government ("U.S. government").
 */
#include "actors.h"
#include "name_rule.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static uint32_t find(uint32_t *p, uint32_t x)
{
	while (p[x] != x) {
		p[x] = p[p[x]];
		x = p[x];
	}
	return x;
}

static void unite(uint32_t *p, uint32_t a, uint32_t b)
{
	a = find(p, a);
	b = find(p, b);
	if (a == b)
		return;
	/* the earlier mention stays the root, so roots are first mentions */
	if (a < b)
		p[b] = a;
	else
		p[a] = b;
}

#define keyed dsr__keyed

static int cmp_keyed(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	if (x->h != y->h)
		return x->h < y->h ? -1 : 1;
	return x->m < y->m ? -1 : x->m > y->m;
}

static bool usable(const struct dsr__mention *m)
{
	return !(m->flags & (DSR__M_DROP | DSR__M_WORK));
}

/* Sorted (hash, mention) pairs, one per mention, for a given key. */
static struct keyed *by_hash(struct dsr__ctx *c, uint64_t (*key)(struct dsr__ctx *,
								 const struct dsr__mention *),
			     size_t *n)
{
	struct dsr__mention *m = DSR__VEC(c, struct dsr__mention, men);
	struct keyed *v = malloc((c->men.n + 1) * sizeof *v);
	if (!v)
		return NULL;
	size_t k = 0;
	for (size_t i = 0; i < c->men.n; i++) {
		c->work++;
		if (!usable(&m[i]))
			continue;
		uint64_t h = key(c, &m[i]);
		if (h)
			v[k++] = (struct keyed){ h, (uint32_t)i };
	}
	dsr__sort_keyed(v, k);
	c->work += k;
	*n = k;
	return v;
}

static uint64_t key_name(struct dsr__ctx *c, const struct dsr__mention *m)
{
	(void)c;
	if (m->form == DSR__F_COLLECTIVE)
		return 0;
	/* a party's short form links only to the party's */
	if ((m->flags & DSR__M_PARTY) && m->key)
		return (m->key ^ 0x70617274792e2e2eull) | 1;
	return m->key;
}

static uint64_t key_lex(struct dsr__ctx *c, const struct dsr__mention *m)
{
	(void)c;
	return m->lexid ? ((uint64_t)m->lextype << 32 | m->lexid) * 0x9e3779b97f4a7c15ull | 1 : 0;
}

static void unite_equal(uint32_t *p, const struct keyed *v, size_t n)
{
	for (size_t i = 1; i < n; i++)
		if (v[i].h == v[i - 1].h)
			unite(p, v[i - 1].m, v[i].m);
}

struct blk {
	uint32_t m;         /* the representative being keyed */
	struct keyed *v;
	size_t n, cap;
};

static int emit_block(void *ctx, const char *key, size_t len)
{
	struct blk *b = ctx;
	if (b->n == b->cap) {
		size_t nc = b->cap ? b->cap * 2 : 64;
		struct keyed *q = realloc(b->v, nc * sizeof *q);
		if (!q)
			return -ENOMEM;
		b->v = q;
		b->cap = nc;
	}
	b->v[b->n++] = (struct keyed){ dsr__hash(key, len), b->m };
	return 0;
}

/* Beyond this many distinct names an article is not an article; the rule
 * pass stops there (keys, lexicons and short forms still link). */
#define MAX_RULE_NAMES 20000

/* Pairs of distinct names that share a blocking key and that the rule
 * calls the same.  Each name is analysed once; buckets are capped, so the
 * work stays linear. */
static int unite_rule(struct dsr__ctx *c, uint32_t *p, const struct keyed *names,
		      size_t nn)
{
	struct dsr__mention *m = DSR__VEC(c, struct dsr__mention, men);
	struct blk b = { 0, NULL, 0, 0 };
	uint32_t *reps = malloc((nn + 1) * sizeof *reps);
	struct dsr__name_info *info = NULL;
	int32_t *slot = NULL;
	size_t nr = 0;
	int rc = -ENOMEM;
	if (!reps)
		goto out;
	for (size_t i = 0; i < nn && nr < MAX_RULE_NAMES; i++) {
		if (i > 0 && names[i].h == names[i - 1].h)
			continue; /* one representative per distinct key */
		if (m[names[i].m].form == DSR__F_TAG || (m[names[i].m].flags & DSR__M_PARTY))
			continue;
		reps[nr++] = names[i].m;
	}
	info = malloc((nr + 1) * sizeof *info);
	slot = malloc((c->men.n + 1) * sizeof *slot);
	if (!info || !slot)
		goto out;
	for (size_t r = 0; r < nr; r++) {
		const struct dsr__mention *x = &m[reps[r]];
		slot[reps[r]] = (int32_t)r;
		if (dsr__name_analyse(x->text, &info[r]))
			goto out;
		b.m = reps[r];
		c->work += 16;
		if (dsr__name_blocks(&info[r], emit_block, &b) < 0)
			goto out;
	}
	dsr__sort_keyed(b.v, b.n);
	c->work += b.n;
	for (size_t i = 0; i < b.n;) {
		size_t j = i;
		while (j < b.n && b.v[j].h == b.v[i].h)
			j++;
		size_t end = j - i > 24 ? i + 24 : j;
		for (size_t x = i; x < end; x++) {
			for (size_t y = x + 1; y < end; y++) {
				c->work += 4;
				uint32_t mx = b.v[x].m, my = b.v[y].m;
				if (find(p, mx) == find(p, my))
					continue;
				if (dsr__name_same(&info[slot[mx]], m[mx].kind, &info[slot[my]],
						   m[my].kind))
					unite(p, mx, my);
			}
		}
		i = j;
	}
	rc = 0;
out:
	free(b.v);
	free(reps);
	free(info);
	free(slot);
	return rc;
}

static uint64_t word_hash(struct dsr__ctx *c, size_t i)
{
	char f[64];
	const struct dsr__tok *t = &c->tok[i];
	size_t n = dsr__fold(c->text + t->start, t->end - t->start, f, sizeof f);
	return n ? dsr__hash(f, n) : 0;
}

/* "Rogen" -> "Seth Rogen", "Kim" -> "Kim Jong Un", "Sony" -> "Sony
 * Pictures Entertainment": single words joined to the nearest longer name
 * of the article that ends (persons) or starts (family-name-first persons,
 * organisations) with them. */
static int unite_short(struct dsr__ctx *c, uint32_t *p)
{
	struct dsr__mention *m = DSR__VEC(c, struct dsr__mention, men);
	struct keyed *v = malloc((2 * c->men.n + 1) * sizeof *v);
	if (!v)
		return -ENOMEM;
	size_t n = 0;
	for (size_t i = 0; i < c->men.n; i++) {
		const struct dsr__mention *x = &m[i];
		c->work++;
		if (!usable(x) || x->ntok < 2 || x->form != DSR__F_NAME || x->lexid ||
		    !(x->flags & DSR__M_STRONG))
			continue;
		if (x->kind == DSR__K_PERSON) {
			v[n++] = (struct keyed){ word_hash(c, x->t1 - 1) | 1, (uint32_t)i };
			v[n++] = (struct keyed){ word_hash(c, x->t0) & ~1ull, (uint32_t)i };
		} else {
			v[n++] = (struct keyed){ word_hash(c, x->t0) & ~1ull, (uint32_t)i };
		}
	}
	dsr__sort_keyed(v, n);
	for (size_t i = 0; i < c->men.n; i++) {
		struct dsr__mention *x = &m[i];
		c->work++;
		if (!usable(x) || x->ntok != 1 || x->lexid || x->form == DSR__F_COLLECTIVE)
			continue;
		uint64_t w = word_hash(c, x->t0);
		if (!w)
			continue;
		/* a surname first, then a first word */
		long best = -1;
		for (int pass = 0; pass < 2 && best < 0; pass++) {
			uint64_t h = pass == 0 ? w | 1 : w & ~1ull;
			struct keyed probe = { h, 0 };
			size_t lo = 0, hi = n;
			while (lo < hi) {
				size_t mid = (lo + hi) / 2;
				if (cmp_keyed(&v[mid], &probe) < 0)
					lo = mid + 1;
				else
					hi = mid;
			}
			/* the nearest candidate before the mention, else the first */
			for (size_t k = lo; k < n && v[k].h == h && k < lo + 16; k++) {
				c->work++;
				const struct dsr__mention *y = &m[v[k].m];
				if (pass == 1 && y->kind == DSR__K_PERSON &&
				    !(y->flags & DSR__M_SURFIRST) && x->kind != DSR__K_PERSON)
					continue; /* "Steve" alone is not Steve Carell */
				if (best < 0 || (y->start < x->start &&
						 (m[best].start > x->start || y->start > m[best].start)))
					best = (long)v[k].m;
			}
		}
		if (best >= 0)
			unite(p, (uint32_t)i, (uint32_t)best);
	}
	free(v);
	return 0;
}

int dsr__actors(struct dsr__ctx *c)
{
	size_t n = c->men.n;
	struct dsr__mention *m = DSR__VEC(c, struct dsr__mention, men);
	uint32_t *p = malloc((n + 1) * sizeof *p);
	if (!p)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++)
		p[i] = (uint32_t)i;
	int rc = 0;
	for (size_t i = 0; i < n; i++)
		if (m[i].link >= 0 && usable(&m[i]))
			unite(p, (uint32_t)i, (uint32_t)m[i].link);
	size_t nk;
	struct keyed *v = by_hash(c, key_lex, &nk);
	if (!v)
		goto oom;
	unite_equal(p, v, nk);
	free(v);
	if (!(v = by_hash(c, key_name, &nk)))
		goto oom;
	unite_equal(p, v, nk);
	rc = unite_rule(c, p, v, nk);
	free(v);
	if (rc || (rc = unite_short(c, p)))
		goto out;
	rc = dsr__actors_build(c, p);
	goto out;
oom:
	rc = -ENOMEM;
out:
	free(p);
	return rc;
}
