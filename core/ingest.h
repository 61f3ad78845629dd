/* ingest.h: turning an article into the events that file it.
 *
 * dsr_ingest_build() runs the extractor over an article and returns the
 * payloads to append as one all-or-nothing group of DSR_OP_LOCAL ops: the
 * ArticleFiled event first, then one event per extracted actor, claim and
 * timeline entry.  It is pure (no store access): the daemon calls it on its
 * thread pool and hands the result to the writer.  Ingesting an article the
 * store already holds adds nothing: the writer checks dsr_ingest_known()
 * first, in the write transaction's snapshot.
 */
#ifndef DOSSIER_INGEST_H
#define DOSSIER_INGEST_H

#include <stddef.h>
#include <stdint.h>

#include "extract.h"
#include "store.h"

typedef struct dsr_ingest {
	uint8_t article_id[DSR_ID_LEN];
	Dpb__Event **events;   /* owned; payload set, envelope empty */
	size_t nevents;
	dsr_extraction *x;     /* the extraction the events came from */
	size_t x_len;          /* length of the text it was made from */
} dsr_ingest;

/* Limits an article must meet: at most DSR_ARTICLE_MAX bytes, valid UTF-8
 * (NUL bytes and other control characters but tab, CR and LF rejected).
 * Errors: DSR_ETOOBIG, DSR_EUTF8, -ENOMEM. */
#define DSR_ARTICLE_MAX (16u << 20)

int dsr_ingest_build(const uint8_t *text, size_t len,
		     const struct dsr_extract_meta *meta, dsr_ingest **out);
void dsr_ingest_free(dsr_ingest *in);

/* Fills ops[0..in->nevents) as one group (`group`) of local ops. */
void dsr_ingest_ops(const dsr_ingest *in, dsr_op *ops, uint32_t group,
		    const char *author);

/* True when the store already holds the article. */
bool dsr_ingest_known(dsr_rtxn *t, const uint8_t id[DSR_ID_LEN]);

#endif
