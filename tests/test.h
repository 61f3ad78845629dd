/* test.h: a minimal test harness.  Each test program is one ctest test (its
 * own process and timeout); ASSERT_* print both sides and abort the program.
 * A program lists its cases once, so one case can run alone (see
 * test_args below):
 *
 *	static const struct test_case cases[] = {
 *		TEST_CASE(open),	// calls test_open()
 *		TEST_STEP(reopen),	// builds on what test_open() left
 *	};
 *	int main(int argc, char **argv)
 *	{
 *		TEST_ARGS(argc, argv, cases);
 *		...setup shared by the cases...
 *		test_run();
 *		...teardown...
 *		return 0;
 *	}
 */
#ifndef DOSSIER_TEST_H
#define DOSSIER_TEST_H

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TEST_FAIL(...)                                                         \
	do {                                                                   \
		fprintf(stderr, "%s:%d: ", __FILE__, __LINE__);               \
		fprintf(stderr, __VA_ARGS__);                                  \
		fputc('\n', stderr);                                           \
		abort();                                                       \
	} while (0)

#define ASSERT(c)                                                              \
	do {                                                                   \
		if (!(c))                                                      \
			TEST_FAIL("assertion failed: %s", #c);                 \
	} while (0)

#define ASSERT_INT(a, op, b)                                                   \
	do {                                                                   \
		long long a_ = (long long)(a), b_ = (long long)(b);            \
		if (!(a_ op b_))                                               \
			TEST_FAIL("%s %s %s: %lld vs %lld", #a, #op, #b, a_, b_); \
	} while (0)

#define ASSERT_EQ(a, b) ASSERT_INT(a, ==, b)
#define ASSERT_NE(a, b) ASSERT_INT(a, !=, b)
#define ASSERT_OK(e)                                                           \
	do {                                                                   \
		long long r_ = (long long)(e);                                 \
		if (r_ < 0)                                                    \
			TEST_FAIL("%s failed: %lld (%s)", #e, r_,              \
				  test_strerror((int)r_));                     \
	} while (0)

#define ASSERT_STR(a, b)                                                       \
	do {                                                                   \
		const char *a_ = (a), *b_ = (b);                               \
		if (!a_ || !b_ || strcmp(a_, b_) != 0)                         \
			TEST_FAIL("%s == %s: \"%s\" vs \"%s\"", #a, #b,         \
				  a_ ? a_ : "(null)", b_ ? b_ : "(null)");      \
	} while (0)

#define ASSERT_MEM(a, b, n)                                                    \
	do {                                                                   \
		if (memcmp((a), (b), (n)) != 0)                                \
			TEST_FAIL("%s and %s differ", #a, #b);                 \
	} while (0)

/* One case of a test program: TEST_CASE(name) runs test_name(), which
 * needs nothing but what main sets up; TEST_STEP(name) builds on what the
 * cases before it left, so naming it runs them first (back to the nearest
 * TEST_CASE). */
struct test_case {
	const char *name;
	void (*fn)(void);
	int step;
};
#define TEST_CASE(name) { #name, test_##name, 0 }
#define TEST_STEP(name) { #name, test_##name, 1 }

/* Which cases to run, from the command line: none named, all of them;
 * names, those (and the cases their steps build on); "--list", prints the
 * names one a line and exits 0; an unknown name or option, prints the
 * names on stderr and exits 2. */
void test_args(int argc, char **argv, const struct test_case *cases, size_t n);
#define TEST_ARGS(argc, argv, cases)                                           \
	test_args(argc, argv, cases, sizeof(cases) / sizeof((cases)[0]))
/* Runs the chosen cases in table order, naming each on stderr as it
 * starts (a failure aborts, so the last name is the failing case). */
void test_run(void);

const char *test_strerror(int err);
/* A fresh temporary directory, removed (with its contents) at exit. */
const char *test_tmpdir(void);
/* The path of ../shared (from DSR_SHARED), or NULL when absent. */
const char *test_shared(void);
/* Reads a whole file; NULL when it cannot. */
char *test_read_file(const char *path, size_t *len);

#endif
