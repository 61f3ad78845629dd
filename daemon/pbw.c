/* pbw.c: hand-written protobuf encoding (see pbw.h). */
#include "pbw.h"
#include "frame.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static void need(dsr_buf *b, size_t n)
{
	if (dsr_buf_reserve(b, n))
		abort();  /* a daemon may die on ENOMEM */
}

void pbw_varint(dsr_buf *b, uint64_t v)
{
	need(b, 10);
	while (v >= 0x80) {
		b->data[b->len++] = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	b->data[b->len++] = (uint8_t)v;
}

void pbw_uint(dsr_buf *b, uint32_t field, uint64_t v)
{
	pbw_varint(b, (uint64_t)field << 3);
	pbw_varint(b, v);
}

void pbw_bytes(dsr_buf *b, uint32_t field, const void *p, size_t n)
{
	pbw_varint(b, (uint64_t)field << 3 | 2);
	pbw_varint(b, n);
	need(b, n);
	dsr_buf_append(b, p, n);
}

void pbw_msg(dsr_buf *b, uint32_t field, const ProtobufCMessage *m)
{
	size_t n = protobuf_c_message_get_packed_size(m);
	pbw_varint(b, (uint64_t)field << 3 | 2);
	pbw_varint(b, n);
	need(b, n);
	b->len += protobuf_c_message_pack(m, b->data + b->len);
}

static size_t varint_len(uint64_t v)
{
	size_t n = 1;
	while (v >= 0x80) {
		v >>= 7;
		n++;
	}
	return n;
}

void pbw_response(dsr_buf *out, uint64_t id, uint32_t field, const dsr_buf *body)
{
	size_t total = 1 + varint_len(id) + varint_len((uint64_t)field << 3 | 2) +
		       varint_len(body->len) + body->len;
	need(out, DSR_FRAME_HDR + total);
	dsr_frame_header(out->data + out->len, (uint32_t)total);
	out->len += DSR_FRAME_HDR;
	pbw_uint(out, 1, id);
	pbw_bytes(out, field, body->data, body->len);
}

void pbw_response_raw(dsr_buf *out, uint64_t id, const void *fields, size_t n)
{
	size_t total = 1 + varint_len(id) + n;
	need(out, DSR_FRAME_HDR + total);
	dsr_frame_header(out->data + out->len, (uint32_t)total);
	out->len += DSR_FRAME_HDR;
	pbw_uint(out, 1, id);
	memcpy(out->data + out->len, fields, n);
	out->len += n;
}
