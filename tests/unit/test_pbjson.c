/* test_pbjson.c: messages as JSON (core/wire/pbjson.c: what every --json
 * prints and the web API serves) and JSON objects back into a message's
 * fields (core/wire/jsonpb.c: the web API's writes). */
#include "test.h"
#include "error.h"
#include "jsonparse.h"
#include "pbjson.h"
#include "wire.h"

#include <errno.h>

static char *to_json(const ProtobufCMessage *m)
{
	dsr_buf b = DSR_BUF_INIT;
	dsr_json_msg(&b, m);
	dsr_buf_cstr(&b);
	return (char *)b.data;
}

/* Numbers at their limits, signs, enums by short name, bytes as hex but
 * `text` as a string, escapes, and unset sub-messages left out. */
static void test_encodings(void)
{
	Dpb__QueryClaims q = DPB__QUERY_CLAIMS__INIT;
	uint8_t id[4] = { 0x00, 0xab, 0x7f, 0xff };
	q.about = "Lazarus \"Group\"\n\x01 é";
	q.by = "";
	q.stance = -1;
	q.hedged = INT32_MIN;
	q.article.data = id;
	q.article.len = sizeof id;
	char *s = to_json(&q.base);
	ASSERT_STR(s, "{\"about\":\"Lazarus \\\"Group\\\"\\n\\u0001 é\",\"by\":\"\",\"stance\":-1,"
		      "\"hedged\":-2147483648,\"article\":\"00ab7fff\",\"proposition\":\"\"}");
	free(s);

	Dpb__Status st = DPB__STATUS__INIT;
	st.log_end = UINT64_MAX;
	st.events = 0;
	st.version = UINT32_MAX;
	s = to_json(&st.base);
	ASSERT(strstr(s, "\"version\":4294967295,"));
	ASSERT(strstr(s, "\"log_end\":18446744073709551615,\"events\":0,"));
	free(s);

	Dpb__ArticleInfo a = DPB__ARTICLE_INFO__INIT;
	a.text.data = (uint8_t *)"caf\xc3\xa9 \xff";
	a.text.len = 7;
	s = to_json(&a.base);
	ASSERT(strstr(s, "\"text\":\"café \xef\xbf\xbd\""));   /* bad UTF-8 replaced */
	free(s);

	Dpb__QueryActors qa = DPB__QUERY_ACTORS__INIT;
	qa.kind = DPB__ACTOR_KIND__KIND_GROUP;
	s = to_json(&qa.base);
	ASSERT_STR(s, "{\"kind\":\"group\"}");   /* no page: left out */
	free(s);
	int v;
	ASSERT_EQ(dsr_enum_parse(&dpb__actor_kind__descriptor, "group", &v), 0);
	ASSERT_EQ(v, DPB__ACTOR_KIND__KIND_GROUP);
	ASSERT_EQ(dsr_enum_parse(&dpb__actor_kind__descriptor, "KIND_GROUP", &v), -1);
}

static int from(const char *json, ProtobufCMessage *m, dsr_arena *a, char *err)
{
	dsr_json *j;
	ASSERT_OK(dsr_json_parse(json, strlen(json), &j));
	protobuf_c_message_init(m->descriptor, m);
	int r = dsr_json_to_msg(j, m, NULL, a, err, 200);
	dsr_json_free(j);
	return r;
}

/* What the web API's writes read: each member into its field, and every
 * kind of bad member refused with a sentence naming it. */
static void test_reading(void)
{
	dsr_arena a;
	dsr_arena_init(&a);
	char err[200];
	Dpb__ClaimAssessed c;
	c.base.descriptor = &dpb__claim_assessed__descriptor;
	ASSERT_OK(from("{\"claim\":\"00ff10\",\"status\":\"disputed\",\"credibility\":6,"
		       "\"reliability\":\"B\",\"note\":\"x\\u00e9\"}", &c.base, &a, err));
	ASSERT_EQ(c.claim.len, 3);
	ASSERT_EQ(c.claim.data[1], 0xff);
	ASSERT_EQ(c.status, DPB__CLAIM_STATUS__STATUS_DISPUTED);
	ASSERT_EQ(c.credibility, 6);
	ASSERT_STR(c.reliability, "B");
	ASSERT_STR(c.note, "xé");
	/* Back to JSON and again: the same message. */
	char *s = to_json(&c.base);
	Dpb__ClaimAssessed c2;
	c2.base.descriptor = &dpb__claim_assessed__descriptor;
	ASSERT_OK(from(s, &c2.base, &a, err));
	char *s2 = to_json(&c2.base);
	ASSERT_STR(s, s2);
	free(s);
	free(s2);

	static const char *const bad[][2] = {
		{ "{\"claim\":\"0g\"}", "\"claim\" wants hex digits" },
		{ "{\"claim\":\"abc\"}", "\"claim\" wants hex digits" },
		{ "{\"claim\":12}", "\"claim\" wants a hex string" },
		{ "{\"status\":\"sure\"}", "\"status\" is not one of the names it takes" },
		{ "{\"credibility\":-1}", "\"credibility\" wants a whole number in its range" },
		{ "{\"credibility\":4294967296}", "\"credibility\" wants a whole number in its range" },
		{ "{\"credibility\":1.5}", "\"credibility\" wants a whole number in its range" },
		{ "{\"note\":7}", "\"note\" wants a string (without NUL)" },
		{ "{\"note\":\"a\\u0000b\"}", "\"note\" wants a string (without NUL)" },
		{ "{\"nosuch\":1}", "unknown member \"nosuch\"" },
		{ "[1]", "the body must be a JSON object" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err[0] = 0;
		ASSERT_EQ(from(bad[i][0], &c.base, &a, err), -EINVAL);
		ASSERT_STR(err, bad[i][1]);
	}
	/* A sub-message is not a member the writes take. */
	Dpb__QueryClaims q;
	q.base.descriptor = &dpb__query_claims__descriptor;
	ASSERT_EQ(from("{\"page\":{}}", &q.base, &a, err), -EINVAL);
	Dpb__NamesJudged nj;
	nj.base.descriptor = &dpb__names_judged__descriptor;
	ASSERT_OK(from("{\"a\":\"GOP\",\"b\":\"Guardians of Peace\",\"verdict\":\"same\"}",
		       &nj.base, &a, err));
	ASSERT_EQ(nj.verdict, DPB__VERDICT__VERDICT_SAME);
	ASSERT_STR(nj.b, "Guardians of Peace");
	dsr_arena_release(&a);
}

static const struct test_case cases[] = {
	TEST_CASE(encodings),
	TEST_CASE(reading),
};

int main(int argc, char **argv)
{
	TEST_ARGS(argc, argv, cases);
	test_run();
	return 0;
}
