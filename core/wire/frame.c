/* frame.c: the incremental frame decoder (see frame.h). */
#include "frame.h"
#include "base/api.h"
#include "error.h"

#include <errno.h>
#include <string.h>

void dsr_frame_dec_init(dsr_frame_dec *d, uint32_t max)
{
	memset(d, 0, sizeof *d);
	d->max = max;
}

void dsr_frame_dec_free(dsr_frame_dec *d)
{
	dsr_buf_free(&d->in);
	d->off = 0;
}

void dsr_frame_dec_limit(dsr_frame_dec *d, uint32_t max)
{
	d->max = max;
}

void dsr_frame_header(uint8_t hdr[DSR_FRAME_HDR], uint32_t len)
{
	hdr[0] = (uint8_t)(len >> 24);
	hdr[1] = (uint8_t)(len >> 16);
	hdr[2] = (uint8_t)(len >> 8);
	hdr[3] = (uint8_t)len;
}

/* Drops consumed bytes once they are at least half the buffer, so a stream
 * of small frames does not grow the buffer and the copy is amortised. */
static void compact(dsr_frame_dec *d)
{
	if (d->off == 0)
		return;
	size_t left = d->in.len - d->off;
	if (left == 0) {
		d->in.len = 0;
		d->off = 0;
	} else if (d->off >= left) {
		memmove(d->in.data, d->in.data + d->off, left);
		d->in.len = left;
		d->off = 0;
	}
}

int dsr_frame_feed(dsr_frame_dec *d, const void *bytes, size_t n)
{
	if (d->err)
		return d->err;
	compact(d);
	if (n == 0)
		return 0;
	if (dsr_buf_append(&d->in, bytes, n))
		return -ENOMEM;
	return 0;
}

int dsr_frame_next(dsr_frame_dec *d, const uint8_t **body, size_t *len)
{
	if (d->err)
		return d->err;
	size_t left = d->in.len - d->off;
	if (left < DSR_FRAME_HDR)
		return 0;
	const uint8_t *p = d->in.data + d->off;
	uint32_t n = dsr__get_be32(p);
	/* The check comes before anything waits for (or buffers) the body. */
	if (n > d->max)
		return d->err = DSR_ETOOBIG;
	if (left - DSR_FRAME_HDR < n)
		return 0;
	*body = p + DSR_FRAME_HDR;
	*len = n;
	d->off += DSR_FRAME_HDR + (size_t)n;
	return 1;
}

size_t dsr_frame_pending(const dsr_frame_dec *d)
{
	return d->in.len - d->off;
}
