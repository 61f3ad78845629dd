/* lextab.h: the lexicons of data/lexicon/, parsed once into a read-only
 * phrase table the extractor and the actor rule look words up in.
 *
 * Every phrase of every file is tokenised with the extractor's own
 * tokenizer, its words folded (lower case, typographic apostrophes made
 * ASCII) and interned, and the phrase stored in a trie of word ids.  A trie
 * node carries payloads: which lexicon the phrase comes from, the entry it
 * belongs to and a value.  Name lexicons (countries, outlets, ...) are case
 * sensitive: "US" matches only in capitals, "Chad" only capitalised.
 * The table is built on first use under pthread_once and never changes
 * afterwards, so any number of threads may read it.
 */
#ifndef DOSSIER_EXTRACT_LEXTAB_H
#define DOSSIER_EXTRACT_LEXTAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum dsr__ltype {
	DSR__L_NONE,        /* 0: no lexicon */
	DSR__L_COUNTRY,     /* id: country; the country's name */
	DSR__L_DEMONYM,     /* id: country; adjective ("North Korean") */
	DSR__L_PEOPLE,      /* id: country; its people ("North Koreans") */
	DSR__L_GOV,         /* id: government body */
	DSR__L_OUTLET,      /* id: news outlet */
	DSR__L_PLACE,       /* a place that is not an actor (city, region) */
	DSR__L_TITLE,       /* role or title: the name after it is a person */
	DSR__L_HONORIFIC,   /* Mr, Ms, Dr */
	DSR__L_COLLECTIVE,  /* officials, government: a country's government */
	DSR__L_ORGCUE,      /* last word of an organisation's name; val: kind */
	DSR__L_AGENT,       /* noun that makes the name before it an actor */
	DSR__L_CUE,         /* attribution cue; flags: DSR__CUE_* */
	DSR__L_HEDGE,       /* uncertainty marker */
	DSR__L_DENIAL,      /* rejection in the content ("no evidence") */
	DSR__L_UNATTR,      /* a statement reported without a source */
	DSR__L_MONTH,       /* val: 1..12 */
	DSR__L_WEEKDAY,     /* val: 1 (Monday) .. 7 */
	DSR__L_HOLIDAY,     /* id: holiday */
	DSR__L_NUMBER,      /* val: the number */
	DSR__L_TIMEWORD,    /* id: DSR__TW_*; val: its parameter */
	DSR__L_COMMON,      /* common word: not a name when capitalised first */
	DSR__L_ACRONYM,     /* capitals that are not actors (TV, ATM) */
	DSR__L_GIVEN,       /* given name */
	DSR__L_FAMILYFIRST, /* family name written first (Kim Jong Un) */
	DSR__L_ABBREV,      /* takes a period that need not end a sentence */
	DSR__L_GRAM,        /* function word; val: DSR__G_* */
	DSR__L_WORKNOUN,    /* film, book: a capitalised title may follow */
	DSR__L_INTRO,       /* "calling themselves": a group's name follows */
	DSR__L_ANAPHOR,     /* "the company", "he"; val: actor kind */
	DSR__L_FUTURE,      /* future-tense marker */
	DSR__L_PAST,        /* past-tense marker */
	DSR__L_DESIGNATOR,  /* organisation designator (Inc, Pictures, News) */
	DSR__L_ACT,         /* an act news attributes; id: its class; flags: 1 verb */
	DSR__L_BLAME,       /* says who is responsible; val: DSR__BLAME_*;
			     * flags: 1 needs no act after it */
	DSR__L_STATUS,      /* what became of a dated event; val: DSR__S_* */
	DSR__L_PARTYCTX,    /* a word of party politics ("presidential") */
	DSR__L_LABEL,       /* a line's label before a colon ("Update:") */
	DSR__L_NTYPES
};

/* Attribution cue flags (speech-verbs.txt). */
enum {
	DSR__CUE_CLAUSE = 1u << 0,  /* c: takes a clause or quotation */
	DSR__CUE_NP = 1u << 1,      /* n: takes a plain object ("denied any link") */
	DSR__CUE_HEDGE = 1u << 2,   /* h: the source is unsure ("believe") */
	DSR__CUE_DENY = 1u << 3,    /* d: the source rejects ("denied") */
	DSR__CUE_RECIP = 1u << 4,   /* r: a recipient follows ("told NBC") */
	DSR__CUE_ING = 1u << 5,     /* p: participle, only after a comma */
	DSR__CUE_IMPERS = 1u << 6,  /* i: "it was reported" has no source */
	DSR__CUE_ACCORDING = 1u << 7, /* a: the source follows ("according to") */
	DSR__CUE_QUOTE = 1u << 8,   /* q: only next to a quotation or a colon */
	DSR__CUE_NOUN = 1u << 9,    /* o: a noun ("Trump's claim that") */
};

/* How a blame phrase places the responsible actor (blame.txt). */
enum {
	DSR__BLAME_AGENT = 1,  /* R <phrase> act: "X was behind the hack" */
	DSR__BLAME_PASSIVE,    /* act <phrase> R: "the hack was directed by X" */
	DSR__BLAME_LINK,       /* <phrase> R: "linkage to X" */
	DSR__BLAME_EITHER,     /* agent when R stands before and an act after,
				* else passive: "linked to" */
	DSR__BLAME_SELF,       /* the source itself: "claimed responsibility for" */
};

/* What became of a dated event (event-status.txt). */
enum {
	DSR__S_PLANNED = 1,
	DSR__S_CANCELLED,
	DSR__S_SAID,      /* a verb of saying or reporting that takes a clause */
};

/* Grammatical classes (grammar.txt). */
enum {
	DSR__G_DET = 1,   /* the, a, several */
	DSR__G_PREP,      /* of, in, on */
	DSR__G_CONJ,      /* and, or */
	DSR__G_BUT,       /* but, yet */
	DSR__G_SUB,       /* after, because, when, whether */
	DSR__G_REL,       /* that, which, who */
	DSR__G_AUX,       /* has, was, will */
	DSR__G_ADV,       /* also, now, previously */
	DSR__G_NEG,       /* not, never */
	DSR__G_PRON,      /* he, they */
};

/* Time words (time-words.txt). */
enum {
	DSR__TW_DAY = 1,  /* today (0), yesterday (-1), tomorrow (1) */
	DSR__TW_TONIGHT,  /* tonight */
	DSR__TW_REF,      /* now: 0 PRESENT_REF, -1 PAST_REF, 1 FUTURE_REF */
	DSR__TW_PART,     /* morning: 1 TMO, 2 TAF, 3 TEV, 4 TNI */
	DSR__TW_SEASON,   /* 1 SP, 2 SU, 3 FA, 4 WI */
	DSR__TW_REL,      /* last (-1), this (0), next (1) */
	DSR__TW_MOD,      /* early (1 START), mid (2 MID), late (3 END) */
	DSR__TW_AGO,      /* ago / earlier (-1), later / from now (1) */
	DSR__TW_EVERY,    /* every, each */
	DSR__TW_FREQ,     /* daily: the unit */
	DSR__TW_UNIT,     /* day(s) .. year(s): DSR__U_* */
	DSR__TW_THAT,     /* "that" as in "that day" */
	DSR__TW_WEEKEND,  /* weekend */
	DSR__TW_QUARTER,  /* quarter */
	DSR__TW_NOON,     /* noon (12), midnight (0) */
	DSR__TW_AMPM,     /* a.m. (0), p.m. (12) */
	DSR__TW_PAST,     /* "the past" as PAST_REF, "the future" */
	DSR__TW_SAME,     /* "same" as in "the same day" */
	DSR__TW_FOLLOW,   /* following / next / previous (as in "the next day") */
	DSR__TW_TZ,       /* a time zone after a clock time (ET, GMT) */
	DSR__TW_ORDINAL,  /* first .. fourth (quarters) */
	DSR__TW_DET,      /* its, their: may open a period ("its fourth quarter") */
	DSR__TW_VAGUE,    /* current, recent, future as adjectives */
	DSR__TW_LEAD,     /* latest, fiscal, nineties: may follow a determiner */
};

enum { DSR__U_MIN = 1, DSR__U_HOUR, DSR__U_DAY, DSR__U_WEEK, DSR__U_MONTH,
       DSR__U_YEAR, DSR__U_DECADE };

struct dsr__lexpay {
	uint8_t type;      /* enum dsr__ltype */
	uint8_t ntok;      /* tokens in the phrase */
	uint16_t flags;
	uint16_t capmask;  /* bit i: token i must be capitalised */
	uint16_t upmask;   /* bit i: token i must be in capitals */
	uint32_t id;       /* entry of the lexicon */
	int32_t val;
};

struct dsr__country {
	const char *name;  /* "North Korea" */
	const char *adj;   /* "North Korean" */
	const char *gov;   /* "North Korean government" */
};

struct dsr__gov {
	const char *name;  /* "Department of Homeland Security" */
	int32_t country;   /* index into countries, -1 */
};

enum { DSR__H_FIXED, DSR__H_NTH, DSR__H_EASTER };
struct dsr__holiday {
	const char *name;
	uint8_t rule;      /* DSR__H_* */
	int8_t n;          /* NTH: 1..4, -1 last; EASTER: day offset */
	uint8_t wday, month, day; /* NTH: day is a number of days after */
};

enum { DSR__B_PREFIX, DSR__B_CONTAINS, DSR__B_LINE };
struct dsr__boiler {
	uint8_t mode;
	const char *text;  /* folded to lower case */
	size_t len;
};

struct dsr__lex;

/* The table, built on first use; NULL if it could not be built (out of
 * memory), in which case callers fail with -ENOMEM. */
const struct dsr__lex *dsr__lex_get(void);

/* Word id of an already folded word, 0 when no lexicon has it. */
uint32_t dsr__lex_word(const struct dsr__lex *L, const char *w, size_t n);
/* Child of a trie node (0 is the root) by word id; 0 when none. */
uint32_t dsr__lex_child(const struct dsr__lex *L, uint32_t node, uint32_t word);
/* Payloads of a node, and a mask of their types (bit t: type t). */
/* Types (bit t: type t) of every phrase whose first word is `word`. */
uint64_t dsr__lex_first(const struct dsr__lex *L, uint32_t word);
const struct dsr__lexpay *dsr__lex_pay(const struct dsr__lex *L,
				       uint32_t node, size_t *n);
uint64_t dsr__lex_mask(const struct dsr__lex *L, uint32_t node);

const struct dsr__country *dsr__lex_country(const struct dsr__lex *L, uint32_t id);
const struct dsr__gov *dsr__lex_gov(const struct dsr__lex *L, uint32_t id);
const char *dsr__lex_outlet(const struct dsr__lex *L, uint32_t id);
/* The name of act class id (acts.txt), or NULL. */
const char *dsr__lex_act_class(const struct dsr__lex *L, uint32_t id);
const struct dsr__holiday *dsr__lex_holiday(const struct dsr__lex *L, uint32_t id);
const struct dsr__boiler *dsr__lex_boiler(const struct dsr__lex *L, size_t *n);
/* Indices of the "contains" boilerplate patterns starting with byte b. */
const uint16_t *dsr__lex_boiler_at(const struct dsr__lex *L, uint8_t b, size_t *n);
/* Word id of a one-character ASCII word or mark, 0 if none. */
uint32_t dsr__lex_ascii(const struct dsr__lex *L, uint8_t ch);

/* Folds a word for lookup: ASCII and Latin-1 letters to lower case,
 * typographic apostrophes and hyphens to ASCII.  Writes at most cap - 1
 * bytes and a NUL; returns the length, or 0 when the word does not fit. */
size_t dsr__fold(const uint8_t *s, size_t n, char *out, size_t cap);

#endif
