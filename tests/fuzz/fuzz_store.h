/* fuzz_store.h: scratch stores for the fuzz harnesses: a fresh directory
 * under /tmp, no fsync, and its removal.  Header-only, so each harness
 * builds alone as a libFuzzer binary or with the corpus replayer. */
#ifndef DOSSIER_FUZZ_STORE_H
#define DOSSIER_FUZZ_STORE_H

#include "store.h"

#include <stdio.h>
#include <stdlib.h>

/* A new empty store; aborts when none can be made. */
static inline dsr_store *fuzz_store_new(void)
{
	char dir[] = "/tmp/dossier-fuzz-XXXXXX";
	dsr_store *s;
	dsr_store_opts o = { DSR_STORE_NOSYNC, 0 };
	if (!mkdtemp(dir) || dsr_store_open(&s, dir, &o))
		abort();
	return s;
}

/* Closes the store and removes its directory (NULL: nothing). */
static inline void fuzz_store_drop(dsr_store *s)
{
	if (!s)
		return;
	char cmd[600];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dsr_store_dir(s));
	dsr_store_close(s);
	if (system(cmd) != 0)
		fprintf(stderr, "fuzz: cannot remove a scratch store\n");
}

#endif
