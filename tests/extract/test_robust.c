/* test_robust.c: inputs the extractor must survive — 10 MB of prose, a
 * 1 MB line without spaces, random bytes, pathological repetitions — with
 * the extraction contract intact, work that grows linearly with the input,
 * the same result from several threads at once, and clear errors for bad
 * arguments.  Linearity is judged on dsr_extraction.work, a count of
 * elementary steps, not on wall-clock time, so a busy machine cannot make
 * the test flaky. */
#include "test.h"
#include "check.h"
#include "error.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>

/* xorshift64*: deterministic, so every run tests the same inputs */
static uint64_t rng_state = 0x9e3779b97f4a7c15ull;
static uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}

static const char *pick(const char *const *v, size_t n)
{
	return v[rnd() % n];
}
#define PICK(v) pick(v, sizeof v / sizeof v[0])

/* News-like prose from templates: names, dates, quotations, claims. */
static char *prose(size_t size)
{
	static const char *const who[] = { "U.S. officials", "The FBI", "Sony Pictures",
		"A spokesman for the company", "North Korea", "Analyst Mark Johnson",
		"The Department of Homeland Security", "Reuters", "The group", "Investigators" };
	static const char *const verb[] = { "said", "denied", "believe", "confirmed",
		"told reporters", "claimed", "warned" };
	static const char *const when[] = { "on Wednesday", "last week", "Nov. 24",
		"three weeks ago", "in March 2015", "on Christmas Day", "yesterday",
		"earlier this month", "at 2 p.m.", "since 2013" };
	static const char *const what[] = { "the attack came from abroad",
		"the hackers may have used stolen passwords", "no evidence of a breach was found",
		"the studio would cancel the release", "the servers were reportedly offline",
		"Guardians of Peace, or G.O.P., was behind the leak" };
	char *s = malloc(size + 512);
	ASSERT(s);
	size_t o = 0;
	while (o < size) {
		int form = (int)(rnd() % 5);
		int n;
		if (form == 0)
			n = sprintf(s + o, "%s %s %s that %s. ", PICK(who), PICK(verb), PICK(when),
				    PICK(what));
		else if (form == 1)
			n = sprintf(s + o, "\"%s,\" %s %s. ", PICK(what), PICK(who), PICK(verb));
		else if (form == 2)
			n = sprintf(s + o, "%s, %s %s. ", PICK(what), PICK(who), PICK(verb));
		else if (form == 3)
			n = sprintf(s + o, "The Interview was set for release %s.\n\n", PICK(when));
		else
			n = sprintf(s + o, "RELATED: %s %s\n", PICK(who), PICK(verb));
		o += (size_t)n;
	}
	s[size] = 0;
	return s;
}

static char *repeat(const char *unit, size_t size)
{
	char *s = malloc(size + 1);
	ASSERT(s);
	size_t u = strlen(unit);
	for (size_t i = 0; i < size; i++)
		s[i] = unit[i % u];
	s[size] = 0;
	return s;
}

static char *random_bytes(size_t size)
{
	char *s = malloc(size + 1);
	ASSERT(s);
	for (size_t i = 0; i < size; i++)
		s[i] = (char)(rnd() & 0xff);
	s[size] = 0;
	return s;
}

static uint64_t extract_ok(const char *text, size_t len, size_t *nfacts)
{
	struct dsr_extract_meta meta = { "2014-12-17", "A Title", "NBC News", NULL, NULL, NULL };
	dsr_extraction *x = NULL;
	ASSERT_OK(dsr_extract((const uint8_t *)text, len, &meta, &x));
	check_extraction(x, (const uint8_t *)text, len, &meta);
	uint64_t w = x->work;
	if (nfacts)
		*nfacts = x->ntimes + x->nactors + x->nclaims + x->nevents;
	dsr_extraction_free(x);
	return w;
}

static void test_big(void)
{
	size_t facts;
	char *s = prose(10u << 20);
	extract_ok(s, strlen(s), &facts);
	ASSERT(facts > 1000);
	free(s);
	s = repeat("a", 1u << 20); /* one 1 MB line without spaces */
	extract_ok(s, 1u << 20, NULL);
	free(s);
	s = random_bytes(10u << 20);
	extract_ok(s, 10u << 20, NULL);
	free(s);
}

/* Work at 4n must stay within 4.6 times the work at n. */
static void test_linear(void)
{
	static const char *const units[] = {
		"Abc ", "\"", "Mr. ", "24 ", "U.S. ", "Sony, ", "said ", "the ", "a,",
		"Kim Jong Un said ", "Nov. 24, ", "\xff", "'s ", "last week ", "G.O.P. ",
		"\"Hello,\" he said. ", "Sony Pictures Entertainment said that Sony ",
		"#GOP @Sony ", "Department of ", "(", "X\n", "x\n\n", "the the the. ",
	};
	const size_t n = 64u << 10;
	for (size_t k = 0; k < sizeof units / sizeof units[0] + 2; k++) {
		char *a, *b;
		if (k < sizeof units / sizeof units[0]) {
			a = repeat(units[k], n);
			b = repeat(units[k], 4 * n);
		} else if (k == sizeof units / sizeof units[0]) {
			rng_state = 42;
			a = prose(n);
			rng_state = 42;
			b = prose(4 * n);
		} else {
			a = random_bytes(n);
			b = random_bytes(4 * n);
		}
		uint64_t wa = extract_ok(a, n, NULL), wb = extract_ok(b, 4 * n, NULL);
		if (wb > 4.6 * (double)wa + 1000)
			TEST_FAIL("input %zu: work %llu at %zu bytes but %llu at %zu (ratio %.2f)", k,
				  (unsigned long long)wa, n, (unsigned long long)wb, 4 * n,
				  (double)wb / (double)wa);
		ASSERT(wa >= n / 8); /* the counter counts */
		free(a);
		free(b);
	}
}

struct job {
	const char *text;
	size_t len;
	char *json;
};

static void *worker(void *arg)
{
	struct job *j = arg;
	struct dsr_extract_meta meta = { "2014-12-17", NULL, NULL, NULL, NULL, NULL };
	for (int r = 0; r < 3; r++) {
		dsr_extraction *x = NULL;
		if (dsr_extract((const uint8_t *)j->text, j->len, &meta, &x))
			return NULL;
		dsr_buf b = DSR_BUF_INIT;
		if (dsr_extraction_json(x, (const uint8_t *)j->text, j->len, &meta, &b) ||
		    dsr_buf_cstr(&b))
			return NULL;
		free(j->json);
		j->json = (char *)b.data;
		dsr_extraction_free(x);
	}
	return j;
}

/* Four threads at once get what one thread gets. */
static void test_threads(void)
{
	rng_state = 7;
	char *s = prose(200u << 10);
	struct job jobs[4];
	pthread_t th[4];
	for (int i = 0; i < 4; i++) {
		jobs[i] = (struct job){ s, strlen(s), NULL };
		ASSERT_EQ(pthread_create(&th[i], NULL, worker, &jobs[i]), 0);
	}
	for (int i = 0; i < 4; i++) {
		void *r;
		ASSERT_EQ(pthread_join(th[i], &r), 0);
		ASSERT(r == &jobs[i] && jobs[i].json);
	}
	for (int i = 1; i < 4; i++)
		ASSERT(strcmp(jobs[0].json, jobs[i].json) == 0);
	for (int i = 0; i < 4; i++)
		free(jobs[i].json);
	free(s);
}

static void test_arguments(void)
{
	dsr_extraction *x = (dsr_extraction *)1;
	ASSERT_EQ(dsr_extract(NULL, 5, NULL, &x), -EINVAL);
	ASSERT_EQ(dsr_extract((const uint8_t *)"a", 1, NULL, NULL), -EINVAL);
	/* the limit is checked before the text is read */
	ASSERT_EQ(dsr_extract((const uint8_t *)"a", DSR_EXTRACT_MAX + 1, NULL, &x), DSR_ETOOBIG);
	ASSERT(x == NULL);
	/* empty, and no metadata at all */
	ASSERT_OK(dsr_extract(NULL, 0, NULL, &x));
	check_extraction(x, (const uint8_t *)"", 0, NULL);
	ASSERT_EQ(x->ntimes + x->nactors + x->nclaims + x->nevents, 0);
	dsr_extraction_free(x);
	dsr_extraction_free(NULL);
	/* an unreadable publication date is a warning, not an error */
	struct dsr_extract_meta meta = { "yesterday", NULL, NULL, NULL, NULL, NULL };
	const char *t = "The FBI said on Wednesday that it was hacked.";
	ASSERT_OK(dsr_extract((const uint8_t *)t, strlen(t), &meta, &x));
	ASSERT(x->nwarnings >= 1);
	ASSERT(x->ntimes == 1 && strcmp(x->times[0].value, "XXXX-WXX-3") == 0);
	dsr_extraction_free(x);
	/* invalid UTF-8 is a warning too, and names stay valid */
	const char *bad = "The F\xff" "BI and Sony\xc3 Pictures said \x00 on Wednesday.";
	size_t bl = 48;
	ASSERT_OK(dsr_extract((const uint8_t *)bad, bl, NULL, &x));
	check_extraction(x, (const uint8_t *)bad, bl, NULL);
	ASSERT(x->nwarnings >= 1);
	dsr_extraction_free(x);
}

static const struct test_case cases[] = {
	TEST_CASE(arguments),
	TEST_CASE(threads),
	TEST_CASE(linear),
	TEST_CASE(big),
};

int main(int argc, char **argv)
{
	TEST_ARGS(argc, argv, cases);
	test_run();
	printf("robustness: arguments, threads, linearity and big inputs pass\n");
	return 0;
}
