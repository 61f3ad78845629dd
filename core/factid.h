/* factid.h: content-derived ids of articles and facts, and event hashes.
 *
 * Why content-derived: the same fact extracted from the same article on two
 * replicas must get the same id, so the views hold it once however many
 * events carry it (see the comment at the top of proto/event.proto).
 */
#ifndef DOSSIER_FACTID_H
#define DOSSIER_FACTID_H

#include <stddef.h>
#include <stdint.h>

#define DSR_ID_LEN 16     /* article and fact ids: BLAKE2b-128 */
#define DSR_HASH_LEN 32   /* event hashes: BLAKE2b-256 */
#define DSR_ORIGIN_LEN 32 /* replica ids: Ed25519 public keys */

/* id = BLAKE2b-128(text). */
void dsr_article_id(const void *text, size_t len, uint8_t out[DSR_ID_LEN]);
/* id of an extracted fact: the article id's first 8 bytes, then the first 8
 * bytes of BLAKE2b(kind "\0" article anchor).  Hand-made facts (no article)
 * have 8 zero bytes first. */
void dsr_fact_id(const char *kind, const uint8_t article[DSR_ID_LEN],
		 const void *anchor, size_t anchor_len, uint8_t out[DSR_ID_LEN]);
/* id of an actor mention: the anchor is the name's identity key. */
void dsr_actor_fact_id(const uint8_t article[DSR_ID_LEN], const char *name,
		       uint8_t out[DSR_ID_LEN]);
/* id of a span-anchored fact ("claim", "entry"). */
void dsr_span_fact_id(const char *kind, const uint8_t article[DSR_ID_LEN],
		      uint32_t start, uint32_t end, uint8_t out[DSR_ID_LEN]);
/* id of a fact an analyst added by hand: derived from its event. */
void dsr_event_fact_id(const char *kind, const uint8_t origin[DSR_ORIGIN_LEN],
		       uint64_t seq, uint8_t out[DSR_ID_LEN]);
/* BLAKE2b-256 of an encoded event: the link of the per-origin hash chain. */
void dsr_event_hash(const void *bytes, size_t len, uint8_t out[DSR_HASH_LEN]);

/* Lower-case hex of n bytes into out (2n+1 bytes). */
void dsr_hex(const uint8_t *p, size_t n, char *out);
/* Parse exactly 2n hex digits; returns 0 or -EINVAL. */
int dsr_unhex(const char *s, uint8_t *out, size_t n);

#endif
