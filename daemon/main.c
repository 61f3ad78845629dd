/* main.c: dossierd, the dossier service: options, start-up, the loop, and
 * a graceful shutdown (finish in-flight commits, tell clients, exit 0). */
#include "server.h"
#include "peer.h"
#include "web.h"
#include "writer.h"
#include "error.h"
#include "logging.h"
#include "util.h"

#include <errno.h>
#include <getopt.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct server srv;

static void usage(FILE *f)
{
	fprintf(f,
"usage: dossierd [OPTIONS]\n"
"\n"
"Runs the dossier service in the foreground (systemd does the rest: see\n"
"daemon/dossierd.service.in, dossierd(8)).  Logs go to stderr.\n"
"\n"
"  --data DIR         the store's data directory, created if missing\n"
"                     (default: $DOSSIER_DATA, else $XDG_DATA_HOME/dossier,\n"
"                     else ~/.local/share/dossier)\n"
"  --socket PATH      the Unix socket (default: DIR/dossierd.sock, mode 0600)\n""  --socket-mode MODE 0600 (the default: only the daemon's user) or 0660\n"
"                     (its group too: the system service's analysts)\n"
"  --listen ADDR:PORT also listen on TCP (PORT alone: the loopback);\n"
"                     TCP clients must present the token in DIR/token\n"
"  --http ADDR:PORT   serve the web workspace and its JSON API over HTTP\n"
"                     (PORT alone: the loopback); log in with `dossier web`\n"
"                     (docs/web.md)\n"
"  --log-level LEVEL  error, warn, info (default) or debug\n"
"  --sub-max-lag N    drop a subscriber that falls N events further behind\n"
"                     than it started (default 1000000; 0: never)\n"
"  --sub-stall SECS   drop a subscriber that reads nothing for SECS seconds\n"
"                     while events wait for it (default 300; 0: never)\n"
"  --commit-max N     at most N events in one write transaction (default\n"
"                     4096; bounds the writer's memory and a commit's time)\n"
"  --commit-linger US wait at most US microseconds for more requests to\n"
"                     share a commit (default 2000; at most a quarter of the\n"
"                     last commit's time; 0: never wait)\n"
"  --trim MB          when more than MB of the daemon's RSS is the store\n"
"                     file's pages (page cache), drop them from its page\n"
"                     tables; checked every 10 ms (default 16; 0: never)\n"
"  --trim-room MB     but let them fill the room the daemon's own memory\n"
"                     leaves under MB of RSS, when that is more (default\n"
"                     160; 0: --trim alone)\n"
"  --release-idle MS  once the writer has been idle MS milliseconds after\n"
"                     writing 256 events or more, give back the memory\n"
"                     LMDB keeps from its largest commit (default 1000;\n"
"                     0: never)\n"
"  --no-sync          do not fsync commits (benchmarks only: a crash may\n"
"                     lose acknowledged events)\n"
"  --no-kept-answers  run every read, even one asked again before the store\n"
"                     changed (benchmarks of the queries' own cost)\n"
"  --peer HOST:PORT   replicate continuously with the dossierd there (its\n"
"                     TCP port); repeatable; also `peer` lines in\n"
"                     DIR/peers.conf.  See docs/replication.md\n"
"  --allow-peer KEY   admit the peer with this key (64 hex digits, its\n"
"                     DIR/peer.key's public half, shown by `dossier peers`);\n"
"                     repeatable; also `allow` lines in DIR/peers.conf\n"
"  --check            do not serve: compare the views' digest with the\n"
"                     digest after rebuilding them from the log (exit 0 when\n"
"                     equal, 1 when not); the daemon must not be running\n"
"  --compact          do not serve: rewrite the store without its free pages,\n"
"                     each table's pages in key order (faster long reads after\n"
"                     a large ingest), checked against the store before it\n"
"                     replaces it; needs free space for a copy; the daemon\n"
"                     must not be running\n"
"  --help, --version\n"
"\n"
"Limits (docs/service.md, \"Limits\"):\n"
"  --max-conns N      connections at once, TCP and Unix (default: the\n"
"                     descriptor limit, raised to its hard maximum, less\n"
"                     96, at most 4096; 32 more are kept for the Unix socket)\n"
"  --max-per-addr N   TCP connections from one address (default 64)\n"
"  --http-max-conns N HTTP connections at once (default 256; each holds a\n"
"                     second descriptor while it asks the daemon)\n"
"  --web-login-ttl SECS\n"
"                     a `dossier web` login link works within SECS\n"
"                     (default 60)\n"
"  --handshake-timeout SECS\n"
"                     a connection must say Hello within SECS (default 5);\n"
"                     at a cap, TCP connections that have not yet are shed,\n"
"                     oldest first, for newcomers\n"
"  --conn-mem MB      memory one connection may hold: its unread answers,\n"
"                     the frame it is sending, its requests in flight\n"
"                     (default 32); past it the daemon stops reading it\n"
"  --client-mem MB    memory all connections together may hold (default\n"
"                     64); past it those holding the most that stopped\n"
"                     reading or sending are cut off with an error\n"
"  --send-timeout SECS\n"
"                     cut off a client that reads none of its answers for\n"
"                     SECS (default 60; 0: never; subscribers: --sub-stall)\n"
"\n"
"Exit status: 0 after a clean shutdown (SIGINT, SIGTERM; requests in\n"
"flight are cancelled, and it takes at most 10 s), 1 on errors (the data\n"
"directory in use by another dossierd, another daemon answering on the\n"
"socket, a socket that cannot be bound, ...), 2 on bad usage.\n");
}

static char *default_data_dir(void)
{
	const char *e = getenv("DOSSIER_DATA");
	char buf[4096];
	if (e && *e)
		return xstrdup(e);
	e = getenv("XDG_DATA_HOME");
	if (e && *e) {
		snprintf(buf, sizeof buf, "%s/dossier", e);
		return xstrdup(buf);
	}
	e = getenv("HOME");
	snprintf(buf, sizeof buf, "%s/.local/share/dossier", e && *e ? e : ".");
	return xstrdup(buf);
}

void server_busy(struct server *s)
{
	s->busy++;
}

static void close_walk(uv_handle_t *h, void *arg)
{
	(void)arg;
	if (!uv_is_closing(h))
		uv_close(h, NULL);
}

/* Clients still not done reading their goodbye when this fires are cut
 * off: a client that stopped reading must not keep the daemon alive. */
#define SHUTDOWN_DRAIN_MS 5000
/* Work that did not stop within this after the signal (an export being
 * built, an extraction: the core cannot interrupt them) is abandoned: the
 * writer finishes its commit and the daemon exits. */
#define SHUTDOWN_MAX_MS 10000

static void on_deadline(uv_timer_t *t)
{
	struct server *s = t->data;
	struct conn *next;
	if (s->conns)
		dlog(DLOG_WARN, "closing %u connection(s) that did not read their last replies",
		     s->nconns);
	for (struct conn *c = s->conns; c; c = next) {
		next = c->next;
		conn_close(c);
	}
	uv_close((uv_handle_t *)t, NULL);
}

static void finish(struct server *s);

/* The signal's work has not stopped in time: commit what the writer has,
 * say goodbye, and exit without waiting for the pool. */
static void on_hard_stop(uv_timer_t *t)
{
	struct server *s = t->data;
	if (!s->writer)
		return;   /* finish() ran: only clients reading their goodbye */
	dlog(DLOG_WARN, "%llu request(s) still running %d s after the signal: exiting "
	     "without them", (unsigned long long)s->busy, SHUTDOWN_MAX_MS / 1000);
	writer_stop(s->writer);
	s->writer = NULL;
	struct conn *next;
	for (struct conn *c = s->conns; c; c = next) {
		next = c->next;
		conn_drop(c, DSR_ELIMIT, "dossierd is shutting down");
	}
	admit_summary(s);
	dlog(DLOG_INFO, "stopped");
	_exit(0);
}

/* Everything in flight has been committed and answered: say goodbye. */
static void finish(struct server *s)
{
	dlog(DLOG_INFO, "in-flight work done; closing %u connection(s)", s->nconns);
	subs_pump_all(s);
	struct conn *next;
	for (struct conn *c = s->conns; c; c = next) {
		next = c->next;
		conn_goodbye(c, "dossierd is shutting down");
	}
	writer_stop(s->writer);
	s->writer = NULL;
	uv_close((uv_handle_t *)&s->sigint, NULL);
	uv_close((uv_handle_t *)&s->sigterm, NULL);
	uv_close((uv_handle_t *)&s->tick, NULL);
	uv_close((uv_handle_t *)&s->guard, NULL);
	uv_close((uv_handle_t *)&s->hard_stop, NULL);
	uv_timer_init(s->loop, &s->deadline);
	s->deadline.data = s;
	uv_timer_start(&s->deadline, on_deadline, SHUTDOWN_DRAIN_MS, 0);
	uv_unref((uv_handle_t *)&s->deadline);
}

void server_idle(struct server *s)
{
	if (--s->busy == 0 && s->stopping && s->writer)
		finish(s);
}

static void on_signal(uv_signal_t *h, int signum)
{
	struct server *s = h->data;
	if (s->stopping) {
		dlog(DLOG_WARN, "second signal: exiting now");
		_exit(1);
	}
	dlog(DLOG_INFO, "%s: shutting down (%llu request(s) in flight)",
	     signum == SIGINT ? "SIGINT" : "SIGTERM", (unsigned long long)s->busy);
	s->stopping = true;
	atomic_store(&s->cancel_all, 1);   /* running queries stop at their next item */
	listen_close(s);
	web_stop(s);
	peers_stop(s);
	pool_cancel_waiting(s);
	export_cancel_waiting();
	struct conn *next;
	for (struct conn *c = s->conns; c; c = next) {
		next = c->next;
		if (c->reading) {
			uv_read_stop(&c->h.stream);
			c->reading = false;
		}
		if (c->ostream) {   /* an export being sent */
			struct ostream *os = c->ostream;
			c->ostream = NULL;
			os->done(os, c);
		}
	}
	uv_timer_start(&s->hard_stop, on_hard_stop, SHUTDOWN_MAX_MS, 0);
	if (s->busy == 0)
		finish(s);
}

static void on_tick(uv_timer_t *t)
{
	struct server *s = t->data;
	uint64_t now = uv_now(s->loop);
	subs_check(s, now);
	struct conn *next;
	for (struct conn *c = s->conns; c; c = next) {
		next = c->next;
		if (c->drain_until_ms && now > c->drain_until_ms)
			conn_close(c);
	}
}

/* Handshake deadlines and the memory budget, four times a second (the
 * store's pages in our RSS are trim.c's thread's). */
static void on_guard(uv_timer_t *t)
{
	struct server *s = t->data;
	static uint64_t last;
	uint64_t now = uv_now(s->loop);
	if (last && now - last > 350)
		dlog(DLOG_DEBUG, "the loop was held up: %llu ms between two 250 ms ticks",
		     (unsigned long long)(now - last));
	last = now;
	admit_check(s, now);
	budget_check(s, now);
	conns_check_gone(s);
}

static void on_commit(void *arg, uint64_t log_end)
{
	struct server *s = arg;
	if (log_end > s->log_end)
		s->log_end = log_end;
	subs_pump_all(s);
	peers_on_commit(s);
}

static int check(const char *dir)
{
	dsr_store *st;
	dsr_store_opts o = { DSR_STORE_NOCREATE, 0 };
	int r = dsr_store_open(&st, dir, &o);
	if (r < 0) {
		fprintf(stderr, "dossierd: cannot open the store in %s: %s\n", dir,
			dsr_strerror(r));
		return 1;
	}
	uint8_t a[DSR_HASH_LEN], b[DSR_HASH_LEN];
	char ha[2 * DSR_HASH_LEN + 1], hb[2 * DSR_HASH_LEN + 1];
	uint64_t end = 0, end2;
	r = store_fingerprint(st, &end, a);
	if (r == 0)
		r = dsr_store_rebuild(st);
	if (r == 0)
		r = store_fingerprint(st, &end2, b);
	dsr_store_close(st);
	if (r < 0) {
		fprintf(stderr, "dossierd: check failed: %s\n", dsr_strerror(r));
		return 1;
	}
	dsr_hex(a, DSR_HASH_LEN, ha);
	dsr_hex(b, DSR_HASH_LEN, hb);
	printf("log_end %llu\ndigest %s\nrebuilt %s\n%s\n", (unsigned long long)end, ha,
	       hb, memcmp(a, b, DSR_HASH_LEN) ? "MISMATCH" : "ok");
	return memcmp(a, b, DSR_HASH_LEN) ? 1 : 0;
}

static uint64_t parse_u64(const char *opt, const char *s)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || *s == 0 || *end || *s == '-') {
		fprintf(stderr, "dossierd: %s wants a number, not '%s'\n", opt, s);
		exit(2);
	}
	return v;
}

/* A number from 1 to max. */
static uint64_t parse_pos(const char *opt, const char *s, uint64_t max)
{
	uint64_t v = parse_u64(opt, s);
	if (v < 1 || v > max) {
		fprintf(stderr, "dossierd: %s wants a number from 1 to %llu, not '%s'\n", opt,
			(unsigned long long)max, s);
		exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "data", required_argument, NULL, 'd' },
		{ "socket", required_argument, NULL, 's' },
		{ "socket-mode", required_argument, NULL, 'o' },
		{ "listen", required_argument, NULL, 'l' },
		{ "http", required_argument, NULL, 'w' },
		{ "http-max-conns", required_argument, NULL, 'x' },
		{ "web-login-ttl", required_argument, NULL, 'X' },
		{ "log-level", required_argument, NULL, 'L' },
		{ "sub-max-lag", required_argument, NULL, 'g' },
		{ "sub-stall", required_argument, NULL, 'S' },
		{ "no-sync", no_argument, NULL, 'n' },
		{ "no-kept-answers", no_argument, NULL, 'k' },
		{ "commit-max", required_argument, NULL, 'm' },
		{ "commit-linger", required_argument, NULL, 'G' },
		{ "trim", required_argument, NULL, 'T' },
		{ "trim-room", required_argument, NULL, 'R' },
		{ "release-idle", required_argument, NULL, 'E' },
		{ "check", no_argument, NULL, 'c' },
		{ "compact", no_argument, NULL, 'Z' },
		{ "peer", required_argument, NULL, 'P' },
		{ "allow-peer", required_argument, NULL, 'A' },
		{ "max-conns", required_argument, NULL, 'C' },
		{ "max-per-addr", required_argument, NULL, 'a' },
		{ "handshake-timeout", required_argument, NULL, 'H' },
		{ "conn-mem", required_argument, NULL, 'M' },
		{ "client-mem", required_argument, NULL, 'K' },
		{ "send-timeout", required_argument, NULL, 'W' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct config *cfg = &srv.cfg;
	bool do_check = false, do_compact = false;
	cfg->sub_max_lag = 1000000;
	cfg->sub_stall_ms = 300000;
	cfg->sub_high_water = 1u << 20;
	cfg->commit_max = 4096;
	cfg->socket_mode = 0600;
	cfg->commit_linger_us = 2000;
	cfg->trim_above = 16u << 20;
	cfg->trim_room = 160u << 20;
	cfg->release_idle_ms = 1000;
	cfg->page_default = 100;
	cfg->page_max = 10000;
	cfg->max_inflight = 256;
	cfg->max_per_addr = 64;
	cfg->http_max_conns = 256;
	cfg->web_login_ttl_ms = 60000;
	cfg->handshake_ms = 5000;
	cfg->conn_mem = 32u << 20;
	cfg->client_mem = 64u << 20;
	cfg->send_timeout_ms = 60000;
	int c;
	while ((c = getopt_long(argc, argv, "hV", opts, NULL)) != -1) {
		switch (c) {
		case 'd': cfg->data_dir = optarg; break;
		case 's': cfg->socket_path = optarg; break;
		case 'o':
			if (!strcmp(optarg, "0600") || !strcmp(optarg, "600")) {
				cfg->socket_mode = 0600;
			} else if (!strcmp(optarg, "0660") || !strcmp(optarg, "660")) {
				cfg->socket_mode = 0660;
			} else {
				fprintf(stderr, "dossierd: --socket-mode is 0600 or 0660, not '%s'\n",
					optarg);
				return 2;
			}
			break;
		case 'l': cfg->listen = optarg; break;
		case 'w': cfg->http = optarg; break;
		case 'X': cfg->web_login_ttl_ms = parse_pos("--web-login-ttl", optarg, 86400) * 1000; break;
		case 'x': cfg->http_max_conns = (unsigned)parse_pos("--http-max-conns", optarg, 1u << 20); break;
		case 'L':
			if (dlog_parse(optarg, &dlog_level) < 0) {
				fprintf(stderr, "dossierd: unknown log level '%s'\n", optarg);
				return 2;
			}
			break;
		case 'g': cfg->sub_max_lag = parse_u64("--sub-max-lag", optarg); break;
		case 'S': cfg->sub_stall_ms = parse_u64("--sub-stall", optarg) * 1000; break;
		case 'n': cfg->nosync = true; break;
		case 'k': cfg->no_answers = true; break;
		case 'm': cfg->commit_max = parse_u64("--commit-max", optarg); break;
		case 'T': cfg->trim_above = parse_u64("--trim", optarg) << 20; break;
		case 'R': cfg->trim_room = parse_u64("--trim-room", optarg) << 20; break;
		case 'E': cfg->release_idle_ms = parse_u64("--release-idle", optarg); break;
		case 'G': cfg->commit_linger_us = (unsigned)parse_u64("--commit-linger", optarg); break;
		case 'c': do_check = true; break;
		case 'Z': do_compact = true; break;
		case 'P': peers_option("peer", optarg); break;
		case 'A': peers_option("allow", optarg); break;
		case 'C': cfg->max_conns = (unsigned)parse_pos("--max-conns", optarg, 1u << 24); break;
		case 'a': cfg->max_per_addr = (unsigned)parse_pos("--max-per-addr", optarg, 1u << 24); break;
		case 'H': cfg->handshake_ms = parse_pos("--handshake-timeout", optarg, 3600) * 1000; break;
		case 'M': cfg->conn_mem = (size_t)parse_pos("--conn-mem", optarg, 1u << 20) << 20; break;
		case 'K': cfg->client_mem = (size_t)parse_pos("--client-mem", optarg, 1u << 20) << 20; break;
		case 'W': cfg->send_timeout_ms = parse_u64("--send-timeout", optarg) * 1000; break;
		case 'h': usage(stdout); return 0;
		case 'V': puts(DOSSIERD_VERSION); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "dossierd: unexpected argument '%s'\n", argv[optind]);
		usage(stderr);
		return 2;
	}
	char *data = cfg->data_dir ? xstrdup(cfg->data_dir) : default_data_dir();
	cfg->data_dir = data;
	if (do_check && do_compact) {
		fprintf(stderr, "dossierd: --check or --compact, not both\n");
		return 2;
	}
	if (do_check)
		return check(data);
	if (do_compact)
		return compact_store(data);

	/* Large buffers (answers, frames, exports) are mapped and unmapped,
	 * so memory given back is given back to the system: glibc would
	 * otherwise raise its threshold after the first free of one and keep
	 * the next ones on its heaps. */
	mallopt(M_MMAP_THRESHOLD, 256 << 10);
	admit_init(&srv);

	int r = mkdir_p(data);
	if (r < 0) {
		dlog(DLOG_ERROR, "cannot create %s: %s", data, strerror(-r));
		return 1;
	}
	dsr_store_opts so = { cfg->nosync ? DSR_STORE_NOSYNC : 0, 0 };
	uint64_t open_ns = mono_ns();
	r = dsr_store_open(&srv.store, data, &so);
	if (r == DSR_ELOCKED) {
		dlog(DLOG_ERROR, "%s is in use by another dossierd (or another program "
		     "holding the store); refusing to start", data);
		return 1;
	}
	if (r < 0) {
		dlog(DLOG_ERROR, "cannot open the store in %s: %s", data, dsr_strerror(r));
		return 1;
	}
	if (dsr_store_views_rebuilt(srv.store))
		dlog(DLOG_INFO, "the views in %s were written by an older dossierd: rebuilt "
		     "them from the log in %.1f s", data, (double)(mono_ns() - open_ns) / 1e9);
	char tokpath[4200];
	snprintf(tokpath, sizeof tokpath, "%s/token", data);
	srv.token = token_load_or_create(tokpath);
	if (!srv.token) {
		dlog(DLOG_ERROR, "cannot read or create %s: %s", tokpath, strerror(errno));
		dsr_store_close(srv.store);
		return 1;
	}
	if (peers_init(&srv) < 0) {
		dsr_store_close(srv.store);
		free(srv.token);
		return 1;
	}

	srv.loop = uv_default_loop();
	srv.start_ns = mono_ns();
	dsr_rtxn *t;
	if (dsr_rtxn_begin(srv.store, &t) == 0) {
		srv.log_end = dsr_log_end(t);
		dsr_rtxn_end(t);
	}
	if ((r = writer_start(srv.loop, srv.store, cfg->commit_max, cfg->commit_linger_us,
				cfg->release_idle_ms, &srv.writer)) < 0) {
		dlog(DLOG_ERROR, "cannot start the writer: %s", strerror(-r));
		dsr_store_close(srv.store);
		return 1;
	}
	writer_on_commit(srv.writer, on_commit, &srv);

	char sock[4200];
	if (cfg->socket_path)
		snprintf(sock, sizeof sock, "%s", cfg->socket_path);
	else
		snprintf(sock, sizeof sock, "%s/dossierd.sock", data);
	int code = 0;
	/* The Unix socket last: a client that can connect to it finds every
	 * listener up (svc_admission once reached the TCP port first). */
	if ((cfg->listen && listen_tcp(&srv, cfg->listen) < 0) ||
	    (cfg->http && web_start(&srv, cfg->http) < 0) || listen_unix(&srv, sock) < 0) {
		code = 1;
		listen_close(&srv);
		web_stop(&srv);
		writer_stop(srv.writer);
		goto out_loop;
	}
	uv_signal_init(srv.loop, &srv.sigint);
	uv_signal_init(srv.loop, &srv.sigterm);
	srv.sigint.data = srv.sigterm.data = &srv;
	uv_signal_start(&srv.sigint, on_signal, SIGINT);
	uv_signal_start(&srv.sigterm, on_signal, SIGTERM);
	uv_timer_init(srv.loop, &srv.tick);
	srv.tick.data = &srv;
	uv_timer_start(&srv.tick, on_tick, 1000, 1000);
	uv_timer_init(srv.loop, &srv.guard);
	srv.guard.data = &srv;
	uv_timer_start(&srv.guard, on_guard, 250, 250);
	uv_timer_init(srv.loop, &srv.hard_stop);
	srv.hard_stop.data = &srv;
	uv_unref((uv_handle_t *)&srv.hard_stop);
	signal(SIGPIPE, SIG_IGN);
	peers_start(&srv);
	trim_start(&srv);

	dlog(DLOG_INFO, "%s serving the store in %s (log end %llu)%s", DOSSIERD_VERSION,
	     data, (unsigned long long)srv.log_end,
	     cfg->nosync ? "; commits are NOT synced (--no-sync)" : "");
	uv_run(srv.loop, UV_RUN_DEFAULT);
	admit_summary(&srv);
	dlog(DLOG_INFO, "stopped");
out_loop:
	trim_stop();
	budget_close();
	uv_walk(srv.loop, close_walk, NULL);
	uv_run(srv.loop, UV_RUN_DEFAULT);
	uv_loop_close(srv.loop);
	dsr_store_close(srv.store);
	web_free(&srv);
	answers_clear(&srv.answers);
	answers_clear(&srv.web_answers);
	free(srv.token);
	free(data);
	return code;
}
