/* extract.h: the article extractor — text and metadata in, facts with byte
 * spans out.
 *
 * dsr_extract() is a pure function: no I/O, no clock, no global state but a
 * read-only table of lexicons built once (pthread_once) from data/lexicon/.
 * It is reentrant, so the daemon may run it on several threads at once.
 * docs/extractor.md describes the rules; ../shared/eval/EXTRACT_FORMAT.md the
 * JSON that dsr_extraction_json() prints.
 *
 * Contracts on the result, which the store relies on when it turns an
 * extraction into events:
 *  - every span satisfies start <= end <= len (byte offsets into the text as
 *    given, end exclusive);
 *  - every string is valid UTF-8 without NUL bytes, and every actor name is
 *    non-empty;
 *  - claims[i].source, when not NULL, and every string in claims[i].about and
 *    events[i].actors equal the name of one entry of actors[];
 *  - the same input always gives the same output, on every machine.
 *
 * Invalid UTF-8 and NUL bytes in the text are not an error: such bytes are
 * treated as spaces (never part of a name or an expression) and the
 * extraction carries a warning.
 */
#ifndef DOSSIER_EXTRACT_H
#define DOSSIER_EXTRACT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* The largest text dsr_extract() accepts (DSR_ETOOBIG beyond). */
#define DSR_EXTRACT_MAX ((size_t)64 << 20)

/* Version of the rules, recorded with each extraction (ArticleFiled.extractor). */
#define DSR_EXTRACTOR_NAME "dossier-extract/1"

typedef struct dsr_span {
	uint32_t start, end;
} dsr_span;

/* Borrowed: the strings must live for the duration of the call only. */
struct dsr_extract_meta {
	const char *published; /* YYYY-MM-DD or ISO 8601, may be NULL */
	const char *title, *publisher, *url; /* each may be NULL */
	/* Filed with the article, not read by the extractor; may be NULL. */
	const char *byline, *lang;
};

/* A temporal expression (TimeML TIMEX3). */
struct dsr_x_time {
	dsr_span span;
	const char *type;  /* "DATE", "TIME", "DURATION", "SET" (static) */
	char *value;       /* TIMEX3 value: "2014-12-17", "2014-W48", "P3W",
	                    * "PRESENT_REF", "XXXX-12-25", ... */
	const char *mod;   /* TIMEX3 mod ("START", "MID", "END", "APPROX")
	                    * or NULL (static) */
};

/* One actor of the article with every form it takes there. */
struct dsr_x_actor {
	char *name;        /* the name to file it under */
	int kind;          /* DPB__ACTOR_KIND__* */
	char **aliases;    /* other names seen (not including name) */
	size_t naliases;
	dsr_span *mentions;/* every mention, in text order */
	size_t nmentions;
};

/* Someone says something (or the article reports it unattributed). */
struct dsr_x_claim {
	dsr_span span;         /* the whole claim: source, cue and content */
	dsr_span source_span;  /* {0,0} when unattributed */
	dsr_span cue_span;     /* "said", "according to", "reportedly", ... */
	dsr_span content_span;
	char *source;  /* actor name as in actors[], NULL if unattributed or
	                * the source is not an actor ("a person", "analysts") */
	int stance;    /* 0 asserts, 1 denies */
	bool hedged;
	char **about;  /* actor names the content is about (with the frame's
	                * responsible actor and target) */
	size_t nabout;
	int source_kind;        /* the source actor's DPB__ACTOR_KIND__*, 0 */
	/* What the claim says someone did (core/extract/frames.c): NULL
	 * `responsible` when it says nobody did anything. */
	char *responsible;      /* actor name as in actors[] */
	char *act;              /* the act as written: "the hacking attack on
				 * Sony Pictures Entertainment" */
	const char *act_class;  /* acts.txt's class: "attack", "leak", ... */
	char *target;           /* actor name, or NULL when none is known */
	dsr_span act_span;
};

/* A dated timeline entry. */
struct dsr_x_event {
	char *date;      /* a TIMEX3 value */
	int precision;   /* DPB__PRECISION__* */
	dsr_span span;   /* the clause */
	int time;        /* index into times, or -1 */
	char **actors;   /* actor names in the clause */
	size_t nactors;
	int status;      /* DSR_EVENT_*: what became of it */
};

/* What became of a dated event (dsr_x_event.status; the values of the
 * EventStatus enum of proto/event.proto). */
enum {
	DSR_EVENT_HAPPENED = 0,  /* it took place on its date */
	DSR_EVENT_REPORTED = 1,  /* it was said, reported or concluded then */
	DSR_EVENT_PLANNED = 2,   /* it was planned or scheduled for then */
	DSR_EVENT_CANCELLED = 3, /* it was planned for then and called off */
};
/* "happened", "reported", "planned", "cancelled". */
const char *dsr_event_status_name(int status);

/* An indicator of compromise (extract/indicators.c). */
struct dsr_x_indicator {
	dsr_span span;     /* as written, defanged or not */
	const char *type;  /* "ipv4", "ipv6", "domain", "url", "email", "md5",
	                    * "sha1", "sha256", "sha512", "cve",
	                    * "attack-technique", "btc" (static) */
	char *value;       /* refanged and normalised: evil[.]com -> evil.com */
};
struct dsr__pool;

/* The result of dsr_extract().  Owned by the caller, released with
 * dsr_extraction_free(); all strings and arrays live until then. */
typedef struct dsr_extraction {
	uint8_t article_id[16];      /* BLAKE2b-128 of the text (dsr_article_id) */
	char **warnings;             /* human-readable, e.g. unresolved dates */
	size_t nwarnings;
	struct dsr_x_time *times;
	size_t ntimes;
	struct dsr_x_actor *actors;
	size_t nactors;
	struct dsr_x_claim *claims;
	size_t nclaims;
	struct dsr_x_event *events;
	size_t nevents;
	struct dsr_x_indicator *indicators;   /* in text order */
	size_t nindicators;
	/* The publication date relative dates were resolved against
	 * (YYYY-MM-DD), and where it came from: "metadata" (meta->published)
	 * or "dateline" (the article's first lines: a byline, dateline or
	 * stamp, when meta gave none or none understood); NULL, NULL when
	 * neither gave one. */
	char *published;
	const char *published_from;
	/* Elementary steps taken: proportional to the running time and
	 * independent of the machine.  Tests use it to check linearity. */
	uint64_t work;
	struct dsr__pool *pool;      /* owns everything above */
} dsr_extraction;

/* Extract facts from text[0..len).  meta may be NULL.
 * Returns 0 and sets *out, or: DSR_ETOOBIG when len > DSR_EXTRACT_MAX,
 * -EINVAL when text is NULL with len > 0 or out is NULL, -ENOMEM. */
int dsr_extract(const uint8_t *text, size_t len,
		const struct dsr_extract_meta *meta, dsr_extraction **out);
void dsr_extraction_free(dsr_extraction *x);

/* Append the EXTRACT_FORMAT.md JSON ("schema": "dossier.extract/1") of x
 * (which dsr_extract() made from text and meta) to out, followed by a
 * newline.  Returns 0 or -ENOMEM. */
int dsr_extraction_json(const dsr_extraction *x, const uint8_t *text,
			size_t len, const struct dsr_extract_meta *meta,
			dsr_buf *out);

/* What a saved web page (core/html.h) adds to the JSON: article.text (the
 * text extracted from the page, which the offsets index), byline and lang
 * (HTML_FORMAT.md), and a warning that comes before the extraction's own.
 * Borrowed, for the duration of the call; each may be NULL. */
struct dsr_extract_page {
	const char *byline, *lang, *warning;
};

/* dsr_extraction_json() for an article read from a web page. */
int dsr_extraction_json_page(const dsr_extraction *x, const uint8_t *text,
			     size_t len, const struct dsr_extract_meta *meta,
			     const struct dsr_extract_page *page, dsr_buf *out);

/* Lowercase name of a DPB__ACTOR_KIND__* value ("person", "group", ...);
 * "unspecified" for unknown values. */
const char *dsr_actor_kind_name(int kind);
/* Lowercase name of a DPB__PRECISION__* value ("day", "week", ...). */
const char *dsr_precision_name(int precision);

#endif
