/* store.c: opening and closing a store, its identity, map growth, read
 * snapshots and the write driver (see store.h; the layout is in
 * docs/store.md). */
#include "store/impl.h"
#include "view/api.h"
#include "store/impl.h"
#include "base/api.h"
#include "error.h"

#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#define DEFAULT_MAP_SIZE ((size_t)1 << 30)
#define MAX_RETRIES 16

static const char *const table_names[] = {
#define XX(id, name) name,
	DSR_TABLES(XX)
#undef XX
};

static int mkdir_p(const char *dir)
{
	char path[4096];
	if (snprintf(path, sizeof path, "%s", dir) >= (int)sizeof path)
		return -ENAMETOOLONG;
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		if (mkdir(path, 0700) != 0 && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	if (mkdir(path, 0700) != 0 && errno != EEXIST)
		return -errno;
	return 0;
}

static int take_lock(dsr_store *s)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/lock", s->dir);
	s->lock_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (s->lock_fd < 0)
		return -errno;
	if (flock(s->lock_fd, LOCK_EX | LOCK_NB) != 0)
		return errno == EWOULDBLOCK ? DSR_ELOCKED : -errno;
	/* The holder's pid, for the message a second opener prints. */
	char pid[32];
	int n = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
	if (ftruncate(s->lock_fd, 0) == 0 && pwrite(s->lock_fd, pid, (size_t)n, 0) < 0)
		return -errno;
	return 0;
}

/* Reads or creates meta: format version and identity. */
static int init_meta(dsr_store *s, MDB_txn *txn)
{
	MDB_dbi meta = s->dbi[DSR__DB_META];
	MDB_val k = { 6, "format" }, v;
	int rc = mdb_get(txn, meta, &k, &v);
	if (rc == MDB_NOTFOUND) {
		uint32_t fmt = DSR_FORMAT_VERSION;
		uint8_t pk[crypto_sign_PUBLICKEYBYTES];
		crypto_sign_keypair(pk, s->secret);
		memcpy(s->origin, pk, DSR_ORIGIN_LEN);
		MDB_val vf = { sizeof fmt, &fmt };
		MDB_val ko = { 6, "origin" }, vo = { DSR_ORIGIN_LEN, s->origin };
		MDB_val ks = { 6, "secret" }, vs = { sizeof s->secret, s->secret };
		if ((rc = mdb_put(txn, meta, &k, &vf, 0)) ||
		    (rc = mdb_put(txn, meta, &ko, &vo, 0)) ||
		    (rc = mdb_put(txn, meta, &ks, &vs, 0)))
			return dsr__mdb_err(rc);
		return 0;
	}
	if (rc)
		return dsr__mdb_err(rc);
	uint32_t fmt;
	if (v.mv_size != sizeof fmt)
		return DSR_ECORRUPT;
	memcpy(&fmt, v.mv_data, sizeof fmt);
	if (fmt > DSR_FORMAT_VERSION)
		return DSR_EFORMAT;
	MDB_val ko = { 6, "origin" }, ks = { 6, "secret" }, vo, vs;
	if (mdb_get(txn, meta, &ko, &vo) || vo.mv_size != DSR_ORIGIN_LEN ||
	    mdb_get(txn, meta, &ks, &vs) || vs.mv_size != sizeof s->secret)
		return DSR_ECORRUPT;
	memcpy(s->origin, vo.mv_data, DSR_ORIGIN_LEN);
	memcpy(s->secret, vs.mv_data, sizeof s->secret);
	MDB_val kh = { 3, "hlc" }, vh;
	if (mdb_get(txn, meta, &kh, &vh) == 0 && vh.mv_size == 8)
		memcpy(&s->hlc, vh.mv_data, 8);
	return 0;
}

/* The layout of the view tables.  The views are a function of the log, so
 * a store whose views were written in another layout has them dropped
 * (with any table retired since) and rebuilt when it is opened; the layout
 * is recorded in meta ("views") once they are.
 *   1  one table per fact kind
 *   2  v.fact: articles and their facts in one table; v.count
 *   3  propositions: v.prop, v.psub, v.pclaim, v.cprop, v.attr, v.pwait
 *   4  timeline groups: v.tgroup, v.tentry, v.tgmember, v.tgart, v.tgdate
 *   5  analysts' placements of claims in propositions: v.placewith
 *   6  the timeline of an actor in date order: v.tactor by date, v.tgactor,
 *      v.tgacount
 *   7  v.cabout and v.csrc keyed by name and the claim's stance and hedging
 *   8  indicators of compromise: a fact kind of v.fact, and v.ioc
 *   9  articles' corrections (v.acur, redates in v.amend) and withdrawn
 *      articles' facts under kinds of their own in v.fact
 *  10  the full-text index of articles and claims: v.search
 *  11  v.search's postings ordered by the filing event's clock first
 *  12  each position of a posting with the stop words beside it
 *  13  an article record says where its text starts in the stored event
 *  14  v.search's postings without the clock their key holds, and with up
 *      to two stop words each side of a place
 *  15  v.search's postings packed in blocks of about sixteen per record
 *      (store/blocks.c) */
#define VIEWS_LAYOUT 15

static const char *const retired_tables[] = {
	"v.article", "v.claim", "v.entry", "v.mention", NULL
};

static int views_layout_mark(dsr_store *s, MDB_txn *txn)
{
	uint32_t want = VIEWS_LAYOUT;
	MDB_val k = { 5, "views" }, v = { sizeof want, &want };
	return dsr__mdb_err(mdb_put(txn, s->dbi[DSR__DB_META], &k, &v, 0));
}

/* *stale when the views must be rebuilt (the rebuild drops them first):
 * their layout is not ours and the log holds events.  Retired tables are
 * dropped here; an empty store just records the layout. */
static int views_layout(dsr_store *s, MDB_txn *txn, bool *stale)
{
	MDB_val k = { 5, "views" }, v;
	uint32_t have = 0, want = VIEWS_LAYOUT;
	*stale = false;
	if (mdb_get(txn, s->dbi[DSR__DB_META], &k, &v) == 0 && v.mv_size == sizeof have)
		memcpy(&have, v.mv_data, sizeof have);
	if (have == want)
		return 0;
	for (int i = 0; retired_tables[i]; i++) {
		MDB_dbi d;
		if (mdb_dbi_open(txn, retired_tables[i], 0, &d) == 0) {
			int rc = mdb_drop(txn, d, 1);
			if (rc)
				return dsr__mdb_err(rc);
		}
	}
	/* With events in the log the layout is recorded only once the
	 * rebuild is done, so one cut short starts again at the next open. */
	*stale = dsr__log_last(txn, s->dbi[DSR__DB_LOG]) > 0;
	return *stale ? 0 : views_layout_mark(s, txn);
}

/* Opens LMDB's environment on s->dir, sizes its map (never below what the
 * file already needs) and opens every table in *txn, a write transaction
 * left open for the caller. */
static int env_open(dsr_store *s, MDB_txn **txn)
{
	int rc = dsr__mdb_err(mdb_env_create(&s->env));
	if (rc)
		return rc;
	mdb_env_set_maxdbs(s->env, DSR__DB_COUNT + 4);
	mdb_env_set_maxreaders(s->env, 512);
	unsigned envflags = MDB_NOTLS | MDB_NORDAHEAD;
	if (s->flags & DSR_STORE_NOSYNC)
		envflags |= MDB_NOSYNC;
	if ((rc = dsr__mdb_err(mdb_env_open(s->env, s->dir, envflags, 0600))))
		return rc;
	/* The file may have grown beyond our default in an earlier run. */
	MDB_envinfo info;
	mdb_env_info(s->env, &info);
	if (info.me_mapsize > s->map_size)
		s->map_size = info.me_mapsize;
	else if ((rc = dsr__mdb_err(mdb_env_set_mapsize(s->env, s->map_size))))
		return rc;
	int dead = 0;
	mdb_reader_check(s->env, &dead);
	if ((rc = dsr__mdb_err(mdb_txn_begin(s->env, NULL, 0, txn))))
		return rc;
	for (int i = 0; i < DSR__DB_COUNT; i++) {
		unsigned fl = MDB_CREATE;
		if (DSR__DB_IS_INDEX(i))
			fl |= MDB_DUPSORT | MDB_DUPFIXED;
		rc = dsr__mdb_err(mdb_dbi_open(*txn, table_names[i], fl, &s->dbi[i]));
		if (rc)
			return rc;
	}
	return 0;
}

int dsr_store_open(dsr_store **out, const char *dir, const dsr_store_opts *opts)
{
	static const dsr_store_opts defaults;
	if (!opts)
		opts = &defaults;
	if (sodium_init() < 0)
		return -EIO;
	dsr_store *s = calloc(1, sizeof *s);
	if (!s)
		return -ENOMEM;
	s->lock_fd = -1;
	s->flags = opts->flags;
	s->map_size = opts->map_size ? opts->map_size : DEFAULT_MAP_SIZE;
	pthread_mutex_init(&s->wlock, NULL);
	pthread_rwlockattr_t ra;
	pthread_rwlockattr_init(&ra);
	pthread_rwlockattr_setkind_np(&ra, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
	pthread_rwlock_init(&s->resize, &ra);
	pthread_rwlockattr_destroy(&ra);
	int rc;
	MDB_txn *txn = NULL;
	s->dir = strdup(dir);
	if (!s->dir) {
		rc = -ENOMEM;
		goto fail;
	}
	if (opts->flags & DSR_STORE_NOCREATE) {
		char p[4096];
		snprintf(p, sizeof p, "%s/data.mdb", dir);
		if (access(p, F_OK) != 0) {
			rc = -ENOENT;
			goto fail;
		}
	} else if ((rc = mkdir_p(dir))) {
		goto fail;
	}
	if ((rc = take_lock(s)))
		goto fail;
	if ((rc = env_open(s, &txn)))
		goto fail;
	bool stale;
	if ((rc = init_meta(s, txn)) || (rc = views_layout(s, txn, &stale)))
		goto fail;
	rc = dsr__mdb_err(mdb_txn_commit(txn));
	txn = NULL;
	if (rc)
		goto fail;
	if (stale) {
		s->views_rebuilt = true;
		if ((rc = dsr_store_rebuild(s)) ||
		    (rc = dsr__mdb_err(mdb_txn_begin(s->env, NULL, 0, &txn))) ||
		    (rc = views_layout_mark(s, txn)))
			goto fail;
		rc = dsr__mdb_err(mdb_txn_commit(txn));
		txn = NULL;
		if (rc)
			goto fail;
	}
	*out = s;
	return 0;
fail:
	if (txn)
		mdb_txn_abort(txn);
	dsr_store_close(s);
	return rc;
}

void dsr_store_close(dsr_store *s)
{
	if (!s)
		return;
	if (s->env)
		mdb_env_close(s->env);
	if (s->lock_fd >= 0)
		close(s->lock_fd);
	sodium_memzero(s->secret, sizeof s->secret);
	pthread_mutex_destroy(&s->wlock);
	pthread_rwlock_destroy(&s->resize);
	free(s->dir);
	free(s);
}

int dsr_store_release(dsr_store *s)
{
	pthread_mutex_lock(&s->wlock);
	if (pthread_rwlock_trywrlock(&s->resize) != 0) {
		pthread_mutex_unlock(&s->wlock);
		return -EBUSY;
	}
	/* Reopening a data file that was moved or replaced would open
	 * another store, or create an empty one: keep this one open. */
	char path[4096];
	struct stat open_st, path_st;
	int fd;
	snprintf(path, sizeof path, "%s/data.mdb", s->dir);
	if (mdb_env_get_fd(s->env, &fd) || fstat(fd, &open_st) || stat(path, &path_st) ||
	    open_st.st_dev != path_st.st_dev || open_st.st_ino != path_st.st_ino) {
		pthread_rwlock_unlock(&s->resize);
		pthread_mutex_unlock(&s->wlock);
		return -ESTALE;
	}
	/* No transaction is open in this process: the writers wait on wlock,
	 * the readers on the map lock. */
	mdb_env_close(s->env);
	s->env = NULL;
	MDB_txn *txn = NULL;
	int rc = env_open(s, &txn);
	if (rc == 0)
		rc = dsr__mdb_err(mdb_txn_commit(txn));
	else if (txn)
		mdb_txn_abort(txn);
	pthread_rwlock_unlock(&s->resize);
	pthread_mutex_unlock(&s->wlock);
	/* The page buffers were the allocator's: give its free pages back
	 * (tens of ms after a large commit: readers need not wait for it). */
	malloc_trim(0);
	return rc;
}

bool dsr_store_views_rebuilt(const dsr_store *s)
{
	return s->views_rebuilt;
}

const uint8_t *dsr_store_origin(const dsr_store *s)
{
	return s->origin;
}

const char *dsr_store_dir(const dsr_store *s)
{
	return s->dir;
}

/* Doubles the map.  Called by the writer with no transaction of its own;
 * waits for every reader to finish, as LMDB requires. */
static int grow_map(dsr_store *s)
{
	pthread_rwlock_wrlock(&s->resize);
	size_t want = s->map_size * 2;
	int rc = dsr__mdb_err(mdb_env_set_mapsize(s->env, want));
	if (rc == 0)
		s->map_size = want;
	pthread_rwlock_unlock(&s->resize);
	return rc;
}

/* Grows ahead of need when the map is more than 3/4 used, so that most
 * batches never see MDB_MAP_FULL. */
static int maybe_grow(dsr_store *s)
{
	MDB_envinfo info;
	MDB_stat st;
	mdb_env_info(s->env, &info);
	mdb_env_stat(s->env, &st);
	uint64_t used = ((uint64_t)info.me_last_pgno + 1) * st.ms_psize;
	if (used * 4 > (uint64_t)s->map_size * 3)
		return grow_map(s);
	return 0;
}

static int save_hlc(dsr__wtx *w)
{
	if (w->hlc == w->s->hlc)
		return 0;
	MDB_val k = { 3, "hlc" }, v = { 8, &w->hlc };
	return dsr__mdb_err(mdb_put(w->txn, w->s->dbi[DSR__DB_META], &k, &v, 0));
}

static void reset_results(dsr_op *ops, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		ops[i].status = 0;
		ops[i].pos = 0;
		ops[i].seq = 0;
	}
}

/* Free space under which a failed write means the disk is full. */
#define DISK_FULL_BELOW (4u << 20)

/* LMDB reports a write the disk took only part of as EIO ("short write,
 * filesystem full?"), which users read as a failing disk.  When the disk
 * holding the store is (nearly) full, say that: -ENOSPC. */
static int commit_err(const dsr_store *s, int rc)
{
	struct statvfs v;
	if (rc == -EIO && statvfs(s->dir, &v) == 0 &&
	    (uint64_t)v.f_bavail * v.f_frsize < DISK_FULL_BELOW)
		return -ENOSPC;
	return rc;
}

/* Runs fn in one write transaction, growing the map and retrying when it
 * fills up. */
/* The caller holds s->wlock. */
static int write_txn_locked(dsr_store *s, int (*fn)(dsr__wtx *w, void *ctx), void *ctx,
			    uint64_t wall_ms, void (*reset)(void *ctx))
{
	dsr__wtx w = { .s = s };
	dsr_arena_init(&w.recs);
	int rc = dsr__kv_new(&w.kv);
	if (rc)
		return rc;
	for (int attempt = 0;; attempt++) {
		if ((rc = maybe_grow(s)))
			break;
		rc = dsr__mdb_err(mdb_txn_begin(s->env, NULL, 0, &w.txn));
		if (rc == 0) {
			w.hlc = s->hlc;
			w.log_end = dsr__log_last(w.txn, s->dbi[DSR__DB_LOG]) + 1;
			w.wall_ms = wall_ms;
			rc = fn(&w, ctx);
			if (rc >= 0) {
				int r2 = dsr__heads_finish(&w);
				if (r2 == 0)
					r2 = dsr__sign_own_head(&w);
				if (r2 == 0)
					r2 = dsr__view_finish(&w);
				if (r2 == 0)
					r2 = dsr__kv_flush(&w);
				if (r2 == 0)
					r2 = save_hlc(&w);
				if (r2 == 0) {
					r2 = commit_err(s, dsr__mdb_err(mdb_txn_commit(w.txn)));
					w.txn = NULL;
					dsr__wcursor_forget(&w);
				}
				if (r2 < 0)
					rc = r2;
			}
			if (w.txn)
				mdb_txn_abort(w.txn);
			w.txn = NULL;
			dsr__wcursor_forget(&w);
			dsr__kv_clear(w.kv);
			dsr_arena_reset(&w.recs);
			w.dirty.len = 0;
			w.newforms.len = 0;
			w.prop_claims.len = 0;
			w.prop_articles.len = 0;
			w.prop_names.len = 0;
			w.heads.len = 0;
			w.last_idx = 0;
			w.wrote_local = false;
			if (rc >= 0) {
				s->hlc = w.hlc;
				break;
			}
		}
		if (rc != DSR_EMAPFULL || attempt >= MAX_RETRIES)
			break;
		if (reset)
			reset(ctx);
		if ((rc = grow_map(s)))
			break;
	}
	dsr__kv_free(w.kv);
	dsr_arena_release(&w.recs);
	dsr_buf_free(&w.dirty);
	dsr_buf_free(&w.newforms);
	dsr_buf_free(&w.prop_claims);
	dsr_buf_free(&w.prop_articles);
	dsr_buf_free(&w.prop_names);
	dsr_buf_free(&w.heads);
	dsr_buf_free(&w.scratch);
	return rc;
}

static int write_txn(dsr_store *s, int (*fn)(dsr__wtx *w, void *ctx), void *ctx,
		     uint64_t wall_ms, void (*reset)(void *ctx))
{
	pthread_mutex_lock(&s->wlock);
	int rc = write_txn_locked(s, fn, ctx, wall_ms, reset);
	pthread_mutex_unlock(&s->wlock);
	return rc;
}

struct apply_ctx {
	dsr_op *ops;
	size_t n;
	uint64_t wall_ms;
	dsr__ahead ahead;
};

static int apply_fn(dsr__wtx *w, void *ctx)
{
	struct apply_ctx *a = ctx;
	w->ahead = &a->ahead;
	return dsr__apply_ops(w, a->ops, a->n);
}

static void apply_reset(void *ctx)
{
	struct apply_ctx *a = ctx;
	reset_results(a->ops, a->n);
}

int dsr_store_apply(dsr_store *s, dsr_op *ops, size_t n, uint64_t wall_ms)
{
	struct apply_ctx a = { ops, n, wall_ms, { 0 } };
	reset_results(ops, n);
	dsr__ahead_start(&a.ahead, ops, n);
	int rc = write_txn(s, apply_fn, &a, wall_ms, apply_reset);
	dsr__ahead_end(&a.ahead);
	return rc;
}

/* ---- read snapshots ----------------------------------------------------- */

int dsr_rtxn_begin(dsr_store *s, dsr_rtxn **out)
{
	dsr_rtxn *t = calloc(1, sizeof *t);
	if (!t)
		return -ENOMEM;
	t->s = s;
	pthread_rwlock_rdlock(&s->resize);
	int rc = mdb_txn_begin(s->env, NULL, MDB_RDONLY, &t->txn);
	if (rc == MDB_MAP_RESIZED) {
		mdb_env_set_mapsize(s->env, 0);
		rc = mdb_txn_begin(s->env, NULL, MDB_RDONLY, &t->txn);
	}
	if (rc) {
		pthread_rwlock_unlock(&s->resize);
		free(t);
		return dsr__mdb_err(rc);
	}
	*out = t;
	return 0;
}

uint64_t dsr_rtxn_version(dsr_rtxn *t)
{
	return (uint64_t)mdb_txn_id(t->txn);
}

uint64_t dsr_store_version(dsr_store *s)
{
	/* What a snapshot begun now would see: not mdb_env_info's meta page,
	 * which a commit writes before it lets new readers see it. */
	dsr_rtxn *t;
	if (dsr_rtxn_begin(s, &t) < 0)
		return 0;
	uint64_t v = dsr_rtxn_version(t);
	dsr_rtxn_end(t);
	return v;
}

void dsr_rtxn_end(dsr_rtxn *t)
{
	if (!t)
		return;
	dsr__rtxn_free_scratch(t);
	mdb_txn_abort(t->txn);
	pthread_rwlock_unlock(&t->s->resize);
	free(t);
}

/* ---- rebuild ------------------------------------------------------------ */

struct rebuild_ctx {
	uint64_t from, to;         /* log positions [from, to) */
	uint64_t next;             /* where the next chunk starts */
};

/* ctx: where to put the log's end as this transaction saw it: events
 * after it are applied to the new views by their own writes, so the replay
 * must stop there (a writer may run between the rebuild's chunks). */
static int drop_views(dsr__wtx *w, void *ctx)
{
	if (ctx)
		*(uint64_t *)ctx = w->log_end;
	for (int db = DSR__DB_FIRST_VIEW; db < DSR__DB_COUNT; db++) {
		int rc = dsr__mdb_err(mdb_drop(w->txn, w->s->dbi[db], 0));
		if (rc)
			return rc;
	}
	return 0;
}

#define REBUILD_CHUNK 2000

static int rebuild_chunks(dsr_store *s, bool locked);

static int replay_chunk(dsr__wtx *w, void *ctx)
{
	struct rebuild_ctx *r = ctx;
	uint64_t pos = r->from, stop = r->from + REBUILD_CHUNK;
	int rc = 0;
	if (stop > r->to)
		stop = r->to;
	for (; pos < stop && !rc; pos++) {
		const uint8_t *p;
		size_t n;
		rc = dsr__log_read(w->txn, w->s->dbi[DSR__DB_LOG], pos, &w->scratch, &p, &n);
		if (rc == DSR_ENOTFOUND) {
			rc = 0;
			continue;
		}
		if (rc)
			break;
		Dpb__Event *ev = dpb__event__unpack(NULL, n, p);
		if (!ev) {
			rc = DSR_ECORRUPT;
			break;
		}
		w->ev_bytes = p;
		w->ev_len = n;
		rc = dsr__view_apply(w, ev);
		w->ev_bytes = NULL;
		dpb__event__free_unpacked(ev, NULL);
	}
	r->next = stop;
	return rc;
}

/* Rebuilds in chunks of REBUILD_CHUNK events, each its own transaction
 * (one huge transaction would exceed LMDB's dirty-page limit).  With
 * `exclusive`, the writer lock is held throughout and chunks are not
 * synced, only the whole at the end: no other writer can commit in the
 * meantime, so no acknowledged event depends on an unsynced commit. */
static int rebuild(dsr_store *s, bool exclusive)
{
	bool nosync = exclusive && !(s->flags & DSR_STORE_NOSYNC);
	if (exclusive)
		pthread_mutex_lock(&s->wlock);
	if (nosync)
		mdb_env_set_flags(s->env, MDB_NOSYNC, 1);
	int rc = rebuild_chunks(s, exclusive);
	if (nosync) {
		mdb_env_set_flags(s->env, MDB_NOSYNC, 0);
		int r2 = dsr__mdb_err(mdb_env_sync(s->env, 1));
		if (!rc)
			rc = r2;
	}
	if (exclusive)
		pthread_mutex_unlock(&s->wlock);
	return rc;
}

int dsr_store_rebuild(dsr_store *s)
{
	return rebuild(s, true);
}

/* For a running daemon: writers go on between chunks (their events reach
 * the new views through their own writes), and every commit stays synced. */
int dsr_store_rebuild_live(dsr_store *s)
{
	return rebuild(s, false);
}

static int rebuild_chunks(dsr_store *s, bool locked)
{
	int (*txn)(dsr_store *, int (*)(dsr__wtx *, void *), void *, uint64_t,
		   void (*)(void *)) = locked ? write_txn_locked : write_txn;
	uint64_t end = 1;
	int rc = txn(s, drop_views, &end, 0, NULL);
	if (rc)
		return rc;
	struct rebuild_ctx r = { 1, end, 1 };
	while (r.from < end) {
		if ((rc = txn(s, replay_chunk, &r, 0, NULL)))
			return rc;
		r.from = r.next;
	}
	return 0;
}
