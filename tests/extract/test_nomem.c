/* test_nomem.c: out of memory at every allocation.  The test is linked
 * with --wrap for malloc, calloc and realloc, so the N-th allocation made
 * inside dsr_extract(), dsr_extraction_json() and dsr_actor_blocks() can be
 * made to fail, for N = 1, 2, ... until a run needs fewer.  Each call must
 * return -ENOMEM (or succeed with a valid result) and leak nothing, which
 * the sanitizer build checks. */
#include "test.h"
#include "check.h"
#include "actor_rule.h"

#include <errno.h>

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t m);
void *__real_realloc(void *p, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t m);
void *__wrap_realloc(void *p, size_t n);

static long countdown = -1; /* allocations left before one fails; -1: never */
static long calls;

static bool fail_now(void)
{
	calls++;
	if (countdown < 0)
		return false;
	return countdown-- == 0;
}

void *__wrap_malloc(size_t n)
{
	return fail_now() ? NULL : __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t m)
{
	return fail_now() ? NULL : __real_calloc(n, m);
}

void *__wrap_realloc(void *p, size_t n)
{
	return fail_now() ? NULL : __real_realloc(p, n);
}

static const char *text =
	"WASHINGTON (Reuters) - U.S. officials have concluded that North Korea ordered "
	"the attack on Sony Pictures Entertainment on Nov. 24, a senior official told NBC News.\n\n"
	"\"We have found linkage to the North Korean government,\" a government source said. "
	"Attackers using the name Guardians of Peace, or G.O.P., claimed responsibility last week.\n\n"
	"North Korea denied any involvement on Wednesday. The hackers are reportedly based in "
	"China. Seth Rogen and James Franco star in the comedy film The Interview; Rogen said "
	"nothing. The Department of Homeland Security said there is no credible intelligence.";

static int emit(void *ctx, const char *k, size_t n)
{
	(void)ctx;
	(void)k;
	(void)n;
	return 0;
}

static struct dsr_extract_meta meta = { "2014-12-17", "Title", "Reuters", NULL, NULL, NULL };
static size_t len;   /* of text */
static size_t facts; /* extracted from text with memory to spare */

static void test_extract(void)
{
	dsr_extraction *x = NULL;
	long n, failures = 0;
	for (n = 0;; n++) {
		countdown = n;
		calls = 0;
		x = NULL;
		int rc = dsr_extract((const uint8_t *)text, len, &meta, &x);
		bool hit = countdown < 0;
		countdown = -1;
		if (rc == 0) {
			check_extraction(x, (const uint8_t *)text, len, &meta);
			ASSERT_EQ(x->nactors + x->nclaims + x->ntimes + x->nevents, facts);
			dsr_extraction_free(x);
		} else {
			ASSERT_EQ(rc, -ENOMEM);
			ASSERT(x == NULL);
			failures++;
		}
		if (!hit)
			break; /* this run needed fewer than n allocations */
	}
	printf("dsr_extract: %ld allocations, each failed once: %ld -ENOMEM\n", n, failures);
	ASSERT(failures > 10);
}

/* the JSON writer */
static void test_json(void)
{
	dsr_extraction *x = NULL;
	long n;
	ASSERT_OK(dsr_extract((const uint8_t *)text, len, &meta, &x));
	for (n = 0;; n++) {
		dsr_buf b = DSR_BUF_INIT;
		countdown = n;
		int rc = dsr_extraction_json(x, (const uint8_t *)text, len, &meta, &b);
		bool hit = countdown < 0;
		countdown = -1;
		ASSERT(rc == 0 || rc == -ENOMEM);
		dsr_buf_free(&b);
		if (!hit)
			break;
	}
	dsr_extraction_free(x);
}

/* the name rule */
static void test_name_rule(void)
{
	for (long n = 0; n < 4; n++) {
		countdown = n;
		int rc = dsr_actor_blocks("Sony Pictures Entertainment", 0, emit, NULL);
		countdown = -1;
		ASSERT(rc == 0 || rc == -ENOMEM);
	}
}

static const struct test_case cases[] = {
	TEST_CASE(extract),
	TEST_CASE(json),
	TEST_CASE(name_rule),
};

int main(int argc, char **argv)
{
	TEST_ARGS(argc, argv, cases);
	len = strlen(text);
	dsr_extraction *x = NULL;
	/* build the lexicon table first: a failure there is permanent */
	ASSERT_OK(dsr_extract((const uint8_t *)text, len, &meta, &x));
	facts = x->nactors + x->nclaims + x->ntimes + x->nevents;
	dsr_extraction_free(x);
	test_run();
	printf("out-of-memory paths pass\n");
	return 0;
}
