/* ahead.h: decoding and checking a batch's raw events on a helper thread,
 * ahead of the writer that stores them.
 *
 * Decoding and checking a raw event (protobuf, UTF-8, one BLAKE2b per
 * content id) needs nothing from the store, yet it was half of what the
 * writer spent on an event before views.  For a large batch of raw events
 * whose caller did not decode them (imports, bundles, clients' raw
 * appends), dsr_store_apply() starts one helper that walks the ops in
 * order while the writer, a few events behind, stores them.  The writer
 * waits only when it catches up.  Small batches are decoded inline: a
 * thread costs more than it saves there. */
#ifndef DOSSIER_AHEAD_H
#define DOSSIER_AHEAD_H

#include "arena.h"
#include "store.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>

typedef struct dsr__ahead {
	const dsr_op *ops;
	size_t n;
	Dpb__Event **ev;           /* per op: decoded, or NULL */
	int *rc;                   /* per op: the decode's result */
	dsr_arena arena;           /* the helper's; freed by _end */
	pthread_t thread;
	bool running;
	atomic_size_t done;        /* ops [0, done) are settled */
	atomic_int waiting;        /* the writer sleeps on cv */
	atomic_int stop;
	pthread_mutex_t mu;
	pthread_cond_t cv;
} dsr__ahead;

/* Starts the helper when the batch is worth it and memory allows; a is
 * left idle otherwise (then _get always answers 1: decode inline). */
void dsr__ahead_start(dsr__ahead *a, const dsr_op *ops, size_t n);
/* The decoded event of op (one of the batch's), waiting for it if the
 * helper is not there yet: 0 with *ev set, a decode error (the event is
 * bad), or 1 when the helper does not cover op (decode it inline). */
int dsr__ahead_get(dsr__ahead *a, const dsr_op *op, const Dpb__Event **ev);
/* Stops and joins the helper, and frees what it decoded. */
void dsr__ahead_end(dsr__ahead *a);
/* How many helpers this process has started (for tests). */
unsigned long dsr__ahead_runs(void);

#endif
