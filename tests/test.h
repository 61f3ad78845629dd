/* test.h: a minimal test harness.  Each test program is one ctest test (its
 * own process and timeout); ASSERT_* print both sides and abort the program.
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

const char *test_strerror(int err);
/* A fresh temporary directory, removed (with its contents) at exit. */
const char *test_tmpdir(void);
/* The path of ../shared (from DSR_SHARED), or NULL when absent. */
const char *test_shared(void);
/* Reads a whole file; NULL when it cannot. */
char *test_read_file(const char *path, size_t *len);

#endif
