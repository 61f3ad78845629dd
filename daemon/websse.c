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
#include "util.h"

#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char reset_msg[] = "event: reset\ndata: {\"reason\":\"the browser fell behind\"}\n\n";

static void on_event(struct hconn *h, Dpb__Response *rs);

static void overflow(struct hconn *h)
{
	dlog(DLOG_DEBUG, "web: a live stream fell %zu bytes behind: reset", h->wq_bytes);
	http_try_write(h, reset_msg, sizeof reset_msg - 1);
	http_close(h, false);
}

/* A batch of log events as the stream's text; returns its last position. */
static uint64_t render_batch(const Dpb__LogBatch *lb, dsr_buf *b)
{
	uint64_t last = 0;
	for (size_t i = 0; i < lb->n_events; i++) {
		const Dpb__LogEvent *e = lb->events[i];
		dsr_buf_printf(b, "id: %" PRIu64 "\nevent: change\ndata: {\"pos\":%" PRIu64
			       ",\"event\":", e->pos, e->pos);
		Dpb__Event *ev = dpb__event__unpack(NULL, e->event.len, e->event.data);
		if (ev) {
			dsr_json_msg(b, &ev->base);   /* one line: no newline inside */
			dpb__event__free_unpacked(ev, NULL);
		} else {
			dsr_buf_puts(b, "null");
		}
		dsr_buf_puts(b, "}\n\n");
		last = e->pos;
	}
	return last;
}

static void send_text(struct hconn *h, const void *p, size_t n)
{
	http_stream_write(h, p, n);
	h->hb_ms = uv_now(h->w->srv->loop);
	if (h->wq_bytes > WEB_SSE_MAX)
		overflow(h);
}

/* Browsers at the same position get the same batches (the subscription
 * path shares one encoded batch among its subscribers), so the text of
 * the last few is kept: a hundred browsers cost one rendering, not a
 * hundred.  Keyed by the batch's encoded bytes. */
#define CACHE_N 8
#define CACHE_MAX (256u << 10)

static struct cached {
	uint8_t *key;
	size_t klen;
	uint64_t hash, last;
	dsr_buf text;
	uint64_t used;
} cache[CACHE_N];
static uint64_t cache_clock;

static uint64_t fnv(const uint8_t *p, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 1099511628211ull;
	return h;
}

/* A Response frame: id (field 1) then `log` (field 12, length-delimited,
 * tag 0x62); returns where the LogBatch's field begins, or NULL. */
static const uint8_t *batch_field(const uint8_t *p, size_t n, size_t *len)
{
	size_t i = 1;
	if (n < 2 || p[0] != 0x08)
		return NULL;
	while (i < n && i < 11 && (p[i] & 0x80))
		i++;
	i++;
	if (i >= n || p[i] != 0x62)
		return NULL;
	*len = n - i;
	return p + i;
}

static void on_frame(struct hconn *h, uint64_t id, const uint8_t *body, size_t len)
{
	size_t klen;
	const uint8_t *key = h->st == H_STREAM ? batch_field(body, len, &klen) : NULL;
	if (key && klen <= CACHE_MAX) {
		uint64_t hash = fnv(key, klen);
		struct cached *c = NULL, *old = &cache[0];
		for (int i = 0; i < CACHE_N; i++) {
			if (cache[i].key && cache[i].hash == hash && cache[i].klen == klen &&
			    !memcmp(cache[i].key, key, klen))
				c = &cache[i];
			if (cache[i].used < old->used)
				old = &cache[i];
		}
		if (!c) {
			Dpb__Response *rs;
			if (dsr_wire_response(body, len, NULL, &rs) < 0 ||
			    rs->body_case != DPB__RESPONSE__BODY_LOG) {
				if (rs)
					dpb__response__free_unpacked(rs, NULL);
				http_close(h, false);
				return;
			}
			c = old;
			free(c->key);
			c->text.len = 0;
			c->key = xmalloc(klen);
			memcpy(c->key, key, klen);
			c->klen = klen;
			c->hash = hash;
			c->last = render_batch(rs->log, &c->text);
			dpb__response__free_unpacked(rs, NULL);
		}
		c->used = ++cache_clock;
		h->sse_last = c->last;
		send_text(h, c->text.data, c->text.len);
		return;
	}
	Dpb__Response *rs;
	if (dsr_wire_response(body, len, NULL, &rs) < 0) {
		http_close(h, false);
		return;
	}
	(void)id;
	on_event(h, rs);
	dpb__response__free_unpacked(rs, NULL);
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
	dsr_buf b = DSR_BUF_INIT;
	h->sse_last = render_batch(rs->log, &b);
	send_text(h, b.data, b.len);
	dsr_buf_free(&b);
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
	http_ask_raw(h, &req, on_frame);
}
