/* budget.c: the memory clients may make the daemon hold.
 *
 * Each connection is charged for what it makes the daemon keep: the
 * decoder's buffer (frames in progress), its queued answers (unread ones
 * included; a subscription batch shared by several is charged to each, and
 * once to the server), the decoded requests it has in flight, and for each
 * of those a bound on its answer, reserved before the request starts.
 *
 *  - Per connection: a request starts only if its reservation fits beside
 *    what the connection holds (or it holds nothing); otherwise the daemon
 *    stops reading from it until its answers drain.  The budget starts at
 *    EARN_BASE and grows with the bytes the client has read, up to
 *    cfg.conn_mem, so a client that pipelines and never reads holds about
 *    one answer.
 *  - For all (cfg.client_mem): when the total would pass it, the
 *    connections holding the most unread answers or unfinished frames that
 *    made no progress lately (no bytes read from them, none written out to
 *    them for STALL_MS) are cut off with an error naming the budget.  If
 *    that does not make room, requests wait (their connections are not
 *    read) until it is released, except small ones, which may use a reserve
 *    of a quarter of the budget meanwhile, so that clients asking little are
 *    not held up by those holding much.
 *  - A connection that reads nothing of its answers for
 *    cfg.send_timeout_ms is cut off (subscriptions have their own bound).
 *
 * The reservations are bounds per kind of request (budget_answer); the
 * bytes actually queued are charged when queued.
 */
#include "server.h"
#include "error.h"
#include "frame.h"
#include "logging.h"
#include "util.h"

#include <stdio.h>
#include <string.h>

/* Connections holding less (unread answers and unfinished frames) are
 * never cut for the server's budget. */
#define CUT_MIN (256u << 10)
/* No progress for this long: a candidate for cutting. */
#define STALL_MS 200
/* Bounds on answers (request_query.c and request_curation.c stop there). */
#define LOG_REPLY_MAX ((4u << 20) + (64u << 10))
#define WHY_REPLY_MAX ((8u << 20) + (64u << 10))
#define ITEM_BYTES 2048u
#define SMALL_ANSWER (16u << 10)
/* A connection's budget starts here and grows with what it reads, up to
 * cfg.conn_mem: a client that never reads never holds much. */
#define EARN_BASE (4u << 20)
/* Requests this small may start in a reserve of a quarter of the server's
 * budget while the largest holders are being cut off, instead of waiting. */
#define SMALL_NEED (512u << 10)
#define EXPORT_PIECES (2u << 20)

static void resume_cb(uv_check_t *h);
static uv_check_t resume;
static bool resume_init, resume_on;

static size_t live(const struct server *srv)
{
	return srv->mem - srv->mem_doomed;
}

void budget_charge(struct conn *c, long long delta, bool shared)
{
	struct server *srv = c->srv;
	c->mem = (size_t)((long long)c->mem + delta);
	if (shared)
		return;
	srv->mem = (size_t)((long long)srv->mem + delta);
	if (c->cut)
		srv->mem_doomed = (size_t)((long long)srv->mem_doomed + delta);
	if (srv->mem > srv->mem_peak)
		srv->mem_peak = srv->mem;
	if (delta < 0)
		budget_released(srv);
}

void budget_chunk(struct server *srv, long long delta)
{
	srv->mem = (size_t)((long long)srv->mem + delta);
	if (srv->mem > srv->mem_peak)
		srv->mem_peak = srv->mem;
	if (delta < 0)
		budget_released(srv);
}

static size_t page_bytes(const struct server *srv, const Dpb__Page *p, unsigned pages)
{
	uint64_t n = p && p->limit ? p->limit : srv->cfg.page_default;
	if (n > srv->cfg.page_max)
		n = srv->cfg.page_max;
	uint64_t b = n * ITEM_BYTES * pages + SMALL_ANSWER;
	return b > DSR_FRAME_MAX ? DSR_FRAME_MAX : (size_t)b;
}

size_t budget_answer(const struct server *srv, const Dpb__Request *rq, size_t frame_len)
{
	size_t a = SMALL_ANSWER;
	switch (rq->body_case) {
	case DPB__REQUEST__BODY_LOG: {
		uint64_t lim = rq->log->limit ? rq->log->limit : srv->cfg.page_default;
		/* Events are mostly small; an article's can be large, and is
		 * charged as it is when the answer is queued. */
		a = lim * 4096 < LOG_REPLY_MAX ? (size_t)lim * 4096 + SMALL_ANSWER : LOG_REPLY_MAX;
		break;
	}
	case DPB__REQUEST__BODY_ACTORS: a = page_bytes(srv, rq->actors->page, 1); break;
	case DPB__REQUEST__BODY_CLAIMS: a = page_bytes(srv, rq->claims->page, 1); break;
	case DPB__REQUEST__BODY_TIMELINE: a = page_bytes(srv, rq->timeline->page, 1); break;
	case DPB__REQUEST__BODY_ARTICLES: a = page_bytes(srv, rq->articles->page, 1); break;
	case DPB__REQUEST__BODY_ATTRIBUTION: a = page_bytes(srv, rq->attribution->page, 1); break;
	/* an indicator: its value (a URL may be long) and 100 article ids */
	case DPB__REQUEST__BODY_INDICATORS: a = page_bytes(srv, rq->indicators->page, 3); break;
	case DPB__REQUEST__BODY_ACTOR: {
		Dpb__Page p = DPB__PAGE__INIT;   /* no limit: the largest page */
		p.limit = rq->actor->limit ? rq->actor->limit : srv->cfg.page_max;
		a = page_bytes(srv, &p, 3);
		break;
	}
	case DPB__REQUEST__BODY_CONFLICTS: {
		Dpb__Page p = DPB__PAGE__INIT;
		p.limit = rq->conflicts->limit;
		a = page_bytes(srv, &p, 1);
		break;
	}
	case DPB__REQUEST__BODY_WHY: a = WHY_REPLY_MAX; break;
	case DPB__REQUEST__BODY_EXPORT_KB: a = EXPORT_PIECES; break;
	case DPB__REQUEST__BODY_APPEND:
		a = SMALL_ANSWER + 16 * (rq->append->n_raw + rq->append->n_local);
		break;
	case DPB__REQUEST__BODY_RESOLVE:
	case DPB__REQUEST__BODY_PEERS:
	case DPB__REQUEST__BODY_PEER:
	case DPB__REQUEST__BODY_BUNDLE:
		a = 64u << 10;
		break;
	case DPB__REQUEST__BODY_HELLO:
	case DPB__REQUEST__BODY_INGEST:
	case DPB__REQUEST__BODY_STATUS:
	case DPB__REQUEST__BODY_SUBSCRIBE:
	case DPB__REQUEST__BODY_SYNC:
	case DPB__REQUEST__BODY_WEB_LOGIN:
	case DPB__REQUEST__BODY__NOT_SET:
	case _DPB__REQUEST__BODY__CASE_IS_INT_SIZE:
		break;
	}
	return a + frame_len;
}

size_t conn_take_reserve(struct conn *c)
{
	size_t n = c->reserve;
	c->reserve = 0;
	return n;
}

void budget_release(struct conn *c, size_t n)
{
	if (!n)
		return;
	budget_charge(c, -(long long)n, false);
}

/* Whether c moved bytes lately: read from it, or written out to it (libuv's
 * write queue shrank since we last looked). */
static bool stalled(struct conn *c, uint64_t now)
{
	size_t q = uv_stream_get_write_queue_size(&c->h.stream);
	if (q < c->last_wqs)
		c->progress_ms = now;
	c->last_wqs = q;
	return now - c->progress_ms >= STALL_MS;
}

static void cut(struct conn *c, const char *why)
{
	struct server *srv = c->srv;
	size_t held = c->mem, frame = c->dec_mem, queued = c->wq_bytes;
	srv->lim.cut++;
	ratelog(srv, &srv->log_cut, "cut off %s: %s; it held %.1f MiB (%llu cut off in all)",
		c->peer, why, (double)held / (1 << 20), (unsigned long long)srv->lim.cut);
	c->cut = true;
	srv->mem_doomed += c->mem;
	conn_free_input(c);
	char msg[400];
	snprintf(msg, sizeof msg,
		 "cut off: %s (this connection held %.1f MiB: %.1f MiB of answers not read, "
		 "%.1f MiB of a frame not finished)", why, (double)held / (1 << 20),
		 (double)queued / (1 << 20), (double)frame / (1 << 20));
	if (c->wq_bytes > CUT_MIN)
		conn_drop(c, DSR_ELIMIT, "%s", msg);   /* its queue may never drain */
	else
		conn_fail(c, DSR_ELIMIT, "%s", msg);   /* the error reaches it */
}

/* What a client makes us hold by not reading or not finishing a frame;
 * the reservations of its requests in flight are our work, not its. */
static size_t held(const struct conn *c)
{
	return c->wq_bytes + c->dec_mem;
}

/* Cuts off the largest stalled connections (but `asking`) until `need`
 * more bytes fit in the server's budget, or no candidate is left. */
static void enforce(struct server *srv, size_t need, const struct conn *asking)
{
	const struct config *cfg = &srv->cfg;
	uint64_t now = uv_now(srv->loop);
	char why[160];
	/* A look that found no candidate holds for a while: a connection
	 * becomes one only after STALL_MS, and each look walks them all. */
	static uint64_t none_until;
	if (now < none_until)
		return;
	while (live(srv) + need > cfg->client_mem) {
		struct conn *v = NULL;
		for (struct conn *c = srv->conns; c; c = c->next) {
			if (c == asking || c->cut || uv_is_closing((uv_handle_t *)&c->h) ||
			    held(c) < CUT_MIN)
				continue;
			if (stalled(c, now) && (!v || held(c) > held(v)))
				v = c;
		}
		if (!v) {
			none_until = now + STALL_MS / 4;
			return;
		}
		snprintf(why, sizeof why, "the daemon's memory for clients (%zu MiB) ran out",
			 cfg->client_mem >> 20);
		cut(v, why);
	}
}

void budget_enforce(struct server *srv)
{
	enforce(srv, 0, NULL);
}

bool budget_fits(struct conn *c, size_t need)
{
	struct server *srv = c->srv;
	const struct config *cfg = &srv->cfg;
	bool idle = !c->inflight && !c->wq_bytes;
	size_t mine = c->written + EARN_BASE < cfg->conn_mem ? c->written + EARN_BASE : cfg->conn_mem;
	if (!idle && c->mem + need > mine)
		return false;    /* resumes as its own answers drain */
	if (live(srv) + need > cfg->client_mem) {
		enforce(srv, need, c);
		bool reserve = need <= SMALL_NEED &&
			       live(srv) + need <= cfg->client_mem + cfg->client_mem / 4;
		if (live(srv) + need > cfg->client_mem && !reserve) {
			if (!c->wait_mem) {
				c->wait_mem = true;
				srv->mem_waiters++;
			}
			return false;
		}
	}
	return true;
}

static void resume_cb(uv_check_t *h)
{
	struct server *srv = h->data;
	uv_check_stop(h);
	resume_on = false;
	struct conn *next;
	for (struct conn *c = srv->conns; c && srv->mem_waiters; c = next) {
		next = c->next;
		if (!c->wait_mem)
			continue;
		if (live(srv) >= srv->cfg.client_mem)
			break;
		c->wait_mem = false;
		srv->mem_waiters--;
		conn_resume(c);
	}
}

void budget_released(struct server *srv)
{
	if (!srv->mem_waiters || resume_on || live(srv) >= srv->cfg.client_mem)
		return;
	if (!resume_init) {
		uv_check_init(srv->loop, &resume);
		uv_unref((uv_handle_t *)&resume);
		resume.data = srv;
		resume_init = true;
	}
	resume_on = true;
	uv_check_start(&resume, resume_cb);
}

void budget_check(struct server *srv, uint64_t now_ms)
{
	budget_enforce(srv);
	/* Waiters whose room came from elsewhere (a connection closing). */
	budget_released(srv);
	if (!srv->cfg.send_timeout_ms)
		return;
	struct conn *next;
	for (struct conn *c = srv->conns; c; c = next) {
		next = c->next;
		if (c->sub || c->cut || uv_is_closing((uv_handle_t *)&c->h) || !c->wq_bytes)
			continue;
		stalled(c, now_ms);
		if (now_ms - c->progress_ms < srv->cfg.send_timeout_ms)
			continue;
		char why[160];
		snprintf(why, sizeof why, "read none of its answers for %llu s",
			 (unsigned long long)(now_ms - c->progress_ms) / 1000);
		cut(c, why);
	}
}

void budget_close(void)
{
	if (resume_init && !uv_is_closing((uv_handle_t *)&resume))
		uv_close((uv_handle_t *)&resume, NULL);
}
