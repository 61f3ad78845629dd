/* queries.c: every query the client has, timed on one connection, one
 * request at a time, with a page limit of 100, on the subjects that
 * subjects.c found.  Each query runs `reps` times (or for `cap_s` seconds,
 * whichever ends first), after one warm-up run; queries on "random"
 * subjects draw a new one each run from the seeded generator, so their p99
 * is over many subjects. */
#include "scale.h"

#include <inttypes.h>

/* The queries, in the order of the report. */
#define QUERIES(XX)                                                             \
	XX(STATUS, "status", false)                                             \
	XX(ACTORS, "actors", false)                                             \
	XX(ACTOR_TOP, "actor TOP", true)                                        \
	XX(ACTOR_RND, "actor RANDOM", false)                                    \
	XX(CLAIMS, "claims", false)                                             \
	XX(CLAIMS_ABOUT_TOP, "claims --about TOP", true)                        \
	XX(CLAIMS_ABOUT_RND, "claims --about RANDOM", false)                    \
	XX(CLAIMS_DENIES_TOP, "claims --about TOP --stance denies", false)      \
	XX(CLAIMS_BY_RND, "claims --by RANDOM-SOURCE", false)                   \
	XX(CLAIMS_ARTICLE, "claims --article RANDOM", false)                    \
	XX(CLAIMS_PROP_BIG, "claims --proposition LARGEST", false)              \
	XX(CLAIMS_PROP_RND, "claims --proposition RANDOM", false)               \
	XX(ATTR, "attribution", false)                                          \
	XX(ATTR_TOP, "attribution --about TOP", false)                          \
	XX(TIMELINE, "timeline", false)                                         \
	XX(TIMELINE_ENTRIES, "timeline --entries", false)                       \
	XX(TIMELINE_TOP, "timeline --actor TOP", false)                         \
	XX(TIMELINE_RND, "timeline --actor RANDOM", false)                      \
	XX(TIMELINE_MONTH, "timeline --from/--to RANDOM-MONTH", false)          \
	XX(TIMELINE_ARTICLE, "timeline --article RANDOM", false)                \
	XX(ARTICLES, "articles", false)                                         \
	XX(ARTICLE, "articles ID (RANDOM)", false)                              \
	XX(WHY_CLAIM, "why CLAIM (RANDOM)", false)                              \
	XX(WHY_ENTRY, "why ENTRY (RANDOM)", false)                              \
	XX(WHY_ARTICLE, "why ARTICLE (RANDOM)", false)                          \
	XX(WHY_TOP, "why TOP", false)                                           \
	XX(WHY_RND, "why ACTOR (RANDOM)", false)                                \
	XX(CONFLICTS, "conflicts", false)                                       \
	XX(LOG, "log (RANDOM page)", false)                                     \
	XX(RESOLVE, "resolve ID-PREFIX (RANDOM)", false)                        \
	XX(SEARCH_COMMON, "search said", false)                                 \
	XX(SEARCH_TOP, "search TOP (its words)", false)                         \
	XX(SEARCH_TOP_PHRASE, "search \"TOP\" (a phrase)", false)               \
	XX(SEARCH_RARE, "search WORD (RANDOM)", false)                          \
	XX(SEARCH_PHRASE, "search \"3 WORDS\" (RANDOM)", false)                \
	XX(SEARCH_NOWHERE, "search \"said a the\" (in no text)", false)

enum qkind {
#define XX(id, name, top) Q_##id,
	QUERIES(XX)
#undef XX
	Q_COUNT
};

static const struct {
	const char *name;
	bool top;             /* the most-mentioned actor's 200 ms target */
} qdefs[Q_COUNT] = {
#define XX(id, name, top) { name, top },
	QUERIES(XX)
#undef XX
};

/* The messages of one request, pointing into its own strings. */
struct rqbuf {
	Dpb__Request rq;
	Dpb__QueryStatus status;
	Dpb__QueryActors actors;
	Dpb__QueryActor actor;
	Dpb__QueryClaims claims;
	Dpb__QueryTimeline tl;
	Dpb__QueryArticles arts;
	Dpb__QueryLog log;
	Dpb__QueryWhy why;
	Dpb__QueryConflicts conf;
	Dpb__Resolve res;
	Dpb__QueryAttribution attr;
	Dpb__QuerySearch search;
	Dpb__Page page;
	char s[512];
	char from[16], to[16];
	uint8_t id[DSR_ID_LEN];
};

static const char *pick_str(char **v, size_t n, uint64_t *rng, const char *dflt)
{
	return n ? v[sc_rand(rng) % n] : dflt;
}

static const uint8_t *pick_id(uint8_t (*v)[DSR_ID_LEN], size_t n, uint64_t *rng)
{
	static const uint8_t zero[DSR_ID_LEN];
	return n ? v[sc_rand(rng) % n] : zero;
}

static void set_bytes(ProtobufCBinaryData *b, struct rqbuf *r, const uint8_t *id)
{
	memcpy(r->id, id, DSR_ID_LEN);
	b->data = r->id;
	b->len = DSR_ID_LEN;
}

static void claims_rq(struct rqbuf *r, const char *about, const char *by)
{
	r->claims.stance = -1;
	r->claims.hedged = -1;
	if (about) {
		snprintf(r->s, sizeof r->s, "%s", about);
		r->claims.about = r->s;
	}
	if (by) {
		snprintf(r->s, sizeof r->s, "%s", by);
		r->claims.by = r->s;
	}
	r->claims.page = &r->page;
	r->rq.body_case = DPB__REQUEST__BODY_CLAIMS;
	r->rq.claims = &r->claims;
}

static void timeline_rq(struct rqbuf *r, const char *actor)
{
	if (actor) {
		snprintf(r->s, sizeof r->s, "%s", actor);
		r->tl.actor = r->s;
	}
	r->tl.page = &r->page;
	r->rq.body_case = DPB__REQUEST__BODY_TIMELINE;
	r->rq.timeline = &r->tl;
}

static void why_rq(struct rqbuf *r, const char *what)
{
	snprintf(r->s, sizeof r->s, "%s", what);
	r->why.what = r->s;
	r->rq.body_case = DPB__REQUEST__BODY_WHY;
	r->rq.why = &r->why;
}

static void make_rq(enum qkind k, const struct sc_subjects *s, uint32_t limit, uint64_t *rng,
		    struct rqbuf *r)
{
	dpb__request__init(&r->rq);
	dpb__query_status__init(&r->status);
	dpb__query_actors__init(&r->actors);
	dpb__query_actor__init(&r->actor);
	dpb__query_claims__init(&r->claims);
	dpb__query_timeline__init(&r->tl);
	dpb__query_articles__init(&r->arts);
	dpb__query_log__init(&r->log);
	dpb__query_why__init(&r->why);
	dpb__query_conflicts__init(&r->conf);
	dpb__resolve__init(&r->res);
	dpb__query_attribution__init(&r->attr);
	dpb__query_search__init(&r->search);
	dpb__page__init(&r->page);
	r->page.limit = limit;
	char hex[2 * DSR_ID_LEN + 1];
	const char *top = s->top.name;
	switch (k) {
	case Q_STATUS:
		r->rq.body_case = DPB__REQUEST__BODY_STATUS;
		r->rq.status = &r->status;
		break;
	case Q_ACTORS:
		r->actors.page = &r->page;
		r->rq.body_case = DPB__REQUEST__BODY_ACTORS;
		r->rq.actors = &r->actors;
		break;
	case Q_ACTOR_TOP:
	case Q_ACTOR_RND:
		snprintf(r->s, sizeof r->s, "%s",
			 k == Q_ACTOR_TOP ? top : pick_str(s->actors, s->nactors, rng, top));
		r->actor.name = r->s;
		r->actor.limit = limit;
		r->rq.body_case = DPB__REQUEST__BODY_ACTOR;
		r->rq.actor = &r->actor;
		break;
	case Q_CLAIMS:
		claims_rq(r, NULL, NULL);
		break;
	case Q_CLAIMS_ABOUT_TOP:
		claims_rq(r, top, NULL);
		break;
	case Q_CLAIMS_ABOUT_RND:
		claims_rq(r, pick_str(s->actors, s->nactors, rng, top), NULL);
		break;
	case Q_CLAIMS_DENIES_TOP:
		claims_rq(r, top, NULL);
		r->claims.stance = DPB__STANCE__STANCE_DENIES;
		break;
	case Q_CLAIMS_BY_RND:
		claims_rq(r, NULL, pick_str(s->sources, s->nsources, rng, top));
		break;
	case Q_CLAIMS_ARTICLE:
		claims_rq(r, NULL, NULL);
		set_bytes(&r->claims.article, r, s->ids[sc_rand(rng) % s->nids]);
		break;
	case Q_CLAIMS_PROP_BIG:
		claims_rq(r, NULL, NULL);
		set_bytes(&r->claims.proposition, r,
			  s->bigprop_n ? s->bigprop : pick_id(s->props, s->nprops, rng));
		break;
	case Q_CLAIMS_PROP_RND:
		claims_rq(r, NULL, NULL);
		set_bytes(&r->claims.proposition, r, pick_id(s->props, s->nprops, rng));
		break;
	case Q_ATTR:
	case Q_ATTR_TOP:
		if (k == Q_ATTR_TOP) {
			snprintf(r->s, sizeof r->s, "%s", top);
			r->attr.about = r->s;
		}
		r->attr.page = &r->page;
		r->rq.body_case = DPB__REQUEST__BODY_ATTRIBUTION;
		r->rq.attribution = &r->attr;
		break;
	case Q_TIMELINE:
		timeline_rq(r, NULL);
		break;
	case Q_TIMELINE_ENTRIES:
		timeline_rq(r, NULL);
		r->tl.entries = true;
		break;
	case Q_TIMELINE_TOP:
		timeline_rq(r, top);
		break;
	case Q_TIMELINE_RND:
		timeline_rq(r, pick_str(s->actors, s->nactors, rng, top));
		break;
	case Q_TIMELINE_MONTH:
		timeline_rq(r, NULL);
		snprintf(r->from, sizeof r->from, "%s",
			 s->nmonths ? s->months[sc_rand(rng) % s->nmonths] : "2014-12");
		memcpy(r->to, r->from, sizeof r->to);
		r->tl.from = r->from;
		r->tl.to = r->to;
		break;
	case Q_TIMELINE_ARTICLE:
		timeline_rq(r, NULL);
		set_bytes(&r->tl.article, r, s->ids[sc_rand(rng) % s->nids]);
		break;
	case Q_ARTICLES:
	case Q_ARTICLE:
		if (k == Q_ARTICLE)
			set_bytes(&r->arts.id, r, s->ids[sc_rand(rng) % s->nids]);
		else
			r->arts.page = &r->page;
		r->rq.body_case = DPB__REQUEST__BODY_ARTICLES;
		r->rq.articles = &r->arts;
		break;
	case Q_WHY_CLAIM:
		sc_hex(pick_id(s->claims, s->nclaims, rng), DSR_ID_LEN, hex);
		why_rq(r, hex);
		break;
	case Q_WHY_ENTRY:
		sc_hex(pick_id(s->entries, s->nentries, rng), DSR_ID_LEN, hex);
		why_rq(r, hex);
		break;
	case Q_WHY_ARTICLE:
		sc_hex(s->ids[sc_rand(rng) % s->nids], DSR_ID_LEN, hex);
		why_rq(r, hex);
		break;
	case Q_WHY_TOP:
		why_rq(r, top);
		break;
	case Q_WHY_RND:
		why_rq(r, pick_str(s->actors, s->nactors, rng, top));
		break;
	case Q_CONFLICTS:
		r->conf.limit = limit;
		r->rq.body_case = DPB__REQUEST__BODY_CONFLICTS;
		r->rq.conflicts = &r->conf;
		break;
	case Q_LOG:
		r->log.from = s->log_end > limit ? 1 + sc_rand(rng) % (s->log_end - limit) : 1;
		r->log.limit = limit;
		r->rq.body_case = DPB__REQUEST__BODY_LOG;
		r->rq.log = &r->log;
		break;
	case Q_RESOLVE:
		sc_hex(pick_id(s->claims, s->nclaims, rng), DSR_ID_LEN, hex);
		snprintf(r->s, sizeof r->s, "%.6s", hex);
		r->res.prefix = r->s;
		r->res.limit = limit;
		r->rq.body_case = DPB__REQUEST__BODY_RESOLVE;
		r->rq.resolve = &r->res;
		break;
	case Q_SEARCH_COMMON:
	case Q_SEARCH_TOP:
	case Q_SEARCH_TOP_PHRASE:
	case Q_SEARCH_RARE:
	case Q_SEARCH_PHRASE:
	case Q_SEARCH_NOWHERE:
		if (k == Q_SEARCH_COMMON)
			snprintf(r->s, sizeof r->s, "said");
		else if (k == Q_SEARCH_TOP)
			snprintf(r->s, sizeof r->s, "%s", top);
		else if (k == Q_SEARCH_TOP_PHRASE)
			snprintf(r->s, sizeof r->s, "\"%s\"", top);
		else if (k == Q_SEARCH_RARE)
			snprintf(r->s, sizeof r->s, "%s", pick_str(s->words, s->nwords, rng, "said"));
		else if (k == Q_SEARCH_NOWHERE)
			/* the worst case of the index: a phrase of the commonest
			 * word and stop words that no text holds, so every
			 * document with "said" has its stop map read */
			snprintf(r->s, sizeof r->s, "\"said a the\"");
		else
			snprintf(r->s, sizeof r->s, "%s", pick_str(s->phrases, s->nphrases, rng, "said"));
		r->search.query = r->s;
		r->search.page = &r->page;
		r->rq.body_case = DPB__REQUEST__BODY_SEARCH;
		r->rq.search = &r->search;
		break;
	case Q_COUNT:
		break;
	}
}

/* Rows in an answer; -1 for an error. */
static long rows_of(const Dpb__Response *rs)
{
	switch ((int)rs->body_case) {
	case DPB__RESPONSE__BODY_STATUS:
		return 1;
	case DPB__RESPONSE__BODY_ACTORS:
		return (long)rs->actors->n_actors;
	case DPB__RESPONSE__BODY_ACTOR:
		return (long)(rs->actor->n_by + rs->actor->n_about + rs->actor->n_timeline);
	case DPB__RESPONSE__BODY_CLAIMS:
		return (long)rs->claims->n_claims;
	case DPB__RESPONSE__BODY_TIMELINE:
		return (long)rs->timeline->n_entries;
	case DPB__RESPONSE__BODY_ARTICLES:
		return (long)rs->articles->n_articles;
	case DPB__RESPONSE__BODY_LOG:
		return (long)rs->log->n_events;
	case DPB__RESPONSE__BODY_WHY:
		return (long)rs->why->n_items;
	case DPB__RESPONSE__BODY_CONFLICTS:
		return (long)rs->conflicts->n_conflicts;
	case DPB__RESPONSE__BODY_RESOLVED:
		return (long)rs->resolved->n_ids;
	case DPB__RESPONSE__BODY_ATTRIBUTION:
		return (long)rs->attribution->n_rows;
	case DPB__RESPONSE__BODY_SEARCH:
		return (long)rs->search->n_hits;
	default:
		return -1;
	}
}

static void subject_of(enum qkind k, const struct sc_subjects *s, char *out, size_t n)
{
	out[0] = 0;
	switch (k) {
	case Q_ACTOR_TOP:
	case Q_CLAIMS_ABOUT_TOP:
	case Q_CLAIMS_DENIES_TOP:
	case Q_ATTR_TOP:
	case Q_TIMELINE_TOP:
	case Q_WHY_TOP:
		snprintf(out, n, "TOP = %.80s", s->top.name);
		break;
	case Q_ACTOR_RND:
	case Q_CLAIMS_ABOUT_RND:
	case Q_TIMELINE_RND:
	case Q_WHY_RND:
		snprintf(out, n, "any of %zu actors", s->nactors);
		break;
	case Q_CLAIMS_BY_RND:
		snprintf(out, n, "any of %zu sampled sources", s->nsources);
		break;
	case Q_CLAIMS_PROP_BIG:
		if (s->bigprop_n)
			snprintf(out, n, "%u claims: %.70s", s->bigprop_n, s->bigprop_what);
		else
			snprintf(out, n, "no attribution row; a sampled proposition");
		break;
	case Q_CLAIMS_PROP_RND:
		snprintf(out, n, "any of %zu sampled propositions", s->nprops);
		break;
	case Q_CLAIMS_ARTICLE:
	case Q_TIMELINE_ARTICLE:
	case Q_ARTICLE:
	case Q_WHY_ARTICLE:
		snprintf(out, n, "any of %" PRIu64 " articles", s->nids);
		break;
	case Q_WHY_CLAIM:
	case Q_RESOLVE:
		snprintf(out, n, "any of %zu sampled claims", s->nclaims);
		break;
	case Q_WHY_ENTRY:
		snprintf(out, n, "any of %zu sampled entries", s->nentries);
		break;
	case Q_TIMELINE_MONTH:
		snprintf(out, n, "any of %zu sampled entries' months", s->nmonths);
		break;
	case Q_LOG:
		snprintf(out, n, "from any of %" PRIu64 " positions", s->log_end);
		break;
	case Q_SEARCH_TOP:
	case Q_SEARCH_TOP_PHRASE:
		snprintf(out, n, "TOP = %.80s", s->top.name);
		break;
	case Q_SEARCH_RARE:
		snprintf(out, n, "any of %zu sampled claims' longest words", s->nwords);
		break;
	case Q_SEARCH_PHRASE:
		snprintf(out, n, "any of %zu sampled claims' first 3 words", s->nphrases);
		break;
	case Q_SEARCH_COMMON:
	case Q_SEARCH_NOWHERE:
	case Q_STATUS:
	case Q_ACTORS:
	case Q_CLAIMS:
	case Q_ATTR:
	case Q_TIMELINE:
	case Q_TIMELINE_ENTRIES:
	case Q_ARTICLES:
	case Q_CONFLICTS:
	case Q_COUNT:
		break;
	}
}

static void time_query(struct sb_conn *conn, enum qkind k, const struct sc_subjects *s,
		       const struct sc_qopts *o, uint64_t *rng, struct sc_qres *r)
{
	memset(r, 0, sizeof *r);
	snprintf(r->name, sizeof r->name, "%s", qdefs[k].name);
	subject_of(k, s, r->subject, sizeof r->subject);
	uint64_t *lat = sc_xmalloc(((size_t)o->reps + 1) * sizeof *lat);
	struct rqbuf *b = sc_xmalloc(sizeof *b);
	uint64_t start = sb_now_ns(), cap = (uint64_t)(o->cap_s * 1e9);
	for (uint32_t i = 0;; i++) {
		make_rq(k, s, o->limit, rng, b);
		size_t bytes;
		uint64_t t0 = sb_now_ns();
		Dpb__Response *rs = sc_roundtrip(conn, &b->rq, &bytes);
		uint64_t dt = sb_now_ns() - t0;
		long rows = rows_of(rs);
		if (rows < 0) {
			if (!r->errors++)
				snprintf(r->err, sizeof r->err, "%s",
					 rs->body_case == DPB__RESPONSE__BODY_ERROR
						 ? rs->error->message : "unexpected answer");
		} else if ((uint32_t)rows > r->rows) {
			r->rows = (uint32_t)rows;
		}
		if (bytes > r->bytes)
			r->bytes = bytes;
		dpb__response__free_unpacked(rs, NULL);
		/* The first run warms caches, unless it alone used the time. */
		if (i > 0 || dt >= cap)
			lat[r->runs++] = dt;
		if (r->runs && (r->runs >= o->reps || sb_now_ns() - start >= cap))
			break;
	}
	r->p50_ms = sc_ms(sb_quantile(lat, r->runs, 0.50));
	r->p99_ms = sc_ms(sb_quantile(lat, r->runs, 0.99));
	r->max_ms = sc_ms(lat[r->runs - 1]);
	/* a search of at most 100 rows is held to issue 12's 20 ms, which
	 * is tighter than issue 15's 50 */
	if (qdefs[k].top)
		r->target_ms = SC_TARGET_TOP_MS;
	else if (r->rows <= 100)
		r->target_ms = SC_TARGET_SMALL_MS;
	else if (k >= Q_SEARCH_COMMON)
		r->target_ms = SC_TARGET_SEARCH_MS;
	free(b);
	free(lat);
}

void sc_queries_run(struct sb_conn *conn, const uint8_t (*ids)[DSR_ID_LEN],
		    uint64_t nids, const struct sc_qopts *o, struct sc_top *top,
		    struct sc_qres **out, size_t *n)
{
	struct sc_subjects s;
	uint64_t rng = o->seed;
	sc_subjects_find(conn, ids, nids, &rng, &s);
	*top = s.top;
	*out = calloc(Q_COUNT, sizeof **out);
	if (!*out)
		sb_die("memory");
	*n = Q_COUNT;
	for (int k = 0; k < Q_COUNT; k++) {
		struct sc_qres *r = &(*out)[k];
		time_query(conn, (enum qkind)k, &s, o, &rng, r);
		fprintf(stderr, "bench_scale:   %-36s %6u runs  p50 %9.3f ms  p99 %9.3f ms  "
			"%u rows%s%s\n", r->name, r->runs, r->p50_ms, r->p99_ms, r->rows,
			r->errors ? "  errors: " : "", r->errors ? r->err : "");
	}
	sc_subjects_free(&s);
}
