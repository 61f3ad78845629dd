/* peer_link.c: a replication session on the loop (see peer.h): messages
 * in, verified batches to the writer (one job, one group each), frames
 * out, and the views rebuilt after a quarantine. */
#include "peer.h"
#include "writer.h"
#include "error.h"
#include "logging.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* A peer that keeps more batches waiting than this ignores the window
 * (core/repl.h): it is dropped rather than buffered. */
#define MAX_PENDING (4 * DSR_REPL_WINDOW)

static struct plink *links;

struct plink *link_new(struct server *srv, enum link_kind kind, unsigned flags)
{
	struct plink *l = xcalloc(1, sizeof *l);
	l->srv = srv;
	l->kind = kind;
	l->refs = 1;
	l->since_ms = l->last_rx_ms = uv_now(srv->loop);
	int r = dsr_repl_new(&l->r, srv->store, flags | DSR_REPL_WRAP, link_report, l);
	if (r < 0) {
		dlog(DLOG_ERROR, "out of memory");
		abort();
	}
	l->next = links;
	if (links)
		links->prev = l;
	links = l;
	return l;
}

void link_ref(struct plink *l)
{
	l->refs++;
}

void link_unref(struct plink *l)
{
	if (--l->refs > 0)
		return;
	dsr_repl_free(l->r);
	free(l);
}

void links_each(struct server *srv, void (*fn)(struct plink *l, void *ctx), void *ctx)
{
	(void)srv;
	struct plink *next;
	for (struct plink *l = links; l; l = next) {
		next = l->next;
		fn(l, ctx);
	}
}

struct plink *link_of_conn(struct conn *c)
{
	for (struct plink *l = links; l; l = l->next)
		if (l->c == c)
			return l;
	return NULL;
}

void link_close(struct plink *l, const char *why)
{
	if (l->dead)
		return;
	l->dead = true;
	dlog(DLOG_DEBUG, "replication with %s ended: %s", l->addr, why);
	if (l->prev)
		l->prev->next = l->next;
	else if (links == l)
		links = l->next;
	if (l->next)
		l->next->prev = l->prev;
	l->next = l->prev = NULL;
	if (l->c) {
		conn_unref(l->c);
		l->c = NULL;
	}
	link_unref(l);
}

void link_report(void *ctx, int err, const char *msg)
{
	struct plink *l = ctx;
	snprintf(l->last_error, sizeof l->last_error, "%s", msg);
	if (err == DSR_EFORK && strstr(msg, "quarantining"))
		l->forks++;
	if (strstr(msg, "refused a batch"))
		l->rejected++;
	dlog(err == DSR_EFORK ? DLOG_ERROR : DLOG_WARN, "replication with %s: %s", l->addr, msg);
}

/* ---- the views after a quarantine --------------------------------------- */

static uv_work_t rebuild_req;
static bool rebuilding, rebuild_again;
static int rebuild_rc;

static void rebuild_work(uv_work_t *w)
{
	struct server *srv = w->data;
	rebuild_rc = dsr_store_rebuild_live(srv->store);
}

static void rebuild_start(struct server *srv);

static void rebuild_after(uv_work_t *w, int status)
{
	struct server *srv = w->data;
	rebuilding = false;
	if (status < 0 || rebuild_rc < 0)
		dlog(DLOG_ERROR, "rebuilding the views after a quarantine failed: %s",
		     status < 0 ? uv_strerror(status) : dsr_strerror(rebuild_rc));
	else
		dlog(DLOG_INFO, "views rebuilt without the quarantined origin(s)");
	server_idle(srv);
	if (rebuild_again) {
		rebuild_again = false;
		rebuild_start(srv);
	}
}

/* The views drop a quarantined origin's events: rebuilt from the log on
 * the pool while the writer carries on (store.c's rebuild allows it). */
static void rebuild_start(struct server *srv)
{
	if (rebuilding) {
		rebuild_again = true;
		return;
	}
	rebuilding = true;
	rebuild_req.data = srv;
	server_busy(srv);
	dlog(DLOG_INFO, "rebuilding the views without the quarantined origin(s)");
	if (uv_queue_work(srv->loop, &rebuild_req, rebuild_work, rebuild_after) < 0) {
		rebuilding = false;
		server_idle(srv);
	}
}

/* ---- batches to the writer ------------------------------------------------ */

struct ljob {
	struct wjob job;
	struct plink *l;
	dsr_repl_apply *a;
};

static void ljob_done(struct wjob *j)
{
	struct ljob *lj = j->ctx;
	struct plink *l = lj->l;
	struct server *srv = l->srv;
	int f = dsr_repl_applied(l->r, lj->a, j->result);
	l->applying--;
	free(lj);
	if (f > 0 && (f & DSR_REPL_REBUILD))
		rebuild_start(srv);
	if (f < 0)
		dlog(DLOG_ERROR, "replication with %s: %s", l->addr, dsr_strerror(f));
	link_kick(l);
	link_unref(l);
	server_idle(srv);
}

static void submit(struct plink *l, dsr_repl_apply *a)
{
	struct server *srv = l->srv;
	if (!srv->writer) {
		/* Shutting down: the batch is not stored, the peer is told. */
		dsr_repl_applied(l->r, a, -ECANCELED);
		return;
	}
	struct ljob *lj = xcalloc(1, sizeof *lj);
	lj->l = l;
	lj->a = a;
	lj->job.ops = a->ops;
	lj->job.nops = a->nops;
	lj->job.ngroups = 1;
	lj->job.done = ljob_done;
	lj->job.ctx = lj;
	link_ref(l);
	l->applying++;
	server_busy(srv);
	writer_submit(srv->writer, &lj->job);
}

/* ---- the session ------------------------------------------------------------ */

static void flush(struct plink *l)
{
	if (l->kind == LINK_OUT) {
		if (l->op)
			outpeer_flush(l->op);
		return;
	}
	if (!l->c || !dsr_repl_out_len(l->r))
		return;
	dsr_buf b = DSR_BUF_INIT;
	if (dsr_repl_out(l->r, &b) < 0) {
		dlog(DLOG_ERROR, "out of memory");
		abort();
	}
	conn_send_buf(l->c, &b);
}

static void finished(struct plink *l)
{
	struct conn *c = l->c;
	dsr_repl_stats st;
	dsr_repl_stats_get(l->r, &st);
	switch (l->kind) {
	case LINK_OUT:
		if (l->op)
			outpeer_link_ended(l->op, 0, "sync complete");
		break;
	case LINK_BUNDLE_IN: {
		/* Answer the request that carried PeerDone with what was
		 * stored. */
		Dpb__PeerDone d = DPB__PEER_DONE__INIT;
		d.batches = st.batches_received;
		d.events = st.events_received;
		Dpb__PeerMsg m = DPB__PEER_MSG__INIT;
		m.body_case = DPB__PEER_MSG__BODY_DONE;
		m.done = &d;
		Dpb__Response rs = DPB__RESPONSE__INIT;
		rs.id = l->done_rid;
		rs.body_case = DPB__RESPONSE__BODY_PEER;
		rs.peer = &m;
		if (c) {
			conn_ref(c);
			conn_send(c, &rs);
			link_close(l, "bundle applied");
			conn_request_done(c);
			conn_unref(c);
		}
		return;
	}
	case LINK_BUNDLE_OUT:
		if (c) {
			conn_ref(c);
			link_close(l, "bundle written");
			conn_request_done(c);
			conn_unref(c);
		}
		return;
	case LINK_IN:
		break;  /* the side that connected closes */
	}
}

void link_kick(struct plink *l)
{
	if (l->dead)
		return;
	dsr_repl_apply *a;
	while ((a = dsr_repl_next_apply(l->r)))
		submit(l, a);
	int r = dsr_repl_pump(l->r);
	if (r < 0) {
		dlog(DLOG_ERROR, "replication with %s: %s", l->addr, dsr_strerror(r));
		snprintf(l->last_error, sizeof l->last_error, "%s", dsr_strerror(r));
	}
	flush(l);
	if (dsr_repl_done(l->r))
		finished(l);
}

int link_recv(struct plink *l, const Dpb__PeerMsg *m)
{
	if (l->dead)
		return 0;
	l->last_rx_ms = uv_now(l->srv->loop);
	int r = dsr_repl_recv(l->r, m);
	if (r < 0)
		return r;
	if (dsr_repl_pending(l->r) > MAX_PENDING)
		return DSR_ETOOBIG;
	/* The caller holds a reference: the link may finish in here. */
	link_kick(l);
	return 0;
}
