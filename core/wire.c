/* wire.c: framing and checking protocol messages (see wire.h). */
#include "wire.h"
#include "error.h"
#include "frame.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int dsr_wire_put(dsr_buf *b, const ProtobufCMessage *msg)
{
	size_t n = protobuf_c_message_get_packed_size(msg);
	if (n > DSR_FRAME_MAX)
		return DSR_ETOOBIG;
	if (dsr_buf_reserve(b, DSR_FRAME_HDR + n))
		return -ENOMEM;
	dsr_frame_header(b->data + b->len, (uint32_t)n);
	size_t w = protobuf_c_message_pack(msg, b->data + b->len + DSR_FRAME_HDR);
	if (w != n)
		return DSR_EDECODE;  /* cannot happen: packed size is exact */
	b->len += DSR_FRAME_HDR + n;
	return 0;
}

/* protobuf-c returns NULL both for malformed input and for a failed
 * allocation; this allocator remembers which it was. */
struct track {
	ProtobufCAllocator *inner;
	int failed;
};

static void *track_alloc(void *data, size_t size)
{
	struct track *t = data;
	void *p = t->inner ? t->inner->alloc(t->inner->allocator_data, size)
			   : malloc(size);
	if (!p)
		t->failed = 1;
	return p;
}

static void track_free(void *data, void *p)
{
	struct track *t = data;
	if (t->inner)
		t->inner->free(t->inner->allocator_data, p);
	else
		free(p);
}

static int unpack(const ProtobufCMessageDescriptor *desc, const uint8_t *body,
		  size_t len, ProtobufCAllocator *alloc, ProtobufCMessage **out)
{
	struct track t = { alloc, 0 };
	ProtobufCAllocator a = { track_alloc, track_free, &t };
	ProtobufCMessage *m = protobuf_c_message_unpack(desc, &a, len, body);
	if (!m)
		return t.failed ? -ENOMEM : DSR_EDECODE;
	/* Freed later with the caller's allocator, which track_* wrap. */
	if (!protobuf_c_message_check(m)) {
		protobuf_c_message_free_unpacked(m, alloc);
		return DSR_EDECODE;
	}
	*out = m;
	return 0;
}

int dsr_wire_request(const uint8_t *body, size_t len, ProtobufCAllocator *alloc,
		     Dpb__Request **out)
{
	return unpack(&dpb__request__descriptor, body, len, alloc,
		      (ProtobufCMessage **)out);
}

int dsr_wire_response(const uint8_t *body, size_t len, ProtobufCAllocator *alloc,
		      Dpb__Response **out)
{
	return unpack(&dpb__response__descriptor, body, len, alloc,
		      (ProtobufCMessage **)out);
}

int dsr_wire_hello_check(const Dpb__Hello *h)
{
	return h->version == DSR_PROTOCOL_VERSION ? 0 : DSR_EVERSION;
}

int dsr_wire_token_check(const char *expected, const char *given)
{
	size_t n = strlen(expected), m = strlen(given);
	unsigned char diff = n != m || n == 0;
	/* Walk the expected token whatever `given` is, so timing says
	 * nothing about where they differ. */
	for (size_t i = 0; i < n; i++)
		diff |= (unsigned char)expected[i] ^
			(unsigned char)(i < m ? given[i] : 0);
	return diff ? DSR_EAUTH : 0;
}
