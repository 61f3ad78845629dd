/* websse.c: the live stream, GET /api/events (Server-Sent Events).
 *
 * It is `dossier watch` for the browser: a Subscribe on the session's local
 * connection (webbridge.c), fed by the same subscription path as every
 * watcher (subscribe.c), each event sent as
 *
 *     id: POS
 *     event: change
 *     data: {"pos":POS,"event":{...}}      (what `dossier watch --json` prints)
 *
 * from the position after `since` (or after Last-Event-ID, which a browser
 * sends when it reconnects), else from now.  A comment line goes out every
 * WEB_HEARTBEAT_MS so proxies and the browser know the stream is alive.
 *
 * A browser that does not read never holds the daemon up: what waits to be
 * written to it is bounded by WEB_SSE_MAX; past that the stream gets
 * `event: reset` (if the socket takes it at once) and is closed, and the
 * page reloads what it shows and reconnects. */
#include "web.h"
#include "logging.h"
#include "pbjson.h"

#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char reset_msg[] = "event: reset\ndata: {\"reason\":\"the browser fell behind\"}\n\n";

static void overflow(struct hconn *h)
{
	dlog(DLOG_DEBUG, "web: a live stream fell %zu bytes behind: reset", h->wq_bytes);
	http_try_write(h, reset_msg, sizeof reset_msg - 1);
	http_close(h, false);
}

static void on_event(struct hconn *h, Dpb__Response *rs)
{
	if (rs->body_case == DPB__RESPONSE__BODY_SUBSCRIBED) {
		if (h->st == H_WAIT) {
			http_stream_begin(h, 200, "text/event-stream", NULL);
			char hello[96];
			int n = snprintf(hello, sizeof hello, "retry: 2000\n: from %" PRIu64 "\n\n",
					 rs->subscribed->pos);
			http_stream_write(h, hello, (size_t)n);
			h->hb_ms = uv_now(h->w->srv->loop);
		}
		return;
	}
	if (rs->body_case != DPB__RESPONSE__BODY_LOG) {
		if (h->st == H_WAIT) {
			if (rs->body_case == DPB__RESPONSE__BODY_ERROR) {
				const char *code;
				int st = http_status_of(rs->error->code, &code);
				http_error(h, st, code, "%s", rs->error->message);
			} else {
				http_error(h, 500, "internal", "an answer of an unexpected kind");
			}
		} else {
			/* The subscription ended (dropped, or shutdown). */
			http_try_write(h, reset_msg, sizeof reset_msg - 1);
			http_close(h, false);
		}
		return;
	}
	if (h->st != H_STREAM)
		return;
	const Dpb__LogBatch *lb = rs->log;
	dsr_buf b = DSR_BUF_INIT;
	for (size_t i = 0; i < lb->n_events; i++) {
		const Dpb__LogEvent *e = lb->events[i];
		dsr_buf_printf(&b, "id: %" PRIu64 "\nevent: change\ndata: {\"pos\":%" PRIu64
			       ",\"event\":", e->pos, e->pos);
		Dpb__Event *ev = dpb__event__unpack(NULL, e->event.len, e->event.data);
		if (ev) {
			dsr_json_msg(&b, &ev->base);   /* one line: no newline inside */
			dpb__event__free_unpacked(ev, NULL);
		} else {
			dsr_buf_puts(&b, "null");
		}
		dsr_buf_puts(&b, "}\n\n");
		h->sse_last = e->pos;
	}
	http_stream_write(h, b.data, b.len);
	dsr_buf_free(&b);
	h->hb_ms = uv_now(h->w->srv->loop);
	if (h->wq_bytes > WEB_SSE_MAX)
		overflow(h);
}

void websse_tick(struct hconn *h, uint64_t now_ms)
{
	if (h->wq_bytes > WEB_SSE_MAX) {
		overflow(h);
		return;
	}
	if (now_ms - h->hb_ms >= WEB_HEARTBEAT_MS) {
		static const char hb[] = ": heartbeat\n\n";
		http_stream_write(h, hb, sizeof hb - 1);
		h->hb_ms = now_ms;
	}
}

void websse_start(struct hconn *h, const struct hp_req *rq)
{
	char v[32], *end;
	const char *from = NULL;
	if (hp_param(rq->query, "since", v, sizeof v) >= 0)
		from = v;
	else if (rq->hdr[HP_H_LAST_EVENT_ID])
		from = rq->hdr[HP_H_LAST_EVENT_ID];
	Dpb__Subscribe q = DPB__SUBSCRIBE__INIT;
	q.from = DPB__FROM__FROM_NOW;
	if (from) {
		unsigned long long pos = strtoull(from, &end, 10);
		if (!*from || *end || *from == '-' || pos == ULLONG_MAX) {
			http_error(h, 400, "parameter", "since (or Last-Event-ID) wants a log position");
			return;
		}
		q.from = DPB__FROM__FROM_POSITION;
		q.pos = pos + 1;   /* the events after the one seen last */
	}
	Dpb__Request req = DPB__REQUEST__INIT;
	req.body_case = DPB__REQUEST__BODY_SUBSCRIBE;
	req.subscribe = &q;
	h->sse = true;
	http_ask(h, &req, on_event);
}
