/* trim.c: keep the store's file pages from piling up in the daemon's RSS.
 *
 * LMDB reads the store through a shared, read-only map of DATA/data.mdb.
 * Every page the daemon ever touched stays mapped, so its resident size
 * grows towards the size of the data file (475 MB after a million events)
 * although none of that is the daemon's own memory: it is page cache, and
 * the kernel may drop it at any time.  Every TRIM_EVERY_MS, a thread of its
 * own looks at how much of its RSS is file-backed, and past `trim_above`
 * bytes, or past the room its own memory leaves under `trim_room` when
 * that is more (pages read again and again then stay mapped), it unmaps
 * the store's pages from its page tables (madvise MADV_DONTNEED on the file
 * mapping): they stay in the page cache, and the next read of one takes a
 * minor fault.  Its RSS then shows its own memory plus what it read
 * recently.  After a trim it looks again in TRIM_BUSY_MS, while readers
 * keep mapping pages.  The period is short because readers are fast: an export maps
 * 80 MB of the store in a quarter of a second, and the 4 Hz this once ran
 * at on the loop let the soak's exporting clients take the daemon past
 * 350 MB; a look costs a read of /proc/self/statm.
 *
 * Safety: the range is found in /proc/self/maps and advised while a read
 * transaction is open; the store takes its map lock exclusively to resize
 * (remap) the map and readers hold it shared (docs/store.md), so the range
 * cannot be remapped under us.  MADV_DONTNEED on a shared file mapping
 * never loses data: the pages are re-read from the page cache.
 */
#include "server.h"
#include "logging.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define TRIM_EVERY_MS 10
/* ... and after a trim, while readers keep mapping pages fast */
#define TRIM_BUSY_MS 5

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

/* Trims when over the mark; true when it did.  The store's pages may
 * fill the room the daemon's own memory leaves under trim_room, and
 * never less than trim_above. */
static bool trim_now(struct server *srv)
{
	uint64_t res, shared;
	if (!srv->cfg.trim_above || !rss_read(&res, &shared))
		return false;
	uint64_t own = res > shared ? res - shared : 0;   /* the daemon's own */
	uint64_t mark = srv->cfg.trim_above;
	if (srv->cfg.trim_room > own && srv->cfg.trim_room - own > mark)
		mark = srv->cfg.trim_room - own;
	if (shared < mark)
		return false;
	char file[4200], *real;
	snprintf(file, sizeof file, "%s/data.mdb", dsr_store_dir(srv->store));
	real = realpath(file, NULL);
	if (!real)
		return false;
	dsr_rtxn *t;
	if (dsr_rtxn_begin(srv->store, &t) == 0) {
		size_t n = trim_map(real);
		dsr_rtxn_end(t);
		dlog(DLOG_DEBUG, "trimmed %zu MB of store map from the page tables", n >> 20);
	}
	free(real);
	return true;
}

void server_trim(struct server *srv)
{
	(void)trim_now(srv);
}

/* ---- the trimmer thread ----------------------------------------------------- */

static uv_thread_t trimmer;
static uv_mutex_t tmu;
static uv_cond_t tcv;
static bool tstop, started;

static void trim_loop(void *arg)
{
	struct server *srv = arg;
	uv_mutex_lock(&tmu);
	while (!tstop) {
		uv_mutex_unlock(&tmu);
		/* readers busy: look again sooner */
		unsigned ms = trim_now(srv) ? TRIM_BUSY_MS : TRIM_EVERY_MS;
		uv_mutex_lock(&tmu);
		if (!tstop)
			(void)uv_cond_timedwait(&tcv, &tmu, ms * 1000000ull);
	}
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
