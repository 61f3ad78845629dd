/* bench_store.c: appending events with view updates, against raw LMDB.
 *
 * The events are the realistic mix that ingesting articles produces (an
 * article, then a few dozen facts about a recurring cast of actors).  For
 * batch sizes 1, 100 and 1000 it appends them to a fresh store (durable
 * commits, views updated in the same transaction) and, in the same run, puts
 * the same encoded bytes into a fresh LMDB environment with MDB_APPEND, one
 * transaction per batch.  Then the rebuild rate, and bytes on disk per
 * event against the encoded size.  Each figure is the median of 3 runs.
 *
 * usage: bench_store [DIR]   (default: a directory under /tmp; use a path on
 *        the disk you want measured)
 *        BENCH_BATCH=N measures only batch size N (for profiling), and skips
 *        the rebuild unless BENCH_REBUILD is set too.
 */
#include "evgen.h"
#include "error.h"
#include "store.h"

#include <errno.h>
#include <lmdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void rmrf(const char *d)
{
	char cmd[1300];   /* "rm -rf ''" and a path of up to 1200 */
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", d);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", d);
}

static double median3(double a, double b, double c)
{
	if (a > b) { double t = a; a = b; b = t; }
	if (b > c) { double t = b; b = c; c = t; }
	if (a > b) { double t = a; a = b; b = t; }
	return b;
}

/* Bytes this process has written with write(2) and friends so far. */
static double wchar(void)
{
	FILE *f = fopen("/proc/self/io", "r");
	char line[128];
	double v = 0;
	while (f && fgets(line, sizeof line, f))
		if (!strncmp(line, "wchar:", 6))
			v = atof(line + 6);
	if (f)
		fclose(f);
	return v;
}

static void die(const char *what, int rc)
{
	fprintf(stderr, "bench_store: %s: %s\n", what, dsr_strerror(rc));
	exit(1);
}

/* Raw LMDB: the log alone, MDB_APPEND, durable commits. */
static double run_raw(const char *dir, const evgen_list *l, size_t n, size_t batch)
{
	MDB_env *env;
	MDB_txn *txn;
	MDB_dbi dbi;
	mkdir(dir, 0700);
	mdb_env_create(&env);
	mdb_env_set_mapsize(env, (size_t)8 << 30);
	mdb_env_set_maxdbs(env, 4);
	if (mdb_env_open(env, dir, MDB_NOTLS, 0600))
		die("mdb_env_open", DSR_ELMDB);
	mdb_txn_begin(env, NULL, 0, &txn);
	mdb_dbi_open(txn, "log", MDB_CREATE, &dbi);
	mdb_txn_commit(txn);
	double t0 = now();
	uint64_t pos = 0;
	for (size_t i = 0; i < n; i += batch) {
		mdb_txn_begin(env, NULL, 0, &txn);
		for (size_t j = i; j < i + batch && j < n; j++) {
			uint8_t k[8];
			uint64_t p = ++pos;
			for (int b = 7; b >= 0; b--, p >>= 8)
				k[b] = (uint8_t)p;
			MDB_val key = { 8, k }, val = { l->ev[j].len, l->ev[j].data };
			if (mdb_put(txn, dbi, &key, &val, MDB_APPEND))
				die("mdb_put", DSR_ELMDB);
		}
		if (mdb_txn_commit(txn))
			die("mdb_txn_commit", DSR_ELMDB);
	}
	double dt = now() - t0;
	mdb_env_close(env);
	rmrf(dir);
	return (double)n / dt;
}

static double run_store(const char *dir, const evgen_list *l, size_t n, size_t batch,
			dsr_store **keep)
{
	dsr_store *s;
	dsr_store_opts o = { 0, 0 };
	int rc = dsr_store_open(&s, dir, &o);
	if (rc)
		die("open", rc);
	dsr_op *ops = calloc(batch, sizeof *ops);
	double t0 = now();
	for (size_t i = 0; i < n; i += batch) {
		size_t m = i + batch <= n ? batch : n - i;
		for (size_t j = 0; j < m; j++) {
			ops[j].type = DSR_OP_RAW;
			ops[j].bytes = l->ev[i + j].data;
			ops[j].len = l->ev[i + j].len;
		}
		rc = dsr_store_apply(s, ops, m, 0);
		if (rc != (int)m)
			die("apply", rc < 0 ? rc : ops[0].status);
	}
	double dt = now() - t0;
	free(ops);
	if (keep) {
		*keep = s;
	} else {
		dsr_store_close(s);
		rmrf(dir);
	}
	return (double)n / dt;
}

int main(int argc, char **argv)
{
	char base[1024];
	if (argc > 1)
		snprintf(base, sizeof base, "%s", argv[1]);
	else
		snprintf(base, sizeof base, "/tmp/dossier-bench-%d", (int)getpid());
	mkdir(base, 0700);
	evgen_list l = { 0 };
	size_t articles = 4000;
	if (evgen_ingest_mix(&l, articles, 1))
		die("generate", -ENOMEM);
	size_t bytes = 0;
	for (size_t i = 0; i < l.n; i++)
		bytes += l.ev[i].len;
	printf("events: %zu (%zu articles; mean %.0f bytes encoded)\n", l.n, articles,
	       (double)bytes / (double)l.n);

	static const size_t batches[] = { 1, 100, 1000 };
	static const size_t counts[] = { 3000, 40000, 0 };
	char dir[1200];
	printf("%-8s %14s %14s %8s %10s %10s\n", "batch", "raw LMDB ev/s", "dossier ev/s",
	       "ratio", "raw B/ev", "dsr B/ev");
	/* BENCH_BATCH=N measures only that batch size (for profiling). */
	const char *only = getenv("BENCH_BATCH");
	for (int b = 0; b < 3; b++) {
		if (only && (size_t)atol(only) != batches[b])
			continue;
		size_t n = counts[b] ? counts[b] : l.n;
		double raw[3], st[3], wr = 0, ws = 0;
		for (int r = 0; r < 3; r++) {
			snprintf(dir, sizeof dir, "%s/raw", base);
			double w0 = wchar();
			raw[r] = run_raw(dir, &l, n, batches[b]);
			double w1 = wchar();
			snprintf(dir, sizeof dir, "%s/store", base);
			st[r] = run_store(dir, &l, n, batches[b], NULL);
			wr += w1 - w0;
			ws += wchar() - w1;
		}
		double mr = median3(raw[0], raw[1], raw[2]), ms = median3(st[0], st[1], st[2]);
		printf("%-8zu %14.0f %14.0f %8.2f %10.0f %10.0f\n", batches[b], mr, ms, ms / mr,
		       wr / 3 / (double)n, ws / 3 / (double)n);
	}

	/* Rebuild and size, on a store holding every event. */
	if (only && !getenv("BENCH_REBUILD")) {
		rmrf(base);
		evgen_list_free(&l);
		return 0;
	}
	dsr_store *s;
	snprintf(dir, sizeof dir, "%s/store", base);
	run_store(dir, &l, l.n, 1000, &s);
	double rb[3];
	for (int r = 0; r < 3; r++) {
		double t0 = now();
		int rc = dsr_store_rebuild(s);
		if (rc)
			die("rebuild", rc);
		rb[r] = (double)l.n / (now() - t0);
	}
	printf("rebuild: %.0f events/s (target >= 200000)\n", median3(rb[0], rb[1], rb[2]));
	dsr_rtxn *t;
	dsr_store_stats stt;
	dsr_rtxn_begin(s, &t);
	dsr_store_stats_get(t, &stt);
	dsr_rtxn_end(t);
	printf("disk: %.1f bytes/event in use (%.2fx encoded), file %.1f bytes/event "
	       "(%.2fx), encoded %.1f bytes/event\n",
	       (double)stt.used_bytes / (double)l.n, (double)stt.used_bytes / (double)bytes,
	       (double)stt.file_bytes / (double)l.n, (double)stt.file_bytes / (double)bytes,
	       (double)bytes / (double)l.n);
	dsr_store_close(s);
	rmrf(dir);
	rmrf(base);
	evgen_list_free(&l);
	return 0;
}
