/* test_repl_raw.c: raw events from a client (dsr_raw_plan_make) pass the
 * checks a peer's batches pass.  A store's events with its signed head are
 * stored, and again are duplicates; without a head, with a forged one, or
 * tampered, nothing of the run is stored and the views are unchanged; a
 * forged event under another origin's next seq is refused and the
 * genuine events still arrive by replication afterwards; runs cut at
 * signed heads apply one after the other, even when the second was planned
 * before the first was applied; a run that skips ahead fails its link; a
 * head the store already holds covers a run as well as one handed in; and
 * a JSON export carries the heads to import it with, cut where a sync
 * would cut. */
#include "repltest.h"
#include "error.h"
#include "export.h"
#include "test.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

/* A store's events, in log order, as a client would read them. */
struct evs {
	uint8_t **p;
	size_t *len;
	size_t n;
};

static void evs_read(dsr_store *s, struct evs *e)
{
	dsr_rtxn *t;
	ASSERT_OK(dsr_rtxn_begin(s, &t));
	uint64_t end = dsr_log_end(t);
	e->n = end - 1;
	e->p = calloc(e->n + 1, sizeof *e->p);
	e->len = calloc(e->n + 1, sizeof *e->len);
	for (uint64_t pos = 1; pos < end; pos++) {
		const uint8_t *p;
		size_t n;
		ASSERT_OK(dsr_log_get(t, pos, &p, &n));
		e->p[pos - 1] = malloc(n);
		memcpy(e->p[pos - 1], p, n);
		e->len[pos - 1] = n;
	}
	dsr_rtxn_end(t);
}

static void evs_free(struct evs *e)
{
	for (size_t i = 0; i < e->n; i++)
		free(e->p[i]);
	free(e->p);
	free(e->len);
}

/* origin's head at seq, signed by its owner s. */
static dsr_head head_at(dsr_store *s, const uint8_t *origin, uint64_t seq)
{
	dsr_rtxn *t;
	uint8_t sk[64];
	dsr_head h;
	ASSERT_OK(dsr_rtxn_begin(s, &t));
	ASSERT_OK(dsr_own_key(t, origin, sk));
	memcpy(h.origin, origin, DSR_ORIGIN_LEN);
	h.seq = seq;
	ASSERT_OK(dsr_event_hash_at(t, origin, seq, h.hash));
	dsr_head_sign(&h, sk);
	dsr_rtxn_end(t);
	return h;
}

/* Plans ev[from, to) with heads and applies the plan to s.  Returns the
 * number of events refused by the plan; statuses (per event: the refusal
 * or its op's status) go to st when not NULL. */
static size_t plan_apply(dsr_store *s, const struct evs *e, size_t from, size_t to,
			 const dsr_head *heads, size_t nheads, bool atomic, int *st)
{
	dsr_rtxn *t;
	dsr_raw_plan p;
	ASSERT_OK(dsr_rtxn_begin(s, &t));
	ASSERT_OK(dsr_raw_plan_make(t, (const uint8_t *const *)e->p + from, e->len + from,
				    to - from, heads, nheads, atomic, &p));
	dsr_rtxn_end(t);
	size_t refused = 0;
	for (size_t i = 0; i < to - from; i++)
		if (p.refused[i])
			refused++;
	if (p.nops)
		ASSERT_OK(dsr_store_apply(s, p.ops, p.nops, 1416787200000ull));
	for (size_t i = 0; st && i < to - from; i++)
		st[i] = p.refused[i] ? p.refused[i] : p.ops[p.op[i]].status;
	dsr_raw_plan_free(&p);
	return refused;
}

static void all_status(const int *st, size_t n, int want)
{
	for (size_t i = 0; i < n; i++)
		if (st[i] != want)
			TEST_FAIL("event %zu: %s, not %s", i, dsr_err_name(st[i]), dsr_err_name(want));
}

static void digest_is(dsr_store *s, const uint8_t want[DSR_HASH_LEN])
{
	uint8_t d[DSR_HASH_LEN];
	rt_digest(s, d);
	ASSERT_MEM(d, want, DSR_HASH_LEN);
}

/* An event of `like`'s origin at `like`'s seq + 1 that its owner never
 * wrote: a valid structure and chain link, another payload. */
static void forge_next(const uint8_t *like, size_t len, uint8_t **out, size_t *outlen)
{
	Dpb__Event *ev = dpb__event__unpack(NULL, len, like);
	ASSERT(ev);
	uint8_t prev[DSR_HASH_LEN];
	dsr_event_hash(like, len, prev);
	ProtobufCBinaryData old_prev = ev->prev;
	char *old_author = ev->author;
	ev->seq++;
	ev->prev.data = prev;
	ev->prev.len = DSR_HASH_LEN;
	ev->hlc += 1 << 16;
	ev->author = (char *)"mallory";
	*outlen = dpb__event__get_packed_size(ev);
	*out = malloc(*outlen);
	dpb__event__pack(ev, *out);
	ev->prev = old_prev;    /* the decoder's own, for it to free */
	ev->author = old_author;
	dpb__event__free_unpacked(ev, NULL);
}

static void test_import(void)
{
	dsr_store *a = rt_open("ia"), *b = rt_open("ib");
	const uint8_t *oa = dsr_store_origin(a);
	uint64_t na = rt_fill(a, 3000, 21);
	struct evs e;
	evs_read(a, &e);
	ASSERT_EQ(e.n, na);
	int *st = calloc(e.n, sizeof *st);
	uint8_t empty[DSR_HASH_LEN], da[DSR_HASH_LEN];
	rt_digest(b, empty);
	rt_digest(a, da);

	/* No head: refused whole, nothing stored. */
	ASSERT_EQ(plan_apply(b, &e, 0, e.n, NULL, 0, false, st), e.n);
	all_status(st, e.n, DSR_EUNSIGNED);
	ASSERT_EQ(rt_events(b), 0);
	/* A head of the right origin and seq signed by another key. */
	dsr_head h = head_at(a, oa, na), bad = h;
	uint8_t pk[32], sk[64];
	crypto_sign_keypair(pk, sk);
	dsr_head_sign(&bad, sk);
	plan_apply(b, &e, 0, e.n, &bad, 1, false, st);
	all_status(st, e.n, DSR_EBADSIG);
	/* The genuine head, one event tampered with. */
	e.p[e.n / 2][e.len[e.n / 2] - 3] ^= 0x20;
	plan_apply(b, &e, 0, e.n, &h, 1, false, st);
	all_status(st, e.n, DSR_EBADSIG);
	e.p[e.n / 2][e.len[e.n / 2] - 3] ^= 0x20;
	/* Not in seq order. */
	uint8_t *tp = e.p[5];
	size_t tl = e.len[5];
	e.p[5] = e.p[6], e.len[5] = e.len[6];
	e.p[6] = tp, e.len[6] = tl;
	plan_apply(b, &e, 0, e.n, &h, 1, false, st);
	all_status(st, e.n, DSR_EGAP);
	e.p[6] = e.p[5], e.len[6] = e.len[5];
	e.p[5] = tp, e.len[5] = tl;
	ASSERT_EQ(rt_events(b), 0);
	digest_is(b, empty);

	/* Cut at a signed head: the second part planned first fails its
	 * link (it starts after our end), then the first part, then the
	 * second planned before the first was applied. */
	size_t mid = 1000;
	dsr_head hm = head_at(a, oa, mid);
	dsr_rtxn *t;
	dsr_raw_plan second;
	ASSERT_OK(dsr_rtxn_begin(b, &t));
	ASSERT_OK(dsr_raw_plan_make(t, (const uint8_t *const *)e.p + mid, e.len + mid,
				    e.n - mid, &h, 1, false, &second));
	dsr_rtxn_end(t);
	ASSERT_EQ(plan_apply(b, &e, mid, e.n, &h, 1, false, st), 0);
	all_status(st, e.n - mid, DSR_EGAP);
	ASSERT_EQ(rt_events(b), 0);
	/* The first part's heads may include others (ignored). */
	dsr_head two[2] = { h, hm };
	ASSERT_EQ(plan_apply(b, &e, 0, mid, two, 2, false, st), 0);
	all_status(st, mid, 0);
	ASSERT_EQ(rt_vv(b, oa), mid);
	ASSERT_OK(dsr_store_apply(b, second.ops, second.nops, 1416787200000ull));
	for (size_t i = 0; i < e.n - mid; i++)
		ASSERT_EQ(second.ops[second.op[i]].status, 0);
	dsr_raw_plan_free(&second);
	ASSERT_EQ(rt_vv(b, oa), na);
	digest_is(b, da);
	dsr_head got;
	ASSERT_OK(dsr_rtxn_begin(b, &t));
	ASSERT_OK(dsr_head_get(t, oa, &got));
	ASSERT_EQ(got.seq, na);
	ASSERT_OK(dsr_checkpoint_find(t, oa, 1, &got));
	ASSERT_EQ(got.seq, mid);
	dsr_rtxn_end(t);

	/* Again: every event a duplicate, with or without heads. */
	plan_apply(b, &e, 0, e.n, &h, 1, false, st);
	all_status(st, e.n, DSR_EDUP);
	plan_apply(b, &e, 0, e.n, NULL, 0, true, st);
	all_status(st, e.n, DSR_EDUP);
	digest_is(b, da);
	free(st);
	evs_free(&e);
	dsr_store_close(a);
	dsr_store_close(b);
}

/* A client forges the next event of another origin: refused, unsigned or
 * signed by a key that is not the origin's; then the origin's genuine next
 * events arrive by replication and are stored. */
static void test_forgery(void)
{
	dsr_store *a = rt_open("fa"), *b = rt_open("fb");
	const uint8_t *oa = dsr_store_origin(a);
	uint64_t n1 = rt_fill(a, 400, 31);
	struct rt_reports ra = { 0 }, rb = { 0 };
	rt_sync(a, b, &ra, &rb);
	ASSERT_EQ(rt_vv(b, oa), n1);
	uint8_t before[DSR_HASH_LEN];
	rt_digest(b, before);

	struct evs e;
	evs_read(a, &e);
	struct evs f = { calloc(1, sizeof(uint8_t *)), calloc(1, sizeof(size_t)), 1 };
	forge_next(e.p[e.n - 1], e.len[e.n - 1], &f.p[0], &f.len[0]);
	int st[2];
	ASSERT_EQ(plan_apply(b, &f, 0, 1, NULL, 0, false, st), 1);
	ASSERT_EQ(st[0], DSR_EUNSIGNED);
	/* A head over the forged event, signed by the forger's key. */
	dsr_head fh;
	uint8_t pk[32], sk[64];
	crypto_sign_keypair(pk, sk);
	memcpy(fh.origin, oa, DSR_ORIGIN_LEN);
	fh.seq = n1 + 1;
	dsr_event_hash(f.p[0], f.len[0], fh.hash);
	dsr_head_sign(&fh, sk);
	ASSERT_EQ(plan_apply(b, &f, 0, 1, &fh, 1, true, st), 1);
	ASSERT_EQ(st[0], DSR_EBADSIG);
	/* The forger signs a head as its own origin: not the event's. */
	memcpy(fh.origin, pk, DSR_ORIGIN_LEN);
	dsr_head_sign(&fh, sk);
	ASSERT_EQ(plan_apply(b, &f, 0, 1, &fh, 1, false, st), 1);
	ASSERT_EQ(st[0], DSR_EUNSIGNED);
	ASSERT_EQ(rt_vv(b, oa), n1);
	ASSERT_EQ(rt_events(b), n1);
	digest_is(b, before);

	/* A's genuine next events replicate as if nothing had happened. */
	uint64_t n2 = rt_fill(a, 300, 32);
	ra = (struct rt_reports){ 0 };
	rb = (struct rt_reports){ 0 };
	rt_sync(a, b, &ra, &rb);
	ASSERT_EQ(rb.refused, 0);
	ASSERT_EQ(rt_vv(b, oa), n2);
	uint8_t da[DSR_HASH_LEN];
	rt_digest(a, da);
	digest_is(b, da);
	/* And the forged event, now a conflict, is still refused. */
	plan_apply(b, &f, 0, 1, NULL, 0, false, st);
	ASSERT_EQ(st[0], DSR_ECONFLICT);
	digest_is(b, da);
	evs_free(&f);
	evs_free(&e);
	dsr_store_close(a);
	dsr_store_close(b);
}

/* Runs of two origins interleaved in one request, with a bad one among
 * them: each run stands or falls alone, or, atomic, the plan says which
 * to refuse.  A run that does not continue our chain fails its link. */
static void test_origins(void)
{
	dsr_store *a = rt_open("oa"), *c = rt_open("oc"), *m = rt_open("om"),
		  *b = rt_open("ob");
	uint64_t na = rt_fill(a, 200, 41), nc = rt_fill(c, 150, 42);
	/* m holds both: its log interleaves nothing, so interleave by hand. */
	struct evs ea, ec, mix;
	evs_read(a, &ea);
	evs_read(c, &ec);
	mix.n = ea.n + ec.n;
	mix.p = calloc(mix.n, sizeof *mix.p);
	mix.len = calloc(mix.n, sizeof *mix.len);
	for (size_t i = 0, ia = 0, ic = 0; i < mix.n; i++) {
		bool from_a = ic == ec.n || (ia < ea.n && i % 2 == 0);
		struct evs *src = from_a ? &ea : &ec;
		size_t *k = from_a ? &ia : &ic;
		mix.p[i] = src->p[*k];
		mix.len[i] = src->len[*k];
		(*k)++;
	}
	dsr_head heads[2] = { head_at(a, dsr_store_origin(a), na),
			      head_at(c, dsr_store_origin(c), nc) };
	int *st = calloc(mix.n, sizeof *st);
	/* c's head missing: a's run is stored, c's refused. */
	ASSERT_EQ(plan_apply(b, &mix, 0, mix.n, heads, 1, false, st), nc);
	ASSERT_EQ(rt_vv(b, dsr_store_origin(a)), na);
	ASSERT_EQ(rt_vv(b, dsr_store_origin(c)), 0);
	/* Both heads: a's all duplicates, c's stored. */
	ASSERT_EQ(plan_apply(b, &mix, 0, mix.n, heads, 2, true, st), 0);
	for (size_t i = 0; i < mix.n; i++)
		ASSERT(st[i] == 0 || st[i] == DSR_EDUP);
	ASSERT_EQ(rt_vv(b, dsr_store_origin(c)), nc);
	/* A run 11..na to a store that lacks 1..10 starts after its end:
	 * its link fails. */
	ASSERT_EQ(plan_apply(m, &ea, 10, ea.n, heads, 1, false, st), 0);
	all_status(st, ea.n - 10, DSR_EGAP);
	ASSERT_EQ(rt_events(m), 0);
	free(st);
	free(mix.p);
	free(mix.len);
	evs_free(&ea);
	evs_free(&ec);
	dsr_store_close(a);
	dsr_store_close(b);
	dsr_store_close(c);
	dsr_store_close(m);
}

/* A head the store holds covers a run as one handed in does: a store
 * that holds a's events 1..5 and 8..10 (raw, as older dossiers stored a
 * client's events) and a's head at 10 takes 6..10 with no head given,
 * but not 6..7. */
static void test_stored_head(void)
{
	dsr_store *a = rt_open("sa"), *b = rt_open("sb");
	const uint8_t *oa = dsr_store_origin(a);
	rt_fill(a, 10, 51);
	struct evs e;
	evs_read(a, &e);
	ASSERT_EQ(e.n, 10);
	dsr_op ops[9];
	size_t k = 0;
	for (size_t i = 0; i < 10; i++)
		if (i < 5 || i >= 7)
			ops[k++] = (dsr_op){ .type = DSR_OP_RAW, .bytes = e.p[i], .len = e.len[i] };
	dsr_head h = head_at(a, oa, 10);
	uint8_t hb[DSR_HEAD_LEN];
	dsr_head_encode(&h, hb);
	ops[k++] = (dsr_op){ .type = DSR_OP_HEAD, .bytes = hb, .len = sizeof hb };
	ASSERT_EQ(dsr_store_apply(b, ops, k, 0), 9);  /* 8 events and the head */
	ASSERT_EQ(ops[k - 1].status, 0);
	ASSERT_EQ(rt_vv(b, oa), 5);
	int st[5];
	ASSERT_EQ(plan_apply(b, &e, 5, 7, NULL, 0, false, st), 2);
	ASSERT_EQ(st[0], DSR_EUNSIGNED);
	ASSERT_EQ(plan_apply(b, &e, 5, 10, NULL, 0, false, st), 0);
	ASSERT_EQ(st[0], 0);
	ASSERT_EQ(st[1], 0);
	ASSERT_EQ(st[4], DSR_EDUP);
	ASSERT_EQ(rt_vv(b, oa), 10);
	evs_free(&e);
	dsr_store_close(a);
	dsr_store_close(b);
}

/* ---- through a JSON export ------------------------------------------------ */

struct doc {
	struct evs e;
	dsr_head *h;
	size_t nh, cap;
};

static int doc_event(void *ctx, const uint8_t *ev, size_t n)
{
	struct doc *d = ctx;
	if (d->e.n == d->cap) {
		d->cap = d->cap ? 2 * d->cap : 1024;
		d->e.p = realloc(d->e.p, d->cap * sizeof *d->e.p);
		d->e.len = realloc(d->e.len, d->cap * sizeof *d->e.len);
	}
	d->e.p[d->e.n] = malloc(n);
	memcpy(d->e.p[d->e.n], ev, n);
	d->e.len[d->e.n++] = n;
	return 0;
}

static int doc_head(void *ctx, const dsr_head *h)
{
	struct doc *d = ctx;
	d->h = realloc(d->h, (d->nh + 1) * sizeof *d->h);
	d->h[d->nh++] = *h;
	return 0;
}

static void doc_read(dsr_store *s, struct doc *d)
{
	dsr_rtxn *t;
	dsr_buf b = DSR_BUF_INIT;
	memset(d, 0, sizeof *d);
	ASSERT_OK(dsr_rtxn_begin(s, &t));
	ASSERT_OK(dsr_export(t, DSR_EXPORT_JSON, 1416787200000ull, &b));
	dsr_rtxn_end(t);
	ASSERT_OK(dsr_import_json(b.data, b.len, doc_event, doc_head, d));
	dsr_buf_free(&b);
}

static void doc_free(struct doc *d)
{
	evs_free(&d->e);
	free(d->h);
}

/* An export carries heads to cut every origin's events at: our own signed
 * where a sync would cut them, others' as the origin signed them (the
 * checkpoints an import left).  A store imports it in parts, one per
 * head, and ends with the exporter's digest; a third store imports the
 * importer's export the same way. */
static void test_export(void)
{
	dsr_store *a = rt_open("xa"), *b = rt_open("xb"), *c = rt_open("xc");
	const uint8_t *oa = dsr_store_origin(a);
	uint64_t na = rt_fill(a, DSR_REPL_BATCH_EVENTS + 500, 61);
	uint8_t da[DSR_HASH_LEN];
	rt_digest(a, da);
	dsr_store *to[2] = { b, c };
	for (int k = 0; k < 2; k++) {
		struct doc d;
		doc_read(k ? b : a, &d);
		ASSERT_EQ(d.e.n, na);
		ASSERT_EQ(d.nh, 2);
		ASSERT(!memcmp(d.h[0].origin, oa, DSR_ORIGIN_LEN));
		ASSERT_EQ(d.h[0].seq, DSR_REPL_BATCH_EVENTS);
		ASSERT_EQ(d.h[1].seq, na);
		ASSERT(dsr_head_verify(&d.h[0]) && dsr_head_verify(&d.h[1]));
		/* One origin, in log order: seq i + 1 is event i. */
		size_t cut = DSR_REPL_BATCH_EVENTS;
		ASSERT_EQ(plan_apply(to[k], &d.e, 0, cut, d.h, d.nh, false, NULL), 0);
		ASSERT_EQ(plan_apply(to[k], &d.e, cut, d.e.n, d.h, d.nh, false, NULL), 0);
		ASSERT_EQ(rt_vv(to[k], oa), na);
		digest_is(to[k], da);
		doc_free(&d);
	}
	dsr_store_close(a);
	dsr_store_close(b);
	dsr_store_close(c);
}

/* What does not decode has no origin to check: refused on its own. */
static void test_malformed(void)
{
	dsr_store *b = rt_open("mb");
	uint8_t junk[] = { 0xff, 0xff, 0xff, 0xff }, short_origin[] = { 0x12, 0x02, 1, 2 };
	uint8_t *p[3] = { junk, short_origin, junk };
	struct evs e = { p, (size_t[]){ sizeof junk, sizeof short_origin, 0 }, 3 };
	int st[3];
	ASSERT_EQ(plan_apply(b, &e, 0, 3, NULL, 0, false, st), 3);
	ASSERT_EQ(st[0], DSR_EDECODE);
	ASSERT_EQ(st[1], DSR_EINVAL);
	ASSERT_EQ(st[2], DSR_EDECODE);
	ASSERT_EQ(rt_events(b), 0);
	dsr_store_close(b);
}

static const struct test_case cases[] = {
	TEST_CASE(import),
	TEST_CASE(forgery),
	TEST_CASE(origins),
	TEST_CASE(stored_head),
	TEST_CASE(malformed),
	TEST_CASE(export),
};

int main(int argc, char **argv)
{
	TEST_ARGS(argc, argv, cases);
	if (sodium_init() < 0)
		return 1;
	test_run();
	printf("ok\n");
	return 0;
}
