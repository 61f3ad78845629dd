/* utf8.c: strict UTF-8 validation (RFC 3629) and decoding. */
#include "utf8.h"

size_t dsr_utf8_valid_prefix(const uint8_t *p, size_t len)
{
	if (len == 0)
		return 0;
	uint8_t c = p[0];
	if (c < 0x80)
		return 1;
	size_t n;
	uint32_t cp, min;
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2; cp = c & 0x1f; min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3; cp = c & 0x0f; min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4; cp = c & 0x07; min = 0x10000;
	} else {
		return 0;
	}
	if (len < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

uint32_t dsr_utf8_decode(const uint8_t *p, size_t len, size_t *adv)
{
	size_t n = dsr_utf8_valid_prefix(p, len);
	if (n == 0) {
		*adv = 1;
		return 0xfffd;
	}
	*adv = n;
	if (n == 1)
		return p[0];
	uint32_t cp = p[0] & (0x7f >> n);
	for (size_t i = 1; i < n; i++)
		cp = (cp << 6) | (p[i] & 0x3f);
	return cp;
}

bool dsr_utf8_valid(const uint8_t *p, size_t len)
{
	size_t i = 0;
	while (i < len) {
		if (p[i] == 0)
			return false;
		size_t n = dsr_utf8_valid_prefix(p + i, len - i);
		if (n == 0)
			return false;
		i += n;
	}
	return true;
}
