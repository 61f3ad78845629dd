/* head.c: signed chain heads (see chain.h): encoding, comparing, signing
 * and verifying.  Keeping them in the store is store/heads.c. */
#include "chain.h"
#include "base/api.h"
#include "error.h"

#include <sodium.h>
#include <string.h>

#define HEAD_TAG "dossier-head-v1"

static void msg(const dsr_head *h, uint8_t out[sizeof HEAD_TAG + DSR_ORIGIN_LEN + 8 + DSR_HASH_LEN])
{
	uint8_t *p = out;
	memcpy(p, HEAD_TAG, sizeof HEAD_TAG);
	p += sizeof HEAD_TAG;
	memcpy(p, h->origin, DSR_ORIGIN_LEN);
	p += DSR_ORIGIN_LEN;
	dsr__put_be64(p, h->seq);
	memcpy(p + 8, h->hash, DSR_HASH_LEN);
}

void dsr_head_encode(const dsr_head *h, uint8_t out[DSR_HEAD_LEN])
{
	memcpy(out, h->origin, DSR_ORIGIN_LEN);
	dsr__put_be64(out + DSR_ORIGIN_LEN, h->seq);
	memcpy(out + DSR_ORIGIN_LEN + 8, h->hash, DSR_HASH_LEN);
	memcpy(out + DSR_ORIGIN_LEN + 8 + DSR_HASH_LEN, h->sig, 64);
}

int dsr_head_decode(const uint8_t *p, size_t n, dsr_head *h)
{
	if (n != DSR_HEAD_LEN)
		return DSR_EINVAL;
	memcpy(h->origin, p, DSR_ORIGIN_LEN);
	h->seq = dsr__get_be64(p + DSR_ORIGIN_LEN);
	memcpy(h->hash, p + DSR_ORIGIN_LEN + 8, DSR_HASH_LEN);
	memcpy(h->sig, p + DSR_ORIGIN_LEN + 8 + DSR_HASH_LEN, 64);
	return 0;
}

int dsr_head_cmp(const void *a, const void *b)
{
	const dsr_head *x = a, *y = b;
	int c = memcmp(x->origin, y->origin, DSR_ORIGIN_LEN);
	if (c)
		return c;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

bool dsr_head_verify(const dsr_head *h)
{
	uint8_t m[sizeof HEAD_TAG + DSR_ORIGIN_LEN + 8 + DSR_HASH_LEN];
	msg(h, m);
	return crypto_sign_verify_detached(h->sig, m, sizeof m, h->origin) == 0;
}

void dsr_head_sign(dsr_head *h, const uint8_t secret[64])
{
	uint8_t m[sizeof HEAD_TAG + DSR_ORIGIN_LEN + 8 + DSR_HASH_LEN];
	msg(h, m);
	crypto_sign_detached(h->sig, NULL, m, sizeof m, secret);
}
