/* trim.c: keep the store's file pages from piling up in the daemon's RSS.
 *
 * LMDB reads the store through a shared, read-only map of DATA/data.mdb.
 * Every page the daemon ever touched stays mapped, so its resident size
 * grows towards the size of the data file (475 MB after a million events)
 * although none of that is the daemon's own memory: it is page cache, and
 * the kernel may drop it at any time.  Four times a second the daemon looks
 * at how much of its RSS is file-backed, and past `trim_above` bytes it unmaps
 * the store's pages from its page tables (madvise MADV_DONTNEED on the file
 * mapping): they stay in the page cache, and the next read of one takes a
 * minor fault.  Its RSS then shows its own memory plus what it read
 * recently.  An export reads the whole store faster than that (80 MB in a
 * quarter of a second): while one runs, a thread of its own trims every
 * 20 ms, so the pages an export maps stay a few tens of MB.
 *
 * Safety: the range is found in /proc/self/maps and advised while a read
 * transaction is open; the store takes its map lock exclusively to resize
 * (remap) the map and readers hold it shared (docs/store.md), so the range
 * cannot be remapped under us.  MADV_DONTNEED on a shared file mapping
 * never loses data: the pages are re-read from the page cache.
 */
#include "server.h"
#include "logging.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* Returns the bytes advised, or 0. */
static size_t trim_map(const char *file)
{
	FILE *f = fopen("/proc/self/maps", "r");
	if (!f)
		return 0;
	char line[4600];
	size_t total = 0;
	while (fgets(line, sizeof line, f)) {
		unsigned long lo, hi;
		char perms[8], path[4400] = "";
		if (sscanf(line, "%lx-%lx %7s %*s %*s %*s %4399s", &lo, &hi, perms, path) < 3)
			continue;
		/* Only the data file's shared mapping (never the lock file's). */
		if (strcmp(path, file) || perms[3] != 's')
			continue;
		if (madvise((void *)lo, hi - lo, MADV_DONTNEED) == 0)
			total += hi - lo;
	}
	fclose(f);
	return total;
}

/* Resident file-backed (and shared) bytes, from /proc/self/statm. */
static uint64_t shared_bytes(void)
{
	FILE *f = fopen("/proc/self/statm", "r");
	unsigned long size, res, shared;
	uint64_t out = 0;
	if (!f)
		return 0;
	if (fscanf(f, "%lu %lu %lu", &size, &res, &shared) == 3)
		out = (uint64_t)shared * (uint64_t)sysconf(_SC_PAGESIZE);
	fclose(f);
	return out;
}

void server_trim(struct server *srv)
{
	if (!srv->cfg.trim_above || shared_bytes() < srv->cfg.trim_above)
		return;
	char file[4200], *real;
	snprintf(file, sizeof file, "%s/data.mdb", dsr_store_dir(srv->store));
	real = realpath(file, NULL);
	if (!real)
		return;
	dsr_rtxn *t;
	if (dsr_rtxn_begin(srv->store, &t) == 0) {
		size_t n = trim_map(real);
		dsr_rtxn_end(t);
		dlog(DLOG_DEBUG, "trimmed %zu MB of store map from the page tables", n >> 20);
	}
	free(real);
}

/* ---- the trimmer thread, while exports run --------------------------------- */

static uv_thread_t trimmer;
static uv_mutex_t tmu;
static uv_cond_t tcv;
static int exporting;
static bool tstop, started;

static void trim_loop(void *arg)
{
	struct server *srv = arg;
	uv_mutex_lock(&tmu);
	while (!tstop) {
		if (!exporting) {
			uv_cond_wait(&tcv, &tmu);
			continue;
		}
		uv_mutex_unlock(&tmu);
		server_trim(srv);
		uv_sleep(20);
		uv_mutex_lock(&tmu);
	}
	uv_mutex_unlock(&tmu);
}

void trim_export(int delta)
{
	if (!started)
		return;
	uv_mutex_lock(&tmu);
	exporting += delta;
	uv_cond_signal(&tcv);
	uv_mutex_unlock(&tmu);
}

void trim_start(struct server *srv)
{
	if (!srv->cfg.trim_above || uv_mutex_init(&tmu))
		return;
	if (uv_cond_init(&tcv)) {
		uv_mutex_destroy(&tmu);
		return;
	}
	if (uv_thread_create(&trimmer, trim_loop, srv)) {
		uv_cond_destroy(&tcv);
		uv_mutex_destroy(&tmu);
		return;
	}
	started = true;
}

void trim_stop(void)
{
	if (!started)
		return;
	uv_mutex_lock(&tmu);
	tstop = true;
	uv_cond_signal(&tcv);
	uv_mutex_unlock(&tmu);
	uv_thread_join(&trimmer);
	uv_cond_destroy(&tcv);
	uv_mutex_destroy(&tmu);
	started = false;
}
