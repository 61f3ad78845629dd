/* server.h: dossierd's state and the interfaces between its parts.
 *
 * Threads: the libuv loop thread owns every connection, subscription and
 * this struct; the writer thread (writer.c) owns the store's write side and
 * talks to the loop only through its queue and a uv_async; thread-pool
 * workers (queries, ingest extraction) get a copy of what they need and hand
 * their result back through uv_queue_work's after-callback on the loop.
 */
#ifndef DOSSIERD_SERVER_H
#define DOSSIERD_SERVER_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <uv.h>

#include "answers.h"
#include "buf.h"
#include "frame.h"
#include "store.h"
#include "wire.h"

/* DOSSIER_VERSION: the project version, from CMake (daemon/CMakeLists.txt). */
#define DOSSIERD_VERSION "dossierd " DOSSIER_VERSION

struct conn;
struct sub;
struct writer;
struct addrtab;
struct addrent;
struct ostream;
struct web;

struct config {
	const char *data_dir;
	const char *socket_path;   /* NULL: DATA/dossierd.sock */
	unsigned socket_mode;      /* --socket-mode: 0600 or 0660 */
	const char *listen;        /* NULL: no TCP */
	const char *http;          /* --http [ADDR:]PORT; NULL: no web */
	unsigned http_max_conns;   /* HTTP connections at once */
	uint64_t web_login_ttl_ms; /* a login URL works this long */
	bool nosync;               /* --no-sync: benchmarks only */
	bool no_answers;           /* --no-kept-answers (benchmarks of queries) */
	size_t commit_max;         /* ops in one write transaction */
	unsigned commit_linger_us; /* longest wait for more to commit with */
	uint64_t sub_max_lag;      /* events; 0: no bound */
	uint64_t sub_stall_ms;     /* no progress for this long: dropped */
	size_t sub_high_water;     /* bytes in flight to one subscriber */
	uint32_t page_default, page_max;
	uint64_t trim_above;       /* file-backed RSS that triggers a trim
				    * (see trim.c); 0: never */
	uint64_t trim_room;        /* ... or, when larger, the room the
				    * daemon's own memory leaves under this */
	uint64_t release_idle_ms;  /* writer idle this long after writing: the
				    * store gives memory back; 0: never */
	unsigned max_inflight;     /* requests in flight per connection */
	/* Admission (admit.c). */
	unsigned max_conns;        /* TCP and Unix connections (Unix ones may
				    * go UNIX_RESERVE over); 0: from the
				    * descriptor limit */
	unsigned max_per_addr;     /* TCP connections from one address */
	uint64_t handshake_ms;     /* to say a good Hello, from accept */
	/* Memory (budget.c). */
	size_t conn_mem;           /* one connection's budget */
	size_t client_mem;         /* every connection's together */
	uint64_t send_timeout_ms;  /* answers unread this long: cut off */
};

/* Counters of what admission and the budgets refused (admit.c, budget.c),
 * logged rate-limited and summed up at exit. */
struct limit_stats {
	uint64_t accepted;
	uint64_t refused;          /* at accept: a cap reached, nothing to shed */
	uint64_t shed;             /* idle before their Hello, for a newcomer */
	uint64_t timed_out;        /* no Hello within the deadline */
	uint64_t cut;              /* over the memory budget, or not reading */
	uint64_t cancelled;        /* requests stopped: client gone, shutdown */
};

/* A line logged at most once a second; what happens in between is
 * counted and told with the next one. */
struct ratelog {
	uint64_t last_ms;
	uint64_t quiet;            /* events since the last line */
	char what[160];            /* the latest event's description */
};

struct server {
	uv_loop_t *loop;
	struct config cfg;
	dsr_store *store;
	struct writer *writer;
	char *token;               /* TCP clients must present it */
	char sock_path[512];
	dev_t sock_dev;            /* the socket file we bound: removed at */
	ino_t sock_ino;            /* exit only if it is still this one */

	uv_pipe_t unix_listener;
	uv_tcp_t tcp_listener;
	bool has_unix, has_tcp;
	uv_signal_t sigint, sigterm;
	uv_timer_t tick;           /* once a second: subscriber stalls */
	uv_timer_t deadline;       /* shutdown: clients that do not read */
	uv_timer_t hard_stop;      /* shutdown: work that does not stop */
	uv_timer_t guard;          /* 4 times a second: handshake deadlines,
				    * the memory budget, clients gone, the
				    * store's pages in our RSS */

	struct answers answers;    /* reads' answers at the store's version */
	struct answers web_answers; /* the same as the web API's JSON */
	struct kept *flights;      /* reads running that others wait for */

	struct conn *conns;        /* doubly linked, newest first */
	struct sub *subs;          /* every subscription */
	uint32_t nconns, nsubs;
	uint64_t next_conn_id;

	/* Admission (admit.c): TCP connections that have not yet said a
	 * good Hello, oldest first (the first shed), and per remote address
	 * its connections and their own such list. */
	struct conn *unauth_head, *unauth_tail;
	struct addrtab *addrs;
	struct limit_stats lim;
	struct ratelog log_refused, log_shed, log_timeout, log_cut;

	/* Memory (budget.c): bytes charged to every connection (subscription
	 * batches once), and of them those of connections already cut off
	 * (released as their writes are cancelled); the most there ever was;
	 * how many connections wait for room (wait_mem set). */
	size_t mem, mem_doomed;
	size_t mem_peak;
	uint32_t mem_waiters;

	/* Shutdown: every request's work stops at its next check. */
	atomic_int cancel_all;

	/* Work that will end in a commit or a reply: pool jobs and writer
	 * jobs.  Shutdown waits for it to reach zero. */
	uint64_t busy;
	bool stopping;
	int exit_code;

	struct web *web;           /* the web workspace (web.h); NULL without
				    * --http */

	uint64_t start_ns;
	uint64_t commits;          /* write transactions (writer updates) */
	uint64_t log_end;          /* after the last commit we heard of */
};

/* ---- conn.c --------------------------------------------------------------*/

/* A client connection.  Freed when its handle is closed and no pool or
 * writer job holds a reference. */
struct conn {
	union {
		uv_stream_t stream;
		uv_pipe_t pipe;
		uv_tcp_t tcp;
	} h;
	struct server *srv;
	struct conn *prev, *next;
	uint64_t id;
	int refs;
	bool tcp;
	bool web;                  /* the web server's own (webbridge.c) */
	bool authed;
	bool closing;              /* no more requests or replies */
	bool reading;
	bool want_close;           /* close once the queued writes are out */
	dsr_frame_dec dec;
	char *author;
	char peer[80];
	uint64_t since_ms;         /* accepted at (loop time) */
	/* After our last reply: reading and discarding until the client's
	 * end of stream, until this loop time at the latest (see on_shutdown
	 * in conn.c).  0: not draining. */
	uint64_t drain_until_ms;
	unsigned inflight;         /* requests not yet answered */
	size_t wq_bytes;           /* bytes handed to uv_write, not done */
	struct sub *sub;

	/* Admission (admit.c).  ent: its remote address's entry (TCP);
	 * uprev/unext link the server's list of TCP connections before
	 * their Hello (in_unauth), aprev/anext its address's such list. */
	struct addrent *ent;
	struct conn *uprev, *unext, *aprev, *anext;
	bool in_unauth;

	/* Memory (budget.c).  mem = the decoder's buffer + queued writes
	 * (shared batches included) + reservations of requests in flight;
	 * reserve: what the request being dispatched holds until its job
	 * takes it (conn_take_reserve).  pending: a request decoded but not
	 * started, waiting for room (pending_len: its frame's bytes, charged;
	 * pending_need: the bound on its answer, to reserve). */
	size_t mem, dec_mem, reserve;
	Dpb__Request *pending;
	size_t pending_len, pending_need;
	bool wait_mem;             /* waiting for the server's budget */
	bool cut;                  /* cut off: its memory counts as doomed */
	uint64_t progress_ms;      /* bytes last read, or written out */
	size_t written;            /* bytes it read of our answers (capped) */
	size_t last_wqs;           /* libuv's write queue at the last look */
	struct ostream *ostream;   /* an answer sent in pieces (export) */

	/* Set on the loop when the client is gone (closed, or ended its
	 * stream); read by pool threads (conn_cancelled, which also looks at
	 * the server's cancel_all): its queries stop. */
	atomic_int gone;
	unsigned pool_jobs;        /* its jobs running on the thread pool */
};

/* An answer sent in pieces as the client reads (request_export.c):
 * pump() queues the next piece(s) when the connection's queue is low;
 * done() frees it (when finished, or the connection closes). */
struct ostream {
	void (*pump)(struct ostream *os, struct conn *c);
	void (*done)(struct ostream *os, struct conn *c);
};

/* Bytes shared by several writes (a subscription batch sent to every
 * subscriber at the same position): freed with the last reference. */
struct chunk {
	int refs;
	struct server *srv;        /* charged to srv->mem while alive */
	uint64_t first, end;       /* log positions [first, end) it holds */
	size_t len;
	uint8_t data[];
};

void chunk_unref(struct chunk *ch);

void conn_accept(struct server *srv, uv_stream_t *listener, bool tcp);
/* Serves the socket fd (one end of the web server's socketpair,
 * webbridge.c) as a local client connection.  Returns it, or NULL when
 * admission refused it (fd then closed). */
struct conn *conn_adopt(struct server *srv, int fd);
void conn_ref(struct conn *c);
void conn_unref(struct conn *c);
/* Sends one Response frame.  Ignored once the connection is closing. */
void conn_send(struct conn *c, const Dpb__Response *rs);
/* Sends bytes already framed (taken over: freed when written). */
void conn_send_buf(struct conn *c, dsr_buf *b);
/* Sends a shared chunk, framed as the body `field` of a Response with
 * request id `id` (the frame header and id are written per connection, the
 * chunk's bytes are shared).  Its completion is reported to the
 * connection's subscription. */
void conn_send_chunk(struct conn *c, uint64_t id, uint32_t field, struct chunk *ch);
/* Replies to request `id` with an error. */
void conn_error(struct conn *c, uint64_t id, int code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Sends Error or Goodbye (id 0) and closes once it is written. */
void conn_fail(struct conn *c, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void conn_goodbye(struct conn *c, const char *reason);
/* A request finished: its reply is queued.  Resumes reading if paused. */
void conn_request_done(struct conn *c);
void conn_close(struct conn *c);
/* Starts what waited for room (budget.c). */
void conn_resume(struct conn *c);
/* Frees what the client sent that we still hold (cut off). */
void conn_free_input(struct conn *c);
/* Notices clients gone from connections not being read (guard timer). */
void conns_check_gone(struct server *srv);

/* ---- dispatch.c ----------------------------------------------------------*/

/* Handles one decoded request (takes ownership of rq). */
void dispatch(struct conn *c, Dpb__Request *rq);
/* The Welcome every handshake answers with: protocol, origin, version,
 * log end (a peer's adds its key, nonce and signature). */
void welcome_init(const struct server *srv, Dpb__Welcome *w);

/* ---- request_write.c / request_query.c -----------------------------------*/

void req_ingest(struct conn *c, Dpb__Request *rq);
void req_append(struct conn *c, Dpb__Request *rq);
void req_query(struct conn *c, Dpb__Request *rq);

/* A read-only request answered by `run` in a read snapshot of its own
 * (request_query.c): run leaves the framed reply in `out`, or returns an
 * error with an optional message in `msg`. */
struct qjob {
	uv_work_t work;
	struct conn *c;
	Dpb__Request *rq;
	struct server *srv;
	int (*run)(struct qjob *j, dsr_rtxn *t);
	dsr_buf out;
	int err;
	char msg[256];
	/* Loop-side figures for a status reply, captured before queueing. */
	double uptime;
	uint32_t clients, subs;
	uint64_t commits, releases;
	uint64_t reused, read;     /* answers kept: used, and not */
	size_t reserved;           /* budget held until the reply is queued */
	uint64_t version;          /* of the snapshot it read */
	struct kept *kept;         /* its key, and who waits for its answer
				    * (request_kept.c); NULL: not kept */
	bool cancelled;            /* stopped: the client is gone, or shutdown */
};
/* ---- request_kept.c: answers kept and shared (answers.h) --------------------*/

struct kept;
/* True for the reads whose answers are kept (answers.h): a function of the
 * query and the snapshot alone. */
bool answer_keepable(const Dpb__Request *rq);
/* Answers rq from the answer kept at the store's version, or makes it wait
 * for the same query already running at that version: true when it did
 * either (rq is taken).  Otherwise, for a keepable read, *lead holds its
 * key: the job that runs it keeps its answer by it (kept_land), and others
 * may wait for it once kept_fly() says it runs on the pool. */
bool kept_ask(struct conn *c, Dpb__Request *rq, struct kept **lead);
void kept_fly(struct server *srv, struct kept *lead);
/* The reply `out` of the query k was asked for, read at `version`: kept,
 * and sent to everyone waiting on k; then k is freed (NULL: nothing).  out
 * NULL: it failed, and they run for themselves. */
void kept_land(struct server *srv, struct kept *k, uint64_t version, const dsr_buf *out);
/* In request_query.c: runs a query (as req_query() after kept_ask()). */
void req_query_run(struct conn *c, Dpb__Request *rq, struct kept *lead);
struct qjob *qjob_new(struct conn *c, Dpb__Request *rq, int (*run)(struct qjob *, dsr_rtxn *));
/* Runs the job on the loop (cheap requests) or on the thread pool, then
 * sends the reply or the error and releases the request and the
 * connection's hold. */
void qjob_start(struct qjob *j, bool on_loop);
/* For run(): true once the job should stop (checked between items). */
bool qjob_cancelled(struct qjob *j);

/* ---- webauth.c: `dossier web`'s one-time login URL ------------------------*/

void req_web_login(struct conn *c, Dpb__Request *rq);

/* ---- request_curation.c / request_export.c -------------------------------*/

/* Why, conflicts and resolve. */
void req_curation(struct conn *c, Dpb__Request *rq);
/* Export: answered by a stream of ExportChunk responses. */
void req_export(struct conn *c, Dpb__Request *rq);
/* Shutdown: exports not yet built end, cancelled. */
void export_cancel_waiting(void);

/* ---- subscribe.c ---------------------------------------------------------*/

void req_subscribe(struct conn *c, Dpb__Request *rq);
/* New events were committed: feed every subscriber that has room. */
void subs_pump_all(struct server *srv);
/* Called by conn.c when a write of n bytes holding the events before
 * position `end` to a subscriber's connection completed. */
void sub_written(struct sub *s, size_t n, uint64_t end);
void sub_free(struct sub *s);
/* Checks lag and stalls (from the tick timer). */
void subs_check(struct server *srv, uint64_t now_ms);

/* ---- listen.c ------------------------------------------------------------*/

int listen_unix(struct server *srv, const char *path);
int listen_tcp(struct server *srv, const char *spec);
/* PORT (the loopback), ADDR:PORT or [ADDR]:PORT into ss.  Returns 0 or
 * -EINVAL. */
struct sockaddr_storage;
int listen_parse_addr(const char *spec, struct sockaddr_storage *ss);
void listen_close(struct server *srv);

/* ---- admit.c -------------------------------------------------------------*/

/* Raises the descriptor limit and sets cfg.max_conns from it when 0. */
void admit_init(struct server *srv);
/* A connection was accepted: admits it (maybe shedding another for it)
 * or refuses it (closed at once).  Returns true when admitted. */
bool admit_conn(struct conn *c);
/* The connection said a good Hello: no longer sheddable. */
void admit_authed(struct conn *c);
/* An HTTP connection would be the n-th open one: whether the caps (all
 * connections, and cfg.http_max_conns) leave room for it. */
bool admit_http(struct server *srv, unsigned n);
/* The connection closes: drops it from the lists. */
void admit_forget(struct conn *c);
/* Handshake deadlines; flushes the rate-limited lines. */
void admit_check(struct server *srv, uint64_t now_ms);
/* Logs fmt at most once a second per ratelog. */
void ratelog(struct server *srv, struct ratelog *r, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void ratelog_flush(struct server *srv, struct ratelog *r);
/* The totals, logged at exit. */
void admit_summary(struct server *srv);
/* Sends an Error frame if the socket takes it now, and closes at once
 * (connections shed or cut off whose queue may never drain). */
void conn_drop(struct conn *c, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* ---- budget.c ------------------------------------------------------------*/

/* Changes a connection's charge by delta bytes; `shared`: bytes counted
 * for the server once elsewhere (subscription batches). */
void budget_charge(struct conn *c, long long delta, bool shared);
/* Whether a request needing `need` bytes may start on c now; when the
 * server's budget is what stops it, the largest stalled connections are
 * cut off first, and c waits (wait_mem) if that is not enough. */
bool budget_fits(struct conn *c, size_t need);
/* A subscription batch of delta bytes was made (or freed, negative). */
void budget_chunk(struct server *srv, long long delta);
/* Closes budget.c's loop handle (at exit). */
void budget_close(void);
/* The server is over its budget: cut off the largest stalled holders. */
void budget_enforce(struct server *srv);
/* Room was released: connections waiting for it resume. */
void budget_released(struct server *srv);
/* Cuts off connections that read nothing of their answers for too long. */
void budget_check(struct server *srv, uint64_t now_ms);
/* The bytes an answer to rq may take (a bound, not a measure). */
size_t budget_answer(const struct server *srv, const Dpb__Request *rq, size_t frame_len);
/* The request being dispatched on c: its reservation, now the caller's
 * to release with budget_release() when its answer is queued. */
size_t conn_take_reserve(struct conn *c);
void budget_release(struct conn *c, size_t n);

/* ---- pool.c --------------------------------------------------------------*/

/* Queries and exports on the thread pool: at most all threads but one at
 * a time (ingest's extraction always has one), `big` ones (long answers,
 * exports) one fewer still, at most POOL_PER_CONN per connection; the
 * others wait, fairly between connections.  A job whose connection is gone
 * by its turn does not run: after(work, UV_ECANCELED). */
void pool_submit(struct conn *c, uv_work_t *work, uv_work_cb fn, uv_after_work_cb after,
		 bool big);
/* Ends waiting jobs whose connection is gone and starts others in freed
 * slots (a connection closed: its waiting jobs end at once). */
void pool_kick(void);
/* Shutdown: jobs waiting their turn end now, cancelled. */
void pool_cancel_waiting(struct server *srv);
/* True when c's requests should stop (client gone, or shutdown); safe on
 * any thread. */
bool conn_cancelled(struct conn *c);

/* ---- compact.c -----------------------------------------------------------*/

/* `dossierd --compact`: rewrites the store in dir without its free pages,
 * each table's pages in key order, checked against the original before it
 * replaces it.  Prints what it did; returns the exit status (0 or 1). */
int compact_store(const char *dir);
/* The store's log end and its views' digest, in one snapshot (--check
 * and --compact compare them). */
int store_fingerprint(dsr_store *st, uint64_t *end, uint8_t digest[DSR_HASH_LEN]);

/* ---- trim.c --------------------------------------------------------------*/

/* Drops the store file's pages from the daemon's page tables when its
 * file-backed RSS exceeds cfg.trim_above (see trim.c).  Safe on any
 * thread: it reads in a transaction of its own (the store is MDB_NOTLS). */
void server_trim(struct server *srv);
/* Starts and stops the thread that calls it every 10 ms (at start-up and
 * exit). */
void trim_start(struct server *srv);
void trim_stop(void);

/* ---- main.c --------------------------------------------------------------*/

/* Work that will end in a reply or commit starts / ends (see busy). */
void server_busy(struct server *srv);
void server_idle(struct server *srv);

#endif
