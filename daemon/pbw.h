/* pbw.h: writing protobuf by hand where it saves copies: query results are
 * handed to callbacks one message at a time (valid only during the call),
 * so each is packed straight into its place in the reply frame instead of
 * being deep-copied into a list message first. */
#ifndef DOSSIERD_PBW_H
#define DOSSIERD_PBW_H

#include <protobuf-c/protobuf-c.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

void pbw_varint(dsr_buf *b, uint64_t v);
void pbw_uint(dsr_buf *b, uint32_t field, uint64_t v);
void pbw_bytes(dsr_buf *b, uint32_t field, const void *p, size_t n);
/* A nested message: tag, length, packed bytes. */
void pbw_msg(dsr_buf *b, uint32_t field, const ProtobufCMessage *m);
/* Frames a Response {id, body field `field` = the bytes of `body`} into
 * `out` (appending). */
void pbw_response(dsr_buf *out, uint64_t id, uint32_t field, const dsr_buf *body);
/* Frames a Response {id, then `fields`: a Response's other fields as
 * encoded} into `out` (appending). */
void pbw_response_raw(dsr_buf *out, uint64_t id, const void *fields, size_t n);

#endif
