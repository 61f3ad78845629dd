/* test_util.c: helpers shared by the test programs (see test.h). */
#include "test.h"
#include "error.h"

#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

const char *test_strerror(int err)
{
	return dsr_strerror(err);
}

/* The cases of this program, and which to run: 1 named (or all, when
 * none is), 2 needed by a step named after it. */
static const struct test_case *run_cases;
static size_t run_n;
static unsigned char *run_pick;

static void list_cases(FILE *f)
{
	for (size_t i = 0; i < run_n; i++)
		fprintf(f, "%s\n", run_cases[i].name);
}

void test_args(int argc, char **argv, const struct test_case *cases, size_t n)
{
	run_cases = cases;
	run_n = n;
	run_pick = calloc(n ? n : 1, 1);
	if (!run_pick)
		TEST_FAIL("out of memory");
	if (argc < 2) {
		memset(run_pick, 1, n);
		return;
	}
	for (int a = 1; a < argc; a++) {
		if (!strcmp(argv[a], "--list")) {
			list_cases(stdout);
			exit(0);
		}
		size_t i = 0;
		while (i < n && strcmp(argv[a], cases[i].name) != 0)
			i++;
		if (i == n) {
			fprintf(stderr, "%s: unknown %s \"%s\"\nusage: %s [--list | CASE...]; the cases:\n",
				argv[0], argv[a][0] == '-' ? "option" : "case", argv[a], argv[0]);
			list_cases(stderr);
			exit(2);
		}
		run_pick[i] = 1;
		for (size_t j = i; j > 0 && cases[j].step; j--)
			if (!run_pick[j - 1])
				run_pick[j - 1] = 2;
	}
}

void test_run(void)
{
	if (!run_cases)
		TEST_FAIL("test_run() before test_args()");
	for (size_t i = 0; i < run_n; i++) {
		if (!run_pick[i])
			continue;
		fflush(stdout); /* so that the name comes after what went before */
		fprintf(stderr, "case %s%s\n", run_cases[i].name,
			run_pick[i] == 2 ? " (a later step builds on it)" : "");
		run_cases[i].fn();
	}
	fflush(stdout);
	free(run_pick);
	run_pick = NULL;
	run_cases = NULL;
}

static char tmpdir[256];

static int rm_one(const char *path, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	(void)st; (void)flag; (void)ftw;
	return remove(path);
}

static void rm_tmpdir(void)
{
	if (tmpdir[0] && !getenv("DSR_KEEP_TMP"))
		nftw(tmpdir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

const char *test_tmpdir(void)
{
	if (tmpdir[0])
		return tmpdir;
	const char *base = getenv("TMPDIR");
	snprintf(tmpdir, sizeof tmpdir, "%s/dossier-test-XXXXXX", base ? base : "/tmp");
	if (!mkdtemp(tmpdir))
		TEST_FAIL("mkdtemp failed");
	atexit(rm_tmpdir);
	return tmpdir;
}

const char *test_shared(void)
{
	const char *s = getenv("DSR_SHARED");
	struct stat st;
	if (!s || stat(s, &st) != 0 || !S_ISDIR(st.st_mode))
		return NULL;
	return s;
}

char *test_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 4096, n = 0;
	char *p = malloc(cap + 1);
	size_t r;
	while (p && (r = fread(p + n, 1, cap - n, f)) > 0) {
		n += r;
		if (n == cap) {
			char *q = realloc(p, cap * 2 + 1);
			if (!q) {
				free(p);
				p = NULL;
				break;
			}
			p = q;
			cap *= 2;
		}
	}
	fclose(f);
	if (p) {
		p[n] = 0;
		if (len)
			*len = n;
	}
	return p;
}
