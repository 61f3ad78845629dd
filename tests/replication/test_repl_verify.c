/* test_repl_verify.c: what a receiver refuses, and forks.  A tampered
 * event, a forged head, a batch that skips ahead, duplicated batches: each
 * refused (or ignored) with nothing of it stored and nothing else harmed.
 * A fork — one origin, two signed histories — found either way (a batch
 * that does not continue our chain, or two heads at one seq), quarantines
 * the origin on every replica that hears of it, and replicas holding
 * different branches end with the same views. */
#include "repltest.h"
#include "error.h"
#include "test.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

static void digest_eq(dsr_store *a, dsr_store *b)
{
	uint8_t da[DSR_HASH_LEN], db[DSR_HASH_LEN];
	rt_digest_rebuilt(a, da);
	rt_digest_rebuilt(b, db);
	ASSERT_MEM(da, db, DSR_HASH_LEN);
}

/* ---- filters ------------------------------------------------------------- */

struct mut {
	int mode;       /* what to do to the n-th batch-ending message */
	int nth, seen;
	uint8_t sk[64], pk[32];
};

enum { TAMPER = 1, FORGE_SIG, FORGE_ORIGIN, DROP_FIRST, DUP };

static bool mutate(void *ctx, uint8_t *body, size_t *len)
{
	struct mut *m = ctx;
	Dpb__PeerMsg *pm = dpb__peer_msg__unpack(NULL, *len, body);
	ASSERT(pm);
	bool keep = true;
	if (pm->body_case == DPB__PEER_MSG__BODY_EVENTS && m->seen++ == m->nth) {
		Dpb__PeerEvents *e = pm->events;
		dsr_head h;
		switch (m->mode) {
		case TAMPER:
			/* One byte of one event, somewhere in the middle. */
			e->events[e->n_events / 2].data[e->events[e->n_events / 2].len - 3] ^= 0x20;
			break;
		case FORGE_SIG:
			/* A head for the origin, signed by someone else. */
			ASSERT_OK(dsr_head_decode(e->head.data, e->head.len, &h));
			dsr_head_sign(&h, m->sk);
			dsr_head_encode(&h, e->head.data);
			break;
		case FORGE_ORIGIN:
			/* A head the forger may sign: its own origin's. */
			ASSERT_OK(dsr_head_decode(e->head.data, e->head.len, &h));
			memcpy(h.origin, m->pk, 32);
			dsr_head_sign(&h, m->sk);
			dsr_head_encode(&h, e->head.data);
			break;
		case DROP_FIRST:
			keep = false;
			break;
		}
		*len = dpb__peer_msg__pack(pm, body);
	}
	dpb__peer_msg__free_unpacked(pm, NULL);
	return keep;
}

/* One-off sync a -> b through the filter (b only receives). */
static void push(dsr_store *sa, dsr_store *sb, struct mut *m, struct rt_reports *rb)
{
	struct rt_reports ra = { 0 };
	dsr_repl *a, *b;
	a = rt_new(sa, DSR_REPL_SEND | DSR_REPL_ONCE, &ra);
	b = rt_new(sb, DSR_REPL_RECV, rb);
	ASSERT_OK(dsr_repl_start(a));
	ASSERT_OK(dsr_repl_start(b));
	rt_run(a, b, m ? mutate : NULL, m);
	dsr_repl_free(a);
	dsr_repl_free(b);
}

static void test_refusals(void)
{
	dsr_store *a = rt_open("va"), *b = rt_open("vb");
	uint64_t na = rt_fill(a, 5000, 11);
	rt_fill(b, 300, 12);
	uint8_t before[DSR_HASH_LEN], after[DSR_HASH_LEN];
	rt_digest(b, before);
	uint64_t nb = rt_events(b);
	int modes[] = { TAMPER, FORGE_SIG, FORGE_ORIGIN, DROP_FIRST };
	for (size_t i = 0; i < sizeof modes / sizeof *modes; i++) {
		struct mut m = { .mode = modes[i], .nth = 0 };
		crypto_sign_keypair(m.pk, m.sk);
		struct rt_reports rb = { 0 };
		push(a, b, &m, &rb);
		/* The first batch was refused (or lost): nothing of A's is
		 * stored, later batches find a gap, B is unharmed. */
		ASSERT_EQ(rt_vv(b, dsr_store_origin(a)), 0);
		ASSERT_EQ(rt_events(b), nb);
		rt_digest(b, after);
		ASSERT_MEM(before, after, DSR_HASH_LEN);
		ASSERT(rb.refused >= 1);
		ASSERT_EQ(rb.forks, 0);
	}
	/* A batch refused later in the stream leaves the earlier ones. */
	struct mut m = { .mode = TAMPER, .nth = 1 };
	struct rt_reports rb = { 0 };
	push(a, b, &m, &rb);
	ASSERT_EQ(rt_vv(b, dsr_store_origin(a)), RT_BATCH);
	ASSERT(rb.refused >= 1);
	/* An honest sync then completes it. */
	rb = (struct rt_reports){ 0 };
	push(a, b, NULL, &rb);
	ASSERT_EQ(rb.n, 0);
	ASSERT_EQ(rt_vv(b, dsr_store_origin(a)), na);
	/* Everything again: all duplicates, nothing changes. */
	rt_digest(b, before);
	dsr_repl *x, *y;
	struct rt_reports rx = { 0 };
	x = rt_new(a, DSR_REPL_SEND | DSR_REPL_ONCE, &rx);
	y = rt_new(b, DSR_REPL_RECV, &rb);
	ASSERT_OK(dsr_repl_assume(x, dsr_store_origin(a), 0));
	dsr_repl_assume_done(x);
	ASSERT_OK(dsr_repl_start(x));
	rt_run(x, y, NULL, NULL);
	ASSERT_EQ(rb.n, 0);
	dsr_repl_stats st;
	ASSERT_OK(dsr_repl_stats_get(y, &st));
	ASSERT_EQ(st.events_received, 0);
	rt_digest(b, after);
	ASSERT_MEM(before, after, DSR_HASH_LEN);
	dsr_repl_free(x);
	dsr_repl_free(y);
	dsr_store_close(a);
	dsr_store_close(b);
}

/* The link op checks the chain inside the transaction. */
static void test_link_op(void)
{
	dsr_store *a = rt_open("la");
	uint64_t n = rt_fill(a, 50, 13);
	uint8_t link[DSR_ORIGIN_LEN + 8 + DSR_HASH_LEN];
	memcpy(link, dsr_store_origin(a), DSR_ORIGIN_LEN);
	for (int i = 0; i < 8; i++)
		link[DSR_ORIGIN_LEN + i] = (uint8_t)(n >> (56 - 8 * i));
	dsr_rtxn *t;
	ASSERT_OK(dsr_rtxn_begin(a, &t));
	ASSERT_OK(dsr_event_hash_at(t, dsr_store_origin(a), n, link + DSR_ORIGIN_LEN + 8));
	dsr_rtxn_end(t);
	dsr_op op = { .type = DSR_OP_LINK, .bytes = link, .len = sizeof link };
	ASSERT_OK(dsr_store_apply(a, &op, 1, 0));
	ASSERT_EQ(op.status, 0);
	link[sizeof link - 1] ^= 1;
	ASSERT_OK(dsr_store_apply(a, &op, 1, 0));
	ASSERT_EQ(op.status, DSR_EFORK);
	link[DSR_ORIGIN_LEN + 7]++;  /* seq n + 1: not held */
	ASSERT_OK(dsr_store_apply(a, &op, 1, 0));
	ASSERT_EQ(op.status, DSR_EGAP);
	dsr_store_close(a);
}

/* Two copies of one replica (same key) write different events after the
 * copy: a fork. */
static void test_fork(void)
{
	dsr_store *o = rt_open("fo");
	rt_fill(o, 400, 14);
	uint8_t origin[DSR_ORIGIN_LEN];
	memcpy(origin, dsr_store_origin(o), DSR_ORIGIN_LEN);
	dsr_store_close(o);
	rt_copy("fo", "fo2");
	rt_copy("fo", "fo3");
	o = rt_open("fo");
	dsr_store *o2 = rt_open("fo2"), *o3 = rt_open("fo3");
	ASSERT_MEM(dsr_store_origin(o2), origin, DSR_ORIGIN_LEN);
	rt_fill(o, 200, 15);
	rt_fill(o2, 300, 16);
	rt_fill(o3, 200, 17);  /* same length as o's branch: equal seqs */

	dsr_store *b = rt_open("fb"), *c1 = rt_open("fc1"), *c2 = rt_open("fc2");
	rt_fill(b, 250, 18);
	struct rt_reports x = { 0 }, y = { 0 };
	/* c1 takes o's branch, c2 o2's, before anyone knows of the fork. */
	rt_sync(c1, o, &x, &y);
	rt_sync(c2, o2, &x, &y);
	ASSERT_EQ(x.n + y.n, 0);
	/* b learns o's branch, then meets o2's: the batch does not continue
	 * b's chain under o's signed head — proven, quarantined. */
	rt_sync(b, o, &x, &y);
	ASSERT_EQ(x.forks + y.forks, 0);
	uint64_t bev = rt_events(b);
	rt_sync(b, o2, &x, &y);
	ASSERT_EQ(x.forks, 1);
	ASSERT_EQ(y.forks, 1);  /* o2 got the evidence from b */
	ASSERT_EQ(rt_events(b), bev);  /* nothing of o2's branch stored */
	dsr_rtxn *t;
	ASSERT_OK(dsr_rtxn_begin(b, &t));
	ASSERT(dsr_quarantined(t, origin, NULL, NULL));
	dsr_rtxn_end(t);
	ASSERT_OK(dsr_rtxn_begin(o2, &t));
	ASSERT(dsr_quarantined(t, origin, NULL, NULL));
	dsr_rtxn_end(t);

	/* o3 has as many events as b holds of o's branch: the two vectors
	 * show two signed heads at one seq. */
	struct rt_reports p = { 0 }, q = { 0 };
	rt_sync(o3, o, &p, &q);
	ASSERT_EQ(p.forks, 1);
	ASSERT_EQ(q.forks, 1);

	/* c1 holds o's branch, c2 o2's; both then meet b (only b's own
	 * events and the evidence move).  Quarantine hides the origin from
	 * the views whichever branch a replica holds: same views. */
	x = y = (struct rt_reports){ 0 };
	ASSERT(rt_vv(c1, origin) > 0 && rt_vv(c2, origin) > 0);
	rt_sync(c1, b, &x, &y);
	rt_sync(c2, b, &x, &y);
	ASSERT_OK(dsr_rtxn_begin(c2, &t));
	ASSERT(dsr_quarantined(t, origin, NULL, NULL));
	dsr_rtxn_end(t);
	digest_eq(c1, c2);
	digest_eq(c1, b);
	/* A fresh replica that never held the origin agrees too. */
	dsr_store *d = rt_open("fd");
	rt_sync(d, b, &x, &y);
	ASSERT_EQ(rt_vv(d, origin), 0);   /* quarantined origins are not sent */
	digest_eq(d, b);
	/* And is refused the forked origin's events by anyone. */
	dsr_repl *s1, *s2;
	struct rt_reports r1 = { 0 }, r2 = { 0 };
	s1 = rt_new(o3, DSR_REPL_SEND | DSR_REPL_ONCE | DSR_REPL_NO_VECTOR, &r1);
	s2 = rt_new(d, DSR_REPL_RECV, &r2);
	ASSERT_OK(dsr_repl_assume(s1, origin, 0));
	dsr_repl_assume_done(s1);
	rt_run(s1, s2, NULL, NULL);  /* o3 knows too, so sends none */
	dsr_repl_free(s1);
	dsr_repl_free(s2);
	ASSERT_EQ(rt_vv(d, origin), 0);
	dsr_store_close(o);
	dsr_store_close(o2);
	dsr_store_close(o3);
	dsr_store_close(b);
	dsr_store_close(c1);
	dsr_store_close(c2);
	dsr_store_close(d);
}

/* Evidence that does not prove a fork is refused by the store. */
static void test_bad_evidence(void)
{
	dsr_store *a = rt_open("ea");
	uint64_t n = rt_fill(a, 20, 19);
	dsr_rtxn *t;
	dsr_head h1, h2;
	ASSERT_OK(dsr_rtxn_begin(a, &t));
	ASSERT_OK(dsr_head_at_vv(t, dsr_store_origin(a), n, &h1));
	dsr_rtxn_end(t);
	h2 = h1;
	dsr_buf ev = DSR_BUF_INIT;
	ASSERT_OK(dsr_fork_encode(&h1, &h2, NULL, NULL, 0, &ev));
	dsr_op op = { .type = DSR_OP_QUARANTINE, .bytes = ev.data, .len = ev.len };
	ASSERT_OK(dsr_store_apply(a, &op, 1, 0));
	ASSERT_EQ(op.status, DSR_EINVAL);  /* the heads agree */
	h2.hash[0] ^= 1;                   /* unsigned change */
	ASSERT_OK(dsr_fork_encode(&h1, &h2, NULL, NULL, 0, &ev));
	op.bytes = ev.data;
	op.len = ev.len;
	ASSERT_OK(dsr_store_apply(a, &op, 1, 0));
	ASSERT_EQ(op.status, DSR_EBADSIG);
	ASSERT_OK(dsr_rtxn_begin(a, &t));
	ASSERT(!dsr_quarantined(t, dsr_store_origin(a), NULL, NULL));
	dsr_rtxn_end(t);
	dsr_buf_free(&ev);
	dsr_store_close(a);
}

static const struct test_case cases[] = {
	TEST_CASE(refusals),
	TEST_CASE(link_op),
	TEST_CASE(fork),
	TEST_CASE(bad_evidence),
};

int main(int argc, char **argv)
{
	TEST_ARGS(argc, argv, cases);
	test_run();
	puts("ok");
	return 0;
}
