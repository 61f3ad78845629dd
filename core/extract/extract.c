/* extract.c: dsr_extract() — runs the stages in order (see impl.h)
 * and copies what they found into the caller's dsr_extraction. */
#include "impl.h"
#include "names.h"
#include "error.h"
#include "factid.h"

#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static void ctx_free(struct dsr__ctx *c)
{
	free(c->tok);
	free(c->para);
	free(c->sent);
	free(c->quote);
	dsr__hset_free(&c->lower);
	dsr__vec_free(&c->times);
	dsr__vec_free(&c->men);
	dsr__vec_free(&c->act);
	dsr__vec_free(&c->claims);
	dsr__vec_free(&c->events);
	dsr__vec_free(&c->warn);
	dsr__pool_free(c->tmp);
}

/* ---- the result ---- */

struct out {
	struct dsr__ctx *c;
	dsr_extraction *x;
	uint32_t *sorted;   /* mentions of emitted actors, by start */
	size_t nsorted;
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int copy_times(struct out *o)
{
	struct dsr__ctx *c = o->c;
	const struct dsr__time *t = DSR__VEC(c, struct dsr__time, times);
	o->x->times = dsr__pool_alloc(c->out, (c->times.n + 1) * sizeof *o->x->times);
	if (!o->x->times)
		return -ENOMEM;
	for (size_t i = 0; i < c->times.n; i++) {
		struct dsr_x_time *y = &o->x->times[i];
		y->span.start = c->tok[t[i].t0].start;
		y->span.end = c->tok[t[i].t1 - 1].end;
		y->type = t[i].type;
		y->mod = t[i].mod;
		if (!(y->value = dsr__pool_strdup(c->out, t[i].value)))
			return -ENOMEM;
	}
	o->x->ntimes = c->times.n;
	return 0;
}

static int copy_actors(struct out *o)
{
	struct dsr__ctx *c = o->c;
	struct dsr__actor *A = DSR__VEC(c, struct dsr__actor, act);
	struct dsr__mention *m = DSR__VEC(c, struct dsr__mention, men);
	/* one entry per name: groups that ended up with the same name are one
	 * actor of the article */
	size_t na = 0, cap = 16;
	while (cap < 2 * c->act.n + 2)
		cap *= 2;
	int32_t *slot = malloc(cap * sizeof *slot);
	if (!slot)
		return -ENOMEM;
	for (size_t k = 0; k < cap; k++)
		slot[k] = -1;
	for (size_t a = 0; a < c->act.n; a++) {
		A[a].out = -1;
		if (!A[a].keep || !A[a].name)
			continue;
		size_t h = (size_t)dsr__hash(A[a].name, strlen(A[a].name)) & (cap - 1);
		while (slot[h] >= 0 && strcmp(A[slot[h]].name, A[a].name) != 0)
			h = (h + 1) & (cap - 1);
		c->work++;
		if (slot[h] >= 0) {
			A[a].out = A[slot[h]].out;
		} else {
			slot[h] = (int32_t)a;
			A[a].out = (int32_t)na++;
		}
	}
	free(slot);
	o->x->actors = dsr__pool_alloc(c->out, (na + 1) * sizeof *o->x->actors);
	uint32_t *idx = malloc((c->men.n + 1) * sizeof *idx);
	if (!o->x->actors || !idx) {
		free(idx);
		return -ENOMEM;
	}
	size_t n = 0;
	struct dsr__keyed *kv = malloc((c->men.n + 1) * sizeof *kv);
	if (!kv) {
		free(idx);
		return -ENOMEM;
	}
	/* by output actor, then position (starts are below 2^32, actors
	 * below 2^31) */
	for (size_t i = 0; i < c->men.n; i++)
		if (m[i].actor >= 0 && A[m[i].actor].out >= 0)
			kv[n++] = (struct dsr__keyed){
				(uint64_t)A[m[i].actor].out << 32 | m[i].start, (uint32_t)i };
	dsr__sort_keyed(kv, n);
	for (size_t i = 0; i < n; i++)
		idx[i] = kv[i].m;
	c->work += n;
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && A[m[idx[j]].actor].out == A[m[idx[i]].actor].out)
			j++;
		const struct dsr__actor *a = &A[m[idx[i]].actor];
		struct dsr_x_actor *y = &o->x->actors[a->out];
		y->name = a->name;
		y->kind = a->kind;
		y->mentions = dsr__pool_alloc(c->out, (j - i) * sizeof *y->mentions);
		char **al = dsr__pool_alloc(c->out, (j - i) * sizeof *al);
		if (!y->mentions || !al) {
			free(idx);
			free(kv);
			return -ENOMEM;
		}
		size_t nal = 0;
		for (size_t k = i; k < j; k++) {
			const struct dsr__mention *x = &m[idx[k]];
			c->work++;
			if (!y->nmentions || y->mentions[y->nmentions - 1].start != x->start ||
			    y->mentions[y->nmentions - 1].end != x->end)
				y->mentions[y->nmentions++] = (dsr_span){ x->start, x->end };
			if (x->text && x->text[0] && strcmp(x->text, a->name) != 0)
				al[nal++] = x->text;
		}
		qsort(al, nal, sizeof *al, cmp_str);
		y->aliases = al;
		for (size_t k = 0; k < nal; k++) {
			if (y->naliases && strcmp(al[k], y->aliases[y->naliases - 1]) == 0)
				continue;
			if (!(al[y->naliases] = dsr__pool_strdup(c->out, al[k]))) {
				free(idx);
				free(kv);
				return -ENOMEM;
			}
			y->naliases++;
		}
		i = j;
	}
	o->x->nactors = na;
	/* the same mentions by position, for claims and events */
	for (size_t i = 0; i < n; i++)
		kv[i] = (struct dsr__keyed){ (uint64_t)m[idx[i]].start << 32 |
					     (UINT32_MAX - m[idx[i]].end), idx[i] };
	dsr__sort_keyed(kv, n);
	for (size_t i = 0; i < n; i++)
		idx[i] = kv[i].m;
	free(kv);
	o->sorted = idx;
	o->nsorted = n;
	return 0;
}

/* Whether mention x is an outlet reporting the claim it stands in ("...,
 * The Telegraph reported", "according to Reuters"): the claim is not
 * about it. */
static bool tok_eq(const struct dsr__ctx *c, size_t i, const char *w)
{
	const struct dsr__tok *t = &c->tok[i];
	size_t n = strlen(w);
	return t->end - t->start == n && !strncasecmp((const char *)c->text + t->start, w, n);
}

/* The outlet a statement was made to: "in an interview with (British
 * newspaper) X", "told X", "speaking to X", "said on X". */
static bool medium(const struct dsr__ctx *c, const struct dsr__mention *x)
{
	size_t i = x->t0;
	/* lower-case words and a determiner before the name: "British newspaper" */
	for (int k = 0; k < 4 && i > 0; k++) {
		const struct dsr__tok *t = &c->tok[i - 1];
		if (dsr__kind(t) != DSR__T_WORD || dsr__gram_is(c, i - 1, DSR__G_PREP) ||
		    dsr__tok_is(c, i - 1, DSR__L_CUE))
			break;
		i--;
	}
	if (i == 0)
		return false;
	size_t p = i - 1;
	if (dsr__tok_is(c, p, DSR__L_CUE) && (dsr__tok_pay(c, p, DSR__L_CUE)->flags & DSR__CUE_RECIP))
		return true; /* told X */
	if (p == 0)
		return false;
	if (tok_eq(c, p, "with"))
		return tok_eq(c, p - 1, "interview") || tok_eq(c, p - 1, "interviews") ||
		       tok_eq(c, p - 1, "conversation") || tok_eq(c, p - 1, "spoke") ||
		       tok_eq(c, p - 1, "speaking") || tok_eq(c, p - 1, "talking");
	if (tok_eq(c, p, "to") || tok_eq(c, p, "on"))
		return dsr__tok_is(c, p - 1, DSR__L_CUE) || tok_eq(c, p - 1, "speaking") ||
		       tok_eq(c, p - 1, "spoke") || tok_eq(c, p - 1, "talking") ||
		       tok_eq(c, p - 1, "statement") || tok_eq(c, p - 1, "appearance") ||
		       tok_eq(c, p - 1, "comments") || tok_eq(c, p - 1, "remarks");
	return false;
}

static bool reporter(const struct dsr__ctx *c, const struct dsr__mention *x, int kind)
{
	if (kind != DSR__K_MEDIA)
		return false;
	if (x->t1 < c->ntok && dsr__tok_is(c, x->t1, DSR__L_CUE))
		return true;
	if (medium(c, x))
		return true;
	/* "according to X" */
	static const char acc[] = "according to";
	uint32_t e = x->start;
	while (e > 0 && (c->text[e - 1] == ' ' || c->text[e - 1] == '\t'))
		e--;
	return e >= sizeof acc - 1 &&
	       !strncasecmp((const char *)c->text + e - (sizeof acc - 1), acc, sizeof acc - 1);
}

/* Names of the emitted actors mentioned in bytes [from, to), but `skip`,
 * those in the source's own phrase and apposition [who0, who1) (its
 * affiliation: "said X, a professor at Y") and outlets reporting the
 * claim or taking the statement. */
static int actors_in(struct out *o, uint32_t from, uint32_t to, int32_t skip,
		     uint32_t who0, uint32_t who1, char ***names, size_t *count)
{
	struct dsr__ctx *c = o->c;
	const struct dsr__mention *m = DSR__VEC(c, struct dsr__mention, men);
	const struct dsr__actor *A = DSR__VEC(c, struct dsr__actor, act);
	size_t lo = 0, hi = o->nsorted;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (m[o->sorted[mid]].start < from)
			lo = mid + 1;
		else
			hi = mid;
	}
	int32_t seen[16];
	size_t ns = 0;
	for (size_t k = lo; k < o->nsorted && ns < 16; k++) {
		const struct dsr__mention *x = &m[o->sorted[k]];
		c->work++;
		if (x->start >= to)
			break;
		if (x->end > to || (skip >= 0 && A[x->actor].out == A[skip].out) ||
		    (x->start >= who0 && x->end <= who1) ||
		    reporter(c, x, A[x->actor].kind))
			continue;
		bool dup = false;
		for (size_t q = 0; q < ns && !dup; q++)
			dup = A[seen[q]].out == A[x->actor].out;
		if (!dup)
			seen[ns++] = x->actor;
	}
	*count = 0;
	*names = NULL;
	if (!ns)
		return 0;
	*names = dsr__pool_alloc(c->out, ns * sizeof **names);
	if (!*names)
		return -ENOMEM;
	for (size_t q = 0; q < ns; q++)
		(*names)[q] = A[seen[q]].name;
	*count = ns;
	return 0;
}

/* The claim's frame (frames.c), by name; the responsible actor and the
 * target join what the claim is about. */
static int copy_frame(struct out *o, const struct dsr__claim *v, struct dsr_x_claim *y)
{
	struct dsr__ctx *c = o->c;
	const struct dsr__actor *A = DSR__VEC(c, struct dsr__actor, act);
	y->source_kind = v->source >= 0 && A[v->source].out >= 0 ? A[v->source].kind : 0;
	y->responsible = NULL;
	y->target = NULL;
	y->act = NULL;
	y->act_class = NULL;
	y->act_span = (dsr_span){ 0, 0 };
	if (v->resp < 0 || A[v->resp].out < 0 || v->act_class < 0 || v->act1 <= v->act0)
		return 0;
	y->responsible = A[v->resp].name;
	y->target = v->target >= 0 && A[v->target].out >= 0 ? A[v->target].name : NULL;
	if (y->target && !strcmp(y->target, y->responsible))
		y->target = NULL;
	y->act_class = dsr__lex_act_class(c->L, (uint32_t)v->act_class);
	y->act_span = (dsr_span){ c->tok[v->act0].start, c->tok[v->act1 - 1].end };
	if (!(y->act = dsr__span_text(c, c->out, v->act0, v->act1)))
		return -ENOMEM;
	const char *add[2] = { y->responsible, y->target };
	size_t extra = 0;
	for (int k = 0; k < 2; k++) {
		bool have = !add[k];
		for (size_t q = 0; q < y->nabout && !have; q++)
			have = y->about[q] == add[k];
		if (!have)
			extra++;
		else
			add[k] = NULL;
	}
	if (!extra)
		return 0;
	char **nv = dsr__pool_alloc(c->out, (y->nabout + extra) * sizeof *nv);
	if (!nv)
		return -ENOMEM;
	if (y->nabout)
		memcpy(nv, y->about, y->nabout * sizeof *nv);
	for (int k = 0; k < 2; k++)
		if (add[k])
			nv[y->nabout++] = (char *)add[k];
	y->about = nv;
	return 0;
}

static int copy_claims(struct out *o)
{
	struct dsr__ctx *c = o->c;
	struct dsr__claim *v = DSR__VEC(c, struct dsr__claim, claims);
	const struct dsr__actor *A = DSR__VEC(c, struct dsr__actor, act);
	o->x->claims = dsr__pool_alloc(c->out, (c->claims.n + 1) * sizeof *o->x->claims);
	if (!o->x->claims)
		return -ENOMEM;
	size_t n = 0;
	for (size_t i = 0; i < c->claims.n; i++) {
		if (v[i].drop)
			continue;
		struct dsr_x_claim *y = &o->x->claims[n++];
		*y = v[i].x;
		int32_t src = v[i].source;
		y->source = src >= 0 && A[src].out >= 0 ? A[src].name : NULL;
		int rc = actors_in(o, y->content_span.start, y->content_span.end,
				   y->source ? src : -1, v[i].who0, v[i].who1, &y->about,
				   &y->nabout);
		if (!rc)
			rc = copy_frame(o, &v[i], y);
		if (rc)
			return rc;
	}
	o->x->nclaims = n;
	return 0;
}

static int copy_events(struct out *o)
{
	struct dsr__ctx *c = o->c;
	const struct dsr__event *e = DSR__VEC(c, struct dsr__event, events);
	const struct dsr__time *t = DSR__VEC(c, struct dsr__time, times);
	o->x->events = dsr__pool_alloc(c->out, (c->events.n + 1) * sizeof *o->x->events);
	if (!o->x->events)
		return -ENOMEM;
	for (size_t i = 0; i < c->events.n; i++) {
		struct dsr_x_event *y = &o->x->events[i];
		y->span.start = c->tok[e[i].t0].start;
		y->span.end = c->tok[e[i].t1 - 1].end;
		y->time = e[i].time;
		y->date = o->x->times[e[i].time].value;
		y->precision = t[e[i].time].prec;
		y->status = e[i].status;
		int rc = actors_in(o, y->span.start, y->span.end, -1, 0, 0, &y->actors, &y->nactors);
		if (rc)
			return rc;
	}
	o->x->nevents = c->events.n;
	return 0;
}

/* ---- the driver ---- */

static int run(struct dsr__ctx *c)
{
	int rc;
	if ((rc = dsr__tokenize(c->text, c->len, &c->tok, &c->ntok, &c->invalid,
				&c->work)))
		return rc;
	if ((rc = dsr__text_structure(c)) || (rc = dsr__quotes(c)) || (rc = dsr__timex(c)))
		return rc;
	/* No publication date: the one the first lines give, if any, and the
	 * times again, resolved against it. */
	if (!c->has_pub && dsr__dateline(c, &c->pub_span)) {
		c->pub_dateline = true;
		c->times.n = 0;
		for (size_t i = 0; i < c->ntok; i++)
			c->tok[i].bits &= ~(uint32_t)DSR__TF_TIME;
		if ((rc = dsr__timex(c)))
			return rc;
	}
	if ((rc = dsr__names(c)) || (rc = dsr__actors(c)) || (rc = dsr__claims(c)))
		return rc;
	/* an actor quoted as a source is kept even if named only weakly */
	const struct dsr__claim *cl = DSR__VEC(c, struct dsr__claim, claims);
	struct dsr__actor *A = DSR__VEC(c, struct dsr__actor, act);
	for (size_t i = 0; i < c->claims.n; i++)
		if (!cl[i].drop && cl[i].source >= 0)
			A[cl[i].source].keep = true;
	if ((rc = dsr__actors_finish(c)) || (rc = dsr__events(c)) || (rc = dsr__frames(c)))
		return rc;
	return 0;
}

static int warnings(struct dsr__ctx *c)
{
	int rc = 0;
	const char *pub = c->meta ? c->meta->published : NULL;
	if (c->pub_dateline) {
		/* (the date is not quoted: the text may hold bytes that are not
		 * UTF-8 between its words, and a warning must be UTF-8) */
		rc = dsr__warn(c, "%s: dated %04d-%02d-%02d by its first lines (bytes %u-%u), "
			       "relative dates resolved against it",
			       pub && *pub ? "publication date not understood" :
			       "no publication date given", c->py, c->pm, c->pd,
			       c->pub_span.start, c->pub_span.end);
	} else if (pub && *pub && !c->has_pub)
		rc = dsr__warn(c, "publication date not understood (want YYYY-MM-DD): "
			       "relative dates left unresolved");
	else if (!c->has_pub && c->times.n)
		rc = dsr__warn(c, "no publication date: relative dates left unresolved");
	if (!rc && c->invalid)
		rc = dsr__warn(c, "%zu byte(s) of invalid UTF-8 or NUL treated as spaces",
			       c->invalid);
	return rc;
}

int dsr_extract(const uint8_t *text, size_t len,
		const struct dsr_extract_meta *meta, dsr_extraction **out)
{
	if (!out || (!text && len))
		return -EINVAL;
	*out = NULL;
	if (len > DSR_EXTRACT_MAX || len >= UINT32_MAX)
		return DSR_ETOOBIG;
	const struct dsr__lex *L = dsr__lex_get();
	if (!L)
		return -ENOMEM;
	dsr_extraction *x = calloc(1, sizeof *x);
	struct dsr__ctx c;
	memset(&c, 0, sizeof c);
	int rc = -ENOMEM;
	if (!x || !(x->pool = dsr__pool_new()) || !(c.tmp = dsr__pool_new()))
		goto fail;
	dsr_article_id(text ? (const void *)text : "", len, x->article_id);
	c.text = text ? text : (const uint8_t *)"";
	c.len = len;
	c.meta = meta;
	c.L = L;
	c.out = x->pool;
	if (meta && meta->published)
		c.has_pub = dsr__parse_date(meta->published, &c.py, &c.pm, &c.pd);
	if ((rc = run(&c)) || (rc = warnings(&c)))
		goto fail;
	struct out o = { &c, x, NULL, 0 };
	if ((rc = copy_times(&o)) || (rc = copy_actors(&o)) ||
	    (rc = copy_claims(&o)) || (rc = copy_events(&o)) ||
	    (rc = dsr__indicators(c.text, c.len, x->pool, &x->indicators, &x->nindicators,
				  &c.work))) {
		free(o.sorted);
		goto fail;
	}
	free(o.sorted);
	dsr__indicators_drop_own(c.text, c.len, meta, x->indicators, &x->nindicators, &c.work);
	x->warnings = DSR__VEC(&c, char *, warn);
	x->nwarnings = c.warn.n;
	if (c.warn.n) {
		/* the warning array itself must live in the pool */
		char **w = dsr__pool_alloc(x->pool, c.warn.n * sizeof *w);
		if (!w) {
			rc = -ENOMEM;
			goto fail;
		}
		memcpy(w, c.warn.p, c.warn.n * sizeof *w);
		x->warnings = w;
	} else {
		x->warnings = NULL;
	}
	if (c.has_pub) {
		char d[16];
		snprintf(d, sizeof d, "%04d-%02d-%02d", c.py, c.pm, c.pd);
		if (!(x->published = dsr__pool_strdup(x->pool, d))) {
			rc = -ENOMEM;
			goto fail;
		}
		x->published_from = c.pub_dateline ? "dateline" : "metadata";
	}
	x->work = c.work;
	ctx_free(&c);
	*out = x;
	return 0;
fail:
	ctx_free(&c);
	dsr_extraction_free(x);
	return rc;
}

void dsr_extraction_free(dsr_extraction *x)
{
	if (!x)
		return;
	dsr__pool_free(x->pool);
	free(x);
}
