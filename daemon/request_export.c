/* request_export.c: the Export request: the whole knowledge base as a
 * dossier.export/1 document, a STIX 2.1 bundle, the timeline as CSV or the
 * actor-claim graph for Graphviz (core: dsr_export_to, docs/export.md).
 *
 * An export reads every view and, for JSON, every event, so it runs on the
 * thread pool in one read snapshot: it shows exactly what was committed
 * when it began, and never holds up the loop or the writer.  Its size has
 * no bound of its own (gigabytes at 10^5 articles), so it is never held
 * whole: the core hands its bytes on in pieces as it writes them, the pool
 * thread passes them to the loop through a small queue, and the loop sends
 * them as ExportChunk responses of at most EXPORT_CHUNK bytes, the last one
 * marked, as the client reads.  When the client falls behind, the queue
 * fills and the pool thread waits; so an export holds about
 * EXPORT_CHUNK + EXPORT_AHEAD bytes of its document, whatever its size.
 *
 * A job goes WAITING (exports are written one at a time: each holds a
 * pool thread and a read snapshot for as long as its client reads),
 * WRITING (on the pool; pieces go out as they come), then SENDING (the
 * rest of the queue).  A client gone, or shutdown, stops it at any stage:
 * the pool thread at its next piece. */
#include "server.h"
#include "error.h"
#include "export.h"
#include "logging.h"
#include "pbw.h"
#include "util.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXPORT_CHUNK (1u << 20)
/* Bytes queued to the client, framed, at most (then pieces wait). */
#define EXPORT_AHEAD (2 * EXPORT_CHUNK)
/* How long the writing thread waits before it looks again whether its
 * client is gone (it is also woken when it is). */
#define EXPORT_WAIT_NS (200 * 1000 * 1000ull)

enum xstate { XS_WAITING, XS_WRITING, XS_SENDING };

struct xjob {
	uv_work_t work;
	uv_async_t wake;      /* the pool thread: pieces are ready */
	struct ostream os;    /* c->ostream from the request on */
	struct conn *c;
	Dpb__Request *rq;
	struct server *srv;
	int format;
	dsr_export_opts opts;
	uint64_t now_ms;
	enum xstate state;

	/* Between the pool thread and the loop, under mu: the pieces
	 * written and not yet taken by the loop (at most about EXPORT_CHUNK:
	 * the writer waits on cv while it holds more), and stop, set by the
	 * loop when nobody will take more. */
	uv_mutex_t mu;
	uv_cond_t cv;
	dsr_buf q;
	bool stop;

	/* The loop's: bytes taken from q and not yet framed (charged to c). */
	dsr_buf out;
	size_t off;
	uint64_t sent;        /* bytes framed so far */
	size_t reserved;      /* the request's reservation, held to the end */
	bool cancelled;
	bool ended;
	int err;
	struct xjob *next;    /* waiting to be written */
};

static struct xjob *xwaiting, **xwaiting_tail = &xwaiting;
static bool writing;

static void export_next(void);

/* On the pool thread: the core's sink.  Queues a piece for the loop, and
 * waits while the queue is full; -ECANCELED once the client is gone. */
static int export_sink(void *ctx, const uint8_t *p, size_t n)
{
	struct xjob *x = ctx;
	int rc = 0;
	uv_mutex_lock(&x->mu);
	while (!x->stop && !conn_cancelled(x->c) && x->q.len >= EXPORT_CHUNK)
		(void)uv_cond_timedwait(&x->cv, &x->mu, EXPORT_WAIT_NS);
	if (x->stop || conn_cancelled(x->c))
		rc = -ECANCELED;
	else if (dsr_buf_append(&x->q, p, n))
		rc = -ENOMEM;
	uv_mutex_unlock(&x->mu);
	if (!rc)
		uv_async_send(&x->wake);
	return rc;
}

/* On a pool thread: export the knowledge base as it stands now. */
static void export_work(uv_work_t *req)
{
	struct xjob *x = req->data;
	dsr_rtxn *t;
	if (conn_cancelled(x->c)) {
		x->err = -ECANCELED;
		return;
	}
	int r = dsr_rtxn_begin(x->srv->store, &t);
	if (r < 0) {
		x->err = r;
		return;
	}
	x->err = dsr_export_opts_to(t, x->format, x->now_ms, &x->opts, export_sink, x);
	dsr_rtxn_end(t);
}

static void free_job(uv_handle_t *h)
{
	struct xjob *x = h->data;
	uv_mutex_destroy(&x->mu);
	uv_cond_destroy(&x->cv);
	dsr_buf_free(&x->q);
	free(x);
}

/* Tells the pool thread that nobody takes more pieces. */
static void stop_writer(struct xjob *x)
{
	uv_mutex_lock(&x->mu);
	x->stop = true;
	uv_cond_signal(&x->cv);
	uv_mutex_unlock(&x->mu);
}

/* Ends the request: error or not, everything is released.  Not while the
 * pool thread writes (export_after ends it then). */
static void export_end(struct xjob *x)
{
	struct conn *c = x->c;
	struct server *srv = x->srv;
	if (x->ended)
		return;
	x->ended = true;
	if (c->ostream == &x->os)
		c->ostream = NULL;
	if (x->cancelled) {
		srv->lim.cancelled++;
		conn_error(c, x->rq->id, -ECANCELED, "export cancelled: %s",
			   srv->stopping ? "dossierd is shutting down" :
			   "the client closed its connection");
	} else if (x->err < 0) {
		conn_error(c, x->rq->id, x->err, "export: %s%s", dsr_strerror(x->err),
			   x->sent ? " (the pieces sent before are incomplete)" : "");
	}
	budget_charge(c, -(long long)x->out.len, false);
	dsr_buf_free(&x->out);
	budget_release(c, x->reserved);
	dpb__request__free_unpacked(x->rq, NULL);
	conn_request_done(c);
	conn_unref(c);
	server_idle(srv);
	uv_close((uv_handle_t *)&x->wake, free_job);
}

/* Frames n bytes of x->out as an ExportChunk; `last` marks the end. */
static void send_piece(struct xjob *x, struct conn *c, size_t n, bool last)
{
	dsr_buf body = DSR_BUF_INIT, framed = DSR_BUF_INIT;
	pbw_bytes(&body, 1, x->out.data + x->off, n);
	x->off += n;
	x->sent += n;
	if (last)
		pbw_uint(&body, 2, 1);
	pbw_uint(&body, 3, x->sent);
	pbw_response(&framed, x->rq->id, DPB__RESPONSE__BODY_EXPORT_CHUNK, &body);
	dsr_buf_free(&body);
	conn_send_buf(c, &framed);
}

/* Takes the pieces the pool thread queued into x->out (which is empty),
 * and wakes the thread if it waits for room. */
static void take_queue(struct xjob *x, struct conn *c)
{
	uv_mutex_lock(&x->mu);
	dsr_buf t = x->out;
	x->out = x->q;
	x->q = t;
	x->q.len = 0;
	uv_cond_signal(&x->cv);
	uv_mutex_unlock(&x->mu);
	x->off = 0;
	budget_charge(c, (long long)x->out.len, false);
}

/* Frames what is ready while the client has less than EXPORT_AHEAD
 * unread; once the writing is over and all is framed, the last piece is
 * marked and the request ends. */
static void export_pump(struct ostream *os, struct conn *c)
{
	struct xjob *x = (struct xjob *)((char *)os - offsetof(struct xjob, os));
	if (x->state == XS_WAITING)
		return;
	if (conn_cancelled(c)) {   /* the client is gone: no more pieces */
		x->cancelled = true;
		stop_writer(x);
		if (x->state == XS_SENDING)
			export_end(x);
		return;
	}
	while (!c->closing && c->wq_bytes < EXPORT_AHEAD) {
		if (x->off == x->out.len) {
			budget_charge(c, -(long long)x->out.len, false);
			x->out.len = x->off = 0;
			take_queue(x, c);
		}
		size_t left = x->out.len - x->off;
		if (!left && x->state == XS_SENDING) {   /* all written, all framed */
			send_piece(x, c, 0, true);
			export_end(x);
			return;
		}
		if (!left)
			return;   /* more when the pool thread wakes us */
		size_t n = left < EXPORT_CHUNK ? left : EXPORT_CHUNK;
		send_piece(x, c, n, false);
	}
}

static void on_wake(uv_async_t *h)
{
	struct xjob *x = h->data;
	if (x->state == XS_WRITING && !x->ended)
		export_pump(&x->os, x->c);
}

/* The connection closed, or the daemon stops, before the last piece. */
static void export_stop(struct ostream *os, struct conn *c)
{
	struct xjob *x = (struct xjob *)((char *)os - offsetof(struct xjob, os));
	(void)c;
	x->cancelled = true;
	switch (x->state) {
	case XS_WAITING:
		for (struct xjob **p = &xwaiting; *p; p = &(*p)->next)
			if (*p == x) {
				*p = x->next;
				if (!*p)
					xwaiting_tail = p;
				break;
			}
		export_end(x);
		break;
	case XS_WRITING:
		stop_writer(x);   /* export_after ends it */
		break;
	case XS_SENDING:
		export_end(x);
		break;
	}
}

static void export_after(uv_work_t *req, int status)
{
	struct xjob *x = req->data;
	struct conn *c = x->c;
	writing = false;
	x->state = XS_SENDING;
	if (status < 0 || x->err == -ECANCELED || c->closing || conn_cancelled(c))
		x->cancelled = true;
	if (x->cancelled || x->err < 0)
		export_end(x);
	else
		export_pump(&x->os, c);
	export_next();
}

/* Starts the next waiting export; those whose client is gone end. */
static void export_next(void)
{
	while (!writing && xwaiting) {
		struct xjob *x = xwaiting;
		xwaiting = x->next;
		if (!xwaiting)
			xwaiting_tail = &xwaiting;
		if (conn_cancelled(x->c)) {
			x->cancelled = true;
			export_end(x);
			continue;
		}
		writing = true;
		x->state = XS_WRITING;
		pool_submit(x->c, &x->work, export_work, export_after, true);
	}
}

void req_export(struct conn *c, Dpb__Request *rq)
{
	int format = dsr_export_format(rq->export_kb->format);
	int tlp = dsr_tlp_level(rq->export_kb->tlp);
	if (format >= 0 && (tlp < 0 || (tlp > DSR_TLP_NONE && format != DSR_EXPORT_STIX &&
					format != DSR_EXPORT_MISP))) {
		if (tlp < 0)
			conn_error(c, rq->id, -EINVAL, "export: unknown TLP level \"%.64s\" "
				   "(clear, green, amber, amber+strict or red)", rq->export_kb->tlp);
		else
			conn_error(c, rq->id, -EINVAL, "export: a TLP marking is for the stix "
				   "and misp formats only");
		dpb__request__free_unpacked(rq, NULL);
		conn_request_done(c);
		return;
	}
	const Dpb__Export *xr = rq->export_kb;
	bool brief = format == DSR_EXPORT_BRIEF_MD || format == DSR_EXPORT_BRIEF_HTML;
	if (format >= 0 && !brief && (*xr->about || *xr->act || *xr->since || *xr->css ||
				      xr->reader)) {
		conn_error(c, rq->id, -EINVAL, "export: about, act, since, css and reader are "
			   "for the brief (formats brief_md and brief_html) only");
		dpb__request__free_unpacked(rq, NULL);
		conn_request_done(c);
		return;
	}
	if (format < 0 || c->ostream) {
		if (format < 0) {
			char names[256] = "";
			for (int f = 0; f < DSR_EXPORT_NFORMATS; f++)
				snprintf(names + strlen(names), sizeof names - strlen(names),
					 "%s%s", f ? ", " : "", dsr_export_formats[f].name);
			conn_error(c, rq->id, -EINVAL, "export: unknown format \"%.64s\" (%s)",
				   rq->export_kb->format, names);
		} else {
			conn_error(c, rq->id, -EBUSY,
				   "export: another export is still being sent on this connection");
		}
		dpb__request__free_unpacked(rq, NULL);
		conn_request_done(c);
		return;
	}
	struct xjob *x = xcalloc(1, sizeof *x);
	x->c = c;
	x->rq = rq;
	x->srv = c->srv;
	x->format = format;
	x->opts.tlp = tlp;
	/* the brief's options: the request's strings live as long as x->rq */
	x->opts.about = xr->about;
	x->opts.act = xr->act;
	x->opts.since = xr->since;
	x->opts.css = xr->css;
	x->opts.reader = xr->reader;
	x->now_ms = wall_ms();
	x->work.data = x;
	x->wake.data = x;
	x->reserved = conn_take_reserve(c);
	if (uv_mutex_init(&x->mu) || uv_cond_init(&x->cv) ||
	    uv_async_init(c->srv->loop, &x->wake, on_wake)) {
		/* as for memory (util.c): out of resources, nothing to save */
		dlog(DLOG_ERROR, "export: cannot make a lock or an async handle");
		abort();
	}
	x->os.pump = export_pump;
	x->os.done = export_stop;
	c->ostream = &x->os;
	conn_ref(c);
	server_busy(c->srv);
	dlog(DLOG_DEBUG, "conn %llu: export as %s", (unsigned long long)c->id,
	     rq->export_kb->format);
	*xwaiting_tail = x;
	xwaiting_tail = &x->next;
	export_next();
}

/* Shutdown: exports waiting their turn end now. */
void export_cancel_waiting(void)
{
	while (xwaiting) {
		struct xjob *x = xwaiting;
		xwaiting = x->next;
		if (!xwaiting)
			xwaiting_tail = &xwaiting;
		x->cancelled = true;
		export_end(x);
	}
}
