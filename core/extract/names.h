/* names.h: the name finder's internals, shared by names.c (runs in the
 * body), name_words.c (word-level tests, adding a mention) and
 * name_cues.c (works, context cues, headlines and tags). */
#ifndef DOSSIER_EXTRACT_NAMES_H
#define DOSSIER_EXTRACT_NAMES_H

#include "impl.h"
#include "proto/event.pb-c.h"

#define DSR__K_UNSPEC DPB__ACTOR_KIND__KIND_UNSPECIFIED
#define DSR__K_PERSON DPB__ACTOR_KIND__KIND_PERSON
#define DSR__K_ORGANIZATION DPB__ACTOR_KIND__KIND_ORGANIZATION
#define DSR__K_GOVERNMENT DPB__ACTOR_KIND__KIND_GOVERNMENT
#define DSR__K_COUNTRY DPB__ACTOR_KIND__KIND_COUNTRY
#define DSR__K_GROUP DPB__ACTOR_KIND__KIND_GROUP
#define DSR__K_MEDIA DPB__ACTOR_KIND__KIND_MEDIA
#define DSR__K_OTHER DPB__ACTOR_KIND__KIND_OTHER

/* A flag of the run being classified: the word before it was dropped as
 * a sentence-initial common word (so it may have been an adjective). */
#define DSR__M_MODPREV (1u << 12)

struct dsr__names {
	struct dsr__hset works;  /* name keys of titles of works */
	bool list_work;          /* the last run was a work: a list may follow */
};

/* name_words.c */
struct dsr__mention *dsr__add_mention(struct dsr__ctx *c, size_t t0, size_t t1,
				      int form, int kind, unsigned flags);
bool dsr__cap_word(const struct dsr__ctx *c, size_t i);
/* A lower-case word that joins the parts of a name: "of", "de", "&". */
bool dsr__connector(const struct dsr__ctx *c, size_t i);
size_t dsr__run_end(struct dsr__ctx *c, size_t i, size_t lim);
bool dsr__initial(const struct dsr__ctx *c, size_t s0, size_t i);
bool dsr__commonish(const struct dsr__ctx *c, size_t i);
/* The identity key (dsr_name_key) hash of tokens [a, b). */
uint64_t dsr__key_hash(const struct dsr__ctx *c, size_t a, size_t b);

/* name_cues.c */
bool dsr__work_context(struct dsr__ctx *c, struct dsr__names *st, size_t s0,
		       size_t a, size_t b);
int dsr__add_work(struct dsr__ctx *c, struct dsr__names *st, size_t a, size_t b);
/* Whether the name at token a follows a work noun ("the film", "a thriller
 * called", quotation marks between): it is a title, whatever it names
 * elsewhere. */
bool dsr__after_work_noun(struct dsr__ctx *c, size_t s0, size_t a);
void dsr__work_list(struct dsr__ctx *c, struct dsr__names *st, size_t s1,
		    size_t *i);
bool dsr__person_context(const struct dsr__ctx *c, size_t s0, size_t s1,
			 size_t a, size_t b);
bool dsr__group_context(const struct dsr__ctx *c, size_t s0, size_t a);
bool dsr__modifier(const struct dsr__ctx *c, size_t s0, size_t s1, size_t a,
		   size_t b, unsigned *flags);
int dsr__apposition(struct dsr__ctx *c, struct dsr__names *st, size_t s1,
		    size_t m, size_t b);
int dsr__names_known(struct dsr__ctx *c, struct dsr__names *st);
void dsr__names_free(struct dsr__names *st);

#endif
