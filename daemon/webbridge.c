/* webbridge.c: the web server's local connections to the request path.
 *
 * An API call must be answered exactly as the same `dossier` command is:
 * the same query on the pool, the same write through the writer, the same
 * budgets, cancellation, subscription and export streaming.  So the web
 * server does not call any of them: it holds one end of a socketpair whose
 * other end is served as an ordinary local client connection (conn_adopt),
 * says Hello as the session's analyst, and speaks the protocol.  Closing
 * the bridge ends the client's side, so a browser that leaves stops its
 * queries like a `dossier` that is interrupted. */
#include "web.h"
#include "error.h"
#include "logging.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

struct bridge {
	uv_pipe_t pipe;
	struct server *srv;
	dsr_frame_dec dec;
	uint64_t next_id;
	void (*on_frame)(void *ctx, uint64_t id, const uint8_t *body, size_t len);
	void *ctx;                 /* NULL once closed by its owner */
	bool reading, paused, down, welcomed;
};

static char rbuf[64 << 10];

static void on_alloc(uv_handle_t *hd, size_t hint, uv_buf_t *b)
{
	(void)hd;
	(void)hint;
	b->base = rbuf;
	b->len = sizeof rbuf;
}

static void on_closed(uv_handle_t *hd)
{
	struct bridge *b = hd->data;
	dsr_frame_dec_free(&b->dec);
	free(b);
}

/* The connection ended (or broke): its owner hears once. */
static void down(struct bridge *b)
{
	if (b->down)
		return;
	b->down = true;
	if (b->reading)
		uv_read_stop((uv_stream_t *)&b->pipe);
	b->reading = false;
	if (b->ctx)
		b->on_frame(b->ctx, 0, NULL, 0);
}

/* The id of a Response frame without decoding it: protobuf-c writes
 * fields in number order, so a non-zero id (field 1, varint) comes first.
 * Returns -1 when the frame does not begin so (id 0, or another writer):
 * the caller decodes it then. */
static int64_t peek_id(const uint8_t *p, size_t n)
{
	if (n < 2 || p[0] != 0x08)
		return -1;
	uint64_t v = 0;
	for (size_t i = 1, shift = 0; i < n && i < 11; i++, shift += 7) {
		v |= (uint64_t)(p[i] & 0x7f) << shift;
		if (!(p[i] & 0x80))
			return v <= INT64_MAX ? (int64_t)v : -1;
	}
	return -1;
}

static void on_read(uv_stream_t *st, ssize_t n, const uv_buf_t *buf)
{
	struct bridge *b = st->data;
	if (n == 0)
		return;
	if (n < 0 || dsr_frame_feed(&b->dec, buf->base, (size_t)n) < 0) {
		down(b);
		return;
	}
	const uint8_t *body;
	size_t len;
	int r;
	while (b->ctx && !b->down && (r = dsr_frame_next(&b->dec, &body, &len)) == 1) {
		int64_t id = peek_id(body, len);
		if (id < 0) {
			/* Id 0 (the connection's Error or Goodbye), or not the
			 * usual layout: decoded to be sure. */
			Dpb__Response *rs;
			if (dsr_wire_response(body, len, NULL, &rs) < 0) {
				down(b);
				return;
			}
			id = (int64_t)rs->id;
			dpb__response__free_unpacked(rs, NULL);
		}
		if (id == 1 && !b->welcomed) {
			b->welcomed = true;   /* the Hello's answer */
			Dpb__Response *rs;
			if (dsr_wire_response(body, len, NULL, &rs) < 0)
				down(b);
			else if (rs->body_case != DPB__RESPONSE__BODY_WELCOME)
				b->on_frame(b->ctx, 0, body, len);   /* refused: say why */
			if (rs)
				dpb__response__free_unpacked(rs, NULL);
			continue;
		}
		b->on_frame(b->ctx, (uint64_t)id, body, len);
	}
}

static void set_reading(struct bridge *b)
{
	bool on = !b->paused && !b->down && b->ctx;
	if (on == b->reading)
		return;
	if (on)
		uv_read_start((uv_stream_t *)&b->pipe, on_alloc, on_read);
	else
		uv_read_stop((uv_stream_t *)&b->pipe);
	b->reading = on;
}

struct wr {
	uv_write_t req;
	dsr_buf buf;
};

static void on_written(uv_write_t *req, int status)
{
	struct wr *w = (struct wr *)req;
	dsr_buf_free(&w->buf);
	free(w);
	(void)status;   /* a broken pipe shows as the read side's end */
}

static uint64_t send_req(struct bridge *b, Dpb__Request *rq)
{
	if (b->down)
		return 0;
	struct wr *w = xcalloc(1, sizeof *w);
	if (dsr_wire_put(&w->buf, &rq->base) < 0) {
		dsr_buf_free(&w->buf);
		free(w);
		return 0;
	}
	uv_buf_t ub = uv_buf_init((char *)w->buf.data, (unsigned)w->buf.len);
	if (uv_write(&w->req, (uv_stream_t *)&b->pipe, &ub, 1, on_written) < 0) {
		dsr_buf_free(&w->buf);
		free(w);
		return 0;
	}
	return rq->id;
}

struct bridge *bridge_open(struct server *srv, const char *author,
			   void (*on_frame)(void *ctx, uint64_t id, const uint8_t *body, size_t len),
			   void *ctx)
{
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0, sv) < 0) {
		dlog(DLOG_WARN, "web: socketpair: %s", strerror(errno));
		return NULL;
	}
	struct bridge *b = xcalloc(1, sizeof *b);
	b->srv = srv;
	b->on_frame = on_frame;
	b->ctx = ctx;
	dsr_frame_dec_init(&b->dec, DSR_FRAME_MAX);
	uv_pipe_init(srv->loop, &b->pipe, 0);
	b->pipe.data = b;
	if (uv_pipe_open(&b->pipe, sv[0]) < 0) {
		close(sv[0]);
		close(sv[1]);
		uv_close((uv_handle_t *)&b->pipe, on_closed);
		return NULL;
	}
	if (!conn_adopt(srv, sv[1])) {
		b->ctx = NULL;
		uv_close((uv_handle_t *)&b->pipe, on_closed);
		return NULL;
	}
	Dpb__Hello hl = DPB__HELLO__INIT;
	hl.version = DSR_PROTOCOL_VERSION;
	hl.client = "dossierd web";
	hl.author = (char *)author;
	Dpb__Request rq = DPB__REQUEST__INIT;
	rq.id = ++b->next_id;
	rq.body_case = DPB__REQUEST__BODY_HELLO;
	rq.hello = &hl;
	send_req(b, &rq);
	set_reading(b);
	return b;
}

uint64_t bridge_send(struct bridge *b, Dpb__Request *rq)
{
	rq->id = ++b->next_id;
	return send_req(b, rq);
}

void bridge_pause(struct bridge *b, bool paused)
{
	b->paused = paused;
	set_reading(b);
}

void bridge_close(struct bridge *b)
{
	b->ctx = NULL;
	b->down = true;
	if (b->reading)
		uv_read_stop((uv_stream_t *)&b->pipe);
	b->reading = false;
	uv_close((uv_handle_t *)&b->pipe, on_closed);
}
