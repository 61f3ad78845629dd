/* subjects.c: what the queries are asked about, found before they are
 * timed: every actor (paging through `actors`) and the most-mentioned one
 * (TOP); the claims, their sources and propositions, and the timeline
 * entries and their months, of 64 random articles, with words and phrases
 * of those claims to search for; and the attribution row with the most
 * claims. */
#include "scale.h"

#include <ctype.h>
#include <inttypes.h>

#include "query.h"

#define SAMPLE_ARTICLES 64
#define PAGE 1000

static void push_str(char ***v, size_t *n, size_t *cap, const char *s)
{
	if (dsr_grow((void **)v, cap, *n + 1, sizeof **v) < 0)
		sb_die("memory");
	(*v)[(*n)++] = sc_xstrdup(s);
}

static void push_id(uint8_t (**v)[DSR_ID_LEN], size_t *n, size_t *cap, const ProtobufCBinaryData *id)
{
	if (id->len != DSR_ID_LEN)
		return;
	if (dsr_grow((void **)v, cap, *n + 1, sizeof **v) < 0)
		sb_die("memory");
	memcpy((*v)[(*n)++], id->data, DSR_ID_LEN);
}

/* Every actor, paging through `actors`; TOP is the one with most
 * mentions. */
static void find_actors(struct sb_conn *conn, struct sc_subjects *s)
{
	uint8_t cursor[1024];
	size_t cursor_len = 0;
	for (;;) {
		Dpb__Page pg = DPB__PAGE__INIT;
		pg.limit = PAGE;
		pg.cursor.data = cursor;
		pg.cursor.len = cursor_len;
		Dpb__QueryActors q = DPB__QUERY_ACTORS__INIT;
		q.page = &pg;
		Dpb__Request rq = DPB__REQUEST__INIT;
		rq.body_case = DPB__REQUEST__BODY_ACTORS;
		rq.actors = &q;
		size_t bytes;
		Dpb__Response *rs = sc_roundtrip(conn, &rq, &bytes);
		if (rs->body_case != DPB__RESPONSE__BODY_ACTORS) {
			fprintf(stderr, "bench_scale: actors: %s\n",
				rs->body_case == DPB__RESPONSE__BODY_ERROR ? rs->error->message : "?");
			exit(1);
		}
		const Dpb__ActorList *l = rs->actors;
		for (size_t i = 0; i < l->n_actors; i++) {
			const Dpb__ActorInfo *a = l->actors[i];
			push_str(&s->actors, &s->nactors, &s->cap_actors, a->name);
			if (a->mentions > s->top.mentions) {
				s->top.mentions = a->mentions;
				s->top.articles = a->n_articles;
				snprintf(s->top.name, sizeof s->top.name, "%s", a->name);
			}
		}
		bool more = l->next.len > 0 && l->next.len <= sizeof cursor && l->n_actors;
		if (more) {
			memcpy(cursor, l->next.data, l->next.len);
			cursor_len = l->next.len;
		}
		dpb__response__free_unpacked(rs, NULL);
		if (!more)
			break;
	}
	s->top.actors = s->nactors;
}

/* Claims, sources, propositions, entries and months of random articles. */
/* What the searches ask for: the longest word of a claim (5+ letters, not
 * a stop word),
 * and its first three words as a phrase, as written: "He's told" and
 * "2.5 million" are words the index reads whole, where "He s told" and
 * "2 5 million" are phrases no text holds (the search for such a phrase
 * has its own line, "said a the"). */
static void search_words(struct sc_subjects *s, const char *text)
{
	char best[64] = "", phrase[200] = "\"";
	size_t o = 1;
	int nw = 0;
	for (const char *p = text; *p;) {
		while (*p && !isalnum((unsigned char)*p))
			p++;
		const char *b = p;
		while (isalnum((unsigned char)*p))
			p++;
		size_t n = (size_t)(p - b);
		if (!n)
			break;
		if (n >= 5 && n < sizeof best && n > strlen(best)) {
			memcpy(best, b, n);
			best[n] = 0;
		}
		/* the word as written: on through what joins inside it, an
		 * apostrophe, a dot or a comma between letters or digits */
		const char *e = p;
		while (*e && !isspace((unsigned char)*e)) {
			if (isalnum((unsigned char)*e))
				p = e + 1;
			e++;
		}
		size_t wn = (size_t)(p - b);
		if (nw < 3 && o + wn + 3 < sizeof phrase) {
			if (nw++)
				phrase[o++] = ' ';
			memcpy(phrase + o, b, wn);
			o += wn;
		}
	}
	/* a word the index holds: not a stop word ("which", "their") */
	char err[160];
	if (best[0] && dsr_search_check(best, err, sizeof err) == 0)
		push_str(&s->words, &s->nwords, &s->cap_words, best);
	if (nw == 3) {
		phrase[o++] = '"';
		phrase[o] = 0;
		if (dsr_search_check(phrase, err, sizeof err) == 0)
			push_str(&s->phrases, &s->nphrases, &s->cap_phrases, phrase);
	}
}

static void sample_articles(struct sb_conn *conn, struct sc_subjects *s, uint64_t *rng)
{
	for (int k = 0; k < SAMPLE_ARTICLES && s->nids; k++) {
		const uint8_t *id = s->ids[sc_rand(rng) % s->nids];
		Dpb__Page pg = DPB__PAGE__INIT;
		pg.limit = 100;
		Dpb__QueryClaims qc = DPB__QUERY_CLAIMS__INIT;
		qc.stance = -1;
		qc.hedged = -1;
		qc.article.data = (uint8_t *)id;
		qc.article.len = DSR_ID_LEN;
		qc.page = &pg;
		Dpb__Request rq = DPB__REQUEST__INIT;
		rq.body_case = DPB__REQUEST__BODY_CLAIMS;
		rq.claims = &qc;
		size_t bytes;
		Dpb__Response *rs = sc_roundtrip(conn, &rq, &bytes);
		if (rs->body_case == DPB__RESPONSE__BODY_CLAIMS) {
			for (size_t i = 0; i < rs->claims->n_claims; i++) {
				const Dpb__ClaimInfo *c = rs->claims->claims[i];
				push_id(&s->claims, &s->nclaims, &s->cap_claims, &c->id);
				push_id(&s->props, &s->nprops, &s->cap_props, &c->proposition);
				if (c->source_actor[0])
					push_str(&s->sources, &s->nsources, &s->cap_sources,
						 c->source_actor);
				search_words(s, c->content);
			}
		}
		dpb__response__free_unpacked(rs, NULL);

		Dpb__QueryTimeline qt = DPB__QUERY_TIMELINE__INIT;
		qt.article.data = (uint8_t *)id;
		qt.article.len = DSR_ID_LEN;
		qt.page = &pg;
		rq.body_case = DPB__REQUEST__BODY_TIMELINE;
		rq.timeline = &qt;
		rs = sc_roundtrip(conn, &rq, &bytes);
		if (rs->body_case == DPB__RESPONSE__BODY_TIMELINE) {
			for (size_t i = 0; i < rs->timeline->n_entries; i++) {
				const Dpb__EntryInfo *e = rs->timeline->entries[i];
				push_id(&s->entries, &s->nentries, &s->cap_entries, &e->id);
				const char *d = e->date;
				if (strlen(d) >= 7 && d[4] == '-' && d[5] >= '0' && d[5] <= '1') {
					if (dsr_grow((void **)&s->months, &s->cap_months,
						     s->nmonths + 1, sizeof *s->months) < 0)
						sb_die("memory");
					memcpy(s->months[s->nmonths], d, 7);
					s->months[s->nmonths++][7] = 0;
				}
			}
		}
		dpb__response__free_unpacked(rs, NULL);
	}
}

/* The attribution row with the most claims. */
static void find_bigprop(struct sb_conn *conn, struct sc_subjects *s)
{
	uint8_t cursor[1024];
	size_t cursor_len = 0;
	for (int pages = 0; pages < 1000; pages++) {
		Dpb__Page pg = DPB__PAGE__INIT;
		pg.limit = PAGE;
		pg.cursor.data = cursor;
		pg.cursor.len = cursor_len;
		Dpb__QueryAttribution q = DPB__QUERY_ATTRIBUTION__INIT;
		q.page = &pg;
		Dpb__Request rq = DPB__REQUEST__INIT;
		rq.body_case = DPB__REQUEST__BODY_ATTRIBUTION;
		rq.attribution = &q;
		size_t bytes;
		Dpb__Response *rs = sc_roundtrip(conn, &rq, &bytes);
		bool more = false;
		if (rs->body_case == DPB__RESPONSE__BODY_ATTRIBUTION) {
			const Dpb__AttributionList *l = rs->attribution;
			for (size_t i = 0; i < l->n_rows; i++) {
				const Dpb__AttributionInfo *a = l->rows[i];
				if (a->nclaims > s->bigprop_n && a->proposition.len == DSR_ID_LEN) {
					s->bigprop_n = a->nclaims;
					memcpy(s->bigprop, a->proposition.data, DSR_ID_LEN);
					snprintf(s->bigprop_what, sizeof s->bigprop_what,
						 "%.60s: %.60s", a->responsible, a->act);
				}
			}
			more = l->next.len > 0 && l->next.len <= sizeof cursor && l->n_rows;
			if (more) {
				memcpy(cursor, l->next.data, l->next.len);
				cursor_len = l->next.len;
			}
		}
		dpb__response__free_unpacked(rs, NULL);
		if (!more)
			break;
	}
}

void sc_subjects_find(struct sb_conn *conn, const uint8_t (*ids)[DSR_ID_LEN], uint64_t nids,
		      uint64_t *rng, struct sc_subjects *s)
{
	memset(s, 0, sizeof *s);
	s->ids = ids;
	s->nids = nids;
	uint64_t t0 = sb_now_ns();
	struct sc_status st;
	sc_status(conn, &st);
	s->log_end = st.events;
	find_actors(conn, s);
	sample_articles(conn, s, rng);
	find_bigprop(conn, s);
	fprintf(stderr, "bench_scale: subjects in %.1f s: %zu actors, TOP = %s (%" PRIu64
		" mentions in %zu articles), %zu claims, %zu entries sampled\n",
		(double)(sb_now_ns() - t0) / 1e9, s->nactors, s->top.name, s->top.mentions,
		s->top.articles, s->nclaims, s->nentries);
}

static void free_strs(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void sc_subjects_free(struct sc_subjects *s)
{
	free_strs(s->actors, s->nactors);
	free_strs(s->sources, s->nsources);
	free_strs(s->words, s->nwords);
	free_strs(s->phrases, s->nphrases);
	free(s->claims);
	free(s->entries);
	free(s->props);
	free(s->months);
	memset(s, 0, sizeof *s);
}
