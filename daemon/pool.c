/* pool.c: queries and exports on the libuv thread pool, in turn.
 *
 * The pool has UV_THREADPOOL_SIZE threads (4 by default) shared with
 * ingest's extraction.  Queries may take all of them but one, so extraction
 * always has a thread however many long queries run; big ones (answers
 * that may pass BIG bytes, exports) all of those but one, so a small query
 * never waits for a big one to end; and one connection may have at most
 * POOL_PER_CONN running.  Jobs beyond that wait here, and the next to go is
 * the oldest of a connection with the fewest running, so a client
 * pipelining many queries takes its turn with the others instead of before
 * them.  A job whose connection is gone by its turn, or all of them at
 * shutdown, end without running.
 *
 * Running jobs stop themselves: the queries check conn_cancelled() between
 * items (request_query.c, request_curation.c).
 */
#include "server.h"
#include "logging.h"
#include "util.h"

#include <stdlib.h>

#define POOL_PER_CONN 2

struct pjob {
	uv_work_t work;       /* first: the pool hands back its address */
	struct conn *c;
	uv_work_cb fn;
	uv_after_work_cb after;
	uv_work_t *user;
	bool big;
	struct pjob *next;
};

static struct pjob *waiting, **waiting_tail = &waiting;
static unsigned running, running_big, slots;

bool conn_cancelled(struct conn *c)
{
	return atomic_load_explicit(&c->gone, memory_order_relaxed) ||
	       atomic_load_explicit(&c->srv->cancel_all, memory_order_relaxed);
}

static unsigned pool_slots(void)
{
	const char *e = getenv("UV_THREADPOOL_SIZE");
	long n = e && *e ? strtol(e, NULL, 10) : 4;
	if (n < 1)
		n = 4;
	return n > 1 ? (unsigned)n - 1 : 1;
}

static void work_cb(uv_work_t *w)
{
	struct pjob *j = (struct pjob *)w;
	j->fn(j->user);
}

static void after_cb(uv_work_t *w, int status)
{
	struct pjob *j = (struct pjob *)w;
	struct conn *c = j->c;
	running--;
	running_big -= j->big;
	c->pool_jobs--;
	uv_work_t *user = j->user;
	uv_after_work_cb after = j->after;
	free(j);
	after(user, status);
	pool_kick();
}

static void unlink_job(struct pjob **p)
{
	struct pjob *j = *p;
	*p = j->next;
	if (!*p)
		waiting_tail = p;
	j->next = NULL;
}

static void end_unrun(struct pjob *j)
{
	uv_work_t *user = j->user;
	uv_after_work_cb after = j->after;
	free(j);
	after(user, UV_ECANCELED);
}

/* Returns false when the job could not be queued (and has ended). */
static bool start(struct pjob *j)
{
	running++;
	running_big += j->big;
	j->c->pool_jobs++;
	int r = uv_queue_work(j->c->srv->loop, &j->work, work_cb, after_cb);
	if (r < 0) {
		dlog(DLOG_ERROR, "cannot queue work on the thread pool: %s", uv_strerror(r));
		running--;
		running_big -= j->big;
		j->c->pool_jobs--;
		end_unrun(j);
		return false;
	}
	return true;
}

void pool_submit(struct conn *c, uv_work_t *work, uv_work_cb fn, uv_after_work_cb after,
		 bool big)
{
	if (!slots)
		slots = pool_slots();
	struct pjob *j = xcalloc(1, sizeof *j);
	j->c = c;
	j->fn = fn;
	j->after = after;
	j->user = work;
	j->big = big;
	*waiting_tail = j;
	waiting_tail = &j->next;
	pool_kick();
}

/* Ends the waiting jobs whose connection is gone, then starts waiting jobs
 * while there are slots.  An after() callback may submit or kick again:
 * then the outer call goes round once more. */
void pool_kick(void)
{
	static bool busy, again;
	if (busy) {
		again = true;
		return;
	}
	busy = true;
	do {
		again = false;
		for (struct pjob **p = &waiting; *p;) {
			if (!conn_cancelled((*p)->c)) {
				p = &(*p)->next;
				continue;
			}
			struct pjob *j = *p;
			unlink_job(p);
			end_unrun(j);
			p = &waiting;
		}
		unsigned big_slots = slots > 1 ? slots - 1 : 1;
		for (unsigned level = 0; level < POOL_PER_CONN && !again; level++) {
			for (struct pjob **p = &waiting; *p && running < slots;) {
				struct pjob *j = *p;
				if (j->c->pool_jobs != level || (j->big && running_big >= big_slots)) {
					p = &j->next;
					continue;
				}
				unlink_job(p);
				if (!start(j)) {
					again = true;   /* its after() ran: start over */
					break;
				}
			}
		}
	} while (again);
	busy = false;
}

void pool_cancel_waiting(struct server *srv)
{
	(void)srv;
	while (waiting) {
		struct pjob *j = waiting;
		waiting = j->next;
		if (!waiting)
			waiting_tail = &waiting;
		end_unrun(j);
	}
}
