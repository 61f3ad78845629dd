/* repltest.h: helpers for the replication unit tests: stores filled with
 * local events, sessions wired back to back in memory, digests. */
#ifndef DOSSIER_REPLTEST_H
#define DOSSIER_REPLTEST_H

#include <stdbool.h>
#include <stdint.h>

#include "repl.h"
#include "store.h"

struct rt_reports;

/* Batches the tests cut (smaller than the default, so a few thousand
 * events make several batches). */
#define RT_BATCH 2048

/* dsr_repl_new, cutting batches of RT_BATCH events; asserts. */
dsr_repl *rt_new(dsr_store *s, unsigned flags, struct rt_reports *rep);

/* Opens (creating) the store in tmpdir/name. */
dsr_store *rt_open(const char *name);
/* Closes s and reopens the store in tmpdir/name. */
dsr_store *rt_reopen(dsr_store *s, const char *name);
/* Copies the data directory tmpdir/from to tmpdir/to (store closed). */
void rt_copy(const char *from, const char *to);

/* Writes n mixed local events (every payload kind) to s; seed varies the
 * content.  Returns s's origin seq afterwards. */
uint64_t rt_fill(dsr_store *s, size_t n, uint64_t seed);

void rt_digest(dsr_store *s, uint8_t out[DSR_HASH_LEN]);
/* Digest after a rebuild equals the live one (asserts); returns it. */
void rt_digest_rebuilt(dsr_store *s, uint8_t out[DSR_HASH_LEN]);
uint64_t rt_vv(dsr_store *s, const uint8_t *origin);
uint64_t rt_events(dsr_store *s);

struct rt_reports;

/* A frame filter: may change the body (and its length), return false to
 * drop the frame. */
typedef bool (*rt_filter)(void *ctx, uint8_t *body, size_t *len);

/* Reports gathered by sessions. */
struct rt_reports {
	int n;
	int last_err;
	char last[512];
	int forks, refused;
};
void rt_report(void *ctx, int err, const char *msg);

/* Moves a's queued frames into b (through filter, if any).  Returns the
 * number of frames delivered. */
int rt_deliver(dsr_repl *a, dsr_repl *b, rt_filter f, void *ctx);
/* Runs a and b (stores sa, sb) until neither has anything to do; returns
 * rounds run.  Sessions must have been started. */
int rt_run(dsr_repl *a, dsr_repl *b, rt_filter f, void *ctx);
/* Acknowledges to w, as a bundle's writer does, every batch in the frames
 * of out (what dsr_repl_out gave). */
void rt_ack_written(dsr_repl *w, const dsr_buf *out);
/* Writes a bundle file of everything s holds (as `dossier bundle create`
 * would, through a sending session). */
void rt_bundle(dsr_store *s, const char *path);
/* A one-off sync both ways between two stores; returns the reports. */
void rt_sync(dsr_store *sa, dsr_store *sb, struct rt_reports *ra, struct rt_reports *rb);

#endif
