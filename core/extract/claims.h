/* claims.h: the claim finder's internals — claims.c (the driver: quotes,
 * sentences, unattributed clauses), cues.c (cues, subjects, contents) and
 * coref.c (who a source is). */
#ifndef DOSSIER_EXTRACT_CLAIMS_H
#define DOSSIER_EXTRACT_CLAIMS_H

#include "names.h"

struct dsr__cl {
	struct dsr__ctx *c;
	uint32_t *men;        /* usable mentions with an actor, by start */
	size_t nmen;
	int32_t last_gov;     /* the last claim source that was a government */
	int32_t last_claim;   /* index of the last claim made, -1 */
	uint8_t *claimed;     /* per sentence: already has a claim */
	uint32_t *cover;      /* per sentence: the token its claims reach */
	int32_t first_kind[8]; /* per actor kind: the article's first kept actor */
};

/* A cue found in a sentence. */
struct dsr__cue {
	size_t k, e;          /* the cue's tokens [k, e) */
	uint16_t flags;       /* DSR__CUE_* */
	size_t sa, sb;        /* source span (tokens), sa == sb when none */
	size_t ca, cb;        /* content span */
	bool impersonal;      /* "it was reported": no source */
};

/* cues.c */
/* The attribution cue phrase at token i (0 when none); *flags gets its
 * DSR__CUE_* flags. */
size_t dsr__cue_at(const struct dsr__ctx *c, size_t i, size_t lim,
		   uint16_t *flags);
/* Fills q for a cue at q->k..q->e in sentence [s0, s1): its source and
 * content.  False when the cue does not attribute here (a noun, a
 * subordinate or passive verb, a participle without a comma, no source). */
bool dsr__cue_frame(struct dsr__cl *st, size_t s0, size_t s1,
		    struct dsr__cue *q);
/* The source of a participle cue ("..., saying that"): a passive agent
 * ("threatened by X") or the sentence's subject. */
void dsr__ing_source(struct dsr__cl *st, size_t s0, size_t k, size_t *a, size_t *b);
bool dsr__scan_subject(struct dsr__cl *st, size_t s0, size_t k, size_t *a,
		       size_t *b);

/* coref.c */
/* The actor the source span [a, b) (tokens) denotes, or -1. */
int32_t dsr__resolve(struct dsr__cl *st, size_t a, size_t b);
/* Mentions (indices into st->men) starting in bytes [from, to). */
size_t dsr__men_from(const struct dsr__cl *st, uint32_t from);

#endif
