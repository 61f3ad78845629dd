/* confidence.h: what the knowledge base derives about a claim from the others:
 * corroboration, contradiction and a confidence (docs/curation.md).
 *
 * Two claims state "the same proposition" when they are about the same
 * set of actors (compared as actors, after clustering names) and their
 * contents share most of their significant words, counted after folding
 * synonyms into classes (data/lexicon/propositions.txt) and dropping
 * function words, hedges and negations.  Claims of the same proposition
 * with the same stance corroborate each other; with the opposite stance
 * they contradict.  Everything is computed at query time from the views,
 * so it is the same on every replica that holds the same events.
 * query/match.c says when two claims state the same proposition,
 * query/confidence.c computes the confidence, query/corroboration.c judges
 * a claim against the others. */
#ifndef DOSSIER_CONFIDENCE_H
#define DOSSIER_CONFIDENCE_H

#include "store.h"
#include "proto/view.pb-c.h"

typedef struct dsr_claim_judgement {
	uint32_t sources;        /* independent sources: distinct source
				  * actors, plus distinct publishers of
				  * unattributed reports */
	uint32_t publishers;     /* distinct publishers carrying it */
	uint32_t corroborating;  /* other claims of it, same stance */
	uint32_t contradicting;  /* claims of it, opposite stance */
	uint32_t confidence;     /* STIX 0-100 */
	const char *likelihood;  /* ICD 203 words for the confidence */
} dsr_claim_judgement;

/* What judging needs to know of claims, kept for the length of one query
 * (one read snapshot): pass the same cache when judging many claims. */
typedef struct dsr_judge_cache dsr_judge_cache;
dsr_judge_cache *dsr_judge_cache_new(dsr_rtxn *t);
void dsr_judge_cache_free(dsr_judge_cache *c);
/* The display name of the actor `name` belongs to (cached), or NULL. */
const char *dsr_judge_display_name(dsr_judge_cache *c, const char *name);

/* Derives the judgement of claim `id` (its winning content in ev).  cache
 * may be NULL.  related(ctx, other_id, same_stance) is called for every
 * other claim of the same proposition when not NULL. */
int dsr_claim_judge(dsr_rtxn *t, const uint8_t id[16], const Dpb__Event *ev,
		    dsr_claim_judgement *out, dsr_judge_cache *cache,
		    int (*related)(void *ctx, const uint8_t *id, bool same_stance),
		    void *ctx);

/* The confidence of a claim from its grade, status and corroboration. */
uint32_t dsr_confidence(const char *reliability, uint32_t credibility, int status,
			bool hedged, uint32_t sources, uint32_t contradicting);
/* The ICD 203 expression of likelihood for a 0-100 confidence. */
const char *dsr_likelihood(uint32_t confidence);

/* True when the two contents state the same proposition, given the names
 * of the actors they are about (their words do not count).  Exposed for
 * tests. */
bool dsr_same_proposition(const char *a, const char *b, char *const *about,
			  size_t nabout);

/* True when the content says someone is behind or responsible for
 * something (the "responsible" class of propositions.txt). */
bool dsr_claim_is_attribution(const char *content);

#endif
