/* bench_repl_core.c: where catch-up time goes, without a network or a
 * daemon.  On the events of store SRC, in one run:
 *   raw    raw LMDB: scan SRC's log, append each record to a fresh
 *          environment (MDB_APPEND), a durable commit per BATCH records;
 *   store  dsr_store_apply of the same events as DSR_OP_RAW, BATCH per
 *          durable transaction: the store's own ceiling (views included);
 *   repl   the replication state machine: a sending session on SRC and a
 *          receiving one on a fresh store wired back to back in memory,
 *          each batch checked and applied as one group.
 *
 * usage: bench_repl_core SRC_DIR WORK_DIR [BATCH] */
#include "error.h"
#include "frame.h"
#include "repl.h"
#include "store.h"

#include <lmdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what, int rc)
{
	fprintf(stderr, "bench_repl_core: %s: %s\n", what, dsr_strerror(rc));
	exit(1);
}

static void rmrf(const char *d)
{
	char cmd[1200];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", d);
	if (system(cmd) != 0)
		exit(1);
}

static dsr_store *fresh(const char *dir)
{
	rmrf(dir);
	dsr_store *s;
	int rc = dsr_store_open(&s, dir, NULL);
	if (rc)
		die(dir, rc);
	return s;
}

static double run_store(dsr_store *src, const char *dir, size_t batch, uint64_t *n)
{
	dsr_store *dst = fresh(dir);
	dsr_rtxn *t;
	int rc = dsr_rtxn_begin(src, &t);
	if (rc)
		die("rtxn", rc);
	uint64_t end = dsr_log_end(t);
	dsr_op *ops = calloc(batch, sizeof *ops);
	double t0 = now();
	*n = 0;
	for (uint64_t pos = 1; pos < end;) {
		size_t k = 0;
		for (; k < batch && pos < end; k++, pos++) {
			memset(&ops[k], 0, sizeof ops[k]);
			ops[k].type = DSR_OP_RAW;
			if ((rc = dsr_log_get(t, pos, &ops[k].bytes, &ops[k].len)))
				die("log", rc);
		}
		if ((rc = dsr_store_apply(dst, ops, k, 0)) < 0)
			die("apply", rc);
		*n += (uint64_t)rc;
	}
	double dt = now() - t0;
	dsr_rtxn_end(t);
	free(ops);
	dsr_store_close(dst);
	return dt;
}

static void deliver(dsr_repl *a, dsr_repl *b)
{
	dsr_buf out = DSR_BUF_INIT;
	dsr_repl_out(a, &out);
	for (size_t off = 0; off < out.len;) {
		size_t len = (size_t)out.data[off] << 24 | (size_t)out.data[off + 1] << 16 |
			     (size_t)out.data[off + 2] << 8 | out.data[off + 3];
		int rc = dsr_repl_recv_bytes(b, out.data + off + 4, len);
		if (rc)
			die("recv", rc);
		off += 4 + len;
	}
	dsr_buf_free(&out);
}

static double run_repl(dsr_store *src, const char *dir, uint64_t *n)
{
	dsr_store *dst = fresh(dir);
	dsr_repl *a, *b;
	dsr_repl_new(&a, src, DSR_REPL_SEND | DSR_REPL_ONCE, NULL, NULL);
	dsr_repl_new(&b, dst, DSR_REPL_RECV, NULL, NULL);
	double t0 = now();
	dsr_repl_start(a);
	dsr_repl_start(b);
	while (!dsr_repl_done(a)) {
		int rc = dsr_repl_pump(a);
		if (rc)
			die("pump", rc);
		deliver(a, b);
		if ((rc = dsr_repl_apply_sync(b, 0)) < 0)
			die("apply", rc);
		deliver(b, a);
	}
	double dt = now() - t0;
	dsr_repl_stats st;
	dsr_repl_stats_get(b, &st);
	*n = st.events_received;
	dsr_repl_free(a);
	dsr_repl_free(b);
	dsr_store_close(dst);
	return dt;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: bench_repl_core SRC_DIR WORK_DIR [BATCH]\n");
		return 2;
	}
	size_t batch = argc > 3 ? strtoull(argv[3], NULL, 10) : DSR_REPL_BATCH_EVENTS;
	char dir[1024];
	snprintf(dir, sizeof dir, "%s/core-dst", argv[2]);
	dsr_store *src;
	dsr_store_opts o = { DSR_STORE_NOCREATE, 0 };
	int rc = dsr_store_open(&src, argv[1], &o);
	if (rc)
		die(argv[1], rc);
	uint64_t n1, n2;
	double ts = run_store(src, dir, batch, &n1);
	double tr = run_repl(src, dir, &n2);
	printf("store %llu %.3f %.0f\n", (unsigned long long)n1, ts, (double)n1 / ts);
	printf("repl %llu %.3f %.0f\n", (unsigned long long)n2, tr, (double)n2 / tr);
	dsr_store_close(src);
	rmrf(dir);
	return 0;
}
