/* test_resolve.c: dsr_q_resolve, the query behind short ids in the
 * curation commands: whole ids, even and odd prefixes, the kind filter
 * (an article's id begins all its claims' and entries' ids), the limit, a
 * hand-made entry, and bad input. */
#include "test.h"
#include "error.h"
#include "factid.h"
#include "query.h"
#include "store.h"

#include <ctype.h>
#include <errno.h>

static dsr_store *st;
static uint64_t wall = 1418800000000ull;

static void apply(Dpb__Event *ev, uint64_t *seq)
{
	dsr_op op = { .type = DSR_OP_LOCAL, .event = ev, .author = "tester" };
	if (dsr_store_apply(st, &op, 1, wall++) != 1 || op.status)
		TEST_FAIL("apply: %s", dsr_strerror(op.status));
	if (seq)
		*seq = op.seq;
}

struct got {
	int n;
	uint8_t id[8][DSR_ID_LEN];
	int kind[8];
};

static int on_id(void *ctx, const uint8_t id[DSR_ID_LEN], int kind)
{
	struct got *g = ctx;
	if (g->n < 8) {
		memcpy(g->id[g->n], id, DSR_ID_LEN);
		g->kind[g->n] = kind;
	}
	g->n++;
	return 0;
}

static struct got resolve(const char *prefix, int kind, uint32_t limit, bool *more, int *rc)
{
	struct got g;
	memset(&g, 0, sizeof g);
	dsr_rtxn *t;
	ASSERT_OK(dsr_rtxn_begin(st, &t));
	*rc = dsr_q_resolve(t, prefix, kind, limit, more, on_id, &g);
	dsr_rtxn_end(t);
	return g;
}

/* The facts the cases look up: an article, two claims and an entry
 * drawn from it, and an entry made by hand. */
static uint8_t art[DSR_ID_LEN], c1[DSR_ID_LEN], c2[DSR_ID_LEN], e1[DSR_ID_LEN], e2[DSR_ID_LEN];

static void file_facts(void)
{
	const char *text = "Officials said North Korea was behind the attack. "
			   "North Korea denied it. The hack began on Nov. 24.";
	Dpb__Event ev = DPB__EVENT__INIT;
	Dpb__ArticleFiled a = DPB__ARTICLE_FILED__INIT;
	a.text.data = (uint8_t *)text;
	a.text.len = strlen(text);
	a.title = (char *)"t";
	ev.payload_case = DPB__EVENT__PAYLOAD_ARTICLE;
	ev.article = &a;
	apply(&ev, NULL);
	dsr_article_id(text, strlen(text), art);

	Dpb__ClaimRecorded c = DPB__CLAIM_RECORDED__INIT;
	Dpb__Span sp = DPB__SPAN__INIT;
	c.article.data = art;
	c.article.len = DSR_ID_LEN;
	c.span = &sp;
	c.source = (char *)"Officials";
	c.content = (char *)"North Korea was behind the attack";
	ev.payload_case = DPB__EVENT__PAYLOAD_CLAIM;
	ev.claim = &c;
	sp.start = 0;
	sp.end = 48;
	apply(&ev, NULL);
	dsr_span_fact_id("claim", art, 0, 48, c1);
	sp.start = 50;
	sp.end = 72;
	c.source = (char *)"North Korea";
	apply(&ev, NULL);
	dsr_span_fact_id("claim", art, 50, 72, c2);

	Dpb__EntryRecorded e = DPB__ENTRY_RECORDED__INIT;
	Dpb__Span esp = DPB__SPAN__INIT;
	esp.start = 73;
	esp.end = 102;
	e.article.data = art;
	e.article.len = DSR_ID_LEN;
	e.span = &esp;
	e.date = (char *)"2014-11-24";
	e.precision = DPB__PRECISION__PRECISION_DAY;
	e.text = (char *)"The hack began";
	ev.payload_case = DPB__EVENT__PAYLOAD_ENTRY;
	ev.entry = &e;
	apply(&ev, NULL);
	dsr_span_fact_id("entry", art, 73, 102, e1);
	/* A hand-made entry: its id derives from its event. */
	Dpb__EntryRecorded h = DPB__ENTRY_RECORDED__INIT;
	h.date = (char *)"2014-11-21";
	h.precision = DPB__PRECISION__PRECISION_DAY;
	h.text = (char *)"by hand";
	ev.entry = &h;
	uint64_t seq;
	apply(&ev, &seq);
	dsr_event_fact_id("entry", dsr_store_origin(st), seq, e2);
}

/* A whole id, in upper case too. */
static void test_whole_id(void)
{
	char hex[2 * DSR_ID_LEN + 1];
	bool more;
	int rc;
	struct got g;

	dsr_hex(c1, DSR_ID_LEN, hex);
	g = resolve(hex, 0, 0, &more, &rc);
	ASSERT_OK(rc);
	ASSERT_EQ(g.n, 1);
	ASSERT_MEM(g.id[0], c1, DSR_ID_LEN);
	ASSERT_EQ(g.kind[0], DPB__TARGET_KIND__TARGET_CLAIM);
	for (char *p = hex; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	g = resolve(hex, 0, 0, &more, &rc);
	ASSERT_EQ(g.n, 1);
}

/* The article's id is the beginning of every fact of it: two claims,
 * an entry and the article itself; claims come first. */
static void test_article_prefix(void)
{
	char hex[2 * DSR_ID_LEN + 1], pfx[2 * DSR_ID_LEN + 1];
	bool more;
	int rc;
	struct got g;

	dsr_hex(art, DSR_ID_LEN, hex);
	snprintf(pfx, sizeof pfx, "%.16s", hex);
	g = resolve(pfx, 0, 0, &more, &rc);
	ASSERT_OK(rc);
	ASSERT_EQ(g.n, 4);
	ASSERT_EQ(g.kind[0], DPB__TARGET_KIND__TARGET_CLAIM);
	ASSERT_EQ(g.kind[3], DPB__TARGET_KIND__TARGET_ARTICLE);
	ASSERT(!more);
	/* ... unless one kind is asked for. */
	g = resolve(pfx, DPB__TARGET_KIND__TARGET_ARTICLE, 0, &more, &rc);
	ASSERT_EQ(g.n, 1);
	ASSERT_MEM(g.id[0], art, DSR_ID_LEN);
	g = resolve(pfx, DPB__TARGET_KIND__TARGET_ENTRY, 0, &more, &rc);
	ASSERT_EQ(g.n, 1);
	ASSERT_MEM(g.id[0], e1, DSR_ID_LEN);
	/* The limit, and `more`. */
	g = resolve(pfx, 0, 2, &more, &rc);
	ASSERT_EQ(g.n, 2);
	ASSERT(more);
}

/* An odd number of digits: the last nibble counts. */
static void test_odd_prefix(void)
{
	char hex[2 * DSR_ID_LEN + 1], pfx[2 * DSR_ID_LEN + 1];
	bool more;
	int rc;
	struct got g;

	dsr_hex(c2, DSR_ID_LEN, hex);
	snprintf(pfx, sizeof pfx, "%.17s", hex);
	g = resolve(pfx, DPB__TARGET_KIND__TARGET_CLAIM, 0, &more, &rc);
	ASSERT_OK(rc);
	ASSERT_INT(g.n, >=, 1);
	for (int i = 0; i < g.n && i < 8; i++) {
		char h2[2 * DSR_ID_LEN + 1];
		dsr_hex(g.id[i], DSR_ID_LEN, h2);
		ASSERT(!strncmp(h2, pfx, 17));
	}
	snprintf(pfx, sizeof pfx, "%.31s", hex);
	g = resolve(pfx, 0, 0, &more, &rc);
	ASSERT_EQ(g.n, 1);
	ASSERT_MEM(g.id[0], c2, DSR_ID_LEN);
}

/* The hand-made entry: 8 zero bytes, then its own. */
static void test_hand_entry(void)
{
	char hex[2 * DSR_ID_LEN + 1], pfx[2 * DSR_ID_LEN + 1];
	bool more;
	int rc;
	struct got g;

	dsr_hex(e2, DSR_ID_LEN, hex);
	ASSERT(!strncmp(hex, "0000000000000000", 16));
	snprintf(pfx, sizeof pfx, "%.20s", hex);
	g = resolve(pfx, 0, 0, &more, &rc);
	ASSERT_EQ(g.n, 1);
	ASSERT_EQ(g.kind[0], DPB__TARGET_KIND__TARGET_ENTRY);
}

/* Nothing, and bad input. */
static void test_bad_input(void)
{
	bool more;
	int rc;
	struct got g;

	g = resolve("ffffffffffffffffffffffffffffffff", 0, 0, &more, &rc);
	ASSERT_OK(rc);
	ASSERT_EQ(g.n, 0);
	resolve("12x4", 0, 0, &more, &rc);
	ASSERT_EQ(rc, -EINVAL);
	resolve("", 0, 0, &more, &rc);
	ASSERT_EQ(rc, -EINVAL);
	resolve("000000000000000000000000000000000", 0, 0, &more, &rc);
	ASSERT_EQ(rc, -EINVAL);
}

static const struct test_case cases[] = {
	TEST_CASE(whole_id),
	TEST_CASE(article_prefix),
	TEST_CASE(odd_prefix),
	TEST_CASE(hand_entry),
	TEST_CASE(bad_input),
};

int main(int argc, char **argv)
{
	TEST_ARGS(argc, argv, cases);
	char dir[512];
	snprintf(dir, sizeof dir, "%s/kb", test_tmpdir());
	dsr_store_opts o = { DSR_STORE_NOSYNC, 0 };
	ASSERT_OK(dsr_store_open(&st, dir, &o));
	file_facts();
	test_run();
	dsr_store_close(st);
	puts("cur_resolve: ok");
	return 0;
}
