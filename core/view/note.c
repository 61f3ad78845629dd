/* note.c: analysts' acts that are not facts of an article: judgements
 * on pairs of names (v.judge), notes (v.note), preferred names and kinds
 * (v.curate), and the record of edits that lost to later ones
 * (v.conflict). */
#include "view/impl.h"
#include "error.h"
#include "name.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static const char *verdict_name(int v)
{
	switch (v) {
	case DPB__VERDICT__VERDICT_SAME: return "same";
	case DPB__VERDICT__VERDICT_DISTINCT: return "distinct";
	default: return "none";
	}
}

/* One direction of a judged pair: returns 1 when the verdict in force
 * changed. */
static int judge_adj(dsr__wtx *w, const char *ka, const char *kb,
		     const Dpb__NamesJudged *j, const Dpb__Event *ev, bool record)
{
	dsr__stamp st = dsr__stamp_of(ev);
	dsr_buf k = DSR_BUF_INIT;
	Dpb__JudgeRec *old = NULL;
	int rc = dsr__key2(&k, ka, strlen(ka), kb, strlen(kb));
	if (rc)
		return rc;
	rc = dsr__get_rec(w, DSR__DB_V_JUDGE, k.data, k.len,
			  &dpb__judge_rec__descriptor, (ProtobufCMessage **)&old);
	if (rc && rc != DSR_ENOTFOUND)
		goto out;
	rc = 0;
	char target[2 * DSR_NAME_KEY_MAX + 2];
	snprintf(target, sizeof target, "%s|%s", ka, kb);
	if (old && dsr__stamp_cmp_pb(&st, old->win) < 0) {
		if (record)
			rc = dsr__conflict(w, target, "verdict", verdict_name(j->verdict),
					   ev->author, &st);
		goto out;
	}
	if (old && record) {
		dsr__stamp ls = dsr__stamp_from_pb(old->win);
		rc = dsr__conflict(w, target, "verdict", verdict_name(old->verdict),
				   old->author, &ls);
	}
	Dpb__JudgeRec rec = DPB__JUDGE_REC__INIT;
	Dpb__Stamp win;
	dsr__stamp_to_pb(&st, &win);
	rec.verdict = j->verdict;
	rec.win = &win;
	rec.author = ev->author;
	rec.a = j->a;
	rec.b = j->b;
	rec.note = j->note;
	if (!rc)
		rc = dsr__put_rec(w, DSR__DB_V_JUDGE, k.data, k.len, &rec.base);
	if (!rc)
		rc = !old || (int)old->verdict != (int)j->verdict;
out:
	dsr_buf_free(&k);
	return rc;
}

int dsr__view_names(dsr__wtx *w, const Dpb__Event *ev)
{
	const Dpb__NamesJudged *j = ev->names;
	char ka[DSR_NAME_KEY_MAX], kb[DSR_NAME_KEY_MAX];
	/* Every judgement references its two names, winning or not: the
	 * count is a sum over the set of judgement events. */
	int rc = dsr__name_ref(w, j->a, 1, 0, 0, ka);
	if (rc)
		return rc < 0 ? rc : 0;
	rc = dsr__name_ref(w, j->b, 1, 0, 0, kb);
	if (rc)
		return rc < 0 ? rc : 0;
	if (strcmp(ka, kb) == 0)
		return 0;
	/* Stored under the sorted pair and its mirror; conflicts once. */
	const char *lo = strcmp(ka, kb) < 0 ? ka : kb, *hi = lo == ka ? kb : ka;
	int c1 = judge_adj(w, lo, hi, j, ev, true);
	if (c1 < 0)
		return c1;
	int c2 = judge_adj(w, hi, lo, j, ev, false);
	if (c2 < 0)
		return c2;
	if (c1 || c2) {
		if ((rc = dsr__mark_dirty(w, ka)))
			return rc;
		return dsr__mark_dirty(w, kb);
	}
	return 0;
}

int dsr__view_note(dsr__wtx *w, const Dpb__Event *ev)
{
	const Dpb__NoteAdded *n = ev->note;
	/* Notes of one target sort by the stamp of the event that wrote
	 * them: in the order analysts wrote them, and each new one lands at
	 * the end of its target's run of keys (one page per batch). */
	uint8_t sb[24];
	dsr__stamp kst = dsr__stamp_of(ev);
	dsr__stamp_bytes(sb, &kst);
	dsr_buf k = DSR_BUF_INIT;
	uint8_t kind = (uint8_t)n->target_kind;
	char key[DSR_NAME_KEY_MAX];
	const void *tgt;
	size_t tlen;
	if (n->target_kind == DPB__TARGET_KIND__TARGET_ACTOR) {
		tlen = dsr_name_key(n->target_name, strlen(n->target_name), key, sizeof key);
		tgt = key;
	} else {
		tgt = n->target_id.data;
		tlen = n->target_id.len;
	}
	int rc = 0;
	if (dsr_buf_append(&k, &kind, 1) || dsr_buf_append(&k, tgt, tlen) ||
	    dsr_buf_putc(&k, 0) || dsr_buf_append(&k, sb, sizeof sb))
		rc = -ENOMEM;
	Dpb__NoteRec rec = DPB__NOTE_REC__INIT;
	Dpb__Stamp s;
	dsr__stamp st = dsr__stamp_of(ev);
	dsr__stamp_to_pb(&st, &s);
	rec.target_kind = n->target_kind;
	rec.target_id = n->target_id;
	rec.target_name = n->target_name;
	rec.text = n->text;
	rec.author = ev->author;
	rec.stamp = &s;
	if (!rc)
		rc = dsr__put_rec(w, DSR__DB_V_NOTE, k.data, k.len, &rec.base);
	dsr_buf_free(&k);
	return rc;
}

static const char *kind_name(int k)
{
	static const char *const names[] = { "unspecified", "person", "organization",
		"government", "country", "group", "media", "other" };
	return k >= 0 && k <= DPB__ACTOR_KIND__KIND_OTHER ? names[k] : "?";
}

/* Preferred name and kind of the actor a name belongs to: two single
 * values, each decided by the greatest stamp. */
int dsr__view_curated(dsr__wtx *w, const Dpb__Event *ev)
{
	const Dpb__ActorCurated *c = ev->curated;
	dsr__stamp st = dsr__stamp_of(ev);
	char key[DSR_NAME_KEY_MAX];
	int rc = dsr__name_ref(w, c->name, 1, 0, 0, key);
	if (rc)
		return rc < 0 ? rc : 0;
	size_t kl = strlen(key);
	Dpb__CurateRec *old = NULL;
	rc = dsr__get_rec(w, DSR__DB_V_CURATE, key, kl, &dpb__curate_rec__descriptor,
			  (ProtobufCMessage **)&old);
	if (rc && rc != DSR_ENOTFOUND)
		return rc;
	rc = 0;
	Dpb__CurateRec rec = DPB__CURATE_REC__INIT;
	if (old) {
		rec = *old;
		rec.base = (ProtobufCMessage)PROTOBUF_C_MESSAGE_INIT(&dpb__curate_rec__descriptor);
	}
	Dpb__Stamp s1, s2;
	if (c->preferred_name && *c->preferred_name) {
		int r = dsr__lww(w, key, "name", &rec.name_win, &s1, rec.preferred,
				 rec.name_author, c->preferred_name, ev->author, &st);
		if (r > 0) {
			rec.preferred = c->preferred_name;
			rec.name_author = ev->author;
		}
		rc = r < 0 ? r : 0;
	}
	if (!rc && c->kind) {
		int r = dsr__lww(w, key, "kind", &rec.kind_win, &s2, kind_name(rec.kind),
				 rec.kind_author, kind_name(c->kind), ev->author, &st);
		if (r > 0) {
			rec.kind = c->kind;
			rec.kind_author = ev->author;
		}
		rc = r < 0 ? r : 0;
	}
	if (!rc)
		rc = dsr__put_rec(w, DSR__DB_V_CURATE, key, kl, &rec.base);
	return rc;
}
