/* suggest.h: "did you mean ...?" for names typed wrong (suggest.c), and
 * the actor lookups that use it (names.c). */
#ifndef DOSSIER_CLIENT_SUGGEST_H
#define DOSSIER_CLIENT_SUGGEST_H

#include <stdio.h>

#define SUGGEST_MAX 5

/* The nearest names offered so far (at most SUGGEST_MAX, nearest first). */
struct suggest {
	const char *typed;
	unsigned max;                   /* the farthest a suggestion may be */
	struct { char *name; unsigned d; } v[SUGGEST_MAX];
	size_t n;
};

/* The edit distance of a and b, case, spaces, dots and hyphens aside (the
 * first 127 bytes of each). */
unsigned suggest_distance(const char *a, const char *b);

void suggest_init(struct suggest *s, const char *typed);
/* Offers `name`; `shown` (NULL: the name) is what the suggestion prints,
 * e.g. an actor's display name when `name` is one of its aliases. */
void suggest_offer(struct suggest *s, const char *name, const char *shown);
/* Prints "did you mean "A" or "B"?" and a newline to f when there is any
 * suggestion (and gives them to errout_candidate). */
void suggest_print(struct suggest *s, FILE *f, const char *quote);
void suggest_free(struct suggest *s);

#include "client.h"

struct dcl;

/* Whether a reply to QueryActor says there is no such actor (an Error
 * "not found", or no actor). */
bool actor_missing(const Dpb__Response *rs);

/* 0 when some actor has `name` among its names; else prints "dossier CMD:
 * no actor is named NAME" (the option it came from, `what`, may be NULL)
 * and the names it is near, and returns DSR_EXIT_NOTFOUND. Looking for
 * near names reads the actors list: it is done only on a miss. */
int actor_check(struct dcl *d, const char *cmd, const char *what, const char *name);

/* Like actor_check, on a connection of its own. */
int actor_check_open(const char *cmd, const char *what, const char *name);

/* Prints the names near `name` (for a command that already said it found
 * no actor of that name). */
void actor_suggest(struct dcl *d, const char *name);

#endif
