/* claim.c: claims (v.claim) with their indexes by source (v.csrc) and
 * by the actors they are about (v.cabout), and analysts' assessments of
 * them (v.assess).  Indexes are keyed by name key, not by actor: a query
 * expands an actor into its names, so re-clustering never rewrites them. */
#include "view/impl.h"
#include "error.h"
#include "name.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static int index_name(dsr__wtx *w, int db, const char *name, const Dpb__Event *ev,
		      int delta)
{
	char key[DSR_NAME_KEY_MAX], ck[DSR__CLAIM_KEY_MAX];
	int rc = dsr__name_ref(w, name, delta, 0, 0, key);
	if (rc)
		return rc < 0 ? rc : 0;
	const Dpb__ClaimRecorded *c = ev->claim;
	size_t n = dsr__claim_key(ck, key, c->stance == DPB__STANCE__STANCE_DENIES, c->hedged);
	return dsr__index(w, db, ck, n, ev->hlc, c->id.data, delta);
}

static bool in_about(const Dpb__ClaimRecorded *c, const char *name)
{
	for (size_t i = 0; i < c->n_about; i++)
		if (!strcmp(c->about[i], name))
			return true;
	return false;
}

int dsr__claim_refs(dsr__wtx *w, const Dpb__Event *ev, int delta)
{
	const Dpb__ClaimRecorded *c = ev->claim;
	int rc = 0;
	if (c->source && *c->source)
		rc = index_name(w, DSR__DB_V_CSRC, c->source, ev, delta);
	for (size_t i = 0; !rc && i < c->n_about; i++)
		rc = index_name(w, DSR__DB_V_CABOUT, c->about[i], ev, delta);
	/* the frame's names are what it is about too (the extractor lists
	 * them; a claim made elsewhere may not) */
	const char *frame[2] = { c->responsible, c->target };
	for (int i = 0; !rc && i < 2; i++)
		if (frame[i] && *frame[i] && !in_about(c, frame[i]) &&
		    (i == 0 || strcmp(frame[0], frame[1])))
			rc = index_name(w, DSR__DB_V_CABOUT, frame[i], ev, delta);
	if (!rc)
		rc = dsr__prop_claim(w, ev, delta);
	if (!rc)
		rc = dsr__search_doc(w, DSR__SEARCH_CLAIM, c->id.data, ev->hlc,
				     (const uint8_t *)c->content, strlen(c->content),
				     (const uint8_t *)c->source, c->source ? strlen(c->source) : 0,
				     delta);
	return rc;
}

int dsr__view_claim(dsr__wtx *w, const Dpb__Event *ev)
{
	return dsr__fact_add(w, DSR__DB_V_CLAIM, ev->claim->id.data, ev, dsr__claim_refs);
}

static const char *status_name(int s)
{
	switch (s) {
	case DPB__CLAIM_STATUS__STATUS_CONFIRMED: return "confirmed";
	case DPB__CLAIM_STATUS__STATUS_DISPUTED: return "disputed";
	case DPB__CLAIM_STATUS__STATUS_RETRACTED: return "retracted";
	default: return "none";
	}
}

void dsr__place_word(Dpb__Placement p, ProtobufCBinaryData with, char *out, size_t n)
{
	char hex[2 * DSR_ID_LEN + 1];
	switch (p) {
	case DPB__PLACEMENT__PLACE_APART: snprintf(out, n, "apart"); break;
	case DPB__PLACEMENT__PLACE_WITH:
		dsr_hex(with.data, with.len == DSR_ID_LEN ? DSR_ID_LEN : 0, hex);
		snprintf(out, n, "with %s", hex);
		break;
	case DPB__PLACEMENT__PLACE_RULE:
	case DPB__PLACEMENT__PLACE_UNSET:
	case _DPB__PLACEMENT_IS_INT_SIZE:
		snprintf(out, n, "rule");
		break;
	}
}

/* Status, grade and placement are three single values, each decided by the greatest
 * stamp; every edit that loses is kept as a conflict. */
int dsr__view_assessed(dsr__wtx *w, const Dpb__Event *ev)
{
	const Dpb__ClaimAssessed *a = ev->assessed;
	dsr__stamp st = dsr__stamp_of(ev);
	Dpb__AssessRec *old = NULL;
	int rc = dsr__get_rec(w, DSR__DB_V_ASSESS, a->claim.data, DSR_ID_LEN,
			      &dpb__assess_rec__descriptor, (ProtobufCMessage **)&old);
	if (rc && rc != DSR_ENOTFOUND)
		return rc;
	rc = 0;
	Dpb__AssessRec rec = DPB__ASSESS_REC__INIT;
	if (old) {
		rec = *old;
		rec.base = (ProtobufCMessage)PROTOBUF_C_MESSAGE_INIT(&dpb__assess_rec__descriptor);
	}
	char target[2 * DSR_ID_LEN + 1], cur[48], val[48];
	dsr_hex(a->claim.data, DSR_ID_LEN, target);
	Dpb__Stamp s1, s2, s3;
	if (a->status != DPB__CLAIM_STATUS__STATUS_NONE) {
		int r = dsr__lww(w, target, "status", &rec.status_win, &s1,
				 status_name(rec.status), rec.status_author,
				 status_name(a->status), ev->author, &st);
		if (r > 0) {
			rec.status = a->status;
			rec.status_author = ev->author;
			rec.status_note = a->note;
		}
		rc = r < 0 ? r : 0;
	}
	bool grade = (a->reliability && *a->reliability) || a->credibility;
	if (!rc && grade) {
		snprintf(cur, sizeof cur, "%s%u", rec.reliability ? rec.reliability : "",
			 rec.credibility);
		snprintf(val, sizeof val, "%s%u", a->reliability, a->credibility);
		int r = dsr__lww(w, target, "grade", &rec.grade_win, &s2, cur, rec.grade_author,
				 val, ev->author, &st);
		if (r > 0) {
			rec.reliability = a->reliability;
			rec.credibility = a->credibility;
			rec.grade_author = ev->author;
		}
		rc = r < 0 ? r : 0;
	}
	if (!rc && a->place != DPB__PLACEMENT__PLACE_UNSET) {
		Dpb__Placement was = rec.place;
		ProtobufCBinaryData was_with = rec.place_with;
		dsr__place_word(rec.place, rec.place_with, cur, sizeof cur);
		dsr__place_word(a->place, a->with, val, sizeof val);
		int r = dsr__lww(w, target, "proposition", &rec.place_win, &s3, cur,
				 rec.place_author, val, ev->author, &st);
		if (r > 0) {
			rec.place = a->place;
			rec.place_with = a->with;
			rec.place_author = ev->author;
			rc = dsr__prop_place(w, a->claim.data,
					     was == DPB__PLACEMENT__PLACE_WITH && was_with.len == DSR_ID_LEN
						     ? was_with.data : NULL,
					     a->place == DPB__PLACEMENT__PLACE_WITH ? a->with.data : NULL);
		}
		if (!rc)
			rc = r < 0 ? r : 0;
	}
	if (!rc)
		rc = dsr__put_rec(w, DSR__DB_V_ASSESS, a->claim.data, DSR_ID_LEN, &rec.base);
	/* the claim's weight in its proposition follows its assessment */
	if (!rc)
		rc = dsr__prop_requeue_claim(w, a->claim.data);
	return rc;
}
