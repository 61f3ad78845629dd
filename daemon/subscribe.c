/* subscribe.c: live changes.
 *
 * A subscription is a position in the log: the next event to send.  The log
 * itself is the buffer: after each commit, every subscriber with room gets
 * the events from its position on, read from a read snapshot, in batches;
 * one that has `sub_high_water` bytes unwritten gets nothing more until its
 * writes drain, then continues from the log where it stopped.  So a slow
 * subscriber costs no memory beyond that bound, never holds up the loop or
 * anyone else, and never misses an event.
 *
 * Subscribers at the same position (the live ones, after a commit) share one
 * encoded batch; only the few bytes of frame head differ per connection.
 *
 * A subscriber is dropped with a Goodbye when it falls more than
 * `sub_max_lag` events further behind than it was when it subscribed (so a
 * reader catching up from the beginning is not dropped for the backlog it
 * asked for), or when it has read nothing for `sub_stall_ms`.
 */
#include "server.h"
#include "error.h"
#include "logging.h"
#include "pbw.h"
#include "util.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A batch holds at most this many bytes of events (or events). */
#define CHUNK_BYTES (128u << 10)
#define CHUNK_EVENTS 2048u

struct sub {
	struct conn *c;
	struct server *srv;
	struct sub *prev, *next;
	uint64_t id;          /* the Subscribe request's id */
	uint64_t pos;         /* next position to send */
	uint64_t done;        /* events before this were written out */
	uint64_t base_lag;    /* lag when it subscribed */
	size_t inflight;      /* bytes written, not yet completed */
	uint64_t progress_ms; /* last time it had nothing pending or drained */
};

/* Batches built during one pump, shared by subscribers at the same
 * position. */
#define CACHE_SLOTS 8
struct cache {
	struct chunk *ch[CACHE_SLOTS];
	unsigned n;
};

static struct chunk *build(struct server *srv, dsr_rtxn *t, uint64_t from, uint64_t end,
			   int *err)
{
	dsr_buf body = DSR_BUF_INIT, ev = DSR_BUF_INIT;
	uint64_t pos = from;
	*err = 0;
	for (unsigned i = 0; pos < end && i < CHUNK_EVENTS && body.len < CHUNK_BYTES;
	     i++, pos++) {
		const uint8_t *p;
		size_t n;
		int r = dsr_log_get(t, pos, &p, &n);
		if (r < 0) {
			*err = r;
			break;
		}
		dsr_buf_reset(&ev);
		pbw_uint(&ev, 1, pos);
		pbw_bytes(&ev, 2, p, n);
		pbw_bytes(&body, 1, ev.data, ev.len);
	}
	dsr_buf_free(&ev);
	if (*err && pos == from) {
		dsr_buf_free(&body);
		return NULL;
	}
	pbw_uint(&body, 2, end);
	struct chunk *ch = xmalloc(sizeof *ch + body.len);
	ch->refs = 1;
	ch->srv = srv;
	budget_chunk(srv, (long long)body.len);
	ch->first = from;
	ch->end = pos;
	ch->len = body.len;
	memcpy(ch->data, body.data, body.len);
	dsr_buf_free(&body);
	return ch;
}

/* Returns a batch starting at `from`, with one reference for the caller. */
static struct chunk *cached(struct server *srv, struct cache *k, dsr_rtxn *t,
			    uint64_t from, uint64_t end, int *err)
{
	*err = 0;
	for (unsigned i = 0; k && i < k->n; i++) {
		if (k->ch[i]->first == from) {
			k->ch[i]->refs++;
			return k->ch[i];
		}
	}
	struct chunk *ch = build(srv, t, from, end, err);
	if (ch && k && k->n < CACHE_SLOTS) {
		ch->refs++;  /* the cache's */
		k->ch[k->n++] = ch;
	}
	return ch;
}

static void drop(struct sub *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void drop(struct sub *s, const char *fmt, ...)
{
	char msg[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	conn_goodbye(s->c, msg);  /* frees s through sub_free */
}

/* Sends s what it lacks up to `end`, as far as its high water allows.
 * Returns false when s was dropped. */
static bool pump_one(struct sub *s, dsr_rtxn *t, uint64_t end, struct cache *k)
{
	struct server *srv = s->srv;
	uint64_t now = uv_now(srv->loop);
	/* Lag counts from what was written out, not what is queued. */
	if (srv->cfg.sub_max_lag && s->done < end &&
	    end - s->done > s->base_lag + srv->cfg.sub_max_lag) {
		drop(s, "subscriber fell %llu events behind (limit %llu); resubscribe from position %llu",
		     (unsigned long long)(end - s->done),
		     (unsigned long long)(s->base_lag + srv->cfg.sub_max_lag),
		     (unsigned long long)s->done);
		return false;
	}
	while (s->pos < end && s->inflight < srv->cfg.sub_high_water) {
		int err;
		struct chunk *ch = cached(srv, k, t, s->pos, end, &err);
		if (!ch) {
			drop(s, "cannot read the log at position %llu: %s",
			     (unsigned long long)s->pos, dsr_strerror(err));
			return false;
		}
		if (s->inflight == 0)
			s->progress_ms = now;
		s->inflight += ch->len;  /* plus a frame head: counted on write */
		s->pos = ch->end;
		conn_send_chunk(s->c, s->id, DPB__RESPONSE__BODY_LOG, ch);
		chunk_unref(ch);
		if (s->c->closing)
			return false;
	}
	return true;
}

void subs_pump_all(struct server *srv)
{
	if (!srv->subs)
		return;
	dsr_rtxn *t;
	int r = dsr_rtxn_begin(srv->store, &t);
	if (r < 0) {
		dlog(DLOG_ERROR, "subscriptions: cannot read the store: %s", dsr_strerror(r));
		return;
	}
	uint64_t end = dsr_log_end(t);
	srv->log_end = end;
	struct cache k = { { NULL }, 0 };
	struct sub *next;
	for (struct sub *s = srv->subs; s; s = next) {
		next = s->next;
		pump_one(s, t, end, &k);
	}
	dsr_rtxn_end(t);
	for (unsigned i = 0; i < k.n; i++)
		chunk_unref(k.ch[i]);
}

static void pump_alone(struct sub *s)
{
	dsr_rtxn *t;
	if (dsr_rtxn_begin(s->srv->store, &t) < 0)
		return;
	pump_one(s, t, dsr_log_end(t), NULL);
	dsr_rtxn_end(t);
}

void sub_written(struct sub *s, size_t n, uint64_t end)
{
	if (end > s->done)
		s->done = end;
	s->inflight = n > s->inflight ? 0 : s->inflight - n;
	s->progress_ms = uv_now(s->srv->loop);
	/* Refill at half the high water, from the log. */
	if (s->inflight < s->srv->cfg.sub_high_water / 2 && s->pos < s->srv->log_end)
		pump_alone(s);
}

void sub_free(struct sub *s)
{
	struct server *srv = s->srv;
	if (s->prev)
		s->prev->next = s->next;
	else
		srv->subs = s->next;
	if (s->next)
		s->next->prev = s->prev;
	srv->nsubs--;
	s->c->sub = NULL;
	free(s);
}

void subs_check(struct server *srv, uint64_t now_ms)
{
	struct sub *next;
	for (struct sub *s = srv->subs; s; s = next) {
		next = s->next;
		if (srv->cfg.sub_stall_ms && s->inflight &&
		    now_ms - s->progress_ms > srv->cfg.sub_stall_ms)
			drop(s, "subscriber read nothing for %llu ms; resubscribe from position %llu",
			     (unsigned long long)(now_ms - s->progress_ms),
			     (unsigned long long)s->done);
	}
}

void req_subscribe(struct conn *c, Dpb__Request *rq)
{
	struct server *srv = c->srv;
	const Dpb__Subscribe *q = rq->subscribe;
	uint64_t id = rq->id;
	if (c->sub) {
		conn_error(c, id, -EBUSY, "this connection already has a subscription");
		goto done;
	}
	dsr_rtxn *t;
	int r = dsr_rtxn_begin(srv->store, &t);
	if (r < 0) {
		conn_error(c, id, r, "cannot read the store: %s", dsr_strerror(r));
		goto done;
	}
	uint64_t end = dsr_log_end(t);
	dsr_rtxn_end(t);
	if (end > srv->log_end)
		srv->log_end = end;
	uint64_t pos;
	switch (q->from) {
	case DPB__FROM__FROM_BEGINNING: pos = 1; break;
	case DPB__FROM__FROM_POSITION: pos = q->pos ? q->pos : 1; break;
	case DPB__FROM__FROM_NOW: pos = end; break;
	case _DPB__FROM_IS_INT_SIZE:
	default:  /* a value of a newer protocol */
		conn_error(c, id, -EINVAL, "unknown subscription start %d", (int)q->from);
		goto done;
	}
	struct sub *s = xcalloc(1, sizeof *s);
	s->c = c;
	s->srv = srv;
	s->id = id;
	s->pos = pos;
	s->done = pos;
	s->base_lag = pos < end ? end - pos : 0;
	s->progress_ms = uv_now(srv->loop);
	s->next = srv->subs;
	if (srv->subs)
		srv->subs->prev = s;
	srv->subs = s;
	srv->nsubs++;
	c->sub = s;

	Dpb__Subscribed ok = DPB__SUBSCRIBED__INIT;
	ok.pos = pos;
	ok.log_end = end;
	Dpb__Response rs = DPB__RESPONSE__INIT;
	rs.id = id;
	rs.body_case = DPB__RESPONSE__BODY_SUBSCRIBED;
	rs.subscribed = &ok;
	conn_send(c, &rs);
	dlog(DLOG_DEBUG, "conn %llu: subscribed from %llu (log end %llu)",
	     (unsigned long long)c->id, (unsigned long long)pos,
	     (unsigned long long)end);
	pump_alone(s);
done:
	dpb__request__free_unpacked(rq, NULL);
	conn_request_done(c);
}
