/* request_write.c: the requests that append: Ingest (extract on the thread
 * pool, then one all-or-nothing group) and Append (raw events and local
 * payloads).  Both are acknowledged from the writer's completion, that is
 * only after their commit returned. */
#include "server.h"
#include "writer.h"
#include "error.h"
#include "ingest.h"
#include "log.h"
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
	int err;
};

static struct wctx *wctx_new(struct conn *c, Dpb__Request *rq)
{
	struct wctx *w = xcalloc(1, sizeof *w);
	w->c = c;
	w->rq = rq;
	w->job.ctx = w;
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
	dpb__request__free_unpacked(w->rq, NULL);
	free(w);
	conn_request_done(c);
	conn_unref(c);
	server_idle(srv);
}

/* ---- ingest -------------------------------------------------------------- */

static void ingest_done(struct wjob *j)
{
	struct wctx *w = j->ctx;
	uint64_t id = w->rq->id;
	if (j->result < 0) {
		conn_error(w->c, id, j->result, "commit failed: %s",
			   dsr_strerror(j->result));
		wctx_end(w);
		return;
	}
	Dpb__IngestResult ir = DPB__INGEST_RESULT__INIT;
	ir.article.data = w->in->article_id;
	ir.article.len = DSR_ID_LEN;
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
		default: break;
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

/* ---- append -------------------------------------------------------------- */

static void fill_results(Dpb__OpResult *res, Dpb__OpResult **ptrs,
			 const dsr_op *ops, size_t n, uint32_t *stored)
{
	for (size_t i = 0; i < n; i++) {
		dpb__op_result__init(&res[i]);
		res[i].status = ops[i].status;
		res[i].pos = ops[i].pos;
		res[i].seq = ops[i].seq;
		ptrs[i] = &res[i];
		if (ops[i].status == 0)
			(*stored)++;
	}
}

static void append_done(struct wjob *j)
{
	struct wctx *w = j->ctx;
	const Dpb__Append *a = w->rq->append;
	if (j->result < 0) {
		conn_error(w->c, w->rq->id, j->result, "commit failed: %s",
			   dsr_strerror(j->result));
		wctx_end(w);
		return;
	}
	Dpb__AppendResult ar = DPB__APPEND_RESULT__INIT;
	Dpb__OpResult *res = xcalloc(j->nops, sizeof *res);
	Dpb__OpResult **ptrs = xcalloc(j->nops, sizeof *ptrs);
	fill_results(res, ptrs, j->ops, a->n_raw, &ar.stored);
	fill_results(res + a->n_raw, ptrs + a->n_raw, j->ops + a->n_raw,
		     a->n_local, &ar.stored);
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
	wctx_end(w);
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
	w->job.ops = xcalloc(n, sizeof *w->job.ops);
	w->job.nops = n;
	w->job.ngroups = a->atomic ? 1 : 0;
	w->job.done = append_done;
	uint32_t group = a->atomic ? 1 : 0;
	for (size_t i = 0; i < a->n_raw; i++) {
		dsr_op *op = &w->job.ops[i];
		op->type = DSR_OP_RAW;
		op->group = group;
		op->bytes = a->raw[i].data;
		op->len = a->raw[i].len;
	}
	for (size_t i = 0; i < a->n_local; i++) {
		dsr_op *op = &w->job.ops[a->n_raw + i];
		op->type = DSR_OP_LOCAL;
		op->group = group;
		op->event = a->local[i];
		op->author = c->author;
	}
	writer_submit(c->srv->writer, &w->job);
}
