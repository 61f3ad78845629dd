/* uuid5.c: name-based UUIDs as RFC 4122 (section 4.3) defines version 5:
 * SHA-1 of a namespace UUID's 16 bytes followed by the name, its first 16
 * bytes with the version and variant bits set.  STIX 2.1 names its
 * cyber-observables' ids this way, so that every producer gives an
 * observable the same id; SHA-1 is here for that interoperability only,
 * never for integrity (the log uses BLAKE2b). */
#include "base/api.h"

#include <stdio.h>
#include <string.h>

typedef struct sha1 {
	uint32_t h[5];
	uint8_t blk[64];
	size_t used;      /* bytes in blk */
	uint64_t total;   /* bytes hashed */
} sha1;

static uint32_t rol(uint32_t v, int n)
{
	return v << n | v >> (32 - n);
}

static void sha1_block(sha1 *s, const uint8_t *p)
{
	uint32_t w[80];
	for (int i = 0; i < 16; i++)
		w[i] = dsr__get_be32(p + 4 * i);
	for (int i = 16; i < 80; i++)
		w[i] = rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
	uint32_t a = s->h[0], b = s->h[1], c = s->h[2], d = s->h[3], e = s->h[4];
	for (int i = 0; i < 80; i++) {
		uint32_t f, k;
		if (i < 20) {
			f = (b & c) | (~b & d);
			k = 0x5a827999u;
		} else if (i < 40) {
			f = b ^ c ^ d;
			k = 0x6ed9eba1u;
		} else if (i < 60) {
			f = (b & c) | (b & d) | (c & d);
			k = 0x8f1bbcdcu;
		} else {
			f = b ^ c ^ d;
			k = 0xca62c1d6u;
		}
		uint32_t t = rol(a, 5) + f + e + k + w[i];
		e = d;
		d = c;
		c = rol(b, 30);
		b = a;
		a = t;
	}
	s->h[0] += a;
	s->h[1] += b;
	s->h[2] += c;
	s->h[3] += d;
	s->h[4] += e;
}

static void sha1_init(sha1 *s)
{
	static const uint32_t iv[5] = { 0x67452301u, 0xefcdab89u, 0x98badcfeu, 0x10325476u,
					0xc3d2e1f0u };
	memcpy(s->h, iv, sizeof iv);
	s->used = 0;
	s->total = 0;
}

static void sha1_update(sha1 *s, const uint8_t *p, size_t n)
{
	s->total += n;
	while (n) {
		size_t k = 64 - s->used < n ? 64 - s->used : n;
		memcpy(s->blk + s->used, p, k);
		s->used += k;
		p += k;
		n -= k;
		if (s->used == 64) {
			sha1_block(s, s->blk);
			s->used = 0;
		}
	}
}

static void sha1_final(sha1 *s, uint8_t out[20])
{
	uint64_t bits = s->total * 8;
	static const uint8_t one = 0x80, zero = 0;
	sha1_update(s, &one, 1);
	while (s->used != 56)
		sha1_update(s, &zero, 1);
	uint8_t len[8];
	dsr__put_be64(len, bits);
	sha1_update(s, len, 8);
	for (int i = 0; i < 5; i++)
		dsr__put_be32(out + 4 * i, s->h[i]);
}

void dsr__sha1(const void *p, size_t n, uint8_t out[20])
{
	sha1 s;
	sha1_init(&s);
	sha1_update(&s, p, n);
	sha1_final(&s, out);
}

void dsr__uuid5(char out[37], const uint8_t ns[16], const void *name, size_t n)
{
	sha1 s;
	uint8_t h[20];
	sha1_init(&s);
	sha1_update(&s, ns, 16);
	sha1_update(&s, name, n);
	sha1_final(&s, h);
	h[6] = (uint8_t)((h[6] & 0x0f) | 0x50);
	h[8] = (uint8_t)((h[8] & 0x3f) | 0x80);
	static const char hx[] = "0123456789abcdef";
	size_t o = 0;
	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[o++] = '-';
		out[o++] = hx[h[i] >> 4];
		out[o++] = hx[h[i] & 15];
	}
	out[o] = 0;
}
