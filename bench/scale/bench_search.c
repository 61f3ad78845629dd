/* bench_search.c: what full-text search costs (issue 15, point 6): the
 * store's ingest rate with the index kept and without it (a store opened
 * with DSR_STORE_NOSEARCH), in the same run on the same articles, the bytes
 * the index adds, and search latency in process on the store it built.
 *
 * Articles are the variants bench_scale files (texts.c: the shared corpora,
 * each text reprinted with a trailer that makes it its own).  Each batch
 * is extracted once per store (dsr_ingest_build, timed apart), then applied
 * to both stores in one transaction each, the order alternating, so the
 * two rates see the same events, the same machine load and the same page
 * cache.  Commits are not synced (DSR_STORE_NOSYNC): the figure is the
 * writer's work, not the disk's.
 *
 * usage: bench_search [--articles N] [--batch N] [--reps N] [--seed N]
 *                     [--limit N] [--texts DIR]... [--reuse DIR | DIR]
 *   DIR: where the two stores go (default: a new directory under /tmp,
 *   removed at the end); --reuse DIR times the searches again on the
 *   stores a run left there (give the same --articles and --texts). */
#include "scale.h"

#include <getopt.h>
#include <inttypes.h>
#include <ctype.h>
#include <time.h>
#include <unistd.h>

#include "error.h"
#include "ingest.h"
#include "query.h"
#include "store.h"

#ifndef DSR_SCALE_SHARED
#define DSR_SCALE_SHARED "../shared"
#endif

static const char *const corpora[] = { "sony-2014", "tempeval3-train", "polnear-dev" };

static double now_s(void)
{
	return (double)sb_now_ns() / 1e9;
}

static double cpu_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what, int rc)
{
	fprintf(stderr, "bench_search: %s: %s\n", what, dsr_strerror(rc));
	exit(1);
}

/* Extracts articles [from, to) and applies them to s in one transaction;
 * returns the seconds the apply took and adds the extraction's to *ext. */
static double file_batch(dsr_store *s, const struct sc_corpus *c, uint64_t from, uint64_t to,
			 uint64_t *wall, double *ext, double *cpu)
{
	size_t n = (size_t)(to - from), nops = 0;
	dsr_ingest **in = sc_xmalloc(n * sizeof *in);
	double t0 = now_s();
	for (size_t i = 0; i < n; i++) {
		struct sc_variant v;
		sc_variant_make(c, from + i, &v);
		struct dsr_extract_meta m = { v.published, v.title, v.publisher, NULL, NULL, NULL };
		int rc = dsr_ingest_build(v.text, v.len, &m, &in[i]);
		if (rc)
			die("ingest_build", rc);
		nops += in[i]->nevents;
		sc_variant_free(&v);
	}
	*ext += now_s() - t0;
	dsr_op *ops = calloc(nops, sizeof *ops);
	if (!ops)
		die("ops", -ENOMEM);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		dsr_ingest_ops(in[i], ops + k, (uint32_t)(i + 1), "extractor");
		k += in[i]->nevents;
	}
	t0 = now_s();
	double c0 = cpu_s();
	int rc = dsr_store_apply(s, ops, nops, (*wall)++);
	*cpu += cpu_s() - c0;
	double dt = now_s() - t0;
	if (rc < 0)
		die("apply", rc);
	free(ops);
	for (size_t i = 0; i < n; i++)
		dsr_ingest_free(in[i]);
	free(in);
	return dt;
}

static uint64_t used_bytes(dsr_store *s)
{
	dsr_rtxn *t;
	dsr_store_stats st;
	if (dsr_rtxn_begin(s, &t) || dsr_store_stats_get(t, &st))
		die("stats", -EIO);
	dsr_rtxn_end(t);
	return st.used_bytes;
}

/* ---- queries -------------------------------------------------------------- */

/* A word of 8+ letters of a random text (rarer words), or `n` words in a
 * row from it as a phrase. */
static void pick_words(const struct sc_corpus *c, uint64_t *rng, int n, char *out, size_t max)
{
	for (int tries = 0; tries < 100; tries++) {
		const struct sc_text *t = &c->v[sc_rand(rng) % c->n];
		size_t at = sc_rand(rng) % t->len, o = 0;
		/* to the next word's beginning */
		while (at < t->len && isalpha(t->data[at]))
			at++;
		int got = 0;
		if (n > 1)
			out[o++] = '"';
		while (at < t->len && got < n && o + 40 < max) {
			while (at < t->len && !isalpha(t->data[at]))
				at++;
			size_t b = at;
			while (at < t->len && isalpha(t->data[at]))
				at++;
			if (at == b)
				break;
			if (n == 1 && at - b < 8)
				continue;
			if (got)
				out[o++] = ' ';
			memcpy(out + o, t->data + b, at - b);
			o += at - b;
			got++;
		}
		if (n > 1)
			out[o++] = '"';
		out[o] = 0;
		char err[160];
		if (got == n && dsr_search_check(out, err, sizeof err) == 0)
			return;
	}
	snprintf(out, max, "said");
}

struct hits {
	uint32_t n;
};

static int on_hit(void *ctx, const Dpb__SearchHit *h)
{
	(void)h;
	((struct hits *)ctx)->n++;
	return 0;
}

static uint32_t page_limit = 20;

static void time_search(dsr_store *s, const struct sc_corpus *c, const char *label,
			const char *fixed, int words, uint32_t reps, uint64_t *rng)
{
	uint64_t *lat = sc_xmalloc(reps * sizeof *lat), *cpu = sc_xmalloc(reps * sizeof *cpu);
	uint32_t maxtotal = 0, rows = 0;
	char q[512];
	for (uint32_t i = 0; i <= reps; i++) {
		if (fixed)
			snprintf(q, sizeof q, "%s", fixed);
		else
			pick_words(c, rng, words, q, sizeof q);
		struct hits h = { 0 };
		dsr_page pg = { NULL, 0, page_limit };
		uint32_t total = 0;
		char err[160];
		uint64_t t0 = sb_now_ns();
		double c0 = cpu_s();
		dsr_rtxn *t;
		if (dsr_rtxn_begin(s, &t))
			die("rtxn", -EIO);
		int rc = dsr_q_search(t, q, DSR_SEARCH_ANY, &pg, NULL, &total, on_hit, &h, err,
				      sizeof err);
		dsr_rtxn_end(t);
		uint64_t dt = sb_now_ns() - t0;
		uint64_t dc = (uint64_t)((cpu_s() - c0) * 1e9);
		if (rc) {
			fprintf(stderr, "bench_search: %s: %s\n", q, err);
			exit(1);
		}
		if (i) {   /* the first run warms the cache */
			lat[i - 1] = dt;
			cpu[i - 1] = dc;
		}
		if (total > maxtotal)
			maxtotal = total;
		if (h.n > rows)
			rows = h.n;
	}
	printf("  %-32s p50 %7.3f p99 %7.3f ms (CPU p50 %7.3f p99 %7.3f ms); "
	       "%u runs, up to %u matches, %u shown%s%s\n",
	       label, sc_ms(sb_quantile(lat, reps, 0.5)), sc_ms(sb_quantile(lat, reps, 0.99)),
	       sc_ms(sb_quantile(cpu, reps, 0.5)), sc_ms(sb_quantile(cpu, reps, 0.99)),
	       reps, maxtotal, rows, fixed ? "; " : "", fixed ? fixed : "");
	free(lat);
	free(cpu);
}

int main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "articles", required_argument, NULL, 'n' },
		{ "batch", required_argument, NULL, 'b' },
		{ "reps", required_argument, NULL, 'r' },
		{ "seed", required_argument, NULL, 's' },
		{ "texts", required_argument, NULL, 't' },
		{ "reuse", no_argument, NULL, 'u' },
		{ "limit", required_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	uint64_t n = 3000, batch = 64, seed = 12;
	uint32_t reps = 200;
	bool reuse = false;
	struct sc_corpus c;
	memset(&c, 0, sizeof c);
	int ch;
	while ((ch = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (ch) {
		case 'n': n = strtoull(optarg, NULL, 10); break;
		case 'b': batch = strtoull(optarg, NULL, 10); break;
		case 'r': reps = (uint32_t)strtoul(optarg, NULL, 10); break;
		case 's': seed = strtoull(optarg, NULL, 10); break;
		case 'u': reuse = true; break;
		case 'l': page_limit = (uint32_t)strtoul(optarg, NULL, 10); break;
		case 't':
			if (sc_corpus_add(&c, optarg) < 0) {
				fprintf(stderr, "bench_search: cannot read %s\n", optarg);
				return 2;
			}
			break;
		default:
			fprintf(stderr, "usage: bench_search [--articles N] [--batch N] [--reps N] "
				"[--seed N] [--limit N] [--texts DIR]... [--reuse DIR | DIR]\n");
			return ch == 'h' ? 0 : 2;
		}
	}
	if (!n || !batch || !reps) {
		fprintf(stderr, "bench_search: --articles, --batch and --reps want numbers > 0\n");
		return 2;
	}
	if (!c.n) {
		const char *sh = getenv("DSR_SHARED");
		if (!sh || !*sh)
			sh = DSR_SCALE_SHARED;
		for (size_t i = 0; i < sizeof corpora / sizeof *corpora; i++) {
			char p[1024];
			snprintf(p, sizeof p, "%s/corpus/%s", sh, corpora[i]);
			sc_corpus_add(&c, p);
		}
	}
	if (!c.n) {
		fprintf(stderr, "bench_search: no texts (the shared corpora are absent; --texts DIR)\n");
		return 1;
	}
	char dir[512], tmpl[] = "/tmp/bsearch.XXXXXX";
	bool own = optind >= argc;
	if (reuse && own) {
		fprintf(stderr, "bench_search: --reuse wants the DIR of a run before\n");
		return 2;
	}
	if (own && !mkdtemp(tmpl)) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(dir, sizeof dir, "%s", own ? tmpl : argv[optind]);
	char pa[600], pb[600];
	snprintf(pa, sizeof pa, "%s/indexed", dir);
	snprintf(pb, sizeof pb, "%s/plain", dir);
	dsr_store *sa, *sb;
	dsr_store_opts oa = { DSR_STORE_NOSYNC, (size_t)4 << 30 };
	dsr_store_opts ob = { DSR_STORE_NOSYNC | DSR_STORE_NOSEARCH, (size_t)4 << 30 };
	int rc = dsr_store_open(&sa, pa, &oa);
	if (!rc)
		rc = dsr_store_open(&sb, pb, &ob);
	if (rc)
		die("open", rc);
	printf("bench_search: %zu texts (%.1f MB), %" PRIu64 " articles in batches of %" PRIu64
	       ", two stores (with the index, without)\n", c.n, (double)c.bytes / 1e6, n, batch);
	uint64_t wall_a = 1418800000000ull, wall_b = wall_a;
	double ta = 0, tb = 0, ext = 0, ca = 0, cb = 0;
	for (uint64_t at = 0, k = 0; at < n && !reuse; at += batch, k++) {
		uint64_t to = at + batch < n ? at + batch : n;
		if (k % 2) {
			ta += file_batch(sa, &c, at, to, &wall_a, &ext, &ca);
			tb += file_batch(sb, &c, at, to, &wall_b, &ext, &cb);
		} else {
			tb += file_batch(sb, &c, at, to, &wall_b, &ext, &cb);
			ta += file_batch(sa, &c, at, to, &wall_a, &ext, &ca);
		}
	}
	ext /= 2;   /* each batch was extracted twice */
	if (reuse)
		goto queries;
	uint64_t ua = used_bytes(sa), ub = used_bytes(sb);
	printf("\ningest (store: apply and commit; extraction apart)\n");
	printf("  without the index   %9.0f articles/s  (%.2f s; CPU %.2f s: %.0f articles/s)\n",
	       (double)n / tb, tb, cb, (double)n / cb);
	printf("  with the index      %9.0f articles/s  (%.2f s; CPU %.2f s: %.0f articles/s)\n",
	       (double)n / ta, ta, ca, (double)n / ca);
	printf("  ratio               %9.2f  (CPU %.2f)\n", tb / ta, cb / ca);
	printf("  extraction alone    %9.0f articles/s  (%.2f s)\n", (double)n / ext, ext);
	printf("  whole ingest        %9.0f articles/s without, %.0f with the index (extraction "
	       "included)\n", (double)n / (ext + tb), (double)n / (ext + ta));
	printf("  store size          %9.1f MB without, %.1f MB with: the index is %.1f MB, "
	       "%.0f bytes an article\n", (double)ub / 1e6, (double)ua / 1e6,
	       (double)(ua - ub) / 1e6, (double)(ua - ub) / (double)n);

queries:
	printf("\nsearch in process at %" PRIu64 " articles (page of %u; p50/p99)\n", n, page_limit);
	uint64_t rng = seed;
	time_search(sa, &c, "common word", "said", 1, reps, &rng);
	time_search(sa, &c, "two common words", "government officials", 2, reps, &rng);
	time_search(sa, &c, "common phrase", "\"north korea\"", 2, reps, &rng);
	time_search(sa, &c, "rare word (RANDOM, 8+ letters)", NULL, 1, reps, &rng);
	time_search(sa, &c, "phrase of 3 words (RANDOM)", NULL, 3, reps, &rng);
	time_search(sa, &c, "phrase of 2 words (RANDOM)", NULL, 2, reps, &rng);
	dsr_store_close(sa);
	dsr_store_close(sb);
	if (own) {
		char cmd[700];
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			fprintf(stderr, "bench_search: cannot remove %s\n", dir);
	}
	sc_corpus_free(&c);
	return 0;
}
