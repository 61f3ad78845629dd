/* jsonparse.h: a small, strict JSON reader (RFC 8259) for imports.  It parses a
 * whole document into a tree with limits on depth and size, and never reads
 * past its input; bad input gives DSR_EDECODE, not a crash (fuzzed by
 * tests/fuzz/fuzz_json.c). */
#ifndef DOSSIER_JSONPARSE_H
#define DOSSIER_JSONPARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum dsr_json_type {
	DSR_JSON_NULL, DSR_JSON_FALSE, DSR_JSON_TRUE, DSR_JSON_NUMBER,
	DSR_JSON_STRING, DSR_JSON_ARRAY, DSR_JSON_OBJECT,
};

typedef struct dsr_json {
	enum dsr_json_type type;
	char *str;                 /* STRING: decoded UTF-8; NUMBER: text */
	size_t len;                /* of str */
	char *key;                 /* member name when inside an object */
	struct dsr_json *child;    /* ARRAY, OBJECT: first element */
	struct dsr_json *next;     /* next sibling */
} dsr_json;

#define DSR_JSON_MAX_DEPTH 64

/* Parses p[0..n).  Errors: DSR_EDECODE, -ENOMEM. */
int dsr_json_parse(const char *p, size_t n, dsr_json **out);
void dsr_json_free(dsr_json *j);
/* Member `key` of an object, or NULL. */
const dsr_json *dsr_json_get(const dsr_json *obj, const char *key);

#endif
