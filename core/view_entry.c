/* view_entry.c: timeline entries (v.entry), analysts' amendments to them
 * (v.amend), and the timeline's indexes by date (v.tdate) and by actor
 * (v.tactor).  An entry sits in v.tdate under its effective date: the
 * amended date when an analyst set one, else the extracted date. */
#include "view_fact.h"
#include "bytes.h"
#include "error.h"
#include "name.h"

#include <errno.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int num(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* Day of year -> month/day for the Monday of ISO week `wk` of `y`. */
static void iso_week_monday(int *yp, int wk, int *m, int *d)
{
	int y = *yp;
	/* Jan 4 is always in week 1; find its weekday (0 = Monday). */
	int yy = y - 1;
	int jan1 = (1 + 5 * (yy % 4) + 4 * (yy % 100) + 6 * (yy % 400)) % 7; /* 0=Sun */
	int jan4_wd = (jan1 + 3) % 7;          /* 0 = Sunday */
	int jan4_mon = (jan4_wd + 6) % 7;      /* 0 = Monday */
	int doy = 4 - jan4_mon + (wk - 1) * 7; /* 1-based day of year */
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	int mo = 0;
	if (doy < 1) {
		*yp = y - 1;
		*m = 12;
		*d = 31 + doy;
		return;
	}
	while (mo < 12) {
		int md = mdays[mo] + (mo == 1 && leap);
		if (doy <= md)
			break;
		doy -= md;
		mo++;
	}
	*m = mo < 12 ? mo + 1 : 12;
	*d = mo < 12 ? doy : 31;
}

uint64_t dsr__date_sortkey(const char *t)
{
	const uint64_t unknown = 999999999999ull;
	if (!t || !*t)
		return unknown;
	if (!strcmp(t, "PAST_REF"))
		return 0;
	if (!strcmp(t, "PRESENT_REF") || !strcmp(t, "FUTURE_REF"))
		return unknown;
	size_t n = strlen(t);
	int y;
	if (n >= 4 && !strncmp(t, "XXXX", 4))
		y = 0;
	else if (n >= 4 && isdigit((unsigned char)t[0]) && isdigit((unsigned char)t[1]) &&
		 isdigit((unsigned char)t[2]) && (t[3] == 'X' || t[3] == 'x'))
		y = num(t, 3) * 10;     /* decade: 201X */
	else if (n >= 3 && isdigit((unsigned char)t[0]) && isdigit((unsigned char)t[1]) &&
		 (t[2] == 'X' || t[2] == 'x'))
		y = num(t, 2) * 100;    /* century: 20XX */
	else if ((y = num(t, 4)) < 0)
		return unknown;
	int m = 1, d = 1, hh = 0, mm = 0;
	/* The century form may be 3 characters long ("20X"). */
	const char *r = t + (n < 4 ? n : 4);
	if (*r == '-') {
		r++;
		if (r[0] == 'W' && num(r + 1, 2) > 0) {
			iso_week_monday(&y, num(r + 1, 2), &m, &d);
		} else if (r[0] == 'Q' && r[1] >= '1' && r[1] <= '4') {
			m = (r[1] - '1') * 3 + 1;
		} else if (!strncmp(r, "SP", 2)) {
			m = 3; d = 20;
		} else if (!strncmp(r, "SU", 2)) {
			m = 6; d = 21;
		} else if (!strncmp(r, "FA", 2) || !strncmp(r, "AU", 2)) {
			m = 9; d = 22;
		} else if (!strncmp(r, "WI", 2)) {
			m = 12; d = 21;
		} else if (num(r, 2) >= 1 && num(r, 2) <= 12) {
			m = num(r, 2);
			if (r[2] == '-' && num(r + 3, 2) >= 1 && num(r + 3, 2) <= 31) {
				d = num(r + 3, 2);
				if (r[5] == 'T' && num(r + 6, 2) >= 0) {
					hh = num(r + 6, 2);
					if (r[8] == ':' && num(r + 9, 2) >= 0)
						mm = num(r + 9, 2);
				}
			}
		}
	}
	return (((uint64_t)y * 100 + (uint64_t)m) * 100 + (uint64_t)d) * 10000 +
	       (uint64_t)hh * 100 + (uint64_t)mm;
}

static void tdate_key(uint8_t k[8], const char *date)
{
	dsr__put_be64(k, dsr__date_sortkey(date));
}

/* The date an entry is filed under: the amended date when an analyst set
 * one, else the extracted date. */
static const char *effective_date(const Dpb__EntryRecorded *e, const Dpb__AmendRec *a)
{
	if (a && a->date && *a->date)
		return a->date;
	return e ? e->date : NULL;
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

/* What a winning entry contributes: its actors' index and its place in
 * the timeline (under its effective date). */
static int entry_refs(dsr__wtx *w, const Dpb__Event *ev, int delta)
{
	const Dpb__EntryRecorded *e = ev->entry;
	char key[DSR_NAME_KEY_MAX];
	Dpb__AmendRec *am = NULL;
	int rc = get_amend(w, e->id.data, &am);
	for (size_t i = 0; !rc && i < e->n_actors; i++) {
		rc = dsr__name_ref(w, e->actors[i], delta, 0, 0, key);
		if (rc) {
			rc = rc < 0 ? rc : 0;
			continue;
		}
		rc = dsr__index(w, DSR__DB_V_TACTOR, key, strlen(key), ev->hlc, e->id.data, delta);
	}
	if (!rc) {
		const char *d = effective_date(e, am);
		rc = delta > 0 ? tdate_move(w, e->id.data, NULL, d)
			       : tdate_move(w, e->id.data, d, NULL);
	}
	return rc;
}

int dsr__view_entry(dsr__wtx *w, const Dpb__Event *ev)
{
	return dsr__fact_add(w, DSR__DB_V_ENTRY, ev->entry->id.data, ev, entry_refs);
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
	if (!rc && ent)
		rc = tdate_move(w, a->entry.data, before, effective_date(ent->entry, &rec));
	if (!rc)
		rc = dsr__put_rec(w, DSR__DB_V_AMEND, a->entry.data, DSR_ID_LEN, &rec.base);
out:
	if (ent)
		dpb__event__free_unpacked(ent, NULL);
	return rc;
}
