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
