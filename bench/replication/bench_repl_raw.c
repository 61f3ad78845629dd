/* bench_repl_raw.c: the baseline for catch-up — raw LMDB, no dossier: scan
 * the log table of a store and append every record, verbatim and in order,
 * to a fresh environment with MDB_APPEND, committing (durably) every BATCH
 * records, as a receiver that did nothing but store the bytes would.
 *
 * usage: bench_repl_raw SRC_DIR DST_DIR [BATCH]
 * prints: events seconds events_per_second */
#include <lmdb.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

#define CHECK(x)                                                               \
	do {                                                                   \
		int rc_ = (x);                                                 \
		if (rc_) {                                                     \
			fprintf(stderr, "bench_repl_raw: %s: %s\n", #x,        \
				mdb_strerror(rc_));                            \
			exit(1);                                               \
		}                                                              \
	} while (0)

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: bench_repl_raw SRC_DIR DST_DIR [BATCH]\n");
		return 2;
	}
	size_t batch = argc > 3 ? strtoull(argv[3], NULL, 10) : 2048;
	MDB_env *src, *dst;
	MDB_txn *rt, *wt;
	MDB_dbi sl, dl;
	CHECK(mdb_env_create(&src));
	mdb_env_set_maxdbs(src, 64);
	CHECK(mdb_env_open(src, argv[1], MDB_RDONLY | MDB_NOLOCK, 0600));
	mkdir(argv[2], 0700);
	CHECK(mdb_env_create(&dst));
	mdb_env_set_maxdbs(dst, 4);
	mdb_env_set_mapsize(dst, (size_t)16 << 30);
	CHECK(mdb_env_open(dst, argv[2], 0, 0600));
	double t0 = now();
	CHECK(mdb_txn_begin(src, NULL, MDB_RDONLY, &rt));
	CHECK(mdb_dbi_open(rt, "log", 0, &sl));
	CHECK(mdb_txn_begin(dst, NULL, 0, &wt));
	CHECK(mdb_dbi_open(wt, "log", MDB_CREATE, &dl));
	MDB_cursor *c;
	CHECK(mdb_cursor_open(rt, sl, &c));
	MDB_val k, v;
	size_t events = 0, in_txn = 0;
	uint8_t last[8] = { 0 };
	int rc;
	for (rc = mdb_cursor_get(c, &k, &v, MDB_FIRST); rc == 0;
	     rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
		CHECK(mdb_put(wt, dl, &k, &v, MDB_APPEND));
		/* A large event is several records: position + chunk. */
		if (k.mv_size >= 8 && memcmp(k.mv_data, last, 8) != 0) {
			memcpy(last, k.mv_data, 8);
			events++;
		}
		if (++in_txn == batch) {
			CHECK(mdb_txn_commit(wt));
			CHECK(mdb_txn_begin(dst, NULL, 0, &wt));
			in_txn = 0;
		}
	}
	CHECK(mdb_txn_commit(wt));
	double dt = now() - t0;
	mdb_cursor_close(c);
	mdb_txn_abort(rt);
	mdb_env_close(src);
	mdb_env_close(dst);
	printf("%zu %.3f %.0f\n", events, dt, (double)events / dt);
	return 0;
}
