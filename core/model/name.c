/* name.c: normalised identity keys of actor names (see name.h). */
#include "name.h"
#include "utf8.h"

#include <stdint.h>
#include <string.h>
#include <strings.h>

/* Code points that the key drops as punctuation or spacing. */
static int is_dropped(uint32_t cp)
{
	switch (cp) {
	case 0x00a0: case 0x00ab: case 0x00ad: case 0x00b7: case 0x00bb:
	case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014:
	case 0x2018: case 0x2019: case 0x201a: case 0x201c: case 0x201d:
	case 0x201e: case 0x2026: case 0x2032: case 0x202f: case 0x3000:
	case 0xfeff: case 0xfffd:
		return 1;
	default:
		return cp >= 0x2000 && cp <= 0x200b;
	}
}

size_t dsr_name_key(const char *name, size_t len, char *out, size_t cap)
{
	const uint8_t *p = (const uint8_t *)name, *end = p + len;
	size_t o = 0;
	if (cap == 0)
		return 0;
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n'))
		p++;
	/* A leading article is not part of the name ("The Telegraph"). */
	if (end - p > 4 && strncasecmp((const char *)p, "the", 3) == 0 &&
	    (p[3] == ' ' || p[3] == '\t'))
		p += 4;
	while (p < end) {
		size_t adv;
		uint32_t cp = dsr_utf8_decode(p, (size_t)(end - p), &adv);
		if (cp < 0x80) {
			if (cp >= 'A' && cp <= 'Z')
				cp += 'a' - 'A';
			if (((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) &&
			    o + 1 < cap)
				out[o++] = (char)cp;
			p += adv;
			continue;
		}
		if (is_dropped(cp)) {
			p += adv;
			continue;
		}
		/* Latin-1 capitals fold to their lower case. */
		if ((cp >= 0xc0 && cp <= 0xde && cp != 0xd7))
			cp += 0x20;
		uint8_t enc[4];
		size_t n;
		if (cp < 0x800) {
			enc[0] = (uint8_t)(0xc0 | (cp >> 6));
			enc[1] = (uint8_t)(0x80 | (cp & 0x3f));
			n = 2;
		} else {
			n = adv;
			memcpy(enc, p, n);
		}
		if (o + n >= cap)
			break;
		memcpy(out + o, enc, n);
		o += n;
		p += adv;
	}
	out[o] = 0;
	return o;
}
