/* frame.h: length-prefixed frames on a byte stream.
 *
 * A frame is a 4-byte big-endian length followed by that many bytes (one
 * encoded message of proto/wire.proto).  The decoder is fed whatever bytes
 * arrived, in pieces of any size, and hands out complete frames; it checks
 * the length against a limit before buffering the body, so a peer cannot
 * make it allocate more than the limit.  It does no I/O and keeps no clock:
 * the daemon and the client each move the bytes (STYLE.md, rule 1).
 *
 * After the first error the decoder stays failed: the caller drops the peer
 * (STYLE.md, rule 6).
 */
#ifndef DOSSIER_FRAME_H
#define DOSSIER_FRAME_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

#define DSR_FRAME_HDR 4
/* Frames before the handshake: enough for a Hello, little to allocate. */
#define DSR_FRAME_MAX_HELLO (4u << 10)
/* Frames after it: an article at its largest (DSR_ARTICLE_MAX, 16 MiB),
 * its metadata and the protobuf overhead. */
#define DSR_FRAME_MAX ((16u << 20) + (64u << 10))

typedef struct dsr_frame_dec {
	dsr_buf in;        /* bytes received and not yet handed out */
	size_t off;        /* start of the unconsumed bytes in `in` */
	uint32_t max;      /* largest body accepted */
	int err;           /* 0, or the error that failed the stream */
} dsr_frame_dec;

/* Initialises a decoder accepting bodies of at most `max` bytes. */
void dsr_frame_dec_init(dsr_frame_dec *d, uint32_t max);
void dsr_frame_dec_free(dsr_frame_dec *d);
/* Changes the limit (after a handshake).  Frames already complete keep the
 * old check; a partial one is checked against the new limit. */
void dsr_frame_dec_limit(dsr_frame_dec *d, uint32_t max);

/* Appends received bytes.  Errors: -ENOMEM, or the decoder's earlier
 * error. */
int dsr_frame_feed(dsr_frame_dec *d, const void *bytes, size_t n);

/* Takes the next complete frame.  Returns 1 and sets *body and *len (borrowed:
 * valid until the next feed or free), 0 when more bytes are needed, or
 * DSR_ETOOBIG when the announced length exceeds the limit (the decoder is
 * then failed).  A zero-length body is a valid frame. */
int dsr_frame_next(dsr_frame_dec *d, const uint8_t **body, size_t *len);

/* Bytes buffered that do not yet make a frame (a truncated frame at the end
 * of a stream shows here). */
size_t dsr_frame_pending(const dsr_frame_dec *d);

/* Writes a frame header for a body of `len` bytes. */
void dsr_frame_header(uint8_t hdr[DSR_FRAME_HDR], uint32_t len);

#endif
