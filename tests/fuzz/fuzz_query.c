/* fuzz_query.c: every question a client can ask, with any arguments.
 *
 * Names, dates, ids, hex prefixes and page cursors all come from clients;
 * cursors in particular come back as opaque bytes that a client may have
 * made up.  The store is filled once with the property test's mix (every
 * payload kind, two origins, curation).  The input's first byte picks the
 * query, the second its small options; the rest is cut at NUL bytes into
 * three strings and a cursor.  Each query answers or fails with an error,
 * and a list's `next` cursor is followed for a few pages. */
#include "error.h"
#include "evgen.h"
#include "query.h"
#include "store.h"
#include "fuzz_store.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static dsr_store *store;

static void cleanup(void)
{
	fuzz_store_drop(store);
}

static void fill(void)
{
	store = fuzz_store_new();
	atexit(cleanup);
	evgen_list l = { 0 };
	if (evgen_mixed(&l, 400, 2, 5) || evgen_ingest_mix(&l, 4, 6))
		abort();
	dsr_op *ops = calloc(l.n, sizeof *ops);
	if (!ops)
		abort();
	for (size_t i = 0; i < l.n; i++) {
		ops[i].type = DSR_OP_RAW;
		ops[i].bytes = l.ev[i].data;
		ops[i].len = l.ev[i].len;
	}
	if (dsr_store_apply(store, ops, l.n, 0) <= 0)
		abort();
	free(ops);
	evgen_list_free(&l);
}

static int seen;
static int on_actor(void *c, const Dpb__ActorInfo *a) { (void)c; (void)a; seen++; return 0; }
/* The last claim a list gave, and its proposition: `why` asks about them. */
static uint8_t last_claim[DSR_ID_LEN], last_prop[DSR_ID_LEN];
static int on_claim(void *c, const Dpb__ClaimInfo *x)
{
	(void)c;
	if (x->id.len == DSR_ID_LEN)
		memcpy(last_claim, x->id.data, DSR_ID_LEN);
	if (x->proposition.len == DSR_ID_LEN)
		memcpy(last_prop, x->proposition.data, DSR_ID_LEN);
	seen++;
	return 0;
}
/* A reasoning must pack: every string set. */
static int on_reason(void *c, const Dpb__Reasoning *r)
{
	(void)c;
	if (!protobuf_c_message_get_packed_size(&r->base))
		abort();
	seen++;
	return 0;
}
static int on_entry(void *c, const Dpb__EntryInfo *e) { (void)c; (void)e; seen++; return 0; }
static int on_article(void *c, const Dpb__ArticleInfo *a) { (void)c; (void)a; seen++; return 0; }
static int on_why(void *c, const Dpb__WhyItem *w) { (void)c; (void)w; seen++; return 0; }
static int on_conflict(void *c, const Dpb__ConflictInfo *x) { (void)c; (void)x; seen++; return 0; }
static int on_attr(void *c, const Dpb__AttributionInfo *x) { (void)c; (void)x; seen++; return 0; }
static int on_resolve(void *c, const uint8_t id[DSR_ID_LEN], int kind)
{
	(void)c;
	(void)id;
	(void)kind;
	seen++;
	return 0;
}

struct args {
	char *s[3];           /* NUL-terminated copies */
	size_t len[3];
	const uint8_t *cursor;
	size_t cursor_len;
};

/* Cuts data at NUL bytes: three strings, then the rest as the cursor. */
static void cut(const uint8_t *p, size_t n, struct args *a)
{
	size_t off = 0;
	for (int i = 0; i < 3; i++) {
		size_t e = off;
		while (e < n && p[e])
			e++;
		a->len[i] = e - off;
		a->s[i] = malloc(a->len[i] + 1);
		if (!a->s[i])
			abort();
		memcpy(a->s[i], p + off, a->len[i]);
		a->s[i][a->len[i]] = 0;
		off = e < n ? e + 1 : n;
	}
	a->cursor = p + off;
	a->cursor_len = n - off;
}

static const char *opt(const struct args *a, int i)
{
	return a->len[i] ? a->s[i] : NULL;
}

static const uint8_t *id_of(const struct args *a, int i)
{
	return a->len[i] == DSR_ID_LEN ? (const uint8_t *)a->s[i] : NULL;
}

/* One list query, following `next` for up to three pages. */
static void pages(dsr_rtxn *t, int q, uint8_t o, const struct args *a)
{
	dsr_page pg = { a->cursor, a->cursor_len, (uint32_t)(o >> 4) };
	dsr_buf next = DSR_BUF_INIT, held = DSR_BUF_INIT;
	dsr_claim_filter cf = { opt(a, 0), opt(a, 1), (int)(o % 4) - 1, (int)(o / 4 % 3) - 1,
				id_of(a, 2), id_of(a, 1) };
	dsr_entry_filter ef = { opt(a, 0), opt(a, 1), opt(a, 2), id_of(a, 2), o & 1, o & 2,
				(o & 12) == 12 };
	for (int p = 0; p < 3; p++) {
		next.len = 0;
		int rc;
		switch (q) {
		case 0: rc = dsr_q_actors(t, o % 9, o & 1 ? 2 : DSR_ACTOR_ARTICLES, &pg, &next, on_actor, NULL); break;
		case 1: rc = dsr_q_claims(t, &cf, &pg, &next, on_claim, NULL); break;
		case 2: rc = dsr_q_timeline(t, &ef, &pg, &next, on_entry, NULL); break;
		case 3: rc = dsr_q_articles(t, &pg, &next, on_article, NULL); break;
		case 4: rc = dsr_q_conflicts(t, o & 1, &pg, &next, on_conflict, NULL); break;
		default: rc = dsr_q_attribution(t, opt(a, 0), &pg, &next, on_attr, NULL); break;
		}
		if (rc > 0)
			abort();
		if (rc || !next.len || !pg.limit)
			break;
		held.len = 0;
		if (dsr_buf_append(&held, next.data, next.len))
			abort();
		pg.cursor = held.data;
		pg.cursor_len = held.len;
	}
	dsr_buf_free(&next);
	dsr_buf_free(&held);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!store)
		fill();
	if (size < 2)
		return 0;
	struct args a;
	cut(data + 2, size - 2, &a);
	uint8_t o = data[1];
	dsr_rtxn *t;
	if (dsr_rtxn_begin(store, &t))
		abort();
	int rc = 0;
	bool more;
	switch (data[0] % 9) {
	case 0: case 1: case 2: case 3:
		pages(t, data[0] % 9, o, &a);
		break;
	case 4:
		pages(t, 4, o, &a);
		pages(t, 5, o, &a);     /* attribution rows */
		break;
	case 5: rc = dsr_q_actor(t, a.s[0], o % 3, on_actor, NULL); break;
	case 6:
		if (a.len[0] == DSR_ID_LEN)
			rc = dsr_q_article_text(t, (const uint8_t *)a.s[0], on_article, NULL);
		break;
	case 7:
		rc = dsr_q_why(t, a.s[0], on_why, NULL);
		if (rc == 0 || rc == DSR_ENOTFOUND) {
			const uint8_t *id = o & 1 ? last_prop : last_claim;
			rc = dsr_q_reasoning(t, a.len[0] == DSR_ID_LEN && (o & 2) ? (const uint8_t *)a.s[0] : id,
					     on_reason, NULL);
		}
		break;
	default: rc = dsr_q_resolve(t, a.s[0], o % 4, o >> 2, &more, on_resolve, NULL); break;
	}
	if (rc > 0)
		abort();
	dsr_rtxn_end(t);
	for (int i = 0; i < 3; i++)
		free(a.s[i]);
	return 0;
}
