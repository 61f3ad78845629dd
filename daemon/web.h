/* web.h: the web workspace inside dossierd (docs/web.md): an HTTP/1.1
 * server on the daemon's loop that serves the pages built into the binary
 * and a JSON API.  It holds no query or curation of its own: every API call
 * becomes the Request a `dossier` command sends, on a local connection of
 * the request path (webbridge.c), and its Response becomes JSON by the
 * descriptors (core/pbjson.h).
 *
 * Files: http.c (listener, connections, responses, limits), httpparse.c
 * (bytes into requests; no libuv), webauth.c (login, sessions, CSRF),
 * webbridge.c (the local connections), webapi.c (reads and exports),
 * webwrite.c (curation writes), websse.c (the live stream), webstatic.c
 * (the files of daemon/web/, embedded at build time). */
#ifndef DOSSIERD_WEB_H
#define DOSSIERD_WEB_H

#include "server.h"
#include "httpparse.h"
#include "validate.h"

/* Sessions and one-time login tokens (webauth.c). */
#define WEB_SESSION_MAX 256         /* the oldest goes past it */
#define WEB_SESSION_IDLE_MS (12ull * 3600 * 1000)
#define WEB_LOGIN_MAX 64            /* login URLs not yet used */
/* A request must arrive whole within this of its first byte (408), and a
 * connection between requests may idle this long. */
#define WEB_REQUEST_MS 10000
#define WEB_IDLE_MS 60000
/* Unsent bytes to one browser: past it an export stops reading its answer
 * until the browser catches up; a live stream is reset and closed. */
#define WEB_WQ_HIGH (1u << 20)
#define WEB_SSE_MAX (256u << 10)
#define WEB_HEARTBEAT_MS 15000

struct session {
	char id[65];                /* hex: the cookie */
	char csrf[65];              /* hex: X-CSRF-Token */
	char analyst[DSR_AUTHOR_MAX + 1];
	uint64_t last_ms;
};

struct bridge;
struct hconn;

struct web {
	struct server *srv;
	uv_tcp_t listener;
	bool listening;
	char host[64];              /* as the login URL gives it */
	int port;
	struct hconn *conns;
	unsigned nconns;
	uv_timer_t tick;            /* deadlines, heartbeats */
	struct session *sess;       /* WEB_SESSION_MAX of them; id[0] == 0: free */
	struct logintok *logins;    /* WEB_LOGIN_MAX */
	uint64_t served, refused;
};

/* An HTTP connection.  One request at a time: the next is read once the
 * answer to this one is queued (or, for a stream, when it ends). */
enum hstate { H_READ, H_WAIT, H_STREAM, H_CLOSING };

struct hconn {
	uv_tcp_t tcp;
	struct web *w;
	struct hconn *prev, *next;
	struct hp hp;
	dsr_buf in;                 /* bytes read; those from in_off on are */
	size_t in_off;              /* not yet parsed */
	bool processing;            /* in process(): answers return to it */
	enum hstate st;
	bool keep_alive;            /* of the request being answered */
	bool head;                  /* HEAD: headers only */
	bool reading;
	bool lingering;             /* closing: our side is shut */
	uint64_t closing_ms;        /* since when it is closing */
	uint64_t first_byte_ms;     /* of the request being read; 0: none */
	uint64_t last_ms;           /* last read or write */
	size_t wq_bytes;            /* handed to uv_write, not written yet */
	struct session *sess;       /* of the request being answered */
	struct bridge *br;          /* its local connection, or NULL */
	char br_author[DSR_AUTHOR_MAX + 1];
	/* The request(s) being answered through the bridge: ids want_first
	 * to want_id (several for GET /api/article). */
	uint64_t want_first, want_id;
	void *multi;                /* their answers so far (webapi.c) */
	void *pending;              /* a write checking its names (webwrite.c) */
	void (*on_answer)(struct hconn *h, Dpb__Response *rs);
	/* Instead of on_answer when set: the answer's frame, undecoded. */
	void (*on_raw)(struct hconn *h, uint64_t id, const uint8_t *body, size_t len);
	const void *row;            /* the API table's row */
	char act[32];               /* a write: its name */
	/* Streams: an export (chunked body) or the live stream. */
	bool sse, chunked;
	uint64_t sse_last;          /* last position sent */
	uint64_t hb_ms;             /* last heartbeat or event */
	int refs;                   /* render jobs holding it (webapi.c) */
	dsr_buf akey;               /* a read whose answer may be kept: its */
	uint64_t aver;              /* key and the store's version when asked */
	uint64_t nreq;              /* requests answered: a render job answers
				    * only the request it was started for */
	bool closed;                /* its handle is closed: freed at refs 0 */
};

/* ---- http.c ---------------------------------------------------------------*/

int web_start(struct server *srv, const char *spec);
/* Stops listening and closes the connections (shutdown). */
void web_stop(struct server *srv);
/* Frees what is left, after the loop ended. */
void web_free(struct server *srv);
/* Queues a whole answer: status, the security headers, Content-Type (NULL:
 * none), `extra` header lines (each ending "\r\n", or NULL), the body.
 * Then reads the next request, or closes if the request said so. */
void http_respond(struct hconn *h, int status, const char *ctype, const char *extra,
		  const void *body, size_t len);
/* http_respond with the body's buffer taken over (not copied). */
void http_respond_buf(struct hconn *h, int status, const char *ctype, dsr_buf *body);
/* {"error": msg, "code": code} with the status. */
void http_error(struct hconn *h, int status, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Starts a streamed answer (chunked, or an event stream when sse): headers
 * only; then http_stream_write, and http_stream_end. */
void http_stream_begin(struct hconn *h, int status, const char *ctype, const char *extra);
void http_stream_write(struct hconn *h, const void *p, size_t n);
void http_stream_end(struct hconn *h);
/* Closes the connection (after what is queued when `flush`). */
void http_close(struct hconn *h, bool flush);
/* Writes bytes now if the socket takes them, else drops them (a reset
 * notice to a browser whose queue is full). */
void http_try_write(struct hconn *h, const char *p, size_t n);
/* Sends rq on the connection's bridge (opened, as its session's analyst,
 * when needed); on_answer then gets the Response with its id (several for
 * a stream).  Returns false after answering an error itself. */
bool http_ask(struct hconn *h, Dpb__Request *rq, void (*on_answer)(struct hconn *, Dpb__Response *));
/* http_ask with the answer's frame undecoded. */
bool http_ask_raw(struct hconn *h, Dpb__Request *rq,
		  void (*on_raw)(struct hconn *, uint64_t, const uint8_t *, size_t));
/* A render job lets go of h (freed if it closed meanwhile); true when h is
 * still open. */
bool http_unref(struct hconn *h);
/* After http_ask: one more request whose answer goes to the same
 * on_answer (pipelined on the bridge). */
bool http_ask_more(struct hconn *h, Dpb__Request *rq);
/* HTTP status and code name for a daemon error code. */
int http_status_of(int err, const char **code);

/* ---- webbridge.c ----------------------------------------------------------*/

/* A local connection to the request path, as `author`: every Response
 * frame (the Welcome aside) is handed to on_frame with ctx and its request
 * id, undecoded (valid during the call); body NULL: the connection ended. */
struct bridge *bridge_open(struct server *srv, const char *author,
			   void (*on_frame)(void *ctx, uint64_t id, const uint8_t *body, size_t len),
			   void *ctx);
/* Sends rq with a new id, returned (0: the bridge is down). */
uint64_t bridge_send(struct bridge *b, Dpb__Request *rq);
/* Stops or resumes reading answers (a browser that does not keep up). */
void bridge_pause(struct bridge *b, bool paused);
/* Closes; on_response is not called again. */
void bridge_close(struct bridge *b);

/* ---- webauth.c ------------------------------------------------------------*/

void webauth_init(struct web *w);
void webauth_free(struct web *w);
/* A new one-time login token for `analyst` into tok (65 bytes). */
int webauth_login_token(struct web *w, const char *analyst, char tok[65], uint64_t now_ms);
/* GET /login?t=TOKEN. */
void webauth_login(struct hconn *h, const struct hp_req *rq);
/* The request's session (by its cookie), or NULL. */
struct session *webauth_session(struct web *w, const struct hp_req *rq, uint64_t now_ms);
/* Whether the request carries the session's CSRF token. */
bool webauth_csrf_ok(const struct session *s, const struct hp_req *rq);
/* GET /api/session. */
void webauth_describe(struct hconn *h);

/* ---- webapi.c / webwrite.c / websse.c / webstatic.c -----------------------*/

/* Frees what a request's several answers left (h->multi). */
void webapi_forget(struct hconn *h);
/* GET /api/NAME: false when NAME is no read of the table. */
bool webapi_get(struct hconn *h, const char *name, const struct hp_req *rq);
/* Frees a write that did not go out (h->pending). */
void webwrite_forget(struct hconn *h);
/* POST /api/NAME: false when NAME is no write of the table. */
bool webwrite_post(struct hconn *h, const char *name, const struct hp_req *rq);
/* GET /api/events. */
void websse_start(struct hconn *h, const struct hp_req *rq);
/* The stream's heartbeat, when due. */
void websse_tick(struct hconn *h, uint64_t now_ms);
/* Answers GET/HEAD of an embedded file; false when there is none. */
bool webstatic_get(struct hconn *h, const char *path, const struct hp_req *rq);

#endif
