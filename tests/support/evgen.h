/* evgen.h: makes encoded events as a replica would, for tests and
 * benchmarks: a per-origin envelope (seq, hash chain, clock) and a world of
 * articles, names, claims and entries to draw realistic payloads from. */
#ifndef DOSSIER_EVGEN_H
#define DOSSIER_EVGEN_H

#include <stdint.h>

#include "buf.h"
#include "store.h"

typedef struct evgen_origin {
	uint8_t id[DSR_ORIGIN_LEN];
	uint64_t seq;
	uint8_t head[DSR_HASH_LEN];
	uint64_t hlc;
} evgen_origin;

void evgen_origin_init(evgen_origin *o, uint32_t seed);
/* Stamps ev (payload set) as o's next event, fills empty fact ids as the
 * store does for local events, and encodes it into out. */
int evgen_encode(evgen_origin *o, Dpb__Event *ev, const char *author, dsr_buf *out);

/* xorshift random numbers: deterministic per seed. */
uint64_t evgen_rand(uint64_t *state);

/* A list of encoded events. */
typedef struct evgen_list {
	dsr_buf *ev;
	size_t n, cap;
} evgen_list;

void evgen_list_free(evgen_list *l);

/* Generates `n` mixed events (every payload kind) from `origins` replicas
 * working on one incident: articles and the facts extracted from them,
 * the same facts extracted twice (sometimes differently), and analysts'
 * judgements, assessments, amendments, notes and curation. */
int evgen_mixed(evgen_list *out, size_t n, int origins, uint64_t seed);

/* Generates the events that ingesting `articles` articles produces: an
 * article, then a few dozen facts about a recurring cast of actors. */
int evgen_ingest_mix(evgen_list *out, size_t articles, uint64_t seed);

#endif
