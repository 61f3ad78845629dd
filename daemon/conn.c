/* conn.c: one client connection: reading frames, queueing replies, flow
 * control, and closing with a reason.
 *
 * Flow control: a client may pipeline requests, but only up to
 * cfg.max_inflight unanswered ones, and a request starts only when the
 * bound on its answer fits the connection's memory budget (budget.c); past
 * either, the daemon stops reading from it until it catches up, so one
 * greedy client cannot grow the daemon's memory.
 *
 * A client that ends its stream (or closes) is gone: its queries stop
 * (conn_cancelled); its writes still commit.  A Unix-socket client that only
 * shut down its sending side still gets its answers.
 */
#include "server.h"
#include "error.h"
#include "logging.h"
#include "util.h"

#include <poll.h>
#include <unistd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A decoder buffer larger than this is given back once it holds no frame
 * in progress (or shrunk when what it holds is much smaller). */
#define DEC_KEEP (64u << 10)

struct wreq {
	uv_write_t req;
	struct conn *c;
	size_t n;
	size_t charged;       /* to the budget */
	struct chunk *ch;     /* shared bytes, or NULL */
	uint8_t *own;         /* owned bytes, or NULL */
	uint8_t prefix[32];   /* a per-connection frame head for a chunk */
};

/* Reads are copied into the connection's frame decoder at once, so one
 * buffer serves every connection. */
static char read_buf[64 << 10];

static void on_alloc(uv_handle_t *h, size_t hint, uv_buf_t *b)
{
	(void)h;
	(void)hint;
	b->base = read_buf;
	b->len = sizeof read_buf;
}

void conn_ref(struct conn *c)
{
	c->refs++;
}

/* Frees the decoder's buffer and a request waiting for room: what a
 * client sent us and we no longer need (closing, or cut off). */
static void free_input(struct conn *c)
{
	if (c->pending) {
		dpb__request__free_unpacked(c->pending, NULL);
		c->pending = NULL;
		budget_charge(c, -(long long)c->pending_len, false);
		c->pending_len = 0;
	}
	dsr_frame_dec_free(&c->dec);
	if (c->dec_mem) {
		budget_charge(c, -(long long)c->dec_mem, false);
		c->dec_mem = 0;
	}
	if (c->wait_mem) {
		c->wait_mem = false;
		c->srv->mem_waiters--;
	}
}

void conn_free_input(struct conn *c)
{
	free_input(c);
}

void conn_unref(struct conn *c)
{
	if (--c->refs > 0)
		return;
	free_input(c);
	if (c->cut && c->mem)
		c->srv->mem_doomed -= c->mem < c->srv->mem_doomed ? c->mem : c->srv->mem_doomed;
	free(c->author);
	free(c);
}

void chunk_unref(struct chunk *ch)
{
	if (--ch->refs == 0) {
		budget_chunk(ch->srv, -(long long)ch->len);
		free(ch);
	}
}

static void on_closed(uv_handle_t *h)
{
	conn_unref(h->data);
}

void conn_close(struct conn *c)
{
	struct server *srv = c->srv;
	if (uv_is_closing((uv_handle_t *)&c->h))
		return;
	c->closing = true;
	atomic_store(&c->gone, 1);
	if (c->sub) {
		sub_free(c->sub);
		c->sub = NULL;
	}
	if (c->ostream) {
		struct ostream *os = c->ostream;
		c->ostream = NULL;
		os->done(os, c);
	}
	free_input(c);
	admit_forget(c);
	if (c->prev)
		c->prev->next = c->next;
	else if (srv->conns == c)
		srv->conns = c->next;
	if (c->next)
		c->next->prev = c->prev;
	c->prev = c->next = NULL;
	srv->nconns--;
	dlog(DLOG_DEBUG, "conn %llu (%s) closed (it holds %zu bytes; all clients %zu)",
	     (unsigned long long)c->id, c->peer, c->mem, srv->mem);
	uv_close((uv_handle_t *)&c->h, on_closed);
	pool_kick();   /* its jobs waiting for the pool end now */
}

/* Whether to read more from c.  A connection whose decoder holds little
 * is read even while its requests wait (for room, or their turn): its
 * bytes wait in the decoder instead of the kernel, and an end of stream is
 * seen at once, so the queries of a client that left stop at once.  Past
 * that, not while a request waits or the client is at its limits, nor
 * when the server's budget is full. */
static bool can_read(const struct conn *c)
{
	const struct server *srv = c->srv;
	const struct config *cfg = &srv->cfg;
	if (c->closing || c->want_close || srv->stopping)
		return false;
	if (c->dec_mem <= DEC_KEEP)
		return true;
	if (c->pending || c->wait_mem || c->inflight >= cfg->max_inflight ||
	    c->mem >= cfg->conn_mem)
		return false;
	return srv->mem - srv->mem_doomed < cfg->client_mem;
}

static void on_read(uv_stream_t *st, ssize_t nread, const uv_buf_t *b);

static void set_reading(struct conn *c, bool on)
{
	if (on == c->reading || uv_is_closing((uv_handle_t *)&c->h))
		return;
	if (on)
		uv_read_start(&c->h.stream, on_alloc, on_read);
	else
		uv_read_stop(&c->h.stream);
	c->reading = on;
}

/* Charges the decoder's buffer as it stands. */
static void dec_account(struct conn *c)
{
	size_t now = c->dec.in.cap;
	if (now != c->dec_mem) {
		budget_charge(c, (long long)now - (long long)c->dec_mem, false);
		c->dec_mem = now;
	}
}

/* The decoder's buffer (frame.h's dsr_frame_dec: `in` holds the bytes,
 * `off` where the unconsumed ones start) is grown here rather than by
 * doubling: never past the end of the frame in progress, so a 16 MiB
 * frame costs 16 MiB, not 32. */
static void dec_room(struct conn *c, size_t n)
{
	dsr_buf *b = &c->dec.in;
	dsr_frame_feed(&c->dec, NULL, 0);   /* compacts */
	size_t need = b->len + n + 1;
	if (b->cap >= need)
		return;
	size_t cap = b->cap ? 2 * b->cap : 4096, left = b->len - c->dec.off;
	if (left >= DSR_FRAME_HDR) {
		const uint8_t *h = b->data + c->dec.off;
		size_t end = c->dec.off + DSR_FRAME_HDR +
			     ((size_t)h[0] << 24 | (size_t)h[1] << 16 | (size_t)h[2] << 8 | h[3]);
		if (end + 1 < cap && end + 1 >= need)
			cap = end + 1;
	}
	if (cap < need)
		cap = need;
	b->data = xrealloc(b->data, cap);
	b->cap = cap;
}

/* Gives back a large decoder buffer that holds little. */
static void dec_shrink(struct conn *c)
{
	dsr_buf *b = &c->dec.in;
	size_t left = b->len - c->dec.off;
	if (b->cap <= DEC_KEEP || left > b->cap / 4)
		return;
	if (!left) {
		dsr_frame_dec_free(&c->dec);
		return;
	}
	memmove(b->data, b->data + c->dec.off, left);
	b->len = left;
	c->dec.off = 0;
	size_t cap = left + 1 > 4096 ? left + 1 : 4096;
	b->data = xrealloc(b->data, cap);
	b->cap = cap;
}

/* Whether the decoder holds a complete frame (or a bad length). */
static bool dec_has_frame(const struct conn *c)
{
	size_t left = dsr_frame_pending(&c->dec);
	if (left < DSR_FRAME_HDR)
		return false;
	const uint8_t *h = c->dec.in.data + c->dec.off;
	size_t n = (size_t)h[0] << 24 | (size_t)h[1] << 16 | (size_t)h[2] << 8 | h[3];
	return n > c->dec.max || left - DSR_FRAME_HDR >= n;
}

/* Refuses a request that does not decode, saying why. */
static void bad_request(struct conn *c, int r, const uint8_t *body, size_t len)
{
	char why[300];
	if (r == DSR_EDECODE &&
	    dsr_wire_explain(&dpb__request__descriptor, body, len, why, sizeof why) < 0)
		conn_fail(c, r, "malformed request (%zu bytes): %s", len, why);
	else if (r == DSR_EDECODE)
		conn_fail(c, r, "malformed request (%zu bytes): not a Request message", len);
	else
		conn_fail(c, r, "malformed request (%zu bytes): %s", len, dsr_strerror(r));
}

/* Takes complete frames off the decoder and starts them while the client
 * may have more requests in flight and their answers fit its budget, then
 * reads again if it may. */
static void process(struct conn *c)
{
	struct server *srv = c->srv;
	while (!c->closing && !srv->stopping && c->inflight < srv->cfg.max_inflight &&
	       !c->wait_mem) {
		if (!c->pending) {
			const uint8_t *body;
			size_t len;
			int r = dsr_frame_next(&c->dec, &body, &len);
			if (r == 0)
				break;
			if (r < 0) {
				conn_fail(c, r, "frame longer than the limit of %u bytes%s",
					  (unsigned)c->dec.max,
					  c->authed ? "" : " before the handshake");
				return;
			}
			Dpb__Request *rq;
			r = dsr_wire_request(body, len, NULL, &rq);
			if (r < 0) {
				bad_request(c, r, body, len);
				return;
			}
			c->pending = rq;
			c->pending_len = len;
			c->pending_need = budget_answer(srv, rq, 0);
			budget_charge(c, (long long)len, false);
		}
		if (!budget_fits(c, c->pending_need) || c->closing)
			break;
		Dpb__Request *rq = c->pending;
		size_t need = c->pending_need + c->pending_len;
		c->pending = NULL;
		c->pending_len = 0;
		/* The request's bytes become part of its reservation. */
		budget_charge(c, (long long)c->pending_need, false);
		c->reserve = need;
		dispatch(c, rq);
		if (c->reserve) {   /* no job took it: answered already */
			budget_release(c, c->reserve);
			c->reserve = 0;
		}
	}
	dec_shrink(c);
	dec_account(c);
	set_reading(c, can_read(c));
}

/* After EOF: closes once everything the client asked is answered. */
static void close_if_done(struct conn *c)
{
	if (c->want_close && !c->closing && !c->inflight && !c->wq_bytes && !c->sub &&
	    !c->pending && !c->ostream && !dec_has_frame(c))
		conn_close(c);
}

void conn_resume(struct conn *c)
{
	if (c->closing)
		return;
	process(c);
	close_if_done(c);
}

/* Whether the client at the other end closed its socket, not only its
 * sending side: a Unix socket says so (POLLHUP); on TCP the two look the
 * same, and an end of stream counts as gone. */
static bool peer_gone(struct conn *c)
{
	if (c->tcp)
		return true;
	uv_os_fd_t fd;
	if (uv_fileno((uv_handle_t *)&c->h, &fd) < 0)
		return true;
	struct pollfd p = { fd, POLLOUT, 0 };
	return poll(&p, 1, 0) == 1 && (p.revents & (POLLHUP | POLLERR));
}

/* A connection we do not read (its requests wait for room, or its client
 * is at its limits) would not see its client leave until its work is done.
 * So those with work are polled: a Unix client that closed (POLLHUP), or a
 * TCP one that ended its stream (POLLRDHUP), is gone, and a reset one
 * (POLLERR) is closed. */
void conns_check_gone(struct server *srv)
{
	struct conn *next;
	for (struct conn *c = srv->conns; c; c = next) {
		next = c->next;
		if (c->reading || c->closing || atomic_load(&c->gone) ||
		    (!c->inflight && !c->pending))
			continue;
		uv_os_fd_t fd;
		if (uv_fileno((uv_handle_t *)&c->h, &fd) < 0)
			continue;
		struct pollfd p = { fd, POLLRDHUP, 0 };
		if (poll(&p, 1, 0) != 1)
			continue;
		if (p.revents & (POLLERR | POLLNVAL)) {
			conn_close(c);
		} else if (p.revents & POLLHUP || (c->tcp && p.revents & POLLRDHUP)) {
			dlog(DLOG_DEBUG, "conn %llu (%s): the client is gone: its queries stop",
			     (unsigned long long)c->id, c->peer);
			atomic_store(&c->gone, 1);
			pool_kick();
		}
	}
}

static void on_read(uv_stream_t *st, ssize_t nread, const uv_buf_t *b)
{
	struct conn *c = st->data;
	if (nread == 0)
		return;
	if (nread < 0) {
		size_t left = dsr_frame_pending(&c->dec);
		if (nread == UV_EOF && left && !c->closing && !dec_has_frame(c)) {
			/* The client finished sending in the middle of a frame:
			 * tell it, then close. */
			conn_fail(c, DSR_EFRAME,
				  "truncated frame: stream ended with %zu bytes of an incomplete frame",
				  left);
			return;
		}
		if (nread != UV_EOF)
			dlog(DLOG_DEBUG, "conn %llu: read: %s", (unsigned long long)c->id,
			     uv_strerror((int)nread));
		/* EOF between frames: answer what was asked, then close.  A
		 * subscription ends with the client's side of the stream. */
		if (nread == UV_EOF && (c->inflight || c->wq_bytes || c->pending || left) &&
		    !c->closing) {
			if (c->sub) {
				sub_free(c->sub);
				c->sub = NULL;
			}
			if (peer_gone(c))
				atomic_store(&c->gone, 1);   /* its queries stop */
			set_reading(c, false);
			c->want_close = true;
			/* Requests it sent before its end still start, in turn. */
			process(c);
			close_if_done(c);
			return;
		}
		conn_close(c);
		return;
	}
	if (c->closing)
		return;
	c->progress_ms = uv_now(c->srv->loop);
	dec_room(c, (size_t)nread);
	int r = dsr_frame_feed(&c->dec, b->base, (size_t)nread);
	dec_account(c);
	if (r < 0) {
		conn_fail(c, r, "%s", dsr_strerror(r));
		return;
	}
	if (c->srv->mem - c->srv->mem_doomed > c->srv->cfg.client_mem)
		budget_enforce(c->srv);
	if (!c->closing)
		process(c);
}

static void on_written(uv_write_t *req, int status)
{
	struct wreq *w = (struct wreq *)req;
	struct conn *c = w->c;
	c->wq_bytes -= w->n;
	if (status == 0) {
		c->progress_ms = uv_now(c->srv->loop);
		if (c->written < c->srv->cfg.conn_mem)
			c->written += w->n;
	}
	budget_charge(c, -(long long)w->charged, w->ch != NULL);
	if (w->ch) {
		if (c->sub && !c->closing)
			sub_written(c->sub, w->n, w->ch->end);
		chunk_unref(w->ch);
	}
	free(w->own);
	free(w);
	if (status < 0 && !c->closing) {
		dlog(DLOG_DEBUG, "conn %llu: write: %s", (unsigned long long)c->id,
		     uv_strerror(status));
		conn_close(c);
	} else if (c->ostream) {
		c->ostream->pump(c->ostream, c);
	}
	if (!c->closing)
		process(c);   /* a request waiting for room may fit now */
	close_if_done(c);
	conn_unref(c);
}

static void write_bytes(struct conn *c, uint8_t *own, struct chunk *ch,
			const uint8_t *prefix, size_t plen,
			const uint8_t *p, size_t n)
{
	if (uv_is_closing((uv_handle_t *)&c->h)) {
		free(own);
		return;
	}
	struct wreq *w = xcalloc(1, sizeof *w);
	w->c = c;
	w->n = plen + n;
	w->own = own;
	w->ch = ch;
	/* The bytes, not the buffer's capacity: what a large buffer was not
	 * written to is not resident (they are mapped: main.c's mallopt). */
	w->charged = w->n;
	budget_charge(c, (long long)w->charged, ch != NULL);
	if (ch)
		ch->refs++;
	uv_buf_t b[2];
	int nb = 0;
	if (plen) {
		memcpy(w->prefix, prefix, plen);
		b[nb++] = uv_buf_init((char *)w->prefix, (unsigned)plen);
	}
	b[nb++] = uv_buf_init((char *)p, (unsigned)n);
	conn_ref(c);
	c->wq_bytes += w->n;
	int r = uv_write(&w->req, &c->h.stream, b, (unsigned)nb, on_written);
	if (r < 0) {
		/* The callback will not run: undo here. */
		c->wq_bytes -= w->n;
		budget_charge(c, -(long long)w->charged, ch != NULL);
		if (ch)
			chunk_unref(ch);
		free(own);
		free(w);
		conn_unref(c);
		if (!c->closing)
			conn_close(c);
	}
}

static size_t put_varint(uint8_t *p, uint64_t v)
{
	size_t n = 0;
	while (v >= 0x80) {
		p[n++] = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	p[n++] = (uint8_t)v;
	return n;
}

void conn_send_buf(struct conn *c, dsr_buf *b)
{
	if (c->closing) {
		dsr_buf_free(b);
		return;
	}
	write_bytes(c, b->data, NULL, NULL, 0, b->data, b->len);
	b->data = NULL;
	b->len = b->cap = 0;
}

void conn_send_chunk(struct conn *c, uint64_t id, uint32_t field, struct chunk *ch)
{
	if (c->closing)
		return;
	/* Response { id = 1; body field = chunk }: header, id, tag, length. */
	uint8_t head[32], *p = head + DSR_FRAME_HDR;
	*p++ = 0x08;
	p += put_varint(p, id);
	p += put_varint(p, (uint64_t)field << 3 | 2);
	p += put_varint(p, ch->len);
	size_t plen = (size_t)(p - head);
	dsr_frame_header(head, (uint32_t)(plen - DSR_FRAME_HDR + ch->len));
	write_bytes(c, NULL, ch, head, plen, ch->data, ch->len);
}

static void send_msg(struct conn *c, const Dpb__Response *rs)
{
	dsr_buf b = DSR_BUF_INIT;
	int r = dsr_wire_put(&b, &rs->base);
	if (r == -ENOMEM) {
		dlog(DLOG_ERROR, "out of memory encoding a reply");
		abort();
	}
	if (r < 0) {
		/* Too big for one frame: say so instead. */
		dsr_buf_free(&b);
		Dpb__Error e = DPB__ERROR__INIT;
		e.code = r;
		e.message = "the reply is larger than the frame limit; use a smaller --limit";
		Dpb__Response er = DPB__RESPONSE__INIT;
		er.id = rs->id;
		er.body_case = DPB__RESPONSE__BODY_ERROR;
		er.error = &e;
		if (dsr_wire_put(&b, &er.base) < 0)
			abort();
	}
	write_bytes(c, b.data, NULL, NULL, 0, b.data, b.len);
}

void conn_send(struct conn *c, const Dpb__Response *rs)
{
	if (c->closing)
		return;
	send_msg(c, rs);
}

static void verror(struct conn *c, uint64_t id, int code, const char *fmt,
		   va_list ap)
{
	char msg[512];
	vsnprintf(msg, sizeof msg, fmt, ap);
	Dpb__Error e = DPB__ERROR__INIT;
	e.code = code;
	e.message = msg;
	Dpb__Response rs = DPB__RESPONSE__INIT;
	rs.id = id;
	rs.body_case = DPB__RESPONSE__BODY_ERROR;
	rs.error = &e;
	send_msg(c, &rs);
	if (id == 0 || DLOG_ON(DLOG_DEBUG))
		dlog(id == 0 ? DLOG_INFO : DLOG_DEBUG, "conn %llu (%s): %s%s",
		     (unsigned long long)c->id, c->peer, id == 0 ? "dropped: " : "", msg);
}

void conn_error(struct conn *c, uint64_t id, int code, const char *fmt, ...)
{
	if (c->closing)
		return;
	va_list ap;
	va_start(ap, fmt);
	verror(c, id, code, fmt, ap);
	va_end(ap);
}

/* How long a connection we are closing may keep us waiting for the
 * client's end of stream. */
#define DRAIN_MS 2000

/* Our side is written and shut.  Closing now, with requests the client
 * pipelined still unread in our socket, would make the kernel answer with a
 * reset, and a reset can destroy our last reply (the error or goodbye)
 * before the client reads it.  So read and discard until the client closes
 * its side, for DRAIN_MS at most (on_tick in main.c enforces it). */
static void on_shutdown(uv_shutdown_t *req, int status)
{
	struct conn *c = req->data;
	free(req);
	if (status < 0 || uv_is_closing((uv_handle_t *)&c->h)) {
		conn_close(c);
	} else {
		c->drain_until_ms = uv_now(c->srv->loop) + DRAIN_MS;
		set_reading(c, true);
	}
	conn_unref(c);
}

/* Stops taking requests and closes once what is queued is written. */
static void close_after_writes(struct conn *c)
{
	c->closing = true;
	set_reading(c, false);
	if (c->sub) {
		sub_free(c->sub);
		c->sub = NULL;
	}
	uv_shutdown_t *req = xcalloc(1, sizeof *req);
	req->data = c;
	conn_ref(c);
	if (uv_shutdown(req, &c->h.stream, on_shutdown) < 0) {
		free(req);
		conn_unref(c);
		conn_close(c);
	}
}

void conn_fail(struct conn *c, int code, const char *fmt, ...)
{
	if (c->closing)
		return;
	va_list ap;
	va_start(ap, fmt);
	verror(c, 0, code, fmt, ap);
	va_end(ap);
	close_after_writes(c);
}

void conn_goodbye(struct conn *c, const char *reason)
{
	if (c->closing)
		return;
	Dpb__Goodbye g = DPB__GOODBYE__INIT;
	g.reason = (char *)reason;
	Dpb__Response rs = DPB__RESPONSE__INIT;
	rs.body_case = DPB__RESPONSE__BODY_GOODBYE;
	rs.goodbye = &g;
	send_msg(c, &rs);
	dlog(DLOG_INFO, "conn %llu (%s): goodbye: %s", (unsigned long long)c->id,
	     c->peer, reason);
	close_after_writes(c);
}

void conn_drop(struct conn *c, int code, const char *fmt, ...)
{
	if (uv_is_closing((uv_handle_t *)&c->h))
		return;
	if (!c->closing) {
		char msg[512];
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(msg, sizeof msg, fmt, ap);
		va_end(ap);
		Dpb__Error e = DPB__ERROR__INIT;
		e.code = code;
		e.message = msg;
		Dpb__Response rs = DPB__RESPONSE__INIT;
		rs.body_case = DPB__RESPONSE__BODY_ERROR;
		rs.error = &e;
		dsr_buf b = DSR_BUF_INIT;
		if (dsr_wire_put(&b, &rs.base) == 0) {
			/* Only if it goes out now: nothing may wait for it. */
			uv_buf_t ub = uv_buf_init((char *)b.data, (unsigned)b.len);
			uv_try_write(&c->h.stream, &ub, 1);
		}
		dsr_buf_free(&b);
		dlog(DLOG_DEBUG, "conn %llu (%s): dropped: %s", (unsigned long long)c->id,
		     c->peer, msg);
	}
	conn_close(c);
}

void conn_request_done(struct conn *c)
{
	c->inflight--;
	if (c->closing)
		return;
	process(c);
	close_if_done(c);
}

static void peer_name(struct conn *c)
{
	if (!c->tcp) {
		snprintf(c->peer, sizeof c->peer, c->web ? "web" : "unix");
		return;
	}
	struct sockaddr_storage ss;
	int len = sizeof ss;
	char host[64] = "?";
	int port = 0;
	if (uv_tcp_getpeername(&c->h.tcp, (struct sockaddr *)&ss, &len) == 0) {
		if (ss.ss_family == AF_INET) {
			struct sockaddr_in *a = (struct sockaddr_in *)&ss;
			uv_ip4_name(a, host, sizeof host);
			port = ntohs(a->sin_port);
		} else if (ss.ss_family == AF_INET6) {
			struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;
			uv_ip6_name(a, host, sizeof host);
			port = ntohs(a->sin6_port);
		}
	}
	snprintf(c->peer, sizeof c->peer, "tcp %s:%d", host, port);
}

/* The part of accepting shared by conn_accept and conn_adopt: listed,
 * admitted, read.  Returns false when it was refused or is closing. */
static bool conn_start(struct conn *c)
{
	struct server *srv = c->srv;
	peer_name(c);
	dsr_frame_dec_init(&c->dec, DSR_FRAME_MAX_HELLO);
	c->progress_ms = c->since_ms;
	c->next = srv->conns;
	if (srv->conns)
		srv->conns->prev = c;
	srv->conns = c;
	srv->nconns++;
	if (!admit_conn(c))
		return false;
	if (srv->stopping) {
		conn_goodbye(c, "dossierd is shutting down");
		return false;
	}
	dlog(DLOG_DEBUG, "conn %llu (%s) accepted", (unsigned long long)c->id, c->peer);
	set_reading(c, true);
	return true;
}

struct conn *conn_adopt(struct server *srv, int fd)
{
	struct conn *c = xcalloc(1, sizeof *c);
	c->srv = srv;
	c->web = true;
	c->refs = 1;
	c->id = ++srv->next_conn_id;
	c->since_ms = uv_now(srv->loop);
	uv_pipe_init(srv->loop, &c->h.pipe, 0);
	c->h.stream.data = c;
	if (uv_pipe_open(&c->h.pipe, fd) < 0) {
		close(fd);
		uv_close((uv_handle_t *)&c->h, on_closed);
		return NULL;
	}
	return conn_start(c) ? c : NULL;
}

void conn_accept(struct server *srv, uv_stream_t *listener, bool tcp)
{
	struct conn *c = xcalloc(1, sizeof *c);
	c->srv = srv;
	c->tcp = tcp;
	c->refs = 1;  /* the handle's; dropped in on_closed */
	c->id = ++srv->next_conn_id;
	c->since_ms = uv_now(srv->loop);
	if (tcp)
		uv_tcp_init(srv->loop, &c->h.tcp);
	else
		uv_pipe_init(srv->loop, &c->h.pipe, 0);
	c->h.stream.data = c;
	if (uv_accept(listener, &c->h.stream) < 0) {
		uv_close((uv_handle_t *)&c->h, on_closed);
		return;
	}
	if (tcp)
		uv_tcp_nodelay(&c->h.tcp, 1);
	conn_start(c);
}
