/* timeval.h: TIMEX3 values of temporal expressions (timeval.c), shared by
 * the recogniser (timex.c). */
#ifndef DOSSIER_EXTRACT_TIMEVAL_H
#define DOSSIER_EXTRACT_TIMEVAL_H

#include <stdarg.h>

#include "impl.h"
#include "proto/event.pb-c.h"

#define DSR__PR_NONE DPB__PRECISION__PRECISION_UNSPECIFIED
#define DSR__PR_TIME DPB__PRECISION__PRECISION_TIME
#define DSR__PR_DAY DPB__PRECISION__PRECISION_DAY
#define DSR__PR_WEEK DPB__PRECISION__PRECISION_WEEK
#define DSR__PR_MONTH DPB__PRECISION__PRECISION_MONTH
#define DSR__PR_SEASON DPB__PRECISION__PRECISION_SEASON
#define DSR__PR_QUARTER DPB__PRECISION__PRECISION_QUARTER
#define DSR__PR_YEAR DPB__PRECISION__PRECISION_YEAR
#define DSR__PR_DECADE DPB__PRECISION__PRECISION_DECADE
#define DSR__PR_REF DPB__PRECISION__PRECISION_REF

void dsr__tv_set(struct dsr__time *t, const char *type, int prec,
		 const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* A calendar day (sets t->y/m/d so later "that day" can refer to it). */
void dsr__tv_day(struct dsr__time *t, int y, int m, int d);
void dsr__tv_dayno(struct dsr__time *t, int64_t days);
/* The ISO week holding day number z ("2014-W48"; "-WE" for a weekend). */
void dsr__tv_week(struct dsr__time *t, int64_t z, bool weekend);
/* Month m of year y, m may be out of 1..12 (carried into the year). */
void dsr__tv_month(struct dsr__time *t, int y, int m);
void dsr__tv_year(struct dsr__time *t, int y);
/* PAST_REF (-1), PRESENT_REF (0), FUTURE_REF (1). */
void dsr__tv_ref(struct dsr__time *t, int which);
/* P3W, PT24H; n < 0 gives PXW (several weeks). */
void dsr__tv_duration(struct dsr__time *t, long n, int unit);

/* The year for month m, day d near the publication date; tense is 1 for a
 * future clause, -1 for a past one, 0 when unknown. */
int dsr__tv_year_for(const struct dsr__ctx *c, int m, int d, int tense);
/* The year of a month named alone; rel -1 last, 1 next, 0 none. */
int dsr__tv_month_year(const struct dsr__ctx *c, int m, int rel, int tense);
/* Day number of a weekday (1 Monday .. 7); rel -1 last, 1 next, 2 this,
 * 0 none. */
int64_t dsr__tv_weekday(const struct dsr__ctx *c, int wd, int rel, int tense);
/* Day number of a holiday in year y. */
int64_t dsr__tv_holiday(const struct dsr__holiday *h, int y);

#endif
