/* name_rule.h: the analysis behind the cross-article name rule
 * (actor_rule.c), for callers that compare many names and want to analyse
 * each once (actors.c). */
#ifndef DOSSIER_EXTRACT_NAME_RULE_H
#define DOSSIER_EXTRACT_NAME_RULE_H

#include <stdbool.h>
#include <stddef.h>

#include "impl.h"
#include "name.h"

#define DSR__NAME_MAXW 16
#define DSR__NAME_WLEN 48
#define MAXW DSR__NAME_MAXW
#define WLEN DSR__NAME_WLEN

struct dsr__name_info {
	char key[DSR_NAME_KEY_MAX];
	size_t klen;
	char w[MAXW][WLEN];     /* folded words, punctuation dropped */
	bool fn[MAXW];          /* function word (of, for, the, de ...) */
	bool des[MAXW];         /* organisation designator */
	size_t nw;
	bool acronym;           /* one word written in capitals: GOP, G.O.P. */
	int lexclass;           /* 0 none, 1 country, 2 government body, 3 outlet */
	uint32_t lexid;
};

/* Returns 0 or -ENOMEM. */
int dsr__name_analyse(const char *s, struct dsr__name_info *in);
bool dsr__name_same(const struct dsr__name_info *a, int ka,
		    const struct dsr__name_info *b, int kb);
int dsr__name_blocks(const struct dsr__name_info *in,
		     int (*emit)(void *ctx, const char *key, size_t len), void *ctx);

#endif
