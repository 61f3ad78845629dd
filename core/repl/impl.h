/* repl/impl.h: a replication session's internals, shared by session.c
 * (the session and its messages), outbox.c (per-origin state, frames to
 * send, reports, work for the store), send.c (what the peer lacks, cut into
 * batches) and recv.c (batches received: checked, applied, acknowledged).
 * raw.c (clients' raw events), auth.c (the peer handshake's proof) and
 * bundle.c (bundle files) need only repl.h. */
#ifndef DOSSIER_REPL_IMPL_H
#define DOSSIER_REPL_IMPL_H

#include "repl.h"

/* What we know of one origin on the peer's side, and of our own batches of
 * it in flight either way. */
struct porigin {
	uint8_t origin[DSR_ORIGIN_LEN];
	uint64_t their;          /* the peer holds 1..their */
	uint64_t sent;           /* we sent up to here (>= their) */
	bool blocked;            /* the peer refused it: stop sending it */
	bool quarantining;       /* a quarantine of it is queued */
	/* Receiving: batches checked but not yet applied extend our chain
	 * to ptail, so the next batch is checked against that. */
	uint32_t pending;
	uint64_t ptail;
	uint8_t ptail_hash[DSR_HASH_LEN];
	dsr_head ptail_head;
};

/* A batch sent and not yet acknowledged. */
struct inflight {
	uint8_t origin[DSR_ORIGIN_LEN];
	uint64_t last;
	uint64_t events;
	size_t bytes;
};

enum { APPLY_BATCH = 1, APPLY_QUARANTINE = 2 };

struct dsr_repl {
	dsr_store *s;
	unsigned flags;
	dsr_repl_report_fn report;
	void *report_ctx;

	struct porigin *po;      /* sorted by origin */
	size_t npo, capo;

	bool got_vector, peer_done, sent_done;
	uint64_t done_batches;   /* what the peer's PeerDone said it sent */

	/* Sending. */
	struct inflight *fl;
	size_t nfl, capfl, fl_bytes;

	/* Receiving: the batch being assembled from PeerEvents messages. */
	bool cur_active;
	uint8_t cur_origin[DSR_ORIGIN_LEN];
	uint64_t cur_first;
	dsr_buf cur_data;
	size_t *cur_offs;        /* nevents + 1 offsets into cur_data */
	size_t cur_n, cur_cap;

	/* Batches ready to apply (FIFO), and those handed out. */
	dsr_repl_apply *ready, **ready_tail;
	size_t nready, nout;

	size_t batch_events, batch_bytes;  /* the cut of our own batches */
	dsr_buf out;             /* frames to send */
	dsr_repl_stats st;
};

/* outbox.c */
struct porigin *dsr__repl_po(dsr_repl *r, const uint8_t *origin, bool create);
/* Queues one PeerMsg as a frame (wrapped per the session's flags). */
int dsr__repl_emit(dsr_repl *r, const Dpb__PeerMsg *m);
void dsr__repl_report(dsr_repl *r, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A short printable form of an origin (first 8 hex digits). */
const char *dsr__repl_short(const uint8_t *origin, char buf[17]);
/* Queues a PeerFork carrying `evidence`. */
int dsr__repl_send_fork(dsr_repl *r, const uint8_t *evidence, size_t len);
/* Queues a quarantine of origin, proven by `evidence` (once per session). */
int dsr__repl_quarantine(dsr_repl *r, const uint8_t *origin, const uint8_t *evidence,
			 size_t len);
/* Whether origin is quarantined or about to be. */
bool dsr__repl_is_quarantined(dsr_repl *r, dsr_rtxn *t, const uint8_t *origin);
/* Frees a batch of work for the store (NULL is fine). */
void dsr__repl_apply_free(dsr_repl_apply *a);

/* send.c */
int dsr__repl_vector(dsr_repl *r, dsr_rtxn *t);
int dsr__repl_on_ack(dsr_repl *r, const Dpb__PeerAck *a);

/* recv.c */
int dsr__repl_on_events(dsr_repl *r, const Dpb__PeerEvents *m);
int dsr__repl_on_vector(dsr_repl *r, const Dpb__PeerVector *v);

#endif
