/* buf.h: a growable byte buffer.  The buffer owns its bytes; `data` is valid
 * until the next call that appends to it or dsr_buf_free(). */
#ifndef DOSSIER_BUF_H
#define DOSSIER_BUF_H

#include <stddef.h>
#include <stdint.h>

typedef struct dsr_buf {
	uint8_t *data;
	size_t len;
	size_t cap;
} dsr_buf;

#define DSR_BUF_INIT { NULL, 0, 0 }

/* Make room for `extra` more bytes.  Returns 0 or -ENOMEM. */
int dsr_buf_reserve(dsr_buf *b, size_t extra);
int dsr_buf_append(dsr_buf *b, const void *p, size_t n);
int dsr_buf_puts(dsr_buf *b, const char *s);
int dsr_buf_putc(dsr_buf *b, char c);
/* printf-style append.  Returns 0 or -ENOMEM. */
int dsr_buf_printf(dsr_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Append s as a JSON string literal, quotes included.  Invalid UTF-8 is
 * replaced with U+FFFD so the output is always valid JSON. */
int dsr_buf_json_str(dsr_buf *b, const char *s, size_t n);
/* NUL-terminate without counting the NUL in len. */
int dsr_buf_cstr(dsr_buf *b);
void dsr_buf_reset(dsr_buf *b);
void dsr_buf_free(dsr_buf *b);

/* Makes the array *p (of *cap elements of sz bytes) hold at least need,
 * doubling from 64.  Returns 0 or -ENOMEM (the array is unchanged). */
int dsr_grow(void **p, size_t *cap, size_t need, size_t sz);

#endif
