/* wire.c: framing and checking protocol messages (see wire.h). */
#include "wire.h"
#include "error.h"
#include "frame.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
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

/* ---- walking the encoding ------------------------------------------------
 * protobuf-c says only that a body does not decode, and a C string ends at
 * its first NUL, so "token\0junk" would decode as "token".  This walk reads
 * the encoding against the descriptor and stops at the first field that
 * has the wrong wire type, is cut short, or (a string) holds a NUL byte,
 * saying which. */

struct walk {
	char *msg;
	size_t cap;
	char path[200];       /* "Request.append.local.note.text" */
	uint64_t num;         /* the field at the end of path, or 0 */
};

static int bad(struct walk *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int bad(struct walk *w, const char *fmt, ...)
{
	if (w->msg && w->cap) {
		int n = w->num ? snprintf(w->msg, w->cap, "%s (field %llu)", w->path,
					  (unsigned long long)w->num)
			       : snprintf(w->msg, w->cap, "%s", w->path);
		va_list ap;
		va_start(ap, fmt);
		if (n >= 0 && (size_t)n < w->cap)
			vsnprintf(w->msg + n, w->cap - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return DSR_EDECODE;
}

static const char *const wt_names[8] = {
	"varint", "64-bit", "length-delimited", "group start", "group end", "32-bit",
	"unknown", "unknown",
};

/* The wire type a field of this type is encoded with. */
static int wire_type(ProtobufCType t)
{
	switch (t) {
	case PROTOBUF_C_TYPE_INT32:
	case PROTOBUF_C_TYPE_SINT32:
	case PROTOBUF_C_TYPE_INT64:
	case PROTOBUF_C_TYPE_SINT64:
	case PROTOBUF_C_TYPE_UINT32:
	case PROTOBUF_C_TYPE_UINT64:
	case PROTOBUF_C_TYPE_BOOL:
	case PROTOBUF_C_TYPE_ENUM:
		return 0;
	case PROTOBUF_C_TYPE_SFIXED64:
	case PROTOBUF_C_TYPE_FIXED64:
	case PROTOBUF_C_TYPE_DOUBLE:
		return 1;
	case PROTOBUF_C_TYPE_SFIXED32:
	case PROTOBUF_C_TYPE_FIXED32:
	case PROTOBUF_C_TYPE_FLOAT:
		return 5;
	case PROTOBUF_C_TYPE_STRING:
	case PROTOBUF_C_TYPE_BYTES:
	case PROTOBUF_C_TYPE_MESSAGE:
		return 2;
	}
	return 2;
}

static int get_varint(const uint8_t *p, size_t n, size_t *i, uint64_t *v)
{
	*v = 0;
	for (unsigned shift = 0; shift < 70; shift += 7) {
		if (*i >= n)
			return -1;
		uint8_t b = p[(*i)++];
		*v |= (uint64_t)(b & 0x7f) << (shift < 64 ? shift : 63);
		if (!(b & 0x80))
			return 0;
	}
	return -1;
}

static int walk(struct walk *w, const ProtobufCMessageDescriptor *d, const uint8_t *p,
		size_t n, int depth)
{
	size_t plen = strlen(w->path);
	if (depth > 32)
		return bad(w, ": messages nested more than 32 deep");
	for (size_t i = 0; i < n;) {
		w->path[plen] = 0;
		w->num = 0;
		uint64_t key, v = 0;
		if (get_varint(p, n, &i, &key) < 0)
			return bad(w, ": a field's key is cut short or longer than 10 bytes");
		uint64_t num = key >> 3;
		int wt = (int)(key & 7);
		const ProtobufCFieldDescriptor *f =
			num && num <= 0x1fffffff ? protobuf_c_message_descriptor_get_field(d, (unsigned)num) : NULL;
		snprintf(w->path + plen, sizeof w->path - plen, ".%s", f ? f->name : "?");
		w->num = num;
		if (num == 0)
			return bad(w, ": field number 0 is not allowed");
		size_t start = i, len = 0;
		switch (wt) {
		case 0:
			if (get_varint(p, n, &i, &v) < 0)
				return bad(w, ": a varint cut short or longer than 10 bytes");
			break;
		case 1:
		case 5:
			len = wt == 1 ? 8 : 4;
			if (n - i < len)
				return bad(w, ": a %s value cut short", wt_names[wt]);
			i += len;
			break;
		case 2:
			if (get_varint(p, n, &i, &v) < 0 || v > n - i)
				return bad(w, ": a length-delimited value cut short (%llu bytes announced)",
					   (unsigned long long)v);
			start = i;
			len = (size_t)v;
			i += len;
			break;
		default:
			return bad(w, ": wire type %d (%s), which this protocol does not use", wt,
				   wt_names[wt]);
		}
		if (!f)
			continue;        /* unknown: kept by protobuf-c, or a newer body */
		int want = wire_type(f->type);
		bool packed = wt == 2 && want != 2 && f->label == PROTOBUF_C_LABEL_REPEATED;
		if (wt != want && !packed)
			return bad(w, ": wire type %d (%s) where this field wants %d (%s)", wt,
				   wt_names[wt], want, wt_names[want]);
		if (f->type == PROTOBUF_C_TYPE_STRING && memchr(p + start, 0, len))
			return bad(w, ": the string holds a NUL byte");
		if (f->type == PROTOBUF_C_TYPE_MESSAGE) {
			int r = walk(w, f->descriptor, p + start, len, depth + 1);
			if (r < 0)
				return r;
		}
	}
	w->path[plen] = 0;
	w->num = 0;
	return 0;
}

int dsr_wire_explain(const ProtobufCMessageDescriptor *desc, const uint8_t *body,
		     size_t len, char *msg, size_t cap)
{
	struct walk w = { msg, cap, "", 0 };
	if (cap)
		msg[0] = 0;
	snprintf(w.path, sizeof w.path, "%s", desc->short_name);
	return walk(&w, desc, body, len, 0);
}

int dsr_wire_request(const uint8_t *body, size_t len, ProtobufCAllocator *alloc,
		     Dpb__Request **out)
{
	int r = dsr_wire_explain(&dpb__request__descriptor, body, len, NULL, 0);
	if (r < 0)
		return r;
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
