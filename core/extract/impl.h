/* extract/impl.h: what the extractor's stages share (not a public header;
 * the public one is ../extract.h).
 *
 * The stages run in order over one struct dsr__ctx:
 *   tokenize.c   bytes -> tokens (byte spans, case and shape flags)
 *   text.c       paragraphs, boilerplate and headline lines, sentences
 *   quotes.c     pairing of quotation marks
 *   timex.c      temporal expressions (timex_words.c, timex_periods.c;
 *                timex.h; values from timeval.c; calendar arithmetic from
 *                base/calendar.c)
 *   names.c      name mentions: capitalised runs, lexicons, collectives
 *                (name_words.c, name_cues.c; names.h)
 *   actors.c     mentions linked into the article's actors
 *                (actors_name.c; actors.h)
 *   claims.c     attributed and unattributed statements (cues.c, coref.c;
 *                claims.h)
 *   dateline.c   an article filed without a date: the one its first lines
 *                give (a byline, dateline or stamp), before timex runs again
 *   dated.c      dated clauses become timeline entries
 *   indicators.c indicators of compromise, from the raw text (a pass of
 *                its own: they are not words); indicators_own.c drops the
 *                article's own site from them
 *   extract.c    the driver and the public result
 * and share: tokens.c (lexicon look-ups on tokens, span text, warnings),
 * containers.c (arrays, hashes, sorting), lextab.c (the lexicons as a
 * phrase table; lextab.h), pool.c (the extraction's allocator; pool.h).
 * extraction_json.c prints a result as ../shared/eval's JSON; actor_rule.c
 * is the rule the views cluster names with (../actor_rule.h, name_rule.h).
 * Every loop over the text adds to ctx->work, so tests can check that the
 * work grows linearly with the input.  Temporary arrays are malloc'd and
 * released by the driver; strings handed out live in ctx->out (the
 * extraction's pool) and scratch strings in ctx->tmp.
 */
#ifndef DOSSIER_EXTRACT_IMPL_H
#define DOSSIER_EXTRACT_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/api.h"
#include "pool.h"
#include "extract.h"
#include "lextab.h"

/* ---- tokens ---- */

enum dsr__tkind {
	DSR__T_WORD,  /* letters/digits with inner joiners: U.S., Jong-un, Re/code */
	DSR__T_NUM,   /* digits, maybe with , or . inside: 3,000  2014  24th */
	DSR__T_PUNCT, /* one punctuation or symbol code point */
	DSR__T_QUOTE, /* a quotation mark; ch is '"' or '\'' */
	DSR__T_TAG,   /* #hashtag or @handle; ch is '#' or '@' */
};

enum {
	DSR__TF_CAP = 1u << 0,    /* first letter upper case */
	DSR__TF_UPPER = 1u << 1,  /* two or more letters, none lower case */
	DSR__TF_DOTTED = 1u << 2, /* dotted abbreviation with its final '.' (U.S.) */
	DSR__TF_POSS = 1u << 3,   /* a possessive 's or ' follows (not in the span) */
	DSR__TF_HYPHEN = 1u << 4, /* contains a hyphen */
	DSR__TF_SPACE = 1u << 5,  /* white space or start of text before */
	DSR__TF_NL = 1u << 6,     /* a line break before */
	DSR__TF_BLANK = 1u << 7,  /* a blank line (two breaks) before */
	DSR__TF_PARA = 1u << 8,   /* first token of a paragraph */
	DSR__TF_SENT = 1u << 9,   /* first token of a sentence */
	DSR__TF_OPEN = 1u << 10,  /* QUOTE: opens */
	DSR__TF_CLOSE = 1u << 11, /* QUOTE: closes */
	DSR__TF_INQ = 1u << 12,   /* inside a paired double quotation */
	DSR__TF_TIME = 1u << 13,  /* part of a temporal expression */
	DSR__TF_OFF = 1u << 14,   /* boilerplate paragraph: yields nothing */
	DSR__TF_HEAD = 1u << 15,  /* headline or fragment: names only */
	DSR__TF_ORD = 1u << 16,   /* NUM with an ordinal suffix (24th) */
	DSR__TF_LOWER = 1u << 17, /* first letter lower case */
	DSR__TF_NAME = 1u << 18,  /* inside a name mention */
	DSR__TF_DIGIT = 1u << 19, /* WORD containing a digit */
	DSR__TF_INSQ = 1u << 20,  /* inside a paired single quotation */
	DSR__TF_WORK = 1u << 21,  /* inside the title of a work (film, book) */
};

/* 16 bytes a token: an article of n bytes has at most n tokens. */
struct dsr__tok {
	uint32_t start, end; /* bytes [start, end) */
	uint32_t word;       /* lexicon word id of the folded text, 0 if none */
	uint32_t bits;       /* DSR__TF_* (22 bits), kind (3), ch (7) */
};

#define DSR__TF_MASK 0x3fffffu
static inline unsigned dsr__kind(const struct dsr__tok *t)
{
	return (t->bits >> 22) & 7u;
}
/* PUNCT/QUOTE/TAG: an ASCII stand-in for the mark ('"' for any double
 * quotation mark, 'D' for a dash, 'E' for an ellipsis, '~' for a symbol). */
static inline unsigned dsr__ch(const struct dsr__tok *t)
{
	return t->bits >> 25;
}
static inline bool dsr__has(const struct dsr__tok *t, uint32_t f)
{
	return (t->bits & f) != 0;
}

/* ---- text structure ---- */

enum {
	DSR__P_OFF = 1u << 0,  /* boilerplate */
	DSR__P_HEAD = 1u << 1, /* headline, title line or fragment */
};

struct dsr__para {
	uint32_t t0, t1; /* tokens */
	uint32_t flags;
};

struct dsr__sent {
	uint32_t t0, t1;
	uint32_t para;
	uint32_t flags; /* DSR__P_* of its paragraph */
};

struct dsr__quote {
	uint32_t open, close; /* tokens of the marks */
	uint32_t para;
	bool single;
};

/* ---- facts under construction ---- */

struct dsr__time {
	uint32_t t0, t1;       /* tokens */
	const char *type;      /* "DATE", ... */
	const char *mod;
	char value[40];
	int prec;              /* DPB__PRECISION__* */
	int y, m, d;           /* the day it names, when it names one (d > 0) */
};

enum dsr__form {
	DSR__F_NAME,       /* a full or partial name */
	DSR__F_ACRONYM,    /* all capitals or dotted */
	DSR__F_TAG,        /* #tag, @handle */
	DSR__F_COLLECTIVE, /* "U.S. officials": a country's government */
	DSR__F_PLURAL,     /* "the North Koreans" */
	DSR__F_ADJ,        /* demonym as a modifier: never an actor alone */
};

enum {
	DSR__M_STRONG = 1u << 0, /* evidence enough for an actor */
	DSR__M_POSS = 1u << 1,
	DSR__M_INQ = 1u << 2,
	DSR__M_PERSON = 1u << 3, /* person cue: given name, title, role */
	DSR__M_GROUP = 1u << 4,  /* introduced as a group ("calling themselves") */
	DSR__M_WORK = 1u << 5,   /* a title of a work: not an actor */
	DSR__M_MOD = 1u << 6,    /* noun modifier ("the Hollywood studios") */
	DSR__M_HEAD = 1u << 7,   /* in a headline or fragment */
	DSR__M_SOURCE = 1u << 8, /* used as a claim source */
	DSR__M_ORGCUE = 1u << 9, /* ends in an organisation word */
	DSR__M_DROP = 1u << 10,  /* discarded */
	DSR__M_SURFIRST = 1u << 11, /* family name first (Kim Jong Un) */
	/* bit 12: DSR__M_MODPREV (names.h) */
	DSR__M_PARTY = 1u << 13, /* a party's short form ("GOP nominee") */
};

struct dsr__mention {
	uint32_t t0, t1;     /* tokens */
	uint32_t start, end; /* bytes */
	char *text;          /* the form, white space normalised (tmp pool) */
	uint64_t key;        /* hash of its identity key (dsr_name_key), 0 if empty */
	int32_t actor;       /* index into ctx->act, -1 until linked */
	int32_t link;        /* mention this one is known to co-refer with */
	uint32_t lexid;      /* country/gov/outlet entry + 1, 0 if none */
	uint16_t flags;      /* DSR__M_* */
	uint8_t form;        /* enum dsr__form */
	uint8_t kind;        /* guessed DPB__ACTOR_KIND__* */
	uint8_t lextype;     /* DSR__L_* of lexid */
	uint8_t ntok;        /* word tokens in the form */
};

struct dsr__actor {
	int kind;
	uint32_t lexid;      /* as in the mention that set it */
	uint8_t lextype;
	bool keep;           /* emitted */
	char *name;          /* chosen in actors.c (out pool) */
	uint32_t first;      /* first mention index */
	int32_t best;        /* the mention whose form makes the best name */
	uint32_t nmen;
	int32_t out;         /* index in the result, -1 if not emitted */
};

struct dsr__claim {
	struct dsr_x_claim x;  /* spans, stance, hedged */
	int32_t source;        /* actor index, -1 */
	/* its frame (frames.c): actor indices, -1; the act's class and
	 * tokens [act0, act1) */
	int32_t resp, target, act_class;
	uint32_t act0, act1;
	uint32_t para, sent;   /* where it ends up being anchored */
	/* bytes of the source and its apposition ("said X, a professor at
	 * Y in Z,"): who speaks and for whom, never what the claim is about */
	uint32_t who0, who1;
	bool quote;            /* content is a direct quotation */
	uint16_t cue;          /* DSR__CUE_* of its cue */
	bool drop;
};

struct dsr__event {
	uint32_t t0, t1;       /* clause tokens */
	int32_t time;          /* index into ctx->time */
	int status;            /* DSR_EVENT_* */
};

/* A growable array of elements of one type. */
struct dsr__vec {
	void *p;
	size_t n, cap;
};

/* A 64-bit key and an index: what the stages sort (by key, then index). */
struct dsr__keyed {
	uint64_t h;
	uint32_t m;
};
/* Sorts by (h, m): deterministic, in place, O(n log n). */
void dsr__sort_keyed(struct dsr__keyed *v, size_t n);

struct dsr__ctx {
	const uint8_t *text;
	size_t len;
	const struct dsr_extract_meta *meta;
	const struct dsr__lex *L;
	struct dsr__pool *out;   /* the extraction's arena */
	struct dsr__pool *tmp;   /* scratch, freed at the end */
	uint64_t work;

	struct dsr__tok *tok;
	size_t ntok;
	size_t invalid;           /* bytes that were not UTF-8 or NUL */
	struct dsr__para *para;
	size_t npara;
	struct dsr__sent *sent;
	size_t nsent;
	struct dsr__quote *quote;
	size_t nquote;
	struct dsr__hset lower;   /* folded words seen in lower case */

	bool has_pub;
	int py, pm, pd;           /* publication date */
	bool pub_dateline;        /* ... found in the article (dateline.c) */
	dsr_span pub_span;        /* where */

	struct dsr__vec times;    /* struct dsr__time */
	struct dsr__vec men;      /* struct dsr__mention */
	struct dsr__vec act;      /* struct dsr__actor */
	struct dsr__vec claims;   /* struct dsr__claim */
	struct dsr__vec events;   /* struct dsr__event */
	struct dsr__vec warn;     /* char * */
};

#define DSR__VEC(c, T, v) ((T *)(c)->v.p)

/* ---- containers (containers.c) ---- */

/* Room for one more element of size sz; returns a pointer to it (zeroed,
 * counted) or NULL on out of memory. */
void *dsr__vec_push(struct dsr__vec *v, size_t sz);
void dsr__vec_free(struct dsr__vec *v);

/* ---- tokens (tokens.c) ---- */

/* Appends a warning (printf-style).  Returns 0 or -ENOMEM. */
int dsr__warn(struct dsr__ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The surface text of tokens [t0,t1) with runs of white space made one
 * space, in pool a.  NULL on out of memory. */
char *dsr__span_text(struct dsr__ctx *c, struct dsr__pool *a,
		     uint32_t t0, uint32_t t1);

/* Token predicates. */
static inline bool dsr__is_word(const struct dsr__tok *t)
{
	return dsr__kind(t) == DSR__T_WORD;
}
static inline bool dsr__is_punct(const struct dsr__tok *t, char ch)
{
	return dsr__kind(t) == DSR__T_PUNCT && dsr__ch(t) == (unsigned)ch;
}
/* The value of a NUM token (digits only, separators skipped), capped. */
uint32_t dsr__num(const struct dsr__ctx *c, size_t i);
/* Single-token lexicon test. */
bool dsr__tok_is(const struct dsr__ctx *c, size_t i, int type);
/* The payload of `type` for token i alone (case checked), or NULL. */
const struct dsr__lexpay *dsr__tok_pay(const struct dsr__ctx *c, size_t i,
				       int type);
/* The longest lexicon phrase of a type in `mask` at tokens i.., within
 * [i, lim); returns its token count (0 when none) and its payload. */
size_t dsr__match(const struct dsr__ctx *c, size_t i, size_t lim,
		  uint64_t mask, const struct dsr__lexpay **pay);
/* Like dsr__match for one type, keeping only payloads whose id is `id`
 * (UINT32_MAX: any). */
size_t dsr__match_id(const struct dsr__ctx *c, size_t i, size_t lim, int type,
		     uint32_t id, const struct dsr__lexpay **pay);
/* True when token i is a function word of class cls (DSR__G_*). */
bool dsr__gram_is(const struct dsr__ctx *c, size_t i, int cls);
/* The article's lower-case vocabulary: words (and their crude stems)
 * seen in lower case, so that a capitalised "Attackers" opening a sentence
 * is known for a common word when "attack" occurs elsewhere. */
int dsr__lower_add(struct dsr__ctx *c, const char *w, size_t n);
bool dsr__lower_seen(const struct dsr__ctx *c, size_t i);
/* Index of the sentence holding token i (binary search). */
size_t dsr__sent_of(const struct dsr__ctx *c, size_t i);

/* ---- stages ---- */

int dsr__tokenize(const uint8_t *s, size_t n, struct dsr__tok **out,
		  size_t *ntok, size_t *invalid, uint64_t *work);
int dsr__text_structure(struct dsr__ctx *c);
int dsr__quotes(struct dsr__ctx *c);
int dsr__timex(struct dsr__ctx *c);
int dsr__names(struct dsr__ctx *c);
int dsr__actors(struct dsr__ctx *c);
int dsr__actors_finish(struct dsr__ctx *c);
int dsr__claims(struct dsr__ctx *c);
int dsr__events(struct dsr__ctx *c);
int dsr__frames(struct dsr__ctx *c);
/* Without a publication date: the one the article's first lines give
 * (dateline.c), after a first pass of dsr__timex.  Sets has_pub and py, pm,
 * pd, and *where to the date's bytes, and returns true when found. */
bool dsr__dateline(struct dsr__ctx *c, dsr_span *where);
/* Indicators of compromise in text[0..len), strings in `out`. */
int dsr__indicators(const uint8_t *text, size_t len, struct dsr__pool *out,
		    struct dsr_x_indicator **res, size_t *nres, uint64_t *work);
/* Drops the indicators that are the article's own site (its URL's host,
 * its publisher's name as a domain, a copyright line): indicators_own.c.
 * Adds the bytes it read to *work. */
void dsr__indicators_drop_own(const uint8_t *text, size_t len, const struct dsr_extract_meta *m,
			      struct dsr_x_indicator *v, size_t *n, uint64_t *work);

#endif
