/* httpparse.h: bytes from a browser into HTTP/1.1 requests, with limits
 * (httpparse.c, on Debian's libhttp-parser).  No libuv here: the fuzz
 * harness (tests/fuzz/fuzz_http.c) links this file alone. */
#ifndef DOSSIERD_HTTPPARSE_H
#define DOSSIERD_HTTPPARSE_H

#include <http_parser.h>
#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

/* The request line and headers together (431 past it; the request target
 * alone: 414), and a body (413). */
#define HP_HEADER_MAX (16u << 10)
#define HP_URL_MAX (8u << 10)
#define HP_BODY_MAX (1u << 20)
/* The longest value kept of a header of interest; a longer one is 431. */
#define HP_VALUE_MAX 4096

/* The headers the daemon reads; the others are skipped (but counted). */
enum hp_header {
	HP_H_COOKIE, HP_H_CSRF, HP_H_LAST_EVENT_ID, HP_H_IF_NONE_MATCH,
	HP_H_CONTENT_TYPE, HP_H_ORIGIN, HP_H_SEC_FETCH_SITE,
	HP_H_COUNT
};

/* One request.  Strings are NUL-terminated and owned by the parser: valid
 * until hp_next() or hp_free(). */
struct hp_req {
	enum http_method method;
	char *path;                /* percent-decoded, starts with '/' */
	char *query;               /* raw, without '?' ("" when none) */
	char *hdr[HP_H_COUNT];     /* NULL when absent */
	dsr_buf body;
	bool keep_alive;
};

struct hp {
	http_parser p;
	struct hp_req rq;
	dsr_buf url;
	dsr_buf field, value;      /* the header being read */
	bool in_value;
	bool field_long;           /* the name is longer than any of ours */
	size_t head_bytes;         /* request line and headers so far */
	bool started;              /* bytes of a request arrived */
	bool done;                 /* rq holds a complete request */
	int status;                /* > 0: the request is refused with it
				    * (400, 413, 414, 431), and the
				    * connection ends after the answer */
	const char *why;           /* a phrase saying why (static) */
};

void hp_init(struct hp *h);
void hp_free(struct hp *h);
/* Feeds n bytes; returns how many it took.  Stops after a complete request
 * (done: the rest is the next request's, pipelined) or an error (status);
 * feed the rest after hp_next(). */
size_t hp_feed(struct hp *h, const char *p, size_t n);
/* Forgets the request (or the error), ready for the next one. */
void hp_next(struct hp *h);

/* The query parameter `name` of `query`, percent-decoded ('+' is a space),
 * into out (cap bytes, NUL-terminated).  Returns its length, -1 when
 * absent, -2 when longer than cap - 1 or badly escaped or holding NUL. */
int hp_param(const char *query, const char *name, char *out, size_t cap);
/* Percent-decodes n bytes of s in place (NUL-terminated after).  `plus`:
 * '+' means a space.  Returns the length, or -1 (bad escape, or NUL). */
int hp_unescape(char *s, size_t n, bool plus);
/* Calls fn for every parameter name of query (as written, not decoded);
 * stops at fn's first non-zero return and returns it. */
int hp_each_param(const char *query, int (*fn)(const char *name, size_t n, void *ctx),
		  void *ctx);

#endif
