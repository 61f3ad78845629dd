/* base/api.h: what the base layer offers the layers above it inside the
 * core (its public part is in ../buf.h, ../arena.h, ../utf8.h, ../error.h,
 * ../hlc.h and ../jsonparse.h): big-endian integers, varints, calendar arithmetic
 * and encoding a protobuf-c message into a buffer.  Nothing outside core/
 * includes it but white-box tests. */
#ifndef DOSSIER_BASE_API_H
#define DOSSIER_BASE_API_H

#include <protobuf-c/protobuf-c.h>
#include <stdbool.h>
#include <stdint.h>

#include "buf.h"

/* ---- big-endian integers ------------------------------------------------
 * Keys are compared as bytes by LMDB, so numbers in keys and values are
 * big-endian to sort as numbers. */

static inline void dsr__put_be64(uint8_t *p, uint64_t v)
{
	for (int i = 7; i >= 0; i--, v >>= 8)
		p[i] = (uint8_t)v;
}

static inline uint64_t dsr__get_be64(const uint8_t *p)
{
	uint64_t v = 0;
	for (int i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

static inline void dsr__put_be32(uint8_t *p, uint32_t v)
{
	for (int i = 3; i >= 0; i--, v >>= 8)
		p[i] = (uint8_t)v;
}

static inline uint32_t dsr__get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* ---- unsigned LEB128 varints of 32 bits ------------------------------------
 * Seven bits a byte, low first, the top bit set on all but the last: the
 * search index's positions and the lengths in its blocks. */

#define DSR__VARINT_MAX 5

/* Writes v at p (room for DSR__VARINT_MAX bytes); returns the bytes. */
static inline size_t dsr__varint_put(uint8_t *p, uint32_t v)
{
	size_t n = 0;
	while (v >= 0x80) {
		p[n++] = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	p[n++] = (uint8_t)v;
	return n;
}

/* Reads a varint at *at (before end) into *v and moves *at past it; false
 * when it runs past end or past DSR__VARINT_MAX bytes. */
static inline bool dsr__varint_get(const uint8_t **at, const uint8_t *end, uint32_t *v)
{
	uint32_t x = 0;
	for (int shift = 0; shift < 7 * DSR__VARINT_MAX; shift += 7) {
		if (*at >= end)
			return false;
		uint8_t b = *(*at)++;
		x |= (uint32_t)(b & 0x7f) << shift;
		if (!(b & 0x80)) {
			*v = x;
			return true;
		}
	}
	return false;
}

/* ---- hashes (hashset.c) ----------------------------------------------------- */

/* A 64-bit hash of n bytes, the same on every machine. */
uint64_t dsr__hash(const void *p, size_t n);
/* A set of 64-bit hashes (open addressing; 0 and 1 are one value: the
 * low bit is set on the way in). */
struct dsr__hset {
	uint64_t *slot;
	size_t cap, n;
};
/* Room for about `expect` without growing; 0 or -ENOMEM. */
int dsr__hset_init(struct dsr__hset *s, size_t expect);
/* 0 (added, or there already) or -ENOMEM. */
int dsr__hset_add(struct dsr__hset *s, uint64_t h);
bool dsr__hset_has(const struct dsr__hset *s, uint64_t h);
void dsr__hset_free(struct dsr__hset *s);

/* ---- name-based UUIDs (uuid5.c) -------------------------------------------
 * RFC 4122 version 5: SHA-1 over the namespace's 16 bytes and the name.  For
 * ids other producers must compute alike (STIX cyber-observables); dossier's
 * own name-based ids use BLAKE2b (export/jsonw.c). */

/* SHA-1 of p (interoperability only: never for integrity). */
void dsr__sha1(const void *p, size_t n, uint8_t out[20]);
/* The version 5 UUID of name in namespace ns, as 36 characters. */
void dsr__uuid5(char out[37], const uint8_t ns[16], const void *name, size_t n);

/* ---- the calendar (calendar.c) -------------------------------------------
 * Proleptic Gregorian arithmetic: pure integer code, no time zone, no
 * locale, the same answer everywhere. */

/* Days since 1970-01-01 of a date, and back. */
int64_t dsr__days(int y, int m, int d);
void dsr__civil(int64_t days, int *y, int *m, int *d);
/* 1 = Monday .. 7 = Sunday. */
int dsr__weekday(int y, int m, int d);
/* ISO 8601 week-numbering year and week of a date. */
void dsr__isoweek(int y, int m, int d, int *wy, int *w);
/* Days in month m of year y (0 for a month out of range). */
int dsr__mdays(int y, int m);
/* Parses a calendar day "YYYY-MM-DD" (optionally followed by a time), the
 * way the extractor reads a publication date; false when it is not one. */
bool dsr__parse_date(const char *s, int *y, int *m, int *d);

/* ---- protobuf ------------------------------------------------------------ */

/* Encodes a protobuf-c message into buf (reset first).  0 or -ENOMEM. */
int dsr__pack(dsr_buf *buf, const ProtobufCMessage *m);

#endif
