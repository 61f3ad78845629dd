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

/* protobuf-c keeps fields it does not know, including ones numbered 0,
 * which protobuf forbids and which would not survive re-encoding; refuse
 * them anywhere in the message. */
static int tags_ok(const ProtobufCMessage *m, int depth)
{
	if (depth > 32)
		return 0;
	for (unsigned i = 0; i < m->n_unknown_fields; i++)
		if (m->unknown_fields[i].tag == 0)
			return 0;
	const ProtobufCMessageDescriptor *d = m->descriptor;
	for (unsigned i = 0; i < d->n_fields; i++) {
		const ProtobufCFieldDescriptor *f = &d->fields[i];
		if (f->type != PROTOBUF_C_TYPE_MESSAGE)
			continue;
		const char *p = (const char *)m + f->offset;
		if (f->label == PROTOBUF_C_LABEL_REPEATED) {
			size_t n = *(const size_t *)((const char *)m + f->quantifier_offset);
			ProtobufCMessage *const *v = *(ProtobufCMessage *const *const *)p;
			for (size_t k = 0; k < n; k++)
				if (!tags_ok(v[k], depth + 1))
					return 0;
		} else {
			const ProtobufCMessage *sub = *(ProtobufCMessage *const *)p;
			if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF &&
			    *(const uint32_t *)((const char *)m + f->quantifier_offset) != f->id)
				continue;
			if (sub && !tags_ok(sub, depth + 1))
				return 0;
		}
	}
	return 1;
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
	if (!protobuf_c_message_check(m) || !tags_ok(m, 0)) {
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
