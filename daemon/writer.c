/* writer.c: the single writer thread and its group commit (see writer.h). */
#include "writer.h"
#include "error.h"
#include "logging.h"
#include "util.h"

#include <pthread.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct writer {
	uv_loop_t *loop;
	dsr_store *store;
	/* A commit takes at most this many ops: one huge burst must not hold
	 * every earlier acknowledgement back for long, and LMDB keeps the
	 * buffers of a transaction's dirty pages for reuse, so the largest
	 * commit sets the writer's resident memory. */
	size_t max_ops;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct wjob *queue, **queue_tail;   /* submitted, not yet taken */
	struct wjob *done, **done_tail;     /* committed, not yet completed */
	bool stop;
	uv_async_t async;
	/* Jobs submitted during this loop iteration, handed to the writer
	 * together from a check handle (after the loop has read everything
	 * that was ready): the requests that arrive together commit together,
	 * instead of the writer waking for the first and committing it alone. */
	struct wjob *staged, **staged_tail;
	uv_check_t flush;
	int closed;           /* handles closed, of 2 */
	unsigned linger_us;   /* see linger(); 0: never wait */
	uint64_t release_idle_ms; /* see wait_idle(); 0: never */
	size_t last_jobs;     /* jobs in the last commit (under mu) */
	uint64_t last_commit_ns; /* how long it took (under mu) */
	void (*on_commit)(void *, uint64_t);
	void *on_commit_arg;
	/* Owned by the writer thread. */
	size_t written;       /* ops committed since the store last gave memory back */
	dsr_op *ops;
	size_t cap;
	/* Updated under mu. */
	struct writer_stats st;
};

static struct wjob *take_batch(struct writer *w)
{
	struct wjob *head = w->queue, **tail = &head;
	size_t n = 0;
	/* Always take the first job, whatever its size. */
	while (*tail && (n == 0 || n + (*tail)->nops <= w->max_ops)) {
		n += (*tail)->nops;
		tail = &(*tail)->next;
	}
	w->queue = *tail;
	if (!w->queue)
		w->queue_tail = &w->queue;
	*tail = NULL;
	return head;
}

static void commit(struct writer *w, struct wjob *batch)
{
	size_t n = 0;
	for (struct wjob *j = batch; j; j = j->next)
		n += j->nops;
	if (n > w->cap) {
		w->cap = n + n / 2 + 16;
		w->ops = xrealloc(w->ops, w->cap * sizeof *w->ops);
	}
	/* One array, groups renumbered so that no two jobs share one. */
	size_t k = 0;
	uint32_t base = 0;
	for (struct wjob *j = batch; j; j = j->next) {
		for (size_t i = 0; i < j->nops; i++, k++) {
			w->ops[k] = j->ops[i];
			if (w->ops[k].group)
				w->ops[k].group += base;
		}
		base += j->ngroups;
	}
	uint64_t t0 = mono_ns();
	w->written += n;
	int r = n ? dsr_store_apply(w->store, w->ops, n, wall_ms()) : 0;
	uint64_t took = mono_ns() - t0;
	if (r < 0)
		dlog(DLOG_ERROR, "commit of %zu ops failed: %s", n, dsr_strerror(r));
	k = 0;
	uint64_t end = 0;
	for (struct wjob *j = batch; j; j = j->next) {
		j->result = r < 0 ? r : 0;
		for (size_t i = 0; i < j->nops; i++, k++) {
			j->ops[i].status = r < 0 ? r : w->ops[k].status;
			j->ops[i].pos = w->ops[k].pos;
			j->ops[i].seq = w->ops[k].seq;
			if (r >= 0 && w->ops[k].status == 0 && w->ops[k].pos >= end)
				end = w->ops[k].pos + 1;
		}
	}
	size_t jobs = 0;
	for (struct wjob *j = batch; j; j = j->next)
		jobs++;
	pthread_mutex_lock(&w->mu);
	w->last_jobs = jobs;
	w->last_commit_ns = took;
	w->st.commits++;
	w->st.ops += n;
	if (end > w->st.log_end)
		w->st.log_end = end;
	*w->done_tail = batch;
	while (*w->done_tail)
		w->done_tail = &(*w->done_tail)->next;
	pthread_mutex_unlock(&w->mu);
	uv_async_send(&w->async);
}

/* The clock the condition variable waits by, ns from now. */
static struct timespec deadline_in(uint64_t ns)
{
	struct timespec dl;
	clock_gettime(CLOCK_REALTIME, &dl);
	ns += (uint64_t)dl.tv_nsec;
	dl.tv_sec += (time_t)(ns / 1000000000);
	dl.tv_nsec = (long)(ns % 1000000000);
	return dl;
}

static size_t queued_jobs(const struct writer *w)
{
	size_t n = 0;
	for (const struct wjob *j = w->queue; j; j = j->next)
		n++;
	return n;
}

/* Group commit, second half.  With one commit at a time, clients that each
 * wait for their answer split into two groups that alternate: one commits
 * while the other's requests arrive, so each commit carries half of them.
 * When fewer jobs wait than the last commit answered, the clients it
 * answered are probably about to send their next requests, and waiting a
 * little for them lets both groups share one commit.  The wait is a quarter
 * of the last commit's time (capped by linger_us): the dearer commits are,
 * the more sharing one is worth.  Called with mu held. */
static void linger(struct writer *w)
{
	if (!w->linger_us || w->stop || queued_jobs(w) >= w->last_jobs)
		return;
	uint64_t ns = w->last_commit_ns / 4;
	if (ns > (uint64_t)w->linger_us * 1000)
		ns = (uint64_t)w->linger_us * 1000;
	if (ns < 20000)
		return;
	struct timespec dl = deadline_in(ns);
	while (!w->stop && queued_jobs(w) < w->last_jobs &&
	       pthread_cond_timedwait(&w->cv, &w->mu, &dl) == 0)
		;
}

/* Idle, with mu held: after release_idle_ms without work since the last
 * commit, the store gives back the page buffers LMDB keeps from its
 * largest commit (dsr_store_release), which after filing many articles
 * are most of the daemon's own memory and leave the page trimmer no room
 * for the store's pages that queries read.  An open snapshot defers it to
 * the next idle period.  Only after RELEASE_MIN_OPS: reopening drops the
 * store's mapped pages too, which an analyst's occasional edit is not
 * worth. */
#define RELEASE_MIN_OPS 256

static void wait_idle(struct writer *w)
{
	while (!w->queue && !w->stop) {
		if (w->written < RELEASE_MIN_OPS || !w->release_idle_ms) {
			pthread_cond_wait(&w->cv, &w->mu);
			continue;
		}
		struct timespec dl = deadline_in(w->release_idle_ms * 1000000);
		if (pthread_cond_timedwait(&w->cv, &w->mu, &dl) == 0 || w->queue || w->stop)
			continue;
		pthread_mutex_unlock(&w->mu);
		uint64_t t0 = mono_ns();
		int r = dsr_store_release(w->store);
		uint64_t took = mono_ns() - t0;
		pthread_mutex_lock(&w->mu);
		if (r == 0) {
			w->written = 0;
			w->st.releases++;
			dlog(DLOG_DEBUG, "store memory given back in %.1f ms",
			     (double)took / 1e6);
		} else if (r == -ESTALE) {
			/* Not again until more is written. */
			w->written = 0;
			dlog(DLOG_WARN, "the store's data file was moved or replaced while "
			     "open; memory not given back");
		} else if (r != -EBUSY) {
			/* Everything committed is on disk; without an environment
			 * nothing more can be read or written. */
			dlog(DLOG_ERROR, "the store could not be reopened: %s; stopping",
			     dsr_strerror(r));
			_exit(EXIT_FAILURE);
		}
	}
}

static void *writer_main(void *arg)
{
	struct writer *w = arg;
	pthread_mutex_lock(&w->mu);
	for (;;) {
		wait_idle(w);
		if (!w->queue && w->stop)
			break;
		linger(w);
		struct wjob *batch = take_batch(w);
		pthread_mutex_unlock(&w->mu);
		commit(w, batch);
		pthread_mutex_lock(&w->mu);
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

/* On the loop: run the completions of everything committed. */
static void on_async(uv_async_t *a)
{
	struct writer *w = a->data;
	pthread_mutex_lock(&w->mu);
	struct wjob *list = w->done;
	uint64_t end = w->st.log_end;
	w->done = NULL;
	w->done_tail = &w->done;
	pthread_mutex_unlock(&w->mu);
	if (!list)
		return;
	while (list) {
		struct wjob *j = list;
		list = list->next;
		j->next = NULL;
		j->done(j);
	}
	/* A completion may have stopped the writer (the last reply before a
	 * shutdown): w stays valid until its handles' close callbacks run. */
	if (w->on_commit)
		w->on_commit(w->on_commit_arg, end);
}

static void on_check(uv_check_t *h);

int writer_start(uv_loop_t *loop, dsr_store *store, size_t max_ops,
		 unsigned linger_us, uint64_t release_idle_ms, struct writer **out)
{
	struct writer *w = xcalloc(1, sizeof *w);
	w->max_ops = max_ops ? max_ops : 1;
	w->linger_us = linger_us;
	w->release_idle_ms = release_idle_ms;
	w->loop = loop;
	w->store = store;
	w->queue_tail = &w->queue;
	w->done_tail = &w->done;
	w->staged_tail = &w->staged;
	uv_check_init(loop, &w->flush);
	w->flush.data = w;
	uv_check_start(&w->flush, on_check);
	/* The check handle alone must not keep the loop running. */
	uv_unref((uv_handle_t *)&w->flush);
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->cv, NULL);
	uv_async_init(loop, &w->async, on_async);
	w->async.data = w;
	int r = pthread_create(&w->thread, NULL, writer_main, w);
	if (r) {
		uv_close((uv_handle_t *)&w->async, NULL);
		uv_close((uv_handle_t *)&w->flush, NULL);
		return -r;
	}
	*out = w;
	return 0;
}

static void hand_over(struct writer *w)
{
	if (!w->staged)
		return;
	pthread_mutex_lock(&w->mu);
	*w->queue_tail = w->staged;
	w->queue_tail = w->staged_tail;
	pthread_cond_signal(&w->cv);
	pthread_mutex_unlock(&w->mu);
	w->staged = NULL;
	w->staged_tail = &w->staged;
}

static void on_check(uv_check_t *h)
{
	hand_over(h->data);
}

void writer_submit(struct writer *w, struct wjob *j)
{
	j->next = NULL;
	*w->staged_tail = j;
	w->staged_tail = &j->next;
}

void writer_on_commit(struct writer *w, void (*fn)(void *, uint64_t), void *arg)
{
	w->on_commit = fn;
	w->on_commit_arg = arg;
}

void writer_stats_get(struct writer *w, struct writer_stats *st)
{
	pthread_mutex_lock(&w->mu);
	*st = w->st;
	pthread_mutex_unlock(&w->mu);
}

/* Frees the writer once both its handles are closed. */
static void free_writer(uv_handle_t *h)
{
	struct writer *w = h->data;
	if (++w->closed < 2)
		return;
	pthread_mutex_destroy(&w->mu);
	pthread_cond_destroy(&w->cv);
	free(w->ops);
	free(w);
}

void writer_stop(struct writer *w)
{
	hand_over(w);
	pthread_mutex_lock(&w->mu);
	w->stop = true;
	pthread_cond_signal(&w->cv);
	pthread_mutex_unlock(&w->mu);
	pthread_join(w->thread, NULL);
	on_async(&w->async);
	uv_close((uv_handle_t *)&w->flush, free_writer);
	uv_close((uv_handle_t *)&w->async, free_writer);
}
