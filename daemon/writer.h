/* writer.h: the one thread that writes to the store.
 *
 * Everything submitted since the last commit goes into one dsr_store_apply
 * call (one LMDB write transaction, one fsync); each job's completion runs on
 * the loop thread only after that call returned, so a client is acknowledged
 * only for what is durable (STYLE.md, rule 3).  Queries and subscriptions
 * never wait for it: they read their own snapshots.
 */
#ifndef DOSSIERD_WRITER_H
#define DOSSIERD_WRITER_H

#include <stddef.h>
#include <stdint.h>
#include <uv.h>

#include "store.h"

struct wjob;
typedef void (*wjob_done_fn)(struct wjob *j);

struct wjob {
	struct wjob *next;
	dsr_op *ops;          /* the job's ops; results are filled in */
	size_t nops;
	/* Groups used by ops are 1..ngroups (renumbered per commit so jobs
	 * never share a group). */
	uint32_t ngroups;
	int result;           /* 0, or the apply error that failed the commit */
	wjob_done_fn done;    /* on the loop thread, after the commit */
	void *ctx;
};

struct writer;

struct writer_stats {
	uint64_t commits, ops, log_end;
	uint64_t releases;  /* times the store gave memory back (wait_idle) */
};

/* Starts the writer thread; one commit takes at most `max_ops` ops (but
 * always at least one job); it may wait up to `linger_us` for more (see
 * linger() in writer.c; 0: never); idle `release_idle_ms` after writing,
 * it has the store give memory back (wait_idle() in writer.c; 0: never).  Returns 0 or -errno. */
int writer_start(uv_loop_t *loop, dsr_store *store, size_t max_ops,
		 unsigned linger_us, uint64_t release_idle_ms, struct writer **out);
/* Queues a job (loop thread). */
void writer_submit(struct writer *w, struct wjob *j);
/* Commits what is queued, then stops the thread and closes its handle.
 * Pending completions still run. */
void writer_stop(struct writer *w);
void writer_stats_get(struct writer *w, struct writer_stats *st);
/* Sets the function called on the loop after each batch of completions
 * (to feed subscribers), with the log end after the last commit. */
void writer_on_commit(struct writer *w, void (*fn)(void *, uint64_t), void *arg);

#endif
