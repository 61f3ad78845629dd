/* jsonw.c: small JSON writers shared by the export formats written here
 * (impl.h). */
#include "export/impl.h"
#include "factid.h"
#include "model/api.h"

#include <sodium.h>
#include <stdio.h>

#include <string.h>

void dsr__jstr(dsr_buf *b, const char *s)
{
	dsr_buf_json_str(b, s ? s : "", s ? strlen(s) : 0);
}

void dsr__jhex(dsr_buf *b, const uint8_t *p, size_t n)
{
	char h[2 * DSR_ID_LEN + 1] = "";
	if (n == DSR_ID_LEN)
		dsr_hex(p, n, h);
	dsr__jstr(b, h);
}

void dsr__uuid(char out[37], const char *type, const void *key, size_t klen)
{
	uint8_t h[16];
	crypto_generichash_state st;
	crypto_generichash_init(&st, NULL, 0, sizeof h);
	crypto_generichash_update(&st, (const uint8_t *)type, strlen(type) + 1);
	crypto_generichash_update(&st, key, klen);
	crypto_generichash_final(&st, h, sizeof h);
	h[6] = (uint8_t)((h[6] & 0x0f) | 0x50);   /* version 5 layout */
	h[8] = (uint8_t)((h[8] & 0x3f) | 0x80);   /* RFC 4122 variant */
	char x[33];
	dsr_hex(h, sizeof h, x);
	snprintf(out, 37, "%.8s-%.4s-%.4s-%.4s-%.12s", x, x + 8, x + 12, x + 16, x + 20);
}

bool dsr__timex_time(const char *timex, int64_t *secs)
{
	uint64_t k = dsr__date_sortkey(timex);
	uint64_t mm = k % 100, hh = k / 100 % 100, d = k / 10000 % 100, m = k / 1000000 % 100;
	uint64_t y = k / 100000000;
	if (!k || y == 0 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31)
		return false;
	/* days from 1970-01-01 to y-m-d (proleptic Gregorian) */
	int64_t yy = (int64_t)y - (m <= 2);
	int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
	int64_t yoe = yy - era * 400;
	int64_t mp = ((int64_t)m + 9) % 12;
	int64_t doy = (153 * mp + 2) / 5 + (int64_t)d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	int64_t days = era * 146097 + doe - 719468;
	*secs = days * 86400 + (int64_t)hh * 3600 + (int64_t)mm * 60;
	return true;
}
