/* why.c: provenance.  `dossier why FACT` lists every event behind an
 * actor, a claim, a timeline entry or an article: the articles and byte
 * spans it was extracted from, with the quoted text, and each analyst's act
 * (judgements, assessments, amendments, curation, notes), including the
 * edits that lost to later ones. */
#include "query/impl.h"
#include "error.h"
#include "factid.h"
#include "payload.h"
#include "view/api.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Articles read for titles and quotes, kept for the next facts: the last
 * one, and the last large one, so that a large article is read once for
 * all its facts even when other articles' facts come between them (an
 * export in date order). */
#define BIG_ARTICLE (256u << 10)

struct art_slot {
	uint8_t id[DSR_ID_LEN];
	Dpb__Event *ev;
	Dpb__ArticleRec *rec;
	bool loaded;
};

struct dsr_why_cache {
	struct art_slot slot[2];    /* [0] the last, [1] the last large one */
	struct art_slot *cur;       /* the article of the fact at hand */
};

typedef struct why {
	dsr_rtxn *t;
	dsr_why_fn fn;
	void *ctx;
	dsr_why_cache *ac;
	bool acts_only;    /* an actor's acts, not its mentions */
} why;

static void slot_clear(struct art_slot *a)
{
	if (a->ev)
		dpb__event__free_unpacked(a->ev, NULL);
	if (a->rec)
		dpb__article_rec__free_unpacked(a->rec, NULL);
	memset(a, 0, sizeof *a);
}

static void cache_clear(dsr_why_cache *c)
{
	slot_clear(&c->slot[0]);
	slot_clear(&c->slot[1]);
	c->cur = NULL;
}

dsr_why_cache *dsr_why_cache_new(void)
{
	return calloc(1, sizeof(dsr_why_cache));
}

void dsr_why_cache_free(dsr_why_cache *c)
{
	if (c) {
		cache_clear(c);
		free(c);
	}
}

/* Loads the article (its winning filing) for titles and quotes. */
static void load_article(why *w, ProtobufCBinaryData id)
{
	dsr_why_cache *c = w->ac;
	c->cur = NULL;
	if (id.len != DSR_ID_LEN)
		return;
	for (int i = 0; i < 2; i++)
		if (c->slot[i].loaded && !memcmp(c->slot[i].id, id.data, DSR_ID_LEN)) {
			c->cur = &c->slot[i];
			return;
		}
	struct art_slot a = { { 0 }, NULL, NULL, true };
	memcpy(a.id, id.data, DSR_ID_LEN);
	MDB_val v;
	if (!dsr__fget(w->t->s, w->t->txn, DSR__DB_V_ARTICLE, id.data, &v))
		a.rec = dpb__article_rec__unpack(NULL, v.mv_size, v.mv_data);
	/* a large article whose record says where its text starts is not
	 * read whole: each quote reads its own bytes (quote_part) */
	bool big = a.rec && a.rec->bytes >= BIG_ARTICLE;
	if (a.rec && a.rec->n_supports && !(big && a.rec->text_at)) {
		dsr__stamp st = dsr__stamp_from_pb(a.rec->supports[a.rec->n_supports - 1]);
		if (dsr__event_by_stamp(w->t->s, w->t->txn, &st, &a.ev))
			a.ev = NULL;
	}
	struct art_slot *s = &c->slot[big ? 1 : 0];
	slot_clear(s);
	*s = a;
	c->cur = s;
}

/* The bytes of a span of a large article's text, read alone from the
 * log (NULL when they cannot be). */
static char *quote_part(why *w, const Dpb__ArticleRec *r, const Dpb__Span *span)
{
	dsr__stamp st = dsr__stamp_from_pb(r->supports[r->n_supports - 1]);
	dsr_buf b = DSR_BUF_INIT;
	size_t len = span->end - span->start;
	if (dsr__event_slice(w->t->s, w->t->txn, &st, r->text_at + span->start, len, &b) ||
	    b.len != len || dsr_buf_cstr(&b)) {
		dsr_buf_free(&b);
		return NULL;
	}
	return (char *)b.data;
}

/* Emits one item for an event (by stamp), with an optional span to quote. */
static int emit(why *w, const char *act, const dsr__stamp *st, const char *author,
		ProtobufCBinaryData article, const Dpb__Span *span, const char *detail)
{
	Dpb__WhyItem it = DPB__WHY_ITEM__INIT;
	uint8_t origin[DSR_ORIGIN_LEN];
	uint32_t idx;
	char *quote = NULL;
	it.act = (char *)act;
	if (dsr__origin_by_prefix(w->t->s, w->t->txn, st->origin, origin, &idx) == 0) {
		it.origin.data = origin;
		it.origin.len = DSR_ORIGIN_LEN;
	}
	it.seq = st->seq;
	it.hlc = st->hlc;
	it.author = (char *)(author ? author : "");
	it.detail = (char *)(detail ? detail : "");
	if (article.len == DSR_ID_LEN) {
		load_article(w, article);
		const struct art_slot *a = w->ac->cur;
		it.article = article;
		if (a && a->rec && a->rec->article) {
			it.title = a->rec->article->title;
			it.publisher = a->rec->article->publisher;
		}
		if (span && a && a->ev && a->ev->payload_case == DPB__EVENT__PAYLOAD_ARTICLE &&
		    span->end <= a->ev->article->text.len && span->start <= span->end) {
			it.span = (Dpb__Span *)span;
			quote = strndup((char *)a->ev->article->text.data + span->start,
					span->end - span->start);
			it.quote = quote;
		} else if (span && a && !a->ev && a->rec && a->rec->text_at &&
			   span->end <= a->rec->bytes && span->start <= span->end) {
			it.span = (Dpb__Span *)span;
			it.quote = quote = quote_part(w, a->rec, span);
		}
	}
	int rc = w->fn(w->ctx, &it);
	free(quote);
	return rc;
}

/* What `dossier why` says of an event that carried a fact: the article
 * and span it was drawn from, and a line of detail.  One describer per
 * payload kind (payload.h); only mentions, claims and entries are carried
 * in fact records, the others say what they are for completeness. */
struct desc {
	ProtobufCBinaryData article;
	const Dpb__Span *span;
	char detail[256];
};

static void describe_article(const Dpb__Event *ev, struct desc *d)
{
	d->article = ev->article->id;
	snprintf(d->detail, sizeof d->detail, "%.200s", ev->article->title);
}

static void describe_actor(const Dpb__Event *ev, struct desc *d)
{
	d->article = ev->actor->article;
	d->span = ev->actor->n_mentions ? ev->actor->mentions[0] : NULL;
	snprintf(d->detail, sizeof d->detail, "%s, %zu mention(s)", ev->actor->name,
		 ev->actor->n_mentions);
}

static void describe_names(const Dpb__Event *ev, struct desc *d)
{
	snprintf(d->detail, sizeof d->detail, "%.100s / %.100s", ev->names->a, ev->names->b);
}

static void describe_claim(const Dpb__Event *ev, struct desc *d)
{
	d->article = ev->claim->article;
	d->span = ev->claim->span;
	snprintf(d->detail, sizeof d->detail, "%s %s%s: %.160s",
		 *ev->claim->source ? ev->claim->source : "(unattributed)",
		 ev->claim->stance ? "denies" : "asserts",
		 ev->claim->hedged ? " (hedged)" : "", ev->claim->content);
}

static void describe_assessed(const Dpb__Event *ev, struct desc *d)
{
	snprintf(d->detail, sizeof d->detail, "%.200s", ev->assessed->note);
}

static void describe_entry(const Dpb__Event *ev, struct desc *d)
{
	d->article = ev->entry->article;
	d->span = ev->entry->span;
	snprintf(d->detail, sizeof d->detail, "%s: %.200s", ev->entry->date, ev->entry->text);
}

static void describe_indicator(const Dpb__Event *ev, struct desc *d)
{
	d->article = ev->indicator->article;
	d->span = ev->indicator->span;
	snprintf(d->detail, sizeof d->detail, "%s %.200s", ev->indicator->type,
		 ev->indicator->value);
}

static void describe_amended(const Dpb__Event *ev, struct desc *d)
{
	snprintf(d->detail, sizeof d->detail, "%.60s %.180s", ev->amended->date,
		 ev->amended->note);
}

static void describe_note(const Dpb__Event *ev, struct desc *d)
{
	snprintf(d->detail, sizeof d->detail, "%.200s", ev->note->text);
}

static void describe_curated(const Dpb__Event *ev, struct desc *d)
{
	snprintf(d->detail, sizeof d->detail, "%.100s: %.100s", ev->curated->name,
		 ev->curated->preferred_name);
}

static void describe_article_curated(const Dpb__Event *ev, struct desc *d)
{
	const Dpb__ArticleCurated *c = ev->article_curated;
	dsr_buf b = DSR_BUF_INIT;
	if (c->withdrawn || c->restored)
		dsr_buf_puts(&b, c->withdrawn ? "withdrawn" : "restored");
	const char *names[] = { "title", "publisher", "url", "published" };
	const char *vals[] = { c->title, c->publisher, c->url, c->published };
	for (int i = 0; i < 4; i++)
		if (vals[i] && *vals[i]) {
			dsr_buf_puts(&b, b.len ? "; " : "");
			dsr_buf_puts(&b, names[i]);
			dsr_buf_puts(&b, ": ");
			dsr_buf_puts(&b, vals[i]);
		}
	if (c->note && *c->note) {
		dsr_buf_puts(&b, " — ");
		dsr_buf_puts(&b, c->note);
	}
	snprintf(d->detail, sizeof d->detail, "%.*s", (int)(b.len < 280 ? b.len : 280),
		 b.data ? (const char *)b.data : "");
	dsr_buf_free(&b);
}

static void describe(const Dpb__Event *ev, struct desc *d)
{
	switch (ev->payload_case) {
#define XX(CASE, field, factid) \
	case DPB__EVENT__PAYLOAD_##CASE: describe_##field(ev, d); break;
	DSR_PAYLOADS(XX)
#undef XX
	DSR_PAYLOAD_NO_CASES:
		break;
	}
}

/* Every event recorded in a fact record (mentions, claims, entries). */
static int fact_events(why *w, int db, const uint8_t *id, const char *act)
{
	MDB_val v;
	if (dsr__fget(w->t->s, w->t->txn, db, (void *)id, &v))
		return DSR_ENOTFOUND;
	Dpb__FactRec *r = dpb__fact_rec__unpack(NULL, v.mv_size, v.mv_data);
	if (!r)
		return DSR_ECORRUPT;
	int rc = 0;
	for (size_t i = 0; !rc && i < r->n_supports; i++) {
		dsr__stamp st = dsr__stamp_from_pb(r->supports[i]);
		Dpb__Event *ev;
		if (dsr__event_by_stamp(w->t->s, w->t->txn, &st, &ev))
			continue;
		const char *a = i + 1 == r->n_supports ? act : "carried";
		struct desc d = { { 0, NULL }, NULL, "" };
		describe(ev, &d);
		/* A fact with no article (a timeline entry made by hand) was
		 * recorded by its author, not extracted. */
		if (!d.article.len && i + 1 == r->n_supports)
			a = "recorded";
		rc = emit(w, a, &st, ev->author, d.article, d.span, d.detail);
		dpb__event__free_unpacked(ev, NULL);
	}
	dpb__fact_rec__free_unpacked(r, NULL);
	return rc;
}

static int conflicts_of(why *w, const char *target)
{
	MDB_cursor *c;
	int rc = dsr__mdb_err(mdb_cursor_open(w->t->txn, w->t->s->dbi[DSR__DB_V_CONFLICT], &c));
	if (rc)
		return rc;
	size_t tl = strlen(target);
	MDB_val k = { tl + 1, (void *)target }, v;
	for (int r = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE);
	     !rc && r == 0 && k.mv_size > tl + 1 && !memcmp(k.mv_data, target, tl + 1);
	     r = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
		Dpb__ConflictRec *cr = dpb__conflict_rec__unpack(NULL, v.mv_size, v.mv_data);
		if (!cr || !cr->loser)
			continue;
		char detail[256];
		snprintf(detail, sizeof detail, "%s: %s (overridden by a later edit)", cr->field,
			 cr->value);
		dsr__stamp st = dsr__stamp_from_pb(cr->loser);
		ProtobufCBinaryData none = { 0, NULL };
		rc = emit(w, "lost", &st, cr->author, none, NULL, detail);
		dpb__conflict_rec__free_unpacked(cr, NULL);
	}
	mdb_cursor_close(c);
	return rc;
}

static int notes_of(why *w, int kind, const void *target, size_t tlen)
{
	uint8_t pfx[1 + DSR_NAME_KEY_MAX + 1];
	if (tlen > DSR_NAME_KEY_MAX)
		return 0;
	pfx[0] = (uint8_t)kind;
	memcpy(pfx + 1, target, tlen);
	pfx[1 + tlen] = 0;
	size_t pl = tlen + 2;
	MDB_cursor *c;
	int rc = dsr__mdb_err(mdb_cursor_open(w->t->txn, w->t->s->dbi[DSR__DB_V_NOTE], &c));
	if (rc)
		return rc;
	MDB_val k = { pl, pfx }, v;
	for (int r = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE);
	     !rc && r == 0 && k.mv_size > pl && !memcmp(k.mv_data, pfx, pl);
	     r = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
		Dpb__NoteRec *n = dpb__note_rec__unpack(NULL, v.mv_size, v.mv_data);
		if (!n || !n->stamp)
			continue;
		dsr__stamp st = dsr__stamp_from_pb(n->stamp);
		ProtobufCBinaryData none = { 0, NULL };
		rc = emit(w, "note", &st, n->author, none, NULL, n->text);
		dpb__note_rec__free_unpacked(n, NULL);
	}
	mdb_cursor_close(c);
	return rc;
}

static const char *status_word(int s)
{
	static const char *const w[] = { "none", "confirmed", "disputed", "retracted" };
	return s >= 0 && s <= 3 ? w[s] : "?";
}

static int why_claim(why *w, const uint8_t *id, const char *hex)
{
	int rc = fact_events(w, DSR__DB_V_CLAIM, id, "extracted");
	if (rc)
		return rc;
	MDB_val k = { DSR_ID_LEN, (void *)id }, v;
	ProtobufCBinaryData none = { 0, NULL };
	if (mdb_get(w->t->txn, w->t->s->dbi[DSR__DB_V_ASSESS], &k, &v) == 0) {
		Dpb__AssessRec *a = dpb__assess_rec__unpack(NULL, v.mv_size, v.mv_data);
		char d[300];
		if (a && a->status_win) {
			dsr__stamp st = dsr__stamp_from_pb(a->status_win);
			snprintf(d, sizeof d, "status: %s%s%.200s", status_word(a->status),
				 *a->status_note ? " — " : "", a->status_note);
			rc = emit(w, "assessed", &st, a->status_author, none, NULL, d);
		}
		if (!rc && a && a->grade_win) {
			dsr__stamp st = dsr__stamp_from_pb(a->grade_win);
			snprintf(d, sizeof d, "grade: %s%u", a->reliability, a->credibility);
			rc = emit(w, "graded", &st, a->grade_author, none, NULL, d);
		}
		if (!rc && a && a->place_win) {
			dsr__stamp st = dsr__stamp_from_pb(a->place_win);
			char with[2 * DSR_ID_LEN + 1] = "";
			if (a->place_with.len == DSR_ID_LEN)
				dsr_hex(a->place_with.data, DSR_ID_LEN, with);
			snprintf(d, sizeof d, "proposition: %s%s",
				 a->place == DPB__PLACEMENT__PLACE_APART ? "apart from the others"
				 : a->place == DPB__PLACEMENT__PLACE_WITH ? "with claim "
				 : "by the rule", a->place == DPB__PLACEMENT__PLACE_WITH ? with : "");
			rc = emit(w, "placed", &st, a->place_author, none, NULL, d);
		}
		if (a)
			dpb__assess_rec__free_unpacked(a, NULL);
	}
	if (!rc)
		rc = conflicts_of(w, hex);
	if (!rc)
		rc = notes_of(w, DPB__TARGET_KIND__TARGET_CLAIM, id, DSR_ID_LEN);
	return rc;
}

/* An article's corrections record (v.acur), or NULL. */
static Dpb__ArticleCurRec *acur_of(dsr_rtxn *t, const uint8_t *id)
{
	MDB_val k = { DSR_ID_LEN, (void *)id }, v;
	if (mdb_get(t->txn, t->s->dbi[DSR__DB_V_ACUR], &k, &v))
		return NULL;
	return dpb__article_cur_rec__unpack(NULL, v.mv_size, v.mv_data);
}

/* An entry dated again by its article's corrected publication date: the
 * correction behind it. */
static int redated(why *w, const uint8_t *id, const Dpb__AmendRec *a)
{
	Dpb__Event *ev;
	if (dsr__fact_winner(w->t->s, w->t->txn, DSR__DB_V_ENTRY, id, &ev, NULL))
		return 0;
	int rc = 0;
	Dpb__ArticleCurRec *r = ev->payload_case == DPB__EVENT__PAYLOAD_ENTRY &&
					ev->entry->article.len == DSR_ID_LEN
				? acur_of(w->t, ev->entry->article.data) : NULL;
	if (r && r->published_win) {
		dsr__stamp st = dsr__stamp_from_pb(r->published_win);
		char d[300];
		snprintf(d, sizeof d, "date: %.60s, as the article's corrected publication date "
			 "%.60s gives it", a->redate, r->published);
		rc = emit(w, "redated", &st, r->published_author, ev->entry->article, NULL, d);
	}
	if (r)
		dpb__article_cur_rec__free_unpacked(r, NULL);
	dpb__event__free_unpacked(ev, NULL);
	return rc;
}

static int why_entry(why *w, const uint8_t *id, const char *hex)
{
	int rc = fact_events(w, DSR__DB_V_ENTRY, id, "extracted");
	if (rc)
		return rc;
	MDB_val k = { DSR_ID_LEN, (void *)id }, v;
	ProtobufCBinaryData none = { 0, NULL };
	if (mdb_get(w->t->txn, w->t->s->dbi[DSR__DB_V_AMEND], &k, &v) == 0) {
		Dpb__AmendRec *a = dpb__amend_rec__unpack(NULL, v.mv_size, v.mv_data);
		char d[300];
		if (a && a->date_win) {
			dsr__stamp st = dsr__stamp_from_pb(a->date_win);
			snprintf(d, sizeof d, "date: %s%s%.200s", a->date, *a->note ? " — " : "",
				 a->note);
			rc = emit(w, "amended", &st, a->date_author, none, NULL, d);
		}
		if (!rc && a && a->redate && *a->redate)
			rc = redated(w, id, a);
		if (!rc && a && a->removed_win) {
			dsr__stamp st = dsr__stamp_from_pb(a->removed_win);
			rc = emit(w, a->removed ? "removed" : "restored", &st, a->removed_author,
				  none, NULL, a->removed ? "removed from the timeline"
							 : "restored to the timeline");
		}
		if (a)
			dpb__amend_rec__free_unpacked(a, NULL);
	}
	if (!rc)
		rc = conflicts_of(w, hex);
	if (!rc)
		rc = notes_of(w, DPB__TARGET_KIND__TARGET_ENTRY, id, DSR_ID_LEN);
	return rc;
}

/* The analysts' corrections of an article, each field's winning edit. */
static int corrections_of(why *w, const uint8_t *id)
{
	Dpb__ArticleCurRec *r = acur_of(w->t, id);
	if (!r)
		return 0;
	ProtobufCBinaryData art = { DSR_ID_LEN, (uint8_t *)id };
	const char *names[] = { "title", "publisher", "url", "published" };
	const char *vals[] = { r->title, r->publisher, r->url, r->published };
	Dpb__Stamp *wins[] = { r->title_win, r->publisher_win, r->url_win, r->published_win };
	const char *authors[] = { r->title_author, r->publisher_author, r->url_author,
				  r->published_author };
	int rc = 0;
	char d[300];
	for (int i = 0; !rc && i < 4; i++) {
		if (!wins[i])
			continue;
		dsr__stamp st = dsr__stamp_from_pb(wins[i]);
		snprintf(d, sizeof d, "%s: %.250s%s", names[i], vals[i],
			 i == 3 && r->n_dates ? " (its entries dated again)" : "");
		rc = emit(w, "corrected", &st, authors[i], art, NULL, d);
	}
	if (!rc && r->withdrawn_win) {
		dsr__stamp st = dsr__stamp_from_pb(r->withdrawn_win);
		rc = emit(w, r->withdrawn ? "withdrawn" : "restored", &st, r->withdrawn_author, art,
			  NULL, r->withdrawn ? "withdrawn: its facts are out of the views"
					     : "restored to the views");
	}
	dpb__article_cur_rec__free_unpacked(r, NULL);
	return rc;
}

static int why_article(why *w, const uint8_t *id)
{
	MDB_val v;
	if (dsr__fget(w->t->s, w->t->txn, DSR__DB_V_ARTICLE, (void *)id, &v) &&
	    dsr__fget(w->t->s, w->t->txn, DSR__DB_V_WARTICLE, (void *)id, &v))
		return DSR_ENOTFOUND;
	Dpb__ArticleRec *r = dpb__article_rec__unpack(NULL, v.mv_size, v.mv_data);
	if (!r)
		return DSR_ECORRUPT;
	int rc = 0;
	ProtobufCBinaryData art = { DSR_ID_LEN, (uint8_t *)id };
	for (size_t i = 0; !rc && i < r->n_supports; i++) {
		dsr__stamp st = dsr__stamp_from_pb(r->supports[i]);
		Dpb__Event *ev;
		if (dsr__event_by_stamp(w->t->s, w->t->txn, &st, &ev))
			continue;
		char d[200];
		snprintf(d, sizeof d, "%u bytes", r->bytes);
		rc = emit(w, "filed", &st, ev->author, art, NULL, d);
		dpb__event__free_unpacked(ev, NULL);
	}
	dpb__article_rec__free_unpacked(r, NULL);
	if (!rc)
		rc = corrections_of(w, id);
	if (!rc) {
		char hex[2 * DSR_ID_LEN + 1];
		dsr_hex(id, DSR_ID_LEN, hex);
		rc = conflicts_of(w, hex);
	}
	if (!rc)
		rc = notes_of(w, DPB__TARGET_KIND__TARGET_ARTICLE, id, DSR_ID_LEN);
	return rc;
}

struct art_ctx {
	why *w;
	const char *key;
};

/* An article naming one of the actor's names: the mention fact behind it. */
static int mention_in(void *ctx, const MDB_val *k, const MDB_val *v)
{
	(void)k;
	struct art_ctx *a = ctx;
	if (v->mv_size != 8 + DSR_ID_LEN)
		return 0;
	uint8_t fid[DSR_ID_LEN];
	dsr_fact_id("actor", (uint8_t *)v->mv_data + 8, a->key, strlen(a->key), fid);
	int rc = fact_events(a->w, DSR__DB_V_MENTION, fid, "extracted");
	return rc == DSR_ENOTFOUND ? 0 : rc;
}

static bool is_member(const dsr__keys *mem, const char *k)
{
	const char *m = (const char *)mem->b.data;
	for (size_t i = 0; i < mem->n; i++, m += strlen(m) + 1)
		if (!strcmp(m, k))
			return true;
	return false;
}

static int why_actor(why *w, const char *name)
{
	dsr__keys mem = { DSR_BUF_INIT, 0 };
	char cluster[DSR_NAME_KEY_MAX];
	int rc = dsr__actor_members(w->t, name, &mem, cluster);
	const char *key = (const char *)mem.b.data;
	ProtobufCBinaryData none = { 0, NULL };
	for (size_t i = 0; !rc && i < mem.n; i++, key += strlen(key) + 1) {
		struct art_ctx a = { w, key };
		size_t kl = strlen(key);
		if (!w->acts_only)
			rc = dsr__scan_dups(w->t, DSR__DB_V_NART, key, kl, mention_in, &a);
		/* Judgements on pairs with this name. */
		MDB_cursor *c;
		if (!rc && !mdb_cursor_open(w->t->txn, w->t->s->dbi[DSR__DB_V_JUDGE], &c)) {
			MDB_val k = { kl + 1, (void *)key }, v;
			for (int r = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE);
			     !rc && r == 0 && k.mv_size > kl + 1 && !memcmp(k.mv_data, key, kl + 1);
			     r = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
				char other[DSR_NAME_KEY_MAX];
				size_t ol = k.mv_size - kl - 1;
				if (ol >= sizeof other)
					continue;
				memcpy(other, (char *)k.mv_data + kl + 1, ol);
				other[ol] = 0;
				/* A pair of two of the actor's names: once, from
				 * its lesser name. */
				if (strcmp(other, key) < 0 && is_member(&mem, other))
					continue;
				Dpb__JudgeRec *j = dpb__judge_rec__unpack(NULL, v.mv_size, v.mv_data);
				if (j && j->win) {
					char d[300];
					static const char *const vw[] = { "no judgement", "same actor",
									 "distinct actors" };
					snprintf(d, sizeof d, "\"%s\" and \"%s\": %s%s%.150s", j->a, j->b,
						 vw[j->verdict <= 2 ? j->verdict : 0],
						 *j->note ? " — " : "", j->note);
					dsr__stamp st = dsr__stamp_from_pb(j->win);
					rc = emit(w, "judged", &st, j->author, none, NULL, d);
				}
				if (j)
					dpb__judge_rec__free_unpacked(j, NULL);
			}
			mdb_cursor_close(c);
		}
		MDB_val k = { kl, (void *)key }, v;
		if (!rc && mdb_get(w->t->txn, w->t->s->dbi[DSR__DB_V_CURATE], &k, &v) == 0) {
			Dpb__CurateRec *cr = dpb__curate_rec__unpack(NULL, v.mv_size, v.mv_data);
			char d[300];
			if (cr && cr->name_win) {
				dsr__stamp st = dsr__stamp_from_pb(cr->name_win);
				snprintf(d, sizeof d, "preferred name: %s", cr->preferred);
				rc = emit(w, "curated", &st, cr->name_author, none, NULL, d);
			}
			if (!rc && cr && cr->kind_win) {
				dsr__stamp st = dsr__stamp_from_pb(cr->kind_win);
				/* The word, as conflicts and exports print it. */
				static const char *const kinds[] = { "unspecified", "person",
					"organization", "government", "country", "group", "media",
					"other" };
				snprintf(d, sizeof d, "kind: %s", cr->kind >= 0 && cr->kind <= 7 ?
					 kinds[cr->kind] : "other");
				rc = emit(w, "curated", &st, cr->kind_author, none, NULL, d);
			}
			if (cr)
				dpb__curate_rec__free_unpacked(cr, NULL);
		}
		if (!rc)
			rc = conflicts_of(w, key);
		if (!rc)
			rc = notes_of(w, DPB__TARGET_KIND__TARGET_ACTOR, key, kl);
	}
	dsr_buf_free(&mem.b);
	return rc;
}

int dsr_q_why(dsr_rtxn *t, const char *what, dsr_why_fn fn, void *ctx)
{
	dsr_why_cache c;
	memset(&c, 0, sizeof c);
	int rc = dsr_q_why_cached(t, what, &c, fn, ctx);
	cache_clear(&c);
	return rc;
}

int dsr_q_why_acts(dsr_rtxn *t, const char *name, dsr_why_fn fn, void *ctx)
{
	dsr_why_cache c;
	memset(&c, 0, sizeof c);
	why w = { t, fn, ctx, &c, true };
	int rc = why_actor(&w, name);
	cache_clear(&c);
	return rc;
}

int dsr_q_why_cached(dsr_rtxn *t, const char *what, dsr_why_cache *cache, dsr_why_fn fn,
		     void *ctx)
{
	why w = { t, fn, ctx, cache, false };
	uint8_t id[DSR_ID_LEN];
	int rc;
	MDB_val v;
	if (strlen(what) == 2 * DSR_ID_LEN && dsr_unhex(what, id, DSR_ID_LEN) == 0) {
		if (!dsr__fget(t->s, t->txn, DSR__DB_V_CLAIM, id, &v))
			rc = why_claim(&w, id, what);
		else if (!dsr__fget(t->s, t->txn, DSR__DB_V_ENTRY, id, &v))
			rc = why_entry(&w, id, what);
		else if (!dsr__fget(t->s, t->txn, DSR__DB_V_INDICATOR, id, &v))
			rc = fact_events(&w, DSR__DB_V_INDICATOR, id, "extracted");
		else
			rc = why_article(&w, id);
	} else {
		rc = why_actor(&w, what);
	}
	return rc;
}
