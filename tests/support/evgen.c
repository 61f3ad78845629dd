/* evgen.c: event generators for tests and benchmarks (see evgen.h). */
#include "evgen.h"
#include "factid.h"
#include "payload.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

uint64_t evgen_rand(uint64_t *s)
{
	uint64_t x = *s ? *s : 0x9e3779b97f4a7c15ull;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*s = x;
	return x;
}

void evgen_origin_init(evgen_origin *o, uint32_t seed)
{
	memset(o, 0, sizeof *o);
	uint64_t s = seed * 2654435761u + 1;
	for (int i = 0; i < DSR_ORIGIN_LEN; i++)
		o->id[i] = (uint8_t)evgen_rand(&s);
	o->hlc = (uint64_t)1416787200000ull << 16; /* 2014-11-24 */
}

static void fill(ProtobufCBinaryData *f, uint8_t *buf, const char *kind,
		 const Dpb__Event *ev, ProtobufCBinaryData article,
		 const Dpb__Span *span, const char *name)
{
	if (f->len)
		return;
	if (!article.len)
		dsr_event_fact_id(kind, ev->origin.data, ev->seq, buf);
	else if (name)
		dsr_actor_fact_id(article.data, name, buf);
	else
		dsr_span_fact_id(kind, article.data, span ? span->start : 0,
				 span ? span->end : 0, buf);
	f->data = buf;
	f->len = DSR_ID_LEN;
}

int evgen_encode(evgen_origin *o, Dpb__Event *ev, const char *author, dsr_buf *out)
{
	uint8_t id[DSR_ID_LEN];
	ev->format = DSR_FORMAT_VERSION;
	ev->origin.data = o->id;
	ev->origin.len = DSR_ORIGIN_LEN;
	ev->seq = ++o->seq;
	ev->prev.data = o->head;
	ev->prev.len = ev->seq > 1 ? DSR_HASH_LEN : 0;
	o->hlc += 1 + (o->seq % 7 == 0 ? 65536 : 0);
	ev->hlc = o->hlc;
	ev->author = (char *)author;
	/* Ids by the kind's rule (payload.h); articles carry their own. */
#define FILL_NONE(f)
#define FILL_ARTICLE(f)
#define FILL_NAME(f) fill(&ev->f->id, id, #f, ev, ev->f->article, NULL, ev->f->name);
#define FILL_SPAN(f) fill(&ev->f->id, id, #f, ev, ev->f->article, ev->f->span, NULL);
	switch (ev->payload_case) {
#define XX(CASE, field, factid) case DPB__EVENT__PAYLOAD_##CASE: FILL_##factid(field) break;
	DSR_PAYLOADS(XX)
#undef XX
	DSR_PAYLOAD_NO_CASES:
		break;
	}
	out->len = 0;
	if (dsr_buf_reserve(out, dpb__event__get_packed_size(ev)))
		return -ENOMEM;
	out->len = dpb__event__pack(ev, out->data);
	dsr_event_hash(out->data, out->len, o->head);
	/* The caller's payload must not keep pointing at our stack. */
#define UNFILL_NONE(f)
#define UNFILL_ARTICLE(f)
#define UNFILL_NAME(f) ev->f->id.len = 0;
#define UNFILL_SPAN(f) ev->f->id.len = 0;
	switch (ev->payload_case) {
#define XX(CASE, field, factid) case DPB__EVENT__PAYLOAD_##CASE: UNFILL_##factid(field) break;
	DSR_PAYLOADS(XX)
#undef XX
	DSR_PAYLOAD_NO_CASES:
		break;
	}
	return 0;
}

static int list_add(evgen_list *l, const dsr_buf *b)
{
	if (l->n == l->cap) {
		size_t nc = l->cap ? l->cap * 2 : 256;
		dsr_buf *nv = realloc(l->ev, nc * sizeof *nv);
		if (!nv)
			return -ENOMEM;
		l->ev = nv;
		l->cap = nc;
	}
	dsr_buf *d = &l->ev[l->n];
	*d = (dsr_buf)DSR_BUF_INIT;
	if (dsr_buf_append(d, b->data, b->len))
		return -ENOMEM;
	l->n++;
	return 0;
}

void evgen_list_free(evgen_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		dsr_buf_free(&l->ev[i]);
	free(l->ev);
	l->ev = NULL;
	l->n = l->cap = 0;
}

/* A cast that exercises the name rule: variants, acronyms, short forms. */
static const struct {
	const char *name;
	int kind;
	const char *alias;
} cast[] = {
	{ "Guardians of Peace", 5, "GOP" },
	{ "G.O.P.", 5, NULL },
	{ "Guardians for Peace", 5, NULL },
	{ "#GOP", 5, NULL },
	{ "Sony Pictures Entertainment", 2, "Sony" },
	{ "Sony Pictures", 2, NULL },
	{ "Sony Entertainment", 2, NULL },
	{ "North Korea", 4, "DPRK" },
	{ "North Korean government", 4, NULL },
	{ "South Korea", 4, NULL },
	{ "Kim Jong-un", 1, "Kim Jong Un" },
	{ "Seth Rogen", 1, "Rogen" },
	{ "James Franco", 1, "Franco" },
	{ "Federal Bureau of Investigation", 3, "FBI" },
	{ "Department of Homeland Security", 3, "DHS" },
	{ "U.S. government", 3, "U.S. officials" },
	{ "NBC News", 6, "NBC" },
	{ "The Telegraph", 6, "Telegraph" },
	{ "Steve Carell", 1, NULL },
	{ "Steve Carrell", 1, NULL },
	{ "Phil Lieberman", 1, "Lieberman" },
	{ "Lieberman Software", 2, NULL },
	{ "Regal", 2, NULL },
	{ "Cinemark", 2, NULL },
};
#define NCAST (sizeof cast / sizeof cast[0])

static const char *const dates[] = {
	"2014-11-24", "2014-11-27", "2014-W48", "2014-12", "2014-12-17",
	"2014-12-25", "2014", "XXXX-12-25", "PRESENT_REF", "2015-03",
	"2014-12-17T14:00", "2014-SU", "201X", "2014-Q4",
};
#define NDATES (sizeof dates / sizeof dates[0])

static const char *const words[] = {
	"hack", "attack", "officials", "said", "denied", "film", "release",
	"theaters", "network", "emails", "leaked", "investigation", "threat",
};

struct world {
	uint64_t rng;
	int narticles;
	uint8_t art[64][DSR_ID_LEN];
	char *text[64];
	uint8_t claims[512][DSR_ID_LEN];
	int nclaims;
	uint8_t entries[512][DSR_ID_LEN];
	int nentries;
};

static uint32_t rnd(struct world *w, uint32_t n)
{
	return (uint32_t)(evgen_rand(&w->rng) % n);
}

static char *make_text(struct world *w, int i)
{
	dsr_buf b = DSR_BUF_INIT;
	dsr_buf_printf(&b, "Article %d about the incident.", i);
	int nw = 200 + (int)rnd(w, 400);
	for (int j = 0; j < nw; j++)
		dsr_buf_printf(&b, " %s", words[rnd(w, sizeof words / sizeof words[0])]);
	dsr_buf_cstr(&b);
	return (char *)b.data;
}

/* One payload of a random kind into ev (storage in *sc). */
struct scratch {
	Dpb__ArticleFiled a;
	Dpb__ActorMentioned m;
	Dpb__NamesJudged j;
	Dpb__ClaimRecorded c;
	Dpb__ClaimAssessed as;
	Dpb__EntryRecorded e;
	Dpb__EntryAmended am;
	Dpb__NoteAdded no;
	Dpb__ActorCurated cu;
	Dpb__IndicatorSeen io;
	Dpb__ArticleCurated ac;
	Dpb__EntryDate ed[4];
	Dpb__EntryDate *edp[4];
	Dpb__Span sp[4];
	Dpb__Span *spp[4];
	char *names[4];
	char buf[4][128];
	uint8_t id[DSR_ID_LEN];
};

static void pick_article(struct world *w, ProtobufCBinaryData *d, bool allow_none)
{
	if (allow_none && rnd(w, 8) == 0) {
		d->len = 0;
		return;
	}
	int i = (int)rnd(w, (uint32_t)w->narticles);
	d->data = w->art[i];
	d->len = DSR_ID_LEN;
}

static void random_payload(struct world *w, Dpb__Event *ev, struct scratch *sc)
{
	dpb__event__init(ev);
	uint32_t r = rnd(w, 100);
	if (w->narticles < 64 && (w->narticles == 0 || r < 4)) {
		int i = w->narticles++;
		dpb__article_filed__init(&sc->a);
		w->text[i] = make_text(w, i);
		sc->a.text.data = (uint8_t *)w->text[i];
		sc->a.text.len = strlen(w->text[i]);
		dsr_article_id(sc->a.text.data, sc->a.text.len, w->art[i]);
		sc->a.id.data = w->art[i];
		sc->a.id.len = DSR_ID_LEN;
		snprintf(sc->buf[0], sizeof sc->buf[0], "Title %d", i);
		sc->a.title = sc->buf[0];
		sc->a.publisher = (char *)(i % 2 ? "NBC News" : "Vox");
		sc->a.published = (char *)"2014-12-17";
		ev->payload_case = DPB__EVENT__PAYLOAD_ARTICLE;
		ev->article = &sc->a;
		return;
	}
	if (r < 30) {
		dpb__actor_mentioned__init(&sc->m);
		int c = (int)rnd(w, NCAST);
		pick_article(w, &sc->m.article, true);
		sc->m.name = (char *)cast[c].name;
		/* Sometimes another extractor saw a different kind or no alias:
		 * the same fact id with other content. */
		sc->m.kind = rnd(w, 6) == 0 ? rnd(w, 8) : (uint32_t)cast[c].kind;
		if (cast[c].alias && rnd(w, 3)) {
			sc->names[0] = (char *)cast[c].alias;
			sc->m.aliases = sc->names;
			sc->m.n_aliases = 1;
		}
		int nm = 1 + (int)rnd(w, 3);
		for (int i = 0; i < nm; i++) {
			dpb__span__init(&sc->sp[i]);
			sc->sp[i].start = 10 * (uint32_t)i;
			sc->sp[i].end = 10 * (uint32_t)i + 5;
			sc->spp[i] = &sc->sp[i];
		}
		sc->m.mentions = sc->spp;
		sc->m.n_mentions = (size_t)nm;
		ev->payload_case = DPB__EVENT__PAYLOAD_ACTOR;
		ev->actor = &sc->m;
		return;
	}
	if (r >= 46 && r < 50) {
		/* an indicator: few spans, so that one fact id comes with other
		 * content from another extractor and the index follows its winner */
		static const char *const iocs[][2] = { { "ipv4", "203.0.113.7" },
			{ "domain", "evil.example.com" }, { "md5", "d41d8cd98f00b204e9800998ecf8427e" },
			{ "url", "http://evil.example.com/a" }, { "cve", "CVE-2014-6271" } };
		dpb__indicator_seen__init(&sc->io);
		pick_article(w, &sc->io.article, false);
		dpb__span__init(&sc->sp[0]);
		sc->sp[0].start = 20 * rnd(w, 4);
		sc->sp[0].end = sc->sp[0].start + 12;
		sc->io.span = &sc->sp[0];
		uint32_t k = rnd(w, 5);
		sc->io.type = (char *)iocs[k][0];
		sc->io.value = (char *)iocs[k][1];
		ev->payload_case = DPB__EVENT__PAYLOAD_INDICATOR;
		ev->indicator = &sc->io;
		return;
	}
	if (r < 50) {
		dpb__claim_recorded__init(&sc->c);
		pick_article(w, &sc->c.article, true);
		dpb__span__init(&sc->sp[0]);
		sc->sp[0].start = 100 * rnd(w, 6);
		sc->sp[0].end = sc->sp[0].start + 50;
		sc->c.span = &sc->sp[0];
		sc->c.source = rnd(w, 5) ? (char *)cast[rnd(w, NCAST)].name : (char *)"";
		sc->c.cue = (char *)"said";
		snprintf(sc->buf[1], sizeof sc->buf[1], "content %u", rnd(w, 4));
		sc->c.content = sc->buf[1];
		sc->c.stance = rnd(w, 4) == 0;
		sc->c.hedged = rnd(w, 3) == 0;
		int na = (int)rnd(w, 3);
		for (int i = 0; i < na; i++)
			sc->names[i] = (char *)cast[rnd(w, NCAST)].name;
		sc->c.about = sc->names;
		sc->c.n_about = (size_t)na;
		sc->c.source_kind = rnd(w, 8);
		/* half of them say who did what: attributions, grouped by act
		 * class and the clusters of the responsible actor and target */
		if (rnd(w, 2)) {
			static const char *const acts[] = { "the hack", "the attack on Sony",
				"the breach", "the leak of emails" };
			sc->c.responsible = (char *)cast[rnd(w, NCAST)].name;
			sc->c.target = rnd(w, 3) ? (char *)cast[rnd(w, NCAST)].name : (char *)"";
			sc->c.act_class = rnd(w, 4) ? (char *)"attack" : (char *)"leak";
			sc->c.act = (char *)acts[rnd(w, 4)];
		}
		ev->payload_case = DPB__EVENT__PAYLOAD_CLAIM;
		ev->claim = &sc->c;
		return;
	}
	if (r < 66) {
		dpb__entry_recorded__init(&sc->e);
		pick_article(w, &sc->e.article, true);
		dpb__span__init(&sc->sp[0]);
		sc->sp[0].start = 100 * rnd(w, 6);
		sc->sp[0].end = sc->sp[0].start + 40;
		sc->e.span = &sc->sp[0];
		sc->e.date = (char *)dates[rnd(w, NDATES)];
		sc->e.precision = 1 + rnd(w, 9);
		snprintf(sc->buf[1], sizeof sc->buf[1], "something happened %u", rnd(w, 3));
		sc->e.text = sc->buf[1];
		int na = (int)rnd(w, 3);
		for (int i = 0; i < na; i++)
			sc->names[i] = (char *)cast[rnd(w, NCAST)].name;
		sc->e.actors = sc->names;
		sc->e.n_actors = (size_t)na;
		ev->payload_case = DPB__EVENT__PAYLOAD_ENTRY;
		ev->entry = &sc->e;
		return;
	}
	if (r < 68) {
		dpb__names_judged__init(&sc->j);
		sc->j.a = (char *)cast[rnd(w, NCAST)].name;
		sc->j.b = (char *)cast[rnd(w, NCAST)].name;
		sc->j.verdict = rnd(w, 3);
		ev->payload_case = DPB__EVENT__PAYLOAD_NAMES;
		ev->names = &sc->j;
		return;
	}
	if (r < 82 && w->nclaims) {
		dpb__claim_assessed__init(&sc->as);
		sc->as.claim.data = w->claims[rnd(w, (uint32_t)w->nclaims)];
		sc->as.claim.len = DSR_ID_LEN;
		sc->as.status = rnd(w, 4);
		if (rnd(w, 2)) {
			sc->buf[2][0] = (char)('A' + rnd(w, 6));
			sc->buf[2][1] = 0;
			sc->as.reliability = sc->buf[2];
			sc->as.credibility = 1 + rnd(w, 6);
		}
		/* a third of them place the claim: by the rule, apart, or
		 * with another claim (chains and cycles of them too) */
		if (w->nclaims > 1 && !rnd(w, 3)) {
			sc->as.place = 1 + rnd(w, 3);
			if (sc->as.place == DPB__PLACEMENT__PLACE_WITH) {
				uint32_t o = rnd(w, (uint32_t)w->nclaims), k = 0;
				while (k++ < (uint32_t)w->nclaims &&
				       !memcmp(w->claims[o], sc->as.claim.data, DSR_ID_LEN))
					o = (o + 1) % (uint32_t)w->nclaims;
				if (memcmp(w->claims[o], sc->as.claim.data, DSR_ID_LEN)) {
					sc->as.with.data = w->claims[o];
					sc->as.with.len = DSR_ID_LEN;
				} else {
					sc->as.place = DPB__PLACEMENT__PLACE_APART;
				}
			}
		}
		ev->payload_case = DPB__EVENT__PAYLOAD_ASSESSED;
		ev->assessed = &sc->as;
		return;
	}
	if (r < 90 && w->nentries) {
		dpb__entry_amended__init(&sc->am);
		sc->am.entry.data = w->entries[rnd(w, (uint32_t)w->nentries)];
		sc->am.entry.len = DSR_ID_LEN;
		uint32_t what = rnd(w, 3);
		if (what == 0) {
			sc->am.date = (char *)dates[rnd(w, NDATES)];
			sc->am.precision = DPB__PRECISION__PRECISION_DAY;
		} else if (what == 1) {
			sc->am.removed = 1;
		} else {
			sc->am.restored = 1;
		}
		ev->payload_case = DPB__EVENT__PAYLOAD_AMENDED;
		ev->amended = &sc->am;
		return;
	}
	if (r >= 90 && r < 93) {
		/* an article corrected, withdrawn or restored */
		dpb__article_curated__init(&sc->ac);
		pick_article(w, &sc->ac.article, false);
		uint32_t what = rnd(w, 5);
		if (what == 0) {
			sc->ac.withdrawn = 1;
		} else if (what == 1) {
			sc->ac.restored = 1;
		} else if (what == 2) {
			sc->ac.title = (char *)(rnd(w, 2) ? "Corrected title" : "Another title");
			sc->ac.publisher = (char *)(rnd(w, 2) ? "Reuters" : "");
		} else {
			/* a new date, and new dates for some of its entries */
			static const char *const pub[] = { "2014-12-01", "2014-12-17",
							   "2014-12-20T09:30:00Z" };
			sc->ac.published = (char *)pub[rnd(w, 3)];
			size_t n = 0;
			for (int i = 0; i < w->nentries && n < 4; i++) {
				if (memcmp(w->entries[i], sc->ac.article.data, DSR_ID_LEN / 2) ||
				    rnd(w, 2))
					continue;
				dpb__entry_date__init(&sc->ed[n]);
				sc->ed[n].entry.data = w->entries[i];
				sc->ed[n].entry.len = DSR_ID_LEN;
				sc->ed[n].date = (char *)dates[rnd(w, NDATES)];
				sc->ed[n].precision = DPB__PRECISION__PRECISION_DAY;
				sc->edp[n] = &sc->ed[n];
				n++;
			}
			sc->ac.dates = sc->edp;
			sc->ac.n_dates = n;
		}
		ev->payload_case = DPB__EVENT__PAYLOAD_ARTICLE_CURATED;
		ev->article_curated = &sc->ac;
		return;
	}
	if (r < 95) {
		dpb__note_added__init(&sc->no);
		uint32_t k = 1 + rnd(w, 4);
		sc->no.target_kind = k;
		if (k == DPB__TARGET_KIND__TARGET_ACTOR) {
			sc->no.target_name = (char *)cast[rnd(w, NCAST)].name;
		} else {
			pick_article(w, &sc->no.target_id, false);
			if (k == DPB__TARGET_KIND__TARGET_CLAIM && w->nclaims)
				sc->no.target_id.data = w->claims[rnd(w, (uint32_t)w->nclaims)];
		}
		sc->no.text = (char *)"worth checking";
		ev->payload_case = DPB__EVENT__PAYLOAD_NOTE;
		ev->note = &sc->no;
		return;
	}
	dpb__actor_curated__init(&sc->cu);
	int c = (int)rnd(w, NCAST);
	sc->cu.name = (char *)cast[c].name;
	if (rnd(w, 2))
		sc->cu.preferred_name = (char *)cast[rnd(w, NCAST)].name;
	sc->cu.kind = rnd(w, 8);
	ev->payload_case = DPB__EVENT__PAYLOAD_CURATED;
	ev->curated = &sc->cu;
}

/* Remembers the ids of claims and entries so later events can refer to
 * them. */
static void remember(struct world *w, const dsr_buf *enc)
{
	Dpb__Event *ev = dpb__event__unpack(NULL, enc->len, enc->data);
	if (!ev)
		return;
	if (ev->payload_case == DPB__EVENT__PAYLOAD_CLAIM && w->nclaims < 512)
		memcpy(w->claims[w->nclaims++], ev->claim->id.data, DSR_ID_LEN);
	if (ev->payload_case == DPB__EVENT__PAYLOAD_ENTRY && w->nentries < 512)
		memcpy(w->entries[w->nentries++], ev->entry->id.data, DSR_ID_LEN);
	dpb__event__free_unpacked(ev, NULL);
}

int evgen_mixed(evgen_list *out, size_t n, int norigins, uint64_t seed)
{
	struct world *w = calloc(1, sizeof *w);
	evgen_origin *o = calloc((size_t)norigins, sizeof *o);
	if (!w || !o) {
		free(w);
		free(o);
		return -ENOMEM;
	}
	w->rng = seed * 0x9e3779b97f4a7c15ull + 7;
	for (int i = 0; i < norigins; i++)
		evgen_origin_init(&o[i], (uint32_t)(seed * 131 + (uint64_t)i));
	static const char *const authors[] = { "extractor", "alice", "bob", "carol" };
	dsr_buf enc = DSR_BUF_INIT;
	int rc = 0;
	struct scratch sc;
	for (size_t i = 0; i < n && !rc; i++) {
		Dpb__Event ev;
		random_payload(w, &ev, &sc);
		int oi = (int)rnd(w, (uint32_t)norigins);
		rc = evgen_encode(&o[oi], &ev, authors[rnd(w, 4)], &enc);
		if (!rc)
			rc = list_add(out, &enc);
		if (!rc)
			remember(w, &enc);
	}
	dsr_buf_free(&enc);
	for (int i = 0; i < w->narticles; i++)
		free(w->text[i]);
	free(w);
	free(o);
	return rc;
}

int evgen_ingest_mix(evgen_list *out, size_t narticles, uint64_t seed)
{
	/* Proportions from extracting the sample corpus: per article about
	 * 12 actors, 8 claims and 6 timeline entries. */
	struct world *w = calloc(1, sizeof *w);
	if (!w)
		return -ENOMEM;
	w->rng = seed + 11;
	evgen_origin o;
	evgen_origin_init(&o, (uint32_t)seed);
	dsr_buf enc = DSR_BUF_INIT;
	struct scratch sc;
	int rc = 0;
	for (size_t a = 0; a < narticles && !rc; a++) {
		Dpb__Event ev;
		dpb__event__init(&ev);
		char *text = make_text(w, (int)a);
		/* Vary the text so every article is distinct. */
		dpb__article_filed__init(&sc.a);
		sc.a.text.data = (uint8_t *)text;
		sc.a.text.len = strlen(text);
		dsr_article_id(sc.a.text.data, sc.a.text.len, sc.id);
		sc.a.id.data = sc.id;
		sc.a.id.len = DSR_ID_LEN;
		sc.a.title = (char *)"Sony hack: what we know";
		sc.a.publisher = (char *)"NBC News";
		sc.a.published = (char *)"2014-12-17";
		ev.payload_case = DPB__EVENT__PAYLOAD_ARTICLE;
		ev.article = &sc.a;
		rc = evgen_encode(&o, &ev, "extractor", &enc);
		if (!rc)
			rc = list_add(out, &enc);
		uint8_t art[DSR_ID_LEN];
		memcpy(art, sc.id, DSR_ID_LEN);
		ProtobufCBinaryData ad = { DSR_ID_LEN, art };
		for (int i = 0; i < 12 && !rc; i++) {
			int c = (int)((a + (size_t)i * 5) % NCAST);
			dpb__event__init(&ev);
			dpb__actor_mentioned__init(&sc.m);
			sc.m.article = ad;
			sc.m.name = (char *)cast[c].name;
			sc.m.kind = (uint32_t)cast[c].kind;
			if (cast[c].alias) {
				sc.names[0] = (char *)cast[c].alias;
				sc.m.aliases = sc.names;
				sc.m.n_aliases = 1;
			}
			for (int k = 0; k < 2; k++) {
				dpb__span__init(&sc.sp[k]);
				sc.sp[k].start = (uint32_t)(100 * i + 20 * k);
				sc.sp[k].end = sc.sp[k].start + 12;
				sc.spp[k] = &sc.sp[k];
			}
			sc.m.mentions = sc.spp;
			sc.m.n_mentions = 2;
			ev.payload_case = DPB__EVENT__PAYLOAD_ACTOR;
			ev.actor = &sc.m;
			rc = evgen_encode(&o, &ev, "extractor", &enc);
			if (!rc)
				rc = list_add(out, &enc);
		}
		for (int i = 0; i < 8 && !rc; i++) {
			dpb__event__init(&ev);
			dpb__claim_recorded__init(&sc.c);
			sc.c.article = ad;
			dpb__span__init(&sc.sp[0]);
			sc.sp[0].start = (uint32_t)(150 * i);
			sc.sp[0].end = sc.sp[0].start + 120;
			sc.c.span = &sc.sp[0];
			sc.c.source = (char *)cast[(a + (size_t)i) % NCAST].name;
			sc.c.cue = (char *)"said";
			sc.c.content = (char *)"the attack was carried out by a group "
					       "linked to the government of North Korea";
			sc.c.stance = i % 5 == 0;
			sc.c.hedged = i % 3 == 0;
			sc.names[0] = (char *)cast[(a + 7 + (size_t)i) % NCAST].name;
			sc.names[1] = (char *)cast[(a + 3 + (size_t)i) % NCAST].name;
			sc.c.about = sc.names;
			sc.c.n_about = 2;
			ev.payload_case = DPB__EVENT__PAYLOAD_CLAIM;
			ev.claim = &sc.c;
			rc = evgen_encode(&o, &ev, "extractor", &enc);
			if (!rc)
				rc = list_add(out, &enc);
		}
		for (int i = 0; i < 6 && !rc; i++) {
			dpb__event__init(&ev);
			dpb__entry_recorded__init(&sc.e);
			sc.e.article = ad;
			dpb__span__init(&sc.sp[0]);
			sc.sp[0].start = (uint32_t)(200 * i + 7);
			sc.sp[0].end = sc.sp[0].start + 90;
			sc.e.span = &sc.sp[0];
			sc.e.date = (char *)dates[(a + (size_t)i) % 6];
			sc.e.precision = DPB__PRECISION__PRECISION_DAY;
			sc.e.text = (char *)"Sony on Wednesday dropped its plans to release the film";
			sc.names[0] = (char *)cast[(a + (size_t)i) % NCAST].name;
			sc.e.actors = sc.names;
			sc.e.n_actors = 1;
			ev.payload_case = DPB__EVENT__PAYLOAD_ENTRY;
			ev.entry = &sc.e;
			rc = evgen_encode(&o, &ev, "extractor", &enc);
			if (!rc)
				rc = list_add(out, &enc);
		}
		free(text);
	}
	dsr_buf_free(&enc);
	free(w);
	return rc;
}
