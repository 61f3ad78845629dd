/* bundle.c: the bundle file's header, and version vectors written as text
 * (`dossier bundle create --since`).  A bundle's body is the PeerMsg stream
 * a peer would send (docs/bundle.md), read and checked by the session (session.c, recv.c). */
#include "repl.h"
#include "base/api.h"
#include "error.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

void dsr_bundle_header(uint8_t out[DSR_BUNDLE_HDR])
{
	memcpy(out, DSR_BUNDLE_MAGIC, 8);
	dsr__put_be32(out + 8, DSR_BUNDLE_VERSION);
	dsr__put_be32(out + 12, 0);  /* flags: none defined */
}

int dsr_bundle_check_header(const uint8_t *p, size_t n)
{
	if (n < DSR_BUNDLE_HDR || memcmp(p, DSR_BUNDLE_MAGIC, 8) != 0)
		return DSR_EDECODE;
	uint32_t v = (uint32_t)p[8] << 24 | (uint32_t)p[9] << 16 | (uint32_t)p[10] << 8 | p[11];
	if (v == 0)
		return DSR_EDECODE;
	return v > DSR_BUNDLE_VERSION ? DSR_EFORMAT : 0;
}

bool dsr_bundle_ack(const Dpb__PeerMsg *m, Dpb__PeerAck *ack)
{
	dsr_head h;
	if (m->body_case != DPB__PEER_MSG__BODY_EVENTS || !m->events->head.len ||
	    dsr_head_decode(m->events->head.data, m->events->head.len, &h))
		return false;
	dpb__peer_ack__init(ack);
	ack->origin = m->events->origin;
	ack->seq = ack->have = h.seq;
	return true;
}

int dsr_vector_parse(const char *text,
		     int (*fn)(void *ctx, const uint8_t origin[DSR_ORIGIN_LEN], uint64_t seq),
		     void *ctx)
{
	const char *p = text;
	for (;;) {
		while (*p && (isspace((unsigned char)*p) || *p == ','))
			p++;
		if (!*p)
			return 0;
		if (*p == '#') {  /* a comment to the end of the line */
			while (*p && *p != '\n')
				p++;
			continue;
		}
		char hex[2 * DSR_ORIGIN_LEN + 1];
		size_t n = 0;
		while (isxdigit((unsigned char)p[n]) && n < sizeof hex - 1)
			n++;
		if (n != 2 * DSR_ORIGIN_LEN || (p[n] != ':' && p[n] != ' ' && p[n] != '\t'))
			return DSR_EINVAL;
		memcpy(hex, p, n);
		hex[n] = 0;
		uint8_t origin[DSR_ORIGIN_LEN];
		if (dsr_unhex(hex, origin, DSR_ORIGIN_LEN))
			return DSR_EINVAL;
		p += n + 1;
		while (*p == ' ' || *p == '\t')
			p++;
		if (!isdigit((unsigned char)*p))
			return DSR_EINVAL;
		errno = 0;
		char *end;
		unsigned long long seq = strtoull(p, &end, 10);
		if (errno)
			return DSR_EINVAL;
		p = end;
		int rc = fn(ctx, origin, seq);
		if (rc)
			return rc;
	}
}
