/* import_batch.h: an export's events cut into Append requests that
 * dossierd will accept: each origin's events in seq order, every request's
 * part of an origin ending at a signed head of that origin (see Append in
 * proto/wire.proto), no request over the frame limit. */
#ifndef DOSSIER_CLIENT_IMPORT_BATCH_H
#define DOSSIER_CLIENT_IMPORT_BATCH_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"

/* What was read from the document: events in document order, and heads. */
struct imp {
	uint8_t **ev;
	size_t *len;
	size_t n, cap;
	dsr_head *heads;
	size_t nh, caph;
};

/* One request: events ev[idx[0..n)] (indices into the document) and the
 * heads to send with them.  Returns 0 to go on. */
typedef int (*imp_send_fn)(void *ctx, const size_t *idx, size_t n,
			   const dsr_head *heads, size_t nh);

/* Cuts the document into requests of at most max_events events and
 * max_bytes bytes (as encoded) and calls send for each, in an order that
 * keeps every origin's runs in seq order.  Per origin the events are cut
 * after each event a head names; a part between two heads that is larger
 * than a request is sent anyway, split, and the daemon refuses it (unless
 * it holds it already): only `dossier sync` or a bundle can carry it.
 * Events after an origin's last head (or of an origin with none, as in
 * exports written before heads were added) go without a head: the daemon
 * takes them only as duplicates.  Returns send's first non-zero return. */
int imp_batches(const struct imp *im, size_t max_events, size_t max_bytes,
		imp_send_fn send, void *ctx);

#endif
