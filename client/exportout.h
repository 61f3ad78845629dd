/* exportout.h: what `dossier export` and `dossier brief` share: an Export
 * request's chunks written to stdout or to a file that replaces FILE only
 * once complete (exportout.c). */
#ifndef DOSSIER_CLIENT_EXPORTOUT_H
#define DOSSIER_CLIENT_EXPORTOUT_H

#include "client.h"

#include <stdint.h>

struct xout {
	const char *cmd;       /* "export", "brief": for messages */
	const char *path;      /* FILE, or NULL: stdout */
	char *tmp;             /* the temporary file beside it */
	int fd;
};

/* Opens stdout or a temporary file beside path.  Returns an exit code. */
int xout_open(struct xout *o, const char *cmd, const char *path);
/* Sends x and writes the chunks to fd as they come; with `mark`, the first
 * chunk must contain it or nothing is written.  *total: bytes written.
 * Returns an exit code. */
int xout_receive(struct dcl *d, const char *cmd, const Dpb__Export *x, const char *mark,
		 int fd, uint64_t *total);
/* Ends the output: with rc 0, the file is synced and renamed over path
 * (saying so on stderr with `what`), else removed.  Returns rc, or an
 * exit code when the file cannot be written. */
int xout_close(struct xout *o, int rc, uint64_t total, const char *what);

#endif
