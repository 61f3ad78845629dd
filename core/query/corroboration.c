/* corroboration.c: a claim's figures — its proposition, the independent
 * reports corroborating and contradicting it, its confidence — read from
 * the proposition the views keep (view/prop.c): two point reads a claim,
 * whatever the size of the store. */
#include "confidence.h"
#include "error.h"
#include "query/impl.h"

#include <string.h>

int dsr_claim_judge(dsr_rtxn *t, const uint8_t id[16], int stance, int status,
		    dsr_claim_judgement *out)
{
	memset(out, 0, sizeof *out);
	MDB_val k = { DSR_ID_LEN, (void *)id }, v;
	int rc = dsr__mdb_err(mdb_get(t->txn, t->s->dbi[DSR__DB_V_CPROP], &k, &v));
	if (rc)
		return rc;
	Dpb__ClaimPropRec *c = dpb__claim_prop_rec__unpack(NULL, v.mv_size, v.mv_data);
	if (!c || c->prop.len != DSR_ID_LEN) {
		if (c)
			dpb__claim_prop_rec__free_unpacked(c, NULL);
		return DSR_ECORRUPT;
	}
	memcpy(out->proposition, c->prop.data, DSR_ID_LEN);
	dpb__claim_prop_rec__free_unpacked(c, NULL);
	Dpb__PropRec *p = NULL;
	rc = dsr__prop_get(t, out->proposition, &p);
	if (rc)
		return rc;
	int s = stance ? 1 : 0;
	out->sources = p->n_sources > (size_t)s ? p->sources[s] : 0;
	out->publishers = p->n_outlets > (size_t)s ? p->outlets[s] : 0;
	uint32_t same = p->n_reports > (size_t)s ? p->reports[s] : 0;
	out->corroborating = same ? same - 1 : 0;
	out->contradicting = p->n_reports > (size_t)!s ? p->reports[!s] : 0;
	uint64_t wf = p->n_weight > 0 ? p->weight[0] : 0;
	uint64_t wa = p->n_weight > 1 ? p->weight[1] : 0;
	uint32_t conf = dsr_prop_confidence(wf, wa);
	/* what the claim says: the proposition, or its denial */
	out->confidence = s ? 100 - conf : conf;
	/* analysts' verdicts on the claim itself have the last word */
	if (status == DPB__CLAIM_STATUS__STATUS_CONFIRMED && out->confidence < 90)
		out->confidence = 90;
	if (status == DPB__CLAIM_STATUS__STATUS_DISPUTED && out->confidence > 30)
		out->confidence = 30;
	if (status == DPB__CLAIM_STATUS__STATUS_RETRACTED)
		out->confidence = 0;
	out->likelihood = dsr_likelihood(out->confidence);
	dpb__prop_rec__free_unpacked(p, NULL);
	return 0;
}
