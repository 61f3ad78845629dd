/* brief_events.c: the brief's timeline of key events: the timeline groups
 * (view/tgroup.c) told by the most articles, at most DSR__BRIEF_EVENTS of
 * them, in date order, each with its date, its precision and up to
 * DSR__BRIEF_CITES articles cited (the entry each gives of it).  An event
 * dated after the article that tells it was still to come when reported
 * (a plan, a release date, a deadline) and is marked so, as are events
 * the extractor read as reported on their date or called off. */
#include "export/brief.h"
#include "error.h"
#include "model/api.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct ev {
	uint8_t group[DSR_ID_LEN], entry[DSR_ID_LEN], article[DSR_ID_LEN];
	uint32_t start, end;
	uint64_t sortkey;
	uint32_t narticles;
	int precision;
	int status;                    /* EventStatus: what became of it */
	const char *date, *text;
	const char **actors;
	size_t nactors;
	uint8_t (*arts)[DSR_ID_LEN];   /* the group's other articles to cite */
	size_t narts;
};

struct sel {
	dsr__bctx *c;
	struct ev v[DSR__BRIEF_EVENTS];
	size_t n;
};

/* Better: more articles, then earlier, then the smaller group id. */
static bool better(const struct ev *x, const struct ev *y)
{
	if (x->narticles != y->narticles)
		return x->narticles > y->narticles;
	if (x->sortkey != y->sortkey)
		return x->sortkey < y->sortkey;
	return memcmp(x->group, y->group, DSR_ID_LEN) < 0;
}

static int fill(dsr__bctx *c, struct ev *e, const Dpb__EntryInfo *ei)
{
	memcpy(e->group, ei->group.data, DSR_ID_LEN);
	memcpy(e->entry, ei->id.data, DSR_ID_LEN);
	memcpy(e->article, ei->article.data, DSR_ID_LEN);
	e->start = ei->span->start;
	e->end = ei->span->end;
	e->sortkey = dsr__date_sortkey(ei->date);
	e->narticles = ei->narticles;
	e->precision = ei->precision;
	e->status = ei->status;
	e->date = dsr__bstr(c->b, ei->date, strlen(ei->date));
	e->text = dsr__bstr(c->b, ei->text, strlen(ei->text));
	e->actors = dsr_arena_alloc(&c->b->mem, (ei->n_actors + 1) * sizeof *e->actors);
	e->arts = dsr_arena_alloc(&c->b->mem, DSR__BRIEF_CITES * DSR_ID_LEN + 1);
	if (!e->date || !e->text || !e->actors || !e->arts)
		return -ENOMEM;
	e->nactors = 0;
	for (size_t i = 0; i < ei->n_actors; i++)
		if (!(e->actors[e->nactors++] = dsr__bstr(c->b, ei->actors[i], strlen(ei->actors[i]))))
			return -ENOMEM;
	e->narts = 0;
	for (size_t i = 0; i < ei->n_articles && e->narts + 1 < DSR__BRIEF_CITES; i++)
		if (ei->articles[i].len == DSR_ID_LEN &&
		    memcmp(ei->articles[i].data, e->article, DSR_ID_LEN))
			memcpy(e->arts[e->narts++], ei->articles[i].data, DSR_ID_LEN);
	return 0;
}

static int on_group(void *ctx, const Dpb__EntryInfo *ei)
{
	struct sel *s = ctx;
	if (ei->group.len != DSR_ID_LEN || ei->id.len != DSR_ID_LEN ||
	    ei->article.len != DSR_ID_LEN || !ei->span || !ei->date || !ei->text)
		return 0;
	const char *texts[1] = { ei->text };
	if (!dsr__bact_ok(s->c, texts, 1))
		return 0;
	struct ev cand = { 0 };
	memcpy(cand.group, ei->group.data, DSR_ID_LEN);
	cand.narticles = ei->narticles;
	cand.sortkey = dsr__date_sortkey(ei->date);
	size_t at = s->n;
	if (s->n == DSR__BRIEF_EVENTS) {
		/* the worst kept gives way to a better one (its strings stay
		 * in the arena: at most one row's worth per group) */
		size_t worst = 0;
		for (size_t i = 1; i < s->n; i++)
			if (better(&s->v[worst], &s->v[i]))
				worst = i;
		if (!better(&cand, &s->v[worst]))
			return 0;
		at = worst;
	} else {
		s->n++;
	}
	return fill(s->c, &s->v[at], ei);
}

static int date_cmp(const void *a, const void *b)
{
	const struct ev *x = a, *y = b;
	if (x->sortkey != y->sortkey)
		return x->sortkey < y->sortkey ? -1 : 1;
	return memcmp(x->group, y->group, DSR_ID_LEN);
}

/* The entry of another article in the same group. */
struct find {
	const uint8_t *group;
	Dpb__EntryInfo found;
	uint32_t start, end;
	uint8_t id[DSR_ID_LEN];
	bool hit;
};

static int on_entry(void *ctx, const Dpb__EntryInfo *ei)
{
	struct find *f = ctx;
	if (f->hit || ei->group.len != DSR_ID_LEN || memcmp(ei->group.data, f->group, DSR_ID_LEN) ||
	    ei->id.len != DSR_ID_LEN || !ei->span || ei->removed)
		return 0;
	f->hit = true;
	memcpy(f->id, ei->id.data, DSR_ID_LEN);
	f->start = ei->span->start;
	f->end = ei->span->end;
	return 0;
}

struct pub {
	char day[16];
};

static int on_article(void *ctx, const Dpb__ArticleInfo *a)
{
	struct pub *p = ctx;
	snprintf(p->day, sizeof p->day, "%.10s", a->published ? a->published : "");
	return 0;
}

/* An actor's display name, kept in the brief's memory (the message lives
 * only for the call). */
struct disp {
	dsr__brief *b;
	const char *name;
};

static int display(void *ctx, const Dpb__ActorInfo *a)
{
	struct disp *d = ctx;
	d->name = dsr__bstr(d->b, a->name, strlen(a->name));
	return d->name ? 1 : -ENOMEM;
}

/* One event as an item. */
static int event(dsr__bctx *c, const struct ev *e)
{
	uint32_t q[DSR__BRIEF_CITES];
	size_t nq = 0;
	q[nq] = dsr__bcite(c->b, e->entry, true, e->article, e->start, e->end);
	nq += q[nq] != 0;
	int rc = 0;
	for (size_t i = 0; !rc && i < e->narts && nq < DSR__BRIEF_CITES; i++) {
		struct find f = { .group = e->group };
		dsr_entry_filter ef = { 0 };
		ef.article = e->arts[i];
		ef.entries = true;
		rc = dsr_q_timeline(c->t, &ef, NULL, NULL, on_entry, &f);
		if (!rc && f.hit && (q[nq] = dsr__bcite(c->b, f.id, true, e->arts[i], f.start, f.end)))
			nq++;
	}
	if (rc)
		return rc;
	struct pub p = { "" };
	rc = dsr_q_article(c->t, e->article, on_article, &p);
	if (rc && rc != DSR_ENOTFOUND)
		return rc;
	/* what became of it, as the extractor read it; a date after the
	 * article that tells it was still to come then */
	bool future = *p.day && e->sortkey > dsr__date_sortkey(p.day);
	size_t mark = e->status == DPB__EVENT_STATUS__EVENT_CANCELLED ? DSR__BW_CANCELLED
		      : e->status == DPB__EVENT_STATUS__EVENT_REPORTED ? DSR__BW_REPORTED
		      : DSR__BW_PLANNED;
	bool planned = future || e->status == DPB__EVENT_STATUS__EVENT_PLANNED ||
		       mark != DSR__BW_PLANNED;
	const char *n = dsr__bprintf(c->b, "%u", e->narticles);
	const char *day = dsr__bstr(c->b, p.day, strlen(p.day));
	if (!n || !day)
		return -ENOMEM;
	int prec = e->precision >= 0 && e->precision <= 10 ? e->precision : 0;
	struct dsr__barg told[] = { { "n", DSR__ARG_TEXT, n, NULL, 0, NULL, 0, NULL, NULL, NULL } };
	struct dsr__barg plan[] = { { "published", DSR__ARG_TEXT, day, NULL, 0, NULL, 0, NULL, NULL, NULL } };
	struct dsr__barg args[] = {
		{ "date", DSR__ARG_STRONG, e->date, NULL, 0, NULL, 0, NULL, NULL, NULL },
		{ "precision", DSR__ARG_WORD, NULL, NULL, (size_t)(DSR__BW_PREC_0 + prec), NULL, 0,
		  NULL, NULL, NULL },
		{ "planned", DSR__ARG_WORD, NULL, NULL, mark, plan, 1, NULL, NULL, NULL },
		{ "told", e->narticles > 1 ? DSR__ARG_WORD : DSR__ARG_TEXT, "", NULL, DSR__BW_TOLD_N,
		  told, 1, NULL, NULL, NULL },
		{ "text", DSR__ARG_QUOTE, e->text, NULL, 0, NULL, 0, NULL, NULL, NULL },
		{ "cites", DSR__ARG_CITES, NULL, q, nq, NULL, 0, NULL, NULL, NULL },
	};
	rc = dsr__bblock(c->b, DSR__B_ITEM, 0, planned ? "event planned" : "event");
	if (!rc)
		rc = dsr__bfill(c->b, planned ? DSR__BW_EVENT_PLANNED : DSR__BW_EVENT, args,
				sizeof args / sizeof *args);
	/* the actors it names, by their display names */
	for (size_t i = 0; !rc && i < e->nactors; i++) {
		struct disp d = { c->b, NULL };
		int r = dsr_q_actor(c->t, e->actors[i], 0, display, &d);
		if (r < 0 && r != DSR_ENOTFOUND)
			return r;
		const char *name = d.name;
		struct dsr__bactor *a = dsr__bactor(c, name ? name : e->actors[i]);
		if (!a)
			return -ENOMEM;
		if (nq && a->ncites < 3)
			a->cites[a->ncites++] = q[0];
		a->roles |= DSR__ROLE_EVENTS;
		a->events++;
	}
	return rc;
}

int dsr__brief_events(dsr__bctx *c)
{
	struct sel *s = calloc(1, sizeof *s);
	if (!s)
		return -ENOMEM;
	s->c = c;
	dsr_entry_filter f = { 0 };
	f.from = c->o->since && *c->o->since ? c->o->since : NULL;
	f.actor = c->o->about && *c->o->about ? c->o->about : NULL;
	int rc = dsr_q_timeline(c->t, &f, NULL, NULL, on_group, s);
	if (!rc && s->n) {
		qsort(s->v, s->n, sizeof *s->v, date_cmp);
		rc = dsr__bblock(c->b, DSR__B_SECTION, 0, "timeline");
		if (!rc)
			rc = dsr__bfill(c->b, DSR__BW_SEC_TIMELINE, NULL, 0);
	}
	for (size_t i = 0; !rc && i < s->n; i++)
		rc = event(c, &s->v[i]);
	free(s);
	return rc;
}
