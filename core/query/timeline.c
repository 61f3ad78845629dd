/* timeline.c: `dossier timeline`: the timeline in date order, between two
 * dates, of an actor or of an article: one row per group of entries telling
 * the same event (view/tgroup.c), or every entry; with the analyst's
 * amendment folded in, paged by an opaque cursor (the key to resume at). */
#include "query/impl.h"
#include "model/api.h"
#include "base/api.h"
#include "view/api.h"
#include "error.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct tl_item {
	uint8_t key[8 + DSR_ID_LEN];   /* as v.tdate and v.tgdate order: date, id */
};

/* The group an entry stands in (v.tentry). */
static int group_id(dsr_rtxn *t, const uint8_t *entry, uint8_t gid[DSR_ID_LEN])
{
	MDB_val k = { DSR_ID_LEN, (void *)entry }, v;
	int rc = dsr__mdb_err(mdb_get(t->txn, t->s->dbi[DSR__DB_V_TENTRY], &k, &v));
	if (rc)
		return rc;
	Dpb__TEntryRec *te = dpb__tentry_rec__unpack(NULL, v.mv_size, v.mv_data);
	if (!te || te->group.len != DSR_ID_LEN) {
		if (te)
			dpb__tentry_rec__free_unpacked(te, NULL);
		return DSR_ECORRUPT;
	}
	memcpy(gid, te->group.data, DSR_ID_LEN);
	dpb__tentry_rec__free_unpacked(te, NULL);
	return 0;
}

/* A group's record (v.tgroup; free it). */
static int group_rec(dsr_rtxn *t, const uint8_t gid[DSR_ID_LEN], Dpb__TGroupRec **g)
{
	*g = NULL;
	MDB_val k = { DSR_ID_LEN, (void *)gid }, v;
	int rc = dsr__mdb_err(mdb_get(t->txn, t->s->dbi[DSR__DB_V_TGROUP], &k, &v));
	if (rc)
		return rc;
	return (*g = dpb__tgroup_rec__unpack(NULL, v.mv_size, v.mv_data)) ? 0 : DSR_ECORRUPT;
}

struct arts {
	ProtobufCBinaryData v[100];
	uint8_t ids[100][DSR_ID_LEN];
	size_t n;
};

static int add_art(void *ctx, const MDB_val *k, const MDB_val *v)
{
	(void)v;
	struct arts *a = ctx;
	if (k->mv_size != 2 * DSR_ID_LEN)
		return 0;
	if (a->n == 100)
		return 1;
	memcpy(a->ids[a->n], (const uint8_t *)k->mv_data + DSR_ID_LEN, DSR_ID_LEN);
	a->v[a->n].data = a->ids[a->n];
	a->v[a->n].len = DSR_ID_LEN;
	a->n++;
	return 0;
}

static int tl_cmp(const void *a, const void *b)
{
	return memcmp(a, b, 8 + DSR_ID_LEN);
}


/* The inclusive bounds as sort keys; "2014-11" as an upper bound means the
 * end of November. */
static uint64_t bound(const char *d, bool upper)
{
	if (!d || !*d)
		return upper ? UINT64_MAX : 0;
	uint64_t k = dsr__date_sortkey(d);
	if (!upper)
		return k;
	size_t n = strlen(d);
	if (n == 4)
		return k + 12312359 - 1010000;      /* to Dec 31 23:59 */
	if (n == 7)
		return k + 302359;                  /* to day 31 23:59 */
	if (n == 10)
		return k + 2359;
	return k;
}

/* An entry as a row, from the event that won it (ev, taken: freed here)
 * and the group it stands in (gid; NULL: none); `grouped`: the row stands
 * for its group, with the group's articles. */
static int entry_row(dsr_rtxn *t, const uint8_t *id, Dpb__Event *ev, const uint8_t *gid,
		     const dsr_entry_filter *f, bool grouped, dsr_entry_fn fn, void *ctx,
		     bool *sent)
{
	*sent = false;
	Dpb__TGroupRec *g = NULL;
	struct arts *arts = NULL;
	Dpb__AmendRec *a = NULL;
	int rc = 0;
	if (ev->payload_case != DPB__EVENT__PAYLOAD_ENTRY)
		rc = DSR_ECORRUPT;
	else if (gid)
		rc = group_rec(t, gid, &g);
	if (rc == DSR_ENOTFOUND)
		rc = 0;
	if (rc)
		goto out;
	MDB_val k = { DSR_ID_LEN, (void *)id }, v;
	if (mdb_get(t->txn, t->s->dbi[DSR__DB_V_AMEND], &k, &v) == 0)
		a = dpb__amend_rec__unpack(NULL, v.mv_size, v.mv_data);
	const Dpb__EntryRecorded *e = ev->entry;
	Dpb__EntryInfo ei = DPB__ENTRY_INFO__INIT;
	ei.id.data = (uint8_t *)id;
	ei.id.len = DSR_ID_LEN;
	int prec;
	ei.date = (char *)dsr__entry_date(e, a, &prec);
	ei.precision = (Dpb__Precision)prec;
	ei.text = e->text;
	ei.actors = e->actors;
	ei.n_actors = e->n_actors;
	ei.article = e->article;
	ei.span = e->span;
	ei.status = e->status;
	ei.removed = a && a->removed;
	ei.author = ev->author;
	if (g) {
		ei.group.data = (uint8_t *)gid;
		ei.group.len = DSR_ID_LEN;
		ei.nentries = g->entries;
		ei.narticles = g->articles;
		if (grouped) {
			ei.removed = g->visible == 0;
			if (!(arts = calloc(1, sizeof *arts)))
				rc = -ENOMEM;
			else
				rc = dsr__scan_prefix(t, DSR__DB_V_TGART, gid, DSR_ID_LEN, add_art,
						      arts);
			if (!rc) {
				ei.articles = arts->v;
				ei.n_articles = arts->n;
			}
		}
	}
	if (!rc && (!ei.removed || f->removed) &&
	    (grouped || !f->article || (e->article.len == DSR_ID_LEN &&
					!memcmp(e->article.data, f->article, DSR_ID_LEN)))) {
		rc = fn(ctx, &ei);
		*sent = true;
	}
out:
	free(arts);
	if (a)
		dpb__amend_rec__free_unpacked(a, NULL);
	dpb__event__free_unpacked(ev, NULL);
	if (g)
		dpb__tgroup_rec__free_unpacked(g, NULL);
	return rc;
}

/* An entry as a row (nothing when it is unknown). */
static int entry_info(dsr_rtxn *t, const uint8_t *id, const dsr_entry_filter *f,
		      bool grouped, dsr_entry_fn fn, void *ctx, bool *sent)
{
	*sent = false;
	Dpb__Event *ev;
	uint8_t gid[DSR_ID_LEN];
	int rc = dsr__fact_winner(t->s, t->txn, DSR__DB_V_ENTRY, id, &ev, NULL);
	if (rc)
		return rc == DSR_ENOTFOUND ? 0 : rc;
	rc = group_id(t, id, gid);
	if (rc && rc != DSR_ENOTFOUND) {
		dpb__event__free_unpacked(ev, NULL);
		return rc;
	}
	return entry_row(t, id, ev, rc ? NULL : gid, f, grouped, fn, ctx, sent);
}

/* Where an entry stands in v.tdate: its date's sort key, then its id. */
static int entry_sortkey(dsr_rtxn *t, const uint8_t *id, uint8_t key[8 + DSR_ID_LEN])
{
	Dpb__Event *ev;
	int rc = dsr__fact_winner(t->s, t->txn, DSR__DB_V_ENTRY, id, &ev, NULL);
	if (rc)
		return rc;
	const char *date = ev->payload_case == DPB__EVENT__PAYLOAD_ENTRY ? ev->entry->date : NULL;
	MDB_val k = { DSR_ID_LEN, (void *)id }, v;
	Dpb__AmendRec *a = NULL;
	if (mdb_get(t->txn, t->s->dbi[DSR__DB_V_AMEND], &k, &v) == 0 &&
	    (a = dpb__amend_rec__unpack(NULL, v.mv_size, v.mv_data)) && date)
		date = dsr__entry_date(ev->entry, a, NULL);
	dsr__put_be64(key, dsr__date_sortkey(date));
	memcpy(key + 8, id, DSR_ID_LEN);
	if (a)
		dpb__amend_rec__free_unpacked(a, NULL);
	dpb__event__free_unpacked(ev, NULL);
	return 0;
}

/* The row of group gid: the entry that stands for it. */
static int group_row(dsr_rtxn *t, const uint8_t *gid, const dsr_entry_filter *f,
		     dsr_entry_fn fn, void *ctx, bool *sent)
{
	*sent = false;
	MDB_val k = { DSR_ID_LEN, (void *)gid }, v;
	int rc = dsr__mdb_err(mdb_get(t->txn, t->s->dbi[DSR__DB_V_TGROUP], &k, &v));
	if (rc)
		return rc == DSR_ENOTFOUND ? 0 : rc;
	Dpb__TGroupRec *g = dpb__tgroup_rec__unpack(NULL, v.mv_size, v.mv_data);
	if (!g)
		return DSR_ECORRUPT;
	if (g->rep.len == DSR_ID_LEN && (g->visible || f->removed))
		rc = entry_info(t, g->rep.data, f, true, fn, ctx, sent);
	dpb__tgroup_rec__free_unpacked(g, NULL);
	return rc;
}

/* Where a group stands in v.tgdate: its date's sort key, then its id. */
static int group_sortkey(dsr_rtxn *t, const uint8_t *entry, uint8_t key[8 + DSR_ID_LEN])
{
	Dpb__TGroupRec *g = NULL;
	int rc = group_id(t, entry, key + 8);
	if (!rc)
		rc = group_rec(t, key + 8, &g);
	if (!rc)
		dsr__put_be64(key, g->sortkey);
	if (g)
		dpb__tgroup_rec__free_unpacked(g, NULL);
	return rc;
}

/* Whether the entry names one of the keys in mem. */
static bool names_actor(dsr_rtxn *t, const uint8_t *id, const dsr__keys *mem)
{
	Dpb__Event *ev;
	if (dsr__fact_winner(t->s, t->txn, DSR__DB_V_ENTRY, id, &ev, NULL))
		return false;
	bool hit = false;
	if (ev->payload_case == DPB__EVENT__PAYLOAD_ENTRY) {
		const Dpb__EntryRecorded *e = ev->entry;
		char key[DSR_NAME_KEY_MAX];
		for (size_t i = 0; !hit && i < e->n_actors; i++) {
			if (!e->actors[i] ||
			    !dsr_name_key(e->actors[i], strlen(e->actors[i]), key, sizeof key))
				continue;
			const char *m = (const char *)mem->b.data;
			for (size_t j = 0; !hit && j < mem->n; j++, m += strlen(m) + 1)
				hit = !strcmp(m, key);
		}
	}
	dpb__event__free_unpacked(ev, NULL);
	return hit;
}

/* An actor's timeline: its index (entries in v.tactor, groups in
 * v.tgactor: date sort key, then id) walked across its names. */
struct actor_walk {
	dsr_rtxn *t;
	const dsr_entry_filter *f;
	bool grouped;
	uint64_t hi;
	uint32_t limit, sent;
	dsr_buf *next;
	dsr_entry_fn fn;
	void *ctx;
};

static int actor_item(void *ctx, const uint8_t item[8 + DSR_ID_LEN])
{
	struct actor_walk *a = ctx;
	if (dsr__get_be64(item) > a->hi)
		return 1;
	if (a->limit && a->sent == a->limit) {
		int rc = a->next ? dsr_buf_append(a->next, item, 8 + DSR_ID_LEN) : 0;
		return rc ? rc : 1;
	}
	bool s;
	int rc = a->grouped ? group_row(a->t, item + 8, a->f, a->fn, a->ctx, &s)
			    : entry_info(a->t, item + 8, a->f, false, a->fn, a->ctx, &s);
	a->sent += s;
	return rc;
}

static int actor_timeline(dsr_rtxn *t, const dsr_entry_filter *f, bool grouped,
			  const uint8_t start[8 + DSR_ID_LEN], uint64_t hi, uint32_t limit,
			  dsr_buf *next, dsr_entry_fn fn, void *ctx)
{
	dsr__keys mem = { DSR_BUF_INIT, 0 };
	char cluster[DSR_NAME_KEY_MAX];
	int rc = dsr__actor_members(t, f->actor, &mem, cluster);
	if (rc) {
		dsr_buf_free(&mem.b);
		return rc == DSR_ENOTFOUND ? 0 : rc;   /* an unknown actor: nothing */
	}
	MDB_val *keys = calloc(mem.n + 1, sizeof *keys);
	if (!keys) {
		dsr_buf_free(&mem.b);
		return -ENOMEM;
	}
	const char *key = (const char *)mem.b.data;
	for (size_t i = 0; i < mem.n; i++, key += strlen(key) + 1) {
		keys[i].mv_data = (void *)key;
		keys[i].mv_size = strlen(key);
	}
	struct actor_walk a = { t, f, grouped, hi, limit, 0, next, fn, ctx };
	rc = dsr__index_walk(t, grouped ? DSR__DB_V_TGACTOR : DSR__DB_V_TACTOR, keys, mem.n,
			     start, actor_item, &a);
	free(keys);
	dsr_buf_free(&mem.b);
	return rc;
}

/* Every entry, in two passes that each read the store in its own order.
 * The first walks the entries' fact records (v.fact: an article's facts
 * together, in id order) and each one's group (v.tentry, in the same
 * order), and keeps its winner's stamp; the second reads the winners
 * sorted by (origin, seq), the order each origin's events lie in the log.
 * Read in one pass, every entry cost a descent to a random place of the
 * log or of the tables (by id, or by log order), each bringing 64 KB into
 * the daemon's map, and the time per entry grew with the store
 * (docs/benchmarks.md). */
struct won {
	uint64_t origin, seq;
	uint8_t id[DSR_ID_LEN];
	uint8_t group[DSR_ID_LEN];
	bool grouped;                /* false: it stands in no group */
};

struct wons {
	dsr_rtxn *t;
	struct won *v;
	size_t n, cap;
};

static int won_add(void *ctx, const uint8_t id[DSR_ID_LEN], const MDB_val *v)
{
	struct wons *w = ctx;
	dsr__stamp st;
	int rc = dsr__fact_rec_winner(v->mv_data, v->mv_size, &st, NULL);
	if (rc)
		return rc;
	if (w->n == w->cap) {
		size_t cap = w->cap ? 2 * w->cap : 1024;
		struct won *nv = realloc(w->v, cap * sizeof *nv);
		if (!nv)
			return -ENOMEM;
		w->v = nv;
		w->cap = cap;
	}
	struct won *x = &w->v[w->n];
	x->origin = st.origin;
	x->seq = st.seq;
	memcpy(x->id, id, DSR_ID_LEN);
	rc = group_id(w->t, id, x->group);
	x->grouped = !rc;
	if (rc == DSR_ENOTFOUND)
		rc = 0;
	w->n += !rc;
	return rc;
}

static int won_cmp(const void *a, const void *b)
{
	const struct won *x = a, *y = b;
	if (x->origin != y->origin)
		return x->origin < y->origin ? -1 : 1;
	if (x->seq != y->seq)
		return x->seq < y->seq ? -1 : 1;
	return memcmp(x->id, y->id, DSR_ID_LEN);
}

static int timeline_stored(dsr_rtxn *t, const dsr_entry_filter *f, dsr_entry_fn fn,
			   void *ctx)
{
	struct wons w = { t, NULL, 0, 0 };
	int rc = dsr__fscan(t->s, t->txn, DSR__DB_V_ENTRY, NULL, NULL, won_add, &w);
	if (!rc && w.n)
		qsort(w.v, w.n, sizeof *w.v, won_cmp);
	for (size_t i = 0; !rc && i < w.n; i++) {
		dsr__stamp st = { 0, w.v[i].origin, w.v[i].seq };
		Dpb__Event *ev;
		rc = dsr__event_by_stamp(t->s, t->txn, &st, &ev);
		if (rc == DSR_ENOTFOUND)
			rc = DSR_ECORRUPT;   /* a winner the log lacks */
		bool s;
		if (!rc)
			rc = entry_row(t, w.v[i].id, ev, w.v[i].grouped ? w.v[i].group : NULL, f,
				       false, fn, ctx, &s);
	}
	free(w.v);
	return rc;
}

int dsr_q_timeline(dsr_rtxn *t, const dsr_entry_filter *f, const dsr_page *pg,
		   dsr_buf *next, dsr_entry_fn fn, void *ctx)
{
	static const dsr_entry_filter any = { 0 };
	if (!f)
		f = &any;
	if (next)
		next->len = 0;
	if (f->by_id) {
		/* every entry in the order the log holds them, unpaged */
		return timeline_stored(t, f, fn, ctx);
	}
	bool grouped = !f->entries && !f->article;   /* an article: its entries */
	uint64_t lo = bound(f->from, false), hi = bound(f->to, true);
	uint32_t sent = 0, limit = pg ? pg->limit : 0;
	uint8_t start[8 + DSR_ID_LEN] = { 0 };
	dsr__put_be64(start, lo);
	if (pg && pg->cursor_len == sizeof start && memcmp(pg->cursor, start, sizeof start) > 0)
		memcpy(start, pg->cursor, sizeof start);
	int rc = 0;
	if (f->actor && !f->article)
		return actor_timeline(t, f, grouped, start, hi, limit, next, fn, ctx);
	if (f->article) {
		/* An article's entries (it has few): gathered, then ordered as
		 * v.tdate would; the actor, if any, checked entry by entry. */
		dsr__idset ids = { 0 };
		dsr__keys mem = { DSR_BUF_INIT, 0 };
		char cluster[DSR_NAME_KEY_MAX];
		rc = dsr__article_ids(t, DSR__DB_V_ENTRY, f->article, &ids);
		if (!rc && f->actor)
			rc = dsr__actor_members(t, f->actor, &mem, cluster);
		if (rc == DSR_ENOTFOUND)
			ids.n = 0, rc = 0;
		struct tl_item *items = calloc(ids.n + 1, sizeof *items);
		size_t ni = 0;
		if (!items)
			rc = -ENOMEM;
		for (size_t i = 0; !rc && i < ids.n; i++) {
			const uint8_t *id = ids.v + i * DSR_ID_LEN;
			if ((f->actor && !names_actor(t, id, &mem)) ||
			    (grouped ? group_sortkey(t, id, items[ni].key)
				     : entry_sortkey(t, id, items[ni].key)))
				continue;
			ni++;
		}
		dsr_buf_free(&mem.b);
		if (ni)
			qsort(items, ni, sizeof *items, tl_cmp);
		for (size_t i = 0; !rc && i < ni; i++) {
			uint64_t sk = dsr__get_be64(items[i].key);
			if (sk < lo || sk > hi || memcmp(items[i].key, start, sizeof start) < 0)
				continue;
			if (i && !memcmp(items[i].key, items[i - 1].key, sizeof items[i].key))
				continue;   /* a group met through two of its entries */
			if (limit && sent == limit) {
				if (next)
					rc = dsr_buf_append(next, items[i].key, sizeof items[i].key);
				break;
			}
			bool s;
			rc = grouped ? group_row(t, items[i].key + 8, f, fn, ctx, &s)
				     : entry_info(t, items[i].key + 8, f, false, fn, ctx, &s);
			sent += s;
		}
		free(items);
		free(ids.v);
		return rc;
	}
	MDB_cursor *c;
	int db = grouped ? DSR__DB_V_TGDATE : DSR__DB_V_TDATE;
	if ((rc = dsr__mdb_err(mdb_cursor_open(t->txn, t->s->dbi[db], &c))))
		return rc;
	/* Position at (date, id) of the start, then walk dates and ids. */
	MDB_val k = { 8, start }, v = { DSR_ID_LEN, start + 8 };
	int r = mdb_cursor_get(c, &k, &v, MDB_GET_BOTH_RANGE);
	if (r == MDB_NOTFOUND) {
		k.mv_size = 8;
		k.mv_data = start;
		r = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE);
		if (r == 0 && k.mv_size == 8 && memcmp(k.mv_data, start, 8) == 0)
			r = mdb_cursor_get(c, &k, &v, MDB_NEXT_NODUP);
	}
	for (; !rc && r == 0; r = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
		if (k.mv_size != 8 || v.mv_size != DSR_ID_LEN)
			continue;
		uint64_t sk = dsr__get_be64(k.mv_data);
		if (sk > hi)
			break;
		if (limit && sent == limit) {
			if (next && !(rc = dsr_buf_append(next, k.mv_data, 8)))
				rc = dsr_buf_append(next, v.mv_data, DSR_ID_LEN);
			break;
		}
		bool s;
		rc = grouped ? group_row(t, v.mv_data, f, fn, ctx, &s)
			     : entry_info(t, v.mv_data, f, false, fn, ctx, &s);
		sent += s;
	}
	mdb_cursor_close(c);
	return rc;
}
