/* request_query.c: the read-only requests (actors, one actor, claims,
 * attribution, timeline, articles, search, a log range, status).  Each runs in its own read
 * snapshot, so it never waits for a commit.  A cheap one (a page of at most
 * INLINE_MAX items of a table read in key order) runs right on the loop: it takes tens of microseconds,
 * less than the two thread hand-offs the pool costs, which on a busy
 * machine dominate a query's latency.  The others (claims, an actor's detail,
 * large pages, status with a digest) run on the libuv thread pool, so they
 * never block the loop; their reply is encoded there too. */
#include "server.h"
#include "writer.h"
#include "error.h"
#include "frame.h"
#include "logging.h"
#include "pbw.h"
#include "query.h"
#include "util.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Pages up to this size are answered on the loop. */
#define INLINE_MAX 100

/* A query that may answer more than this is a big one for the pool. */
#define BIG_JOB (1u << 20)

/* A log range reply stops at this many bytes of events. */
#define LOG_REPLY_BYTES (4u << 20)


struct list {
	dsr_buf body;
	uint32_t field;       /* the repeated field items go to */
	uint32_t count;
	struct qjob *q;
};

bool qjob_cancelled(struct qjob *q)
{
	if (!q->cancelled && conn_cancelled(q->c))
		q->cancelled = true;
	return q->cancelled;
}

/* Each item: the query stops here when the client is gone. */
static int add_item(void *ctx, const ProtobufCMessage *m)
{
	struct list *l = ctx;
	if (qjob_cancelled(l->q))
		return -ECANCELED;
	pbw_msg(&l->body, l->field, m);
	l->count++;
	return 0;
}

static int add_actor(void *ctx, const Dpb__ActorInfo *a) { return add_item(ctx, &a->base); }
static int add_claim(void *ctx, const Dpb__ClaimInfo *c) { return add_item(ctx, &c->base); }
static int add_entry(void *ctx, const Dpb__EntryInfo *e) { return add_item(ctx, &e->base); }
static int add_article(void *ctx, const Dpb__ArticleInfo *a) { return add_item(ctx, &a->base); }
static int add_attr(void *ctx, const Dpb__AttributionInfo *a) { return add_item(ctx, &a->base); }
static int add_ioc(void *ctx, const Dpb__IndicatorInfo *d) { return add_item(ctx, &d->base); }
static int add_hit(void *ctx, const Dpb__SearchHit *h) { return add_item(ctx, &h->base); }

static dsr_page page_of(const struct config *cfg, const Dpb__Page *p)
{
	dsr_page pg = { NULL, 0, cfg->page_default };
	if (p) {
		pg.cursor = p->cursor.data;
		pg.cursor_len = p->cursor.len;
		if (p->limit)
			pg.limit = p->limit;
	}
	if (pg.limit > cfg->page_max)
		pg.limit = cfg->page_max;
	return pg;
}

static const uint8_t *id_arg(struct qjob *q, ProtobufCBinaryData d, const char *what)
{
	if (d.len == 0)
		return NULL;
	if (d.len != DSR_ID_LEN) {
		q->err = -EINVAL;
		snprintf(q->msg, sizeof q->msg, "%s id must be %d bytes", what, DSR_ID_LEN);
		return NULL;
	}
	return d.data;
}

static const char *opt(const char *s)
{
	return s && s[0] ? s : NULL;
}

/* Ends a list query that returned r: when it succeeded, the reply (items,
 * then the cursor if more remain); the buffers are freed.  Returns r. */
static int finish_list(struct qjob *q, struct list *l, dsr_buf *next, int r,
		       uint32_t body_field)
{
	if (r >= 0) {
		if (next->len)
			pbw_bytes(&l->body, 2, next->data, next->len);
		pbw_response(&q->out, q->rq->id, body_field, &l->body);
	}
	dsr_buf_free(next);
	dsr_buf_free(&l->body);
	return r;
}

static int q_actors(struct qjob *q, dsr_rtxn *t)
{
	const Dpb__QueryActors *a = q->rq->actors;
	dsr_page pg = page_of(&q->srv->cfg, a->page);
	struct list l = { DSR_BUF_INIT, 1, 0, q };
	dsr_buf next = DSR_BUF_INIT;
	int r = dsr_q_actors(t, a->kind, DSR_ACTOR_ARTICLES, &pg, &next, add_actor, &l);
	return finish_list(q, &l, &next, r, DPB__RESPONSE__BODY_ACTORS);
}

static int q_actor(struct qjob *q, dsr_rtxn *t)
{
	const Dpb__QueryActor *a = q->rq->actor;
	struct config *cfg = &q->srv->cfg;
	uint32_t lim = a->limit ? a->limit : cfg->page_max;
	if (lim > cfg->page_max)
		lim = cfg->page_max;
	dsr_page pg = { NULL, 0, lim };
	struct list l = { DSR_BUF_INIT, 1, 0, q };
	dsr_buf next = DSR_BUF_INIT;
	int r = dsr_q_actor(t, a->name, DSR_ACTOR_ARTICLES, add_actor, &l);
	if (r == DSR_ENOTFOUND) {
		snprintf(q->msg, sizeof q->msg, "no actor is named \"%s\"", a->name);
		goto out;
	}
	if (r < 0)
		goto out;
	dsr_claim_filter by = DSR_CLAIM_FILTER_ANY;
	by.by = a->name;
	l.field = 2;
	if ((r = dsr_q_claims(t, &by, &pg, &next, add_claim, &l)) < 0)
		goto out;
	if (qjob_cancelled(q)) {   /* between the lists too: each takes a while */
		r = -ECANCELED;
		goto out;
	}
	dsr_claim_filter about = DSR_CLAIM_FILTER_ANY;
	about.about = a->name;
	l.field = 3;
	dsr_buf_reset(&next);
	if ((r = dsr_q_claims(t, &about, &pg, &next, add_claim, &l)) < 0)
		goto out;
	if (qjob_cancelled(q)) {
		r = -ECANCELED;
		goto out;
	}
	dsr_entry_filter ef = { NULL, NULL, a->name, NULL, false, false, false };
	l.field = 4;
	dsr_buf_reset(&next);
	if ((r = dsr_q_timeline(t, &ef, &pg, &next, add_entry, &l)) < 0)
		goto out;
	pbw_response(&q->out, q->rq->id, DPB__RESPONSE__BODY_ACTOR, &l.body);
out:
	dsr_buf_free(&next);
	dsr_buf_free(&l.body);
	return r;
}

static int q_claims(struct qjob *q, dsr_rtxn *t)
{
	const Dpb__QueryClaims *a = q->rq->claims;
	dsr_claim_filter f = DSR_CLAIM_FILTER_ANY;
	f.about = opt(a->about);
	f.by = opt(a->by);
	f.stance = a->stance;
	f.hedged = a->hedged;
	f.article = id_arg(q, a->article, "article");
	if (!q->err)
		f.proposition = id_arg(q, a->proposition, "proposition");
	if (q->err)
		return q->err;
	dsr_page pg = page_of(&q->srv->cfg, a->page);
	struct list l = { DSR_BUF_INIT, 1, 0, q };
	dsr_buf next = DSR_BUF_INIT;
	int r = dsr_q_claims(t, &f, &pg, &next, add_claim, &l);
	return finish_list(q, &l, &next, r, DPB__RESPONSE__BODY_CLAIMS);
}

static int q_attribution(struct qjob *q, dsr_rtxn *t)
{
	const Dpb__QueryAttribution *a = q->rq->attribution;
	dsr_page pg = page_of(&q->srv->cfg, a->page);
	struct list l = { DSR_BUF_INIT, 1, 0, q };
	dsr_buf next = DSR_BUF_INIT;
	int r = dsr_q_attribution(t, opt(a->about), &pg, &next, add_attr, &l);
	return finish_list(q, &l, &next, r, DPB__RESPONSE__BODY_ATTRIBUTION);
}

static int q_timeline(struct qjob *q, dsr_rtxn *t)
{
	const Dpb__QueryTimeline *a = q->rq->timeline;
	dsr_entry_filter f = { opt(a->from), opt(a->to), opt(a->actor), NULL, a->removed,
				 a->entries, false };
	f.article = id_arg(q, a->article, "article");
	if (q->err)
		return q->err;
	dsr_page pg = page_of(&q->srv->cfg, a->page);
	struct list l = { DSR_BUF_INIT, 1, 0, q };
	dsr_buf next = DSR_BUF_INIT;
	int r = dsr_q_timeline(t, &f, &pg, &next, add_entry, &l);
	return finish_list(q, &l, &next, r, DPB__RESPONSE__BODY_TIMELINE);
}

static int q_indicators(struct qjob *q, dsr_rtxn *t)
{
	const Dpb__QueryIndicators *a = q->rq->indicators;
	const uint8_t *article = id_arg(q, a->article, "article");
	if (q->err)
		return q->err;
	dsr_page pg = page_of(&q->srv->cfg, a->page);
	struct list l = { DSR_BUF_INIT, 1, 0, q };
	dsr_buf next = DSR_BUF_INIT;
	int r = dsr_q_indicators(t, opt(a->type), article, &pg, &next, add_ioc, &l);
	return finish_list(q, &l, &next, r, DPB__RESPONSE__BODY_INDICATORS);
}

static int q_search(struct qjob *q, dsr_rtxn *t)
{
	const Dpb__QuerySearch *a = q->rq->search;
	dsr_page pg = page_of(&q->srv->cfg, a->page);
	struct list l = { DSR_BUF_INIT, 1, 0, q };
	dsr_buf next = DSR_BUF_INIT;
	uint32_t total = 0;
	int r = dsr_q_search(t, a->query, (int)a->kind, &pg, &next, &total, add_hit, &l,
			     q->msg, sizeof q->msg);
	if (r >= 0 && total)
		pbw_uint(&l.body, 3, total);
	return finish_list(q, &l, &next, r, DPB__RESPONSE__BODY_SEARCH);
}

static int q_articles(struct qjob *q, dsr_rtxn *t)
{
	const Dpb__QueryArticles *a = q->rq->articles;
	struct list l = { DSR_BUF_INIT, 1, 0, q };
	dsr_buf next = DSR_BUF_INIT;
	int r;
	const uint8_t *id = id_arg(q, a->id, "article");
	if (q->err)
		return q->err;
	if (id) {
		r = a->text ? dsr_q_article_text(t, id, add_article, &l)
			    : dsr_q_article(t, id, add_article, &l);
		if (r == DSR_ENOTFOUND)
			snprintf(q->msg, sizeof q->msg, "no such article");
	} else {
		dsr_page pg = page_of(&q->srv->cfg, a->page);
		r = dsr_q_articles(t, &pg, &next, add_article, &l);
	}
	return finish_list(q, &l, &next, r, DPB__RESPONSE__BODY_ARTICLES);
}

static int q_log(struct qjob *q, dsr_rtxn *t)
{
	const Dpb__QueryLog *a = q->rq->log;
	uint64_t end = dsr_log_end(t);
	uint64_t pos = a->from ? a->from : 1;
	uint32_t lim = a->limit ? a->limit : q->srv->cfg.page_default;
	if (lim > q->srv->cfg.page_max * 10)
		lim = q->srv->cfg.page_max * 10;
	dsr_buf body = DSR_BUF_INIT, ev = DSR_BUF_INIT;
	int r = 0;
	for (uint32_t i = 0; i < lim && pos < end && body.len < LOG_REPLY_BYTES; i++, pos++) {
		const uint8_t *p;
		size_t n;
		if (i % 64 == 63 && qjob_cancelled(q)) {
			r = -ECANCELED;
			break;
		}
		if ((r = dsr_log_get(t, pos, &p, &n)) < 0)
			break;
		dsr_buf_reset(&ev);
		pbw_uint(&ev, 1, pos);
		pbw_bytes(&ev, 2, p, n);
		pbw_bytes(&body, 1, ev.data, ev.len);
	}
	if (r >= 0) {
		pbw_uint(&body, 2, end);
		pbw_response(&q->out, q->rq->id, DPB__RESPONSE__BODY_LOG, &body);
	}
	dsr_buf_free(&ev);
	dsr_buf_free(&body);
	return r;
}

struct vv_list {
	Dpb__VersionEntry *e;
	size_t n, cap;
};

static int vv_add(void *ctx, const dsr_vv_entry *e)
{
	struct vv_list *l = ctx;
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 8;
		l->e = xrealloc(l->e, l->cap * sizeof *l->e);
	}
	Dpb__VersionEntry *v = &l->e[l->n++];
	dpb__version_entry__init(v);
	v->origin.data = xmalloc(DSR_ORIGIN_LEN);
	memcpy(v->origin.data, e->origin, DSR_ORIGIN_LEN);
	v->origin.len = DSR_ORIGIN_LEN;
	v->seq = e->seq;
	return 0;
}

static int q_status(struct qjob *q, dsr_rtxn *t)
{
	struct server *srv = q->srv;
	dsr_store_stats st;
	int r = dsr_store_stats_get(t, &st);
	if (r < 0)
		return r;
	struct vv_list vl = { NULL, 0, 0 };
	if ((r = dsr_vv_each(t, vv_add, &vl)) < 0)
		goto out;
	uint8_t digest[DSR_HASH_LEN];
	Dpb__Status s = DPB__STATUS__INIT;
	if (q->rq->status->digest) {
		if ((r = dsr_store_digest(t, digest)) < 0)
			goto out;
		s.digest.data = digest;
		s.digest.len = sizeof digest;
	}
	s.server = DOSSIERD_VERSION;
	s.version = DSR_PROTOCOL_VERSION;
	s.origin.data = (uint8_t *)dsr_store_origin(srv->store);
	s.origin.len = DSR_ORIGIN_LEN;
	s.data_dir = (char *)dsr_store_dir(srv->store);
	s.log_end = st.log_end;
	s.events = st.events;
	s.articles = st.articles;
	s.actors = st.actors;
	s.names = st.names;
	s.claims = st.claims;
	s.entries = st.entries;
	s.notes = st.notes;
	s.answers_reused = q->reused;
	s.answers_read = q->read;
	Dpb__VersionEntry **ptrs = xcalloc(vl.n ? vl.n : 1, sizeof *ptrs);
	for (size_t i = 0; i < vl.n; i++)
		ptrs[i] = &vl.e[i];
	s.vv = ptrs;
	s.n_vv = vl.n;
	s.map_size = st.map_size;
	s.used_bytes = st.used_bytes;
	s.file_bytes = st.file_bytes;
	s.uptime = q->uptime;
	s.clients = q->clients;
	s.subscribers = q->subs;
	s.commits = q->commits;
	s.releases = q->releases;
	s.rss_bytes = rss_bytes();
	dsr_buf framed = DSR_BUF_INIT;
	Dpb__Response rs = DPB__RESPONSE__INIT;
	rs.id = q->rq->id;
	rs.body_case = DPB__RESPONSE__BODY_STATUS;
	rs.status = &s;
	if (dsr_wire_put(&framed, &rs.base) < 0)
		abort();
	q->out = framed;
	free(ptrs);
out:
	for (size_t i = 0; i < vl.n; i++)
		free(vl.e[i].origin.data);
	free(vl.e);
	return r;
}

static int run_query(struct qjob *q, dsr_rtxn *t)
{
	int r;
	/* The queries dispatch.c sends here; its switch lists every kind. */
	switch ((int)q->rq->body_case) {
	case DPB__REQUEST__BODY_ACTORS: r = q_actors(q, t); break;
	case DPB__REQUEST__BODY_ACTOR: r = q_actor(q, t); break;
	case DPB__REQUEST__BODY_CLAIMS: r = q_claims(q, t); break;
	case DPB__REQUEST__BODY_TIMELINE: r = q_timeline(q, t); break;
	case DPB__REQUEST__BODY_ARTICLES: r = q_articles(q, t); break;
	case DPB__REQUEST__BODY_LOG: r = q_log(q, t); break;
	case DPB__REQUEST__BODY_STATUS: r = q_status(q, t); break;
	case DPB__REQUEST__BODY_ATTRIBUTION: r = q_attribution(q, t); break;
	case DPB__REQUEST__BODY_INDICATORS: r = q_indicators(q, t); break;
	case DPB__REQUEST__BODY_SEARCH: r = q_search(q, t); break;
	default: r = -EOPNOTSUPP; break;
	}
	return r;
}

static void qjob_work(uv_work_t *req)
{
	struct qjob *q = req->data;
	dsr_rtxn *t;
	if (qjob_cancelled(q)) {
		q->err = -ECANCELED;
		return;
	}
	int r = dsr_rtxn_begin(q->srv->store, &t);
	if (r >= 0) {
		q->version = dsr_rtxn_version(t);
		r = q->run(q, t);
		dsr_rtxn_end(t);
	}
	if (r < 0 && !q->err)
		q->err = r;
}

/* On the loop: the reply or the error; then the request, the connection's
 * hold and the job are released.  `status` is the thread pool's. */
static void qjob_after(uv_work_t *req, int status)
{
	struct qjob *q = req->data;
	struct conn *c = q->c;
	int err = q->err;
	if (status < 0 && !err)
		err = -ECANCELED;
	if (err < 0 && (q->cancelled || status == UV_ECANCELED)) {
		q->srv->lim.cancelled++;
		conn_error(c, q->rq->id, -ECANCELED, "request cancelled: %s",
			   q->srv->stopping ? "dossierd is shutting down" :
			   "the client closed its connection");
	} else if (err < 0)
		conn_error(c, q->rq->id, err, "%s", q->msg[0] ? q->msg : dsr_strerror(err));
	else if (q->out.len > DSR_FRAME_HDR + DSR_FRAME_MAX)
		conn_error(c, q->rq->id, DSR_ETOOBIG,
			   "the reply is larger than a frame; ask for a smaller page");
	else {
		kept_land(q->srv, q->kept, q->version, &q->out);
		q->kept = NULL;
		conn_send_buf(c, &q->out);
	}
	kept_land(q->srv, q->kept, 0, NULL);   /* failed: its waiters run */
	dsr_buf_free(&q->out);
	dpb__request__free_unpacked(q->rq, NULL);
	budget_release(c, q->reserved);
	conn_request_done(c);
	conn_unref(c);
	server_idle(q->srv);
	free(q);
}

struct qjob *qjob_new(struct conn *c, Dpb__Request *rq, int (*run)(struct qjob *, dsr_rtxn *))
{
	struct qjob *q = xcalloc(1, sizeof *q);
	q->c = c;
	q->rq = rq;
	q->srv = c->srv;
	q->run = run;
	q->work.data = q;
	q->reserved = conn_take_reserve(c);
	return q;
}

void qjob_start(struct qjob *q, bool on_loop)
{
	conn_ref(q->c);
	server_busy(q->srv);
	if (on_loop) {
		qjob_work(&q->work);
		qjob_after(&q->work, 0);
		return;
	}
	pool_submit(q->c, &q->work, qjob_work, qjob_after, q->reserved > BIG_JOB);
}

static uint32_t page_limit(const struct config *cfg, const Dpb__Page *p)
{
	return p && p->limit ? p->limit : cfg->page_default;
}

/* True when the request is cheap enough to answer on the loop: a bounded
 * page of a table read in key order.  Claims and an actor's detail resolve
 * actors and clusters per item (measured at 1.4 ms median, 8 ms p99 for a
 * page of claims about one actor on the sample corpus), and a timeline
 * filtered by actor does the same, so they go to the pool where they cannot
 * hold up the loop. */
static bool small(const struct config *cfg, const Dpb__Request *rq)
{
	switch ((int)rq->body_case) {  /* a query (see run_query) */
	case DPB__REQUEST__BODY_ACTORS:
		return page_limit(cfg, rq->actors->page) <= INLINE_MAX;
	case DPB__REQUEST__BODY_TIMELINE:
		return !rq->timeline->actor[0] &&
		       page_limit(cfg, rq->timeline->page) <= INLINE_MAX;
	case DPB__REQUEST__BODY_ARTICLES:
		return page_limit(cfg, rq->articles->page) <= INLINE_MAX;
	case DPB__REQUEST__BODY_LOG:
		return rq->log->limit && rq->log->limit <= INLINE_MAX;
	case DPB__REQUEST__BODY_STATUS:
		return !rq->status->digest;
	default:
		return false;
	}
}

void req_query(struct conn *c, Dpb__Request *rq)
{
	struct kept *lead = NULL;
	if (kept_ask(c, rq, &lead))
		return;
	req_query_run(c, rq, lead);
}

void req_query_run(struct conn *c, Dpb__Request *rq, struct kept *lead)
{
	struct server *srv = c->srv;
	struct qjob *q = qjob_new(c, rq, run_query);
	if (rq->body_case == DPB__REQUEST__BODY_STATUS) {
		struct writer_stats ws;
		writer_stats_get(srv->writer, &ws);
		q->uptime = (double)(mono_ns() - srv->start_ns) / 1e9;
		q->clients = srv->nconns;
		q->subs = srv->nsubs;
		q->commits = ws.commits;
		q->releases = ws.releases;
		q->reused = srv->answers.hits + srv->web_answers.hits;
		q->read = srv->answers.misses + srv->web_answers.misses;
	}
	bool on_loop = small(&srv->cfg, rq);
	/* A pool job is one others may wait for; one on the loop is done
	 * before anyone else can ask. */
	q->kept = lead;
	if (lead && !on_loop)
		kept_fly(srv, lead);
	qjob_start(q, on_loop);
}
