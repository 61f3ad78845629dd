/* auth.c: the key proof of the peer handshake.  Each side signs a
 * transcript naming its role, both public keys and both nonces, so a
 * signature proves possession of the key for this connection only: it
 * cannot be replayed on another (fresh nonces), reflected back at its
 * signer (the role), or moved to another pair of peers (the keys).
 * docs/replication.md describes the exchange. */
#include "repl.h"
#include "error.h"

#include <sodium.h>
#include <string.h>

#define AUTH_TAG "dossier-peer-auth-v1"

static void transcript(bool initiator, const uint8_t ikey[32], const uint8_t inonce[32],
		       const uint8_t akey[32], const uint8_t anonce[32],
		       uint8_t out[sizeof AUTH_TAG + 1 + 4 * 32])
{
	uint8_t *p = out;
	memcpy(p, AUTH_TAG, sizeof AUTH_TAG);
	p += sizeof AUTH_TAG;
	*p++ = initiator ? 'I' : 'A';
	memcpy(p, ikey, 32);
	memcpy(p + 32, inonce, 32);
	memcpy(p + 64, akey, 32);
	memcpy(p + 96, anonce, 32);
}

void dsr_peer_auth_sign(bool initiator, const uint8_t secret[64],
			const uint8_t ikey[32], const uint8_t inonce[32],
			const uint8_t akey[32], const uint8_t anonce[32],
			uint8_t sig[DSR_PEER_SIG_LEN])
{
	uint8_t m[sizeof AUTH_TAG + 1 + 4 * 32];
	transcript(initiator, ikey, inonce, akey, anonce, m);
	crypto_sign_detached(sig, NULL, m, sizeof m, secret);
}

int dsr_peer_auth_verify(bool initiator, const uint8_t *sig, size_t siglen,
			 const uint8_t ikey[32], const uint8_t inonce[32],
			 const uint8_t akey[32], const uint8_t anonce[32])
{
	uint8_t m[sizeof AUTH_TAG + 1 + 4 * 32];
	if (siglen != DSR_PEER_SIG_LEN)
		return DSR_EAUTH;
	transcript(initiator, ikey, inonce, akey, anonce, m);
	return crypto_sign_verify_detached(sig, m, sizeof m,
					   initiator ? ikey : akey) == 0 ? 0 : DSR_EAUTH;
}
