/* svcbench.h: what the service benchmarks share: a blocking client of the
 * dossier protocol (or of the baseline's bare frames), note events to
 * append, clocks and percentiles.  Header-only so each benchmark is one
 * program. */
#ifndef DOSSIER_SVCBENCH_H
#define DOSSIER_SVCBENCH_H

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "error.h"
#include "frame.h"
#include "wire.h"

static inline uint64_t sb_now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static inline void sb_die(const char *what)
{
	fprintf(stderr, "bench: %s: %s\n", what, strerror(errno));
	exit(1);
}

struct sb_conn {
	int fd;
	dsr_frame_dec dec;
	uint64_t id;
};

static inline void sb_connect(struct sb_conn *c, const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	snprintf(sa.sun_path, sizeof sa.sun_path, "%s", path);
	c->fd = socket(AF_UNIX, SOCK_STREAM, 0);
	for (int i = 0; i < 200; i++) {
		if (connect(c->fd, (struct sockaddr *)&sa, sizeof sa) == 0)
			break;
		if (i == 199)
			sb_die(path);
		usleep(20000);
	}
	dsr_frame_dec_init(&c->dec, DSR_FRAME_MAX);
	c->id = 0;
}

static inline void sb_write(struct sb_conn *c, const void *p, size_t n)
{
	const uint8_t *b = p;
	while (n) {
		ssize_t w = send(c->fd, b, n, MSG_NOSIGNAL);
		if (w <= 0)
			sb_die("send");
		b += w;
		n -= (size_t)w;
	}
}

/* Next frame body (borrowed until the next call), or NULL at EOF. */
static inline const uint8_t *sb_frame(struct sb_conn *c, size_t *len)
{
	static __thread uint8_t buf[1 << 16];
	for (;;) {
		const uint8_t *body;
		int r = dsr_frame_next(&c->dec, &body, len);
		if (r == 1)
			return body;
		if (r < 0)
			sb_die("frame");
		ssize_t n = recv(c->fd, buf, sizeof buf, 0);
		if (n <= 0)
			return NULL;
		dsr_frame_feed(&c->dec, buf, (size_t)n);
	}
}

static inline Dpb__Response *sb_recv(struct sb_conn *c)
{
	size_t len;
	const uint8_t *b = sb_frame(c, &len);
	Dpb__Response *rs;
	if (!b || dsr_wire_response(b, len, NULL, &rs) < 0)
		sb_die("recv");
	return rs;
}

static inline uint64_t sb_send(struct sb_conn *c, Dpb__Request *rq)
{
	dsr_buf b = DSR_BUF_INIT;
	rq->id = ++c->id;
	if (dsr_wire_put(&b, &rq->base) < 0)
		sb_die("encode");
	sb_write(c, b.data, b.len);
	dsr_buf_free(&b);
	return rq->id;
}

static inline void sb_hello(struct sb_conn *c)
{
	Dpb__Hello h = DPB__HELLO__INIT;
	h.version = DSR_PROTOCOL_VERSION;
	h.client = "bench";
	h.author = "bench";
	Dpb__Request rq = DPB__REQUEST__INIT;
	rq.body_case = DPB__REQUEST__BODY_HELLO;
	rq.hello = &h;
	sb_send(c, &rq);
	Dpb__Response *rs = sb_recv(c);
	if (rs->body_case != DPB__RESPONSE__BODY_WELCOME) {
		fprintf(stderr, "bench: handshake refused\n");
		exit(1);
	}
	dpb__response__free_unpacked(rs, NULL);
}

/* n note events (text "TAG <ns>") appended as one request, pipelined: the
 * caller reads the answer later.  Returns the request id. */
static inline uint64_t sb_send_notes(struct sb_conn *c, size_t n, const char *tag,
				     uint64_t stamp, size_t pad)
{
	Dpb__Event *evs = calloc(n, sizeof *evs);
	Dpb__NoteAdded *notes = calloc(n, sizeof *notes);
	Dpb__Event **ptrs = calloc(n, sizeof *ptrs);
	char **texts = calloc(n, sizeof *texts);
	for (size_t i = 0; i < n; i++) {
		dpb__event__init(&evs[i]);
		dpb__note_added__init(&notes[i]);
		notes[i].target_kind = DPB__TARGET_KIND__TARGET_ACTOR;
		notes[i].target_name = "Sony Pictures";
		texts[i] = malloc(pad + 64);
		int k = snprintf(texts[i], 64, "%s %llu %zu ", tag, (unsigned long long)stamp, i);
		memset(texts[i] + k, 'x', pad);
		texts[i][k + (int)pad] = 0;
		notes[i].text = texts[i];
		evs[i].payload_case = DPB__EVENT__PAYLOAD_NOTE;
		evs[i].note = &notes[i];
		ptrs[i] = &evs[i];
	}
	Dpb__Append a = DPB__APPEND__INIT;
	a.local = ptrs;
	a.n_local = n;
	Dpb__Request rq = DPB__REQUEST__INIT;
	rq.body_case = DPB__REQUEST__BODY_APPEND;
	rq.append = &a;
	uint64_t id = sb_send(c, &rq);
	for (size_t i = 0; i < n; i++)
		free(texts[i]);
	free(texts);
	free(ptrs);
	free(notes);
	free(evs);
	return id;
}

static int sb_cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* Sorts v and returns its q-quantile (0..1). */
static inline uint64_t sb_quantile(uint64_t *v, size_t n, double q)
{
	if (!n)
		return 0;
	qsort(v, n, sizeof *v, sb_cmp_u64);
	size_t i = (size_t)(q * (double)(n - 1) + 0.5);
	return v[i];
}

#endif
