/* jsonparse.c: the strict JSON reader (see jsonparse.h). */
#include "jsonparse.h"
#include "error.h"
#include "utf8.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

typedef struct parser {
	const char *p, *end;
	int depth;
} parser;

static void ws(parser *ps)
{
	while (ps->p < ps->end &&
	       (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r'))
		ps->p++;
}

static int hex4(const char *p, uint32_t *v)
{
	*v = 0;
	for (int i = 0; i < 4; i++) {
		char c = p[i];
		*v <<= 4;
		if (c >= '0' && c <= '9')
			*v |= (uint32_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			*v |= (uint32_t)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			*v |= (uint32_t)(c - 'A' + 10);
		else
			return -1;
	}
	return 0;
}

static size_t put_utf8(char *o, uint32_t cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xc0 | cp >> 6);
		o[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xe0 | cp >> 12);
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		o[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (char)(0xf0 | cp >> 18);
	o[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	o[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* A string at ps->p (at its opening quote); *out is malloc'd. */
static int string(parser *ps, char **out, size_t *outlen)
{
	ps->p++;
	const char *s = ps->p;
	/* Decoded is never longer than encoded. */
	const char *q = s;
	while (q < ps->end && *q != '"') {
		if (*q == '\\')
			q++;
		q++;
	}
	if (q >= ps->end)
		return DSR_EDECODE;
	char *o = malloc((size_t)(q - s) + 1);
	if (!o)
		return -ENOMEM;
	size_t n = 0;
	while (ps->p < ps->end && *ps->p != '"') {
		unsigned char c = (unsigned char)*ps->p;
		if (c < 0x20)
			goto bad;
		if (c != '\\') {
			size_t l = dsr_utf8_valid_prefix((const uint8_t *)ps->p,
							 (size_t)(ps->end - ps->p));
			if (!l)
				goto bad;
			memcpy(o + n, ps->p, l);
			n += l;
			ps->p += l;
			continue;
		}
		if (ps->end - ps->p < 2)
			goto bad;
		char e = ps->p[1];
		ps->p += 2;
		switch (e) {
		case '"': o[n++] = '"'; break;
		case '\\': o[n++] = '\\'; break;
		case '/': o[n++] = '/'; break;
		case 'b': o[n++] = '\b'; break;
		case 'f': o[n++] = '\f'; break;
		case 'n': o[n++] = '\n'; break;
		case 'r': o[n++] = '\r'; break;
		case 't': o[n++] = '\t'; break;
		case 'u': {
			uint32_t cp, lo;
			if (ps->end - ps->p < 4 || hex4(ps->p, &cp))
				goto bad;
			ps->p += 4;
			if (cp >= 0xd800 && cp < 0xdc00) {
				if (ps->end - ps->p < 6 || ps->p[0] != '\\' || ps->p[1] != 'u' ||
				    hex4(ps->p + 2, &lo) || lo < 0xdc00 || lo > 0xdfff)
					goto bad;
				ps->p += 6;
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
			} else if (cp >= 0xdc00 && cp < 0xe000) {
				goto bad;
			}
			/* \u escapes take 6 bytes and decode to at most 4. */
			n += put_utf8(o + n, cp);
			break;
		}
		default:
			goto bad;
		}
	}
	if (ps->p >= ps->end)
		goto bad;
	ps->p++;
	o[n] = 0;
	*out = o;
	*outlen = n;
	return 0;
bad:
	free(o);
	return DSR_EDECODE;
}

static int value(parser *ps, dsr_json **out);

static int number(parser *ps, dsr_json *j)
{
	const char *s = ps->p;
	if (ps->p < ps->end && *ps->p == '-')
		ps->p++;
	if (ps->p >= ps->end || *ps->p < '0' || *ps->p > '9')
		return DSR_EDECODE;
	if (*ps->p == '0')
		ps->p++;
	else
		while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9')
			ps->p++;
	if (ps->p < ps->end && *ps->p == '.') {
		ps->p++;
		if (ps->p >= ps->end || *ps->p < '0' || *ps->p > '9')
			return DSR_EDECODE;
		while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9')
			ps->p++;
	}
	if (ps->p < ps->end && (*ps->p == 'e' || *ps->p == 'E')) {
		ps->p++;
		if (ps->p < ps->end && (*ps->p == '+' || *ps->p == '-'))
			ps->p++;
		if (ps->p >= ps->end || *ps->p < '0' || *ps->p > '9')
			return DSR_EDECODE;
		while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9')
			ps->p++;
	}
	j->type = DSR_JSON_NUMBER;
	j->len = (size_t)(ps->p - s);
	j->str = strndup(s, j->len);
	return j->str ? 0 : -ENOMEM;
}

static int literal(parser *ps, const char *w, enum dsr_json_type t, dsr_json *j)
{
	size_t l = strlen(w);
	if ((size_t)(ps->end - ps->p) < l || memcmp(ps->p, w, l))
		return DSR_EDECODE;
	ps->p += l;
	j->type = t;
	return 0;
}

static int container(parser *ps, dsr_json *j, bool object)
{
	if (++ps->depth > DSR_JSON_MAX_DEPTH)
		return DSR_EDECODE;
	j->type = object ? DSR_JSON_OBJECT : DSR_JSON_ARRAY;
	ps->p++;
	ws(ps);
	dsr_json **tail = &j->child;
	char close = object ? '}' : ']';
	if (ps->p < ps->end && *ps->p == close) {
		ps->p++;
		ps->depth--;
		return 0;
	}
	for (;;) {
		char *key = NULL;
		size_t kl;
		int rc;
		if (object) {
			ws(ps);
			if (ps->p >= ps->end || *ps->p != '"')
				return DSR_EDECODE;
			if ((rc = string(ps, &key, &kl)))
				return rc;
			ws(ps);
			if (ps->p >= ps->end || *ps->p != ':') {
				free(key);
				return DSR_EDECODE;
			}
			ps->p++;
		}
		dsr_json *child = NULL;
		rc = value(ps, &child);
		if (rc) {
			free(key);
			dsr_json_free(child);
			return rc;
		}
		child->key = key;
		*tail = child;
		tail = &child->next;
		ws(ps);
		if (ps->p >= ps->end)
			return DSR_EDECODE;
		if (*ps->p == ',') {
			ps->p++;
			continue;
		}
		if (*ps->p == close) {
			ps->p++;
			ps->depth--;
			return 0;
		}
		return DSR_EDECODE;
	}
}

static int value(parser *ps, dsr_json **out)
{
	ws(ps);
	if (ps->p >= ps->end)
		return DSR_EDECODE;
	dsr_json *j = calloc(1, sizeof *j);
	if (!j)
		return -ENOMEM;
	*out = j;
	switch (*ps->p) {
	case '{': return container(ps, j, true);
	case '[': return container(ps, j, false);
	case '"':
		j->type = DSR_JSON_STRING;
		return string(ps, &j->str, &j->len);
	case 't': return literal(ps, "true", DSR_JSON_TRUE, j);
	case 'f': return literal(ps, "false", DSR_JSON_FALSE, j);
	case 'n': return literal(ps, "null", DSR_JSON_NULL, j);
	default: return number(ps, j);
	}
}

int dsr_json_parse(const char *p, size_t n, dsr_json **out)
{
	parser ps = { p, p + n, 0 };
	dsr_json *j = NULL;
	int rc = value(&ps, &j);
	if (!rc) {
		ws(&ps);
		if (ps.p != ps.end)
			rc = DSR_EDECODE;
	}
	if (rc) {
		dsr_json_free(j);
		return rc;
	}
	*out = j;
	return 0;
}

void dsr_json_free(dsr_json *j)
{
	/* Iterative over siblings, recursive over depth (bounded). */
	while (j) {
		dsr_json *next = j->next;
		dsr_json_free(j->child);
		free(j->str);
		free(j->key);
		free(j);
		j = next;
	}
}

const dsr_json *dsr_json_get(const dsr_json *obj, const char *key)
{
	if (!obj || obj->type != DSR_JSON_OBJECT)
		return NULL;
	for (const dsr_json *c = obj->child; c; c = c->next)
		if (c->key && !strcmp(c->key, key))
			return c;
	return NULL;
}
