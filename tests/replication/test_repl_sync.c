/* test_repl_sync.c: two and three stores replicating through the core
 * state machine: a one-off sync both ways, a relay that was never written
 * for, continuous tailing, rotation of this replica's origin, bundles
 * read twice, and checkpoints thinned out. */
#include "repltest.h"
#include "error.h"
#include "test.h"

#include <string.h>

static void same_views(dsr_store *a, dsr_store *b)
{
	uint8_t da[DSR_HASH_LEN], db[DSR_HASH_LEN];
	ASSERT_EQ(rt_events(a), rt_events(b));
	rt_digest(a, da);
	rt_digest_rebuilt(b, db);
	ASSERT_MEM(da, db, DSR_HASH_LEN);
	ASSERT_EQ(rt_events(a), rt_events(b));
}

static void test_two_way(void)
{
	dsr_store *a = rt_open("a"), *b = rt_open("b");
	uint64_t na = rt_fill(a, 3000, 1), nb = rt_fill(b, 1200, 2);
	struct rt_reports ra = { 0 }, rb = { 0 };
	rt_sync(a, b, &ra, &rb);
	ASSERT_EQ(ra.n, 0);
	ASSERT_EQ(rb.n, 0);
	ASSERT_EQ(rt_vv(b, dsr_store_origin(a)), na);
	ASSERT_EQ(rt_vv(a, dsr_store_origin(b)), nb);
	same_views(a, b);
	/* Nothing left to say: a second sync moves nothing. */
	uint64_t before = rt_events(a);
	rt_sync(b, a, &ra, &rb);
	ASSERT_EQ(rt_events(a), before);
	dsr_store_close(a);
	dsr_store_close(b);
}

/* A <-> R <-> B: B gets A's events through R, heads and all, though R
 * cut no batch of A's itself. */
static void test_relay(void)
{
	dsr_store *a = rt_open("ra"), *r = rt_open("rr"), *b = rt_open("rb");
	uint64_t na = rt_fill(a, 9000, 3);
	rt_fill(b, 500, 4);
	struct rt_reports x = { 0 }, y = { 0 };
	rt_sync(a, r, &x, &y);
	rt_sync(r, b, &x, &y);
	ASSERT_EQ(x.n + y.n, 0);
	ASSERT_EQ(rt_vv(b, dsr_store_origin(a)), na);
	/* B holds A's newest head and can pass A's events on in turn. */
	dsr_rtxn *t;
	dsr_head h;
	ASSERT_OK(dsr_rtxn_begin(b, &t));
	ASSERT_OK(dsr_head_get(t, dsr_store_origin(a), &h));
	ASSERT_EQ(h.seq, na);
	ASSERT(dsr_head_verify(&h));
	/* Checkpoints: enough to cut batches, few enough not to matter. */
	size_t ncp = 0;
	for (uint64_t from = 1; from <= na; ncp++) {
		ASSERT_OK(dsr_checkpoint_find(t, dsr_store_origin(a), from, &h));
		ASSERT(h.seq >= from);
		ASSERT(h.seq - from < RT_BATCH + DSR_REPL_CHECKPOINT_GAP);
		from = h.seq + 1;
	}
	ASSERT(ncp >= na / (RT_BATCH + DSR_REPL_CHECKPOINT_GAP));
	dsr_rtxn_end(t);
	dsr_store *c = rt_open("rc");
	rt_sync(c, b, &x, &y);
	ASSERT_EQ(rt_vv(c, dsr_store_origin(a)), na);
	same_views(r, b);
	same_views(b, c);
	dsr_store_close(a);
	dsr_store_close(r);
	dsr_store_close(b);
	dsr_store_close(c);
}

/* Continuous sessions: new events flow as they are written, both ways. */
static void test_continuous(void)
{
	dsr_store *a = rt_open("ca"), *b = rt_open("cb");
	struct rt_reports ra = { 0 }, rb = { 0 };
	dsr_repl *x, *y;
	unsigned fl = DSR_REPL_SEND | DSR_REPL_RECV;
	x = rt_new(a, fl, &ra);
	y = rt_new(b, fl, &rb);
	ASSERT_OK(dsr_repl_start(x));
	ASSERT_OK(dsr_repl_start(y));
	rt_run(x, y, NULL, NULL);
	for (int round = 0; round < 5; round++) {
		rt_fill(a, 150, 10 + (uint64_t)round);
		rt_fill(b, 90, 20 + (uint64_t)round);
		rt_run(x, y, NULL, NULL);
		ASSERT_EQ(rt_vv(b, dsr_store_origin(a)), rt_vv(a, dsr_store_origin(a)));
		ASSERT_EQ(rt_vv(a, dsr_store_origin(b)), rt_vv(b, dsr_store_origin(b)));
	}
	ASSERT(!dsr_repl_done(x));
	dsr_repl_stats st;
	ASSERT_OK(dsr_repl_stats_get(x, &st));
	ASSERT_EQ(st.lag_events, 0);
	ASSERT_EQ(st.peer_ahead, 0);
	ASSERT_EQ(st.events_sent, rt_vv(a, dsr_store_origin(a)));
	ASSERT_EQ(st.events_received, rt_vv(b, dsr_store_origin(b)));
	ASSERT_EQ(ra.n + rb.n, 0);
	dsr_repl_free(x);
	dsr_repl_free(y);
	same_views(a, b);
	dsr_store_close(a);
	dsr_store_close(b);
}

/* The restore guard: a new origin per start; events of the old one can
 * still be sent, in batches signed with the old key. */
static void test_new_origin(void)
{
	dsr_store *a = rt_open("na");
	uint8_t o1[DSR_ORIGIN_LEN], o2[DSR_ORIGIN_LEN];
	uint64_t n1 = rt_fill(a, 5000, 5);
	memcpy(o1, dsr_store_origin(a), DSR_ORIGIN_LEN);
	ASSERT_OK(dsr_store_new_origin(a));
	memcpy(o2, dsr_store_origin(a), DSR_ORIGIN_LEN);
	ASSERT(memcmp(o1, o2, DSR_ORIGIN_LEN) != 0);
	a = rt_reopen(a, "na");
	ASSERT_MEM(dsr_store_origin(a), o2, DSR_ORIGIN_LEN);
	uint64_t n2 = rt_fill(a, 300, 6);
	ASSERT_EQ(rt_vv(a, o1), n1);
	/* Rotating again with nothing written under o2's successor keeps
	 * o2's key but not the unused one's. */
	ASSERT_OK(dsr_store_new_origin(a));
	ASSERT_OK(dsr_store_new_origin(a));
	dsr_store *b = rt_open("nb");
	struct rt_reports ra = { 0 }, rb = { 0 };
	rt_sync(b, a, &rb, &ra);
	ASSERT_EQ(ra.n + rb.n, 0);
	ASSERT_EQ(rt_vv(b, o1), n1);
	ASSERT_EQ(rt_vv(b, o2), n2);
	same_views(a, b);
	dsr_rtxn *t;
	uint8_t sk[64];
	ASSERT_OK(dsr_rtxn_begin(a, &t));
	ASSERT_OK(dsr_own_key(t, o1, sk));
	ASSERT_OK(dsr_own_key(t, o2, sk));
	ASSERT_EQ(dsr_own_key(t, dsr_store_origin(b), sk), DSR_ENOTFOUND);
	dsr_rtxn_end(t);
	dsr_store_close(a);
	dsr_store_close(b);
}

/* A bundle: the stream of a send-only session, read by a receive-only
 * one; reading it twice changes nothing. */
static void test_bundle(void)
{
	dsr_store *a = rt_open("ba"), *b = rt_open("bb");
	uint64_t na = rt_fill(a, 4000, 7);
	rt_fill(b, 100, 8);
	struct rt_reports ra = { 0 }, rb = { 0 };
	dsr_repl *w;
	w = rt_new(a, DSR_REPL_SEND | DSR_REPL_ONCE, &ra);
	/* The reader already has the first 1000 of A's events (--since). */
	dsr_store *c = rt_open("bc");
	ASSERT_OK(dsr_repl_assume(w, dsr_store_origin(a), 0));
	dsr_repl_assume_done(w);
	ASSERT_OK(dsr_repl_start(w));
	dsr_buf file = DSR_BUF_INIT;
	while (!dsr_repl_sent_done(w)) {
		ASSERT_OK(dsr_repl_pump(w));
		/* The writer of the file acknowledges each batch it wrote. */
		dsr_buf out = DSR_BUF_INIT;
		ASSERT_OK(dsr_repl_out(w, &out));
		rt_ack_written(w, &out);
		ASSERT_OK(dsr_buf_append(&file, out.data, out.len));
		dsr_buf_free(&out);
	}
	ASSERT(dsr_repl_done(w));
	dsr_repl_free(w);
	(void)c;
	for (int pass = 0; pass < 2; pass++) {
		dsr_repl *rd;
		rd = rt_new(b, DSR_REPL_RECV | DSR_REPL_ONCE, &rb);
		for (size_t off = 0; off < file.len;) {
			size_t len = (size_t)file.data[off] << 24 | (size_t)file.data[off + 1] << 16 |
				     (size_t)file.data[off + 2] << 8 | file.data[off + 3];
			ASSERT_OK(dsr_repl_recv_bytes(rd, file.data + off + 4, len));
			ASSERT_OK(dsr_repl_apply_sync(rd, 0));
			off += 4 + len;
		}
		ASSERT(dsr_repl_done(rd));
		dsr_repl_stats st;
		ASSERT_OK(dsr_repl_stats_get(rd, &st));
		ASSERT_EQ(st.events_received, pass == 0 ? na : 0);
		ASSERT_EQ(st.rejected, 0);
		dsr_repl_free(rd);
		ASSERT_EQ(rt_vv(b, dsr_store_origin(a)), na);
	}
	ASSERT_EQ(rb.n, 0);
	dsr_buf_free(&file);
	dsr_store_close(a);
	dsr_store_close(b);
	dsr_store_close(c);
}

static const struct test_case cases[] = {
	TEST_CASE(two_way),
	TEST_CASE(relay),
	TEST_CASE(continuous),
	TEST_CASE(new_origin),
	TEST_CASE(bundle),
};

int main(int argc, char **argv)
{
	TEST_ARGS(argc, argv, cases);
	test_run();
	puts("ok");
	return 0;
}
