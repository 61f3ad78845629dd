/* httpparse.c: HTTP/1.1 requests from bytes, with limits, on libhttp-parser
 * (httpparse.h).  The parser does the grammar; this file keeps what the
 * daemon needs (method, path, query, a few headers, the body) and refuses
 * what is too large before holding it. */
#include "httpparse.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const header_names[HP_H_COUNT] = {
	[HP_H_COOKIE] = "cookie",
	[HP_H_CSRF] = "x-csrf-token",
	[HP_H_LAST_EVENT_ID] = "last-event-id",
	[HP_H_IF_NONE_MATCH] = "if-none-match",
	[HP_H_CONTENT_TYPE] = "content-type",
	[HP_H_ORIGIN] = "origin",
	[HP_H_SEC_FETCH_SITE] = "sec-fetch-site",
};

static int refuse(struct hp *h, int status, const char *why)
{
	if (!h->status) {
		h->status = status;
		h->why = why;
	}
	return 1;   /* stops the parser */
}

/* Appends to a bounded buffer; false when it would pass `max`. */
static bool put(dsr_buf *b, const char *p, size_t n, size_t max)
{
	if (b->len + n > max)
		return false;
	return dsr_buf_append(b, p, n) == 0;
}

static int on_begin(http_parser *p)
{
	struct hp *h = p->data;
	h->started = true;
	return 0;
}

static int on_url(http_parser *p, const char *at, size_t n)
{
	struct hp *h = p->data;
	h->head_bytes += n;
	if (!put(&h->url, at, n, HP_URL_MAX))
		return refuse(h, 414, "the request target is too long");
	return 0;
}

/* The header just read in full: kept when it is one of interest. */
static int end_header(struct hp *h)
{
	if (!h->in_value)
		return 0;
	h->in_value = false;
	h->head_bytes += 4;   /* ": " and CRLF: a header costs at least those */
	if (h->head_bytes > HP_HEADER_MAX)
		return refuse(h, 431, "the headers are too large");
	for (int i = 0; i < HP_H_COUNT && !h->field_long; i++) {
		if (h->field.len != strlen(header_names[i]) ||
		    strncasecmp((const char *)h->field.data, header_names[i], h->field.len))
			continue;
		if (h->rq.hdr[i])
			return refuse(h, 400, "a header is repeated");
		if (h->value.len > HP_VALUE_MAX)
			return refuse(h, 431, "a header is too long");
		char *s = malloc(h->value.len + 1);
		if (!s)
			return refuse(h, 503, "out of memory");
		if (h->value.len)
			memcpy(s, h->value.data, h->value.len);
		s[h->value.len] = 0;
		if (memchr(s, 0, h->value.len)) {
			free(s);
			return refuse(h, 400, "a header holds a NUL byte");
		}
		h->rq.hdr[i] = s;
		break;
	}
	h->field.len = h->value.len = 0;
	h->field_long = false;
	return 0;
}

static int on_field(http_parser *p, const char *at, size_t n)
{
	struct hp *h = p->data;
	if (end_header(h))
		return 1;
	h->head_bytes += n;
	if (h->head_bytes > HP_HEADER_MAX)
		return refuse(h, 431, "the headers are too large");
	if (!put(&h->field, at, n, 64))
		h->field_long = true;   /* a long name: none of ours */
	return 0;
}

static int on_value(http_parser *p, const char *at, size_t n)
{
	struct hp *h = p->data;
	h->in_value = true;
	h->head_bytes += n;
	if (h->head_bytes > HP_HEADER_MAX)
		return refuse(h, 431, "the headers are too large");
	if (!put(&h->value, at, n, HP_VALUE_MAX + 1))
		h->value.len = HP_VALUE_MAX + 1;   /* too long: refused if ours */
	return 0;
}

static int on_headers_done(http_parser *p)
{
	struct hp *h = p->data;
	if (end_header(h))
		return 1;
	if (!(p->flags & F_CHUNKED) && p->content_length != ULLONG_MAX &&
	    p->content_length > HP_BODY_MAX)
		return refuse(h, 413, "the body is too large");
	struct http_parser_url u;
	http_parser_url_init(&u);
	if (!h->url.len || http_parser_parse_url((const char *)h->url.data, h->url.len,
						 p->method == HTTP_CONNECT, &u) ||
	    !(u.field_set & (1 << UF_PATH)))
		return refuse(h, 400, "the request target is not a path");
	const char *url = (const char *)h->url.data;
	size_t plen = u.field_data[UF_PATH].len;
	char *path = malloc(plen + 1);
	if (!path)
		return refuse(h, 503, "out of memory");
	memcpy(path, url + u.field_data[UF_PATH].off, plen);
	if (hp_unescape(path, plen, false) < 0 || path[0] != '/') {
		free(path);
		return refuse(h, 400, "the path is badly escaped");
	}
	h->rq.path = path;
	size_t qlen = u.field_set & (1 << UF_QUERY) ? u.field_data[UF_QUERY].len : 0;
	h->rq.query = malloc(qlen + 1);
	if (!h->rq.query)
		return refuse(h, 503, "out of memory");
	if (qlen)
		memcpy(h->rq.query, url + u.field_data[UF_QUERY].off, qlen);
	h->rq.query[qlen] = 0;
	h->rq.method = p->method;
	return 0;
}

static int on_body(http_parser *p, const char *at, size_t n)
{
	struct hp *h = p->data;
	if (!put(&h->rq.body, at, n, HP_BODY_MAX))
		return refuse(h, 413, "the body is too large");
	return 0;
}

static int on_complete(http_parser *p)
{
	struct hp *h = p->data;
	h->done = true;
	h->rq.keep_alive = http_should_keep_alive(p) && !p->upgrade;
	http_parser_pause(p, 1);   /* the next request waits for hp_next() */
	return 0;
}

static const http_parser_settings settings = {
	.on_message_begin = on_begin,
	.on_url = on_url,
	.on_header_field = on_field,
	.on_header_value = on_value,
	.on_headers_complete = on_headers_done,
	.on_body = on_body,
	.on_message_complete = on_complete,
};

void hp_init(struct hp *h)
{
	memset(h, 0, sizeof *h);
	http_parser_init(&h->p, HTTP_REQUEST);
	h->p.data = h;
}

static void clear_req(struct hp *h)
{
	free(h->rq.path);
	free(h->rq.query);
	for (int i = 0; i < HP_H_COUNT; i++)
		free(h->rq.hdr[i]);
	dsr_buf_free(&h->rq.body);
	memset(&h->rq, 0, sizeof h->rq);
	h->url.len = h->field.len = h->value.len = 0;
	h->in_value = h->field_long = false;
	h->head_bytes = 0;
	h->started = h->done = false;
}

void hp_free(struct hp *h)
{
	clear_req(h);
	dsr_buf_free(&h->url);
	dsr_buf_free(&h->field);
	dsr_buf_free(&h->value);
}

void hp_next(struct hp *h)
{
	clear_req(h);
	if (h->url.cap > 4096)
		dsr_buf_free(&h->url);
	enum http_errno e = HTTP_PARSER_ERRNO(&h->p);
	if (h->status || (e != HPE_OK && e != HPE_PAUSED)) {
		/* After an error the parser starts afresh (libhttp-parser may
		 * not be unpaused then). */
		http_parser_init(&h->p, HTTP_REQUEST);
		h->p.data = h;
		h->status = 0;
		h->why = NULL;
	} else {
		http_parser_pause(&h->p, 0);
	}
}

size_t hp_feed(struct hp *h, const char *p, size_t n)
{
	if (h->done || h->status)
		return 0;
	size_t used = http_parser_execute(&h->p, &settings, p, n);
	enum http_errno e = HTTP_PARSER_ERRNO(&h->p);
	if (h->done)
		return used;
	if (h->status)
		return used;
	if (e == HPE_HEADER_OVERFLOW)
		refuse(h, 431, "the headers are too large");
	else if (e != HPE_OK && e != HPE_PAUSED)
		refuse(h, 400, http_errno_description(e));
	else if (!h->started && h->head_bytes == 0 && used < n)
		refuse(h, 400, "not an HTTP request");
	return used;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int hp_unescape(char *s, size_t n, bool plus)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		int c = (unsigned char)s[i];
		if (c == '%') {
			if (i + 2 >= n)
				return -1;
			int a = hexval((unsigned char)s[i + 1]), b = hexval((unsigned char)s[i + 2]);
			if (a < 0 || b < 0)
				return -1;
			c = a << 4 | b;
			i += 2;
		} else if (c == '+' && plus) {
			c = ' ';
		}
		if (c == 0)
			return -1;
		s[o++] = (char)c;
	}
	s[o] = 0;
	return (int)o;
}

int hp_each_param(const char *query, int (*fn)(const char *name, size_t n, void *ctx),
		  void *ctx)
{
	const char *p = query;
	while (*p) {
		const char *end = strchr(p, '&');
		if (!end)
			end = p + strlen(p);
		size_t klen = strcspn(p, "=&");
		if (klen > (size_t)(end - p))
			klen = (size_t)(end - p);
		if (klen) {
			int r = fn(p, klen, ctx);
			if (r)
				return r;
		}
		p = *end ? end + 1 : end;
	}
	return 0;
}

int hp_param(const char *query, const char *name, char *out, size_t cap)
{
	size_t nlen = strlen(name);
	const char *p = query;
	while (*p) {
		const char *end = strchr(p, '&');
		if (!end)
			end = p + strlen(p);
		size_t klen = strcspn(p, "=&");
		if (klen > (size_t)(end - p))
			klen = (size_t)(end - p);
		if (klen == nlen && !memcmp(p, name, nlen)) {
			const char *v = p + klen;
			if (v < end && *v == '=')
				v++;
			size_t vlen = (size_t)(end - v);
			if (vlen >= cap)
				return -2;
			memcpy(out, v, vlen);
			int r = hp_unescape(out, vlen, true);
			return r < 0 ? -2 : r;
		}
		p = *end ? end + 1 : end;
	}
	return -1;
}
