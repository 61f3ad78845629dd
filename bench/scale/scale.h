/* scale.h: what the parts of bench_scale share (issue 12, point 6).
 *
 * bench_scale grows one knowledge base through a running dossierd, from
 * real texts filed as many dated variants from several outlets, and at each
 * size measures the ingest rate, every query (p50/p99 beside a raw LMDB
 * point read of the same store) and every export (time and bytes, against
 * the previous size).  The parts:
 *
 *   texts.c     the corpus: .txt articles, their dates and titles; the
 *               variants filed from them; the 16 MiB article
 *   ingest.c    filing articles over several pipelined connections
 *   request.c   one request and its answer; the store's status
 *   subjects.c  what the queries are asked about (TOP, random subjects)
 *   queries.c   the timed queries
 *   baseline.c  the raw LMDB point read
 *   exports.c   the timed exports
 *   report.c    the table on stdout and the JSON document
 *   main.c      options and the run
 *
 * Connections, frames and percentiles come from bench/service/svcbench.h,
 * which dies on a broken connection: a benchmark has nothing to recover. */
#ifndef DOSSIER_SCALE_H
#define DOSSIER_SCALE_H

#include "svcbench.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "export.h"
#include "factid.h"

/* ---- texts.c ------------------------------------------------------------ */

/* One article of the corpus.  All fields are owned by the corpus. */
struct sc_text {
	char *name;           /* file name, without its directory */
	uint8_t *data;        /* the text, valid for ingest (see sc_text_ok) */
	size_t len;
	int day;              /* publication day, days since 1970-01-01 */
	char *title;          /* "" when none is known */
};

struct sc_corpus {
	struct sc_text *v;
	size_t n, cap;
	size_t bytes;         /* sum of the texts' lengths */
	size_t skipped;       /* files refused (not UTF-8, too big, empty) */
};

/* Adds the .txt files of dir, in name order.  Their dates and titles come
 * from dir/gold.json when it lists them ("docs": [{"file", "published",
 * "title"}], the layout of ../shared/corpus), else from a date in the file
 * name (YYYY-MM-DD or YYYYMMDD), else 2014-12-17; the title, when gold.json
 * has none, is the first line when it is short.  Returns the number of
 * texts added, or -1 when dir cannot be read. */
int sc_corpus_add(struct sc_corpus *c, const char *dir);
void sc_corpus_free(struct sc_corpus *c);

/* The outlets variants are filed under. */
#define SC_NOUTLETS 12
extern const char *const sc_outlets[SC_NOUTLETS];

/* Article number i (0, 1, ...) of the generated knowledge base: text
 * i % n, its variant i / n, reprinted by one of the outlets on a day up to
 * five weeks after the text's own, with a trailer line "ref. NNNNNNN"
 * that makes its text (and so its id) its own and adds no actor, claim or
 * date (checked on every text of the shared corpora). */
struct sc_variant {
	uint8_t *text;        /* owned */
	size_t len;
	const char *title;    /* borrowed from the corpus */
	const char *publisher;
	char published[16];   /* YYYY-MM-DD */
	char name[64];
};
void sc_variant_make(const struct sc_corpus *c, uint64_t i, struct sc_variant *v);
void sc_variant_free(struct sc_variant *v);

/* Texts of the corpus, whole, one after another, up to max bytes: valid
 * UTF-8 just under max.  Returns a malloc'ed buffer and its length. */
uint8_t *sc_big_article(const struct sc_corpus *c, size_t max, size_t *len);

/* "YYYY-MM-DD" of a day counted from 1970-01-01. */
void sc_day_str(int day, char out[16]);

/* ---- ingest.c ----------------------------------------------------------- */

struct sc_ingest {
	uint64_t from, to;    /* article numbers filed: [from, to) */
	uint64_t filed, dups, errors;
	uint64_t events;      /* events stored */
	double seconds;
	double rate;          /* articles per second over the segment */
	double tail_rate;     /* over its last tenth */
	/* dossierd's own cost over the segment, when its pid is known
	 * (--pid): bytes it wrote (wchar) and CPU seconds it used; -1 when
	 * unknown. */
	double daemon_written, daemon_cpu;
};

/* dossierd's write(2) bytes and CPU seconds so far, from /proc; false
 * when pid is 0 or unreadable. */
bool sc_proc_usage(int pid, double *written, double *cpu);

/* Files articles [from, to) of the corpus over `conns` connections with
 * `window` requests in flight on each, as `dossier ingest` of many files
 * does; ids[i] gets article i's id.  Prints progress on stderr.  With
 * dossierd's pid (else 0), also what it wrote and the CPU it used. */
void sc_ingest_grow(const char *sock, const struct sc_corpus *c, uint64_t from,
		    uint64_t to, int conns, int window, int pid, uint8_t (*ids)[DSR_ID_LEN],
		    struct sc_ingest *st);

/* Files one article and times it; err says why when it was not filed. */
struct sc_one {
	double seconds;
	size_t bytes;
	uint32_t events, actors, claims, entries;
	char err[256];
};
void sc_ingest_one(struct sb_conn *conn, const uint8_t *text, size_t len,
		   const char *title, const char *publisher, const char *published,
		   struct sc_one *r);

/* ---- request.c ---------------------------------------------------------- */

/* Sends rq and waits for its answer; returns the answer (the caller frees
 * it) and sets *bytes to its encoded size. */
Dpb__Response *sc_roundtrip(struct sb_conn *conn, Dpb__Request *rq, size_t *bytes);

/* The store's figures from a Status request. */
struct sc_status {
	uint64_t events, articles, actors, names, claims, entries;
	uint64_t file_bytes, rss_bytes;
	char data_dir[1024];
};
void sc_status(struct sb_conn *conn, struct sc_status *s);
/* The ids of the store's articles, at most max of them, paged through
 * Articles; returns how many. */
uint64_t sc_article_ids(struct sb_conn *conn, uint8_t (*ids)[DSR_ID_LEN], uint64_t max);

/* ---- subjects.c --------------------------------------------------------- */

struct sc_top {
	char name[256];       /* the most-mentioned actor */
	uint64_t mentions;
	size_t articles;
	size_t actors;        /* actors in the store */
};

/* What the queries are asked about; every array is owned. */
struct sc_subjects {
	struct sc_top top;
	char **actors;
	size_t nactors, cap_actors;
	char **sources;
	size_t nsources, cap_sources;
	uint8_t (*claims)[DSR_ID_LEN];
	size_t nclaims, cap_claims;
	uint8_t (*entries)[DSR_ID_LEN];
	size_t nentries, cap_entries;
	uint8_t (*props)[DSR_ID_LEN];
	size_t nprops, cap_props;
	char **words;         /* search: a claim's longest word */
	size_t nwords, cap_words;
	char **phrases;       /* search: a claim's first 3 words, quoted */
	size_t nphrases, cap_phrases;
	char (*months)[8];
	size_t nmonths, cap_months;
	uint8_t bigprop[DSR_ID_LEN];
	uint32_t bigprop_n;   /* its claims; 0: no attribution row */
	char bigprop_what[160];
	uint64_t log_end;
	const uint8_t (*ids)[DSR_ID_LEN];
	uint64_t nids;
};

void sc_subjects_find(struct sb_conn *conn, const uint8_t (*ids)[DSR_ID_LEN], uint64_t nids,
		      uint64_t *rng, struct sc_subjects *s);
void sc_subjects_free(struct sc_subjects *s);

/* ---- queries.c ---------------------------------------------------------- */

struct sc_qres {
	char name[48];        /* "claims --about TOP" */
	char subject[96];     /* what TOP and the like were, for the reader */
	uint32_t runs, errors;
	double p50_ms, p99_ms, max_ms;
	uint32_t rows;        /* most rows one answer held */
	size_t bytes;         /* largest answer, bytes */
	double target_ms;     /* 0: none applies */
	char err[128];        /* the first error, when errors */
};

struct sc_qopts {
	uint32_t reps;        /* timed runs per query, at most */
	double cap_s;         /* and at most this long */
	uint32_t limit;       /* page limit */
	uint64_t seed;
};

/* Finds the subjects and times every query on conn.  *out is malloc'ed;
 * *top gets the most-mentioned actor's name and counts. */
void sc_queries_run(struct sb_conn *conn, const uint8_t (*ids)[DSR_ID_LEN],
		    uint64_t nids, const struct sc_qopts *o, struct sc_top *top,
		    struct sc_qres **out, size_t *n);

/* ---- baseline.c --------------------------------------------------------- */

struct sc_lmdb {
	double p50_ms, p99_ms;
	uint64_t reads;       /* timed reads */
	uint64_t keys;        /* keys in the table sampled */
	char err[128];        /* "" or why there is no baseline */
};

/* Times `reads` point reads (read transaction, mdb_get of a random key of
 * v.fact, the table most queries read, end of the transaction) in the
 * store dir/data.mdb, opened read-only and without the lock file, while
 * dossierd holds it and writes nothing. */
void sc_lmdb_baseline(const char *dir, uint64_t reads, uint64_t seed, struct sc_lmdb *r);

/* ---- exports.c ---------------------------------------------------------- */

struct sc_xres {
	const char *format;
	double seconds;       /* request sent to last chunk received */
	uint64_t bytes;
	bool timed_out;       /* no last chunk within the timeout */
	bool contended;       /* measured while a timed-out export still ran */
	char err[128];
};
/* Times one export, giving up after timeout_s seconds: the connection is
 * then unusable (the export's chunks may still come) and must be
 * replaced. */
void sc_export_time(struct sb_conn *conn, const char *format, double timeout_s,
		    struct sc_xres *r);

/* ---- report.c ----------------------------------------------------------- */

/* One block of the report: a size of the store, or the 16 MiB article. */
struct sc_block {
	char label[48];
	uint64_t articles;
	bool has_ingest;
	struct sc_ingest ing;
	bool has_big;
	struct sc_one big;
	struct sc_status st;
	struct sc_lmdb lmdb;
	double status_p50_ms, status_p99_ms;
	struct sc_top top;
	struct sc_qres *q;
	size_t nq;
	struct sc_xres x[DSR_EXPORT_NFORMATS];
	int nx;
	const struct sc_block *prev; /* exports compared against, or NULL */
	bool contended;       /* begun while a timed-out export may still run */
};

void sc_report_block(FILE *f, const struct sc_block *b);
/* Prints the targets missed over all blocks; returns how many. */
int sc_report_misses(FILE *f, const struct sc_block *b, size_t n);
/* The figures as one JSON document. */
int sc_report_json(const char *path, const struct sc_block *b, size_t n,
		   const char *config_json);

/* Targets of issue 12. */
#define SC_TARGET_SMALL_MS 20.0   /* p99 of a query returning <= 100 rows */
#define SC_TARGET_TOP_MS 200.0    /* actor, claims --about: most-mentioned */
#define SC_TARGET_EXPORT 1.2      /* time ratio / article ratio */
#define SC_TARGET_INGEST 1000.0   /* articles per second */
#define SC_TARGET_SEARCH_MS 50.0  /* p99 of a search of more rows (issue 15) */

/* ---- shared helpers ----------------------------------------------------- */

/* xorshift64*: the benchmark's random numbers, reproducible from --seed. */
static inline uint64_t sc_rand(uint64_t *s)
{
	uint64_t x = *s ? *s : 0x9e3779b97f4a7c15u;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*s = x;
	return x * 0x2545f4914f6cdd1du;
}

static inline double sc_ms(uint64_t ns)
{
	return (double)ns / 1e6;
}

void *sc_xmalloc(size_t n);
char *sc_xstrdup(const char *s);
void sc_hex(const uint8_t *p, size_t n, char *out);

#endif
