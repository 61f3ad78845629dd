/* brief_judge.c: the brief's key judgments and what is disputed.  Key
 * judgments: each attribution row (query/attribution.c), then each
 * well-supported proposition — two independent reports or more, in two
 * outlets or more, likely or better — one sentence each with its estimative
 * phrase, its figure, its confidence level, who asserts it and who denies
 * it, each side cited.  What is disputed: the propositions with reports on
 * both sides, both sides in one sentence.  A proposition's claims are read
 * once (dsr_q_claims by proposition) for its citations, its sources and
 * its level. */
#include "export/brief.h"
#include "confidence.h"
#include "error.h"
#include "query/api.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* What a sentence says of a proposition, whatever its kind. */
struct prop {
	uint8_t id[DSR_ID_LEN];
	bool attribution;
	const char *responsible, *act, *act_class, *target; /* attribution */
	uint32_t confidence;
	uint32_t reports[2], outlets[2];
	uint64_t weight[2];
	uint32_t nclaims;
};

/* One claim of a proposition, as the sentence needs it. */
struct cl {
	uint8_t id[DSR_ID_LEN], article[DSR_ID_LEN];
	uint32_t start, end;
	const char *publisher, *source, *content;
	bool hedged;
};

/* The claims of one proposition, by stance. */
struct side {
	struct cl *v;
	size_t n, cap;
};

struct pclaims {
	dsr__bctx *c;
	dsr_arena tmp;
	struct side s[2];
	bool vouched;          /* an analyst confirmed or graded one reliable */
	bool since_ok;         /* a claim of an article within --since */
};

static const char *tcopy(struct pclaims *p, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	char *d = dsr_arena_alloc(&p->tmp, n + 1);
	if (d) {
		if (n)
			memcpy(d, s, n);
		d[n] = 0;
	}
	return d;
}

static int on_claim(void *ctx, const Dpb__ClaimInfo *ci)
{
	struct pclaims *p = ctx;
	if (ci->id.len != DSR_ID_LEN || ci->article.len != DSR_ID_LEN || !ci->span ||
	    ci->status == DPB__CLAIM_STATUS__STATUS_RETRACTED)
		return 0;
	int st = ci->stance == DPB__STANCE__STANCE_DENIES ? 1 : 0;
	if (!st && (ci->status == DPB__CLAIM_STATUS__STATUS_CONFIRMED ||
		    (ci->reliability && (!strcmp(ci->reliability, "A") ||
					 !strcmp(ci->reliability, "B")))))
		p->vouched = true;
	if (!dsr__bsince_ok(p->c, ci->article.data))
		return 0;
	p->since_ok = true;
	struct side *s = &p->s[st];
	if (dsr_grow((void **)&s->v, &s->cap, s->n + 1, sizeof *s->v))
		return -ENOMEM;
	struct cl *x = &s->v[s->n];
	memcpy(x->id, ci->id.data, DSR_ID_LEN);
	memcpy(x->article, ci->article.data, DSR_ID_LEN);
	x->start = ci->span->start;
	x->end = ci->span->end;
	x->publisher = tcopy(p, ci->publisher);
	x->source = tcopy(p, ci->source_actor);
	x->content = tcopy(p, ci->content);
	x->hedged = ci->hedged;
	if (!x->publisher || !x->source || !x->content)
		return -ENOMEM;
	s->n++;
	return 0;
}

static int read_claims(dsr__bctx *c, const uint8_t *prop, struct pclaims *p)
{
	memset(p, 0, sizeof *p);
	p->c = c;
	dsr_arena_init(&p->tmp);
	dsr_claim_filter f = DSR_CLAIM_FILTER_ANY;
	f.proposition = prop;
	return dsr_q_claims(c->t, &f, NULL, NULL, on_claim, p);
}

static void pclaims_free(struct pclaims *p)
{
	free(p->s[0].v);
	free(p->s[1].v);
	dsr_arena_release(&p->tmp);
}

/* Citations of one side: a claim of each outlet first, then of each
 * article, in the order the claims were filed; at most DSR__BRIEF_CITES. */
static size_t cite_side(dsr__bctx *c, const struct side *s, uint32_t *q)
{
	size_t n = 0;
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < s->n && n < DSR__BRIEF_CITES; i++) {
			bool dup = false;
			for (size_t j = 0; j < i && !dup; j++)
				dup = pass ? !memcmp(s->v[j].article, s->v[i].article, DSR_ID_LEN)
					   : !strcmp(s->v[j].publisher, s->v[i].publisher);
			if (dup)
				continue;
			uint32_t k = dsr__bcite(c->b, s->v[i].id, false, s->v[i].article,
						s->v[i].start, s->v[i].end);
			bool have = false;
			for (size_t j = 0; j < n && !have; j++)
				have = q[j] == k;
			if (k && !have)
				q[n++] = k;
		}
	return n;
}

/* The sources of one side: source actors, most claims first, then by
 * name; reports without a named source last. */
struct src {
	const char *name;
	uint32_t claims;
	size_t first;          /* its first claim */
};

static int src_cmp(const void *a, const void *b)
{
	const struct src *x = a, *y = b;
	if (x->claims != y->claims)
		return x->claims > y->claims ? -1 : 1;
	return strcmp(x->name, y->name);
}

static size_t sources_of(const struct side *s, struct src *out, size_t max, bool *unattributed)
{
	size_t n = 0;
	*unattributed = false;
	for (size_t i = 0; i < s->n; i++) {
		if (!*s->v[i].source) {
			*unattributed = true;
			continue;
		}
		size_t j = 0;
		while (j < n && strcmp(out[j].name, s->v[i].source))
			j++;
		if (j < n) {
			out[j].claims++;
		} else if (n < max) {
			out[n++] = (struct src){ s->v[i].source, 1, i };
		}
	}
	qsort(out, n, sizeof *out, src_cmp);
	return n;
}

/* The names of one side, as a list for a template (in c's memory). */
static const char **names_of(dsr__bctx *c, const struct src *v, size_t n, bool unattributed,
			     size_t *count)
{
	const char **l = dsr_arena_alloc(&c->b->mem, (n + 1) * sizeof *l);
	if (!l)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (!(l[i] = dsr__bstr(c->b, v[i].name, strlen(v[i].name))))
			return NULL;
	if (unattributed)
		l[n++] = dsr__brief_words[DSR__BW_UNATTRIBUTED];
	*count = n;
	return l;
}

/* The claim that stands for a side: firm before hedged, then the first. */
static const struct cl *standing(const struct side *s)
{
	for (size_t i = 0; i < s->n; i++)
		if (!s->v[i].hedged)
			return &s->v[i];
	return s->n ? &s->v[0] : NULL;
}

static int est_word(uint32_t conf)
{
	const char *w = dsr_likelihood(conf);
	static const struct { const char *ic; int bw; } map[] = {
		{ "almost no chance", DSR__BW_EST_NO_CHANCE },
		{ "very unlikely", DSR__BW_EST_VERY_UNLIKELY },
		{ "unlikely", DSR__BW_EST_UNLIKELY },
		{ "roughly even chance", DSR__BW_EST_EVEN },
		{ "likely", DSR__BW_EST_LIKELY },
		{ "very likely", DSR__BW_EST_VERY_LIKELY },
		{ "almost certainly", DSR__BW_EST_CERTAIN },
	};
	for (size_t i = 0; i < sizeof map / sizeof *map; i++)
		if (!strcmp(map[i].ic, w))
			return map[i].bw;
	return DSR__BW_EST_EVEN;
}

/* The confidence level (docs/brief.md): high, moderate or low. */
static int level_word(const struct prop *p, bool vouched)
{
	if (p->reports[0] >= 3 && p->outlets[0] >= 3 && vouched && !p->reports[1])
		return DSR__BW_LEVEL_HIGH;
	if (p->reports[0] >= 2 && p->outlets[0] >= 2)
		return DSR__BW_LEVEL_MODERATE;
	return DSR__BW_LEVEL_LOW;
}

/* "the hack of Sony" for "hack of Sony"; an act that begins with a
 * determiner stays as it is. */
static const char *act_phrase(dsr__bctx *c, const char *act)
{
	size_t n = strcspn(act, " ");
	const char *d = dsr__brief_words[DSR__BW_DETERMINERS];
	while (*d) {
		size_t m = strcspn(d, " ");
		if (m == n && !strncasecmp(d, act, n))
			return act;
		d += m;
		d += strspn(d, " ");
	}
	return dsr__bprintf(c->b, "%s%s", dsr__brief_words[DSR__BW_THE], act);
}

/* Records the roles the sentence gives its actors. */
static int note_roles(dsr__bctx *c, const struct prop *p, const char *act,
		      const struct pclaims *pc, struct src *const srcs[2], const size_t nsrc[2],
		      const uint32_t *qfor, size_t nfor)
{
	if (p->attribution) {
		const char *who[2] = { p->responsible, p->target };
		for (int i = 0; i < 2; i++) {
			if (!who[i] || !*who[i])
				continue;
			struct dsr__bactor *a = dsr__bactor(c, who[i]);
			if (!a)
				return -ENOMEM;
			a->roles |= i ? DSR__ROLE_TARGET : DSR__ROLE_RESP;
			const char **acts = i ? a->target : a->resp;
			for (int k = 0; k < 3; k++)
				if (!acts[k] || !strcmp(acts[k], act)) {
					acts[k] = act;
					break;
				}
			if (nfor && a->ncites < 3)
				a->cites[a->ncites++] = qfor[0];
		}
	}
	for (int st = 0; st < 2; st++)
		for (size_t i = 0; i < nsrc[st]; i++) {
			struct dsr__bactor *a = dsr__bactor(c, srcs[st][i].name);
			if (!a)
				return -ENOMEM;
			a->roles |= st ? DSR__ROLE_DENIES : DSR__ROLE_ASSERTS;
			if (st)
				a->denies++;
			else
				a->asserts++;
			const struct cl *x = &pc->s[st].v[srcs[st][i].first];
			uint32_t q = dsr__bcite(c->b, x->id, false, x->article, x->start, x->end);
			if (q && a->ncites < 3)
				a->cites[a->ncites++] = q;
		}
	return 0;
}

#define SRC_MAX 64

/* One sentence on a proposition: a key judgment, or (dispute) both
 * sides of a disputed one.  *shown is set when it was written (--since or
 * --act may leave it out). */
static int sentence(dsr__bctx *c, const struct prop *p, bool dispute, bool *shown)
{
	*shown = false;
	struct pclaims pc;
	int rc = read_claims(c, p->id, &pc);
	const struct cl *rep = standing(&pc.s[0]), *counter = standing(&pc.s[1]);
	if (rc || !pc.since_ok || !rep || (dispute && !counter))
		goto done;
	if (!p->attribution) {
		const char *texts[2] = { rep->content, counter ? counter->content : NULL };
		if (!dsr__bact_ok(c, texts, 2))
			goto done;
	}
	uint32_t qfor[DSR__BRIEF_CITES], qagainst[DSR__BRIEF_CITES];
	size_t nfor = cite_side(c, &pc.s[0], qfor);
	size_t nagainst = cite_side(c, &pc.s[1], qagainst);
	struct src s0[SRC_MAX], s1[SRC_MAX];
	struct src *srcs[2] = { s0, s1 };
	size_t nsrc[2], nn[2];
	bool un[2], many[2];
	const char **names[2];
	for (int st = 0; st < 2; st++) {
		nsrc[st] = sources_of(&pc.s[st], srcs[st], SRC_MAX, &un[st]);
		names[st] = names_of(c, srcs[st], nsrc[st], un[st], &nn[st]);
		if (!names[st]) {
			rc = -ENOMEM;
			goto done;
		}
		/* "reports without a named source" alone are many */
		many[st] = nn[st] > 1 || (nn[st] == 1 && un[st]);
	}
	const char *act = p->attribution ? act_phrase(c, p->act) : NULL;
	const char *conf = dsr__bprintf(c->b, "%u", p->confidence);
	const char *outlets = dsr__bprintf(c->b, "%u", p->outlets[0]);
	const char *content = dsr__bstr(c->b, rep->content, strlen(rep->content));
	const char *ctext = counter ? dsr__bstr(c->b, counter->content, strlen(counter->content))
				    : NULL;
	if ((p->attribution && !act) || !conf || !outlets || !content || (counter && !ctext)) {
		rc = -ENOMEM;
		goto done;
	}
	struct dsr__barg num[] = { { "n", DSR__ARG_TEXT, outlets, NULL, 0, NULL, 0, NULL, NULL, NULL } };
	struct dsr__barg deny[] = {
		{ "deniers", DSR__ARG_LIST, NULL, NULL, nn[1], NULL, 0, names[1], NULL, NULL },
		{ "deny", DSR__ARG_WORD, NULL, NULL, many[1] ? DSR__BW_DENY_N : DSR__BW_DENY_1,
		  NULL, 0, NULL, NULL, NULL },
		{ "cites_against", DSR__ARG_CITES, NULL, qagainst, nagainst, NULL, 0, NULL, NULL, NULL },
	};
	struct dsr__barg args[] = {
		{ "level", DSR__ARG_WORD, NULL, NULL, (size_t)level_word(p, pc.vouched), NULL, 0,
		  NULL, NULL, NULL },
		{ "estimate", DSR__ARG_WORD, NULL, NULL, (size_t)est_word(p->confidence), NULL, 0,
		  NULL, NULL, NULL },
		{ "confidence", DSR__ARG_TEXT, conf, NULL, 0, NULL, 0, NULL, NULL, NULL },
		{ "responsible", DSR__ARG_TEXT, p->responsible, NULL, 0, NULL, 0, NULL, NULL, NULL },
		{ "act", DSR__ARG_TEXT, act, NULL, 0, NULL, 0, NULL, NULL, NULL },
		{ "content", DSR__ARG_QUOTE, content, NULL, 0, NULL, 0, NULL, NULL, NULL },
		{ "counter", DSR__ARG_QUOTE, ctext, NULL, 0, NULL, 0, NULL, NULL, NULL },
		{ "asserters", DSR__ARG_LIST, NULL, NULL, nn[0], NULL, 0, names[0], NULL, NULL },
		{ "assert", DSR__ARG_WORD, NULL, NULL, many[0] ? DSR__BW_ASSERT_N : DSR__BW_ASSERT_1,
		  NULL, 0, NULL, NULL, NULL },
		{ "outlets", DSR__ARG_WORD, NULL, NULL,
		  p->outlets[0] == 1 ? DSR__BW_OUTLETS_1 : DSR__BW_OUTLETS_N, num, 1, NULL, NULL, NULL },
		{ "cites_for", DSR__ARG_CITES, NULL, qfor, nfor, NULL, 0, NULL, NULL, NULL },
		{ "denial", DSR__ARG_WORD, NULL, NULL, nagainst ? DSR__BW_DENIAL : DSR__BW_NO_DENIAL,
		  deny, 3, NULL, NULL, NULL },
		{ "deniers", DSR__ARG_LIST, NULL, NULL, nn[1], NULL, 0, names[1], NULL, NULL },
		{ "deny", DSR__ARG_WORD, NULL, NULL, many[1] ? DSR__BW_DENY_N : DSR__BW_DENY_1,
		  NULL, 0, NULL, NULL, NULL },
		{ "cites_against", DSR__ARG_CITES, NULL, qagainst, nagainst, NULL, 0, NULL, NULL, NULL },
	};
	int word = dispute ? (p->attribution ? DSR__BW_DISPUTE_ATTR : DSR__BW_DISPUTE_STMT)
			   : (p->attribution ? DSR__BW_KJ_ATTR : DSR__BW_KJ_STMT);
	rc = dsr__bblock(c->b, DSR__B_PARA, 0, dispute ? "disputed" : "judgment");
	if (!rc)
		rc = dsr__bfill(c->b, word, args, sizeof args / sizeof *args);
	if (!rc)
		rc = dsr__bprop_add(c, p->id);
	if (!rc && !dispute)
		rc = note_roles(c, p, act ? act : "", &pc, srcs, nsrc, qfor, nfor);
	if (!rc)
		*shown = true;
done:
	pclaims_free(&pc);
	return rc;
}

/* ---- gathering the propositions ------------------------------------------- */

struct props {
	dsr__bctx *c;
	struct prop *v;
	size_t n, cap;
	bool dispute;
};

static int add(struct props *ps, const struct prop *p)
{
	if (dsr_grow((void **)&ps->v, &ps->cap, ps->n + 1, sizeof *ps->v))
		return -ENOMEM;
	ps->v[ps->n++] = *p;
	return 0;
}

static const char *keep(dsr__bctx *c, const char *s)
{
	return dsr__bstr(c->b, s ? s : "", s ? strlen(s) : 0);
}

static int on_row(void *ctx, const Dpb__AttributionInfo *a)
{
	struct props *ps = ctx;
	dsr__bctx *c = ps->c;
	if (a->proposition.len != DSR_ID_LEN)
		return 0;
	const char *texts[4] = { a->act, a->act_class, a->target, a->responsible };
	if (!dsr__bact_ok(c, texts, 4))
		return 0;
	if (ps->dispute && (!a->reports_for || !a->reports_against))
		return 0;
	struct prop p = { .attribution = true, .confidence = a->confidence,
			  .reports = { a->reports_for, a->reports_against },
			  .weight = { a->weight_for, a->weight_against }, .nclaims = a->nclaims };
	memcpy(p.id, a->proposition.data, DSR_ID_LEN);
	p.outlets[0] = a->outlets;
	p.responsible = keep(c, a->responsible);
	p.act = keep(c, a->act);
	p.act_class = keep(c, a->act_class);
	p.target = keep(c, a->target);
	if (!p.responsible || !p.act || !p.act_class || !p.target)
		return -ENOMEM;
	return add(ps, &p);
}

static bool about_ok(const dsr__bctx *c, const Dpb__PropRec *r)
{
	if (!*c->cluster)
		return true;
	for (size_t i = 0; i < r->n_about; i++)
		if (!strcmp(r->about[i], c->cluster))
			return true;
	return false;
}

static int on_prop(void *ctx, const uint8_t id[DSR_ID_LEN], const Dpb__PropRec *r)
{
	struct props *ps = ctx;
	if (r->kind != 2 || !about_ok(ps->c, r))
		return 0;
	struct prop p = { .attribution = false };
	memcpy(p.id, id, DSR_ID_LEN);
	for (int i = 0; i < 2; i++) {
		p.reports[i] = (size_t)i < r->n_reports ? r->reports[i] : 0;
		p.outlets[i] = (size_t)i < r->n_outlets ? r->outlets[i] : 0;
		p.weight[i] = (size_t)i < r->n_weight ? r->weight[i] : 0;
	}
	p.confidence = dsr_prop_confidence(p.weight[0], p.weight[1]);
	bool want = ps->dispute ? p.reports[0] && p.reports[1]
				: p.reports[0] >= 2 && p.outlets[0] >= 2 && p.confidence >= 56;
	return want ? add(ps, &p) : 0;
}

/* Key judgments: the most confident first, then the best supported. */
static int judgment_cmp(const void *a, const void *b)
{
	const struct prop *x = a, *y = b;
	if (x->confidence != y->confidence)
		return x->confidence > y->confidence ? -1 : 1;
	if (x->reports[0] != y->reports[0])
		return x->reports[0] > y->reports[0] ? -1 : 1;
	if (x->weight[0] != y->weight[0])
		return x->weight[0] > y->weight[0] ? -1 : 1;
	return memcmp(x->id, y->id, DSR_ID_LEN);
}

/* Disputes: the most weight on both sides first. */
static int dispute_cmp(const void *a, const void *b)
{
	const struct prop *x = a, *y = b;
	uint64_t wx = x->weight[0] + x->weight[1], wy = y->weight[0] + y->weight[1];
	if (wx != wy)
		return wx > wy ? -1 : 1;
	return memcmp(x->id, y->id, DSR_ID_LEN);
}

static int gather(dsr__bctx *c, bool dispute, bool attribution, struct props *ps)
{
	*ps = (struct props){ c, NULL, 0, 0, dispute };
	int rc = attribution ? dsr_q_attribution(c->t, c->o->about && *c->o->about ? c->o->about
								: NULL, NULL, NULL, on_row, ps)
			     : dsr__props_each(c->t, on_prop, ps);
	if (!rc && ps->n)
		qsort(ps->v, ps->n, sizeof *ps->v, dispute ? dispute_cmp : judgment_cmp);
	return rc;
}

/* Writes the first `max` of ps that pass the filters; the count written
 * goes to *shown. */
static int write_some(dsr__bctx *c, struct props *ps, bool dispute, size_t max, uint32_t *shown,
		      bool *section)
{
	int rc = 0;
	*shown = 0;
	for (size_t i = 0; !rc && i < ps->n && *shown < max; i++) {
		if (!*section) {
			rc = dsr__bblock(c->b, DSR__B_SECTION, 0, dispute ? "disputed" : "judgments");
			if (!rc)
				rc = dsr__bfill(c->b, dispute ? DSR__BW_SEC_DISPUTED : DSR__BW_SEC_KEY,
						NULL, 0);
			if (rc)
				break;
			*section = true;
		}
		bool ok;
		rc = sentence(c, &ps->v[i], dispute, &ok);
		*shown += ok;
	}
	return rc;
}

int dsr__brief_judgments(dsr__bctx *c)
{
	struct props attr, stmt;
	bool section = false;
	uint32_t shown = 0;
	int rc = gather(c, false, true, &attr);
	if (!rc)
		rc = gather(c, false, false, &stmt);
	if (!rc)
		rc = write_some(c, &attr, false, DSR__BRIEF_ATTR, &c->attr_shown, &section);
	/* rows --since left out are not cut: say so only when the bound was */
	c->attr_all = c->attr_shown == DSR__BRIEF_ATTR ? (uint32_t)attr.n : c->attr_shown;
	if (!rc)
		rc = write_some(c, &stmt, false, DSR__BRIEF_STMT, &shown, &section);
	free(attr.v);
	free(stmt.v);
	return rc;
}

int dsr__brief_disputed(dsr__bctx *c)
{
	struct props attr, stmt;
	bool section = false;
	uint32_t shown = 0;
	int rc = gather(c, true, true, &attr);
	if (!rc)
		rc = gather(c, true, false, &stmt);
	/* one list, both kinds, by weight */
	if (!rc && stmt.n) {
		for (size_t i = 0; !rc && i < stmt.n; i++)
			rc = add(&attr, &stmt.v[i]);
		if (!rc)
			qsort(attr.v, attr.n, sizeof *attr.v, dispute_cmp);
	}
	if (!rc)
		rc = write_some(c, &attr, true, DSR__BRIEF_DISPUTED, &shown, &section);
	free(attr.v);
	free(stmt.v);
	return rc;
}
