/* tgroup.c: timeline groups — the entries of every article that tells the
 * same event — kept as entries arrive (docs/curation.md).
 *
 * An entry's group is decided by a key, never by comparing it with other
 * entries: its effective date (the amended one when an analyst set one),
 * that date's precision, and the head word of its clause (model/wording.c:
 * the class of its first significant word, so "The attack began November
 * 24" and "The hack began on Nov. 24" meet).  The group record counts its
 * entries, those not removed and its distinct articles, and names the
 * entry that stands for it: the visible one with the least id.  Each
 * entry's part (v.tentry) is recorded so that it can be taken back exactly
 * when the entry's winner, date or removal changes.  Groups are indexed by
 * date (v.tgdate), so a timeline reads them in date order, weeks and months
 * where they begin.
 *
 * Tables: v.tgroup (TGroupRec), v.tentry (an entry's part), v.tgmember
 * (the entries of a group), v.tgart (its articles, counted), v.tgdate, and
 * by actor v.tgacount (its entries naming the actor) and v.tgactor (an
 * actor's groups in date order). */
#include "view/impl.h"
#include "base/api.h"
#include "error.h"
#include "model/api.h"

#include "name.h"

#include <errno.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

/* The key of an entry's group from its winning event and amendment. */
static void group_of(const Dpb__EntryRecorded *e, const Dpb__AmendRec *a,
		     uint8_t out[DSR_ID_LEN], uint64_t *sortkey, const char **date, int *prec)
{
	*date = dsr__entry_date(e, a, prec);
	*sortkey = dsr__date_sortkey(*date);
	uint32_t head = dsr__headword(e->text, e->actors, e->n_actors);
	uint8_t m[8 + 4 + 4];
	dsr__put_be64(m, *sortkey);
	dsr__put_be32(m + 8, (uint32_t)*prec);
	dsr__put_be32(m + 12, head);
	/* no head word: the entry is a group of its own */
	if (head)
		crypto_generichash(out, DSR_ID_LEN, m, sizeof m, NULL, 0);
	else
		crypto_generichash(out, DSR_ID_LEN, e->id.data, e->id.len, m, 8);
}

static int tgart(dsr__wtx *w, const uint8_t *group, const uint8_t *article, int delta,
		 int *fresh)
{
	uint8_t k[2 * DSR_ID_LEN];
	memcpy(k, group, DSR_ID_LEN);
	memcpy(k + DSR_ID_LEN, article, DSR_ID_LEN);
	MDB_val v;
	int rc = dsr__get(w, DSR__DB_V_TGART, k, sizeof k, &v);
	if (rc && rc != DSR_ENOTFOUND)
		return rc;
	uint32_t n = !rc && v.mv_size == 4 ? dsr__get_be32(v.mv_data) : 0;
	*fresh = 0;
	if (delta > 0) {
		*fresh = n == 0;
		n++;
	} else {
		if (!n)
			return DSR_ECORRUPT;
		n--;
		*fresh = n == 0 ? -1 : 0;
	}
	if (!n)
		return dsr__del(w, DSR__DB_V_TGART, k, sizeof k);
	uint8_t b[4];
	dsr__put_be32(b, n);
	return dsr__put(w, DSR__DB_V_TGART, k, sizeof k, b, 4);
}

/* The least id among the group's visible entries (else all of them). */
static int pick_rep(dsr__wtx *w, const uint8_t *group, uint8_t rep[DSR_ID_LEN], bool *found)
{
	int rc = dsr__kv_flush(w);
	MDB_cursor *cur;
	if (!rc)
		rc = dsr__mdb_err(mdb_cursor_open(w->txn, w->s->dbi[DSR__DB_V_TGMEMBER], &cur));
	if (rc)
		return rc;
	bool any_visible = false;
	*found = false;
	MDB_val k = { DSR_ID_LEN, (void *)group }, v;
	for (int r = mdb_cursor_get(cur, &k, &v, MDB_SET_KEY); !rc && r == 0;
	     r = mdb_cursor_get(cur, &k, &v, MDB_NEXT_DUP)) {
		if (v.mv_size != 8 + DSR_ID_LEN)
			continue;
		const uint8_t *id = (const uint8_t *)v.mv_data + 8;
		Dpb__TEntryRec *te = NULL;
		rc = dsr__get_rec(w, DSR__DB_V_TENTRY, id, DSR_ID_LEN, &dpb__tentry_rec__descriptor,
				  (ProtobufCMessage **)&te);
		if (rc == DSR_ENOTFOUND) {
			rc = 0;
			continue;
		}
		if (rc)
			break;
		bool vis = !te->removed;
		if ((vis && !any_visible) || (vis == any_visible && (!*found || memcmp(id, rep, DSR_ID_LEN) < 0))) {
			memcpy(rep, id, DSR_ID_LEN);
			*found = true;
			any_visible = any_visible || vis;
		}
	}
	mdb_cursor_close(cur);
	return rc;
}

/* An actor's part in a group (v.tgacount): the entries naming it; the
 * group is in the actor's index (v.tgactor) while one does. */
static int tgactor(dsr__wtx *w, const uint8_t *group, uint64_t sortkey, const char *key,
		   int delta)
{
	uint8_t k[DSR_ID_LEN + DSR_NAME_KEY_MAX];
	size_t kl = strlen(key);
	if (kl >= DSR_NAME_KEY_MAX)
		return 0;
	memcpy(k, group, DSR_ID_LEN);
	memcpy(k + DSR_ID_LEN, key, kl);
	MDB_val v;
	int rc = dsr__get(w, DSR__DB_V_TGACOUNT, k, DSR_ID_LEN + kl, &v);
	if (rc && rc != DSR_ENOTFOUND)
		return rc;
	uint32_t n = !rc && v.mv_size == 4 ? dsr__get_be32(v.mv_data) : 0;
	if (delta < 0 && n == 0)
		return DSR_ECORRUPT;
	uint32_t m = delta > 0 ? n + 1 : n - 1;
	uint8_t b[4];
	dsr__put_be32(b, m);
	rc = m ? dsr__put(w, DSR__DB_V_TGACOUNT, k, DSR_ID_LEN + kl, b, 4)
	       : dsr__del(w, DSR__DB_V_TGACOUNT, k, DSR_ID_LEN + kl);
	if (!rc && (n == 0 || m == 0))
		rc = dsr__index(w, DSR__DB_V_TGACTOR, key, kl, sortkey, group, delta);
	return rc;
}

/* Applies an entry's part to its group: delta +1 adds it, -1 takes it
 * back.  te->group names the group; the entry's date is the group's. */
static int apply(dsr__wtx *w, const uint8_t *entry, const Dpb__TEntryRec *te, int delta,
		 uint64_t sortkey, int prec)
{
	const uint8_t *gid = te->group.data;
	Dpb__TGroupRec *old = NULL;
	int rc = dsr__get_rec(w, DSR__DB_V_TGROUP, gid, DSR_ID_LEN, &dpb__tgroup_rec__descriptor,
			      (ProtobufCMessage **)&old);
	if (rc && rc != DSR_ENOTFOUND)
		return rc;
	rc = 0;
	if (!old && delta < 0)
		return DSR_ECORRUPT;
	Dpb__TGroupRec g = DPB__TGROUP_REC__INIT;
	uint8_t rep[DSR_ID_LEN];
	if (old) {
		g = *old;
		g.base = (ProtobufCMessage)PROTOBUF_C_MESSAGE_INIT(&dpb__tgroup_rec__descriptor);
	} else {
		g.sortkey = sortkey;
		g.precision = (Dpb__Precision)prec;
	}
	if (delta < 0 && (!g.entries || (!te->removed && !g.visible)))
		return DSR_ECORRUPT;
	g.entries += (uint32_t)delta;
	if (!te->removed)
		g.visible += (uint32_t)delta;
	int fresh = 0;
	if (te->article.len == DSR_ID_LEN) {
		rc = tgart(w, gid, te->article.data, delta, &fresh);
		g.articles += (uint32_t)fresh;
	}
	if (!rc)
		rc = dsr__index(w, DSR__DB_V_TGMEMBER, gid, DSR_ID_LEN, te->hlc, entry, delta);
	for (size_t i = 0; !rc && i < te->n_actors; i++)
		rc = tgactor(w, gid, g.sortkey, te->actors[i], delta);
	uint8_t dk[8];
	dsr__put_be64(dk, g.sortkey);
	if (!rc && g.entries == 0) {
		rc = dsr__del(w, DSR__DB_V_TGROUP, gid, DSR_ID_LEN);
		if (!rc)
			rc = dsr__index(w, DSR__DB_V_TGDATE, dk, 8, 0, gid, -1);
		return rc;
	}
	if (!rc && !old)
		rc = dsr__index(w, DSR__DB_V_TGDATE, dk, 8, 0, gid, 1);
	/* the entry that stands for the group */
	bool rep_is_it = g.rep.len == DSR_ID_LEN && !memcmp(g.rep.data, entry, DSR_ID_LEN);
	if (!rc && delta > 0) {
		bool vis = !te->removed;
		bool rep_visible = g.visible > (vis ? 1u : 0u);  /* before this one */
		if (g.rep.len != DSR_ID_LEN || (vis && !rep_visible) ||
		    (vis == rep_visible && memcmp(entry, g.rep.data, DSR_ID_LEN) < 0)) {
			memcpy(rep, entry, DSR_ID_LEN);
			g.rep.data = rep;
			g.rep.len = DSR_ID_LEN;
		}
	} else if (!rc && (rep_is_it || (!te->removed && g.visible == 0))) {
		bool found;
		rc = dsr__put_rec(w, DSR__DB_V_TGROUP, gid, DSR_ID_LEN, &g.base);
		if (!rc)
			rc = pick_rep(w, gid, rep, &found);
		if (!rc && found) {
			g.rep.data = rep;
			g.rep.len = DSR_ID_LEN;
		}
	}
	if (!rc)
		rc = dsr__put_rec(w, DSR__DB_V_TGROUP, gid, DSR_ID_LEN, &g.base);
	return rc;
}

int dsr__tgroup_entry(dsr__wtx *w, const uint8_t *entry, const Dpb__Event *ev,
		      const Dpb__AmendRec *am, int delta)
{
	Dpb__TEntryRec *old = NULL;
	int rc = dsr__get_rec(w, DSR__DB_V_TENTRY, entry, DSR_ID_LEN,
			      &dpb__tentry_rec__descriptor, (ProtobufCMessage **)&old);
	if (rc && rc != DSR_ENOTFOUND)
		return rc;
	rc = 0;
	Dpb__TGroupRec *og = NULL;
	if (old) {
		/* take back what it added, at its group's date */
		rc = dsr__get_rec(w, DSR__DB_V_TGROUP, old->group.data, DSR_ID_LEN,
				  &dpb__tgroup_rec__descriptor, (ProtobufCMessage **)&og);
		if (rc)
			return rc == DSR_ENOTFOUND ? DSR_ECORRUPT : rc;
		Dpb__TEntryRec prev = *old;
		rc = apply(w, entry, &prev, -1, og->sortkey, og->precision);
		if (!rc)
			rc = dsr__del(w, DSR__DB_V_TENTRY, entry, DSR_ID_LEN);
	}
	if (rc || delta < 0 || !ev)
		return rc;
	uint8_t gid[DSR_ID_LEN];
	uint64_t sk;
	const char *date;
	int prec;
	group_of(ev->entry, am, gid, &sk, &date, &prec);
	Dpb__TEntryRec te = DPB__TENTRY_REC__INIT;
	te.group.data = gid;
	te.group.len = DSR_ID_LEN;
	te.article = ev->entry->article;
	te.removed = am && am->removed;
	te.hlc = ev->hlc;
	/* the name keys of its actors, each once */
	const Dpb__EntryRecorded *e = ev->entry;
	char (*keys)[DSR_NAME_KEY_MAX] = calloc(e->n_actors + 1, sizeof *keys);
	char **kp = calloc(e->n_actors + 1, sizeof *kp);
	if (!keys || !kp) {
		free(keys);
		free(kp);
		return -ENOMEM;
	}
	for (size_t i = 0; i < e->n_actors; i++) {
		const char *n = e->actors[i];
		if (!n || !dsr_name_key(n, strlen(n), keys[te.n_actors], DSR_NAME_KEY_MAX))
			continue;
		bool dup = false;
		for (size_t j = 0; j < te.n_actors && !dup; j++)
			dup = !strcmp(kp[j], keys[te.n_actors]);
		if (!dup) {
			kp[te.n_actors] = keys[te.n_actors];
			te.n_actors++;
		}
	}
	te.actors = kp;
	rc = apply(w, entry, &te, 1, sk, prec);
	if (!rc)
		rc = dsr__put_rec(w, DSR__DB_V_TENTRY, entry, DSR_ID_LEN, &te.base);
	free(keys);
	free(kp);
	return rc;
}
