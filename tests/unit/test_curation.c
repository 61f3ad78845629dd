/* test_curation.c: what curation derives and exports, on the core:
 * corroboration across outlets, contradiction between an assertion and a
 * denial, confidence from grades, conflicting concurrent edits kept
 * visible, provenance down to quoted spans, and the exports: JSON that
 * imports to the same digest, a STIX 2.1 bundle that validates against the
 * official schemas, CSV and DOT. */
#include "test.h"
#include "base/api.h"
#include "confidence.h"
#include "error.h"
#include "export.h"
#include "jsonparse.h"
#include "query.h"
#include "store.h"

#include <sys/stat.h>
#include <unistd.h>

static dsr_store *st;
static uint64_t wall = 1418800000000ull;

static void apply(Dpb__Event *ev, const char *author)
{
	dsr_op op = { .type = DSR_OP_LOCAL, .event = ev, .author = author };
	if (dsr_store_apply(st, &op, 1, wall++) != 1)
		TEST_FAIL("apply: %s", dsr_strerror(op.status));
}

static void article(uint8_t id[DSR_ID_LEN], const char *text, const char *publisher)
{
	Dpb__Event ev = DPB__EVENT__INIT;
	Dpb__ArticleFiled a = DPB__ARTICLE_FILED__INIT;
	a.text.data = (uint8_t *)text;
	a.text.len = strlen(text);
	a.title = (char *)"Sony hack";
	a.publisher = (char *)publisher;
	a.published = (char *)"2014-12-17";
	a.url = (char *)"https://example.org/a";
	ev.payload_case = DPB__EVENT__PAYLOAD_ARTICLE;
	ev.article = &a;
	apply(&ev, "extractor");
	dsr_article_id(text, strlen(text), id);
}

static void mention(const uint8_t *art, const char *name, int kind)
{
	Dpb__Event ev = DPB__EVENT__INIT;
	Dpb__ActorMentioned m = DPB__ACTOR_MENTIONED__INIT;
	m.article.data = (uint8_t *)art;
	m.article.len = DSR_ID_LEN;
	m.name = (char *)name;
	m.kind = kind;
	ev.payload_case = DPB__EVENT__PAYLOAD_ACTOR;
	ev.actor = &m;
	apply(&ev, "extractor");
}

/* The frame of the next claim (as the extractor writes it), or none. */
static const char *frame_resp, *frame_target;

/* A claim whose span is `quote` within text. */
static void claim(const uint8_t *art, const char *text, const char *quote,
		  const char *source, const char *content, int stance, char **about,
		  size_t nabout, uint8_t id[DSR_ID_LEN])
{
	const char *at = strstr(text, quote);
	ASSERT(at);
	Dpb__Event ev = DPB__EVENT__INIT;
	Dpb__ClaimRecorded c = DPB__CLAIM_RECORDED__INIT;
	Dpb__Span sp = DPB__SPAN__INIT;
	sp.start = (uint32_t)(at - text);
	sp.end = sp.start + (uint32_t)strlen(quote);
	c.article.data = (uint8_t *)art;
	c.article.len = DSR_ID_LEN;
	c.span = &sp;
	c.source = (char *)source;
	c.cue = (char *)(stance ? "denied" : "said");
	c.content = (char *)content;
	c.stance = stance;
	c.about = about;
	c.n_about = nabout;
	c.source_kind = DPB__ACTOR_KIND__KIND_GOVERNMENT;
	if (frame_resp) {
		c.responsible = (char *)frame_resp;
		c.target = (char *)frame_target;
		c.act_class = (char *)"attack";
		c.act = (char *)"the hack of Sony Pictures";
	}
	ev.payload_case = DPB__EVENT__PAYLOAD_CLAIM;
	ev.claim = &c;
	apply(&ev, "extractor");
	dsr_span_fact_id("claim", art, sp.start, sp.end, id);
}

/* The last claim seen, with its strings copied (the message lives only
 * during the callback). */
static Dpb__ClaimInfo got;
static uint8_t got_id[DSR_ID_LEN], got_prop[DSR_ID_LEN];
static char got_lik[64], got_pub[64], got_src[64], got_rel[8];

static int on_claim(void *ctx, const Dpb__ClaimInfo *c)
{
	(void)ctx;
	got = *c;
	memcpy(got_id, c->id.data, DSR_ID_LEN);
	got.id.data = got_id;
	if (c->proposition.len == DSR_ID_LEN)
		memcpy(got_prop, c->proposition.data, DSR_ID_LEN);
	got.proposition.data = got_prop;
	snprintf(got_lik, sizeof got_lik, "%s", c->likelihood);
	snprintf(got_pub, sizeof got_pub, "%s", c->publisher);
	snprintf(got_src, sizeof got_src, "%s", c->source_actor);
	snprintf(got_rel, sizeof got_rel, "%s", c->reliability);
	got.publisher = got_pub;
	got.source_actor = got_src;
	got.reliability = got_rel;
	got.likelihood = got_lik;
	return 0;
}

static void claim_info(const uint8_t *id)
{
	dsr_rtxn *t;
	memset(&got, 0, sizeof got);
	/* A page of one claim that starts at this id. */
	ASSERT_OK(dsr_rtxn_begin(st, &t));
	dsr_claim_filter any = DSR_CLAIM_FILTER_ANY;
	dsr_buf next = DSR_BUF_INIT;
	dsr_page pg = { id, DSR_ID_LEN, 1 };
	ASSERT_OK(dsr_q_claims(t, &any, &pg, &next, on_claim, NULL));
	dsr_buf_free(&next);
	dsr_rtxn_end(t);
	ASSERT(got.id.len == DSR_ID_LEN && !memcmp(got.id.data, id, DSR_ID_LEN));
}

static const char *t1 = "U.S. officials said North Korea was behind the attack on Sony Pictures.";
static const char *t2 = "Investigators concluded that North Korea ordered the hack of Sony Pictures.";
static const char *t3 = "North Korea denied any connection to the hack of Sony Pictures.";

static uint8_t a1[16], a2[16], a3[16], c1[16], c2[16], c3[16];

static void test_corroboration(void)
{
	article(a1, t1, "NBC News");
	article(a2, t2, "Vox");
	article(a3, t3, "The Telegraph");
	mention(a1, "North Korea", DPB__ACTOR_KIND__KIND_COUNTRY);
	mention(a1, "Sony Pictures", DPB__ACTOR_KIND__KIND_ORGANIZATION);
	mention(a1, "U.S. officials", DPB__ACTOR_KIND__KIND_GOVERNMENT);
	mention(a2, "Investigators", DPB__ACTOR_KIND__KIND_GOVERNMENT);
	char *about[2] = { (char *)"North Korea", (char *)"Sony Pictures" };
	/* three claims of one attribution: two assert it, the accused
	 * denies it */
	frame_resp = "North Korea";
	frame_target = "Sony Pictures";
	claim(a1, t1, "North Korea was behind the attack on Sony Pictures", "U.S. officials",
	      "North Korea was behind the attack on Sony Pictures", 0, about, 2, c1);
	claim(a2, t2, "North Korea ordered the hack of Sony Pictures", "Investigators",
	      "North Korea ordered the hack of Sony Pictures", 0, about, 2, c2);
	claim(a3, t3, "any connection to the hack of Sony Pictures", "North Korea",
	      "any connection to the hack of Sony Pictures", 1, about, 2, c3);
	frame_resp = frame_target = NULL;

	ASSERT(dsr_same_proposition("was behind the attack", "ordered the hack", NULL, 0));
	ASSERT(!dsr_same_proposition("was behind the attack", "cancelled the film release",
				     NULL, 0));
	claim_info(c1);
	ASSERT_EQ(got.sources, 2);        /* U.S. officials, Investigators */
	ASSERT_EQ(got.publishers, 2);     /* NBC News, Vox */
	ASSERT_EQ(got.corroborating, 1);
	ASSERT_EQ(got.contradicting, 1);  /* the denial */
	uint32_t base = got.confidence;
	ASSERT_STR(got.publisher, "NBC News");
	uint8_t prop[DSR_ID_LEN];
	ASSERT_EQ(got.proposition.len, DSR_ID_LEN);
	memcpy(prop, got.proposition.data, DSR_ID_LEN);
	/* two firm official reports for (2000), the accused's denial
	 * against at half weight (500): 50 + 28 - 10 */
	ASSERT_EQ(base, 68);
	ASSERT_STR(got_lik, "likely");
	claim_info(c2);
	ASSERT(got.proposition.len == DSR_ID_LEN && !memcmp(got.proposition.data, prop, DSR_ID_LEN));
	claim_info(c3);
	ASSERT(got.proposition.len == DSR_ID_LEN && !memcmp(got.proposition.data, prop, DSR_ID_LEN));
	ASSERT_EQ(got.contradicting, 2);
	ASSERT_EQ(got.confidence, 100 - base);  /* the denial is the other side */
	ASSERT_EQ(got.stance, DPB__STANCE__STANCE_DENIES);
	ASSERT_STR(got.source_actor, "North Korea");

	/* Grades move the confidence; a dispute caps it. */
	Dpb__Event ev = DPB__EVENT__INIT;
	Dpb__ClaimAssessed as = DPB__CLAIM_ASSESSED__INIT;
	as.claim.data = c1;
	as.claim.len = DSR_ID_LEN;
	as.reliability = (char *)"A";
	as.credibility = 1;
	ev.payload_case = DPB__EVENT__PAYLOAD_ASSESSED;
	ev.assessed = &as;
	apply(&ev, "alice");
	claim_info(c1);
	ASSERT_INT(got.confidence, >, base);
	ASSERT_STR(got_lik, dsr_likelihood(got.confidence));
	ASSERT_STR(got.reliability, "A");
	ASSERT_EQ(got.credibility, 1);

	/* the model of docs/curation.md */
	ASSERT_EQ(dsr_prop_confidence(0, 0), 50);
	ASSERT_EQ(dsr_prop_confidence(250, 0), 55);    /* one hedged, unattributed */
	ASSERT_EQ(dsr_prop_confidence(1000, 0), 68);   /* one firm, official */
	ASSERT_EQ(dsr_prop_confidence(5000, 0), 91);   /* five of them */
	ASSERT_EQ(dsr_prop_confidence(0, 1000), 32);
	ASSERT_INT(dsr_prop_confidence(1000000, 0), <=, 99);
	ASSERT_INT(dsr_prop_confidence(0, 1000000), >=, 1);
	ASSERT_STR(dsr_likelihood(97), "almost certainly");
	ASSERT_STR(dsr_likelihood(60), "likely");
	ASSERT_STR(dsr_likelihood(50), "roughly even chance");
}

static int nconf;
static char conf_current[64], conf_lost[64];

static int on_conflict(void *ctx, const Dpb__ConflictInfo *c)
{
	(void)ctx;
	nconf++;
	snprintf(conf_current, sizeof conf_current, "%s", c->current);
	snprintf(conf_lost, sizeof conf_lost, "%s", c->value);
	return 0;
}

static void test_conflicts(void)
{
	/* Two analysts set the status: the later edit wins, the other is
	 * kept and listed. */
	Dpb__Event ev = DPB__EVENT__INIT;
	Dpb__ClaimAssessed as = DPB__CLAIM_ASSESSED__INIT;
	as.claim.data = c2;
	as.claim.len = DSR_ID_LEN;
	as.status = DPB__CLAIM_STATUS__STATUS_CONFIRMED;
	ev.payload_case = DPB__EVENT__PAYLOAD_ASSESSED;
	ev.assessed = &as;
	apply(&ev, "alice");
	as.status = DPB__CLAIM_STATUS__STATUS_DISPUTED;
	as.note = (char *)"single anonymous source";
	apply(&ev, "bob");
	claim_info(c2);
	ASSERT_EQ(got.status, DPB__CLAIM_STATUS__STATUS_DISPUTED);
	ASSERT_INT(got.confidence, <=, 30);
	dsr_rtxn *t;
	ASSERT_OK(dsr_rtxn_begin(st, &t));
	nconf = 0;
	ASSERT_OK(dsr_q_conflicts(t, false, NULL, NULL, on_conflict, NULL));
	dsr_rtxn_end(t);
	ASSERT_EQ(nconf, 1);
	ASSERT_STR(conf_lost, "confirmed");
	ASSERT_STR(conf_current, "disputed");
}

static int nwhy, nquote, nassessed, nlost;

static int on_why(void *ctx, const Dpb__WhyItem *w)
{
	(void)ctx;
	nwhy++;
	if (w->quote && strstr(t2, w->quote) && w->span)
		nquote++;
	if (!strcmp(w->act, "assessed"))
		nassessed++;
	if (!strcmp(w->act, "lost"))
		nlost++;
	return 0;
}

static void test_why(void)
{
	char hex[33];
	dsr_hex(c2, DSR_ID_LEN, hex);
	dsr_rtxn *t;
	ASSERT_OK(dsr_rtxn_begin(st, &t));
	ASSERT_OK(dsr_q_why(t, hex, on_why, NULL));
	ASSERT_EQ(nquote, 1);
	ASSERT_EQ(nassessed, 1);
	ASSERT_EQ(nlost, 1);
	nwhy = 0;
	ASSERT_OK(dsr_q_why(t, "DPRK-unknown-name", on_why, NULL) == DSR_ENOTFOUND ? 0 : -1);
	ASSERT_OK(dsr_q_why(t, "North Korea", on_why, NULL));
	ASSERT_INT(nwhy, >=, 1);
	dsr_rtxn_end(t);
}

struct imp {
	dsr_store *to;
	int n, heads;
};

/* The export's heads: each signed by its origin (the check itself is the
 * importing daemon's, tests/replication/test_repl_raw.c). */
static int import_head(void *ctx, const dsr_head *h)
{
	struct imp *im = ctx;
	im->heads++;
	return dsr_head_verify(h) ? 0 : DSR_EBADSIG;
}

static int import_one(void *ctx, const uint8_t *ev, size_t n)
{
	struct imp *im = ctx;
	dsr_op op = { .type = DSR_OP_RAW, .bytes = ev, .len = n };
	int r = dsr_store_apply(im->to, &op, 1, 0);
	im->n++;
	return r == 1 ? 0 : op.status;
}

static void digest(dsr_store *s, uint8_t out[DSR_HASH_LEN])
{
	dsr_rtxn *t;
	ASSERT_OK(dsr_rtxn_begin(s, &t));
	ASSERT_OK(dsr_store_digest(t, out));
	dsr_rtxn_end(t);
}

static void test_exports(void)
{
	dsr_rtxn *t;
	dsr_buf json = DSR_BUF_INIT, stix = DSR_BUF_INIT, csvb = DSR_BUF_INIT, dot = DSR_BUF_INIT;
	ASSERT_OK(dsr_rtxn_begin(st, &t));
	ASSERT_OK(dsr_export(t, DSR_EXPORT_JSON, wall, &json));
	ASSERT_OK(dsr_export(t, DSR_EXPORT_STIX, wall, &stix));
	ASSERT_OK(dsr_export(t, DSR_EXPORT_CSV, wall, &csvb));
	ASSERT_OK(dsr_export(t, DSR_EXPORT_DOT, wall, &dot));
	dsr_rtxn_end(t);
	dsr_buf_cstr(&json);
	/* Every claim names its source: article, span and quote. */
	ASSERT(strstr((char *)json.data, "\"quote\":\"North Korea ordered the hack of Sony Pictures\""));
	ASSERT(strstr((char *)json.data, "\"schema\":\"dossier.export/1\""));

	/* Round trip: a fresh store importing the export has the same views. */
	char dir[512];
	snprintf(dir, sizeof dir, "%s/imported", test_tmpdir());
	struct imp im = { NULL, 0, 0 };
	dsr_store_opts o = { DSR_STORE_NOSYNC, 0 };
	ASSERT_OK(dsr_store_open(&im.to, dir, &o));
	ASSERT_OK(dsr_import_json(json.data, json.len, import_one, import_head, &im));
	ASSERT_INT(im.n, >, 10);
	ASSERT_EQ(im.heads, 1);
	uint8_t d1[DSR_HASH_LEN], d2[DSR_HASH_LEN];
	digest(st, d1);
	digest(im.to, d2);
	ASSERT_MEM(d1, d2, DSR_HASH_LEN);
	/* Importing twice changes nothing. */
	ASSERT_OK(dsr_import_json(json.data, json.len, import_one, NULL, &im) == DSR_EDUP ? 0 : -1);
	dsr_store_close(im.to);
	ASSERT_EQ(dsr_import_json((uint8_t *)"{\"schema\":\"x\"}", 14, import_one, NULL, &im), DSR_EDECODE);
	ASSERT_EQ(dsr_import_json((uint8_t *)"{\"schema\":\"dossier.export/9\",\"events\":[]}", 41,
				  import_one, NULL, &im), DSR_EFORMAT);

	dsr_buf_cstr(&csvb);
	ASSERT(!strncmp((char *)csvb.data, "date,precision,what", 19));
	dsr_buf_cstr(&dot);
	ASSERT(strstr((char *)dot.data, "digraph dossier"));
	ASSERT(strstr((char *)dot.data, "color=red")); /* the denial */

	/* STIX: validate against the official schemas where we can. */
	char path[600];
	snprintf(path, sizeof path, "%s/bundle.json", test_tmpdir());
	FILE *f = fopen(path, "w");
	ASSERT(f && fwrite(stix.data, 1, stix.len, f) == stix.len);
	fclose(f);
	dsr_buf_cstr(&stix);
	ASSERT(strstr((char *)stix.data, "\"stance\":\"denies\""));
	ASSERT(strstr((char *)stix.data, "\"type\":\"note\""));
	ASSERT(strstr((char *)stix.data, "\"type\":\"report\""));
	ASSERT(!strstr((char *)stix.data, "\"x_dossier_"));
	/* The same knowledge base gives the same bytes, whatever the clock. */
	dsr_buf again = DSR_BUF_INIT;
	ASSERT_OK(dsr_rtxn_begin(st, &t));
	ASSERT_OK(dsr_export(t, DSR_EXPORT_STIX, wall + 86400000, &again));
	dsr_rtxn_end(t);
	dsr_buf_cstr(&again);
	ASSERT_STR((char *)again.data, (char *)stix.data);
	dsr_buf_free(&again);
	const char *sh = test_shared();
	const char *src = getenv("DSR_SOURCE");
	if (!sh || !src) {
		puts("curation: ../shared absent: STIX bundle not validated");
	} else if (system("python3 -c 'import jsonschema' 2>/dev/null") != 0) {
		puts("curation: python3-jsonschema absent: STIX bundle not validated");
	} else {
		char cmd[1400];
		/* validate_stix.py with bundle.json listing every 2.1 type */
		snprintf(cmd, sizeof cmd, "DSR_SHARED=%s python3 %s/tests/support/stix_validate.py %s",
			 sh, src, path);
		ASSERT_EQ(system(cmd), 0);
	}
	dsr_buf_free(&json);
	dsr_buf_free(&stix);
	dsr_buf_free(&csvb);
	dsr_buf_free(&dot);
}

/* Exports of a store that holds articles and nothing drawn from them:
 * every format is made, and STIX is JSON (UBSan saw pointer arithmetic on
 * the empty list of references, and a publication date with a quote went
 * into the JSON unescaped; both found by fuzz_apply). */
static void test_export_bare_article(void)
{
	dsr_store *keep = st;
	char dir[512];
	snprintf(dir, sizeof dir, "%s/bare", test_tmpdir());
	dsr_store_opts o = { DSR_STORE_NOSYNC, 0 };
	ASSERT_OK(dsr_store_open(&st, dir, &o));
	uint8_t id[DSR_ID_LEN];
	article(id, "Sony Pictures was hacked.", "NBC News");
	/* A filed date that looks like YYYY-MM-DD at a glance: it must not
	 * reach the STIX output unescaped. */
	Dpb__Event ev = DPB__EVENT__INIT;
	Dpb__ArticleFiled a = DPB__ARTICLE_FILED__INIT;
	const char *text = "North Korea denied it.";
	a.text.data = (uint8_t *)text;
	a.text.len = strlen(text);
	a.published = (char *)"2\"14-12-17";
	ev.payload_case = DPB__EVENT__PAYLOAD_ARTICLE;
	ev.article = &a;
	apply(&ev, "extractor");
	dsr_rtxn *t;
	dsr_buf out = DSR_BUF_INIT;
	ASSERT_OK(dsr_rtxn_begin(st, &t));
	for (int f = DSR_EXPORT_JSON; f < DSR_EXPORT_NFORMATS; f++) {
		out.len = 0;
		ASSERT_OK(dsr_export(t, f, wall, &out));
		/* (Timesketch takes only entries dated to a calendar day or
		 * period; this article has none.) */
		ASSERT(out.len > 0 || f == DSR_EXPORT_TIMESKETCH);
		if (f == DSR_EXPORT_STIX) {
			dsr_json *j;
			ASSERT_OK(dsr_json_parse((const char *)out.data, out.len, &j));
			dsr_json_free(j);
			dsr_buf_cstr(&out);
			/* STIX wants a report to refer to something: the replica. */
			ASSERT(strstr((char *)out.data, "\"object_refs\":[\"identity--") != NULL);
		}
	}
	dsr_rtxn_end(t);
	dsr_buf_free(&out);
	dsr_store_close(st);
	st = keep;
}

/* The name-based UUIDs STIX cyber-observables get (base/uuid5.c): SHA-1's
 * test vectors (FIPS 180) and UUIDs as RFC 4122 and Python's uuid5 make
 * them. */
static void test_uuid5(void)
{
	static const struct {
		const char *in, *hex;
	} sha[] = {
		{ "abc", "a9993e364706816aba3e25717850c26c9cd0d89d" },
		{ "", "da39a3ee5e6b4b0d3255bfef95601890afd80709" },
		{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		  "84983e441c3bd26ebaae4aa1f95129e5e54670f1" },
	};
	for (size_t i = 0; i < sizeof sha / sizeof *sha; i++) {
		uint8_t h[20];
		char hx[41];
		dsr__sha1(sha[i].in, strlen(sha[i].in), h);
		dsr_hex(h, 20, hx);
		ASSERT_STR(hx, sha[i].hex);
	}
	static const uint8_t dns[16] = { 0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1,
					 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8 };
	static const uint8_t stix[16] = { 0x00, 0xab, 0xed, 0xb4, 0xaa, 0x42, 0x46, 0x6c,
					  0x9c, 0x01, 0xfe, 0xd2, 0x33, 0x15, 0xa9, 0xb7 };
	char u[37];
	dsr__uuid5(u, dns, "python.org", 10);
	ASSERT_STR(u, "886313e1-3b8a-5372-9b90-0c9aee199e5d");
	const char *ip = "{\"value\":\"198.51.100.77\"}";
	dsr__uuid5(u, stix, ip, strlen(ip));
	ASSERT_STR(u, "efb3cb24-5b02-57b0-adb6-64563650dafa");
}

/* The cases share one store: conflicts, why and exports build on the
 * claims filed by corroboration. */
static const struct test_case cases[] = {
	TEST_CASE(corroboration),
	TEST_STEP(conflicts),
	TEST_STEP(why),
	TEST_STEP(exports),
	TEST_CASE(export_bare_article),
	TEST_CASE(uuid5),
};

int main(int argc, char **argv)
{
	TEST_ARGS(argc, argv, cases);
	char dir[512];
	snprintf(dir, sizeof dir, "%s/kb", test_tmpdir());
	dsr_store_opts o = { DSR_STORE_NOSYNC, 0 };
	ASSERT_OK(dsr_store_open(&st, dir, &o));
	test_run();
	dsr_store_close(st);
	puts("curation: ok");
	return 0;
}
