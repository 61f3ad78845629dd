/* apply.c: the views' dispatcher and what all views share: stamps, record
 * encoding, composite keys, the digest and rebuild.
 *
 * The rule every view follows: its tables are a function of the *set* of
 * events stored, never of their order.  Single values are decided by the
 * greatest stamp (hlc, origin, seq); counts are sums over winning facts;
 * clusters of names are recomputed from the whole connected component
 * (view_cluster.c).  docs/store.md has the table layout. */
#include "view/impl.h"
#include "base/api.h"
#include "error.h"
#include "validate.h"

#include <errno.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

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
	case DPB__EVENT__PAYLOAD_ARTICLE: return dsr__view_article(w, ev);
	case DPB__EVENT__PAYLOAD_ACTOR: return dsr__view_mention(w, ev);
	case DPB__EVENT__PAYLOAD_NAMES: return dsr__view_names(w, ev);
	case DPB__EVENT__PAYLOAD_CLAIM: return dsr__view_claim(w, ev);
	case DPB__EVENT__PAYLOAD_ASSESSED: return dsr__view_assessed(w, ev);
	case DPB__EVENT__PAYLOAD_ENTRY: return dsr__view_entry(w, ev);
	case DPB__EVENT__PAYLOAD_AMENDED: return dsr__view_amended(w, ev);
	case DPB__EVENT__PAYLOAD_NOTE: return dsr__view_note(w, ev);
	case DPB__EVENT__PAYLOAD_CURATED: return dsr__view_curated(w, ev);
	default: return DSR_EPAYLOAD;
	}
}

int dsr__view_finish(dsr__wtx *w)
{
	return dsr__cluster_finish(w);
}
