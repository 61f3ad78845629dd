/* pbjson.c: any protobuf-c message as JSON, by walking its descriptor, so
 * every `dossier X --json` and the daemon's web API (daemon/webapi.c) print
 * the same JSON, following the .proto files without a hand-written printer
 * per message (core/pbjson.h). */
#include "pbjson.h"

#include <stdio.h>

#include <ctype.h>
#include <stdbool.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

const char *dsr_enum_short(const ProtobufCEnumDescriptor *d, int value, char *buf,
		       size_t n)
{
	const ProtobufCEnumValue *v = protobuf_c_enum_descriptor_get_value(d, value);
	if (!v) {
		snprintf(buf, n, "%d", value);
		return buf;
	}
	/* "KIND_GROUP" -> "group": drop the enum's prefix, lower-case. */
	const char *s = strchr(v->name, '_');
	s = s ? s + 1 : v->name;
	size_t i = 0;
	for (; s[i] && i + 1 < n; i++)
		buf[i] = (char)tolower((unsigned char)s[i]);
	buf[i] = 0;
	return buf;
}

/* Ids are most of a list's bytes (an actor names 100 articles): written
 * straight into the buffer, not a character at a time. */
static void hex(dsr_buf *b, const uint8_t *p, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	if (dsr_buf_reserve(b, 2 * n + 2))
		return;
	uint8_t *o = b->data + b->len;
	*o++ = '"';
	for (size_t i = 0; i < n; i++) {
		*o++ = (uint8_t)digits[p[i] >> 4];
		*o++ = (uint8_t)digits[p[i] & 15];
	}
	*o++ = '"';
	b->len = (size_t)(o - b->data);
}

/* A whole number in decimal, without printf (lists hold many). */
static void num(dsr_buf *b, uint64_t v, bool neg)
{
	char tmp[24];
	size_t i = sizeof tmp;
	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	if (neg)
		tmp[--i] = '-';
	dsr_buf_append(b, tmp + i, sizeof tmp - i);
}

static void snum(dsr_buf *b, int64_t v)
{
	num(b, v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v, v < 0);
}

static void value(dsr_buf *b, const ProtobufCFieldDescriptor *f, const void *p)
{
	char tmp[64];
	switch (f->type) {
	case PROTOBUF_C_TYPE_INT32:
	case PROTOBUF_C_TYPE_SINT32:
	case PROTOBUF_C_TYPE_SFIXED32:
		snum(b, *(const int32_t *)p);
		break;
	case PROTOBUF_C_TYPE_UINT32:
	case PROTOBUF_C_TYPE_FIXED32:
		num(b, *(const uint32_t *)p, false);
		break;
	case PROTOBUF_C_TYPE_INT64:
	case PROTOBUF_C_TYPE_SINT64:
	case PROTOBUF_C_TYPE_SFIXED64:
		snum(b, *(const int64_t *)p);
		break;
	case PROTOBUF_C_TYPE_UINT64:
	case PROTOBUF_C_TYPE_FIXED64:
		num(b, *(const uint64_t *)p, false);
		break;
	case PROTOBUF_C_TYPE_FLOAT:
		dsr_buf_printf(b, "%.9g", (double)*(const float *)p);
		break;
	case PROTOBUF_C_TYPE_DOUBLE:
		dsr_buf_printf(b, "%.17g", *(const double *)p);
		break;
	case PROTOBUF_C_TYPE_BOOL:
		dsr_buf_puts(b, *(const protobuf_c_boolean *)p ? "true" : "false");
		break;
	case PROTOBUF_C_TYPE_ENUM:
	{
		const char *e = dsr_enum_short(f->descriptor, *(const int *)p, tmp, sizeof tmp);
		dsr_buf_json_str(b, e, strlen(e));
	}
		break;
	case PROTOBUF_C_TYPE_STRING: {
		const char *s = *(char *const *)p;
		dsr_buf_json_str(b, s ? s : "", s ? strlen(s) : 0);
		break;
	}
	case PROTOBUF_C_TYPE_BYTES: {
		const ProtobufCBinaryData *d = p;
		if (!strcmp(f->name, "text"))
			dsr_buf_json_str(b, (const char *)d->data, d->len);
		else
			hex(b, d->data, d->len);
		break;
	}
	case PROTOBUF_C_TYPE_MESSAGE: {
		const ProtobufCMessage *m = *(ProtobufCMessage *const *)p;
		if (m)
			dsr_json_msg(b, m);
		else
			dsr_buf_puts(b, "null");
		break;
	}
	}
}

static size_t elem_size(ProtobufCType t)
{
	switch (t) {
	case PROTOBUF_C_TYPE_INT64: case PROTOBUF_C_TYPE_SINT64:
	case PROTOBUF_C_TYPE_SFIXED64: case PROTOBUF_C_TYPE_UINT64:
	case PROTOBUF_C_TYPE_FIXED64: return 8;
	case PROTOBUF_C_TYPE_DOUBLE: return sizeof(double);
	case PROTOBUF_C_TYPE_BOOL: return sizeof(protobuf_c_boolean);
	case PROTOBUF_C_TYPE_ENUM: return sizeof(int);
	case PROTOBUF_C_TYPE_STRING: return sizeof(char *);
	case PROTOBUF_C_TYPE_BYTES: return sizeof(ProtobufCBinaryData);
	case PROTOBUF_C_TYPE_MESSAGE: return sizeof(ProtobufCMessage *);
	case PROTOBUF_C_TYPE_INT32: case PROTOBUF_C_TYPE_SINT32:
	case PROTOBUF_C_TYPE_SFIXED32: case PROTOBUF_C_TYPE_UINT32:
	case PROTOBUF_C_TYPE_FIXED32: case PROTOBUF_C_TYPE_FLOAT:
		break;
	}
	return 4;
}

void dsr_json_msg(dsr_buf *b, const ProtobufCMessage *m)
{
	const ProtobufCMessageDescriptor *d = m->descriptor;
	const char *base = (const char *)m;
	bool first = true;
	dsr_buf_putc(b, '{');
	for (unsigned i = 0; i < d->n_fields; i++) {
		const ProtobufCFieldDescriptor *f = &d->fields[i];
		const void *p = base + f->offset;
		if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
			uint32_t which = *(const uint32_t *)(base + f->quantifier_offset);
			if (which != f->id)
				continue;
		}
		if (f->type == PROTOBUF_C_TYPE_MESSAGE && f->label != PROTOBUF_C_LABEL_REPEATED &&
		    !*(ProtobufCMessage *const *)p)
			continue;
		if (!first)
			dsr_buf_putc(b, ',');
		first = false;
		dsr_buf_json_str(b, f->name, strlen(f->name));
		dsr_buf_putc(b, ':');
		if (f->label == PROTOBUF_C_LABEL_REPEATED) {
			size_t n = *(const size_t *)(base + f->quantifier_offset);
			const char *arr = *(char *const *)p;
			size_t sz = elem_size(f->type);
			dsr_buf_putc(b, '[');
			for (size_t k = 0; k < n; k++) {
				if (k)
					dsr_buf_putc(b, ',');
				value(b, f, arr + k * sz);
			}
			dsr_buf_putc(b, ']');
		} else {
			value(b, f, p);
		}
	}
	dsr_buf_putc(b, '}');
}
