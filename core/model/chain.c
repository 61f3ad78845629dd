/* chain.c: the checks a received batch passes before anything of it is
 * written (see chain.h): one signature (the batch's head), then per event
 * only a hash and a few envelope fields read straight from its bytes.  Verifying one
 * signature per batch instead of one per event is what lets catch-up run
 * at the store's speed (docs/replication.md). */
#include "chain.h"
#include "error.h"

#include <string.h>

/* Reads a varint at *p (< end).  Returns 0 or -1. */
static int varint(const uint8_t **p, const uint8_t *end, uint64_t *v)
{
	uint64_t x = 0;
	for (int shift = 0; shift < 64; shift += 7) {
		if (*p >= end)
			return -1;
		uint8_t b = *(*p)++;
		x |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80)) {
			*v = x;
			return 0;
		}
	}
	return -1;
}

int dsr_envelope_scan(const uint8_t *p, size_t n, dsr_envelope *e)
{
	const uint8_t *end = p + n;
	memset(e, 0, sizeof *e);
	while (p < end) {
		uint64_t tag, v;
		if (varint(&p, end, &tag) || (tag >> 3) == 0)
			return DSR_EDECODE;
		unsigned field = (unsigned)(tag >> 3);
		switch (tag & 7) {
		case 0:
			if (varint(&p, end, &v))
				return DSR_EDECODE;
			if (field == 3)
				e->seq = v;
			break;
		case 1:
			if (end - p < 8)
				return DSR_EDECODE;
			p += 8;
			break;
		case 5:
			if (end - p < 4)
				return DSR_EDECODE;
			p += 4;
			break;
		case 2:
			if (varint(&p, end, &v) || v > (uint64_t)(end - p))
				return DSR_EDECODE;
			/* Singular fields: the last occurrence wins, as in
			 * the full decoder the store uses. */
			if (field == 2) {
				e->origin = p;
				e->origin_len = (size_t)v;
			} else if (field == 6) {
				e->prev = p;
				e->prev_len = (size_t)v;
			}
			p += v;
			break;
		default:
			return DSR_EDECODE;
		}
	}
	return 0;
}

int dsr_chain_check(const dsr_head *head, const uint8_t *const *ev,
		    const size_t *len, size_t n, uint8_t (*hashes)[DSR_HASH_LEN])
{
	if (n == 0)
		return DSR_EGAP;
	if (!dsr_head_verify(head))
		return DSR_EBADSIG;
	uint8_t prev[DSR_HASH_LEN], h[DSR_HASH_LEN];
	uint64_t first = 0;
	for (size_t i = 0; i < n; i++) {
		dsr_envelope e;
		int rc = dsr_envelope_scan(ev[i], len[i], &e);
		if (rc)
			return rc;
		if (e.origin_len != DSR_ORIGIN_LEN ||
		    memcmp(e.origin, head->origin, DSR_ORIGIN_LEN) != 0)
			return DSR_EINVAL;
		if (i == 0) {
			first = e.seq;
			if (first == 0)
				return DSR_EGAP;
		} else if (e.seq != first + i) {
			return DSR_EGAP;
		}
		if (i > 0 && (e.prev_len != DSR_HASH_LEN ||
			      memcmp(e.prev, prev, DSR_HASH_LEN) != 0))
			return DSR_EBADSIG;
		if (i == 0 && e.prev_len != (e.seq == 1 ? 0 : DSR_HASH_LEN))
			return DSR_EBADSIG;
		dsr_event_hash(ev[i], len[i], h);
		if (hashes)
			memcpy(hashes[i], h, DSR_HASH_LEN);
		memcpy(prev, h, DSR_HASH_LEN);
	}
	if (first + n - 1 != head->seq)
		return DSR_EGAP;
	if (memcmp(h, head->hash, DSR_HASH_LEN) != 0)
		return DSR_EBADSIG;
	return 0;
}
