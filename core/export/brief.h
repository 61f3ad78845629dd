/* brief.h: the brief (docs/brief.md), shared by the files that make it:
 *
 *   brief.c         the sections in order, the sources, the quotations and
 *                   the colophon: dsr__brief_make()
 *   brief_judge.c   key judgments and what is disputed (attribution rows
 *                   and propositions)
 *   brief_events.c  the timeline of key events
 *   brief_actors.c  the actors, with aliases and roles
 *   brief_notes.c   analysts' notes and grades
 *   brief_doc.c     the document: blocks, runs, citations, filled templates
 *   brief_words.c   the wording table (brief_words.h)
 *   brief_css.c     the HTML brief's stylesheet, in one place
 *   brief_md.c      the document as Markdown
 *   brief_html.c    the document as HTML
 *
 * The document is made whole in memory from one read snapshot — a brief is
 * bounded (at most DSR__BRIEF_* judgments, events, actors), whatever the
 * store holds, though making it reads every proposition — and then written
 * in pieces.  Everything is ordered by stable keys (ids, cluster keys,
 * dates, figures): the same knowledge base gives the same bytes. */
#ifndef DOSSIER_EXPORT_BRIEF_H
#define DOSSIER_EXPORT_BRIEF_H

#include "export/impl.h"
#include "export/brief_words.h"
#include "arena.h"
#include "name.h"
#include "query.h"

#include <stdbool.h>

/* Bounds: what a brief shows at most. */
#define DSR__BRIEF_ATTR 20     /* attribution rows among the key judgments */
#define DSR__BRIEF_STMT 10     /* propositions among them */
#define DSR__BRIEF_DISPUTED 12
#define DSR__BRIEF_EVENTS 40
#define DSR__BRIEF_ACTORS 40
#define DSR__BRIEF_NOTES 40
#define DSR__BRIEF_CITES 6     /* citations for one side of a sentence */

/* A piece of a block's text. */
enum dsr__brun_kind {
	DSR__RUN_TEXT,         /* the brief's own words, or names */
	DSR__RUN_QUOTE,        /* words of an article: set in quotation marks */
	DSR__RUN_CITE,         /* a citation: n is a quotation's number */
	DSR__RUN_SOURCE,       /* a reference to source n */
	DSR__RUN_URL,          /* a link to text */
	DSR__RUN_CODE,         /* an id or a digest */
	DSR__RUN_STRONG,       /* what an item is about: a date, a name */
};

struct dsr__brun {
	int kind;
	const char *text;
	uint32_t n;
};

enum dsr__bblock_kind {
	DSR__B_TITLE,
	DSR__B_SECTION,
	DSR__B_PARA,           /* a sentence (key judgments, colophon) */
	DSR__B_ITEM,           /* an item of a list (events, actors, notes) */
	DSR__B_SOURCE,         /* source n (its anchor: s<n>) */
	DSR__B_QUOTE,          /* quotation n (its anchor: q<n>) */
};

struct dsr__bblock {
	int kind;
	uint32_t n;
	const char *cls;       /* what it is, for the HTML's class */
	size_t run, nruns;
};

/* A quotation: the span of an article that a claim or entry was drawn
 * from.  Numbered from 1 in the order of first citation. */
struct dsr__bquote {
	uint8_t fact[DSR_ID_LEN];
	bool entry;            /* a timeline entry, else a claim */
	uint8_t article[DSR_ID_LEN];
	uint32_t start, end;
	const char *text;      /* the article's bytes at the span */
	uint32_t source;       /* its article's source number */
};

struct dsr__bsource {
	uint8_t id[DSR_ID_LEN];
	const char *publisher, *published, *title, *url;
};

typedef struct dsr__brief {
	dsr_arena mem;         /* every string of the document */
	struct dsr__bblock *blocks;
	size_t nblocks, cap_blocks;
	struct dsr__brun *runs;
	size_t nruns, cap_runs;
	struct dsr__bquote *quotes;
	size_t nquotes, cap_quotes;
	struct dsr__bsource *sources;
	size_t nsources;
	const char *title;     /* the title as plain text */
	bool reader;           /* citations link to the workspace's reader */
	const char *css;       /* the stylesheet's URL; NULL: inline */
} dsr__brief;

/* Makes the brief of the knowledge base in t, as opts ask.  Errors:
 * DSR_ENOTFOUND (opts->about names no actor), DSR_EINVAL (a bad date),
 * -ENOMEM, the store's. */
int dsr__brief_make(dsr_rtxn *t, const dsr_export_opts *opts, dsr__brief *b);
void dsr__brief_free(dsr__brief *b);

/* ---- what the section makers share (brief_doc.c) ---------------------------- */

/* An actor met while making the brief, with the roles it takes. */
enum { DSR__ROLE_RESP = 1, DSR__ROLE_TARGET = 2, DSR__ROLE_ASSERTS = 4,
       DSR__ROLE_DENIES = 8, DSR__ROLE_EVENTS = 16 };
struct dsr__bactor {
	const char *name;      /* display name */
	unsigned roles;
	const char *resp[3], *target[3]; /* acts, the first three */
	uint32_t asserts, denies, events;
	uint32_t cites[3];     /* quotations where it takes a role */
	size_t ncites;
};

/* An article's publication date, for --since (brief.c loads them). */
struct dsr__bdate {
	uint8_t id[DSR_ID_LEN];
	uint32_t day;          /* YYYYMMDD */
};

typedef struct dsr__bctx {
	dsr_rtxn *t;
	const dsr_export_opts *o;
	dsr__brief *b;
	char cluster[DSR_NAME_KEY_MAX]; /* --about's actor; "" none */
	const char *about_name;   /* its display name */
	uint32_t since;        /* YYYYMMDD, 0: none */
	struct dsr__bdate *dates;  /* every article's, by id, with --since */
	size_t ndates, cap_dates;
	struct dsr__bactor *actors;
	size_t nactors, cap_actors;
	uint8_t (*props)[DSR_ID_LEN]; /* propositions the brief shows */
	size_t nprops, cap_props;
	uint32_t attr_shown, attr_all; /* attribution rows: shown, and there
					* when the bound cut them */
} dsr__bctx;

/* Opens a block; runs added next belong to it until the next block. */
int dsr__bblock(dsr__brief *b, int kind, uint32_t n, const char *cls);
int dsr__brun(dsr__brief *b, int kind, const char *text, uint32_t n);
/* A copy of s (n bytes) in the brief's memory, NUL-terminated; NULL when
 * out of memory. */
const char *dsr__bstr(dsr__brief *b, const char *s, size_t n);
const char *dsr__bprintf(dsr__brief *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* A value for a template's {name}. */
enum { DSR__ARG_TEXT, DSR__ARG_QUOTE, DSR__ARG_CITES, DSR__ARG_WORD, DSR__ARG_LIST,
       DSR__ARG_CALL, DSR__ARG_STRONG };
struct dsr__barg {
	const char *name;
	int kind;
	const char *s;             /* TEXT, QUOTE */
	const uint32_t *q;         /* CITES: quotation numbers */
	size_t n;                  /* CITES: how many; WORD: the row */
	const struct dsr__barg *sub; /* WORD: the row's own arguments */
	size_t nsub;
	const char *const *list;   /* LIST: names joined with ", " and " and " */
	int (*fn)(dsr__brief *b, const void *ctx); /* CALL: writes the runs */
	const void *ctx;
};
/* Appends row `word` with its {names} filled from args, as runs of the
 * current block.  A {name} without an argument is left out. */
int dsr__bfill(dsr__brief *b, int word, const struct dsr__barg *args, size_t nargs);

/* The quotation of a claim's or entry's span, registered at its first
 * citation: its number (0 when out of memory). */
uint32_t dsr__bcite(dsr__brief *b, const uint8_t fact[DSR_ID_LEN], bool entry,
		    const uint8_t article[DSR_ID_LEN], uint32_t start, uint32_t end);

/* The actor named `name` in the brief's list (added at first). */
struct dsr__bactor *dsr__bactor(dsr__bctx *c, const char *name);
/* Notes a proposition the brief shows (for its notes and grades). */
int dsr__bprop_add(dsr__bctx *c, const uint8_t id[DSR_ID_LEN]);
bool dsr__bprop_has(const dsr__bctx *c, const uint8_t id[DSR_ID_LEN]);
/* True when an article may be cited under --since. */
bool dsr__bsince_ok(const dsr__bctx *c, const uint8_t article[DSR_ID_LEN]);
/* True when every word of --act is in one of the texts (any case). */
bool dsr__bact_ok(const dsr__bctx *c, const char *const *texts, size_t n);

/* ---- the sections ---------------------------------------------------------- */

int dsr__brief_judgments(dsr__bctx *c);   /* brief_judge.c */
int dsr__brief_disputed(dsr__bctx *c);    /* brief_judge.c */
int dsr__brief_events(dsr__bctx *c);      /* brief_events.c */
int dsr__brief_actors(dsr__bctx *c);      /* brief_actors.c */
int dsr__brief_notes(dsr__bctx *c);       /* brief_notes.c */

/* The stylesheet of the HTML brief (brief_css.c). */
extern const char dsr__brief_css[];

#endif
