/* request_curation.c: the questions of curation: why (the events
 * behind a fact), conflicts (edits that lost) and resolve (which fact a
 * short hex id means).  The acts themselves need no request of their own:
 * they are local events sent with Append (request_write.c), which records
 * the connection's author on each.
 *
 * Like the other queries (request_query.c), each runs in its own read
 * snapshot and never waits for the writer.  Why and conflicts read events
 * from the log and articles for quotes, so they go to the thread pool;
 * resolve reads at most `limit` keys of three tables and runs on the loop. */
#include "server.h"
#include "error.h"
#include "logging.h"
#include "pbw.h"
#include "query.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A why reply stops growing at this size (a frame holds 16 MiB); an actor
 * named in thousands of articles has that many extraction events. */
#define WHY_REPLY_BYTES (8u << 20)

/* Resolve answers at most this many ids. */
#define RESOLVE_DEFAULT 16
#define RESOLVE_MAX 1000


/* ---- why ----------------------------------------------------------------- */

struct why_body {
	dsr_buf b;
	bool truncated;
	struct qjob *j;
};

static int add_why(void *ctx, const Dpb__WhyItem *w)
{
	struct why_body *wb = ctx;
	if (qjob_cancelled(wb->j))
		return -ECANCELED;
	if (wb->truncated)
		return 1;
	if (wb->b.len + protobuf_c_message_get_packed_size(&w->base) > WHY_REPLY_BYTES) {
		wb->truncated = true;
		return 1;     /* stops the query; not an error */
	}
	pbw_msg(&wb->b, 1, &w->base);
	return 0;
}

static int add_reasoning(void *ctx, const Dpb__Reasoning *r)
{
	pbw_msg(ctx, 3, &r->base);
	return 0;
}

static int q_why(struct qjob *j, dsr_rtxn *t)
{
	const char *what = j->rq->why->what;
	if (!what[0]) {
		snprintf(j->msg, sizeof j->msg, "why: name a claim, entry or article id, or an actor");
		return -EINVAL;
	}
	struct why_body wb = { DSR_BUF_INIT, false, j };
	int r = dsr_q_why(t, what, add_why, &wb);
	/* a claim's or a proposition's confidence: how it comes about */
	uint8_t id[DSR_ID_LEN];
	dsr_buf reason = DSR_BUF_INIT;
	if ((r == 0 || r == DSR_ENOTFOUND) && strlen(what) == 2 * DSR_ID_LEN &&
	    dsr_unhex(what, id, DSR_ID_LEN) == 0) {
		int r2 = dsr_q_reasoning(t, id, add_reasoning, &reason);
		if (r2 == 0)
			r = 0;
		else if (r2 != DSR_ENOTFOUND)
			r = r2;
	}
	if (r == DSR_ENOTFOUND)
		snprintf(j->msg, sizeof j->msg,
			 "nothing is known as \"%.120s\" (no claim, entry, article or proposition has this id, no actor this name)",
			 what);
	if (r >= 0) {
		if (wb.truncated)
			pbw_uint(&wb.b, 2, 1);
		if (reason.len && dsr_buf_append(&wb.b, reason.data, reason.len))
			r = -ENOMEM;
	}
	if (r >= 0) {
		pbw_response(&j->out, j->rq->id, DPB__RESPONSE__BODY_WHY, &wb.b);
		r = 0;
	}
	dsr_buf_free(&wb.b);
	dsr_buf_free(&reason);
	return r;
}

/* ---- conflicts ----------------------------------------------------------- */

struct conflict_body {
	dsr_buf b;
	struct qjob *j;
};

static int add_conflict(void *ctx, const Dpb__ConflictInfo *ci)
{
	struct conflict_body *cb = ctx;
	if (qjob_cancelled(cb->j))
		return -ECANCELED;
	pbw_msg(&cb->b, 1, &ci->base);
	return 0;
}

static int q_conflicts(struct qjob *j, dsr_rtxn *t)
{
	const Dpb__QueryConflicts *a = j->rq->conflicts;
	const struct config *cfg = &j->srv->cfg;
	dsr_page pg = { a->cursor.data, a->cursor.len, a->limit ? a->limit : cfg->page_default };
	if (pg.limit > cfg->page_max)
		pg.limit = cfg->page_max;
	struct conflict_body body = { DSR_BUF_INIT, j };
	dsr_buf next = DSR_BUF_INIT;
	int r = dsr_q_conflicts(t, a->all, &pg, &next, add_conflict, &body);
	if (r >= 0) {
		if (next.len)
			pbw_bytes(&body.b, 2, next.data, next.len);
		pbw_response(&j->out, j->rq->id, DPB__RESPONSE__BODY_CONFLICTS, &body.b);
	}
	dsr_buf_free(&next);
	dsr_buf_free(&body.b);
	return r;
}

/* ---- resolve ------------------------------------------------------------- */

static int add_id(void *ctx, const uint8_t id[DSR_ID_LEN], int kind)
{
	dsr_buf item = DSR_BUF_INIT;
	pbw_bytes(&item, 1, id, DSR_ID_LEN);
	pbw_uint(&item, 2, (uint64_t)kind);
	pbw_bytes(ctx, 1, item.data, item.len);
	dsr_buf_free(&item);
	return 0;
}

static int q_resolve(struct qjob *j, dsr_rtxn *t)
{
	const Dpb__Resolve *a = j->rq->resolve;
	uint32_t limit = a->limit ? a->limit : RESOLVE_DEFAULT;
	if (limit > RESOLVE_MAX)
		limit = RESOLVE_MAX;
	dsr_buf body = DSR_BUF_INIT;
	bool more = false;
	int r = dsr_q_resolve(t, a->prefix, a->kind, limit, &more, add_id, &body);
	if (r == -EINVAL)
		snprintf(j->msg, sizeof j->msg, "an id is 1 to 32 hex digits, not \"%.64s\"",
			 a->prefix);
	if (r >= 0) {
		if (more)
			pbw_uint(&body, 2, 1);
		pbw_response(&j->out, j->rq->id, DPB__RESPONSE__BODY_RESOLVED, &body);
	}
	dsr_buf_free(&body);
	return r;
}

/* ---- running them ---------------------------------------------------------- */

static int run_curation(struct qjob *j, dsr_rtxn *t)
{
	/* The questions dispatch.c sends here; its switch lists every kind. */
	switch ((int)j->rq->body_case) {
	case DPB__REQUEST__BODY_WHY: return q_why(j, t);
	case DPB__REQUEST__BODY_CONFLICTS: return q_conflicts(j, t);
	case DPB__REQUEST__BODY_RESOLVE: return q_resolve(j, t);
	default: return -EOPNOTSUPP;
	}
}

void req_curation(struct conn *c, Dpb__Request *rq)
{
	qjob_start(qjob_new(c, rq, run_curation), rq->body_case == DPB__REQUEST__BODY_RESOLVE);
}
