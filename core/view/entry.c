/* entry.c: timeline entries (v.entry), analysts' amendments to them
 * (v.amend), and the timeline's indexes by date (v.tdate) and by actor
 * (v.tactor, in date order); their groups are tgroup.c's.  An entry sits
 * in both under its effective date: the amended date when an analyst set
 * one, else the extracted date. */
#include "view/impl.h"
#include "model/api.h"
#include "base/api.h"
#include "error.h"
#include "name.h"

#include <errno.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void tdate_key(uint8_t k[8], const char *date)
{
	dsr__put_be64(k, dsr__date_sortkey(date));
}

/* The date an entry is filed under: the amended date when an analyst set
 * one, else the one its article's corrected publication date gives it,
 * else the extracted date. */
static const char *effective_date(const Dpb__EntryRecorded *e, const Dpb__AmendRec *a)
{
	return e ? dsr__entry_date(e, a, NULL) : NULL;
}

static int get_amend(dsr__wtx *w, const uint8_t *id, Dpb__AmendRec **out)
{
	*out = NULL;
	int rc = dsr__get_rec(w, DSR__DB_V_AMEND, id, DSR_ID_LEN,
			      &dpb__amend_rec__descriptor, (ProtobufCMessage **)out);
	return rc == DSR_ENOTFOUND ? 0 : rc;
}

/* Moves the entry from one date to another; NULL means not filed. */
static int tdate_move(dsr__wtx *w, const uint8_t *id, const char *from, const char *to)
{
	uint8_t k[8];
	int rc = 0;
	if (from && to && dsr__date_sortkey(from) == dsr__date_sortkey(to))
		return 0;
	if (from) {
		tdate_key(k, from);
		rc = dsr__index(w, DSR__DB_V_TDATE, k, sizeof k, 0, id, -1);
	}
	if (!rc && to) {
		tdate_key(k, to);
		rc = dsr__index(w, DSR__DB_V_TDATE, k, sizeof k, 0, id, 1);
	}
	return rc;
}

/* Moves the entry's items in its actors' index (v.tactor: by date) from
 * one date to another. */
static int tactor_move(dsr__wtx *w, const Dpb__EntryRecorded *e, const char *from,
		       const char *to)
{
	uint64_t a = dsr__date_sortkey(from), b = dsr__date_sortkey(to);
	if (a == b)
		return 0;
	char key[DSR_NAME_KEY_MAX];
	int rc = 0;
	for (size_t i = 0; !rc && i < e->n_actors; i++) {
		const char *n = e->actors[i];
		if (!n || !dsr_name_key(n, strlen(n), key, sizeof key))
			continue;
		rc = dsr__index(w, DSR__DB_V_TACTOR, key, strlen(key), a, e->id.data, -1);
		if (!rc)
			rc = dsr__index(w, DSR__DB_V_TACTOR, key, strlen(key), b, e->id.data, 1);
	}
	return rc;
}

/* What a winning entry contributes: its actors' index and its place in
 * the timeline (both under its effective date). */
int dsr__entry_refs(dsr__wtx *w, const Dpb__Event *ev, int delta)
{
	const Dpb__EntryRecorded *e = ev->entry;
	char key[DSR_NAME_KEY_MAX];
	Dpb__AmendRec *am = NULL;
	int rc = get_amend(w, e->id.data, &am);
	uint64_t sk = dsr__date_sortkey(effective_date(e, am));
	for (size_t i = 0; !rc && i < e->n_actors; i++) {
		rc = dsr__name_ref(w, e->actors[i], delta, 0, 0, key);
		if (rc) {
			rc = rc < 0 ? rc : 0;
			continue;
		}
		rc = dsr__index(w, DSR__DB_V_TACTOR, key, strlen(key), sk, e->id.data, delta);
	}
	if (!rc) {
		const char *d = effective_date(e, am);
		rc = delta > 0 ? tdate_move(w, e->id.data, NULL, d)
			       : tdate_move(w, e->id.data, d, NULL);
	}
	/* and its timeline group (tgroup.c) */
	if (!rc)
		rc = dsr__tgroup_entry(w, e->id.data, ev, am, delta);
	return rc;
}

int dsr__view_entry(dsr__wtx *w, const Dpb__Event *ev)
{
	return dsr__fact_add(w, DSR__DB_V_ENTRY, ev->entry->id.data, ev, dsr__entry_refs);
}

/* An entry's amendment record changed to rec: the entry (ent, its winner;
 * NULL when not held) moves from the date it stood at to its new one. */
static int settle(dsr__wtx *w, const uint8_t *id, const Dpb__Event *ent, const char *before,
		  Dpb__AmendRec *rec)
{
	int rc = 0;
	if (ent)
		rc = tdate_move(w, id, before, effective_date(ent->entry, rec));
	if (!rc && ent)
		rc = tactor_move(w, ent->entry, before, effective_date(ent->entry, rec));
	if (!rc && ent)
		rc = dsr__tgroup_entry(w, id, ent, rec, 1);
	if (rc)
		return rc;
	/* A record that says nothing is no record: the same set of events
	 * leaves the same tables, whichever order they came in. */
	if (!rec->date_win && !rec->removed_win && !(rec->redate && *rec->redate)) {
		rc = dsr__del(w, DSR__DB_V_AMEND, id, DSR_ID_LEN);
		return rc == DSR_ENOTFOUND ? 0 : rc;
	}
	return dsr__put_rec(w, DSR__DB_V_AMEND, id, DSR_ID_LEN, &rec->base);
}

int dsr__view_amended(dsr__wtx *w, const Dpb__Event *ev)
{
	const Dpb__EntryAmended *a = ev->amended;
	dsr__stamp st = dsr__stamp_of(ev);
	Dpb__AmendRec *old = NULL;
	Dpb__Event *ent = NULL;
	int rc = get_amend(w, a->entry.data, &old);
	if (rc)
		return rc;
	/* The fact record may sit in the overlay: flush so the winner's
	 * lookup sees it. */
	if ((rc = dsr__kv_flush(w)))
		goto out;
	rc = dsr__fact_winner(w->s, w->txn, DSR__DB_V_ENTRY, a->entry.data, &ent, NULL);
	if (rc && rc != DSR_ENOTFOUND)
		goto out;
	rc = 0;
	char target[2 * DSR_ID_LEN + 1];
	dsr_hex(a->entry.data, DSR_ID_LEN, target);
	Dpb__AmendRec rec = DPB__AMEND_REC__INIT;
	if (old) {
		rec = *old;
		rec.base = (ProtobufCMessage)PROTOBUF_C_MESSAGE_INIT(&dpb__amend_rec__descriptor);
	}
	Dpb__Stamp s1, s2;
	const char *before = ent ? effective_date(ent->entry, old) : NULL;
	if (a->date && *a->date) {
		int r = dsr__lww(w, target, "date", &rec.date_win, &s1, rec.date, rec.date_author,
				 a->date, ev->author, &st);
		if (r > 0) {
			rec.date = a->date;
			rec.precision = a->precision;
			rec.date_author = ev->author;
			rec.note = a->note;
		}
		rc = r < 0 ? r : 0;
	}
	if (!rc && (a->removed || a->restored)) {
		int r = dsr__lww(w, target, "removed", &rec.removed_win, &s2,
				 rec.removed ? "removed" : "restored", rec.removed_author,
				 a->removed ? "removed" : "restored", ev->author, &st);
		if (r > 0) {
			rec.removed = a->removed;
			rec.removed_author = ev->author;
		}
		rc = r < 0 ? r : 0;
	}
	if (!rc)
		rc = settle(w, a->entry.data, ent, before, &rec);
out:
	if (ent)
		dpb__event__free_unpacked(ent, NULL);
	return rc;
}

int dsr__entry_redate(dsr__wtx *w, const uint8_t entry[DSR_ID_LEN], const char *date,
		      int precision)
{
	Dpb__AmendRec *old = NULL;
	Dpb__Event *ent = NULL;
	int rc = get_amend(w, entry, &old);
	if (rc)
		return rc;
	if (!date && (!old || !old->redate || !*old->redate))
		return 0;
	if ((rc = dsr__kv_flush(w)))
		return rc;
	rc = dsr__fact_winner(w->s, w->txn, DSR__DB_V_ENTRY, entry, &ent, NULL);
	if (rc && rc != DSR_ENOTFOUND)
		return rc;
	Dpb__AmendRec rec = DPB__AMEND_REC__INIT;
	if (old) {
		rec = *old;
		rec.base = (ProtobufCMessage)PROTOBUF_C_MESSAGE_INIT(&dpb__amend_rec__descriptor);
	}
	const char *before = ent ? effective_date(ent->entry, old) : NULL;
	rec.redate = (char *)(date ? date : "");
	rec.redate_precision = date ? (Dpb__Precision)precision : DPB__PRECISION__PRECISION_UNSPECIFIED;
	rc = settle(w, entry, ent, before, &rec);
	if (ent)
		dpb__event__free_unpacked(ent, NULL);
	return rc;
}
