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

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <uv.h>

#include "buf.h"
#include "frame.h"
#include "store.h"
#include "wire.h"

#define DOSSIERD_VERSION "dossierd 0.1.0"

struct conn;
struct sub;
struct writer;

struct config {
	const char *data_dir;
	const char *socket_path;   /* NULL: DATA/dossierd.sock */
	const char *listen;        /* NULL: no TCP */
	bool nosync;               /* --no-sync: benchmarks only */
	size_t commit_max;         /* ops in one write transaction */
	unsigned commit_linger_us; /* longest wait for more to commit with */
	uint64_t sub_max_lag;      /* events; 0: no bound */
	uint64_t sub_stall_ms;     /* no progress for this long: dropped */
	size_t sub_high_water;     /* bytes in flight to one subscriber */
	uint32_t page_default, page_max;
	uint64_t trim_above;       /* file-backed RSS that triggers a trim
				    * (see trim.c); 0: never */
	unsigned max_inflight;     /* requests in flight per connection */
	size_t max_wq_bytes;       /* unsent response bytes before we stop
				    * reading that client's requests */
};

struct server {
	uv_loop_t *loop;
	struct config cfg;
	dsr_store *store;
	struct writer *writer;
	char *token;               /* TCP clients must present it */
	char sock_path[512];

	uv_pipe_t unix_listener;
	uv_tcp_t tcp_listener;
	bool has_unix, has_tcp;
	uv_signal_t sigint, sigterm;
	uv_timer_t tick;           /* once a second: subscriber stalls */
	uv_timer_t deadline;       /* shutdown: clients that do not read */

	struct conn *conns;        /* doubly linked, newest first */
	struct sub *subs;          /* every subscription */
	uint32_t nconns, nsubs;
	uint64_t next_conn_id;

	/* Work that will end in a commit or a reply: pool jobs and writer
	 * jobs.  Shutdown waits for it to reach zero. */
	uint64_t busy;
	bool stopping;
	int exit_code;

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
};

/* Bytes shared by several writes (a subscription batch sent to every
 * subscriber at the same position): freed with the last reference. */
struct chunk {
	int refs;
	uint64_t first, end;       /* log positions [first, end) it holds */
	size_t len;
	uint8_t data[];
};

void chunk_unref(struct chunk *ch);

void conn_accept(struct server *srv, uv_stream_t *listener, bool tcp);
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
	uint64_t commits;
};
struct qjob *qjob_new(struct conn *c, Dpb__Request *rq, int (*run)(struct qjob *, dsr_rtxn *));
/* Runs the job on the loop (cheap requests) or on the thread pool, then
 * sends the reply or the error and releases the request and the
 * connection's hold. */
void qjob_start(struct qjob *j, bool on_loop);

/* ---- request_curation.c / request_export.c -------------------------------*/

/* Why, conflicts and resolve. */
void req_curation(struct conn *c, Dpb__Request *rq);
/* Export: answered by a stream of ExportChunk responses. */
void req_export(struct conn *c, Dpb__Request *rq);

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
void listen_close(struct server *srv);

/* ---- trim.c --------------------------------------------------------------*/

/* Drops the store file's pages from the daemon's page tables when its
 * file-backed RSS exceeds cfg.trim_above (see trim.c). */
void server_trim(struct server *srv);

/* ---- main.c --------------------------------------------------------------*/

/* Work that will end in a reply or commit starts / ends (see busy). */
void server_busy(struct server *srv);
void server_idle(struct server *srv);

#endif
