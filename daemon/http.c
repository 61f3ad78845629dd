/* http.c: the web workspace's HTTP/1.1 server on the daemon's loop: the
 * listener, connections, routing, answers with their security headers, and
 * the limits (web.h, docs/web.md).
 *
 * One request at a time per connection: bytes that arrive meanwhile wait
 * (up to a bound, then the connection is not read) and are parsed once the
 * answer is queued, so pipelining works and costs nothing extra.  A request
 * must arrive whole within WEB_REQUEST_MS of its first byte (408) and within
 * the parser's size limits (414, 431, 413); anything it cannot parse is 400.
 * After any of those the connection closes. */
#include "web.h"
#include "error.h"
#include "export.h"
#include "logging.h"
#include "util.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Unparsed bytes held for a connection while its request is answered. */
#define IN_MAX (HP_HEADER_MAX + HP_BODY_MAX + 4096)

/* Only our own origin: scripts and styles from files (no inline script),
 * no frames, no plugins, forms and fetches back to us. */
#define SECURITY_HEADERS                                                        \
	"Content-Security-Policy: default-src 'self'; script-src 'self'; "     \
	"style-src 'self'; img-src 'self' data:; connect-src 'self'; "         \
	"object-src 'none'; base-uri 'none'; form-action 'self'; "             \
	"frame-ancestors 'none'\r\n"                                            \
	"X-Content-Type-Options: nosniff\r\n"                                   \
	"Referrer-Policy: no-referrer\r\n"                                      \
	"X-Frame-Options: DENY\r\n"

struct hwr {
	uv_write_t req;
	struct hconn *h;
	size_t n;
	dsr_buf buf, body;         /* written in this order; body may be empty */
};

static char read_buf[64 << 10];

static void process(struct hconn *h);
static void set_reading(struct hconn *h);

static const char *reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 303: return "See Other";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 408: return "Request Timeout";
	case 413: return "Content Too Large";
	case 414: return "URI Too Long";
	case 415: return "Unsupported Media Type";
	case 431: return "Request Header Fields Too Large";
	case 500: return "Internal Server Error";
	case 503: return "Service Unavailable";
	}
	return "Status";
}

int http_status_of(int err, const char **code)
{
	*code = err < 0 ? dsr_err_name(err) : "error";
	if (err == DSR_ENOTFOUND)
		return 404;
	if (err == -EINVAL || err == DSR_EINVAL || err == DSR_EUTF8 || err == DSR_ETOOBIG ||
	    err == DSR_EDECODE)
		return 400;
	if (err == DSR_ELIMIT || err == -ECANCELED)
		return 503;
	return 500;
}

/* ---- writing ---------------------------------------------------------------- */

static void hconn_free(struct hconn *h)
{
	hp_free(&h->hp);
	dsr_buf_free(&h->in);
	dsr_buf_free(&h->akey);
	webapi_forget(h);
	webwrite_forget(h);
	free(h);
}

static void on_closed(uv_handle_t *hd)
{
	struct hconn *h = hd->data;
	h->closed = true;
	if (h->refs == 0)
		hconn_free(h);
}

bool http_unref(struct hconn *h)
{
	if (--h->refs == 0 && h->closed) {
		hconn_free(h);
		return false;
	}
	return !h->closed && !uv_is_closing((uv_handle_t *)&h->tcp);
}

static void really_close(struct hconn *h)
{
	if (uv_is_closing((uv_handle_t *)&h->tcp))
		return;
	struct web *w = h->w;
	if (h->br) {
		bridge_close(h->br);
		h->br = NULL;
	}
	if (h->prev)
		h->prev->next = h->next;
	else if (w->conns == h)
		w->conns = h->next;
	if (h->next)
		h->next->prev = h->prev;
	w->nconns--;
	h->st = H_CLOSING;
	uv_close((uv_handle_t *)&h->tcp, on_closed);
}

/* How long a closing connection may keep us: its last answer unread, or
 * its client still sending after it. */
#define LINGER_MS 2000

static void on_shutdown(uv_shutdown_t *req, int status)
{
	struct hconn *h = req->data;
	free(req);
	if (status < 0)
		really_close(h);
}

/* Our answer is written: shut our side, and read (discarding) until the
 * client closes its own, for LINGER_MS at most.  Closing at once with the
 * rest of a refused request unread would make the kernel send a reset,
 * which can destroy the answer before the client reads it. */
static void linger(struct hconn *h)
{
	if (uv_is_closing((uv_handle_t *)&h->tcp) || h->lingering)
		return;
	h->lingering = true;
	h->closing_ms = uv_now(h->w->srv->loop);
	uv_shutdown_t *req = xcalloc(1, sizeof *req);
	req->data = h;
	if (uv_shutdown(req, (uv_stream_t *)&h->tcp, on_shutdown) < 0) {
		free(req);
		really_close(h);
	}
}

void http_close(struct hconn *h, bool flush)
{
	if (uv_is_closing((uv_handle_t *)&h->tcp))
		return;
	if (h->st != H_CLOSING)
		h->closing_ms = uv_now(h->w->srv->loop);
	h->st = H_CLOSING;
	if (h->br) {   /* its queries stop now */
		bridge_close(h->br);
		h->br = NULL;
	}
	if (!flush)
		really_close(h);
	else if (h->wq_bytes == 0)
		linger(h);
	else
		set_reading(h);
}

static void on_written(uv_write_t *req, int status)
{
	struct hwr *wr = (struct hwr *)req;
	struct hconn *h = wr->h;
	h->wq_bytes -= wr->n;
	dsr_buf_free(&wr->buf);
	dsr_buf_free(&wr->body);
	free(wr);
	if (uv_is_closing((uv_handle_t *)&h->tcp))
		return;
	if (status < 0) {
		really_close(h);
		return;
	}
	h->last_ms = uv_now(h->w->srv->loop);
	if (h->st == H_CLOSING && h->wq_bytes == 0) {
		linger(h);
		return;
	}
	/* An export paused for a slow browser goes on. */
	if (h->chunked && h->br && h->wq_bytes < WEB_WQ_HIGH / 2)
		bridge_pause(h->br, false);
}

/* Queues b's bytes, then body's (both taken over; body may be NULL). */
static void hwrite2(struct hconn *h, dsr_buf *b, dsr_buf *body)
{
	if (uv_is_closing((uv_handle_t *)&h->tcp) || !b->len) {
		dsr_buf_free(b);
		if (body)
			dsr_buf_free(body);
		return;
	}
	struct hwr *wr = xcalloc(1, sizeof *wr);
	wr->h = h;
	wr->buf = *b;
	*b = (dsr_buf)DSR_BUF_INIT;
	if (body) {
		wr->body = *body;
		*body = (dsr_buf)DSR_BUF_INIT;
	}
	wr->n = wr->buf.len + wr->body.len;
	uv_buf_t ub[2] = { uv_buf_init((char *)wr->buf.data, (unsigned)wr->buf.len),
			   uv_buf_init((char *)wr->body.data, (unsigned)wr->body.len) };
	h->wq_bytes += wr->n;
	if (uv_write(&wr->req, (uv_stream_t *)&h->tcp, ub, wr->body.len ? 2 : 1, on_written) < 0) {
		h->wq_bytes -= wr->n;
		dsr_buf_free(&wr->buf);
		dsr_buf_free(&wr->body);
		free(wr);
		really_close(h);
	}
}

static void hwrite(struct hconn *h, dsr_buf *b)
{
	hwrite2(h, b, NULL);
}

void http_try_write(struct hconn *h, const char *p, size_t n)
{
	if (uv_is_closing((uv_handle_t *)&h->tcp) || h->wq_bytes)
		return;   /* behind queued bytes it would be out of order */
	uv_buf_t ub = uv_buf_init((char *)p, (unsigned)n);
	uv_try_write((uv_stream_t *)&h->tcp, &ub, 1);
}

static void head(dsr_buf *b, struct hconn *h, int status, const char *ctype,
		 const char *extra)
{
	dsr_buf_printf(b, "HTTP/1.1 %d %s\r\n" SECURITY_HEADERS, status, reason(status));
	if (ctype)
		dsr_buf_printf(b, "Content-Type: %s\r\n", ctype);
	if (!extra || !strstr(extra, "Cache-Control:"))
		dsr_buf_puts(b, "Cache-Control: no-store\r\n");
	if (extra)
		dsr_buf_puts(b, extra);
	if (!h->keep_alive)
		dsr_buf_puts(b, "Connection: close\r\n");
}

/* The answer is queued: on to the next request, or close. */
static void next_request(struct hconn *h)
{
	h->on_answer = NULL;
	h->on_raw = NULL;
	h->nreq++;
	webwrite_forget(h);
	h->want_first = h->want_id = 0;
	webapi_forget(h);
	h->sess = NULL;
	h->sse = h->chunked = false;
	hp_next(&h->hp);
	if (!h->keep_alive) {
		http_close(h, true);
		return;
	}
	h->st = H_READ;
	h->w->served++;
	if (!h->processing)   /* an answer that came later: read on */
		process(h);
}

void http_respond(struct hconn *h, int status, const char *ctype, const char *extra,
		  const void *body, size_t len)
{
	if (h->st == H_CLOSING)
		return;
	dsr_buf b = DSR_BUF_INIT;
	head(&b, h, status, ctype, extra);
	dsr_buf_printf(&b, "Content-Length: %zu\r\n\r\n", len);
	if (len && !h->head)
		dsr_buf_append(&b, body, len);
	hwrite(h, &b);
	next_request(h);
}

void http_respond_buf(struct hconn *h, int status, const char *ctype, dsr_buf *body)
{
	if (h->st == H_CLOSING) {
		dsr_buf_free(body);
		return;
	}
	dsr_buf b = DSR_BUF_INIT;
	head(&b, h, status, ctype, NULL);
	dsr_buf_printf(&b, "Content-Length: %zu\r\n\r\n", body->len);
	if (h->head)
		dsr_buf_free(body);
	hwrite2(h, &b, body);
	next_request(h);
}

void http_error(struct hconn *h, int status, const char *code, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	dsr_buf b = DSR_BUF_INIT;
	dsr_buf_puts(&b, "{\"error\":");
	dsr_buf_json_str(&b, msg, strlen(msg));
	dsr_buf_puts(&b, ",\"code\":");
	dsr_buf_json_str(&b, code, strlen(code));
	dsr_buf_puts(&b, "}\n");
	http_respond(h, status, "application/json", NULL, b.data, b.len);
	dsr_buf_free(&b);
}

void http_stream_begin(struct hconn *h, int status, const char *ctype, const char *extra)
{
	dsr_buf b = DSR_BUF_INIT;
	h->st = H_STREAM;
	if (!h->sse)
		h->chunked = true;
	else
		h->keep_alive = false;   /* an event stream ends with the connection */
	head(&b, h, status, ctype, extra);
	dsr_buf_puts(&b, h->chunked ? "Transfer-Encoding: chunked\r\n\r\n" : "\r\n");
	hwrite(h, &b);
}

void http_stream_write(struct hconn *h, const void *p, size_t n)
{
	if (h->st != H_STREAM || !n || h->head)
		return;
	dsr_buf b = DSR_BUF_INIT;
	if (h->chunked)
		dsr_buf_printf(&b, "%zx\r\n", n);
	dsr_buf_append(&b, p, n);
	if (h->chunked)
		dsr_buf_puts(&b, "\r\n");
	hwrite(h, &b);
}

void http_stream_end(struct hconn *h)
{
	if (h->st != H_STREAM)
		return;
	if (h->chunked && !h->head) {
		dsr_buf b = DSR_BUF_INIT;
		dsr_buf_puts(&b, "0\r\n\r\n");
		hwrite(h, &b);
	}
	if (h->sse) {
		http_close(h, true);
		return;
	}
	next_request(h);
}

/* ---- the bridge ------------------------------------------------------------- */

static void on_bridge(void *ctx, uint64_t id, const uint8_t *body, size_t len)
{
	struct hconn *h = ctx;
	if (!body) {
		/* The local connection ended (shutdown, or a limit). */
		struct bridge *b = h->br;
		h->br = NULL;
		if (b)
			bridge_close(b);
		if (h->st == H_WAIT && !h->refs)   /* (a render job answers itself) */
			http_error(h, 503, "unavailable", "dossierd closed the request's connection");
		else if (h->st == H_STREAM)
			http_close(h, true);
		return;
	}
	if (!((id >= h->want_first && id <= h->want_id) || id == 0))
		return;   /* an answer to a request given up */
	if (h->on_raw) {
		h->on_raw(h, id, body, len);
		return;
	}
	if (!h->on_answer)
		return;
	Dpb__Response *rs;
	if (dsr_wire_response(body, len, NULL, &rs) < 0) {
		http_error(h, 500, "internal", "an answer that does not decode");
		return;
	}
	h->on_answer(h, rs);
	dpb__response__free_unpacked(rs, NULL);
}

bool http_ask(struct hconn *h, Dpb__Request *rq, void (*on_answer)(struct hconn *, Dpb__Response *))
{
	struct server *srv = h->w->srv;
	const char *who = h->sess->analyst;
	if (h->br && strcmp(h->br_author, who)) {
		bridge_close(h->br);
		h->br = NULL;
	}
	if (!h->br) {
		h->br = bridge_open(srv, who, on_bridge, h);
		if (!h->br) {
			http_error(h, 503, "unavailable", "dossierd is at its connection limit");
			return false;
		}
		snprintf(h->br_author, sizeof h->br_author, "%s", who);
	}
	h->on_answer = on_answer;
	h->on_raw = NULL;
	h->st = H_WAIT;
	h->want_first = h->want_id = bridge_send(h->br, rq);
	if (!h->want_id) {
		http_error(h, 503, "unavailable", "dossierd closed the request's connection");
		return false;
	}
	return true;
}

bool http_ask_raw(struct hconn *h, Dpb__Request *rq,
		  void (*on_raw)(struct hconn *, uint64_t, const uint8_t *, size_t))
{
	if (!http_ask(h, rq, NULL))
		return false;
	h->on_raw = on_raw;
	return true;
}

bool http_ask_more(struct hconn *h, Dpb__Request *rq)
{
	uint64_t id = h->br && h->st == H_WAIT ? bridge_send(h->br, rq) : 0;
	if (!id)
		return false;   /* the bridge is down: on_bridge answers 503 */
	h->want_id = id;
	return true;
}

/* ---- routing ---------------------------------------------------------------- */

static const char welcome_page[] =
	"<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
	"<title>dossier: log in</title></head><body>\n"
	"<h1>dossier</h1>\n<p>You are not logged in.  On the machine where "
	"<code>dossierd</code> runs, type</p>\n<pre>dossier web</pre>\n"
	"<p>It opens this workspace with a one-time login link (or prints it with "
	"<code>--print</code>).</p>\n</body></html>\n";

static void route(struct hconn *h, const struct hp_req *rq)
{
	struct web *w = h->w;
	const char *path = rq->path;
	bool get = rq->method == HTTP_GET || rq->method == HTTP_HEAD;
	h->head = rq->method == HTTP_HEAD;
	h->keep_alive = rq->keep_alive;
	if (!get && rq->method != HTTP_POST) {
		http_error(h, 405, "method", "%s is not served here", http_method_str(rq->method));
		return;
	}
	if (!strcmp(path, "/login")) {
		if (!get)
			http_error(h, 405, "method", "log in with GET");
		else
			webauth_login(h, rq);
		return;
	}
	if (!strcmp(path, "/welcome")) {
		http_respond(h, 200, "text/html; charset=utf-8", NULL, welcome_page,
			     sizeof welcome_page - 1);
		return;
	}
	h->sess = webauth_session(w, rq, uv_now(w->srv->loop));
	if (!strncmp(path, "/api/", 5)) {
		const char *name = path + 5;
		if (!h->sess) {
			http_error(h, 401, "unauthenticated",
				   "not logged in: run `dossier web` for a login link");
			return;
		}
		if (get) {
			if (!strcmp(name, "session"))
				webauth_describe(h);
			else if (!strcmp(name, "events"))
				websse_start(h, rq);
			else if (!strcmp(name, "brief.css")) {
				/* the brief's stylesheet, for the brief served as a
				 * page (GET /api/export?format=brief_html&page): the
				 * policy allows styles from here only */
				const char *css = dsr_brief_css();
				http_respond(h, 200, "text/css; charset=utf-8", NULL, css, strlen(css));
			}
			else if (!webapi_get(h, name, rq))
				http_error(h, 404, "unknown", "no such API call: GET /api/%.100s", name);
			return;
		}
		if (!webauth_csrf_ok(h->sess, rq)) {
			http_error(h, 403, "csrf", "a write needs the header X-CSRF-Token from "
				   "GET /api/session");
			return;
		}
		if (!webwrite_post(h, name, rq))
			http_error(h, 404, "unknown", "no such API call: POST /api/%.100s", name);
		return;
	}
	if (!get) {
		http_error(h, 405, "method", "only the API takes POST");
		return;
	}
	if (!h->sess) {
		http_respond(h, 303, "text/plain; charset=utf-8", "Location: /welcome\r\n",
			     "log in first\n", 13);
		return;
	}
	if (!webstatic_get(h, path, rq))
		http_error(h, 404, "not_found", "no such page: %.200s", path);
}

/* ---- reading ---------------------------------------------------------------- */

static void on_alloc(uv_handle_t *hd, size_t hint, uv_buf_t *b)
{
	(void)hd;
	(void)hint;
	b->base = read_buf;
	b->len = sizeof read_buf;
}

static void on_read(uv_stream_t *st, ssize_t n, const uv_buf_t *buf)
{
	struct hconn *h = st->data;
	if (n == 0)
		return;
	if (n < 0) {
		/* The browser left: what it asked stops (the bridge closes). */
		http_close(h, false);
		return;
	}
	h->last_ms = uv_now(h->w->srv->loop);
	if (h->st == H_STREAM || h->st == H_CLOSING)
		return;   /* nothing more is read from a stream's browser */
	dsr_buf_append(&h->in, buf->base, (size_t)n);
	process(h);
}

static void set_reading(struct hconn *h)
{
	if (uv_is_closing((uv_handle_t *)&h->tcp))
		return;
	/* Streams and closing connections are read only to see them go. */
	bool on = h->st == H_CLOSING || h->in.len < IN_MAX;
	if (on == h->reading)
		return;
	if (on)
		uv_read_start((uv_stream_t *)&h->tcp, on_alloc, on_read);
	else
		uv_read_stop((uv_stream_t *)&h->tcp);
	h->reading = on;
}

/* Parses and answers what was read, request after request, until one is
 * incomplete or waits for its answer.  Answers given meanwhile come back
 * here through next_request(), not by recursion (`processing`). */
static void process(struct hconn *h)
{
	h->processing = true;
	while (h->st == H_READ && h->in.len > h->in_off) {
		if (!h->first_byte_ms)
			h->first_byte_ms = uv_now(h->w->srv->loop);
		size_t used = hp_feed(&h->hp, (const char *)h->in.data + h->in_off,
				      h->in.len - h->in_off);
		h->in_off += used;
		if (h->in_off == h->in.len)
			h->in.len = h->in_off = 0;
		if (h->hp.status) {
			h->keep_alive = false;
			h->head = false;
			int st = h->hp.status;
			http_error(h, st, st == 400 ? "bad_request" : "too_large", "%s", h->hp.why);
			break;
		}
		if (!h->hp.done)
			break;
		h->first_byte_ms = 0;
		route(h, &h->hp.rq);
	}
	h->processing = false;
	if (h->in_off && h->st != H_CLOSING) {
		memmove(h->in.data, h->in.data + h->in_off, h->in.len - h->in_off);
		h->in.len -= h->in_off;
		h->in_off = 0;
	}
	if (h->in.cap > 65536 && !h->in.len)
		dsr_buf_free(&h->in);   /* a large body's buffer goes back */
	set_reading(h);
}

static void on_conn(uv_stream_t *ls, int status)
{
	struct web *w = ls->data;
	if (status < 0)
		return;
	struct hconn *h = xcalloc(1, sizeof *h);
	h->w = w;
	uv_tcp_init(w->srv->loop, &h->tcp);
	h->tcp.data = h;
	if (uv_accept(ls, (uv_stream_t *)&h->tcp) < 0) {
		uv_close((uv_handle_t *)&h->tcp, on_closed);
		return;
	}
	hp_init(&h->hp);
	h->next = w->conns;
	if (w->conns)
		w->conns->prev = h;
	w->conns = h;
	w->nconns++;
	h->last_ms = uv_now(w->srv->loop);
	uv_tcp_nodelay(&h->tcp, 1);
	if (!admit_http(w->srv, w->nconns) || w->srv->stopping) {
#define BUSY_BODY "{\"error\":\"too many connections: try again later\",\"code\":\"limit\"}\n"
		char busy[1024];
		int n = snprintf(busy, sizeof busy, "HTTP/1.1 503 Service Unavailable\r\n"
				 SECURITY_HEADERS "Content-Type: application/json\r\n"
				 "Connection: close\r\nContent-Length: %zu\r\n\r\n%s",
				 sizeof BUSY_BODY - 1, BUSY_BODY);
		w->refused++;
		h->st = H_CLOSING;
		h->closing_ms = h->last_ms;
		dsr_buf b = DSR_BUF_INIT;
		dsr_buf_append(&b, busy, (size_t)n);
		hwrite(h, &b);
		http_close(h, true);   /* lingers at most LINGER_MS */
		return;
	}
	h->st = H_READ;
	set_reading(h);
}

/* Requests that do not arrive in time, idle connections, heartbeats. */
static void on_tick(uv_timer_t *t)
{
	struct web *w = t->data;
	uint64_t now = uv_now(w->srv->loop);
	struct hconn *next;
	for (struct hconn *h = w->conns; h; h = next) {
		next = h->next;
		if (h->st == H_CLOSING) {
			if (now - h->closing_ms > (h->lingering ? LINGER_MS : WEB_REQUEST_MS))
				really_close(h);   /* a client that neither reads nor leaves */
		} else if (h->st == H_READ && h->first_byte_ms && now - h->first_byte_ms > WEB_REQUEST_MS) {
			h->keep_alive = false;
			http_error(h, 408, "timeout", "the request did not arrive within %d s",
				   WEB_REQUEST_MS / 1000);
		} else if (h->st == H_READ && !h->first_byte_ms && now - h->last_ms > WEB_IDLE_MS) {
			http_close(h, false);
		} else if (h->st == H_STREAM && h->sse) {
			websse_tick(h, now);
		}
	}
}

int web_start(struct server *srv, const char *spec)
{
	struct sockaddr_storage ss;
	memset(&ss, 0, sizeof ss);
	if (listen_parse_addr(spec, &ss) < 0) {
		dlog(DLOG_ERROR, "--http %s: expected PORT, ADDR:PORT or [ADDR]:PORT", spec);
		return -EINVAL;
	}
	struct web *w = xcalloc(1, sizeof *w);
	w->srv = srv;
	uv_tcp_init(srv->loop, &w->listener);
	w->listener.data = w;
	int r = uv_tcp_bind(&w->listener, (struct sockaddr *)&ss, 0);
	if (r == 0)
		r = uv_listen((uv_stream_t *)&w->listener, 128, on_conn);
	if (r < 0) {
		dlog(DLOG_ERROR, "cannot serve HTTP on %s: %s", spec, uv_strerror(r));
		uv_close((uv_handle_t *)&w->listener, NULL);
		return r;   /* w stays: the loop still closes its handle, then exits */
	}
	struct sockaddr_storage got;
	int len = sizeof got;
	uv_tcp_getsockname(&w->listener, (struct sockaddr *)&got, &len);
	if (got.ss_family == AF_INET) {
		uv_ip4_name((struct sockaddr_in *)&got, w->host, sizeof w->host);
		w->port = ntohs(((struct sockaddr_in *)&got)->sin_port);
		if (!strcmp(w->host, "0.0.0.0"))
			snprintf(w->host, sizeof w->host, "127.0.0.1");
	} else {
		char a[48];
		uv_ip6_name((struct sockaddr_in6 *)&got, a, sizeof a);
		w->port = ntohs(((struct sockaddr_in6 *)&got)->sin6_port);
		snprintf(w->host, sizeof w->host, "[%s]", strcmp(a, "::") ? a : "::1");
	}
	w->listening = true;
	webauth_init(w);
	uv_timer_init(srv->loop, &w->tick);
	w->tick.data = w;
	uv_timer_start(&w->tick, on_tick, 1000, 1000);
	uv_unref((uv_handle_t *)&w->tick);
	srv->web = w;
	dlog(DLOG_INFO, "web workspace on http://%s:%d/ (log in with `dossier web`)", w->host,
	     w->port);
	return 0;
}

void web_stop(struct server *srv)
{
	struct web *w = srv->web;
	if (!w || !w->listening)
		return;
	w->listening = false;
	uv_close((uv_handle_t *)&w->listener, NULL);
	uv_close((uv_handle_t *)&w->tick, NULL);
	struct hconn *next;
	for (struct hconn *h = w->conns; h; h = next) {
		next = h->next;
		/* No lingering: the loop must end; a browser retries. */
		http_close(h, false);
	}
	dlog(DLOG_INFO, "web: %llu request(s) answered, %llu connection(s) refused",
	     (unsigned long long)w->served, (unsigned long long)w->refused);
}

void web_free(struct server *srv)
{
	struct web *w = srv->web;
	if (!w)
		return;
	webauth_free(w);
	free(w);
	srv->web = NULL;
}
