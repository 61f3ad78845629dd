/* exports.c: one export, timed as a client sees it: from the Export
 * request to its last chunk.  dossierd builds the document in one read
 * snapshot and streams it in chunks (daemon/request_export.c); the bytes
 * are counted and dropped, so the figure is the daemon's and the socket's,
 * not a disk's. */
#include "scale.h"

#include <poll.h>

/* The next frame on c before the deadline: 1, or 0 when it passed. */
static int frame_by(struct sb_conn *c, uint64_t deadline, const uint8_t **body, size_t *len)
{
	static uint8_t buf[1 << 16];
	for (;;) {
		int r = dsr_frame_next(&c->dec, body, len);
		if (r == 1)
			return 1;
		if (r < 0)
			sb_die("frame");
		uint64_t now = sb_now_ns();
		if (now >= deadline)
			return 0;
		struct pollfd p = { .fd = c->fd, .events = POLLIN };
		int pr = poll(&p, 1, (int)((deadline - now) / 1000000u) + 1);
		if (pr < 0 && errno == EINTR)
			continue;
		if (pr < 0)
			sb_die("poll");
		if (pr == 0)
			continue;
		ssize_t n = recv(c->fd, buf, sizeof buf, 0);
		if (n <= 0)
			sb_die("dossierd closed the connection");
		if (dsr_frame_feed(&c->dec, buf, (size_t)n) < 0)
			sb_die("frame");
	}
}

void sc_export_time(struct sb_conn *conn, const char *format, double timeout_s,
		    struct sc_xres *r)
{
	memset(r, 0, sizeof *r);
	r->format = format;
	Dpb__Export x = DPB__EXPORT__INIT;
	x.format = (char *)format;
	Dpb__Request rq = DPB__REQUEST__INIT;
	rq.body_case = DPB__REQUEST__BODY_EXPORT_KB;
	rq.export_kb = &x;
	uint64_t t0 = sb_now_ns();
	uint64_t id = sb_send(conn, &rq);
	uint64_t deadline = t0 + (uint64_t)(timeout_s * 1e9);
	for (;;) {
		size_t len;
		const uint8_t *b;
		if (!frame_by(conn, deadline, &b, &len)) {
			r->timed_out = true;
			snprintf(r->err, sizeof r->err, "no answer within %.0f s (%.1f MB received)",
				 timeout_s, (double)r->bytes / 1e6);
			break;
		}
		Dpb__Response *rs;
		if (dsr_wire_response(b, len, NULL, &rs) < 0)
			sb_die("export");
		if (rs->id != id && rs->id != 0) {
			dpb__response__free_unpacked(rs, NULL);
			continue;
		}
		if (rs->body_case != DPB__RESPONSE__BODY_EXPORT_CHUNK) {
			snprintf(r->err, sizeof r->err, "%s",
				 rs->body_case == DPB__RESPONSE__BODY_ERROR ? rs->error->message
									    : "unexpected answer");
			dpb__response__free_unpacked(rs, NULL);
			break;
		}
		r->bytes += rs->export_chunk->data.len;
		bool last = rs->export_chunk->last;
		dpb__response__free_unpacked(rs, NULL);
		if (last)
			break;
	}
	r->seconds = (double)(sb_now_ns() - t0) / 1e9;
}
