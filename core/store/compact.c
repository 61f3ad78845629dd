/* compact.c: a compacted copy of the store.  Filing frees and reuses pages
 * of every table, so after a large ingest a table's neighbouring keys lie
 * far apart in the file and the file keeps pages nothing uses; reads that
 * walk a table in key order then bring in less of what comes next (a CSV
 * export of 100,000 articles: 8.1-9.5 s from a compacted copy against
 * 11.2-12.5 s from the store as filed, docs/benchmarks.md).  LMDB's
 * compacting copy (MDB_CP_COMPACT) writes each table's pages in key order
 * with no free pages; `dossierd --compact` puts it in place of the store
 * once it has checked it. */
#include "store/impl.h"
#include "error.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int dsr_store_copy_compact(dsr_store *s, const char *dir)
{
	char path[4096];
	if (snprintf(path, sizeof path, "%s/data.mdb", dir) >= (int)sizeof path)
		return -ENAMETOOLONG;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	pthread_rwlock_rdlock(&s->resize);
	int rc = mdb_env_copyfd2(s->env, fd, MDB_CP_COMPACT);
	pthread_rwlock_unlock(&s->resize);
	rc = dsr__mdb_err(rc);
	if (!rc && fsync(fd) != 0)
		rc = -errno;
	if (close(fd) != 0 && !rc)
		rc = -errno;
	if (rc)
		unlink(path);
	return rc;
}
