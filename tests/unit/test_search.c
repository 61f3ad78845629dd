/* test_search.c: full-text search: the words of a text (positions, case
 * folding, joiners, possessives, non-ASCII letters, bytes that are not
 * UTF-8), queries that are refused, and search on a store: words, phrases
 * (with a stop word inside), articles and claims, ranking and paging,
 * snippets whose hits point at the matched bytes, an article filed again
 * under another title, the index equal to a rebuild of it, and a large
 * article's snippets and quotes read from the part of its text they show. */
#include "test.h"
#include "error.h"
#include "evgen.h"
#include "hlc.h"
#include "factid.h"
#include "query.h"
#include "store.h"
#include "model/api.h"
#include "store/api.h"
#include "view/api.h"

#include <ctype.h>
#include <errno.h>

/* ---- words -------------------------------------------------------------- */

static char got[2048];

static int word_cb(void *ctx, const dsr__word *w)
{
	(void)ctx;
	size_t n = strlen(got);
	snprintf(got + n, sizeof got - n, "%s%s@%u[%u,%u]%s", n ? " " : "", w->term, w->pos,
		 w->start, w->end, w->stop ? "*" : "");
	return 0;
}

static const char *words(const char *text, size_t len)
{
	got[0] = 0;
	uint32_t next;
	ASSERT_OK(dsr__words((const uint8_t *)text, len, 0, word_cb, NULL, &next));
	return got;
}

#define WORDS(s) words(s, sizeof s - 1)

static void test_words(void)
{
	ASSERT_STR(WORDS("Sony's U.S. hackers can't stop the 3,000 files."),
		   "sony@0[0,4] us@1[7,10] hackers@2[12,19] cant@3[20,25] stop@4[26,30] "
		   "the@5[31,34]* 3000@6[35,40] files@7[41,46]");
	/* ’s too; a word's inner apostrophe followed by more letters joins */
	ASSERT_STR(WORDS("North Korea\xe2\x80\x99s O'Brien"),
		   "north@0[0,5] korea@1[6,11] obrien@2[16,23]");
	/* Latin-1, Latin Extended-A, Greek and Cyrillic fold to lower case */
	ASSERT_STR(WORDS("\xc3\x89\x43OLE \xc5\x81\xc3\xb3\x64\xc5\xba \xce\xa9MEGA \xd0\x9f\xd1\x80\xd0\xb8"),
		   "\xc3\xa9\x63ole@0[0,6] \xc5\x82\xc3\xb3\x64\xc5\xba@1[7,14] "
		   "\xcf\x89mega@2[15,21] \xd0\xbf\xd1\x80\xd0\xb8@3[22,28]");
	/* punctuation, dashes, quotes and symbols separate; a dot between
	 * words of several letters does too */
	ASSERT_STR(WORDS("Jong-un\xe2\x80\x94\xe2\x80\x9c" "end.The\xe2\x80\x9d \xe2\x82\xac 5"),
		   "jong@0[0,4] un@1[5,7] end@2[13,16] the@3[17,20]* 5@4[28,29]");
	/* bytes that are not UTF-8 separate words, and are never in one */
	ASSERT_STR(words("ab\xff" "cd \xc3\x28z \xed\xa0\x80q xy\xe2\x80", 18),
		   "ab@0[0,2] cd@1[3,5] z@2[8,9] q@3[13,14] xy@4[15,17]");
	/* a NUL byte too */
	ASSERT_STR(words("a\0b", 3), "a@0[0,1]* b@1[2,3]");
	ASSERT_STR(WORDS(""), "");
	ASSERT_STR(WORDS(" ,.;-- "), "");
	/* a long word is cut at 64 bytes, its span whole */
	char longw[201];
	memset(longw, 'A', 200);
	longw[200] = 0;
	words(longw, 200);
	char want[128] = "";
	memset(want, 'a', 64);
	memcpy(want + 64, "@0[0,200]", 10);
	ASSERT_STR(got, want);
	/* cut at a character's boundary: 40 two-byte letters */
	char cyr[81];
	for (int i = 0; i < 40; i++)
		memcpy(cyr + 2 * i, "\xd0\x96", 2);
	cyr[80] = 0;
	words(cyr, 80);
	ASSERT_EQ(strstr(got, "@0[0,80]") - got, 64);
	ASSERT(dsr__stop_word("the") && dsr__stop_word("of") && !dsr__stop_word("sony"));
}

static void test_bad_queries(void)
{
	char err[160];
	ASSERT_EQ(dsr_search_check("", err, sizeof err), -EINVAL);
	ASSERT(strstr(err, "no words"));
	ASSERT_EQ(dsr_search_check(" , ; ", err, sizeof err), -EINVAL);
	ASSERT(strstr(err, "no words"));
	ASSERT_EQ(dsr_search_check("the of", err, sizeof err), -EINVAL);
	ASSERT(strstr(err, "common words"));
	ASSERT_EQ(dsr_search_check("\"of the\"", err, sizeof err), -EINVAL);
	ASSERT(strstr(err, "common words"));
	ASSERT_EQ(dsr_search_check("\"north korea", err, sizeof err), -EINVAL);
	ASSERT(strstr(err, "unterminated quote"));
	ASSERT_EQ(dsr_search_check("sony \xff", err, sizeof err), -EINVAL);
	ASSERT(strstr(err, "UTF-8"));
	char big[DSR_SEARCH_QUERY_MAX + 2];
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = 0;
	ASSERT_EQ(dsr_search_check(big, err, sizeof err), -EINVAL);
	ASSERT(strstr(err, "longer than"));
	ASSERT_EQ(dsr_search_check("a1 a2 a3 a4 a5 a6 a7 a8 a9 b1 b2 b3 b4 b5 b6 b7 b8", err,
				   sizeof err), -EINVAL);
	ASSERT(strstr(err, "more than 16 words"));
	ASSERT_OK(dsr_search_check("sony \"north korean government\" the", err, sizeof err));
	ASSERT_OK(dsr_search_check("\"behind the hack\"", err, sizeof err));
}

/* A posting as the index writes it (views layout 14 and 15): places as
 * gaps, each with its neighbours, the far one only after a stop word; and
 * values cut short or running on refused. */
static void test_postings(void)
{
	/* position 3: "the" (30) before, "a" (1) then none after it;
	 * position 10 (gap 6): none before, "of" (24) then "the" after */
	const uint8_t v[] = { 3, 30, 0, 1, 0, 6, 0, 24, 30 };
	dsr__place pl[DSR__POSTING_PLACES_MAX(sizeof v)];
	size_t n;
	ASSERT_OK(dsr__posting_places(v, sizeof v, pl, &n));
	ASSERT_EQ(n, 2);
	ASSERT_EQ(pl[0].pos, 3);
	ASSERT(pl[0].around[0] == 30 && pl[0].around[2] == 0 && pl[0].around[1] == 1 &&
	       pl[0].around[3] == 0);
	ASSERT_EQ(pl[1].pos, 10);
	ASSERT(pl[1].around[0] == 0 && pl[1].around[2] == 0 && pl[1].around[1] == 24 &&
	       pl[1].around[3] == 30);
	for (size_t cut = 0; cut < sizeof v; cut++)
		if (cut != 5)   /* 5: the first place alone, whole */
			ASSERT_EQ(dsr__posting_places(v, cut, pl, &n), DSR_ECORRUPT);
	const uint8_t runs_on[] = { 0x80, 0x80, 0x80, 0x80, 0x80, 0x01, 0, 0 };
	ASSERT_EQ(dsr__posting_places(runs_on, sizeof runs_on, pl, &n), DSR_ECORRUPT);
	/* the phrase's filter: some place with these neighbours (-1: any) */
	const int any[4] = { -1, -1, -1, -1 }, a_then_none[4] = { -1, 1, -1, 0 },
		  of_the[4] = { -1, 24, -1, 30 }, of_a[4] = { -1, 24, -1, 1 },
		  the_of[4] = { 30, 24, -1, -1 }, no_word[4] = { 0, 0, -1, -1 };
	ASSERT(dsr__posting_agrees(v, sizeof v, any));
	ASSERT(dsr__posting_agrees(v, sizeof v, a_then_none));
	ASSERT(dsr__posting_agrees(v, sizeof v, of_the));
	ASSERT(!dsr__posting_agrees(v, sizeof v, of_a));
	ASSERT(!dsr__posting_agrees(v, sizeof v, the_of));
	ASSERT(!dsr__posting_agrees(v, sizeof v, no_word));
	/* a value that does not decode is never refused by the filter */
	for (size_t cut = 0; cut < sizeof v; cut++)
		ASSERT(dsr__posting_agrees(v, cut, of_a) == (cut != 5));
	ASSERT(dsr__posting_agrees(runs_on, sizeof runs_on, of_a));
}

/* ---- a store -------------------------------------------------------------- */

static dsr_store *st;
static uint64_t clock_ms = 1418800000000ull;

static void apply1(Dpb__Event *ev)
{
	dsr_op op = { .type = DSR_OP_LOCAL, .event = ev, .author = "extractor" };
	int r = dsr_store_apply(st, &op, 1, clock_ms++);
	if (r != 1)
		TEST_FAIL("apply: %d, op status %d (%s)", r, op.status, dsr_strerror(op.status));
}

static const char *texts[] = {
	"U.S. officials say North Korea was behind the hack of Sony Pictures. "
	"North Korea denies it.",
	"The hack began on November 24. Investigators say a North Korean group "
	"was behind a hack of the studio's network.",
	"\xc3\x89\x63ole de Paris: the FBI said the Korean hackers used malware. "
	"NORTH KOREA, north korea, North-Korea.",
};
static const char *titles[] = { "Officials blame North Korea", "Sony hack timeline", "Malware" };
static uint8_t art[3][DSR_ID_LEN];

static void article(int i, const char *title)
{
	Dpb__Event ev = DPB__EVENT__INIT;
	Dpb__ArticleFiled a = DPB__ARTICLE_FILED__INIT;
	a.text.data = (uint8_t *)texts[i];
	a.text.len = strlen(texts[i]);
	a.title = (char *)title;
	a.publisher = (char *)"NBC News";
	a.published = (char *)"2014-12-17";
	ev.payload_case = DPB__EVENT__PAYLOAD_ARTICLE;
	ev.article = &a;
	apply1(&ev);
	dsr_article_id(texts[i], strlen(texts[i]), art[i]);
}

static uint8_t claim_id[2][DSR_ID_LEN];

static void claim(int k, const uint8_t *a, uint32_t at, const char *source, const char *content)
{
	Dpb__Event ev = DPB__EVENT__INIT;
	Dpb__ClaimRecorded c = DPB__CLAIM_RECORDED__INIT;
	Dpb__Span sp = DPB__SPAN__INIT;
	sp.start = at;
	sp.end = at + (uint32_t)strlen(content);
	c.article.data = (uint8_t *)a;
	c.article.len = DSR_ID_LEN;
	c.span = &sp;
	c.source = (char *)source;
	c.cue = (char *)"said";
	c.content = (char *)content;
	c.stance = DPB__STANCE__STANCE_ASSERTS;
	dsr_span_fact_id("claim", a, sp.start, sp.end, claim_id[k]);
	c.id.data = claim_id[k];
	c.id.len = DSR_ID_LEN;
	ev.payload_case = DPB__EVENT__PAYLOAD_CLAIM;
	ev.claim = &c;
	apply1(&ev);
}

/* What one search returned: "a0 c1 ..." (kind, and the index of the
 * article or claim), with every hit checked against the snippet. */
struct res {
	char s[512];
	uint32_t scores[16];
	size_t n;
	const char *word;   /* each hit, folded, must be this (or NULL) */
};

static int which(const uint8_t *id, uint8_t (*v)[DSR_ID_LEN], int n)
{
	for (int i = 0; i < n; i++)
		if (!memcmp(id, v[i], DSR_ID_LEN))
			return i;
	return -1;
}

static int hit_cb(void *ctx, const Dpb__SearchHit *h)
{
	struct res *r = ctx;
	bool claim = h->kind == DPB__SEARCH_KIND__SEARCH_CLAIM;
	int i = claim ? which(h->id.data, claim_id, 2) : which(h->id.data, art, 3);
	ASSERT(i >= 0);
	size_t n = strlen(r->s);
	snprintf(r->s + n, sizeof r->s - n, "%s%c%d", n ? " " : "", claim ? 'c' : 'a', i);
	if (r->n < 16)
		r->scores[r->n] = h->score;
	r->n++;
	ASSERT(h->n_hits >= 1);
	size_t sl = strlen(h->snippet);
	for (size_t k = 0; k < h->n_hits; k++) {
		uint32_t a = h->hits[k]->start, b = h->hits[k]->end;
		ASSERT(a < b && b <= sl);
		if (k)
			ASSERT(a >= h->hits[k - 1]->end);
		/* a hit starts and ends at a word's edge */
		ASSERT(a == 0 || !isalnum((unsigned char)h->snippet[a - 1]));
		ASSERT(b == sl || !isalnum((unsigned char)h->snippet[b]));
		if (r->word) {
			char w[128];
			ASSERT(b - a < sizeof w);
			/* folded, and what parts words made one space */
			size_t o = 0;
			for (uint32_t j = a; j < b; j++) {
				unsigned char ch = (unsigned char)h->snippet[j];
				if (ch < 0x80 && !isalnum(ch)) {
					if (o && w[o - 1] != ' ')
						w[o++] = ' ';
				} else {
					w[o++] = (char)tolower(ch);
				}
			}
			w[o] = 0;
			ASSERT_STR(w, r->word);
		}
	}
	if (!claim)
		ASSERT_MEM(h->article.data, h->id.data, DSR_ID_LEN);
	return 0;
}

/* The last search's results (its scores: the hits of each). */
static struct res last;

static const char *search(const char *q, int kind, const char *word)
{
	memset(&last, 0, sizeof last);
	last.word = word;
	dsr_rtxn *t;
	char err[160] = "";
	uint32_t total = 0;
	dsr_buf next = DSR_BUF_INIT;
	ASSERT_OK(dsr_rtxn_begin(st, &t));
	int rc = dsr_q_search(t, q, kind, NULL, &next, &total, hit_cb, &last, err, sizeof err);
	dsr_rtxn_end(t);
	if (rc)
		TEST_FAIL("search %s: %d %s", q, rc, err);
	ASSERT_EQ(total, last.n);
	ASSERT_EQ(next.len, 0);
	dsr_buf_free(&next);
	return last.s;
}

static void test_search(void)
{
	for (int i = 0; i < 3; i++)
		article(i, titles[i]);
	claim(0, art[0], 0, "U.S. officials", "North Korea was behind the hack of Sony Pictures");
	claim(1, art[2], 20, "the FBI", "the Korean hackers used malware");

	/* a word: every document holding it, newest first (the claims were
	 * filed after the articles) */
	ASSERT_STR(search("malware", DSR_SEARCH_ANY, "malware"), "c1 a2");
	ASSERT_STR(search("MALWARE", DSR_SEARCH_CLAIMS, "malware"), "c1");
	ASSERT_STR(search("malware", DSR_SEARCH_ARTICLES, "malware"), "a2");
	ASSERT_STR(search("nothing", DSR_SEARCH_ANY, NULL), "");
	/* folding: É in the text, é in the query, and the other way */
	ASSERT_STR(search("\xc3\xa9\x63OLE", DSR_SEARCH_ANY, NULL), "a2");
	/* two words: both required; hits count both */
	ASSERT_STR(search("korea sony", DSR_SEARCH_ANY, NULL), "c0 a0");
	/* the claim's source is searched too */
	ASSERT_STR(search("fbi", DSR_SEARCH_CLAIMS, NULL), "c1");
	/* a title */
	ASSERT_STR(search("timeline", DSR_SEARCH_ANY, "timeline"), "a1");

	/* a phrase: only where its words stand together; "north korea" in
	 * article 2 three times (North-Korea too), in 0 three times (its
	 * title once); each result's score is its hits */
	ASSERT_STR(search("\"north korea\"", DSR_SEARCH_ARTICLES, "north korea"), "a2 a0");
	ASSERT_EQ(last.scores[0], 3);
	ASSERT_EQ(last.scores[1], 3);
	/* newest first, whatever the hits: "hack" three times in 1, once in 0 */
	ASSERT_STR(search("hack", DSR_SEARCH_ARTICLES, "hack"), "a1 a0");
	ASSERT_EQ(last.scores[0], 3);
	ASSERT_EQ(last.scores[1], 1);
	ASSERT_STR(search("\"korea sony\"", DSR_SEARCH_ANY, NULL), "");
	ASSERT_STR(search("\"korean group\"", DSR_SEARCH_ANY, "korean group"), "a1");
	/* a stop word inside a phrase is checked against the text */
	ASSERT_STR(search("\"behind the hack\"", DSR_SEARCH_ANY, "behind the hack"), "c0 a0");
	ASSERT_STR(search("\"behind a hack\"", DSR_SEARCH_ANY, "behind a hack"), "a1");
	/* stop words at a phrase's ends count too; outside phrases, not */
	ASSERT_STR(search("\"the malware\" the", DSR_SEARCH_ANY, "the malware"), "");
	ASSERT_STR(search("\"used malware\" the", DSR_SEARCH_ANY, "used malware"), "c1 a2");
	ASSERT_STR(search("\"the korean\"", DSR_SEARCH_ANY, "the korean"), "c1 a2");

	/* paging: one at a time, the same order as all at once */
	const char *all = search("korea", DSR_SEARCH_ANY, NULL);
	char want[512];
	snprintf(want, sizeof want, "%s", all);
	char paged[512] = "";
	uint8_t cur[64];
	size_t curlen = 0;
	for (int pages = 0; pages < 10; pages++) {
		struct res r;
		memset(&r, 0, sizeof r);
		dsr_page pg = { cur, curlen, 1 };
		dsr_buf next = DSR_BUF_INIT;
		dsr_rtxn *t;
		char err[160];
		ASSERT_OK(dsr_rtxn_begin(st, &t));
		ASSERT_OK(dsr_q_search(t, "korea", DSR_SEARCH_ANY, &pg, &next, NULL, hit_cb, &r,
				       err, sizeof err));
		dsr_rtxn_end(t);
		ASSERT_EQ(r.n, 1);
		ASSERT(strlen(paged) + strlen(r.s) + 2 < sizeof paged);
		if (paged[0])
			strcat(paged, " ");
		strcat(paged, r.s);
		if (!next.len)
			break;
		ASSERT(next.len <= sizeof cur);
		memcpy(cur, next.data, next.len);
		curlen = next.len;
		dsr_buf_free(&next);
	}
	ASSERT_STR(paged, want);
	/* a cursor of another query is refused */
	{
		dsr_page pg = { (const uint8_t *)"xyz", 3, 1 };
		dsr_rtxn *t;
		char err[160];
		struct res r;
		memset(&r, 0, sizeof r);
		ASSERT_OK(dsr_rtxn_begin(st, &t));
		ASSERT_EQ(dsr_q_search(t, "korea", 0, &pg, NULL, NULL, hit_cb, &r, err, sizeof err),
			  -EINVAL);
		dsr_rtxn_end(t);
	}
}

/* Article 0 filed again by another replica under another title (same
 * text, same id), at clock hlc. */
static void refile(uint32_t seed, uint64_t hlc, const char *title)
{
	evgen_origin o;
	evgen_origin_init(&o, seed);
	o.hlc = hlc;
	Dpb__Event ev = DPB__EVENT__INIT;
	Dpb__ArticleFiled a = DPB__ARTICLE_FILED__INIT;
	a.id.data = art[0];
	a.id.len = DSR_ID_LEN;
	a.text.data = (uint8_t *)texts[0];
	a.text.len = strlen(texts[0]);
	a.title = (char *)title;
	ev.payload_case = DPB__EVENT__PAYLOAD_ARTICLE;
	ev.article = &a;
	dsr_buf enc = DSR_BUF_INIT;
	ASSERT_OK(evgen_encode(&o, &ev, "extractor", &enc));
	dsr_op op = { .type = DSR_OP_RAW, .bytes = enc.data, .len = enc.len };
	ASSERT_EQ(dsr_store_apply(st, &op, 1, clock_ms++), 1);
	ASSERT_OK(op.status);
	dsr_buf_free(&enc);
}

/* The filing that wins (the greatest stamp) decides the title searched:
 * the old title's words no longer find the article. */
static void test_refiled(void)
{
	ASSERT_STR(search("blame", DSR_SEARCH_ANY, NULL), "a0");
	refile(77, DSR_HLC_MAKE(clock_ms + 100000, 0), "Pyongyang accused");
	ASSERT_STR(search("blame", DSR_SEARCH_ANY, NULL), "");
	ASSERT_STR(search("pyongyang", DSR_SEARCH_ANY, "pyongyang"), "a0");
	ASSERT_STR(search("\"behind the hack\"", DSR_SEARCH_ANY, NULL), "a0 c0");
	/* an earlier filing does not win: nothing changes */
	refile(78, DSR_HLC_MAKE(clock_ms - 100000, 0), "Old title");
	ASSERT_STR(search("old", DSR_SEARCH_ANY, NULL), "");
	ASSERT_STR(search("pyongyang", DSR_SEARCH_ANY, NULL), "a0");
}

/* The index equals a rebuild of it (the digest covers v.search), and
 * answers the same. */
static void test_rebuild(void)
{
	char before[512];
	snprintf(before, sizeof before, "%s", search("korea", DSR_SEARCH_ANY, NULL));
	uint8_t a[DSR_HASH_LEN], b[DSR_HASH_LEN];
	dsr_rtxn *t;
	ASSERT_OK(dsr_rtxn_begin(st, &t));
	ASSERT_OK(dsr_store_digest(t, a));
	dsr_rtxn_end(t);
	ASSERT_OK(dsr_store_rebuild(st));
	ASSERT_OK(dsr_rtxn_begin(st, &t));
	ASSERT_OK(dsr_store_digest(t, b));
	dsr_rtxn_end(t);
	ASSERT_MEM(a, b, DSR_HASH_LEN);
	ASSERT_STR(search("korea", DSR_SEARCH_ANY, NULL), before);
}

/* A phrase with a stop word whose other words stand right in many
 * documents and the stop word in one: the stop maps find exactly it. */
static int count_cb(void *ctx, const Dpb__SearchHit *h)
{
	(void)h;
	(*(size_t *)ctx)++;
	return 0;
}

static size_t count(const char *q, uint32_t *total, bool *more)
{
	size_t found = 0;
	dsr_page pg = { NULL, 0, 500 };
	dsr_buf next = DSR_BUF_INIT;
	char err[160];
	dsr_rtxn *t;
	ASSERT_OK(dsr_rtxn_begin(st, &t));
	ASSERT_OK(dsr_q_search(t, q, 0, &pg, &next, total, count_cb, &found, err, sizeof err));
	dsr_rtxn_end(t);
	*more = next.len > 0;
	dsr_buf_free(&next);
	return found;
}

static void file_text(const char *text);

/* The team numbers of the results ("Team 12 was behind ..."), in order. */
struct teams {
	int v[400];
	size_t n;
};

static int team_cb(void *ctx, const Dpb__SearchHit *h)
{
	struct teams *tm = ctx;
	const char *p = strstr(h->snippet, "Team ");
	ASSERT(p && tm->n < 400);
	tm->v[tm->n++] = atoi(p + 5);
	return 0;
}

static void test_stop_phrases(void)
{
	int n = 300;
	for (int i = 0; i < n; i++) {
		char text[64];
		snprintf(text, sizeof text, "Team %d was behind %s breach.", i, i == 7 ? "the" : "a");
		Dpb__Event ev = DPB__EVENT__INIT;
		Dpb__ArticleFiled a = DPB__ARTICLE_FILED__INIT;
		a.text.data = (uint8_t *)text;
		a.text.len = strlen(text);
		ev.payload_case = DPB__EVENT__PAYLOAD_ARTICLE;
		ev.article = &a;
		apply1(&ev);
	}
	uint32_t total;
	bool more;
	ASSERT_EQ(count("\"behind the breach\"", &total, &more), 1);
	ASSERT_EQ(total, 1);
	ASSERT(!more);
	ASSERT_EQ(count("\"behind a breach\"", &total, &more), n - 1);
	ASSERT_EQ(total, n - 1);
	/* and article 1 of the cases before: "was behind a hack" */
	ASSERT_EQ(count("\"was behind a\"", &total, &more), n);
	ASSERT_EQ(count("\"7 was behind the\"", &total, &more), 1);
	ASSERT_EQ(count("\"8 was behind the\"", &total, &more), 0);
	ASSERT_EQ(count("\"behind an breach\"", &total, &more), 0);
	ASSERT_EQ(count("behind breach", &total, &more), n);
	/* a document of stop words only: filed, with a stop map and no
	 * postings */
	file_text("It is of the.");
	ASSERT_EQ(count("behind breach", &total, &more), n);

	/* Pages newest first: team n-1 was filed last.  Each page stops once
	 * it is full, and the next goes on below its last document, so the
	 * pages together are every match once, in order. */
	int want[3][4] = {
		/* query's index, page size, first team, teams in all */
		{ 0, 7, 299, 299 },     /* "behind a breach": all but 7 */
		{ 1, 5, 299, 300 },     /* breach */
		{ 2, 1, 7, 1 },         /* "behind the breach": only 7, past 292 */
	};
	const char *qs[] = { "\"behind a breach\"", "breach", "\"behind the breach\"" };
	for (int k = 0; k < 3; k++) {
		struct teams tm = { 0 };
		uint8_t cur[64];
		size_t curlen = 0;
		int pages = 0;
		for (;;) {
			dsr_page pg = { cur, curlen, (uint32_t)want[k][1] };
			dsr_buf next = DSR_BUF_INIT;
			char err[160];
			dsr_rtxn *t;
			size_t before = tm.n;
			uint32_t tot = 0;
			ASSERT_OK(dsr_rtxn_begin(st, &t));
			ASSERT_OK(dsr_q_search(t, qs[want[k][0]], 0, &pg, &next, &tot, team_cb, &tm,
					       err, sizeof err));
			dsr_rtxn_end(t);
			pages++;
			ASSERT(tm.n - before <= (size_t)want[k][1]);
			ASSERT_EQ(tot, tm.n - before);
			if (!next.len)
				break;
			ASSERT_EQ(tm.n - before, (size_t)want[k][1]);   /* more: a full page */
			ASSERT(next.len <= sizeof cur);
			memcpy(cur, next.data, next.len);
			curlen = next.len;
			dsr_buf_free(&next);
		}
		ASSERT_EQ(tm.n, (size_t)want[k][3]);
		ASSERT_EQ(tm.v[0], want[k][2]);
		for (size_t i = 1; i < tm.n; i++)
			ASSERT(tm.v[i] < tm.v[i - 1]);
		ASSERT(pages >= (int)(tm.n / (size_t)want[k][1]));
		if (k == 0)
			for (size_t i = 0; i < tm.n; i++)
				ASSERT(tm.v[i] != 7);
	}
	/* the oldest document alone: read back to the first posting */
	{
		struct teams tm = { 0 };
		dsr_page pg = { NULL, 0, 3 };
		dsr_buf next = DSR_BUF_INIT;
		char err[160];
		dsr_rtxn *t;
		ASSERT_OK(dsr_rtxn_begin(st, &t));
		ASSERT_OK(dsr_q_search(t, "\"0 was behind a\"", 0, &pg, &next, NULL, team_cb, &tm,
				       err, sizeof err));
		dsr_rtxn_end(t);
		ASSERT_EQ(tm.n, 1);
		ASSERT_EQ(tm.v[0], 0);
		ASSERT_EQ(next.len, 0);
		dsr_buf_free(&next);
	}
}

static void file_text(const char *text)
{
	Dpb__Event ev = DPB__EVENT__INIT;
	Dpb__ArticleFiled a = DPB__ARTICLE_FILED__INIT;
	a.text.data = (uint8_t *)text;
	a.text.len = strlen(text);
	ev.payload_case = DPB__EVENT__PAYLOAD_ARTICLE;
	ev.article = &a;
	apply1(&ev);
}

static char snip[1024];
static uint32_t snip_hit[2];

static int snip_cb(void *ctx, const Dpb__SearchHit *h)
{
	(void)ctx;
	snprintf(snip, sizeof snip, "%s", h->snippet);
	ASSERT_EQ(h->n_hits, 1);
	snip_hit[0] = h->hits[0]->start;
	snip_hit[1] = h->hits[0]->end;
	return 0;
}

static void one(const char *q)
{
	dsr_rtxn *t;
	char err[160];
	snip[0] = 0;
	ASSERT_OK(dsr_rtxn_begin(st, &t));
	ASSERT_OK(dsr_q_search(t, q, DSR_SEARCH_ARTICLES, NULL, NULL, NULL, snip_cb, NULL, err,
			       sizeof err));
	dsr_rtxn_end(t);
	ASSERT(snip[0]);
}

/* Snippets: cut at spaces with an ellipsis, around the first hit, at the
 * text's end, and a word longer than a snippet whole. */
static void test_snippets(void)
{
	char text[4096] = "";
	for (int i = 0; i < 100; i++)
		strcat(text, "lorem ipsum\n");
	strcat(text, "zenith");
	file_text(text);
	one("zenith");
	ASSERT(!strncmp(snip, "\xe2\x80\xa6", 3));
	ASSERT(strstr(snip, "lorem ipsum lorem"));   /* line breaks made spaces */
	ASSERT_EQ(snip_hit[1], strlen(snip));
	ASSERT(!strcmp(snip + snip_hit[0], "zenith"));
	ASSERT_INT(strlen(snip), <=, 3 + 80 + 6);

	char word[701];
	memset(word, 'q', 700);
	word[700] = 0;
	snprintf(text, sizeof text, "%s and more words after it", word);
	file_text(text);
	one(word);
	ASSERT_EQ(snip_hit[0], 0);
	ASSERT_EQ(snip_hit[1], 700);
	ASSERT(!strncmp(snip, word, 700));

	/* the first hit early: cut after about 240 bytes, at a space */
	snprintf(text, sizeof text, "nadir");
	for (int i = 0; i < 100; i++)
		strcat(text, " dolor sit");
	file_text(text);
	one("nadir");
	ASSERT_EQ(snip_hit[0], 0);
	ASSERT_EQ(snip_hit[1], 5);
	size_t n = strlen(snip);
	ASSERT(n > 200 && n <= 240 + 3);
	ASSERT(!strcmp(snip + n - 3, "\xe2\x80\xa6"));
	ASSERT(snip[n - 4] == 'r' || snip[n - 4] == 't');
}


/* Phrases of one word among stop words, up to three a side, against the
 * texts themselves: whatever the postings keep of the neighbours (two a
 * side), each phrase finds exactly the documents that hold it. */
static void test_stop_sides(void)
{
	static const char *const tok[] = { "zorb", "blip", "the", "a", "of" };
	enum { NDOC = 60, NTOK = 12 };
	int doc[NDOC][NTOK];
	uint32_t seed = 12345;
	for (int d = 0; d < NDOC; d++) {
		char text[256];
		int n = snprintf(text, sizeof text, "qq%d", d);
		for (int k = 0; k < NTOK; k++) {
			seed = seed * 1103515245u + 12345u;
			doc[d][k] = k == 5 ? 0 : (int)((seed >> 16) % 5);
			n += snprintf(text + n, sizeof text - (size_t)n, " %s", tok[doc[d][k]]);
		}
		file_text(text);
	}
	static const int side[] = { 1, 2, 3 };   /* blip, the, a */
	int checked = 0, found_some = 0;
	for (int lb = 0; lb <= 3; lb++)
		for (int la = 0; la <= 3; la++) {
			int nb = 1, na = 1;
			for (int i = 0; i < lb; i++)
				nb *= 3;
			for (int i = 0; i < la; i++)
				na *= 3;
			for (int b = 0; b < nb; b++)
				for (int a = 0; a < na; a++) {
					int q[7], n = 0;
					for (int i = 0, x = b; i < lb; i++, x /= 3)
						q[n++] = side[x % 3];
					q[n++] = 0;
					for (int i = 0, x = a; i < la; i++, x /= 3)
						q[n++] = side[x % 3];
					char qs[128] = "\"";
					for (int i = 0; i < n; i++) {
						strcat(qs, tok[q[i]]);
						strcat(qs, i + 1 < n ? " " : "\"");
					}
					size_t want = 0;
					for (int d = 0; d < NDOC; d++) {
						bool has = false;
						for (int at = 0; at + n <= NTOK && !has; at++) {
							has = true;
							for (int i = 0; i < n && has; i++)
								has = doc[d][at + i] == q[i];
						}
						want += has;
					}
					uint32_t total;
					bool more;
					size_t hits = count(qs, &total, &more);
					if (hits != want)
						TEST_FAIL("%s: %zu documents found, %zu hold it", qs, hits, want);
					checked++;
					found_some += want > 0 && want < NDOC;
				}
		}
	ASSERT_EQ(checked, 40 * 40);
	ASSERT_INT(found_some, >, 50);
}

/* ---- a large article ------------------------------------------------------ */

static char why_quote[64];

static int quote_cb(void *ctx, const Dpb__WhyItem *w)
{
	(void)ctx;
	if (w->quote && w->span)
		snprintf(why_quote, sizeof why_quote, "%s", w->quote);
	return 0;
}

static void put_word(char *text, size_t at, const char *w)
{
	text[at - 1] = ' ';
	memcpy(text + at, w, strlen(w));
	text[at + strlen(w)] = ' ';
}

/* A text of 1.5 MB: its record says where the text starts in the stored
 * event, and snippets are right for a hit near its start, one cut by the
 * first part read (64 KiB), one a megabyte in and one at its very end;
 * `why` quotes a claim of it from that part of the text alone. */
static void test_large(void)
{
	size_t len = 1500000;
	char *text = malloc(len + 1);
	for (size_t i = 0; i < len; i++)
		text[i] = "lorem ipsum "[i % 12];
	text[len] = 0;
	struct { const char *w; size_t at; } words[] = {
		{ "xylophone", 100 },
		{ "quokkas", (64u << 10) - 3 },
		{ "zeppelin", 1000000 },
		{ "yodel", len - 6 },
	};
	for (size_t i = 0; i < 4; i++)
		put_word(text, words[i].at, words[i].w);
	uint8_t id[DSR_ID_LEN];
	file_text(text);
	dsr_article_id(text, len, id);
	char said[15];
	memcpy(said, text + 1000000, 14);   /* "zeppelin" and what follows */
	said[14] = 0;
	claim(0, id, 1000000, "an official", said);

	dsr_rtxn *t;
	ASSERT_OK(dsr_rtxn_begin(st, &t));
	MDB_val v;
	ASSERT_OK(dsr__fget(st, t->txn, DSR__DB_V_ARTICLE, id, &v));
	Dpb__ArticleRec *r = dpb__article_rec__unpack(NULL, v.mv_size, v.mv_data);
	ASSERT(r && r->n_supports == 1);
	ASSERT_EQ(r->bytes, len);
	ASSERT_INT(r->text_at, >, 0);
	dsr__stamp ws = dsr__stamp_from_pb(r->supports[0]);
	dsr_buf b = DSR_BUF_INIT;
	/* a part across chunks, and one past the event's end cut there */
	ASSERT_OK(dsr__event_slice(st, t->txn, &ws, r->text_at + 4000, 5000, &b));
	ASSERT_EQ(b.len, 5000);
	ASSERT(!memcmp(b.data, text + 4000, 5000));
	b.len = 0;
	ASSERT_OK(dsr__event_slice(st, t->txn, &ws, r->text_at + len - 10, 100, &b));
	ASSERT_EQ(b.len, 10);
	ASSERT(!memcmp(b.data, text + len - 10, 10));
	dsr_buf_free(&b);
	dpb__article_rec__free_unpacked(r, NULL);
	dsr_rtxn_end(t);

	for (size_t i = 0; i < 4; i++) {
		one(words[i].w);
		ASSERT_EQ(snip_hit[1] - snip_hit[0], strlen(words[i].w));
		ASSERT(!strncmp(snip + snip_hit[0], words[i].w, strlen(words[i].w)));
		/* an ellipsis on each side the text goes on */
		ASSERT_EQ(!strncmp(snip, "\xe2\x80\xa6", 3), words[i].at > 80);
		size_t n = strlen(snip);
		ASSERT_EQ(n >= 3 && !strcmp(snip + n - 3, "\xe2\x80\xa6"), i < 3);
		ASSERT(strstr(snip, "lorem ipsum"));
	}

	char hex[2 * DSR_ID_LEN + 1];
	dsr_hex(claim_id[0], DSR_ID_LEN, hex);
	why_quote[0] = 0;
	ASSERT_OK(dsr_rtxn_begin(st, &t));
	ASSERT_OK(dsr_q_why(t, hex, quote_cb, NULL));
	dsr_rtxn_end(t);
	ASSERT_STR(why_quote, said);
	free(text);
}

static const struct test_case cases[] = {
	TEST_CASE(words),
	TEST_CASE(bad_queries),
	TEST_CASE(postings),
	TEST_CASE(search),
	TEST_STEP(refiled),
	TEST_STEP(rebuild),
	TEST_CASE(stop_phrases),
	TEST_CASE(stop_sides),
	TEST_CASE(snippets),
	TEST_CASE(large),
};

int main(int argc, char **argv)
{
	TEST_ARGS(argc, argv, cases);
	dsr_store_opts o = { DSR_STORE_NOSYNC, 0 };
	char dir[512];
	snprintf(dir, sizeof dir, "%s/search", test_tmpdir());
	ASSERT_OK(dsr_store_open(&st, dir, &o));
	test_run();
	dsr_store_close(st);
	puts("search: ok");
	return 0;
}
