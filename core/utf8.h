/* utf8.h: UTF-8 validation and decoding that never reads past `len`. */
#ifndef DOSSIER_UTF8_H
#define DOSSIER_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Length (1..4) of the well-formed UTF-8 sequence at p, or 0 when the bytes
 * at p are not one (overlong, surrogate, truncated, > U+10FFFF).  For ASCII
 * the answer is 1. */
size_t dsr_utf8_valid_prefix(const uint8_t *p, size_t len);
/* Decode one code point at p; on malformed input returns U+FFFD and sets
 * *adv to 1 so callers always make progress. */
uint32_t dsr_utf8_decode(const uint8_t *p, size_t len, size_t *adv);
/* True when all of p[0..len) is well-formed UTF-8 with no NUL bytes. */
bool dsr_utf8_valid(const uint8_t *p, size_t len);

#endif
