/* admit.c: who may hold a connection.
 *
 * Every connection costs a descriptor, and a daemon out of descriptors
 * cannot accept anyone, not even on its Unix socket.  So:
 *
 *  - at start the soft descriptor limit is raised to the hard one, and
 *    connections are capped below it (cfg.max_conns; Unix connections may
 *    go UNIX_RESERVE over, so the local socket is served when TCP is full);
 *  - TCP connections from one address are capped (cfg.max_per_addr);
 *  - a connection must say a good Hello within cfg.handshake_ms;
 *  - when a cap is reached, the oldest TCP connection that has not yet said
 *    its Hello (from that address for the per-address cap) is shed to make
 *    room; only when there is none is the newcomer refused.  Connections
 *    that authenticated, and the Unix socket's, are never shed.
 *
 * Refusals and sheddings are logged at most once a second (ratelog), with
 * counts, and the totals at exit.
 */
#include "server.h"
#include "error.h"
#include "logging.h"
#include "util.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

/* Descriptors kept for the store, listeners, peers, logs and accept()s
 * of connections about to be refused. */
#define FD_RESERVE 64
/* Unix connections admitted over max_conns. */
#define UNIX_RESERVE 32
/* The default cap, however many descriptors there are: an idle connection
 * costs little, but not nothing. */
#define MAX_CONNS_DEFAULT 4096
#define ADDR_BUCKETS 1024

/* One remote address: how many TCP connections it has, and those of them
 * before their Hello, oldest first. */
struct addrent {
	struct addrent *next;      /* in its bucket */
	uint8_t key[17];           /* family byte, then 4 or 16 address bytes */
	unsigned n;
	struct conn *head, *tail;
};

struct addrtab {
	struct addrent *b[ADDR_BUCKETS];
};

void admit_init(struct server *srv)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rlim_t was = rl.rlim_cur;
		rl.rlim_cur = rl.rlim_max;
		if (rl.rlim_cur == RLIM_INFINITY)
			rl.rlim_cur = 1 << 20;
		if (setrlimit(RLIMIT_NOFILE, &rl) == 0)
			dlog(DLOG_DEBUG, "descriptor limit raised from %llu to %llu",
			     (unsigned long long)was, (unsigned long long)rl.rlim_cur);
		getrlimit(RLIMIT_NOFILE, &rl);
	}
	uint64_t fds = rl.rlim_cur == RLIM_INFINITY ? 1u << 20 : (uint64_t)rl.rlim_cur;
	uint64_t room = fds > FD_RESERVE + UNIX_RESERVE + 16 ? fds - FD_RESERVE - UNIX_RESERVE : 16;
	if (!srv->cfg.max_conns) {
		srv->cfg.max_conns = room < MAX_CONNS_DEFAULT ? (unsigned)room : MAX_CONNS_DEFAULT;
	} else if (srv->cfg.max_conns > room) {
		dlog(DLOG_WARN, "--max-conns %u is more than %llu descriptors allow: using %llu",
		     srv->cfg.max_conns, (unsigned long long)fds, (unsigned long long)room);
		srv->cfg.max_conns = (unsigned)room;
	}
	srv->addrs = xcalloc(1, sizeof *srv->addrs);
	dlog(DLOG_INFO, "limits: %u connections (%llu descriptors), %u per TCP address, "
	     "Hello within %llu ms; %zu MiB per connection, %zu MiB for all",
	     srv->cfg.max_conns, (unsigned long long)fds, srv->cfg.max_per_addr,
	     (unsigned long long)srv->cfg.handshake_ms, srv->cfg.conn_mem >> 20,
	     srv->cfg.client_mem >> 20);
}

/* ---- rate-limited lines ---------------------------------------------------- */

void ratelog(struct server *srv, struct ratelog *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->what, sizeof r->what, fmt, ap);
	va_end(ap);
	uint64_t now = uv_now(srv->loop);
	if (r->last_ms && now - r->last_ms < 1000) {
		r->quiet++;
		return;
	}
	if (r->quiet)
		dlog(DLOG_WARN, "%s (and %llu more like it in the last %.1f s)", r->what,
		     (unsigned long long)r->quiet, (double)(now - r->last_ms) / 1000);
	else
		dlog(DLOG_WARN, "%s", r->what);
	r->last_ms = now;
	r->quiet = 0;
}

void ratelog_flush(struct server *srv, struct ratelog *r)
{
	uint64_t now = uv_now(srv->loop);
	if (!r->quiet || now - r->last_ms < 1000)
		return;
	dlog(DLOG_WARN, "%s (and %llu more like it in the last %.1f s)", r->what,
	     (unsigned long long)r->quiet - 1, (double)(now - r->last_ms) / 1000);
	r->last_ms = now;
	r->quiet = 0;
}

void admit_summary(struct server *srv)
{
	const struct limit_stats *l = &srv->lim;
	dlog(DLOG_INFO, "connections: %llu accepted, %llu refused, %llu shed, %llu without "
	     "a Hello in time, %llu cut off over memory or unread answers; %llu request(s) "
	     "cancelled; client memory peaked at %.1f MiB",
	     (unsigned long long)l->accepted, (unsigned long long)l->refused,
	     (unsigned long long)l->shed, (unsigned long long)l->timed_out,
	     (unsigned long long)l->cut, (unsigned long long)l->cancelled,
	     (double)srv->mem_peak / (1 << 20));
	/* Every connection is gone by now: what is still charged was never
	 * released (a bug in the accounting, which the tests look for). */
	if (srv->mem && !srv->nconns)
		dlog(DLOG_WARN, "client memory accounting: %zu bytes still charged at exit",
		     srv->mem);
}

/* ---- addresses ------------------------------------------------------------- */

static size_t addr_key(struct conn *c, uint8_t key[17])
{
	struct sockaddr_storage ss;
	int len = sizeof ss;
	memset(key, 0, 17);
	if (uv_tcp_getpeername(&c->h.tcp, (struct sockaddr *)&ss, &len) < 0)
		return 1;   /* unknown: all such share one entry */
	if (ss.ss_family == AF_INET) {
		key[0] = 4;
		memcpy(key + 1, &((struct sockaddr_in *)&ss)->sin_addr, 4);
		return 5;
	}
	if (ss.ss_family == AF_INET6) {
		key[0] = 6;
		memcpy(key + 1, &((struct sockaddr_in6 *)&ss)->sin6_addr, 16);
		return 17;
	}
	return 1;
}

static unsigned bucket_of(const uint8_t key[17])
{
	uint32_t h = 2166136261u;
	for (int i = 0; i < 17; i++)
		h = (h ^ key[i]) * 16777619u;
	return h % ADDR_BUCKETS;
}

static struct addrent *addr_get(struct server *srv, const uint8_t key[17])
{
	struct addrent **b = &srv->addrs->b[bucket_of(key)];
	for (struct addrent *e = *b; e; e = e->next)
		if (!memcmp(e->key, key, 17))
			return e;
	struct addrent *e = xcalloc(1, sizeof *e);
	memcpy(e->key, key, 17);
	e->next = *b;
	*b = e;
	return e;
}

static void addr_put(struct server *srv, struct addrent *e)
{
	if (e->n)
		return;
	struct addrent **p = &srv->addrs->b[bucket_of(e->key)];
	while (*p != e)
		p = &(*p)->next;
	*p = e->next;
	free(e);
}

/* ---- the lists of connections before their Hello ------------------------------ */

static void unauth_add(struct conn *c)
{
	struct server *srv = c->srv;
	c->uprev = srv->unauth_tail;
	c->unext = NULL;
	if (srv->unauth_tail)
		srv->unauth_tail->unext = c;
	else
		srv->unauth_head = c;
	srv->unauth_tail = c;
	struct addrent *e = c->ent;
	c->aprev = e->tail;
	c->anext = NULL;
	if (e->tail)
		e->tail->anext = c;
	else
		e->head = c;
	e->tail = c;
	c->in_unauth = true;
}

static void unauth_remove(struct conn *c)
{
	if (!c->in_unauth)
		return;
	struct server *srv = c->srv;
	if (c->uprev)
		c->uprev->unext = c->unext;
	else
		srv->unauth_head = c->unext;
	if (c->unext)
		c->unext->uprev = c->uprev;
	else
		srv->unauth_tail = c->uprev;
	struct addrent *e = c->ent;
	if (c->aprev)
		c->aprev->anext = c->anext;
	else
		e->head = c->anext;
	if (c->anext)
		c->anext->aprev = c->aprev;
	else
		e->tail = c->aprev;
	c->uprev = c->unext = c->aprev = c->anext = NULL;
	c->in_unauth = false;
}

void admit_authed(struct conn *c)
{
	unauth_remove(c);
}

void admit_forget(struct conn *c)
{
	struct server *srv = c->srv;
	unauth_remove(c);
	if (c->ent) {
		c->ent->n--;
		addr_put(srv, c->ent);
		c->ent = NULL;
	}
}

static void shed(struct conn *victim, const char *why, const char *newcomer)
{
	struct server *srv = victim->srv;
	srv->lim.shed++;
	ratelog(srv, &srv->log_shed, "shed %s: idle before its Hello, for %s (%s; %llu shed in all)",
		victim->peer, newcomer, why, (unsigned long long)srv->lim.shed);
	conn_drop(victim, DSR_ELIMIT,
		  "connection shed: %s, and this one had not said Hello", why);
}

static void refuse(struct conn *c, const char *why)
{
	struct server *srv = c->srv;
	srv->lim.refused++;
	ratelog(srv, &srv->log_refused, "refused %s: %s (%llu refused in all)", c->peer, why,
		(unsigned long long)srv->lim.refused);
	conn_drop(c, DSR_ELIMIT, "connection refused: %s; try again later", why);
}

bool admit_conn(struct conn *c)
{
	struct server *srv = c->srv;
	const struct config *cfg = &srv->cfg;
	char why[160];
	if (c->tcp) {
		uint8_t key[17];
		addr_key(c, key);
		c->ent = addr_get(srv, key);
		c->ent->n++;
		if (c->ent->n > cfg->max_per_addr) {
			snprintf(why, sizeof why, "%u connections from this address (the limit)",
				 cfg->max_per_addr);
			if (!c->ent->head) {
				refuse(c, why);
				return false;
			}
			shed(c->ent->head, why, c->peer);
		}
	}
	/* Unix connections may use the reserve above the cap. */
	unsigned cap = cfg->max_conns + (c->tcp ? 0 : UNIX_RESERVE);
	if (srv->nconns > cap) {
		snprintf(why, sizeof why, "%u connections open (the limit)", cfg->max_conns);
		if (!srv->unauth_head) {
			refuse(c, why);
			return false;
		}
		shed(srv->unauth_head, why, c->peer);
	}
	if (c->tcp)
		unauth_add(c);
	srv->lim.accepted++;
	return true;
}

/* An HTTP connection holds a descriptor, and its requests one more (the
 * web server's connection to the request path, webbridge.c, counted in
 * nconns when open): the web has its own cap, and together with the
 * protocol's connections they stay under max_conns.  Browsers are not
 * shed: a refused one is answered 503 and may retry. */
bool admit_http(struct server *srv, unsigned n)
{
	const struct config *cfg = &srv->cfg;
	if (n > cfg->http_max_conns || srv->nconns + n > cfg->max_conns) {
		srv->lim.refused++;
		ratelog(srv, &srv->log_refused, "refused an HTTP connection: %u open, %u "
			"protocol connections (the limits: %u, %u)", n - 1, srv->nconns,
			cfg->http_max_conns, cfg->max_conns);
		return false;
	}
	srv->lim.accepted++;
	return true;
}

void admit_check(struct server *srv, uint64_t now_ms)
{
	struct conn *next;
	for (struct conn *c = srv->conns; c; c = next) {
		next = c->next;
		if (c->authed || c->closing || now_ms - c->since_ms < srv->cfg.handshake_ms)
			continue;
		srv->lim.timed_out++;
		ratelog(srv, &srv->log_timeout, "closed %s: no Hello within %llu ms (%llu in all)",
			c->peer, (unsigned long long)srv->cfg.handshake_ms,
			(unsigned long long)srv->lim.timed_out);
		conn_fail(c, DSR_EAUTH, "no handshake within %.1f seconds",
			  (double)srv->cfg.handshake_ms / 1000);
	}
	ratelog_flush(srv, &srv->log_refused);
	ratelog_flush(srv, &srv->log_shed);
	ratelog_flush(srv, &srv->log_timeout);
	ratelog_flush(srv, &srv->log_cut);
}
