/* gen_peer_corpus.c: writes the seed corpus of fuzz_peer (run by hand:
 * gen_peer_corpus DIR): what one store's sending session says to an empty
 * peer — its vector, whole batches, a batch split over two messages,
 * PeerDone — and fork evidence between two copies of one replica. */
#include "repltest.h"
#include "error.h"
#include "frame.h"
#include "test.h"

#include <stdio.h>
#include <string.h>

static const char *outdir;

static void save(const char *name, const dsr_buf *b)
{
	char p[1024];
	snprintf(p, sizeof p, "%s/%s", outdir, name);
	FILE *f = fopen(p, "wb");
	if (!f || fwrite(b->data, 1, b->len, f) != b->len)
		TEST_FAIL("cannot write %s", p);
	fclose(f);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: gen_peer_corpus DIR\n");
		return 2;
	}
	outdir = argv[1];
	dsr_store *a = rt_open("a");
	rt_fill(a, 60, 1);
	struct rt_reports rep = { 0 };
	dsr_repl *s = rt_new(a, DSR_REPL_SEND | DSR_REPL_ONCE, &rep);
	dsr_repl_set_batch(s, 25, 1u << 20);
	ASSERT_OK(dsr_repl_start(s));
	dsr_buf vec = DSR_BUF_INIT, all = DSR_BUF_INIT;
	ASSERT_OK(dsr_repl_out(s, &vec));
	save("vector", &vec);
	dsr_repl_assume_done(s);
	ASSERT_OK(dsr_repl_pump(s));
	ASSERT_OK(dsr_repl_out(s, &all));
	save("batches", &all);
	dsr_buf whole = DSR_BUF_INIT;
	dsr_buf_append(&whole, vec.data, vec.len);
	dsr_buf_append(&whole, all.data, all.len);
	save("session", &whole);
	/* The first batch, split in two messages. */
	size_t len = (size_t)all.data[0] << 24 | (size_t)all.data[1] << 16 |
		     (size_t)all.data[2] << 8 | all.data[3];
	Dpb__PeerMsg *m = dpb__peer_msg__unpack(NULL, len, all.data + 4);
	ASSERT(m && m->body_case == DPB__PEER_MSG__BODY_EVENTS);
	Dpb__PeerEvents *pe = m->events;
	size_t n = pe->n_events, half = n / 2;
	ProtobufCBinaryData head = pe->head;
	dsr_buf split = DSR_BUF_INIT;
	for (int part = 0; part < 2; part++) {
		Dpb__PeerEvents p = *pe;
		p.events = pe->events + (part ? half : 0);
		p.n_events = part ? n - half : half;
		p.first = pe->first + (part ? half : 0);
		p.head = part ? head : (ProtobufCBinaryData){ 0, NULL };
		Dpb__PeerMsg pm = DPB__PEER_MSG__INIT;
		pm.body_case = DPB__PEER_MSG__BODY_EVENTS;
		pm.events = &p;
		size_t sz = dpb__peer_msg__get_packed_size(&pm);
		dsr_buf_reserve(&split, 4 + sz);
		dsr_frame_header(split.data + split.len, (uint32_t)sz);
		dpb__peer_msg__pack(&pm, split.data + split.len + 4);
		split.len += 4 + sz;
	}
	save("split", &split);
	dpb__peer_msg__free_unpacked(m, NULL);
	/* Fork evidence: two heads at one seq. */
	dsr_store_close(a);
	rt_copy("a", "a2");
	a = rt_open("a");
	dsr_store *a2 = rt_open("a2");
	rt_fill(a, 5, 2);
	rt_fill(a2, 5, 3);
	dsr_rtxn *t;
	dsr_head h1, h2;
	uint64_t seq = rt_vv(a, dsr_store_origin(a));
	ASSERT_OK(dsr_rtxn_begin(a, &t));
	ASSERT_OK(dsr_head_at_vv(t, dsr_store_origin(a), seq, &h1));
	dsr_rtxn_end(t);
	ASSERT_OK(dsr_rtxn_begin(a2, &t));
	ASSERT_OK(dsr_head_at_vv(t, dsr_store_origin(a2), seq, &h2));
	dsr_rtxn_end(t);
	dsr_buf ev = DSR_BUF_INIT, fork = DSR_BUF_INIT;
	ASSERT_OK(dsr_fork_encode(&h1, &h2, NULL, NULL, 0, &ev));
	Dpb__PeerFork f = DPB__PEER_FORK__INIT;
	f.evidence.data = ev.data;
	f.evidence.len = ev.len;
	Dpb__PeerMsg fm = DPB__PEER_MSG__INIT;
	fm.body_case = DPB__PEER_MSG__BODY_FORK;
	fm.fork = &f;
	size_t sz = dpb__peer_msg__get_packed_size(&fm);
	dsr_buf_reserve(&fork, 4 + sz);
	dsr_frame_header(fork.data, (uint32_t)sz);
	dpb__peer_msg__pack(&fm, fork.data + 4);
	fork.len = 4 + sz;
	save("fork", &fork);
	dsr_repl_free(s);
	dsr_store_close(a);
	dsr_store_close(a2);
	puts("ok");
	return 0;
}
