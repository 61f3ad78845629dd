/* apply.c: the views' entry points (view/api.h): each stored event goes
 * to the applier of its payload kind (payload.h), and the end of a batch
 * to the name rule and the clustering.  view/impl.h states the rule every
 * view follows. */
#include "view/impl.h"
#include "error.h"
#include "payload.h"

int dsr__view_apply(dsr__wtx *w, const Dpb__Event *ev)
{
	/* No record read for an earlier event is in use now. */
	dsr_arena_reset(&w->recs);
	/* A forked origin's events stay in the log as evidence, but no view
	 * reflects any of them, on any replica, whichever branch it holds
	 * (docs/replication.md). */
	if (dsr__quarantined(w->s, w->txn, ev->origin.data))
		return 0;
	switch (ev->payload_case) {
#define XX(CASE, field, factid) \
	case DPB__EVENT__PAYLOAD_##CASE: return dsr__view_##field(w, ev);
	DSR_PAYLOADS(XX)
#undef XX
	DSR_PAYLOAD_NO_CASES:
		break;
	}
	return DSR_EPAYLOAD;
}

int dsr__view_finish(dsr__wtx *w)
{
	int rc = dsr__cluster_finish(w);
	return rc ? rc : dsr__prop_finish(w);
}
