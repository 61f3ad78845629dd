/* outbox.c: what a session's halves (send.c, recv.c) and its driver
 * (session.c) share: what we know of each origin on the peer's side, the
 * frames queued to send, reports to the session's owner, and the queue of
 * work for the store (verified batches, quarantines). */
#include "repl/impl.h"
#include "error.h"
#include "frame.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void dsr__repl_apply_free(dsr_repl_apply *a)
{
	if (!a)
		return;
	dsr_arena_release(&a->decoded);
	dsr_buf_free(&a->data);
	free(a->offs);
	free(a->ops);
	free(a);
}

const char *dsr__repl_short(const uint8_t *origin, char buf[17])
{
	dsr_hex(origin, 8, buf);
	return buf;
}

void dsr__repl_report(dsr_repl *r, int err, const char *fmt, ...)
{
	if (!r->report)
		return;
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	r->report(r->report_ctx, err, msg);
}

struct porigin *dsr__repl_po(dsr_repl *r, const uint8_t *origin, bool create)
{
	size_t lo = 0, hi = r->npo;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = memcmp(r->po[mid].origin, origin, DSR_ORIGIN_LEN);
		if (c == 0)
			return &r->po[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!create)
		return NULL;
	if (r->npo == r->capo) {
		size_t cap = r->capo ? 2 * r->capo : 16;
		struct porigin *p = realloc(r->po, cap * sizeof *p);
		if (!p)
			return NULL;
		r->po = p;
		r->capo = cap;
	}
	memmove(r->po + lo + 1, r->po + lo, (r->npo - lo) * sizeof *r->po);
	r->npo++;
	memset(&r->po[lo], 0, sizeof r->po[lo]);
	memcpy(r->po[lo].origin, origin, DSR_ORIGIN_LEN);
	return &r->po[lo];
}

int dsr__repl_emit(dsr_repl *r, const Dpb__PeerMsg *m)
{
	size_t n = dpb__peer_msg__get_packed_size(m);
	uint8_t pre[16];
	size_t plen = 0;
	if (r->flags & DSR_REPL_WRAP) {
		/* Request/Response body 64 (a length-delimited field). */
		uint64_t v = (uint64_t)64 << 3 | 2;
		for (int k = 0; k < 2; k++) {
			while (v >= 0x80) {
				pre[plen++] = (uint8_t)(v | 0x80);
				v >>= 7;
			}
			pre[plen++] = (uint8_t)v;
			v = n;
		}
	}
	if (plen + n > DSR_FRAME_MAX)
		return DSR_ETOOBIG;
	if (dsr_buf_reserve(&r->out, DSR_FRAME_HDR + plen + n))
		return -ENOMEM;
	uint8_t *p = r->out.data + r->out.len;
	dsr_frame_header(p, (uint32_t)(plen + n));
	memcpy(p + DSR_FRAME_HDR, pre, plen);
	dpb__peer_msg__pack(m, p + DSR_FRAME_HDR + plen);
	r->out.len += DSR_FRAME_HDR + plen + n;
	return 0;
}

int dsr__repl_send_fork(dsr_repl *r, const uint8_t *evidence, size_t len)
{
	Dpb__PeerFork f = DPB__PEER_FORK__INIT;
	f.evidence.data = (uint8_t *)evidence;
	f.evidence.len = len;
	Dpb__PeerMsg m = DPB__PEER_MSG__INIT;
	m.body_case = DPB__PEER_MSG__BODY_FORK;
	m.fork = &f;
	return dsr__repl_emit(r, &m);
}

bool dsr__repl_is_quarantined(dsr_repl *r, dsr_rtxn *t, const uint8_t *origin)
{
	struct porigin *p = dsr__repl_po(r, origin, false);
	return (p && p->quarantining) || dsr_quarantined(t, origin, NULL, NULL);
}

int dsr__repl_quarantine(dsr_repl *r, const uint8_t *origin, const uint8_t *evidence,
			 size_t len)
{
	struct porigin *p = dsr__repl_po(r, origin, true);
	if (!p)
		return -ENOMEM;
	p->quarantining = true;
	dsr_repl_apply *a = calloc(1, sizeof *a);
	if (!a || !(a->ops = calloc(1, sizeof *a->ops)) ||
	    dsr_buf_append(&a->data, evidence, len)) {
		dsr__repl_apply_free(a);
		return -ENOMEM;
	}
	a->kind = APPLY_QUARANTINE;
	a->nops = 1;
	a->ops[0].type = DSR_OP_QUARANTINE;
	a->ops[0].bytes = a->data.data;
	a->ops[0].len = a->data.len;
	*r->ready_tail = a;
	r->ready_tail = &a->next;
	r->nready++;
	return 0;
}
