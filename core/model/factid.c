/* factid.c: content-derived ids and event hashes (see factid.h). */
#include "factid.h"
#include "base/api.h"
#include "name.h"

#include <errno.h>
#include <sodium.h>
#include <string.h>

void dsr_article_id(const void *text, size_t len, uint8_t out[DSR_ID_LEN])
{
	crypto_generichash(out, DSR_ID_LEN, text, len, NULL, 0);
}

void dsr_fact_id(const char *kind, const uint8_t article[DSR_ID_LEN],
		 const void *anchor, size_t anchor_len, uint8_t out[DSR_ID_LEN])
{
	/* The first half is the article's, so an article's facts sit together
	 * in every table keyed by fact id (one range scan finds them, and
	 * filing an article touches few pages); the second half names the
	 * fact within it. */
	uint8_t h[DSR_ID_LEN / 2];
	crypto_generichash_state st;
	crypto_generichash_init(&st, NULL, 0, sizeof h);
	crypto_generichash_update(&st, (const uint8_t *)kind, strlen(kind) + 1);
	crypto_generichash_update(&st, article, DSR_ID_LEN);
	crypto_generichash_update(&st, anchor, anchor_len);
	crypto_generichash_final(&st, h, sizeof h);
	memcpy(out, article, DSR_ID_LEN / 2);
	memcpy(out + DSR_ID_LEN / 2, h, sizeof h);
}

void dsr_actor_fact_id(const uint8_t article[DSR_ID_LEN], const char *name,
		       uint8_t out[DSR_ID_LEN])
{
	char key[DSR_NAME_KEY_MAX];
	size_t n = dsr_name_key(name, strlen(name), key, sizeof key);
	dsr_fact_id("actor", article, key, n, out);
}

void dsr_span_fact_id(const char *kind, const uint8_t article[DSR_ID_LEN],
		      uint32_t start, uint32_t end, uint8_t out[DSR_ID_LEN])
{
	uint8_t a[8];
	dsr__put_be32(a, start);
	dsr__put_be32(a + 4, end);
	dsr_fact_id(kind, article, a, sizeof a, out);
}

void dsr_event_fact_id(const char *kind, const uint8_t origin[DSR_ORIGIN_LEN],
		       uint64_t seq, uint8_t out[DSR_ID_LEN])
{
	uint8_t a[DSR_ORIGIN_LEN + 8];
	memcpy(a, origin, DSR_ORIGIN_LEN);
	dsr__put_be64(a + DSR_ORIGIN_LEN, seq);
	static const uint8_t none[DSR_ID_LEN];
	dsr_fact_id(kind, none, a, sizeof a, out);
}

void dsr_event_hash(const void *bytes, size_t len, uint8_t out[DSR_HASH_LEN])
{
	crypto_generichash(out, DSR_HASH_LEN, bytes, len, NULL, 0);
}

void dsr_hex(const uint8_t *p, size_t n, char *out)
{
	static const char hx[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = hx[p[i] >> 4];
		out[2 * i + 1] = hx[p[i] & 15];
	}
	out[2 * n] = 0;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int dsr_unhex(const char *s, uint8_t *out, size_t n)
{
	if (strlen(s) != 2 * n)
		return -EINVAL;
	for (size_t i = 0; i < n; i++) {
		int h = hexval(s[2 * i]), l = hexval(s[2 * i + 1]);
		if (h < 0 || l < 0)
			return -EINVAL;
		out[i] = (uint8_t)(h << 4 | l);
	}
	return 0;
}
