/* bench_web.c: the web workspace's benchmarks (issue 15, point 8), each
 * beside its baseline measured in the same run:
 *
 *  api:  N clients (threads, one request outstanding each, keep-alive) ask
 *        the main queries through the JSON API (actors, claims about an
 *        actor, timeline, attribution) for a fixed time; then N clients ask
 *        the same queries over the Unix socket (the baseline).  Requests/s
 *        and p50/p99 per query, and the ratios.  Twice: on a quiet store,
 *        where most answers are the ones kept since the last commit
 *        (daemon/answers.h), and while a writer commits W times a second
 *        (--api-writes, default 10), each commit making every kept answer
 *        old.
 *  live: one writer appends note events at a fixed rate (each carrying its
 *        send time); S subscribers over the Unix socket, then S browsers on
 *        GET /api/events, measure when each event reaches them: the lag's
 *        p50/p99 for both, and the ratio.
 *
 * usage: bench_web --socket PATH --login URL [--clients 64] [--seconds 5]
 *                  [--about NAME] [--subs 100] [--rate 1000] [--api-writes 10]
 *                  [--pid PID]
 * With --pid (dossierd's), also the daemon's CPU time per request: the
 * machine's other load does not move that figure as much as latencies.
 * (scripts/bench-web.sh starts dossierd with --http, fills it and runs it).
 */
#include "svcbench.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <sys/epoll.h>

static const char *sock_path, *about = "Sony";
static char host[64] = "127.0.0.1";
static int port, clients = 64, seconds = 5, subs = 100, rate = 1000, api_writes = 10;
static char cookie[128];
static int dpid;   /* the daemon's pid: its CPU time per request */

/* The daemon's CPU time (user + system) in seconds, or 0. */
static double daemon_cpu(void)
{
	char path[64], buf[1024];
	snprintf(path, sizeof path, "/proc/%d/stat", dpid);
	FILE *f = dpid ? fopen(path, "r") : NULL;
	if (!f)
		return 0;
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = 0;
	const char *p = strrchr(buf, ')');
	unsigned long ut = 0, st = 0;
	/* after ") ": state ppid pgrp session tty tpgid flags minflt cminflt
	 * majflt cmajflt utime stime */
	if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut,
			 &st) != 2)
		return 0;
	return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

#define NQ 4
static const char *const qname[NQ] = { "actors", "claims --about", "timeline", "attribution" };
static char qpath[NQ][256];

/* ---- HTTP, blocking ---------------------------------------------------------- */

static int tcp_connect(void)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	inet_pton(AF_INET, host, &sa.sin_addr);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0)
		sb_die("connect to the HTTP port");
	int one = 1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	return fd;
}

static void send_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w <= 0)
			sb_die("write");
		p += w;
		n -= (size_t)w;
	}
}

/* Reads one answer (headers, then Content-Length bytes); returns the
 * status, and the headers in hdr (cap bytes). */
static int http_read(int fd, dsr_buf *in, char *hdr, size_t cap)
{
	char *end;
	for (;;) {
		dsr_buf_cstr(in);
		if (in->len && (end = strstr((char *)in->data, "\r\n\r\n")))
			break;
		dsr_buf_reserve(in, 65536);
		ssize_t r = read(fd, in->data + in->len, in->cap - in->len - 1);
		if (r <= 0)
			sb_die("read an HTTP answer");
		in->len += (size_t)r;
	}
	size_t hlen = (size_t)(end - (char *)in->data) + 4;
	snprintf(hdr, cap, "%.*s", (int)hlen, (char *)in->data);
	const char *cl = strcasestr(hdr, "\r\nContent-Length:");
	size_t blen = cl ? strtoul(cl + 17, NULL, 10) : 0;
	while (in->len < hlen + blen) {
		dsr_buf_reserve(in, hlen + blen - in->len + 1);
		ssize_t r = read(fd, in->data + in->len, in->cap - in->len - 1);
		if (r <= 0)
			sb_die("read an HTTP body");
		in->len += (size_t)r;
	}
	memmove(in->data, in->data + hlen + blen, in->len - hlen - blen);
	in->len -= hlen + blen;
	return atoi(hdr + 9);
}

static void login(const char *url)
{
	const char *p = strstr(url, "://");
	if (!p || sscanf(p + 3, "%63[^:]:%d", host, &port) != 2)
		sb_die("--login wants http://HOST:PORT/login?t=...");
	const char *path = strchr(p + 3, '/');
	int fd = tcp_connect();
	char rq[512], hdr[4096];
	int n = snprintf(rq, sizeof rq, "GET %s HTTP/1.1\r\nHost: x\r\n\r\n", path);
	send_all(fd, rq, (size_t)n);
	dsr_buf in = DSR_BUF_INIT;
	int st = http_read(fd, &in, hdr, sizeof hdr);
	const char *c = strstr(hdr, "dossier_session=");
	if (st != 303 || !c || sscanf(c, "%127[^;\r]", cookie) != 1) {
		fprintf(stderr, "bench: login refused (%d)\n", st);
		exit(1);
	}
	close(fd);
	dsr_buf_free(&in);
}

/* ---- api: clients asking the queries ---------------------------------------- */

struct lat {
	uint64_t *v[NQ];
	size_t n[NQ], cap[NQ];
};

static atomic_int go;
static uint64_t stop_ns;

static void lat_add(struct lat *l, int q, uint64_t ns)
{
	if (l->n[q] == l->cap[q]) {
		l->cap[q] = l->cap[q] ? 2 * l->cap[q] : 4096;
		l->v[q] = realloc(l->v[q], l->cap[q] * sizeof(uint64_t));
	}
	l->v[q][l->n[q]++] = ns;
}

static void *http_client(void *arg)
{
	struct lat *l = arg;
	int fd = tcp_connect();
	dsr_buf in = DSR_BUF_INIT;
	char rq[1024], hdr[4096];
	while (!atomic_load(&go))
		;
	for (unsigned k = (unsigned)(uintptr_t)l; sb_now_ns() < stop_ns; k++) {
		int q = (int)(k % NQ);
		int n = snprintf(rq, sizeof rq, "GET %s HTTP/1.1\r\nHost: x\r\nCookie: %s\r\n\r\n",
				 qpath[q], cookie);
		uint64_t t0 = sb_now_ns();
		send_all(fd, rq, (size_t)n);
		if (http_read(fd, &in, hdr, sizeof hdr) != 200) {
			fprintf(stderr, "bench: %s: %.60s\n", qpath[q], hdr);
			exit(1);
		}
		lat_add(l, q, sb_now_ns() - t0);
	}
	close(fd);
	dsr_buf_free(&in);
	return NULL;
}

static void fill_request(int q, Dpb__Request *rq, Dpb__Page *pg, void *qmsg)
{
	dpb__request__init(rq);
	dpb__page__init(pg);
	pg->limit = 100;
	switch (q) {
	case 0: {
		Dpb__QueryActors *a = qmsg;
		dpb__query_actors__init(a);
		a->page = pg;
		rq->body_case = DPB__REQUEST__BODY_ACTORS;
		rq->actors = a;
		break;
	}
	case 1: {
		Dpb__QueryClaims *c = qmsg;
		dpb__query_claims__init(c);
		c->about = (char *)about;
		c->stance = c->hedged = -1;
		c->page = pg;
		rq->body_case = DPB__REQUEST__BODY_CLAIMS;
		rq->claims = c;
		break;
	}
	case 2: {
		Dpb__QueryTimeline *t = qmsg;
		dpb__query_timeline__init(t);
		t->page = pg;
		rq->body_case = DPB__REQUEST__BODY_TIMELINE;
		rq->timeline = t;
		break;
	}
	default: {
		Dpb__QueryAttribution *a = qmsg;
		dpb__query_attribution__init(a);
		a->page = pg;
		rq->body_case = DPB__REQUEST__BODY_ATTRIBUTION;
		rq->attribution = a;
		break;
	}
	}
}

static void *sock_client(void *arg)
{
	struct lat *l = arg;
	struct sb_conn c;
	sb_connect(&c, sock_path);
	sb_hello(&c);
	union {
		Dpb__QueryActors a;
		Dpb__QueryClaims c;
		Dpb__QueryTimeline t;
		Dpb__QueryAttribution at;
	} qm;
	while (!atomic_load(&go))
		;
	for (unsigned k = (unsigned)(uintptr_t)l; sb_now_ns() < stop_ns; k++) {
		int q = (int)(k % NQ);
		Dpb__Request rq;
		Dpb__Page pg;
		fill_request(q, &rq, &pg, &qm);
		uint64_t t0 = sb_now_ns();
		sb_send(&c, &rq);
		Dpb__Response *rs = sb_recv(&c);
		if (rs->body_case == DPB__RESPONSE__BODY_ERROR) {
			fprintf(stderr, "bench: %s: %s\n", qname[q], rs->error->message);
			exit(1);
		}
		dpb__response__free_unpacked(rs, NULL);
		lat_add(l, q, sb_now_ns() - t0);
	}
	close(c.fd);
	return NULL;
}

/* While the clients run: a note committed api_writes times a second. */
static void *committer(void *arg)
{
	(void)arg;
	struct sb_conn c;
	sb_connect(&c, sock_path);
	sb_hello(&c);
	while (!atomic_load(&go))
		;
	uint64_t gap = 1000000000u / (uint64_t)api_writes, t = sb_now_ns();
	while (t < stop_ns) {
		sb_send_notes(&c, 1, "commit", sb_now_ns(), 8);
		dpb__response__free_unpacked(sb_recv(&c), NULL);
		t += gap;
		uint64_t now = sb_now_ns();
		if (t > now)
			usleep((useconds_t)((t - now) / 1000));
	}
	close(c.fd);
	return NULL;
}

/* Runs `clients` threads of fn (and the committer when `writes`); returns
 * requests/s, and per query p50/p99 (microseconds); *cpu_us: the daemon's
 * CPU time per request. */
static double run_clients(void *(*fn)(void *), bool writes, double p50[NQ], double p99[NQ],
			  double *cpu_us)
{
	double cpu0 = daemon_cpu();
	pthread_t *th = calloc((size_t)clients, sizeof *th);
	struct lat *ls = calloc((size_t)clients, sizeof *ls);
	atomic_store(&go, 0);
	stop_ns = sb_now_ns() + (uint64_t)seconds * 1000000000u + 200000000u;
	for (int i = 0; i < clients; i++)
		pthread_create(&th[i], NULL, fn, &ls[i]);
	pthread_t cm;
	if (writes)
		pthread_create(&cm, NULL, committer, NULL);
	usleep(200000);
	uint64_t t0 = sb_now_ns();
	atomic_store(&go, 1);
	for (int i = 0; i < clients; i++)
		pthread_join(th[i], NULL);
	if (writes)
		pthread_join(cm, NULL);
	double secs = (double)(sb_now_ns() - t0) / 1e9;
	size_t total = 0;
	for (int q = 0; q < NQ; q++) {
		size_t n = 0;
		for (int i = 0; i < clients; i++)
			n += ls[i].n[q];
		uint64_t *all = malloc((n ? n : 1) * sizeof *all);
		size_t k = 0;
		for (int i = 0; i < clients; i++) {
			memcpy(all + k, ls[i].v[q], ls[i].n[q] * sizeof *all);
			k += ls[i].n[q];
			free(ls[i].v[q]);
		}
		p50[q] = (double)sb_quantile(all, n, 0.50) / 1e3;
		p99[q] = (double)sb_quantile(all, n, 0.99) / 1e3;
		total += n;
		free(all);
	}
	free(th);
	free(ls);
	*cpu_us = total ? (daemon_cpu() - cpu0) * 1e6 / (double)total : 0;
	return (double)total / secs;
}

/* ---- live: lag of events to subscribers ---------------------------------------- */

static atomic_int writing;

/* Appends `rate` note events a second, in batches every 10 ms, each note
 * carrying its send time; for `seconds`. */
static void *writer(void *arg)
{
	(void)arg;
	struct sb_conn c;
	sb_connect(&c, sock_path);
	sb_hello(&c);
	int per = rate / 100 > 0 ? rate / 100 : 1;
	uint64_t t = sb_now_ns(), end = t + (uint64_t)seconds * 1000000000u;
	int inflight = 0;
	while (t < end) {
		sb_send_notes(&c, (size_t)per, "lag", sb_now_ns(), 8);
		inflight++;
		while (inflight > 4) {
			dpb__response__free_unpacked(sb_recv(&c), NULL);
			inflight--;
		}
		t += 10000000u;
		uint64_t now = sb_now_ns();
		if (t > now)
			usleep((useconds_t)((t - now) / 1000));
	}
	while (inflight-- > 0)
		dpb__response__free_unpacked(sb_recv(&c), NULL);
	close(c.fd);
	atomic_store(&writing, 0);
	return NULL;
}

/* Scans bytes for "lag <ns> " stamps and records now - ns. */
static void stamps(const char *p, size_t n, uint64_t now, struct lat *l)
{
	const char *end = p + n;
	while (p < end && (p = memmem(p, (size_t)(end - p), "lag ", 4))) {
		p += 4;
		char *e;
		unsigned long long ns = strtoull(p, &e, 10);
		if (e > p && *e == ' ' && ns && ns <= now)
			lat_add(l, 0, now - ns);
	}
}

/* S subscribers (sse: browsers on /api/events; else the Unix socket),
 * read by one epoll thread; returns the lag's p50/p99 (ms) and the count. */
static size_t run_live(bool sse, double *p50, double *p99)
{
	int ep = epoll_create1(0);
	int *fds = calloc((size_t)subs, sizeof *fds);
	for (int i = 0; i < subs; i++) {
		if (sse) {
			fds[i] = tcp_connect();
			char rq[512];
			int n = snprintf(rq, sizeof rq, "GET /api/events HTTP/1.1\r\nHost: x\r\n"
					 "Cookie: %s\r\n\r\n", cookie);
			send_all(fds[i], rq, (size_t)n);
		} else {
			struct sb_conn c;
			sb_connect(&c, sock_path);
			sb_hello(&c);
			Dpb__Subscribe s = DPB__SUBSCRIBE__INIT;
			s.from = DPB__FROM__FROM_NOW;
			Dpb__Request rq = DPB__REQUEST__INIT;
			rq.body_case = DPB__REQUEST__BODY_SUBSCRIBE;
			rq.subscribe = &s;
			sb_send(&c, &rq);
			fds[i] = c.fd;
			dsr_frame_dec_free(&c.dec);
		}
		struct epoll_event ev = { .events = EPOLLIN, .data.fd = fds[i] };
		epoll_ctl(ep, EPOLL_CTL_ADD, fds[i], &ev);
	}
	usleep(300000);   /* every subscription in place */
	struct lat l;
	memset(&l, 0, sizeof l);
	atomic_store(&writing, 1);
	pthread_t w;
	pthread_create(&w, NULL, writer, NULL);
	static char buf[1 << 16];
	uint64_t quiet_until = 0;
	for (;;) {
		struct epoll_event evs[64];
		int n = epoll_wait(ep, evs, 64, 100);
		uint64_t now = sb_now_ns();
		for (int i = 0; i < n; i++) {
			ssize_t r = read(evs[i].data.fd, buf, sizeof buf);
			if (r > 0)
				stamps(buf, (size_t)r, now, &l);
			else
				epoll_ctl(ep, EPOLL_CTL_DEL, evs[i].data.fd, NULL);
		}
		if (!atomic_load(&writing)) {
			if (!quiet_until)
				quiet_until = now + 1000000000u;   /* a second for the last */
			if (now > quiet_until)
				break;
		}
	}
	pthread_join(w, NULL);
	for (int i = 0; i < subs; i++)
		close(fds[i]);
	close(ep);
	free(fds);
	*p50 = (double)sb_quantile(l.v[0], l.n[0], 0.50) / 1e6;
	*p99 = (double)sb_quantile(l.v[0], l.n[0], 0.99) / 1e6;
	free(l.v[0]);
	return l.n[0];
}

int main(int argc, char **argv)
{
	const char *url = NULL;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--socket") && i + 1 < argc)
			sock_path = argv[++i];
		else if (!strcmp(argv[i], "--login") && i + 1 < argc)
			url = argv[++i];
		else if (!strcmp(argv[i], "--clients") && i + 1 < argc)
			clients = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--seconds") && i + 1 < argc)
			seconds = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--subs") && i + 1 < argc)
			subs = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--rate") && i + 1 < argc)
			rate = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--about") && i + 1 < argc)
			about = argv[++i];
		else if (!strcmp(argv[i], "--api-writes") && i + 1 < argc)
			api_writes = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--pid") && i + 1 < argc)
			dpid = atoi(argv[++i]);
		else {
			fprintf(stderr, "usage: bench_web --socket PATH --login URL [--clients N] "
				"[--seconds S] [--subs N] [--rate EVENTS/S] [--about NAME] "
				"[--api-writes COMMITS/S] [--pid DOSSIERD_PID]\n");
			return 2;
		}
	}
	if (!sock_path || !url || clients < 1 || seconds < 1 || subs < 1 || rate < 1 ||
	    api_writes < 0) {
		fprintf(stderr, "bench_web: --socket and --login are required\n");
		return 2;
	}
	login(url);
	char esc[128];
	size_t k = 0;
	for (const char *p = about; *p && k + 4 < sizeof esc; p++) {
		if (*p == ' ')
			k += (size_t)snprintf(esc + k, sizeof esc - k, "%%20");
		else
			esc[k++] = *p;
	}
	esc[k] = 0;
	snprintf(qpath[0], sizeof qpath[0], "/api/actors?limit=100");
	snprintf(qpath[1], sizeof qpath[1], "/api/claims?about=%s&limit=100", esc);
	snprintf(qpath[2], sizeof qpath[2], "/api/timeline?limit=100");
	snprintf(qpath[3], sizeof qpath[3], "/api/attribution?limit=100");

	double worst = 0, worst_w = 0, api_rps = 0;
	for (int w = 0; w <= (api_writes > 0); w++) {
		double a50[NQ], a99[NQ], s50[NQ], s99[NQ], acpu, scpu;
		double arps = run_clients(http_client, w, a50, a99, &acpu);
		double srps = run_clients(sock_client, w, s50, s99, &scpu);
		if (w)
			printf("api while %d commits/s land: %d clients, %d s each\n", api_writes,
			       clients, seconds);
		else
			printf("api: %d clients, %d s each, 100 items a page\n", clients, seconds);
		printf("  %-16s %12s %12s %12s %12s %8s\n", "query", "api p50 us", "api p99 us",
		       "sock p50 us", "sock p99 us", "p99 x");
		double wq = 0;
		for (int q = 0; q < NQ; q++) {
			printf("  %-16s %12.0f %12.0f %12.0f %12.0f %8.2f\n", qname[q], a50[q],
			       a99[q], s50[q], s99[q], s99[q] > 0 ? a99[q] / s99[q] : 0);
			if (a99[q] > wq)
				wq = a99[q];
		}
		printf("  requests/s: api %.0f, socket %.0f (ratio %.2f); worst api p99 %.2f ms "
		       "(target <= 5 ms)\n", arps, srps, srps > 0 ? arps / srps : 0, wq / 1e3);
		if (dpid)
			printf("  dossierd CPU per request: api %.0f us, socket %.0f us (ratio %.2f)\n",
			       acpu, scpu, scpu > 0 ? acpu / scpu : 0);
		if (w)
			worst_w = wq;
		else {
			worst = wq;
			api_rps = arps;
		}
	}

	double l50, l99, b50, b99;
	size_t nb = run_live(false, &b50, &b99);
	size_t nl = run_live(true, &l50, &l99);
	printf("live: %d subscribers, %d events/s for %d s\n", subs, rate, seconds);
	printf("  socket watchers: %zu deliveries, lag p50 %.1f ms p99 %.1f ms\n", nb, b50, b99);
	printf("  browsers (SSE):  %zu deliveries, lag p50 %.1f ms p99 %.1f ms (p99 x %.2f; "
	       "target <= 100 ms)\n", nl, l50, l99, b99 > 0 ? l99 / b99 : 0);
	printf("api_p99_ms=%.3f api_p99_writing_ms=%.3f api_rps=%.0f sse_lag_p99_ms=%.1f "
	       "sub_lag_p99_ms=%.1f\n", worst / 1e3, worst_w / 1e3, api_rps, l99, b99);
	return 0;
}
