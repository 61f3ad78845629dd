/* compact.c: `dossierd --compact`: the store rewritten by LMDB's
 * compacting copy (core: dsr_store_copy_compact), checked, then put in its
 * place.  Offline: it holds the store's lock, so no daemon serves it
 * meanwhile.
 *
 * No data may be lost on the way, so the copy goes to DIR/compact.tmp,
 * is opened as a store of its own and must show the same log end and the
 * same views' digest as the original before rename(2) puts it over
 * DIR/data.mdb (atomic: a crash leaves one or the other, never half); the
 * directory is synced after.  A copy left by a crash is removed at the
 * next run.  Free space for a second copy of the live data is needed. */
#include "server.h"
#include "error.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int store_fingerprint(dsr_store *st, uint64_t *end, uint8_t digest[DSR_HASH_LEN])
{
	dsr_rtxn *t;
	int r = dsr_rtxn_begin(st, &t);
	if (r)
		return r;
	*end = dsr_log_end(t);
	r = dsr_store_digest(t, digest);
	dsr_rtxn_end(t);
	return r;
}

/* Removes what a copy in dir left (its files, then dir). */
static void remove_copy(const char *dir)
{
	static const char *const files[] = { "data.mdb", "lock.mdb", "lock" };
	char p[4300];
	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		snprintf(p, sizeof p, "%s/%s", dir, files[i]);
		unlink(p);
	}
	rmdir(dir);
}

static double mb(off_t n)
{
	return (double)n / (1 << 20);
}

int compact_store(const char *dir)
{
	char data[4200], tmp[4200], tmpdata[4300];
	if (strlen(dir) > 4000) {
		fprintf(stderr, "dossierd: the data directory's path is too long\n");
		return 1;
	}
	snprintf(data, sizeof data, "%s/data.mdb", dir);
	snprintf(tmp, sizeof tmp, "%s/compact.tmp", dir);
	snprintf(tmpdata, sizeof tmpdata, "%s/data.mdb", tmp);
	dsr_store *st, *cp;
	dsr_store_opts o = { DSR_STORE_NOCREATE, 0 };
	int r = dsr_store_open(&st, dir, &o);
	if (r == DSR_ELOCKED) {
		fprintf(stderr, "dossierd: %s is in use by a running dossierd (or another "
			"program holding the store): stop it, then compact\n", dir);
		return 1;
	}
	if (r < 0) {
		fprintf(stderr, "dossierd: cannot open the store in %s: %s\n", dir,
			dsr_strerror(r));
		return 1;
	}
	struct stat before, after;
	uint64_t end0 = 0, end1 = 0;
	uint8_t d0[DSR_HASH_LEN], d1[DSR_HASH_LEN];
	uint64_t t0 = mono_ns();
	if (stat(data, &before) != 0) {
		r = -errno;
		goto fail;
	}
	printf("compacting %s (%.0f MB): copying...\n", data, mb(before.st_size));
	fflush(stdout);
	remove_copy(tmp);   /* a crashed run's */
	if (mkdir(tmp, 0700) != 0) {
		r = -errno;
		goto fail;
	}
	if ((r = store_fingerprint(st, &end0, d0)) || (r = dsr_store_copy_compact(st, tmp)))
		goto fail;
	printf("checking the copy against the store...\n");
	fflush(stdout);
	if ((r = dsr_store_open(&cp, tmp, &o)))
		goto fail;
	r = store_fingerprint(cp, &end1, d1);
	dsr_store_close(cp);
	if (r)
		goto fail;
	if (end0 != end1 || memcmp(d0, d1, DSR_HASH_LEN)) {
		fprintf(stderr, "dossierd: the compacted copy of %s differs from the store "
			"(log end %llu against %llu, or the views' digest): the store is "
			"left as it was\n", dir, (unsigned long long)end1,
			(unsigned long long)end0);
		remove_copy(tmp);
		dsr_store_close(st);
		return 1;
	}
	if (rename(tmpdata, data) != 0) {
		r = -errno;
		goto fail;
	}
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		(void)fsync(dfd);
		close(dfd);
	}
	remove_copy(tmp);
	dsr_store_close(st);
	if (stat(data, &after) != 0)
		after.st_size = 0;
	printf("compacted %s: %.0f MB -> %.0f MB in %.1f s (log end %llu, views unchanged)\n",
	       data, mb(before.st_size), mb(after.st_size), (double)(mono_ns() - t0) / 1e9,
	       (unsigned long long)end0);
	return 0;
fail:
	fprintf(stderr, "dossierd: cannot compact the store in %s: %s; the store is left "
		"as it was\n", dir, r == -ENOSPC ? "no space left for the copy" : dsr_strerror(r));
	remove_copy(tmp);
	dsr_store_close(st);
	return 1;
}
