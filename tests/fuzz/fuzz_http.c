/* fuzz_http.c: libFuzzer harness for the daemon's HTTP request parsing
 * (daemon/httpparse.c).  The first byte picks how the rest is cut into
 * feeds (a TCP stream arrives in pieces of any size); every complete
 * request's path and query are read the way the web API reads them, and
 * pipelined requests follow one another until an error or the end. */
#include "httpparse.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int count(const char *name, size_t n, void *ctx)
{
	(void)name;
	*(size_t *)ctx += n;
	return 0;
}

static void use(const struct hp_req *rq)
{
	char v[256];
	size_t names = 0;
	if (!rq->path || rq->path[0] != '/' || !rq->query)
		abort();   /* a complete request always has both */
	if (strlen(rq->path) > HP_URL_MAX || rq->body.len > HP_BODY_MAX)
		abort();
	(void)hp_param(rq->query, "about", v, sizeof v);
	(void)hp_param(rq->query, "t", v, 4);
	hp_each_param(rq->query, count, &names);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	size_t step = (size_t)(data[0] % 29) + 1;
	data++, size--;
	struct hp h;
	hp_init(&h);
	for (size_t off = 0; off < size;) {
		size_t n = size - off < step ? size - off : step;
		size_t used = hp_feed(&h, (const char *)data + off, n);
		if (used > n)
			abort();
		off += used;
		if (h.status) {
			if (h.status < 400 || h.status > 503 || !h.why)
				abort();
			hp_next(&h);   /* as the daemon answers, then resets */
			if ((data[0] & 0x80) && used)
				continue;  /* and parse on, as a new stream */
			break;
		}
		if (h.done) {
			use(&h.rq);
			hp_next(&h);
		} else if (used < n) {
			break;   /* the parser stopped short without saying why */
		}
	}
	hp_free(&h);
	return 0;
}
