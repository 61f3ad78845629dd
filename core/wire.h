/* wire.h: encoding and checking the messages of proto/wire.proto.
 *
 * The daemon and the client both speak through these functions, so that a
 * frame is checked in exactly one place (STYLE.md, rule 6): a body that does
 * not decode as the expected envelope is an error for the whole connection.
 * A body that decodes but carries a oneof case this side does not know (a
 * newer peer) is not: it decodes with body_case NOT_SET, and the receiver
 * answers that one request with an error and carries on.
 */
#ifndef DOSSIER_WIRE_H
#define DOSSIER_WIRE_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "proto/wire.pb-c.h"

/* The protocol version this tree speaks (from proto/wire.proto). */
#define DSR_PROTOCOL_VERSION DPB__PROTOCOL__PROTOCOL_VERSION

/* Appends one frame (header and body) holding `msg` to `b`.
 * Errors: -ENOMEM, DSR_ETOOBIG (the body would exceed DSR_FRAME_MAX). */
int dsr_wire_put(dsr_buf *b, const ProtobufCMessage *msg);

/* Decodes a frame body as a Request / Response.  `alloc` may be NULL (the
 * default allocator); the result is freed with dpb__request__free_unpacked
 * (or dpb__response__...) and the same allocator.  A Request whose strings
 * hold a NUL byte is refused (C strings would silently end there).
 * Errors: DSR_EDECODE (not a valid message), -ENOMEM. */
int dsr_wire_request(const uint8_t *body, size_t len, ProtobufCAllocator *alloc,
		     Dpb__Request **out);
int dsr_wire_response(const uint8_t *body, size_t len, ProtobufCAllocator *alloc,
		      Dpb__Response **out);

/* Says why `body` is not a valid `desc` message: writes to msg (cap bytes)
 * the first field with the wrong wire type, cut short, or a string holding
 * a NUL byte, named by its path ("Request.hello.version (field 1): wire
 * type 2 (length-delimited) where this field wants 0 (varint)").
 * Returns DSR_EDECODE when it found one, 0 when the encoding walks clean
 * (msg empty).  msg may be NULL to check only. */
int dsr_wire_explain(const ProtobufCMessageDescriptor *desc, const uint8_t *body,
		     size_t len, char *msg, size_t cap);

/* Checks a Hello against this side's version.  Errors: DSR_EVERSION. */
int dsr_wire_hello_check(const Dpb__Hello *h);

/* Compares two tokens in time independent of where they differ.
 * Returns 0 when equal, DSR_EAUTH otherwise (also for empty tokens). */
int dsr_wire_token_check(const char *expected, const char *given);

#endif
