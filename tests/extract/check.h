/* check.h: the contract of an extraction (see core/extract.h), checked
 * by the robustness tests and the fuzz harness: spans inside the text,
 * valid UTF-8 strings, names that refer to actors, JSON that is UTF-8.
 * Aborts with a message on the first violation. */
#ifndef DOSSIER_TEST_EXTRACT_CHECK_H
#define DOSSIER_TEST_EXTRACT_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract.h"
#include "utf8.h"

#define CHECK(c, ...)                                                          \
	do {                                                                   \
		if (!(c)) {                                                    \
			fprintf(stderr, "extraction contract: %s: ", #c);      \
			fprintf(stderr, __VA_ARGS__);                          \
			fputc('\n', stderr);                                   \
			abort();                                               \
		}                                                              \
	} while (0)

static inline void check_span(dsr_span s, size_t len, const char *what)
{
	CHECK(s.start <= s.end && s.end <= len, "%s [%u, %u) of %zu", what, s.start, s.end, len);
}

static inline void check_str(const char *s, const char *what)
{
	CHECK(s != NULL, "%s is NULL", what);
	CHECK(dsr_utf8_valid((const uint8_t *)s, strlen(s)), "%s is not UTF-8", what);
}

static inline bool check_is_actor(const dsr_extraction *x, const char *name)
{
	for (size_t i = 0; i < x->nactors; i++)
		if (strcmp(x->actors[i].name, name) == 0)
			return true;
	return false;
}

static inline void check_extraction(const dsr_extraction *x, const uint8_t *text,
				    size_t len, const struct dsr_extract_meta *meta)
{
	for (size_t i = 0; i < x->nwarnings; i++)
		check_str(x->warnings[i], "warning");
	for (size_t i = 0; i < x->ntimes; i++) {
		const struct dsr_x_time *t = &x->times[i];
		check_span(t->span, len, "time");
		CHECK(t->span.start < t->span.end, "empty time span");
		check_str(t->value, "time value");
		check_str(t->type, "time type");
		CHECK(strcmp(t->type, "DATE") == 0 || strcmp(t->type, "TIME") == 0 ||
		      strcmp(t->type, "DURATION") == 0 || strcmp(t->type, "SET") == 0,
		      "type %s", t->type);
	}
	for (size_t i = 0; i < x->nactors; i++) {
		const struct dsr_x_actor *a = &x->actors[i];
		check_str(a->name, "actor name");
		CHECK(a->name[0], "empty actor name");
		CHECK(a->kind >= 0 && a->kind <= 7, "kind %d", a->kind);
		for (size_t k = 0; k < a->naliases; k++)
			check_str(a->aliases[k], "alias");
		CHECK(a->nmentions > 0, "actor %s without mentions", a->name);
		for (size_t k = 0; k < a->nmentions; k++)
			check_span(a->mentions[k], len, "mention");
		for (size_t j = 0; j < i; j++)
			CHECK(strcmp(x->actors[j].name, a->name) != 0, "two actors named %s", a->name);
	}
	for (size_t i = 0; i < x->nclaims; i++) {
		const struct dsr_x_claim *c = &x->claims[i];
		check_span(c->span, len, "claim");
		check_span(c->source_span, len, "claim source");
		check_span(c->cue_span, len, "claim cue");
		check_span(c->content_span, len, "claim content");
		CHECK(c->stance == 0 || c->stance == 1, "stance %d", c->stance);
		if (c->source)
			CHECK(check_is_actor(x, c->source), "source %s is no actor", c->source);
		for (size_t k = 0; k < c->nabout; k++)
			CHECK(check_is_actor(x, c->about[k]), "about %s is no actor", c->about[k]);
	}
	for (size_t i = 0; i < x->nevents; i++) {
		const struct dsr_x_event *e = &x->events[i];
		check_span(e->span, len, "event");
		check_str(e->date, "event date");
		CHECK(e->time >= -1 && e->time < (int)x->ntimes, "event time %d", e->time);
		if (e->time >= 0)
			CHECK(strcmp(e->date, x->times[e->time].value) == 0, "event date %s", e->date);
		for (size_t k = 0; k < e->nactors; k++)
			CHECK(check_is_actor(x, e->actors[k]), "event actor %s", e->actors[k]);
	}
	for (size_t i = 0; i < x->nindicators; i++) {
		const struct dsr_x_indicator *d = &x->indicators[i];
		check_span(d->span, len, "indicator");
		CHECK(d->span.start < d->span.end, "empty indicator span");
		check_str(d->type, "indicator type");
		check_str(d->value, "indicator value");
		CHECK(*d->value, "empty indicator value");
		CHECK(i == 0 || x->indicators[i - 1].span.end <= d->span.start,
		      "indicators overlap or are out of order");
	}
	dsr_buf b = DSR_BUF_INIT;
	CHECK(dsr_extraction_json(x, text, len, meta, &b) == 0, "json failed");
	CHECK(b.len > 3 && b.data[0] == '{' && b.data[b.len - 2] == '}' && b.data[b.len - 1] == '\n',
	      "json framing");
	CHECK(dsr_utf8_valid(b.data, b.len), "json is not UTF-8");
	dsr_buf_free(&b);
}

#endif
