/* exportout.c: an export's document on its way to stdout or FILE.  With a
 * FILE the document goes to a temporary file beside it, renamed over it
 * only once complete, so a failed export never leaves half a file where a
 * good one was; the temporary file is removed if the client exits early
 * (dcl_recv exits when dossierd goes away mid-stream). */
#include "exportout.h"
#include "cmd.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *tmp_path;

static void remove_tmp(void)
{
	if (tmp_path)
		unlink(tmp_path);
}

int xout_open(struct xout *o, const char *cmd, const char *path)
{
	o->cmd = cmd;
	o->path = path;
	o->tmp = NULL;
	o->fd = 1;
	if (!path)
		return DSR_EXIT_OK;
	o->tmp = xmalloc(strlen(path) + 16);
	sprintf(o->tmp, "%s.tmpXXXXXX", path);
	if ((o->fd = mkstemp(o->tmp)) < 0) {
		fprintf(stderr, "dossier %s: cannot write beside %s: %s\n", cmd, path,
			strerror(errno));
		free(o->tmp);
		o->tmp = NULL;
		return DSR_EXIT_ERROR;
	}
	tmp_path = o->tmp;
	static bool registered;
	if (!registered)
		atexit(remove_tmp);
	registered = true;
	/* mkstemp makes it 0600; an export is an ordinary file. */
	mode_t um = umask(0);
	umask(um);
	fchmod(o->fd, 0666 & ~um);
	return DSR_EXIT_OK;
}

static int write_all(int fd, const uint8_t *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int xout_receive(struct dcl *d, const char *cmd, const Dpb__Export *x, const char *mark,
		 int fd, uint64_t *total)
{
	Dpb__Request rq = DPB__REQUEST__INIT;
	rq.body_case = DPB__REQUEST__BODY_EXPORT_KB;
	rq.export_kb = (Dpb__Export *)x;
	uint64_t id = dcl_send(d, &rq);
	*total = 0;
	for (;;) {
		Dpb__Response *rs = dcl_recv(d);
		if (rs->id != id && rs->id != 0) {
			dpb__response__free_unpacked(rs, NULL);
			continue;
		}
		int rc = dcl_check(cmd, rs, DPB__RESPONSE__BODY_EXPORT_CHUNK);
		if (rc) {
			dpb__response__free_unpacked(rs, NULL);
			return rc;
		}
		const Dpb__ExportChunk *ch = rs->export_chunk;
		if (mark && *mark && !*total &&
		    !memmem(ch->data.data, ch->data.len, mark, strlen(mark))) {
			fprintf(stderr, "dossier %s: dossierd did not mark the export "
				"(--tlp %s): a daemon older than --tlp; nothing written\n", cmd, x->tlp);
			dpb__response__free_unpacked(rs, NULL);
			return DSR_EXIT_ERROR;
		}
		if (write_all(fd, ch->data.data, ch->data.len) < 0) {
			fprintf(stderr, "dossier %s: cannot write the export: %s\n", cmd,
				strerror(errno));
			dpb__response__free_unpacked(rs, NULL);
			return DSR_EXIT_ERROR;
		}
		*total += ch->data.len;
		bool last = ch->last;
		dpb__response__free_unpacked(rs, NULL);
		if (last)
			return DSR_EXIT_OK;
	}
}

int xout_close(struct xout *o, int rc, uint64_t total, const char *what)
{
	if (!o->tmp)
		return rc;
	if (!rc && (fsync(o->fd) < 0 || close(o->fd) < 0)) {
		fprintf(stderr, "dossier %s: cannot write %s: %s\n", o->cmd, o->path,
			strerror(errno));
		rc = DSR_EXIT_ERROR;
	} else if (rc) {
		close(o->fd);
	}
	if (!rc && rename(o->tmp, o->path) < 0) {
		fprintf(stderr, "dossier %s: cannot write %s: %s\n", o->cmd, o->path,
			strerror(errno));
		rc = DSR_EXIT_ERROR;
	}
	if (rc)
		unlink(o->tmp);
	tmp_path = NULL;
	if (!rc)
		fprintf(stderr, "exported %llu bytes of %s to %s\n", (unsigned long long)total, what,
			o->path);
	free(o->tmp);
	o->tmp = NULL;
	return rc;
}
