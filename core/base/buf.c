/* buf.c: growable byte buffer and JSON string escaping. */
#include "buf.h"
#include "base/api.h"
#include "utf8.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int dsr_buf_reserve(dsr_buf *b, size_t extra)
{
	if (b->cap - b->len > extra)
		return 0;
	size_t need = b->len + extra + 1;
	if (need < b->len)
		return -ENOMEM;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need) {
		if (cap > SIZE_MAX / 2)
			return -ENOMEM;
		cap *= 2;
	}
	uint8_t *p = realloc(b->data, cap);
	if (!p)
		return -ENOMEM;
	b->data = p;
	b->cap = cap;
	return 0;
}

int dsr_buf_append(dsr_buf *b, const void *p, size_t n)
{
	if (dsr_buf_reserve(b, n))
		return -ENOMEM;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	return 0;
}

int dsr_buf_puts(dsr_buf *b, const char *s)
{
	return dsr_buf_append(b, s, strlen(s));
}

int dsr_buf_putc(dsr_buf *b, char c)
{
	return dsr_buf_append(b, &c, 1);
}

int dsr_buf_printf(dsr_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -EINVAL;
	if (dsr_buf_reserve(b, (size_t)n + 1))
		return -ENOMEM;
	va_start(ap, fmt);
	vsnprintf((char *)b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

int dsr_buf_json_str(dsr_buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const uint8_t *p = (const uint8_t *)s, *end = p + n;
	if (dsr_buf_reserve(b, n + 2))
		return -ENOMEM;
	b->data[b->len++] = '"';
	while (p < end) {
		uint8_t c = *p;
		char esc[8];
		size_t elen = 0;
		/* A run of characters that need no escape goes in at once. */
		const uint8_t *run = p;
		while (run < end && *run >= 0x20 && *run < 0x7f && *run != '"' && *run != '\\')
			run++;
		if (run > p) {
			if (dsr_buf_append(b, p, (size_t)(run - p)))
				return -ENOMEM;
			p = run;
			continue;
		}
		if (c < 0x80) {
			switch (c) {
			case '"': memcpy(esc, "\\\"", 2); elen = 2; break;
			case '\\': memcpy(esc, "\\\\", 2); elen = 2; break;
			case '\n': memcpy(esc, "\\n", 2); elen = 2; break;
			case '\r': memcpy(esc, "\\r", 2); elen = 2; break;
			case '\t': memcpy(esc, "\\t", 2); elen = 2; break;
			default:
				if (c < 0x20 || c == 0x7f) {
					memcpy(esc, "\\u00", 4);
					esc[4] = hex[c >> 4];
					esc[5] = hex[c & 15];
					elen = 6;
				} else {
					esc[0] = (char)c;
					elen = 1;
				}
			}
			if (dsr_buf_append(b, esc, elen))
				return -ENOMEM;
			p++;
			continue;
		}
		size_t l = dsr_utf8_valid_prefix(p, (size_t)(end - p));
		if (l == 0) {
			if (dsr_buf_append(b, "\xef\xbf\xbd", 3))
				return -ENOMEM;
			p++;
		} else {
			if (dsr_buf_append(b, p, l))
				return -ENOMEM;
			p += l;
		}
	}
	return dsr_buf_putc(b, '"');
}

int dsr_buf_cstr(dsr_buf *b)
{
	if (dsr_buf_reserve(b, 1))
		return -ENOMEM;
	b->data[b->len] = 0;
	return 0;
}

void dsr_buf_reset(dsr_buf *b)
{
	b->len = 0;
}

void dsr_buf_free(dsr_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

int dsr_grow(void **p, size_t *cap, size_t need, size_t sz)
{
	if (need <= *cap)
		return 0;
	size_t nc = *cap ? *cap : 64;
	while (nc < need)
		nc *= 2;
	void *q = realloc(*p, nc * sz);
	if (!q)
		return -ENOMEM;
	*p = q;
	*cap = nc;
	return 0;
}

int dsr__pack(dsr_buf *buf, const ProtobufCMessage *m)
{
	size_t n = protobuf_c_message_get_packed_size(m);
	buf->len = 0;
	if (dsr_buf_reserve(buf, n))
		return -ENOMEM;
	buf->len = protobuf_c_message_pack(m, buf->data);
	return 0;
}
