/* repltest.c: helpers for the replication unit tests (see repltest.h). */
#include "repltest.h"
#include "base/api.h"
#include "error.h"
#include "payload.h"
#include "evgen.h"
#include "test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void path_of(const char *name, char *out, size_t n)
{
	snprintf(out, n, "%s/%s", test_tmpdir(), name);
}

dsr_store *rt_open(const char *name)
{
	char p[512];
	path_of(name, p, sizeof p);
	dsr_store *s;
	dsr_store_opts o = { DSR_STORE_NOSYNC, 0 };
	ASSERT_OK(dsr_store_open(&s, p, &o));
	return s;
}

dsr_store *rt_reopen(dsr_store *s, const char *name)
{
	dsr_store_close(s);
	return rt_open(name);
}

void rt_copy(const char *from, const char *to)
{
	char a[512], b[512], cmd[1600];
	path_of(from, a, sizeof a);
	path_of(to, b, sizeof b);
	snprintf(cmd, sizeof cmd, "mkdir -p '%s' && cp '%s/data.mdb' '%s/data.mdb'", b, a, b);
	ASSERT_EQ(system(cmd), 0);
}

/* Facts an analyst adds by hand have ids derived from the event that
 * carries them: the store derives them again for the new envelope. */
static void clear_handmade_ids(Dpb__Event *ev)
{
#define CLEAR_NONE(f)
#define CLEAR_ARTICLE(f)
#define CLEAR_NAME(f)                                                           \
	if (!ev->f->article.len)                                                \
		ev->f->id.len = 0;
#define CLEAR_SPAN(f) CLEAR_NAME(f)
	switch (ev->payload_case) {
#define XX(CASE, field, factid) case DPB__EVENT__PAYLOAD_##CASE: CLEAR_##factid(field) break;
	DSR_PAYLOADS(XX)
#undef XX
	DSR_PAYLOAD_NO_CASES:
		break;
	}
}

uint64_t rt_fill(dsr_store *s, size_t n, uint64_t seed)
{
	evgen_list l = { 0 };
	ASSERT_OK(evgen_mixed(&l, n, 1, seed));
	enum { B = 100 };
	for (size_t i = 0; i < l.n; i += B) {
		dsr_op ops[B];
		Dpb__Event *evs[B];
		size_t k = 0;
		for (; k < B && i + k < l.n; k++) {
			evs[k] = dpb__event__unpack(NULL, l.ev[i + k].len, l.ev[i + k].data);
			ASSERT(evs[k]);
			clear_handmade_ids(evs[k]);
			memset(&ops[k], 0, sizeof ops[k]);
			ops[k].type = DSR_OP_LOCAL;
			ops[k].event = evs[k];
			ops[k].author = evs[k]->author;
		}
		ASSERT_OK(dsr_store_apply(s, ops, k, 1416787200000ull + i));
		for (size_t j = 0; j < k; j++) {
			if (ops[j].status && ops[j].status != DSR_EDUP)
				TEST_FAIL("local event %zu: %s", i + j, dsr_strerror(ops[j].status));
			dpb__event__free_unpacked(evs[j], NULL);
		}
	}
	evgen_list_free(&l);
	return rt_vv(s, dsr_store_origin(s));
}

void rt_digest(dsr_store *s, uint8_t out[DSR_HASH_LEN])
{
	dsr_rtxn *t;
	ASSERT_OK(dsr_rtxn_begin(s, &t));
	ASSERT_OK(dsr_store_digest(t, out));
	dsr_rtxn_end(t);
}

void rt_digest_rebuilt(dsr_store *s, uint8_t out[DSR_HASH_LEN])
{
	uint8_t b[DSR_HASH_LEN];
	rt_digest(s, out);
	ASSERT_OK(dsr_store_rebuild(s));
	rt_digest(s, b);
	ASSERT_MEM(out, b, DSR_HASH_LEN);
}

uint64_t rt_vv(dsr_store *s, const uint8_t *origin)
{
	dsr_rtxn *t;
	dsr_vv_entry e;
	ASSERT_OK(dsr_rtxn_begin(s, &t));
	ASSERT_OK(dsr_vv_get(t, origin, &e));
	dsr_rtxn_end(t);
	return e.seq;
}

uint64_t rt_events(dsr_store *s)
{
	dsr_rtxn *t;
	dsr_store_stats st;
	ASSERT_OK(dsr_rtxn_begin(s, &t));
	ASSERT_OK(dsr_store_stats_get(t, &st));
	dsr_rtxn_end(t);
	return st.events;
}

dsr_repl *rt_new(dsr_store *s, unsigned flags, struct rt_reports *rep)
{
	dsr_repl *r;
	ASSERT_OK(dsr_repl_new(&r, s, flags, rt_report, rep));
	dsr_repl_set_batch(r, RT_BATCH, 1u << 20);
	return r;
}

void rt_report(void *ctx, int err, const char *msg)
{
	struct rt_reports *r = ctx;
	r->n++;
	r->last_err = err;
	snprintf(r->last, sizeof r->last, "%s", msg);
	if (err == DSR_EFORK && strstr(msg, "quarantining"))
		r->forks++;
	if (strstr(msg, "refused a batch"))
		r->refused++;
	if (getenv("RT_VERBOSE"))
		fprintf(stderr, "report: %s (%s)\n", msg, dsr_strerror(err));
}

int rt_deliver(dsr_repl *a, dsr_repl *b, rt_filter f, void *ctx)
{
	dsr_buf out = DSR_BUF_INIT;
	ASSERT_OK(dsr_repl_out(a, &out));
	int n = 0;
	for (size_t off = 0; off < out.len;) {
		ASSERT(out.len - off >= 4);
		size_t len = (size_t)out.data[off] << 24 | (size_t)out.data[off + 1] << 16 |
			     (size_t)out.data[off + 2] << 8 | out.data[off + 3];
		ASSERT(out.len - off - 4 >= len);
		uint8_t *body = malloc(len + 1);
		memcpy(body, out.data + off + 4, len);
		size_t blen = len;
		if (!f || f(ctx, body, &blen)) {
			int rc = dsr_repl_recv_bytes(b, body, blen);
			if (rc < 0) {
				Dpb__PeerMsg *m = dpb__peer_msg__unpack(NULL, blen, body);
				if (m && m->body_case == DPB__PEER_MSG__BODY_EVENTS)
					fprintf(stderr, "events first %llu n %zu head %zu\n",
						(unsigned long long)m->events->first,
						m->events->n_events, m->events->head.len);
				TEST_FAIL("recv of a message of kind %d (%zu bytes): %s",
					  m ? (int)m->body_case : -1, blen, dsr_strerror(rc));
			}
			n++;
		}
		free(body);
		off += 4 + len;
	}
	dsr_buf_free(&out);
	return n;
}

int rt_run(dsr_repl *a, dsr_repl *b, rt_filter f, void *ctx)
{
	int rounds = 0;
	for (;; rounds++) {
		ASSERT(rounds < 100000);
		ASSERT_OK(dsr_repl_pump(a));
		ASSERT_OK(dsr_repl_pump(b));
		int moved = rt_deliver(a, b, f, ctx) + rt_deliver(b, a, f, ctx);
		int fa = dsr_repl_apply_sync(a, 1416787200000ull);
		int fb = dsr_repl_apply_sync(b, 1416787200000ull);
		ASSERT_OK(fa);
		ASSERT_OK(fb);
		if (!moved && !dsr_repl_out_len(a) && !dsr_repl_out_len(b) &&
		    !dsr_repl_pending(a) && !dsr_repl_pending(b)) {
			ASSERT_OK(dsr_repl_pump(a));
			ASSERT_OK(dsr_repl_pump(b));
			if (!dsr_repl_out_len(a) && !dsr_repl_out_len(b))
				return rounds;
		}
	}
}

void rt_sync(dsr_store *sa, dsr_store *sb, struct rt_reports *ra, struct rt_reports *rb)
{
	dsr_repl *a, *b;
	unsigned fl = DSR_REPL_SEND | DSR_REPL_RECV | DSR_REPL_ONCE;
	a = rt_new(sa, fl, ra);
	b = rt_new(sb, DSR_REPL_SEND | DSR_REPL_RECV, rb);
	ASSERT_OK(dsr_repl_start(a));
	ASSERT_OK(dsr_repl_start(b));
	rt_run(a, b, NULL, NULL);
	ASSERT(dsr_repl_done(a));
	ASSERT(dsr_repl_done(b));
	dsr_repl_free(a);
	dsr_repl_free(b);
}

void rt_ack_written(dsr_repl *w, const dsr_buf *out)
{
	for (size_t off = 0; off < out->len;) {
		size_t len = dsr__get_be32(out->data + off);
		Dpb__PeerMsg *m = dpb__peer_msg__unpack(NULL, len, out->data + off + 4);
		ASSERT(m);
		Dpb__PeerAck ack;
		if (dsr_bundle_ack(m, &ack)) {
			Dpb__PeerMsg am = DPB__PEER_MSG__INIT;
			am.body_case = DPB__PEER_MSG__BODY_ACK;
			am.ack = &ack;
			ASSERT_OK(dsr_repl_recv(w, &am));
		}
		dpb__peer_msg__free_unpacked(m, NULL);
		off += 4 + len;
	}
}

void rt_bundle(dsr_store *s, const char *path)
{
	struct rt_reports rep = { 0 };
	dsr_repl *w = rt_new(s, DSR_REPL_SEND | DSR_REPL_ONCE, &rep);
	dsr_repl_assume_done(w);
	ASSERT_OK(dsr_repl_start(w));
	FILE *f = fopen(path, "wb");
	ASSERT(f);
	uint8_t hdr[DSR_BUNDLE_HDR];
	dsr_bundle_header(hdr);
	ASSERT_EQ(fwrite(hdr, 1, sizeof hdr, f), sizeof hdr);
	while (!dsr_repl_done(w)) {
		ASSERT_OK(dsr_repl_pump(w));
		dsr_buf out = DSR_BUF_INIT;
		ASSERT_OK(dsr_repl_out(w, &out));
		rt_ack_written(w, &out);
		ASSERT_EQ(fwrite(out.data, 1, out.len, f), out.len);
		dsr_buf_free(&out);
	}
	ASSERT_EQ(fclose(f), 0);
	ASSERT_EQ(rep.n, 0);
	dsr_repl_free(w);
}
