/* ahead.c: the decode-ahead helper of a batch (see store/impl.h). */
#include "store/impl.h"
#include "validate.h"

#include <stdlib.h>
#include <string.h>

/* Below this many raw events to decode a helper thread is not worth
 * starting; above this many encoded bytes the batch is decoded inline, one
 * event at a time, so that a huge import does not hold all of its events
 * decoded at once. */
#define AHEAD_MIN_OPS 128
#define AHEAD_MAX_BYTES ((size_t)64 << 20)

static atomic_ulong runs;

unsigned long dsr__ahead_runs(void)
{
	return atomic_load(&runs);
}

static bool wanted(const dsr_op *op)
{
	return op->type == DSR_OP_RAW && !op->decoded && op->bytes;
}

static void *helper(void *arg)
{
	dsr__ahead *a = arg;
	for (size_t i = 0; i < a->n && !atomic_load(&a->stop); i++) {
		const dsr_op *op = &a->ops[i];
		a->rc[i] = wanted(op) ? dsr_event_decode_with(op->bytes, op->len, &a->arena.pb,
							      &a->ev[i])
				      : 1;
		atomic_store(&a->done, i + 1);
		if (atomic_load(&a->waiting)) {
			pthread_mutex_lock(&a->mu);
			pthread_cond_broadcast(&a->cv);
			pthread_mutex_unlock(&a->mu);
		}
	}
	return NULL;
}

void dsr__ahead_start(dsr__ahead *a, const dsr_op *ops, size_t n)
{
	memset(a, 0, sizeof *a);
	size_t count = 0, bytes = 0;
	for (size_t i = 0; i < n; i++)
		if (wanted(&ops[i])) {
			count++;
			bytes += ops[i].len;
		}
	if (count < AHEAD_MIN_OPS || bytes > AHEAD_MAX_BYTES)
		return;
	a->ev = calloc(n, sizeof *a->ev);
	a->rc = calloc(n, sizeof *a->rc);
	if (!a->ev || !a->rc) {
		free(a->ev);
		free(a->rc);
		a->ev = NULL;
		a->rc = NULL;
		return;
	}
	a->ops = ops;
	a->n = n;
	dsr_arena_init(&a->arena);
	pthread_mutex_init(&a->mu, NULL);
	pthread_cond_init(&a->cv, NULL);
	/* Without a thread the batch is simply decoded inline. */
	a->running = pthread_create(&a->thread, NULL, helper, a) == 0;
	if (a->running)
		atomic_fetch_add(&runs, 1);
}

int dsr__ahead_get(dsr__ahead *a, const dsr_op *op, const Dpb__Event **ev)
{
	if (!a || !a->running || op < a->ops || op >= a->ops + a->n)
		return 1;
	size_t i = (size_t)(op - a->ops);
	if (atomic_load(&a->done) <= i) {
		/* Caught up: sleep until the helper has settled op.  The
		 * helper reads `waiting` after each `done`, so one of the two
		 * sees the other's store. */
		pthread_mutex_lock(&a->mu);
		atomic_store(&a->waiting, 1);
		while (atomic_load(&a->done) <= i)
			pthread_cond_wait(&a->cv, &a->mu);
		atomic_store(&a->waiting, 0);
		pthread_mutex_unlock(&a->mu);
	}
	if (a->rc[i] == 0)
		*ev = a->ev[i];
	return a->rc[i];
}

void dsr__ahead_end(dsr__ahead *a)
{
	if (!a->ev)
		return;
	if (a->running) {
		atomic_store(&a->stop, 1);
		pthread_join(a->thread, NULL);
	}
	pthread_mutex_destroy(&a->mu);
	pthread_cond_destroy(&a->cv);
	dsr_arena_release(&a->arena);
	free(a->ev);
	free(a->rc);
	memset(a, 0, sizeof *a);
}
