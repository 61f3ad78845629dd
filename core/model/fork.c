/* fork.c: fork evidence — proof, checkable by any replica, that an
 * origin signed two histories that cannot both be true.  A replica that
 * finds or receives it quarantines the origin and passes the evidence on,
 * so every replica ends up quarantining it (docs/replication.md). */
#include "chain.h"
#include "proto/peer.pb-c.h"
#include "error.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int dsr_fork_verify(const uint8_t *p, size_t n, uint8_t origin[DSR_ORIGIN_LEN],
		    uint64_t *seq_a, uint64_t *seq_b)
{
	Dpb__ForkEvidence *fe = dpb__fork_evidence__unpack(NULL, n, p);
	if (!fe)
		return DSR_EDECODE;
	dsr_head a, b;
	int rc = 0;
	const uint8_t **ev = NULL;
	size_t *len = NULL;
	if (dsr_head_decode(fe->head_a.data, fe->head_a.len, &a) ||
	    dsr_head_decode(fe->head_b.data, fe->head_b.len, &b) ||
	    fe->n_events > DSR_CHAIN_MAX_EVENTS) {
		rc = DSR_EDECODE;
		goto out;
	}
	if (memcmp(a.origin, b.origin, DSR_ORIGIN_LEN) != 0 || a.seq > b.seq || a.seq == 0) {
		rc = DSR_EINVAL;
		goto out;
	}
	if (!dsr_head_verify(&a) || !dsr_head_verify(&b)) {
		rc = DSR_EBADSIG;
		goto out;
	}
	if (fe->n_events == 0) {
		/* Two signatures on one seq with different hashes. */
		if (a.seq != b.seq || memcmp(a.hash, b.hash, DSR_HASH_LEN) == 0)
			rc = DSR_EINVAL;
		goto out;
	}
	ev = malloc(fe->n_events * sizeof *ev);
	len = malloc(fe->n_events * sizeof *len);
	if (!ev || !len) {
		rc = -ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < fe->n_events; i++) {
		ev[i] = fe->events[i].data;
		len[i] = fe->events[i].len;
	}
	/* b's chain from a.seq + 1 up to b, whose first link is not a. */
	if ((rc = dsr_chain_check(&b, ev, len, fe->n_events, NULL)))
		goto out;
	dsr_envelope e;
	if ((rc = dsr_envelope_scan(ev[0], len[0], &e)))
		goto out;
	if (e.seq != a.seq + 1 || (e.prev_len == DSR_HASH_LEN &&
				    memcmp(e.prev, a.hash, DSR_HASH_LEN) == 0))
		rc = DSR_EINVAL;
out:
	if (rc == 0) {
		memcpy(origin, a.origin, DSR_ORIGIN_LEN);
		*seq_a = a.seq;
		*seq_b = b.seq;
	}
	free(ev);
	free(len);
	dpb__fork_evidence__free_unpacked(fe, NULL);
	return rc;
}

int dsr_fork_encode(const dsr_head *a, const dsr_head *b,
		    const uint8_t *const *ev, const size_t *len, size_t n,
		    dsr_buf *out)
{
	uint8_t ha[DSR_HEAD_LEN], hb[DSR_HEAD_LEN];
	dsr_head_encode(a, ha);
	dsr_head_encode(b, hb);
	Dpb__ForkEvidence fe = DPB__FORK_EVIDENCE__INIT;
	fe.head_a.data = ha;
	fe.head_a.len = sizeof ha;
	fe.head_b.data = hb;
	fe.head_b.len = sizeof hb;
	ProtobufCBinaryData *bin = NULL;
	if (n) {
		bin = malloc(n * sizeof *bin);
		if (!bin)
			return -ENOMEM;
		for (size_t i = 0; i < n; i++) {
			bin[i].data = (uint8_t *)ev[i];
			bin[i].len = len[i];
		}
	}
	fe.n_events = n;
	fe.events = bin;
	size_t need = dpb__fork_evidence__get_packed_size(&fe);
	out->len = 0;
	int rc = dsr_buf_reserve(out, need);
	if (rc == 0)
		out->len = dpb__fork_evidence__pack(&fe, out->data);
	free(bin);
	return rc;
}
