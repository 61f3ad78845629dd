/* conflict.c: `dossier conflicts`.  Single values that analysts set
 * (a claim's status or grade, an entry's date or removal, an actor's
 * preferred name or kind, a verdict on two names) go to the edit with the
 * greatest hybrid-clock stamp; v.conflict keeps every edit that lost.  Here
 * each is shown beside the value in force, so nothing is silently lost. */
#include "query/impl.h"
#include "error.h"
#include "view/api.h"
#include "factid.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *status_word(int s)
{
	static const char *const w[] = { "none", "confirmed", "disputed", "retracted" };
	return s >= 0 && s <= 3 ? w[s] : "?";
}

static const char *kind_word(int k)
{
	static const char *const names[] = { "unspecified", "person", "organization",
		"government", "country", "group", "media", "other" };
	return k >= 0 && k <= 7 ? names[k] : "?";
}

/* The value in force for (target, field), into cur/author. */
static void current(dsr_rtxn *t, const char *target, const char *field, char *cur,
		    size_t cn, char *author, size_t an)
{
	uint8_t id[DSR_ID_LEN];
	MDB_val k, v;
	cur[0] = author[0] = 0;
	bool hex = strlen(target) == 2 * DSR_ID_LEN && dsr_unhex(target, id, DSR_ID_LEN) == 0;
	if (hex && (!strcmp(field, "status") || !strcmp(field, "grade") ||
		    !strcmp(field, "proposition"))) {
		k.mv_size = DSR_ID_LEN;
		k.mv_data = id;
		if (mdb_get(t->txn, t->s->dbi[DSR__DB_V_ASSESS], &k, &v))
			return;
		Dpb__AssessRec *a = dpb__assess_rec__unpack(NULL, v.mv_size, v.mv_data);
		if (!a)
			return;
		if (!strcmp(field, "status")) {
			snprintf(cur, cn, "%s", status_word(a->status));
			snprintf(author, an, "%s", a->status_author);
		} else if (!strcmp(field, "proposition")) {
			dsr__place_word(a->place, a->place_with, cur, cn);
			snprintf(author, an, "%s", a->place_author);
		} else {
			snprintf(cur, cn, "%s%u", a->reliability, a->credibility);
			snprintf(author, an, "%s", a->grade_author);
		}
		dpb__assess_rec__free_unpacked(a, NULL);
	} else if (hex && (!strcmp(field, "title") || !strcmp(field, "publisher") ||
			   !strcmp(field, "url") || !strcmp(field, "published") ||
			   !strcmp(field, "withdrawn"))) {
		/* an article's corrections (view/acur.c) */
		k.mv_size = DSR_ID_LEN;
		k.mv_data = id;
		if (mdb_get(t->txn, t->s->dbi[DSR__DB_V_ACUR], &k, &v))
			return;
		Dpb__ArticleCurRec *a = dpb__article_cur_rec__unpack(NULL, v.mv_size, v.mv_data);
		if (!a)
			return;
		const char *c = a->withdrawn ? "withdrawn" : "restored", *by = a->withdrawn_author;
		if (!strcmp(field, "title"))
			c = a->title, by = a->title_author;
		else if (!strcmp(field, "publisher"))
			c = a->publisher, by = a->publisher_author;
		else if (!strcmp(field, "url"))
			c = a->url, by = a->url_author;
		else if (!strcmp(field, "published"))
			c = a->published, by = a->published_author;
		snprintf(cur, cn, "%s", c);
		snprintf(author, an, "%s", by);
		dpb__article_cur_rec__free_unpacked(a, NULL);
	} else if (hex) {
		k.mv_size = DSR_ID_LEN;
		k.mv_data = id;
		if (mdb_get(t->txn, t->s->dbi[DSR__DB_V_AMEND], &k, &v))
			return;
		Dpb__AmendRec *a = dpb__amend_rec__unpack(NULL, v.mv_size, v.mv_data);
		if (!a)
			return;
		if (!strcmp(field, "date")) {
			snprintf(cur, cn, "%s", a->date);
			snprintf(author, an, "%s", a->date_author);
		} else {
			snprintf(cur, cn, "%s", a->removed ? "removed" : "restored");
			snprintf(author, an, "%s", a->removed_author);
		}
		dpb__amend_rec__free_unpacked(a, NULL);
	} else if (!strcmp(field, "verdict")) {
		const char *bar = strchr(target, '|');
		if (!bar)
			return;
		dsr_buf key = DSR_BUF_INIT;
		dsr__key2(&key, target, (size_t)(bar - target), bar + 1, strlen(bar + 1));
		k.mv_size = key.len;
		k.mv_data = key.data;
		if (mdb_get(t->txn, t->s->dbi[DSR__DB_V_JUDGE], &k, &v) == 0) {
			Dpb__JudgeRec *j = dpb__judge_rec__unpack(NULL, v.mv_size, v.mv_data);
			if (j) {
				static const char *const vw[] = { "none", "same", "distinct" };
				snprintf(cur, cn, "%s", vw[j->verdict <= 2 ? j->verdict : 0]);
				snprintf(author, an, "%s", j->author);
				dpb__judge_rec__free_unpacked(j, NULL);
			}
		}
		dsr_buf_free(&key);
	} else {
		k.mv_size = strlen(target);
		k.mv_data = (void *)target;
		if (mdb_get(t->txn, t->s->dbi[DSR__DB_V_CURATE], &k, &v))
			return;
		Dpb__CurateRec *c = dpb__curate_rec__unpack(NULL, v.mv_size, v.mv_data);
		if (!c)
			return;
		if (!strcmp(field, "name")) {
			snprintf(cur, cn, "%s", c->preferred);
			snprintf(author, an, "%s", c->name_author);
		} else {
			snprintf(cur, cn, "%s", kind_word(c->kind));
			snprintf(author, an, "%s", c->kind_author);
		}
		dpb__curate_rec__free_unpacked(c, NULL);
	}
}

int dsr_q_conflicts(dsr_rtxn *t, bool all, const dsr_page *pg, dsr_buf *next,
		    dsr_conflict_fn fn, void *ctx)
{
	if (next)
		next->len = 0;
	MDB_cursor *c;
	int rc = dsr__mdb_err(mdb_cursor_open(t->txn, t->s->dbi[DSR__DB_V_CONFLICT], &c));
	if (rc)
		return rc;
	MDB_val k = { pg && pg->cursor_len ? pg->cursor_len : 0,
		      pg && pg->cursor_len ? (void *)pg->cursor : NULL }, v;
	uint32_t sent = 0, limit = pg ? pg->limit : 0;
	for (int r = mdb_cursor_get(c, &k, &v, k.mv_size ? MDB_SET_RANGE : MDB_FIRST);
	     !rc && r == 0; r = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
		Dpb__ConflictRec *cr = dpb__conflict_rec__unpack(NULL, v.mv_size, v.mv_data);
		if (!cr) {
			rc = DSR_ECORRUPT;
			break;
		}
		char cur[256], author[256];
		current(t, cr->target, cr->field, cur, sizeof cur, author, sizeof author);
		if (all || strcmp(cur, cr->value) != 0) {
			if (limit && sent == limit) {
				if (next)
					rc = dsr_buf_append(next, k.mv_data, k.mv_size);
				dpb__conflict_rec__free_unpacked(cr, NULL);
				break;
			}
			Dpb__ConflictInfo ci = DPB__CONFLICT_INFO__INIT;
			ci.target = cr->target;
			ci.field = cr->field;
			ci.value = cr->value;
			ci.author = cr->author;
			ci.hlc = cr->loser ? cr->loser->hlc : 0;
			ci.current = cur;
			ci.current_author = author;
			rc = fn(ctx, &ci);
			sent++;
		}
		dpb__conflict_rec__free_unpacked(cr, NULL);
	}
	mdb_cursor_close(c);
	return rc;
}
