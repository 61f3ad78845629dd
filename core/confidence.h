/* confidence.h: what the knowledge base derives about a claim from the others:
 * its proposition, corroboration, contradiction and a confidence
 * (docs/curation.md).
 *
 * Claims that state the same thing are one proposition, kept in the views
 * as claims arrive (core/view/prop.c): an attribution (the same act class,
 * responsible actor and target, after clustering names) or a statement (the
 * same actors and wording, model/wording.c).  Reports of it with the same
 * stance corroborate each other; with the opposite stance they contradict.
 * query/corroboration.c reads a claim's figures from its proposition and
 * query/confidence.c turns weights into a confidence. */
#ifndef DOSSIER_CONFIDENCE_H
#define DOSSIER_CONFIDENCE_H

#include "store.h"
#include "proto/view.pb-c.h"

typedef struct dsr_claim_judgement {
	uint8_t proposition[16]; /* the claim's proposition */
	uint32_t sources;        /* distinct source actors saying the same
				  * with the same stance */
	uint32_t publishers;     /* distinct outlets carrying it so */
	uint32_t corroborating;  /* other reports of it, same stance: a
				  * (source, wording) reprinted is one */
	uint32_t contradicting;  /* reports of it, opposite stance */
	uint32_t confidence;     /* STIX 0-100: that what the claim says is so */
	const char *likelihood;  /* ICD 203 words for the confidence */
} dsr_claim_judgement;

/* The judgement of claim `id` (stance: its stance; status: its
 * analysts' status) from its proposition, as the views keep it.
 * DSR_ENOTFOUND when the claim has no proposition (it is not stored). */
int dsr_claim_judge(dsr_rtxn *t, const uint8_t id[16], int stance, int status,
		    dsr_claim_judgement *out);

/* The confidence (0-100) that a proposition is so, from the summed weights
 * of its independent reports for and against it (per mille units,
 * docs/curation.md). */
uint32_t dsr_prop_confidence(uint64_t weight_for, uint64_t weight_against);
/* How far one side's weight w moves the confidence from an even chance:
 * 45 (1 - e^(-w/2000)) in whole points. */
uint32_t dsr_confidence_pull(uint64_t w);
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
