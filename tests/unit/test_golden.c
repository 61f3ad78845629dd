/* test_golden.c: golden files of encoded v1 events (tests/golden/).
 *
 * Each good file is an event of one payload kind, built here from fixed
 * values: the test checks that today's code encodes exactly those bytes
 * (the format has not drifted), that they decode and validate, and that
 * the broken files fail the way they should: a truncated event does not
 * decode, an unknown payload is refused as such, a newer format too.
 * `test_golden --write DIR` regenerates the files (only when the format
 * changes on purpose, with a new version). */
#include "test.h"
#include "buf.h"
#include "error.h"
#include "factid.h"
#include "validate.h"

#include <errno.h>

static uint8_t origin[DSR_ORIGIN_LEN];
static uint8_t article[DSR_ID_LEN];
static const char text[] = "Hackers calling themselves Guardians of Peace "
			   "attacked Sony Pictures on Nov. 24.";

static void envelope(Dpb__Event *ev, uint64_t seq, uint8_t *prev)
{
	for (int i = 0; i < DSR_ORIGIN_LEN; i++)
		origin[i] = (uint8_t)(0xa0 + i);
	ev->format = 1;
	ev->origin.data = origin;
	ev->origin.len = DSR_ORIGIN_LEN;
	ev->seq = seq;
	ev->hlc = ((uint64_t)1418774400000ull << 16) | seq; /* 2014-12-17 */
	ev->author = (char *)"alice";
	if (seq > 1) {
		memset(prev, (int)seq, DSR_HASH_LEN);
		ev->prev.data = prev;
		ev->prev.len = DSR_HASH_LEN;
	}
}

static int pack(Dpb__Event *ev, dsr_buf *out)
{
	out->len = 0;
	dsr_buf_reserve(out, dpb__event__get_packed_size(ev));
	out->len = dpb__event__pack(ev, out->data);
	return 0;
}

/* Builds golden event number i into out; returns its file name or NULL
 * past the last. */
static const char *build(int i, dsr_buf *out)
{
	Dpb__Event ev = DPB__EVENT__INIT;
	uint8_t prev[DSR_HASH_LEN], id[DSR_ID_LEN];
	Dpb__Span sp = DPB__SPAN__INIT, sp2 = DPB__SPAN__INIT, *spp[1] = { &sp };
	char *names[2] = { (char *)"G.O.P.", (char *)"Sony Pictures" };
	dsr_article_id(text, sizeof text - 1, article);
	envelope(&ev, (uint64_t)i + 1, prev);
	sp.start = 27;
	sp.end = 45;
	sp2.start = 0;
	sp2.end = 60;
	switch (i) {
	case 0: {
		Dpb__ArticleFiled a = DPB__ARTICLE_FILED__INIT;
		a.id.data = article;
		a.id.len = DSR_ID_LEN;
		a.title = (char *)"Sony hack";
		a.publisher = (char *)"NBC News";
		a.url = (char *)"https://example.org/sony";
		a.published = (char *)"2014-12-01";
		a.text.data = (uint8_t *)text;
		a.text.len = sizeof text - 1;
		a.extractor = (char *)"dossier-extract/1";
		ev.payload_case = DPB__EVENT__PAYLOAD_ARTICLE;
		ev.article = &a;
		pack(&ev, out);
		return "v1-article.bin";
	}
	case 1: {
		Dpb__ActorMentioned m = DPB__ACTOR_MENTIONED__INIT;
		dsr_actor_fact_id(article, "Guardians of Peace", id);
		m.id.data = id;
		m.id.len = DSR_ID_LEN;
		m.article.data = article;
		m.article.len = DSR_ID_LEN;
		m.name = (char *)"Guardians of Peace";
		m.kind = DPB__ACTOR_KIND__KIND_GROUP;
		m.aliases = names;
		m.n_aliases = 1;
		m.mentions = spp;
		m.n_mentions = 1;
		ev.payload_case = DPB__EVENT__PAYLOAD_ACTOR;
		ev.actor = &m;
		pack(&ev, out);
		return "v1-actor.bin";
	}
	case 2: {
		Dpb__NamesJudged j = DPB__NAMES_JUDGED__INIT;
		j.a = (char *)"GOP";
		j.b = (char *)"Guardians for Peace";
		j.verdict = DPB__VERDICT__VERDICT_SAME;
		j.note = (char *)"same group, misspelt";
		ev.payload_case = DPB__EVENT__PAYLOAD_NAMES;
		ev.names = &j;
		pack(&ev, out);
		return "v1-names.bin";
	}
	case 3: {
		Dpb__ClaimRecorded c = DPB__CLAIM_RECORDED__INIT;
		dsr_span_fact_id("claim", article, 0, 60, id);
		c.id.data = id;
		c.id.len = DSR_ID_LEN;
		c.article.data = article;
		c.article.len = DSR_ID_LEN;
		c.source = (char *)"U.S. officials";
		c.cue = (char *)"said";
		c.content = (char *)"North Korea was behind the attack";
		c.stance = DPB__STANCE__STANCE_ASSERTS;
		c.hedged = 1;
		c.about = names + 1;
		c.n_about = 1;
		c.span = &sp2;
		c.source_span = &sp;
		c.cue_span = &sp;
		c.content_span = &sp2;
		ev.payload_case = DPB__EVENT__PAYLOAD_CLAIM;
		ev.claim = &c;
		pack(&ev, out);
		return "v1-claim.bin";
	}
	case 4: {
		Dpb__ClaimAssessed a = DPB__CLAIM_ASSESSED__INIT;
		dsr_span_fact_id("claim", article, 0, 60, id);
		a.claim.data = id;
		a.claim.len = DSR_ID_LEN;
		a.status = DPB__CLAIM_STATUS__STATUS_DISPUTED;
		a.reliability = (char *)"B";
		a.credibility = 3;
		a.note = (char *)"single anonymous source";
		ev.payload_case = DPB__EVENT__PAYLOAD_ASSESSED;
		ev.assessed = &a;
		pack(&ev, out);
		return "v1-assessed.bin";
	}
	case 5: {
		Dpb__EntryRecorded e = DPB__ENTRY_RECORDED__INIT;
		dsr_span_fact_id("entry", article, 0, 60, id);
		e.id.data = id;
		e.id.len = DSR_ID_LEN;
		e.article.data = article;
		e.article.len = DSR_ID_LEN;
		e.date = (char *)"2014-11-24";
		e.precision = DPB__PRECISION__PRECISION_DAY;
		e.text = (char *)"attacked Sony Pictures on Nov. 24";
		e.actors = names;
		e.n_actors = 2;
		e.span = &sp2;
		e.time_span = &sp;
		ev.payload_case = DPB__EVENT__PAYLOAD_ENTRY;
		ev.entry = &e;
		pack(&ev, out);
		return "v1-entry.bin";
	}
	case 6: {
		Dpb__EntryAmended a = DPB__ENTRY_AMENDED__INIT;
		dsr_span_fact_id("entry", article, 0, 60, id);
		a.entry.data = id;
		a.entry.len = DSR_ID_LEN;
		a.date = (char *)"2014-11-21";
		a.precision = DPB__PRECISION__PRECISION_DAY;
		a.note = (char *)"the intrusion began earlier";
		ev.payload_case = DPB__EVENT__PAYLOAD_AMENDED;
		ev.amended = &a;
		pack(&ev, out);
		return "v1-amended.bin";
	}
	case 7: {
		Dpb__NoteAdded n = DPB__NOTE_ADDED__INIT;
		n.target_kind = DPB__TARGET_KIND__TARGET_ARTICLE;
		n.target_id.data = article;
		n.target_id.len = DSR_ID_LEN;
		n.text = (char *)"check the timeline against the FBI statement";
		ev.payload_case = DPB__EVENT__PAYLOAD_NOTE;
		ev.note = &n;
		pack(&ev, out);
		return "v1-note.bin";
	}
	case 8: {
		Dpb__ActorCurated c = DPB__ACTOR_CURATED__INIT;
		c.name = (char *)"GOP";
		c.preferred_name = (char *)"Guardians of Peace";
		c.kind = DPB__ACTOR_KIND__KIND_GROUP;
		ev.payload_case = DPB__EVENT__PAYLOAD_CURATED;
		ev.curated = &c;
		pack(&ev, out);
		return "v1-curated.bin";
	}
	case 9: {
		Dpb__IndicatorSeen d = DPB__INDICATOR_SEEN__INIT;
		Dpb__Span isp = DPB__SPAN__INIT;
		isp.start = 70;
		isp.end = 81;
		dsr_span_fact_id("indicator", article, 70, 81, id);
		d.id.data = id;
		d.id.len = DSR_ID_LEN;
		d.article.data = article;
		d.article.len = DSR_ID_LEN;
		d.type = (char *)"domain";
		d.value = (char *)"example.com";
		d.span = &isp;
		ev.payload_case = DPB__EVENT__PAYLOAD_INDICATOR;
		ev.indicator = &d;
		pack(&ev, out);
		return "v1-indicator.bin";
	}
	case 10: {
		Dpb__ArticleCurated c = DPB__ARTICLE_CURATED__INIT;
		Dpb__EntryDate ed = DPB__ENTRY_DATE__INIT;
		Dpb__EntryDate *edp = &ed;
		dsr_span_fact_id("entry", article, 0, 60, id);
		ed.entry.data = id;
		ed.entry.len = DSR_ID_LEN;
		ed.date = (char *)"2014-11-24";
		ed.precision = DPB__PRECISION__PRECISION_DAY;
		c.article.data = article;
		c.article.len = DSR_ID_LEN;
		c.published = (char *)"2014-12-02";
		c.publisher = (char *)"NBC News";
		c.dates = &edp;
		c.n_dates = 1;
		c.note = (char *)"the wire copy's date";
		ev.payload_case = DPB__EVENT__PAYLOAD_ARTICLE_CURATED;
		ev.article_curated = &c;
		pack(&ev, out);
		return "v1-article-curated.bin";
	}
	default:
		return NULL;
	}
}

static int write_all(const char *dir)
{
	dsr_buf b = DSR_BUF_INIT;
	char path[1024];
	const char *name;
	for (int i = 0; (name = build(i, &b)); i++) {
		snprintf(path, sizeof path, "%s/%s", dir, name);
		FILE *f = fopen(path, "wb");
		if (!f || fwrite(b.data, 1, b.len, f) != b.len)
			return 1;
		fclose(f);
		if (i == 0) {
			/* The article event cut short. */
			snprintf(path, sizeof path, "%s/v1-truncated.bin", dir);
			f = fopen(path, "wb");
			if (!f || fwrite(b.data, 1, b.len / 2, f) != b.len / 2)
				return 1;
			fclose(f);
		}
		if (i == 2) {
			/* A judgement's envelope with payload field 30, which v1
			 * does not know. */
			Dpb__Event *ev = dpb__event__unpack(NULL, b.len, b.data);
			ev->payload_case = DPB__EVENT__PAYLOAD__NOT_SET;
			dsr_buf u = DSR_BUF_INIT;
			pack(ev, &u);
			uint8_t tail[] = { 0xf2, 0x01, 4, 'n', 'e', 'w', '!' };
			dsr_buf_append(&u, tail, sizeof tail);
			ev->payload_case = DPB__EVENT__PAYLOAD_NAMES;
			dpb__event__free_unpacked(ev, NULL);
			snprintf(path, sizeof path, "%s/v1-unknown-payload.bin", dir);
			f = fopen(path, "wb");
			if (!f || fwrite(u.data, 1, u.len, f) != u.len)
				return 1;
			fclose(f);
			dsr_buf_free(&u);
		}
	}
	dsr_buf_free(&b);
	return 0;
}

static char *golden(const char *name, size_t *len)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/tests/golden/%s", getenv("DSR_SOURCE"), name);
	char *p = test_read_file(path, len);
	if (!p)
		TEST_FAIL("cannot read %s", path);
	return p;
}

static int good; /* good files checked, for the summary */

/* Today's encoding of each payload kind is the golden file's bytes, and
 * the file decodes, validates and packs back to itself. */
static void test_encodings(void)
{
	dsr_buf b = DSR_BUF_INIT;
	const char *name;
	int n = 0;
	for (int i = 0; (name = build(i, &b)); i++, n++) {
		size_t len;
		char *file = golden(name, &len);
		if (len != b.len || memcmp(file, b.data, len) != 0)
			TEST_FAIL("%s: today's encoding differs from the golden file", name);
		Dpb__Event *ev;
		int rc = dsr_event_decode((uint8_t *)file, len, &ev);
		if (rc)
			TEST_FAIL("%s: %s", name, dsr_strerror(rc));
		ASSERT_EQ(ev->format, 1);
		ASSERT_EQ(ev->seq, i + 1);
		ASSERT_EQ((int)ev->payload_case, 16 + i);
		dsr_buf re = DSR_BUF_INIT;
		pack(ev, &re);
		ASSERT_EQ(re.len, len);
		ASSERT_MEM(re.data, file, len);
		dsr_buf_free(&re);
		dpb__event__free_unpacked(ev, NULL);
		free(file);
	}
	ASSERT_EQ(n, 11);
	good = n;
	dsr_buf_free(&b);
}

static void test_broken(void)
{
	size_t len;
	Dpb__Event *ev;
	char *t = golden("v1-truncated.bin", &len);
	ASSERT_EQ(dsr_event_decode((uint8_t *)t, len, &ev), DSR_EDECODE);
	free(t);
	char *u = golden("v1-unknown-payload.bin", &len);
	ASSERT_EQ(dsr_event_decode((uint8_t *)u, len, &ev), DSR_EPAYLOAD);
	free(u);
}

/* A newer format: the article event with format 2. */
static void test_newer_format(void)
{
	size_t len;
	Dpb__Event *ev;
	char *a = golden("v1-article.bin", &len);
	ev = dpb__event__unpack(NULL, len, (uint8_t *)a);
	ASSERT(ev);
	ev->format = 2;
	ASSERT_EQ(dsr_event_validate(ev), DSR_EFORMAT);
	dpb__event__free_unpacked(ev, NULL);
	free(a);
}

static const struct test_case cases[] = {
	TEST_CASE(encodings),
	TEST_CASE(broken),
	TEST_CASE(newer_format),
};

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "--write"))
		return write_all(argv[2]);
	TEST_ARGS(argc, argv, cases);
	test_run();
	printf("golden: %d good files and 2 broken ones as expected\n", good);
	return 0;
}
