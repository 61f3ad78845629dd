/* test_store.c: the log: identity, local and raw appends, duplicates and
 * conflicting duplicates, atomic groups, the version vector, reopening
 * after a crash, stale readers, map growth, corrupted events, and large
 * batches decoded ahead of the writer, and giving LMDB's buffers back. */
#include "test.h"
#include "evgen.h"
#include "error.h"
#include "store.h"
#include "validate.h"
#include "store/impl.h"

#include <lmdb.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/wait.h>
#include <unistd.h>

static MDB_dbi st_dbi_fact;

static dsr_store *open_at(const char *dir, size_t map)
{
	dsr_store *s;
	dsr_store_opts o = { DSR_STORE_NOSYNC, map };
	ASSERT_OK(dsr_store_open(&s, dir, &o));
	return s;
}

static const char *subdir(const char *name)
{
	static char p[8][512];
	static int i;
	char *d = p[i++ % 8];
	snprintf(d, 512, "%s/%s", test_tmpdir(), name);
	return d;
}

static Dpb__Event *note_event(Dpb__Event *ev, Dpb__NoteAdded *n, const char *actor,
			      const char *text)
{
	dpb__event__init(ev);
	dpb__note_added__init(n);
	n->target_kind = DPB__TARGET_KIND__TARGET_ACTOR;
	n->target_name = (char *)actor;
	n->text = (char *)text;
	ev->payload_case = DPB__EVENT__PAYLOAD_NOTE;
	ev->note = n;
	return ev;
}

static uint64_t count_log(dsr_store *s)
{
	dsr_rtxn *t;
	ASSERT_OK(dsr_rtxn_begin(s, &t));
	uint64_t e = dsr_log_end(t);
	dsr_rtxn_end(t);
	return e - 1;
}

static void test_identity_and_local(void)
{
	const char *d = subdir("ident");
	dsr_store *s = open_at(d, 0);
	uint8_t origin[DSR_ORIGIN_LEN];
	memcpy(origin, dsr_store_origin(s), DSR_ORIGIN_LEN);
	Dpb__Event ev[3];
	Dpb__NoteAdded n[3];
	dsr_op ops[3] = { 0 };
	for (int i = 0; i < 3; i++) {
		ops[i].type = DSR_OP_LOCAL;
		ops[i].event = note_event(&ev[i], &n[i], "North Korea", "check this");
		ops[i].author = "alice";
	}
	ASSERT_EQ(dsr_store_apply(s, ops, 3, 1000), 3);
	for (int i = 0; i < 3; i++) {
		ASSERT_EQ(ops[i].status, 0);
		ASSERT_EQ(ops[i].pos, i + 1);
		ASSERT_EQ(ops[i].seq, i + 1);
	}
	dsr_rtxn *t;
	ASSERT_OK(dsr_rtxn_begin(s, &t));
	dsr_vv_entry e;
	ASSERT_OK(dsr_vv_get(t, origin, &e));
	ASSERT_EQ(e.seq, 3);
	/* The chain: each event's prev is the hash of the one before. */
	Dpb__Event *e2, *e3;
	const uint8_t *b2;
	size_t l2;
	ASSERT_OK(dsr_log_get(t, 2, &b2, &l2));
	uint8_t h2[DSR_HASH_LEN];
	dsr_event_hash(b2, l2, h2);
	ASSERT_OK(dsr_log_decode(t, 3, &e3));
	ASSERT_EQ(e3->prev.len, DSR_HASH_LEN);
	ASSERT_MEM(e3->prev.data, h2, DSR_HASH_LEN);
	const uint8_t *b3;
	size_t l3;
	uint8_t h3[DSR_HASH_LEN];
	ASSERT_OK(dsr_log_get(t, 3, &b3, &l3));
	dsr_event_hash(b3, l3, h3);
	ASSERT_MEM(e.head, h3, DSR_HASH_LEN);
	ASSERT_OK(dsr_log_decode(t, 2, &e2));
	ASSERT(e3->hlc > e2->hlc);
	ASSERT_STR(e3->author, "alice");
	ASSERT_EQ(e3->format, DSR_FORMAT_VERSION);
	dpb__event__free_unpacked(e2, NULL);
	dpb__event__free_unpacked(e3, NULL);
	ASSERT_EQ(dsr_log_get(t, 4, &b2, &l2), DSR_ENOTFOUND);
	dsr_rtxn_end(t);
	dsr_store_close(s);

	/* Reopen: same identity, and the next local event continues at 4. */
	s = open_at(d, 0);
	ASSERT_MEM(dsr_store_origin(s), origin, DSR_ORIGIN_LEN);
	ASSERT_EQ(dsr_store_apply(s, ops, 1, 900), 1);
	ASSERT_EQ(ops[0].seq, 4);
	ASSERT_EQ(ops[0].pos, 4);
	dsr_store_close(s);
}

static void test_dup_and_conflict(void)
{
	dsr_store *s = open_at(subdir("dup"), 0);
	evgen_list l = { 0 };
	ASSERT_OK(evgen_mixed(&l, 50, 1, 7));
	dsr_op ops[50] = { 0 };
	for (int i = 0; i < 50; i++) {
		ops[i].type = DSR_OP_RAW;
		ops[i].bytes = l.ev[i].data;
		ops[i].len = l.ev[i].len;
	}
	ASSERT_EQ(dsr_store_apply(s, ops, 50, 0), 50);
	uint8_t before[DSR_HASH_LEN], after[DSR_HASH_LEN];
	dsr_rtxn *t;
	ASSERT_OK(dsr_rtxn_begin(s, &t));
	ASSERT_OK(dsr_store_digest(t, before));
	dsr_rtxn_end(t);

	/* The same bytes again: duplicates, no-ops, reported with position. */
	ASSERT_EQ(dsr_store_apply(s, ops, 50, 0), 0);
	for (int i = 0; i < 50; i++) {
		ASSERT_EQ(ops[i].status, DSR_EDUP);
		ASSERT_EQ(ops[i].pos, i + 1);
	}
	ASSERT_EQ(count_log(s), 50);

	/* Same origin and seq, other bytes: a conflict that writes nothing. */
	Dpb__Event *ev = dpb__event__unpack(NULL, l.ev[10].len, l.ev[10].data);
	ASSERT(ev);
	char *author = ev->author;
	ev->author = (char *)"mallory";
	dsr_buf other = DSR_BUF_INIT;
	dsr_buf_reserve(&other, dpb__event__get_packed_size(ev));
	other.len = dpb__event__pack(ev, other.data);
	dsr_op c = { .type = DSR_OP_RAW, .bytes = other.data, .len = other.len };
	ASSERT_EQ(dsr_store_apply(s, &c, 1, 0), 0);
	ASSERT_EQ(c.status, DSR_ECONFLICT);
	ASSERT_EQ(count_log(s), 50);
	ASSERT_OK(dsr_rtxn_begin(s, &t));
	ASSERT_OK(dsr_store_digest(t, after));
	dsr_rtxn_end(t);
	ASSERT_MEM(before, after, DSR_HASH_LEN);
	ev->author = author;
	dpb__event__free_unpacked(ev, NULL);
	dsr_buf_free(&other);
	evgen_list_free(&l);
	dsr_store_close(s);
}

static void test_groups_and_bad_input(void)
{
	dsr_store *s = open_at(subdir("group"), 0);
	evgen_list l = { 0 };
	ASSERT_OK(evgen_mixed(&l, 6, 1, 9));
	uint8_t junk[] = { 0xff, 0xff, 0xff, 0x01, 0x02 };
	dsr_op ops[8] = { 0 };
	for (int i = 0; i < 6; i++) {
		ops[i].type = DSR_OP_RAW;
		ops[i].bytes = l.ev[i].data;
		ops[i].len = l.ev[i].len;
		ops[i].group = i < 3 ? 1 : 2;
	}
	/* Group 2 carries a malformed event: none of it is stored. */
	ops[6].type = DSR_OP_RAW;
	ops[6].bytes = junk;
	ops[6].len = sizeof junk;
	ops[6].group = 2;
	/* An event alone that is malformed fails alone. */
	ops[7].type = DSR_OP_RAW;
	ops[7].bytes = junk;
	ops[7].len = 3;
	ASSERT_EQ(dsr_store_apply(s, ops, 8, 0), 3);
	for (int i = 0; i < 3; i++)
		ASSERT_EQ(ops[i].status, 0);
	for (int i = 3; i < 7; i++)
		ASSERT_EQ(ops[i].status, DSR_EDECODE);
	ASSERT_EQ(ops[7].status, DSR_EDECODE);
	ASSERT_EQ(count_log(s), 3);

	/* An unknown payload (a field number from a future format) and a
	 * newer format are refused, with their own errors. */
	Dpb__Event *ev = dpb__event__unpack(NULL, l.ev[3].len, l.ev[3].data);
	ev->format = DSR_FORMAT_VERSION + 1;
	dsr_buf b = DSR_BUF_INIT;
	dsr_buf_reserve(&b, dpb__event__get_packed_size(ev));
	b.len = dpb__event__pack(ev, b.data);
	dsr_op f = { .type = DSR_OP_RAW, .bytes = b.data, .len = b.len };
	dsr_store_apply(s, &f, 1, 0);
	ASSERT_EQ(f.status, DSR_EFORMAT);
	dpb__event__free_unpacked(ev, NULL);
	/* Envelope only, then field 30 (length-delimited, 2 bytes). */
	Dpb__Event env = DPB__EVENT__INIT;
	uint8_t org[DSR_ORIGIN_LEN] = { 1 };
	env.format = 1;
	env.origin.data = org;
	env.origin.len = DSR_ORIGIN_LEN;
	env.seq = 1;
	dsr_buf_reserve(&b, dpb__event__get_packed_size(&env) + 8);
	b.len = dpb__event__pack(&env, b.data);
	uint8_t tail[] = { 0xf2, 0x01, 2, 'h', 'i' }; /* tag (30 << 3) | 2 */
	dsr_buf_append(&b, tail, sizeof tail);
	f.bytes = b.data;
	f.len = b.len;
	dsr_store_apply(s, &f, 1, 0);
	ASSERT_EQ(f.status, DSR_EPAYLOAD);
	/* A claim whose id is not the one its content derives. */
	Dpb__ClaimRecorded cl = DPB__CLAIM_RECORDED__INIT;
	uint8_t fake[DSR_ID_LEN] = { 9 };
	cl.id.data = fake;
	cl.id.len = DSR_ID_LEN;
	env.payload_case = DPB__EVENT__PAYLOAD_CLAIM;
	env.claim = &cl;
	dsr_buf_reserve(&b, dpb__event__get_packed_size(&env));
	b.len = dpb__event__pack(&env, b.data);
	f.bytes = b.data;
	f.len = b.len;
	dsr_store_apply(s, &f, 1, 0);
	ASSERT_EQ(f.status, DSR_EINVAL);
	ASSERT_EQ(count_log(s), 3);
	dsr_buf_free(&b);
	evgen_list_free(&l);
	dsr_store_close(s);
}

static int count_vv(void *ctx, const dsr_vv_entry *e)
{
	(void)e;
	(*(int *)ctx)++;
	return 0;
}

/* Events of one origin that arrive out of order: the version vector only
 * counts the contiguous prefix, and catches up when the gap fills. */
static void test_version_vector(void)
{
	dsr_store *s = open_at(subdir("vv"), 0);
	evgen_list l = { 0 };
	ASSERT_OK(evgen_mixed(&l, 5, 1, 3));
	Dpb__Event *first = dpb__event__unpack(NULL, l.ev[0].len, l.ev[0].data);
	dsr_op ops[5] = { 0 };
	int order[5] = { 0, 2, 3, 1, 4 };
	uint64_t expect[5] = { 1, 1, 1, 4, 5 };
	for (int i = 0; i < 5; i++) {
		ops[i].type = DSR_OP_RAW;
		ops[i].bytes = l.ev[order[i]].data;
		ops[i].len = l.ev[order[i]].len;
		ASSERT_EQ(dsr_store_apply(s, &ops[i], 1, 0), 1);
		dsr_rtxn *t;
		dsr_vv_entry e;
		ASSERT_OK(dsr_rtxn_begin(s, &t));
		ASSERT_OK(dsr_vv_get(t, first->origin.data, &e));
		ASSERT_EQ(e.seq, expect[i]);
		uint8_t h[DSR_HASH_LEN];
		dsr_event_hash(l.ev[e.seq - 1].data, l.ev[e.seq - 1].len, h);
		ASSERT_MEM(e.head, h, DSR_HASH_LEN);
		int n = 0;
		ASSERT_OK(dsr_vv_each(t, count_vv, &n));
		ASSERT_EQ(n, 1);
		dsr_rtxn_end(t);
	}
	dpb__event__free_unpacked(first, NULL);
	evgen_list_free(&l);
	dsr_store_close(s);
}

/* A writer killed mid-stream (no clean close, a write transaction open)
 * and a reader killed holding a snapshot: reopening just works, every
 * committed event is there, and the stale reader slot is cleared. */
static void test_crash_and_reopen(void)
{
	const char *d = subdir("crash");
	evgen_list l = { 0 };
	ASSERT_OK(evgen_mixed(&l, 400, 2, 5));
	int pipefd[2];
	ASSERT_OK(pipe(pipefd));
	pid_t pid = fork();
	if (pid == 0) {
		close(pipefd[0]);
		dsr_store *s;
		dsr_store_opts o = { 0, 0 };
		if (dsr_store_open(&s, d, &o))
			_exit(1);
		for (size_t i = 0; i < l.n; i++) {
			dsr_op op = { .type = DSR_OP_RAW, .bytes = l.ev[i].data, .len = l.ev[i].len };
			if (dsr_store_apply(s, &op, 1, 0) != 1)
				_exit(2);
			uint32_t n = (uint32_t)i + 1;
			if (write(pipefd[1], &n, sizeof n) != sizeof n)
				_exit(3);
		}
		/* Hold a read snapshot and die with it. */
		dsr_rtxn *t;
		dsr_rtxn_begin(s, &t);
		uint32_t done = UINT32_MAX;
		if (write(pipefd[1], &done, sizeof done) < 0)
			_exit(4);
		pause();
		_exit(0);
	}
	close(pipefd[1]);
	uint32_t n, acked = 0;
	while (read(pipefd[0], &n, sizeof n) == sizeof n) {
		if (n == UINT32_MAX)
			break;
		acked = n;
		if (acked == 250) /* kill in the middle of the stream */
			break;
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	close(pipefd[0]);
	dsr_store *s = open_at(d, 0);
	uint64_t have = count_log(s);
	ASSERT_INT(have, >=, acked);
	dsr_rtxn *t;
	ASSERT_OK(dsr_rtxn_begin(s, &t));
	for (uint64_t p = 1; p <= have; p++) {
		const uint8_t *b;
		size_t len;
		ASSERT_OK(dsr_log_get(t, p, &b, &len));
		ASSERT_EQ(len, l.ev[p - 1].len);
		ASSERT_MEM(b, l.ev[p - 1].data, len);
	}
	uint8_t live[DSR_HASH_LEN], rebuilt[DSR_HASH_LEN];
	ASSERT_OK(dsr_store_digest(t, live));
	dsr_rtxn_end(t);
	/* The rest can still be appended, and views equal a rebuild. */
	for (size_t i = have; i < l.n; i++) {
		dsr_op op = { .type = DSR_OP_RAW, .bytes = l.ev[i].data, .len = l.ev[i].len };
		ASSERT_EQ(dsr_store_apply(s, &op, 1, 0), 1);
	}
	ASSERT_OK(dsr_rtxn_begin(s, &t));
	ASSERT_OK(dsr_store_digest(t, live));
	dsr_rtxn_end(t);
	ASSERT_OK(dsr_store_rebuild(s));
	ASSERT_OK(dsr_rtxn_begin(s, &t));
	ASSERT_OK(dsr_store_digest(t, rebuilt));
	dsr_rtxn_end(t);
	ASSERT_MEM(live, rebuilt, DSR_HASH_LEN);
	dsr_store_close(s);

	/* Stale reader slots: none is left after our open cleared them. */
	pid = fork();
	if (pid == 0) {
		dsr_store *s2;
		if (dsr_store_open(&s2, d, NULL))
			_exit(1);
		dsr_rtxn *t2;
		dsr_rtxn_begin(s2, &t2);
		raise(SIGKILL);
	}
	waitpid(pid, NULL, 0);
	s = open_at(d, 0);
	MDB_env *env;
	ASSERT_EQ(mdb_env_create(&env), 0);
	mdb_env_set_maxdbs(env, 64);
	ASSERT_EQ(mdb_env_open(env, d, MDB_RDONLY, 0600), 0);
	int dead = -1;
	ASSERT_EQ(mdb_reader_check(env, &dead), 0);
	ASSERT_EQ(dead, 0);
	mdb_env_close(env);
	dsr_store_close(s);
	evgen_list_free(&l);
}

/* A second opener of the same directory is refused. */
static void test_lock(void)
{
	const char *d = subdir("lock");
	dsr_store *s = open_at(d, 0);
	pid_t pid = fork();
	if (pid == 0) {
		dsr_store *s2;
		_exit(dsr_store_open(&s2, d, NULL) == DSR_ELOCKED ? 0 : 1);
	}
	int st;
	waitpid(pid, &st, 0);
	ASSERT(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	dsr_store_close(s);
}

/* A deliberately tiny map grows by itself. */
static void test_growth(void)
{
	dsr_store *s = open_at(subdir("grow"), 64 * 1024);
	evgen_list l = { 0 };
	ASSERT_OK(evgen_ingest_mix(&l, 60, 1));
	size_t total = 0;
	for (size_t i = 0; i < l.n; i += 100) {
		dsr_op ops[100] = { 0 };
		size_t n = l.n - i < 100 ? l.n - i : 100;
		for (size_t j = 0; j < n; j++) {
			ops[j].type = DSR_OP_RAW;
			ops[j].bytes = l.ev[i + j].data;
			ops[j].len = l.ev[i + j].len;
		}
		int r = dsr_store_apply(s, ops, n, 0);
		ASSERT_EQ(r, (int)n);
		total += n;
	}
	dsr_rtxn *t;
	dsr_store_stats st;
	ASSERT_OK(dsr_rtxn_begin(s, &t));
	ASSERT_OK(dsr_store_stats_get(t, &st));
	dsr_rtxn_end(t);
	ASSERT_EQ(st.events, total);
	ASSERT_INT(st.map_size, >, 64 * 1024);
	ASSERT_EQ(st.articles, 60);
	evgen_list_free(&l);
	dsr_store_close(s);
}

static void digest_of(dsr_store *s, uint8_t out[DSR_HASH_LEN])
{
	dsr_rtxn *t;
	ASSERT_OK(dsr_rtxn_begin(s, &t));
	ASSERT_OK(dsr_store_digest(t, out));
	dsr_rtxn_end(t);
}

/* A store whose views were written in an older layout (no "views" in meta,
 * a table per fact kind) has them dropped and rebuilt when opened: same
 * digest as before, the retired table gone, counts right. */
static void test_views_layout(void)
{
	const char *dir = subdir("layout");
	dsr_store *s = open_at(dir, 0);
	ASSERT(!dsr_store_views_rebuilt(s));
	evgen_list l = { 0 };
	ASSERT_OK(evgen_ingest_mix(&l, 20, 3));
	dsr_op *ops = calloc(l.n, sizeof *ops);
	for (size_t i = 0; i < l.n; i++) {
		ops[i].type = DSR_OP_RAW;
		ops[i].bytes = l.ev[i].data;
		ops[i].len = l.ev[i].len;
	}
	ASSERT_EQ(dsr_store_apply(s, ops, l.n, 0), (int)l.n);
	uint8_t before[DSR_HASH_LEN], after[DSR_HASH_LEN];
	digest_of(s, before);
	dsr_store_close(s);

	/* Make it look old: forget the layout, empty v.fact, add a table
	 * of the old layout. */
	MDB_env *env;
	MDB_txn *txn;
	MDB_dbi meta, fact, old;
	ASSERT_OK(mdb_env_create(&env));
	mdb_env_set_maxdbs(env, 64);
	ASSERT_OK(mdb_env_open(env, dir, 0, 0600));
	ASSERT_OK(mdb_txn_begin(env, NULL, 0, &txn));
	ASSERT_OK(mdb_dbi_open(txn, "meta", 0, &meta));
	ASSERT_OK(mdb_dbi_open(txn, "v.fact", 0, &fact));
	ASSERT_OK(mdb_dbi_open(txn, "v.claim", MDB_CREATE, &old));
	MDB_val k = { 5, "views" }, junk = { 3, "old" };
	ASSERT_OK(mdb_del(txn, meta, &k, NULL));
	ASSERT_OK(mdb_drop(txn, fact, 0));
	ASSERT_OK(mdb_put(txn, old, &junk, &junk, 0));
	ASSERT_OK(mdb_txn_commit(txn));
	mdb_env_close(env);

	s = open_at(dir, 0);
	ASSERT(dsr_store_views_rebuilt(s));
	digest_of(s, after);
	ASSERT_MEM(after, before, DSR_HASH_LEN);
	dsr_rtxn *t;
	dsr_store_stats st;
	ASSERT_OK(dsr_rtxn_begin(s, &t));
	ASSERT_OK(dsr_store_stats_get(t, &st));
	dsr_rtxn_end(t);
	ASSERT_EQ(st.articles, 20);
	ASSERT_EQ(st.claims, 20 * 8);
	ASSERT_EQ(st.entries, 20 * 6);
	dsr_store_close(s);

	ASSERT_OK(mdb_env_create(&env));
	mdb_env_set_maxdbs(env, 64);
	ASSERT_OK(mdb_env_open(env, dir, MDB_RDONLY, 0600));
	ASSERT_OK(mdb_txn_begin(env, NULL, MDB_RDONLY, &txn));
	ASSERT_EQ(mdb_dbi_open(txn, "v.claim", 0, &old), MDB_NOTFOUND);
	ASSERT_OK(mdb_dbi_open(txn, "meta", 0, &meta));
	MDB_val v;
	ASSERT_OK(mdb_get(txn, meta, &k, &v));
	ASSERT_EQ(v.mv_size, 4);
	mdb_txn_abort(txn);
	mdb_env_close(env);
	free(ops);
	evgen_list_free(&l);
}

/* A large batch of raw events is decoded on a helper thread (store/ahead.c)
 * while the writer stores it: results, errors and views are the same as
 * one event at a time, bad events and all. */
static void test_decode_ahead(void)
{
	evgen_list l = { 0 };
	ASSERT_OK(evgen_ingest_mix(&l, 20, 5));
	size_t n = l.n;
	ASSERT(n >= 500);
	uint8_t junk[] = { 0xff, 0xff, 0xff, 0x01, 0x02 };
	dsr_op *ops = calloc(n, sizeof *ops);
	for (size_t i = 0; i < n; i++) {
		ops[i].type = DSR_OP_RAW;
		ops[i].bytes = l.ev[i].data;
		ops[i].len = l.ev[i].len;
	}
	/* A malformed event alone, one inside an atomic group, and one
	 * already decoded by the caller. */
	ops[100].bytes = junk;
	ops[100].len = sizeof junk;
	for (size_t i = 200; i < 227; i++)
		ops[i].group = 7;
	ops[210].bytes = junk;
	ops[210].len = sizeof junk;
	Dpb__Event *pre;
	ASSERT_OK(dsr_event_decode(ops[300].bytes, ops[300].len, &pre));
	ops[300].decoded = pre;

	unsigned long runs = dsr__ahead_runs();
	dsr_store *a = open_at(subdir("ahead-a"), 0);
	int stored = dsr_store_apply(a, ops, n, 0);
	ASSERT_EQ(dsr__ahead_runs(), runs + 1);
	ASSERT_EQ(stored, (int)(n - 1 - 27));
	int *status = calloc(n, sizeof *status);
	for (size_t i = 0; i < n; i++)
		status[i] = ops[i].status;
	ASSERT_EQ(status[100], DSR_EDECODE);
	ASSERT_EQ(status[200], DSR_EDECODE);
	ASSERT_EQ(status[299], 0);

	/* The same ops, one small batch at a time: no helper. */
	dsr_store *b = open_at(subdir("ahead-b"), 0);
	for (size_t i = 0; i < n;) {
		size_t m = ops[i].group ? 27 : 1;
		dsr_store_apply(b, &ops[i], m, 0);
		for (size_t j = i; j < i + m; j++)
			ASSERT_EQ(ops[j].status, status[j]);
		i += m;
	}
	ASSERT_EQ(dsr__ahead_runs(), runs + 1);
	uint8_t da[DSR_HASH_LEN], db[DSR_HASH_LEN];
	digest_of(a, da);
	digest_of(b, db);
	ASSERT_MEM(da, db, DSR_HASH_LEN);
	ASSERT_EQ(count_log(a), count_log(b));

	/* Again into the first store: every event is now a duplicate. */
	ASSERT_EQ(dsr_store_apply(a, ops, n, 0), 0);
	ASSERT_EQ(dsr__ahead_runs(), runs + 2);
	for (size_t i = 0; i < n; i++)
		ASSERT_EQ(ops[i].status, status[i] ? status[i] : DSR_EDUP);
	dpb__event__free_unpacked(pre, NULL);
	dsr_store_close(a);
	dsr_store_close(b);
	free(status);
	free(ops);
	evgen_list_free(&l);
}

/* A local payload (as a client's append sends it) whose article reference
 * is not an id: refused, nothing stored, and no id computed from the short
 * bytes (found by fuzz_apply: ASan saw the read past them). */
static void test_local_bad_article(void)
{
	dsr_store *s = open_at(subdir("badart"), 0);
	uint8_t shortref[11] = { 1, 2, 3 };
	ProtobufCBinaryData art = { sizeof shortref, shortref };
	Dpb__Span sp = DPB__SPAN__INIT;
	sp.start = 1;
	sp.end = 9;
	Dpb__ClaimRecorded c = DPB__CLAIM_RECORDED__INIT;
	c.article = art;
	c.span = &sp;
	c.source = (char *)"Sony";
	c.content = (char *)"it was an attack";
	Dpb__EntryRecorded e = DPB__ENTRY_RECORDED__INIT;
	e.article = art;
	e.span = &sp;
	e.date = (char *)"2014-11-24";
	e.text = (char *)"the attack";
	Dpb__ActorMentioned m = DPB__ACTOR_MENTIONED__INIT;
	m.article = art;
	m.name = (char *)"Sony Pictures";
	Dpb__Event ev[3];
	dsr_op ops[3] = { 0 };
	for (int i = 0; i < 3; i++) {
		dpb__event__init(&ev[i]);
		ops[i].type = DSR_OP_LOCAL;
		ops[i].event = &ev[i];
	}
	ev[0].payload_case = DPB__EVENT__PAYLOAD_CLAIM;
	ev[0].claim = &c;
	ev[1].payload_case = DPB__EVENT__PAYLOAD_ENTRY;
	ev[1].entry = &e;
	ev[2].payload_case = DPB__EVENT__PAYLOAD_ACTOR;
	ev[2].actor = &m;
	ASSERT_EQ(dsr_store_apply(s, ops, 3, 0), 0);
	for (int i = 0; i < 3; i++)
		ASSERT_EQ(ops[i].status, DSR_EINVAL);
	ASSERT_EQ(count_log(s), 0);
	dsr_store_close(s);
}

/* Damaged bytes in the log read back as an error, not a crash. */
static void test_corrupt_event(void)
{
	const char *d = subdir("corrupt");
	dsr_store *s = open_at(d, 0);
	evgen_list l = { 0 };
	ASSERT_OK(evgen_mixed(&l, 3, 1, 4));
	for (int i = 0; i < 3; i++) {
		dsr_op op = { .type = DSR_OP_RAW, .bytes = l.ev[i].data, .len = l.ev[i].len };
		ASSERT_EQ(dsr_store_apply(s, &op, 1, 0), 1);
	}
	dsr_store_close(s);
	MDB_env *env;
	MDB_txn *txn;
	MDB_dbi dbi;
	ASSERT_EQ(mdb_env_create(&env), 0);
	mdb_env_set_maxdbs(env, 64);
	ASSERT_EQ(mdb_env_open(env, d, 0, 0600), 0);
	ASSERT_EQ(mdb_txn_begin(env, NULL, 0, &txn), 0);
	ASSERT_EQ(mdb_dbi_open(txn, "log", 0, &dbi), 0);
	uint8_t k[8] = { 0, 0, 0, 0, 0, 0, 0, 2 };
	uint8_t junk[] = { 0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f };
	MDB_val key = { 8, k }, val = { sizeof junk, junk };
	ASSERT_EQ(mdb_put(txn, dbi, &key, &val, 0), 0);
	ASSERT_EQ(mdb_txn_commit(txn), 0);
	mdb_env_close(env);
	s = open_at(d, 0);
	dsr_rtxn *t;
	Dpb__Event *ev;
	ASSERT_OK(dsr_rtxn_begin(s, &t));
	ASSERT_EQ(dsr_log_decode(t, 2, &ev), DSR_ECORRUPT);
	ASSERT_OK(dsr_log_decode(t, 3, &ev));
	dpb__event__free_unpacked(ev, NULL);
	dsr_rtxn_end(t);
	ASSERT_EQ(dsr_store_rebuild(s), DSR_ECORRUPT);
	dsr_store_close(s);
	evgen_list_free(&l);
}

/* Within one group: the same event twice is stored once; two different
 * events under one (origin, seq) fail the whole group. */
static void test_group_twice(void)
{
	dsr_store *s = open_at(subdir("group2"), 0);
	evgen_list l = { 0 };
	ASSERT_OK(evgen_mixed(&l, 4, 1, 21));
	dsr_op ops[3] = { 0 };
	for (int i = 0; i < 3; i++) {
		ops[i].type = DSR_OP_RAW;
		ops[i].group = 5;
	}
	ops[0].bytes = l.ev[0].data; ops[0].len = l.ev[0].len;
	ops[1].bytes = l.ev[1].data; ops[1].len = l.ev[1].len;
	ops[2].bytes = l.ev[0].data; ops[2].len = l.ev[0].len;
	ASSERT_EQ(dsr_store_apply(s, ops, 3, 0), 2);
	ASSERT_EQ(ops[0].status, 0);
	ASSERT_EQ(ops[2].status, DSR_EDUP);
	ASSERT_EQ(count_log(s), 2);
	/* Event 3 and a forgery of it (other author) in one group. */
	Dpb__Event *ev = dpb__event__unpack(NULL, l.ev[2].len, l.ev[2].data);
	char *author = ev->author;
	ev->author = (char *)"forger";
	dsr_buf f = DSR_BUF_INIT;
	dsr_buf_reserve(&f, dpb__event__get_packed_size(ev));
	f.len = dpb__event__pack(ev, f.data);
	ev->author = author;
	dpb__event__free_unpacked(ev, NULL);
	dsr_op g[3] = { 0 };
	for (int i = 0; i < 3; i++) {
		g[i].type = DSR_OP_RAW;
		g[i].group = 6;
	}
	g[0].bytes = l.ev[2].data; g[0].len = l.ev[2].len;
	g[1].bytes = l.ev[3].data; g[1].len = l.ev[3].len;
	g[2].bytes = f.data; g[2].len = f.len;
	ASSERT_EQ(dsr_store_apply(s, g, 3, 0), 0);
	for (int i = 0; i < 3; i++)
		ASSERT_EQ(g[i].status, DSR_ECONFLICT);
	ASSERT_EQ(count_log(s), 2);
	dsr_buf_free(&f);
	evgen_list_free(&l);
	dsr_store_close(s);
}

/* Signed chain heads: a store signs its own head after local writes; a
 * head copied to another store with the events it covers is accepted;
 * a tampered one, or one for events not held, is refused. */
static void test_heads(void)
{
	dsr_store *a = open_at(subdir("head-a"), 0), *b = open_at(subdir("head-b"), 0);
	Dpb__Event ev[3];
	Dpb__NoteAdded n[3];
	dsr_op ops[3] = { 0 };
	for (int i = 0; i < 3; i++) {
		ops[i].type = DSR_OP_LOCAL;
		ops[i].event = note_event(&ev[i], &n[i], "North Korea", "signed");
		ops[i].author = "alice";
	}
	ASSERT_EQ(dsr_store_apply(a, ops, 3, 1000), 3);
	dsr_rtxn *t;
	dsr_head h;
	ASSERT_OK(dsr_rtxn_begin(a, &t));
	ASSERT_OK(dsr_head_get(t, dsr_store_origin(a), &h));
	ASSERT_EQ(h.seq, 3);
	ASSERT(dsr_head_verify(&h));
	/* Copy the events and the head to b in one group. */
	dsr_op cp[4] = { 0 };
	uint8_t hb[DSR_HEAD_LEN];
	for (int i = 0; i < 3; i++) {
		cp[i].type = DSR_OP_RAW;
		cp[i].group = 1;
		ASSERT_OK(dsr_log_get(t, (uint64_t)i + 1, &cp[i].bytes, &cp[i].len));
	}
	dsr_head_encode(&h, hb);
	cp[3].type = DSR_OP_HEAD;
	cp[3].group = 1;
	cp[3].bytes = hb;
	cp[3].len = sizeof hb;
	ASSERT_EQ(dsr_store_apply(b, cp, 4, 0), 4);
	dsr_rtxn *tb;
	dsr_head hb2;
	ASSERT_OK(dsr_rtxn_begin(b, &tb));
	ASSERT_OK(dsr_head_get(tb, dsr_store_origin(a), &hb2));
	ASSERT_EQ(hb2.seq, 3);
	ASSERT_MEM(hb2.sig, h.sig, 64);
	dsr_rtxn_end(tb);
	/* Tampered: a flipped bit in the hash. */
	dsr_head bad = h;
	bad.hash[0] ^= 1;
	dsr_head_encode(&bad, hb);
	dsr_op hop = { .type = DSR_OP_HEAD, .bytes = hb, .len = sizeof hb };
	dsr_store_apply(b, &hop, 1, 0);
	ASSERT_EQ(hop.status, DSR_EBADSIG);
	/* A head for a seq b does not hold, signed properly by a. */
	Dpb__Event e4;
	Dpb__NoteAdded n4;
	dsr_op one = { .type = DSR_OP_LOCAL, .event = note_event(&e4, &n4, "X", "y"),
		       .author = "alice" };
	dsr_rtxn_end(t);
	ASSERT_EQ(dsr_store_apply(a, &one, 1, 2000), 1);
	ASSERT_OK(dsr_rtxn_begin(a, &t));
	ASSERT_OK(dsr_head_get(t, dsr_store_origin(a), &h));
	dsr_rtxn_end(t);
	ASSERT_EQ(h.seq, 4);
	dsr_head_encode(&h, hb);
	dsr_store_apply(b, &hop, 1, 0);
	ASSERT_EQ(hop.status, DSR_EGAP);
	dsr_store_close(a);
	dsr_store_close(b);
}

/* Raw appends of events [from, to) of l, a hundred at a time. */
static void apply_range(dsr_store *s, const evgen_list *l, size_t from, size_t to)
{
	for (size_t i = from; i < to; i += 100) {
		dsr_op ops[100] = { 0 };
		size_t n = to - i < 100 ? to - i : 100;
		for (size_t j = 0; j < n; j++) {
			ops[j].type = DSR_OP_RAW;
			ops[j].bytes = l->ev[i + j].data;
			ops[j].len = l->ev[i + j].len;
		}
		ASSERT_EQ(dsr_store_apply(s, ops, n, 0), (int)n);
	}
}

struct release_race {
	dsr_store *s;
	const evgen_list *l;
	atomic_bool done;
	uint64_t reads;
};

static void *release_writer(void *arg)
{
	struct release_race *r = arg;
	apply_range(r->s, r->l, r->l->n / 2, r->l->n);
	atomic_store(&r->done, true);
	return NULL;
}

static void *release_reader(void *arg)
{
	struct release_race *r = arg;
	uint64_t last = 0;
	while (!atomic_load(&r->done)) {
		uint64_t e = count_log(r->s);
		ASSERT_INT(e, >=, last);
		last = e;
		r->reads++;
		usleep(50);   /* room for a release now and then */
	}
	return NULL;
}

/* Giving back LMDB's page buffers closes and reopens its environment: it
 * refuses while a snapshot is open, keeps every table and the map's size,
 * and a writer and readers running beside repeated releases (which wait
 * for the write, and are refused while a read runs) end with the same
 * views as a store that never released. */
static void test_release(void)
{
	evgen_list l = { 0 };
	ASSERT_OK(evgen_ingest_mix(&l, 40, 7));
	dsr_store *plain = open_at(subdir("release-plain"), 64 * 1024);
	apply_range(plain, &l, 0, l.n);
	uint8_t want[DSR_HASH_LEN], got[DSR_HASH_LEN];
	digest_of(plain, want);
	dsr_store_close(plain);

	dsr_store *s = open_at(subdir("release"), 64 * 1024);
	apply_range(s, &l, 0, l.n / 2);
	dsr_rtxn *t;
	ASSERT_OK(dsr_rtxn_begin(s, &t));
	ASSERT_EQ(dsr_store_release(s), -EBUSY);
	uint64_t v = dsr_rtxn_version(t);
	dsr_rtxn_end(t);
	dsr_store_stats before, after;
	ASSERT_OK(dsr_rtxn_begin(s, &t));
	ASSERT_OK(dsr_store_stats_get(t, &before));
	dsr_rtxn_end(t);
	ASSERT_OK(dsr_store_release(s));
	ASSERT_OK(dsr_rtxn_begin(s, &t));
	ASSERT_OK(dsr_store_stats_get(t, &after));
	ASSERT_EQ(dsr_rtxn_version(t), v);
	dsr_rtxn_end(t);
	ASSERT_EQ(after.events, before.events);
	ASSERT_EQ(after.articles, before.articles);
	ASSERT_EQ(after.map_size, before.map_size);

	struct release_race r = { .s = s, .l = &l };
	pthread_t wt, rt;
	ASSERT_EQ(pthread_create(&wt, NULL, release_writer, &r), 0);
	ASSERT_EQ(pthread_create(&rt, NULL, release_reader, &r), 0);
	int released = 0, busy = 0;
	while (!atomic_load(&r.done)) {
		int rc = dsr_store_release(s);
		ASSERT(rc == 0 || rc == -EBUSY);
		released += rc == 0;
		busy += rc == -EBUSY;
		usleep(200);
	}
	pthread_join(wt, NULL);
	pthread_join(rt, NULL);
	ASSERT_INT(released + busy, >, 0);
	ASSERT_INT(r.reads, >, 0);
	/* Its data file moved away: the store stays open on it. */
	char from[600], to[600];
	snprintf(from, sizeof from, "%s/data.mdb", subdir("release"));
	snprintf(to, sizeof to, "%s/moved.mdb", subdir("release"));
	ASSERT_EQ(rename(from, to), 0);
	ASSERT_EQ(dsr_store_release(s), -ESTALE);
	ASSERT_EQ(access(from, F_OK), -1);
	ASSERT_EQ(count_log(s), (uint64_t)l.n);
	ASSERT_EQ(rename(to, from), 0);
	ASSERT_OK(dsr_store_release(s));
	digest_of(s, got);
	ASSERT_MEM(got, want, DSR_HASH_LEN);
	ASSERT_EQ(count_log(s), (uint64_t)l.n);
	dsr_store_close(s);
	evgen_list_free(&l);
}

struct ids {
	uint8_t (*v)[DSR_ID_LEN];
	size_t n, cap;
	size_t stop_after;   /* 0: never stop */
};

static int gather_id(void *ctx, const uint8_t id[DSR_ID_LEN], const MDB_val *v)
{
	struct ids *l = ctx;
	ASSERT(v->mv_size > 0);
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		l->v = realloc(l->v, l->cap * sizeof *l->v);
		ASSERT(l->v != NULL);
	}
	memcpy(l->v[l->n++], id, DSR_ID_LEN);
	return l->stop_after && l->n == l->stop_after ? 1 : 0;
}

/* Every fact of kind db in v.fact, walked one record at a time, from
 * `from` (an id), of `article` (its first 8 bytes) or all. */
static void brute_scan(MDB_txn *txn, int db, const uint8_t *from, const uint8_t *article,
		       struct ids *out)
{
	MDB_cursor *c;
	ASSERT_OK(mdb_cursor_open(txn, st_dbi_fact, &c));
	MDB_val k, v;
	int r = mdb_cursor_get(c, &k, &v, MDB_FIRST);
	uint8_t lo[DSR__FKEY_LEN];
	if (from)
		dsr__fkey(lo, db, from);
	for (; r == 0; r = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
		int kind;
		uint8_t id[DSR_ID_LEN];
		if (!dsr__fkey_parse(&k, &kind, id) || kind != db)
			continue;
		if (from && memcmp(k.mv_data, lo, sizeof lo) < 0)
			continue;
		if (article && memcmp(id, article, DSR_ID_LEN / 2))
			continue;
		gather_id(out, id, &v);
	}
	mdb_cursor_close(c);
}

static void same_ids(const struct ids *a, const struct ids *b, const char *what, int db)
{
	if (a->n != b->n)
		TEST_FAIL("%s of kind %d: %zu facts, walked one by one %zu", what, db, a->n, b->n);
	for (size_t i = 0; i < a->n; i++)
		if (memcmp(a->v[i], b->v[i], DSR_ID_LEN))
			TEST_FAIL("%s of kind %d: fact %zu differs", what, db, i);
}

/* A scan of one kind skips the other kinds' records by seeks: it finds
 * exactly what a walk of every record finds, for every kind, whole, from
 * an id, for one article, and stops when asked. */
static void test_fscan(void)
{
	dsr_store *s = open_at(subdir("fscan"), 0);
	evgen_list l = { 0 };
	ASSERT_OK(evgen_ingest_mix(&l, 30, 3));
	size_t n = l.n;
	for (size_t i = 0; i < n; i += 100) {
		dsr_op ops[100] = { 0 };
		size_t m = n - i < 100 ? n - i : 100;
		for (size_t j = 0; j < m; j++) {
			ops[j].type = DSR_OP_RAW;
			ops[j].bytes = l.ev[i + j].data;
			ops[j].len = l.ev[i + j].len;
		}
		ASSERT_EQ(dsr_store_apply(s, ops, m, 0), (int)m);
	}
	dsr_rtxn *t;
	ASSERT_OK(dsr_rtxn_begin(s, &t));
	st_dbi_fact = s->dbi[DSR__DB_V_FACT];
	size_t kinds_seen = 0, articles_checked = 0;
	for (int db = DSR__DB_V_ARTICLE; db < DSR__DB_FACT_END; db++) {
		struct ids all = { 0 }, want = { 0 };
		ASSERT_OK(dsr__fscan(s, t->txn, db, NULL, NULL, gather_id, &all));
		brute_scan(t->txn, db, NULL, NULL, &want);
		same_ids(&all, &want, "all", db);
		kinds_seen += all.n > 0;
		for (size_t i = 0; i < all.n; i += 1 + all.n / 7) {
			struct ids a = { 0 }, b = { 0 }, f = { 0 }, g = { 0 };
			ASSERT_OK(dsr__fscan(s, t->txn, db, NULL, all.v[i], gather_id, &a));
			brute_scan(t->txn, db, NULL, all.v[i], &b);
			same_ids(&a, &b, "one article's", db);
			ASSERT_OK(dsr__fscan(s, t->txn, db, all.v[i], NULL, gather_id, &f));
			brute_scan(t->txn, db, all.v[i], NULL, &g);
			same_ids(&f, &g, "from an id", db);
			articles_checked++;
			free(a.v), free(b.v), free(f.v), free(g.v);
		}
		if (all.n > 3) {
			struct ids few = { .stop_after = 3 };
			ASSERT_OK(dsr__fscan(s, t->txn, db, NULL, NULL, gather_id, &few));
			ASSERT_EQ(few.n, 3);
			ASSERT_MEM(few.v, all.v, 3 * DSR_ID_LEN);
			free(few.v);
		}
		free(all.v), free(want.v);
	}
	/* articles, mentions, claims, entries at least */
	ASSERT_INT(kinds_seen, >=, 4);
	ASSERT_INT(articles_checked, >=, 20);
	dsr_rtxn_end(t);
	evgen_list_free(&l);
	dsr_store_close(s);
}

static const struct test_case cases[] = {
	TEST_CASE(identity_and_local),
	TEST_CASE(dup_and_conflict),
	TEST_CASE(groups_and_bad_input),
	TEST_CASE(version_vector),
	TEST_CASE(crash_and_reopen),
	TEST_CASE(lock),
	TEST_CASE(growth),
	TEST_CASE(corrupt_event),
	TEST_CASE(heads),
	TEST_CASE(group_twice),
	TEST_CASE(views_layout),
	TEST_CASE(decode_ahead),
	TEST_CASE(local_bad_article),
	TEST_CASE(release),
	TEST_CASE(fscan),
};

int main(int argc, char **argv)
{
	TEST_ARGS(argc, argv, cases);
	test_run();
	puts("store: ok");
	return 0;
}
