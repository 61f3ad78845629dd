/* jsonpb.c: a JSON object into a protobuf-c message's scalar fields, by
 * the descriptor: the inverse of pbjson.c for the flat messages the web
 * API's writes carry (core/pbjson.h). */
#include "pbjson.h"
#include "error.h"
#include "factid.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int dsr_enum_parse(const ProtobufCEnumDescriptor *d, const char *name, int *value)
{
	char tmp[64];
	for (unsigned i = 0; i < d->n_values; i++) {
		if (!strcmp(dsr_enum_short(d, d->values[i].value, tmp, sizeof tmp), name)) {
			*value = d->values[i].value;
			return 0;
		}
	}
	return -1;
}

static bool skipped(const char *key, const char *const *skip)
{
	for (; skip && *skip; skip++)
		if (!strcmp(*skip, key))
			return true;
	return false;
}

/* A JSON number as a whole number within [lo, hi]. */
static int whole(const dsr_json *v, int64_t lo, uint64_t hi, bool neg_ok, uint64_t *out)
{
	if (v->type != DSR_JSON_NUMBER)
		return -1;
	const char *s = v->str;
	bool neg = *s == '-';
	if (neg && !neg_ok)
		return -1;
	for (const char *p = s + neg; *p; p++)
		if (!isdigit((unsigned char)*p))
			return -1;   /* fractions and exponents: not a whole number */
	errno = 0;
	if (neg) {
		long long x = strtoll(s, NULL, 10);
		if (errno || x < lo)
			return -1;
		*out = (uint64_t)x;
	} else {
		unsigned long long x = strtoull(s, NULL, 10);
		if (errno || x > hi)
			return -1;
		*out = x;
	}
	return 0;
}

static int field(const dsr_json *v, const ProtobufCFieldDescriptor *f, char *base,
		 dsr_arena *a, char *err, size_t errn)
{
	void *p = base + f->offset;
	uint64_t n;
	switch (f->type) {
	case PROTOBUF_C_TYPE_INT32:
	case PROTOBUF_C_TYPE_SINT32:
	case PROTOBUF_C_TYPE_SFIXED32:
		if (whole(v, INT32_MIN, INT32_MAX, true, &n) < 0)
			goto bad_number;
		*(int32_t *)p = (int32_t)(int64_t)n;
		return 0;
	case PROTOBUF_C_TYPE_UINT32:
	case PROTOBUF_C_TYPE_FIXED32:
		if (whole(v, 0, UINT32_MAX, false, &n) < 0)
			goto bad_number;
		*(uint32_t *)p = (uint32_t)n;
		return 0;
	case PROTOBUF_C_TYPE_INT64:
	case PROTOBUF_C_TYPE_SINT64:
	case PROTOBUF_C_TYPE_SFIXED64:
		if (whole(v, INT64_MIN, INT64_MAX, true, &n) < 0)
			goto bad_number;
		*(int64_t *)p = (int64_t)n;
		return 0;
	case PROTOBUF_C_TYPE_UINT64:
	case PROTOBUF_C_TYPE_FIXED64:
		if (whole(v, 0, UINT64_MAX, false, &n) < 0)
			goto bad_number;
		*(uint64_t *)p = n;
		return 0;
	case PROTOBUF_C_TYPE_BOOL:
		if (v->type != DSR_JSON_TRUE && v->type != DSR_JSON_FALSE) {
			snprintf(err, errn, "\"%s\" wants true or false", f->name);
			return -EINVAL;
		}
		*(protobuf_c_boolean *)p = v->type == DSR_JSON_TRUE;
		return 0;
	case PROTOBUF_C_TYPE_ENUM: {
		int e;
		if (v->type != DSR_JSON_STRING ||
		    dsr_enum_parse(f->descriptor, v->str, &e) < 0) {
			snprintf(err, errn, "\"%s\" is not one of the names it takes", f->name);
			return -EINVAL;
		}
		*(int *)p = e;
		return 0;
	}
	case PROTOBUF_C_TYPE_STRING: {
		if (v->type != DSR_JSON_STRING || memchr(v->str, 0, v->len)) {
			snprintf(err, errn, "\"%s\" wants a string (without NUL)", f->name);
			return -EINVAL;
		}
		char *s = dsr_arena_alloc(a, v->len + 1);
		if (!s)
			return -ENOMEM;
		memcpy(s, v->str, v->len + 1);
		*(char **)p = s;
		return 0;
	}
	case PROTOBUF_C_TYPE_BYTES: {
		ProtobufCBinaryData *d = p;
		if (v->type != DSR_JSON_STRING) {
			snprintf(err, errn, "\"%s\" wants a %s string", f->name,
				 strcmp(f->name, "text") ? "hex" : "text");
			return -EINVAL;
		}
		bool text = !strcmp(f->name, "text");
		size_t len = text ? v->len : v->len / 2;
		uint8_t *b = dsr_arena_alloc(a, len + 1);
		if (!b)
			return -ENOMEM;
		if (text) {
			memcpy(b, v->str, len);
		} else if (v->len % 2 || dsr_unhex(v->str, b, len) < 0) {
			snprintf(err, errn, "\"%s\" wants hex digits", f->name);
			return -EINVAL;
		}
		d->data = b;
		d->len = len;
		return 0;
	}
	case PROTOBUF_C_TYPE_FLOAT:
	case PROTOBUF_C_TYPE_DOUBLE:
	case PROTOBUF_C_TYPE_MESSAGE:
		break;
	}
	snprintf(err, errn, "\"%s\" cannot be given here", f->name);
	return -EINVAL;
bad_number:
	snprintf(err, errn, "\"%s\" wants a whole number in its range", f->name);
	return -EINVAL;
}

int dsr_json_to_msg(const dsr_json *obj, ProtobufCMessage *m, const char *const *skip,
		    dsr_arena *a, char *err, size_t errn)
{
	const ProtobufCMessageDescriptor *d = m->descriptor;
	if (!obj || obj->type != DSR_JSON_OBJECT) {
		snprintf(err, errn, "the body must be a JSON object");
		return -EINVAL;
	}
	for (const dsr_json *v = obj->child; v; v = v->next) {
		if (skipped(v->key, skip))
			continue;
		const ProtobufCFieldDescriptor *f = protobuf_c_message_descriptor_get_field_by_name(d, v->key);
		if (!f || f->label == PROTOBUF_C_LABEL_REPEATED ||
		    (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF)) {
			snprintf(err, errn, "unknown member \"%.60s\"", v->key);
			return -EINVAL;
		}
		int r = field(v, f, (char *)m, a, err, errn);
		if (r < 0)
			return r;
	}
	return 0;
}
