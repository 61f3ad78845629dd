/* brief_actors.c: the actors the brief's judgments and events name, each
 * with its kind, its other names and the roles the brief gives it (said
 * to be responsible, the target, asserting, denying, named in events),
 * cited where it takes them.  At most DSR__BRIEF_ACTORS, the most named
 * first, listed by name. */
#include "export/brief.h"
#include "error.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define ALIASES 6

static uint32_t weight(const struct dsr__bactor *a)
{
	return a->asserts + a->denies + a->events + 2 * ((a->roles & DSR__ROLE_RESP) != 0) +
	       2 * ((a->roles & DSR__ROLE_TARGET) != 0);
}

static int by_weight(const void *x, const void *y)
{
	const struct dsr__bactor *a = x, *b = y;
	uint32_t wa = weight(a), wb = weight(b);
	if (wa != wb)
		return wa > wb ? -1 : 1;
	return strcmp(a->name, b->name);
}

static int by_name(const void *x, const void *y)
{
	const struct dsr__bactor *a = x, *b = y;
	return strcmp(a->name, b->name);
}

struct info {
	dsr__brief *b;
	int kind;
	const char *aliases[ALIASES];
	size_t naliases;
	int rc;
};

static int on_actor(void *ctx, const Dpb__ActorInfo *a)
{
	struct info *i = ctx;
	i->kind = a->kind >= 0 && a->kind <= 7 ? (int)a->kind : 0;
	for (size_t k = 0; k < a->n_aliases && i->naliases < ALIASES; k++)
		if (!(i->aliases[i->naliases++] = dsr__bstr(i->b, a->aliases[k], strlen(a->aliases[k]))))
			return -ENOMEM;
	return 1;
}

/* A role's phrase: a word with {what} filled by acts or a count. */
static int role(dsr__brief *b, bool *first, int word, struct dsr__barg *what)
{
	int rc = 0;
	if (!*first)
		rc = dsr__bfill(b, DSR__BW_ROLE_SEP, NULL, 0);
	*first = false;
	return rc ? rc : dsr__bfill(b, word, what, 1);
}

static size_t count(const char *const *v, size_t max)
{
	size_t n = 0;
	while (n < max && v[n])
		n++;
	return n;
}

/* {roles}: the roles the brief gives the actor, one after the other. */
static int roles(dsr__brief *b, const void *ctx)
{
	const struct dsr__bactor *a = ctx;
	bool first = true;
	int rc = 0;
	if (a->roles & DSR__ROLE_RESP) {
		struct dsr__barg w = { "what", DSR__ARG_LIST, NULL, NULL, count(a->resp, 3), NULL, 0,
				       a->resp, NULL, NULL };
		rc = role(b, &first, DSR__BW_ROLE_RESPONSIBLE, &w);
	}
	if (!rc && (a->roles & DSR__ROLE_TARGET)) {
		struct dsr__barg w = { "what", DSR__ARG_LIST, NULL, NULL, count(a->target, 3), NULL, 0,
				       a->target, NULL, NULL };
		rc = role(b, &first, DSR__BW_ROLE_TARGET, &w);
	}
	const struct { unsigned bit; uint32_t n; int word, one, many; } counts[] = {
		{ DSR__ROLE_ASSERTS, a->asserts, DSR__BW_ROLE_ASSERTS, DSR__BW_JUDGMENTS_1,
		  DSR__BW_JUDGMENTS_N },
		{ DSR__ROLE_DENIES, a->denies, DSR__BW_ROLE_DENIES, DSR__BW_JUDGMENTS_1,
		  DSR__BW_JUDGMENTS_N },
		{ DSR__ROLE_EVENTS, a->events, DSR__BW_ROLE_EVENTS, DSR__BW_EVENTS_1, DSR__BW_EVENTS_N },
	};
	for (size_t i = 0; !rc && i < sizeof counts / sizeof *counts; i++) {
		if (!(a->roles & counts[i].bit))
			continue;
		const char *n = dsr__bprintf(b, "%u", counts[i].n);
		if (!n)
			return -ENOMEM;
		struct dsr__barg num = { "n", DSR__ARG_TEXT, n, NULL, 0, NULL, 0, NULL, NULL, NULL };
		struct dsr__barg w = { "what", DSR__ARG_WORD, NULL, NULL,
				       (size_t)(counts[i].n == 1 ? counts[i].one : counts[i].many),
				       &num, 1, NULL, NULL, NULL };
		rc = role(b, &first, counts[i].word, &w);
	}
	return rc;
}

static int actor(dsr__bctx *c, const struct dsr__bactor *a)
{
	struct info in = { c->b, 0, { 0 }, 0, 0 };
	int rc = dsr_q_actor(c->t, a->name, 0, on_actor, &in);
	if (rc < 0 && rc != DSR_ENOTFOUND)
		return rc;
	/* the citations, each once */
	uint32_t q[3];
	size_t nq = 0;
	for (size_t i = 0; i < a->ncites; i++) {
		bool dup = false;
		for (size_t j = 0; j < nq && !dup; j++)
			dup = q[j] == a->cites[i];
		if (!dup && a->cites[i])
			q[nq++] = a->cites[i];
	}
	if (!nq)
		return 0;     /* nothing to cite it by: not listed */
	struct dsr__barg al[] = { { "names", DSR__ARG_LIST, NULL, NULL, in.naliases, NULL, 0,
				    in.aliases, NULL, NULL } };
	struct dsr__barg args[] = {
		{ "name", DSR__ARG_STRONG, a->name, NULL, 0, NULL, 0, NULL, NULL, NULL },
		{ "kind", DSR__ARG_WORD, NULL, NULL, (size_t)(DSR__BW_KIND_0 + in.kind), NULL, 0, NULL,
		  NULL, NULL },
		{ "aliases", in.naliases ? DSR__ARG_WORD : DSR__ARG_TEXT, "", NULL, DSR__BW_ALIASES,
		  al, 1, NULL, NULL, NULL },
		{ "roles", DSR__ARG_CALL, NULL, NULL, 0, NULL, 0, NULL, roles, a },
		{ "cites", DSR__ARG_CITES, NULL, q, nq, NULL, 0, NULL, NULL, NULL },
	};
	rc = dsr__bblock(c->b, DSR__B_ITEM, 0, "actor");
	return rc ? rc : dsr__bfill(c->b, DSR__BW_ACTOR, args, sizeof args / sizeof *args);
}

int dsr__brief_actors(dsr__bctx *c)
{
	if (!c->nactors)
		return 0;
	qsort(c->actors, c->nactors, sizeof *c->actors, by_weight);
	size_t n = c->nactors < DSR__BRIEF_ACTORS ? c->nactors : DSR__BRIEF_ACTORS;
	qsort(c->actors, n, sizeof *c->actors, by_name);
	int rc = dsr__bblock(c->b, DSR__B_SECTION, 0, "actors");
	if (!rc)
		rc = dsr__bfill(c->b, DSR__BW_SEC_ACTORS, NULL, 0);
	for (size_t i = 0; !rc && i < n; i++)
		rc = actor(c, &c->actors[i]);
	return rc;
}
