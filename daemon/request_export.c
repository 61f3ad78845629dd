/* request_export.c: the Export request: the whole knowledge base as a
 * dossier.export/1 document, a STIX 2.1 bundle, the timeline as CSV or the
 * actor-claim graph for Graphviz (core: dsr_export, docs/export.md).
 *
 * An export reads every view and, for JSON, every event, so it runs on the
 * thread pool in one read snapshot: it shows exactly what was committed
 * when it began, and never holds up the loop or the writer.  Its size has
 * no bound of its own, so it travels as a stream of ExportChunk responses
 * of EXPORT_CHUNK bytes each, far below the frame limit, the last one
 * marked; the client writes them out as they come. */
#include "server.h"
#include "error.h"
#include "export.h"
#include "logging.h"
#include "pbw.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define EXPORT_CHUNK (1u << 20)

struct xjob {
	uv_work_t work;
	struct conn *c;
	Dpb__Request *rq;
	struct server *srv;
	int format;
	uint64_t now_ms;
	dsr_buf out;          /* every chunk's frame, back to back */
	int err;
};

/* On a pool thread: export, then cut the document into framed chunks. */
static void export_work(uv_work_t *req)
{
	struct xjob *x = req->data;
	dsr_buf doc = DSR_BUF_INIT, body = DSR_BUF_INIT;
	dsr_rtxn *t;
	int r = dsr_rtxn_begin(x->srv->store, &t);
	if (r < 0) {
		x->err = r;
		return;
	}
	r = dsr_export(t, x->format, x->now_ms, &doc);
	dsr_rtxn_end(t);
	if (r < 0) {
		x->err = r;
		dsr_buf_free(&doc);
		return;
	}
	size_t off = 0;
	do {
		size_t n = doc.len - off < EXPORT_CHUNK ? doc.len - off : EXPORT_CHUNK;
		bool last = off + n == doc.len;
		dsr_buf_reset(&body);
		pbw_bytes(&body, 1, doc.data + off, n);
		if (last)
			pbw_uint(&body, 2, 1);
		pbw_uint(&body, 3, doc.len);
		pbw_response(&x->out, x->rq->id, DPB__RESPONSE__BODY_EXPORT_CHUNK, &body);
		off += n;
	} while (off < doc.len);
	dsr_buf_free(&body);
	dsr_buf_free(&doc);
}

static void export_after(uv_work_t *req, int status)
{
	struct xjob *x = req->data;
	struct conn *c = x->c;
	struct server *srv = x->srv;
	if (status < 0 && !x->err)
		x->err = -ECANCELED;
	if (x->err < 0)
		conn_error(c, x->rq->id, x->err, "export: %s", dsr_strerror(x->err));
	else
		conn_send_buf(c, &x->out);
	dsr_buf_free(&x->out);
	dpb__request__free_unpacked(x->rq, NULL);
	free(x);
	conn_request_done(c);
	conn_unref(c);
	server_idle(srv);
}

void req_export(struct conn *c, Dpb__Request *rq)
{
	int format = dsr_export_format(rq->export_kb->format);
	if (format < 0) {
		conn_error(c, rq->id, -EINVAL,
			   "export: unknown format \"%.64s\" (json, stix, csv or dot)",
			   rq->export_kb->format);
		dpb__request__free_unpacked(rq, NULL);
		conn_request_done(c);
		return;
	}
	struct xjob *x = xcalloc(1, sizeof *x);
	x->c = c;
	x->rq = rq;
	x->srv = c->srv;
	x->format = format;
	x->now_ms = wall_ms();
	x->work.data = x;
	conn_ref(c);
	server_busy(c->srv);
	dlog(DLOG_DEBUG, "conn %llu: export as %s", (unsigned long long)c->id,
	     rq->export_kb->format);
	uv_queue_work(c->srv->loop, &x->work, export_work, export_after);
}
