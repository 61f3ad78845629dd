/* util.c: allocation that exits on ENOMEM (a program may; the core may
 * not) and small formatting helpers for the client. */
#include "client.h"
#include "cmd.h"
#include "factid.h"

#include <stdlib.h>
#include <string.h>

static void oom(void)
{
	fputs("dossier: out of memory\n", stderr);
	exit(DSR_EXIT_ERROR);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom();
	return q;
}

char *xstrdup(const char *s)
{
	char *p = strdup(s ? s : "");
	if (!p)
		oom();
	return p;
}

const char *hexs(const uint8_t *p, size_t n, size_t max_chars)
{
	static char ring[8][130];
	static unsigned k;
	char *out = ring[k++ % 8];
	if (n > 64)
		n = 64;
	dsr_hex(p, n, out);
	if (max_chars && max_chars < 2 * n)
		out[max_chars] = 0;
	return out;
}

int parse_id(const char *s, uint8_t out[16])
{
	return strlen(s) == 2 * DSR_ID_LEN && dsr_unhex(s, out, DSR_ID_LEN) == 0 ? 0 : -1;
}

void json_flush(dsr_buf *b)
{
	if (b->len)
		fwrite(b->data, 1, b->len, stdout);
	b->len = 0;
}
