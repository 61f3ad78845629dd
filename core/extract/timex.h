/* timex.h: what the time recogniser's files share: the scanning state
 * (one sentence at a time) and the word-level helpers of timex_words.c.
 *   timex.c          the driver and the calendar patterns (dates, weekdays,
 *                    months, holidays, relative and anchored expressions,
 *                    amounts, clock times, sets)
 *   timex_words.c    time-word look-ups, numbers, years, days, tense
 *   timex_periods.c  fiscal periods, durations written as adjectives,
 *                    spelled-out years, vague references
 * Values come from timeval.c (timeval.h).
 */
#ifndef DOSSIER_EXTRACT_TIMEX_H
#define DOSSIER_EXTRACT_TIMEX_H

#include <strings.h>

#include "timeval.h"

struct twhit {
	uint8_t len, code;
	int32_t val;
};

struct twpos {
	bool valid;
	size_t i;
	size_t n;
	struct twhit hit[8];
};

#define TWCACHE 8

/* The recogniser's state: the sentence being scanned and what earlier
 * expressions of the article left for later ones to refer to. */
struct dsr__tx {
	struct twpos cache[TWCACHE];
	struct dsr__ctx *c;
	size_t s0, s1;               /* the sentence */
	struct dsr__time anc;        /* the last expression that named a day */
	const struct dsr__time *anchor; /* &anc once there is one */
	int qy, qq;                  /* the last quarter named (qq 0: none) */
	int ay, am;                  /* the last year (and month, or 0) named */
	int ly, lq;                  /* the last quarter named, even a year back */
	bool qback;                  /* the expression just read was a year back */
};

static inline const struct dsr__tok *T(struct dsr__tx *r, size_t i)
{
	return &r->c->tok[i];
}

static inline bool eqn(struct dsr__tx *r, size_t i, const char *w, size_t n)
{
	if (i >= r->s1)
		return false;
	const struct dsr__tok *t = T(r, i);
	return t->end - t->start == n &&
	       strncasecmp((const char *)r->c->text + t->start, w, n) == 0;
}
/* eq(r, i, "word"): token i is the word, in any case */
#define eq(r, i, w) eqn(r, i, w, sizeof(w) - 1)

static inline bool punct(struct dsr__tx *r, size_t i, char ch)
{
	return i < r->s1 && dsr__is_punct(T(r, i), ch);
}

static inline bool pub(struct dsr__tx *r)
{
	return r->c->has_pub;
}

static inline int64_t pubday(struct dsr__tx *r)
{
	return dsr__days(r->c->py, r->c->pm, r->c->pd);
}

/* Length of the longest time-word phrase with the given code at i (0 if
 * none); *val gets its parameter. */
size_t dsr__tx_tw(struct dsr__tx *r, size_t i, int code, int *val);
/* A count at i: digits or a number word ("three", "several" = -1). */
size_t dsr__tx_number(struct dsr__tx *r, size_t i, long *v);
/* A four-digit year 1000..2999 at i. */
bool dsr__tx_year4(struct dsr__tx *r, size_t i, int *y);
/* A day of the month at i (1..31, 1st..31st), not a clock time. */
bool dsr__tx_dayno(struct dsr__tx *r, size_t i, int *d);
/* A month or weekday name at i, with its period; short forms need the
 * period or a following number when need_num. */
size_t dsr__tx_named(struct dsr__tx *r, size_t i, int type, int *val, bool need_num);
/* 1 future, -1 past, 0 unknown: the tense marker nearest [a, b). */
int dsr__tx_tense(struct dsr__tx *r, size_t a, size_t b);

/* The recognisers of timex_periods.c: each returns the number of tokens
 * of the expression starting at token i (0 if none) and fills in t. */
size_t dsr__tx_fiscal(struct dsr__tx *r, size_t i, struct dsr__time *t);
size_t dsr__tx_hyphen(struct dsr__tx *r, size_t i, struct dsr__time *t);
size_t dsr__tx_spelled_year(struct dsr__tx *r, size_t i, struct dsr__time *t);
size_t dsr__tx_vague(struct dsr__tx *r, size_t i, struct dsr__time *t);
size_t dsr__tx_era(struct dsr__tx *r, size_t i, struct dsr__time *t);
void dsr__tx_year_end(struct dsr__tx *r, struct dsr__time *t);
/* "a year ago": the quarter named last, a year back, else last year. */
void dsr__tx_year_ago(struct dsr__tx *r, struct dsr__time *t);

static inline size_t tw(struct dsr__tx *r, size_t i, int code, int *val)
{
	return dsr__tx_tw(r, i, code, val);
}
static inline size_t number(struct dsr__tx *r, size_t i, long *v)
{
	return dsr__tx_number(r, i, v);
}
static inline bool year4(struct dsr__tx *r, size_t i, int *y)
{
	return dsr__tx_year4(r, i, y);
}
static inline bool dayno(struct dsr__tx *r, size_t i, int *d)
{
	return dsr__tx_dayno(r, i, d);
}
static inline size_t named(struct dsr__tx *r, size_t i, int type, int *val, bool need_num)
{
	return dsr__tx_named(r, i, type, val, need_num);
}
static inline int tense(struct dsr__tx *r, size_t a, size_t b)
{
	return dsr__tx_tense(r, a, b);
}

#endif
