/* request_write.c: the requests that append: Ingest (extract on the thread
 * pool, then one all-or-nothing group) and Append (raw events, checked as
 * a peer's, and local payloads).  Both are acknowledged from the writer's
 * completion, that is only after their commit returned. */
#include "server.h"
#include "writer.h"
#include "error.h"
#include "ingest.h"
#include "payload.h"
#include "logging.h"
#include "repl.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* At most this many events in one Append request. */
#define APPEND_MAX_OPS 100000

struct wctx {
	struct wjob job;
	uv_work_t work;
	struct conn *c;
	Dpb__Request *rq;
	dsr_ingest *in;
	dsr_raw_plan plan;         /* append: its raw events' checked ops */
	int err;
	size_t reserved;           /* budget: the request and its answer */
};

static struct wctx *wctx_new(struct conn *c, Dpb__Request *rq)
{
	struct wctx *w = xcalloc(1, sizeof *w);
	w->c = c;
	w->rq = rq;
	w->job.ctx = w;
	w->reserved = conn_take_reserve(c);
	conn_ref(c);
	server_busy(c->srv);
	return w;
}

static void wctx_end(struct wctx *w)
{
	struct conn *c = w->c;
	struct server *srv = c->srv;
	if (w->in)
		dsr_ingest_free(w->in);
	free(w->job.ops);
	dsr_raw_plan_free(&w->plan);
	dpb__request__free_unpacked(w->rq, NULL);
	budget_release(c, w->reserved);
	free(w);
	conn_request_done(c);
	conn_unref(c);
	server_idle(srv);
}

/* ---- ingest -------------------------------------------------------------- */

/* Says why a commit failed, naming a full disk as such. */
static void commit_failed(struct wctx *w, int err)
{
	if (err == -ENOSPC)
		conn_error(w->c, w->rq->id, err, "commit failed: the disk holding %s is full "
			   "(%s); nothing was stored", dsr_store_dir(w->c->srv->store),
			   dsr_strerror(err));
	else
		conn_error(w->c, w->rq->id, err, "commit failed: %s", dsr_strerror(err));
}

static void ingest_done(struct wjob *j)
{
	struct wctx *w = j->ctx;
	uint64_t id = w->rq->id;
	if (j->result < 0) {
		commit_failed(w, j->result);
		wctx_end(w);
		return;
	}
	Dpb__IngestResult ir = DPB__INGEST_RESULT__INIT;
	ir.article.data = w->in->article_id;
	ir.article.len = DSR_ID_LEN;
	if (w->in->x && w->in->x->published) {
		ir.published = w->in->x->published;
		ir.published_from = (char *)w->in->x->published_from;
	}
	bool dup = true;
	for (size_t i = 0; i < j->nops; i++) {
		const dsr_op *op = &j->ops[i];
		if (op->status < 0 && op->status != DSR_EDUP) {
			conn_error(w->c, id, op->status, "event %zu of the article: %s",
				   i, dsr_strerror(op->status));
			wctx_end(w);
			return;
		}
		if (op->status == 0) {
			dup = false;
			ir.events++;
			if (!ir.first_pos || op->pos < ir.first_pos)
				ir.first_pos = op->pos;
			if (op->pos > ir.last_pos)
				ir.last_pos = op->pos;
		}
		switch (w->in->events[i]->payload_case) {
		case DPB__EVENT__PAYLOAD_ACTOR: ir.actors++; break;
		case DPB__EVENT__PAYLOAD_CLAIM: ir.claims++; break;
		case DPB__EVENT__PAYLOAD_ENTRY: ir.entries++; break;
		case DPB__EVENT__PAYLOAD_INDICATOR: ir.indicators++; break;
		case DPB__EVENT__PAYLOAD_ARTICLE:
		case DPB__EVENT__PAYLOAD_NAMES:
		case DPB__EVENT__PAYLOAD_ASSESSED:
		case DPB__EVENT__PAYLOAD_AMENDED:
		case DPB__EVENT__PAYLOAD_NOTE:
		case DPB__EVENT__PAYLOAD_CURATED:
		case DPB__EVENT__PAYLOAD_ARTICLE_CURATED:
		DSR_PAYLOAD_NO_CASES:
			break;
		}
	}
	ir.duplicate = dup;
	Dpb__Response rs = DPB__RESPONSE__INIT;
	rs.id = id;
	rs.body_case = DPB__RESPONSE__BODY_INGESTED;
	rs.ingested = &ir;
	conn_send(w->c, &rs);
	wctx_end(w);
}

/* On a pool thread: run the extractor.  Touches nothing but w. */
static void ingest_work(uv_work_t *req)
{
	struct wctx *w = req->data;
	const Dpb__Ingest *g = w->rq->ingest;
	struct dsr_extract_meta meta;
	memset(&meta, 0, sizeof meta);
	meta.title = g->title;
	meta.publisher = g->publisher;
	meta.url = g->url;
	meta.published = g->published;
	meta.byline = g->byline;
	meta.lang = g->lang;
	w->err = dsr_ingest_build(g->text.data, g->text.len, &meta, &w->in);
}

static void ingest_after(uv_work_t *req, int status)
{
	struct wctx *w = req->data;
	struct conn *c = w->c;
	if (status < 0 || w->err < 0) {
		int e = status < 0 ? -ECANCELED : w->err;
		conn_error(c, w->rq->id, e, "cannot ingest %s: %s",
			   w->rq->ingest->name[0] ? w->rq->ingest->name : "article",
			   dsr_strerror(e));
		wctx_end(w);
		return;
	}
	w->job.nops = w->in->nevents;
	w->job.ops = xcalloc(w->job.nops, sizeof *w->job.ops);
	w->job.ngroups = 1;
	w->job.done = ingest_done;
	dsr_ingest_ops(w->in, w->job.ops, 1, c->author);
	writer_submit(c->srv->writer, &w->job);
}

void req_ingest(struct conn *c, Dpb__Request *rq)
{
	const Dpb__Ingest *g = rq->ingest;
	if (g->text.len == 0 || g->text.len > DSR_ARTICLE_MAX) {
		int e = g->text.len ? DSR_ETOOBIG : -EINVAL;
		conn_error(c, rq->id, e, "article %s: %s",
			   g->text.len ? "too large" : "is empty",
			   g->text.len ? dsr_strerror(e) : "no text");
		dpb__request__free_unpacked(rq, NULL);
		conn_request_done(c);
		return;
	}
	struct wctx *w = wctx_new(c, rq);
	w->work.data = w;
	uv_queue_work(c->srv->loop, &w->work, ingest_work, ingest_after);
}

/* ---- append --------------------------------------------------------------
 * Raw events from a client pass the checks a peer's batches pass
 * (dsr_raw_plan_make, core/repl/raw.c): the token lets a client write, not
 * write in another origin's name.  The check runs here on the loop, as the
 * replication receiver's does, so that a client's appends reach the
 * writer in the order sent: a run may continue the previous request's. */

static void fill_results(Dpb__OpResult *res, Dpb__OpResult **ptrs, const dsr_op *op,
			 int status, uint32_t *stored)
{
	dpb__op_result__init(res);
	res->status = status;
	if (op && !status) {
		res->status = op->status;
		res->pos = op->pos;
		res->seq = op->seq;
	}
	*ptrs = res;
	if (res->status == 0)
		(*stored)++;
}

/* Answers an Append: each raw event's refusal or its op's result, then the
 * local ops' (after the plan's in job.ops).  `all`: the status of every
 * event instead (an atomic request refused whole). */
static void append_reply(struct wctx *w, int all)
{
	const Dpb__Append *a = w->rq->append;
	size_t n = a->n_raw + a->n_local;
	Dpb__AppendResult ar = DPB__APPEND_RESULT__INIT;
	Dpb__OpResult *res = xcalloc(n, sizeof *res);
	Dpb__OpResult **ptrs = xcalloc(n, sizeof *ptrs);
	for (size_t i = 0; i < a->n_raw; i++) {
		bool has_op = !all && !w->plan.refused[i];
		fill_results(&res[i], &ptrs[i], has_op ? &w->job.ops[w->plan.op[i]] : NULL,
			     all ? all : w->plan.refused[i], &ar.stored);
	}
	for (size_t i = 0; i < a->n_local; i++)
		fill_results(&res[a->n_raw + i], &ptrs[a->n_raw + i],
			     all ? NULL : &w->job.ops[w->plan.nops + i], all, &ar.stored);
	ar.raw = ptrs;
	ar.n_raw = a->n_raw;
	ar.local = ptrs + a->n_raw;
	ar.n_local = a->n_local;
	Dpb__Response rs = DPB__RESPONSE__INIT;
	rs.id = w->rq->id;
	rs.body_case = DPB__RESPONSE__BODY_APPENDED;
	rs.appended = &ar;
	conn_send(w->c, &rs);
	free(res);
	free(ptrs);
}

static void append_done(struct wjob *j)
{
	struct wctx *w = j->ctx;
	if (j->result < 0)
		commit_failed(w, j->result);
	else
		append_reply(w, 0);
	wctx_end(w);
}

/* Plans the raw events against a snapshot.  Returns 0, or an error for
 * the request as a whole. */
static int plan_raw(struct wctx *w, const Dpb__Append *a)
{
	if (a->n_raw == 0)   /* local events only (curation): nothing to check */
		return 0;
	dsr_head *heads = xcalloc(a->n_heads + 1, sizeof *heads);
	const uint8_t **ev = xcalloc(a->n_raw + 1, sizeof *ev);
	size_t *len = xcalloc(a->n_raw + 1, sizeof *len);
	dsr_rtxn *t = NULL;
	int rc = 0;
	for (size_t i = 0; i < a->n_heads && !rc; i++)
		if (dsr_head_decode(a->heads[i].data, a->heads[i].len, &heads[i]))
			rc = -EINVAL;
	for (size_t i = 0; i < a->n_raw; i++) {
		ev[i] = a->raw[i].data;
		len[i] = a->raw[i].len;
	}
	if (!rc)
		rc = dsr_rtxn_begin(w->c->srv->store, &t);
	if (!rc)
		rc = dsr_raw_plan_make(t, ev, len, a->n_raw, heads, a->n_heads, a->atomic,
				       &w->plan);
	dsr_rtxn_end(t);
	free(heads);
	free(ev);
	free(len);
	return rc;
}

void req_append(struct conn *c, Dpb__Request *rq)
{
	const Dpb__Append *a = rq->append;
	size_t n = a->n_raw + a->n_local;
	if (n == 0 || n > APPEND_MAX_OPS) {
		conn_error(c, rq->id, -EINVAL, "an append carries 1 to %d events, not %zu",
			   APPEND_MAX_OPS, n);
		dpb__request__free_unpacked(rq, NULL);
		conn_request_done(c);
		return;
	}
	struct wctx *w = wctx_new(c, rq);
	int rc = plan_raw(w, a);
	if (rc == -EINVAL)
		conn_error(c, rq->id, rc, "append: a head is not a signed chain head (%d bytes)",
			   DSR_HEAD_LEN);
	else if (rc)
		conn_error(c, rq->id, rc, "append: cannot check raw events: %s", dsr_strerror(rc));
	if (rc) {
		wctx_end(w);
		return;
	}
	/* An atomic request with a refused event is refused whole, every
	 * event with the first refusal; nothing reaches the writer. */
	int refuse = 0;
	size_t submit = w->plan.nops + a->n_local;
	for (size_t i = 0; a->atomic && !refuse && i < a->n_raw; i++)
		refuse = w->plan.refused[i];
	if (refuse || submit == 0) {
		append_reply(w, refuse);
		wctx_end(w);
		return;
	}
	w->job.ops = xcalloc(submit, sizeof *w->job.ops);
	w->job.nops = submit;
	w->job.ngroups = a->atomic ? 1 : w->plan.ngroups;
	w->job.done = append_done;
	if (w->plan.nops)
		memcpy(w->job.ops, w->plan.ops, w->plan.nops * sizeof *w->job.ops);
	for (size_t i = 0; i < a->n_local; i++) {
		dsr_op *op = &w->job.ops[w->plan.nops + i];
		op->type = DSR_OP_LOCAL;
		op->group = a->atomic ? 1 : 0;
		op->event = a->local[i];
		op->author = c->author;
	}
	writer_submit(c->srv->writer, &w->job);
}
