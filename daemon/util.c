/* util.c: allocation, clocks and file helpers for dossierd (see util.h). */
#include "util.h"
#include "logging.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void oom(size_t n)
{
	dlog(DLOG_ERROR, "out of memory (%zu bytes)", n);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom(n);
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom(n * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom(n);
	return q;
}

char *xstrdup(const char *s)
{
	char *p = strdup(s ? s : "");
	if (!p)
		oom(strlen(s));
	return p;
}

uint64_t wall_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

uint64_t mono_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

bool rss_read(uint64_t *resident, uint64_t *shared)
{
	FILE *f = fopen("/proc/self/statm", "r");
	unsigned long size, res, sh;
	bool ok = false;
	if (!f)
		return false;
	if (fscanf(f, "%lu %lu %lu", &size, &res, &sh) == 3) {
		uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE);
		*resident = (uint64_t)res * page;
		*shared = (uint64_t)sh * page;
		ok = true;
	}
	fclose(f);
	return ok;
}

uint64_t rss_bytes(void)
{
	uint64_t res, shared;
	return rss_read(&res, &shared) ? res : 0;
}

int mkdir_p(const char *dir)
{
	char path[4096];
	size_t n = strlen(dir);
	if (n == 0 || n >= sizeof path)
		return -ENAMETOOLONG;
	memcpy(path, dir, n + 1);
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		if (mkdir(path, 0700) && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	if (mkdir(path, 0700) && errno != EEXIST)
		return -errno;
	return 0;
}

static char *token_read(const char *path)
{
	char buf[256];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0) {
		errno = EINVAL;
		return NULL;
	}
	buf[n] = 0;
	buf[strcspn(buf, " \t\r\n")] = 0;
	if (strlen(buf) < 16) {
		errno = EINVAL;
		return NULL;
	}
	return xstrdup(buf);
}

char *token_load_or_create(const char *path)
{
	char *t = token_read(path);
	if (t || errno != ENOENT)
		return t;
	uint8_t raw[32];
	if (getrandom(raw, sizeof raw, 0) != (ssize_t)sizeof raw)
		return NULL;
	char hex[65];
	for (size_t i = 0; i < sizeof raw; i++)
		snprintf(hex + 2 * i, 3, "%02x", raw[i]);
	/* O_EXCL: if two starts race, one creates and the other reads. */
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return errno == EEXIST ? token_read(path) : NULL;
	if (write(fd, hex, 64) != 64 || write(fd, "\n", 1) != 1 || fsync(fd)) {
		int e = errno;
		close(fd);
		unlink(path);
		errno = e;
		return NULL;
	}
	close(fd);
	return xstrdup(hex);
}
