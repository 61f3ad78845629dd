/* main.c: bench_scale's options and run (see scale.h for the parts and
 * docs/benchmarks.md for what it measures; scripts/bench-scale.sh starts
 * a daemon on a fresh store and runs it). */
#include "scale.h"

#include <getopt.h>
#include <inttypes.h>

#include "ingest.h"

#ifndef DSR_SCALE_SHARED
#define DSR_SCALE_SHARED "../shared"
#endif

static const char *const default_corpora[] = {
	"sony-2014", "tempeval3-train", "polnear-dev",
};

static void usage(FILE *f)
{
	fprintf(f,
"usage: bench_scale --socket PATH [--sizes N,N,...] [--texts DIR]... [--json FILE]\n"
"                   [options]\n"
"\n"
"The scale benchmark of issue 12.  Grows ONE knowledge base through a running\n"
"dossierd (which must start with an empty store) from real texts, each filed\n"
"as many dated variants from %d outlets as wire stories are reprinted, and at\n"
"each size measures:\n"
"  - the ingest rate of the growth segment (Ingest requests with publisher,\n"
"    date and title, pipelined over a few connections);\n"
"  - every query the client has, page limit 100, p50 and p99 in ms, on the\n"
"    most-mentioned actor (TOP) and on random subjects, beside two baselines\n"
"    measured in the same run: a raw LMDB point read of the same store and\n"
"    the service's round trip for status;\n"
"  - every export format (time, bytes, and the time ratio to the previous\n"
"    size against the article ratio).\n"
"After the largest size it files one article of just under 16 MiB and times\n"
"its ingest, every export and every query again.  The table goes to stdout,\n"
"progress to stderr; targets missed are listed at the end.\n"
"\n"
"Options:\n"
"  --socket PATH       dossierd's Unix socket (default: $DOSSIER_SOCKET)\n"
"  --data DIR          dossierd's data directory, for the LMDB baseline\n"
"                      (default: the one its status reports)\n"
"  --sizes LIST        store sizes in articles, increasing (default\n"
"                      1000,10000; the full run is 1000,10000,100000)\n"
"  --texts DIR         a directory of .txt articles to file; repeatable.\n"
"                      Default: the corpora sony-2014, tempeval3-train and\n"
"                      polnear-dev of ../shared/corpus ($DSR_SHARED/corpus\n"
"                      when DSR_SHARED is set).  Dates and titles come from\n"
"                      DIR/gold.json when it has them, else a date in the\n"
"                      file name, else 2014-12-17\n"
"  --conns N           ingest connections (default 8)\n"
"  --window N          ingest requests in flight on each (default 32; the\n"
"                      daemon groups what is in flight into its commits, so\n"
"                      the rate depends on it: dossier ingest keeps 256)\n"
"  --reps N            timed runs of each query, at most (default 200)\n"
"  --query-seconds S   and at most S seconds of them (default 5)\n"
"  --lmdb-reads N      reads of the LMDB baseline (default 20000)\n"
"  --seed N            seed of the random subjects (default 12)\n"
"  --no-big            skip the 16 MiB article\n"
"  --no-exports        skip the exports\n"
"  --grow-only         go on growing a store this benchmark built (kept with\n"
"                      bench-scale.sh --keep) from the articles it holds to\n"
"                      each size, and measure only the ingest\n"
"  --measure-only      measure the queries and exports of a store this\n"
"                      benchmark built, as it is: no ingest (the random\n"
"                      subjects come from its article list)\n"
"  --formats LIST      the exports to time, in this order (default: every\n"
"                      format of the export table: json, stix, csv, dot, misp,\n"
"                      timesketch, brief_md, brief_html)\n"
"  --export-timeout S  give up on an export after S seconds (default 600);\n"
"                      dossierd goes on with it, so the figures measured\n"
"                      after it are marked as contended\n"
"  --pid PID           dossierd's process id, to report the bytes it writes\n"
"                      and the CPU it uses per article filed (from /proc;\n"
"                      scripts/bench-scale.sh passes it)\n"
"  --json FILE         also write every figure to FILE as JSON\n"
"  --help              this text\n"
"\n"
"Exit status: 0 when the run completed (whatever the targets), 1 when it\n"
"could not, 2 for bad usage.\n", SC_NOUTLETS);
}

struct opts {
	const char *sock;
	const char *data;
	uint64_t sizes[16];
	int nsizes;
	const char *texts[64];
	int ntexts;
	int conns, window;
	struct sc_qopts q;
	uint64_t lmdb_reads;
	bool no_big, no_exports;
	bool grow_only;                     /* continue a kept store; ingest only */
	bool measure_only;                  /* a kept store as it is; no ingest */
	double export_timeout;
	int pid;                            /* dossierd's, or 0 */
	int formats[DSR_EXPORT_NFORMATS];   /* to run, in order */
	int nformats;
	const char *json;
};

static uint64_t num_arg(const char *opt, const char *s)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || end == s || *end || s[0] == '-') {
		fprintf(stderr, "bench_scale: %s wants a number, not '%s'\n", opt, s);
		exit(2);
	}
	return v;
}

static void parse_sizes(struct opts *o, const char *s)
{
	o->nsizes = 0;
	char *copy = sc_xstrdup(s), *save = NULL;
	for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		if (o->nsizes == (int)(sizeof o->sizes / sizeof o->sizes[0])) {
			fprintf(stderr, "bench_scale: too many --sizes\n");
			exit(2);
		}
		uint64_t v = num_arg("--sizes", t);
		if (!v || (o->nsizes && v <= o->sizes[o->nsizes - 1])) {
			fprintf(stderr, "bench_scale: --sizes must increase from 1 or more\n");
			exit(2);
		}
		o->sizes[o->nsizes++] = v;
	}
	free(copy);
	if (!o->nsizes) {
		fprintf(stderr, "bench_scale: --sizes is empty\n");
		exit(2);
	}
}

static void parse_formats(struct opts *o, const char *s)
{
	o->nformats = 0;
	char *copy = sc_xstrdup(s), *save = NULL;
	for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		int f = dsr_export_format(t);
		bool dup = false;
		for (int i = 0; i < o->nformats; i++)
			dup |= o->formats[i] == f;
		if (f < 0 || dup) {
			fprintf(stderr, "bench_scale: --formats takes export formats (");
			for (int i = 0; i < DSR_EXPORT_NFORMATS; i++)
				fprintf(stderr, "%s%s", i ? ", " : "", dsr_export_formats[i].name);
			fprintf(stderr, "), each once; not '%s'\n", t);
			exit(2);
		}
		o->formats[o->nformats++] = f;
	}
	free(copy);
	if (!o->nformats) {
		fprintf(stderr, "bench_scale: --formats is empty\n");
		exit(2);
	}
}

static void parse(int argc, char **argv, struct opts *o)
{
	static const struct option longs[] = {
		{ "socket", required_argument, NULL, 's' },
		{ "data", required_argument, NULL, 'd' },
		{ "sizes", required_argument, NULL, 'S' },
		{ "texts", required_argument, NULL, 't' },
		{ "conns", required_argument, NULL, 'c' },
		{ "window", required_argument, NULL, 'w' },
		{ "reps", required_argument, NULL, 'r' },
		{ "query-seconds", required_argument, NULL, 'q' },
		{ "lmdb-reads", required_argument, NULL, 'l' },
		{ "seed", required_argument, NULL, 'R' },
		{ "no-big", no_argument, NULL, 'B' },
		{ "no-exports", no_argument, NULL, 'X' },
		{ "grow-only", no_argument, NULL, 'G' },
		{ "measure-only", no_argument, NULL, 'M' },
		{ "export-timeout", required_argument, NULL, 'T' },
		{ "formats", required_argument, NULL, 'F' },
		{ "pid", required_argument, NULL, 'P' },
		{ "json", required_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	memset(o, 0, sizeof *o);
	o->sock = getenv("DOSSIER_SOCKET");
	o->sizes[0] = 1000;
	o->sizes[1] = 10000;
	o->nsizes = 2;
	o->conns = 8;
	o->window = 32;
	o->q.reps = 200;
	o->q.cap_s = 5;
	o->q.limit = 100;
	o->q.seed = 12;
	o->lmdb_reads = 20000;
	o->export_timeout = 600;
	for (int f = 0; f < DSR_EXPORT_NFORMATS; f++)
		o->formats[o->nformats++] = f;
	int c;
	while ((c = getopt_long(argc, argv, "", longs, NULL)) != -1) {
		switch (c) {
		case 's': o->sock = optarg; break;
		case 'd': o->data = optarg; break;
		case 'S': parse_sizes(o, optarg); break;
		case 't':
			if (o->ntexts == (int)(sizeof o->texts / sizeof o->texts[0])) {
				fprintf(stderr, "bench_scale: too many --texts\n");
				exit(2);
			}
			o->texts[o->ntexts++] = optarg;
			break;
		case 'c': o->conns = (int)num_arg("--conns", optarg); break;
		case 'w': o->window = (int)num_arg("--window", optarg); break;
		case 'r': o->q.reps = (uint32_t)num_arg("--reps", optarg); break;
		case 'q': o->q.cap_s = atof(optarg); break;
		case 'l': o->lmdb_reads = num_arg("--lmdb-reads", optarg); break;
		case 'R': o->q.seed = num_arg("--seed", optarg); break;
		case 'B': o->no_big = true; break;
		case 'X': o->no_exports = true; break;
		case 'G': o->grow_only = true; o->no_big = true; break;
		case 'M': o->measure_only = true; o->no_big = true; break;
		case 'T': o->export_timeout = atof(optarg); break;
		case 'F': parse_formats(o, optarg); break;
		case 'P': o->pid = (int)num_arg("--pid", optarg); break;
		case 'j': o->json = optarg; break;
		case 'h': usage(stdout); exit(0);
		default:
			fprintf(stderr, "(bench_scale --help for the options)\n");
			exit(2);
		}
	}
	if (optind < argc) {
		fprintf(stderr, "bench_scale: unexpected argument '%s'\n", argv[optind]);
		exit(2);
	}
	if (!o->sock || !*o->sock) {
		fprintf(stderr, "bench_scale: no socket: give --socket PATH or set DOSSIER_SOCKET\n");
		exit(2);
	}
	if (o->conns < 1 || o->conns > 64 || o->window < 1 || o->window > 256 ||
	    !o->q.reps || !(o->q.cap_s > 0) || !o->lmdb_reads || !(o->export_timeout > 0)) {
		fprintf(stderr, "bench_scale: --conns 1..64, --window 1..256, and --reps, "
			"--query-seconds, --lmdb-reads, --export-timeout above 0\n");
		exit(2);
	}
}

static void load_corpus(const struct opts *o, struct sc_corpus *c, dsr_buf *dirs)
{
	char path[4096];
	if (o->ntexts) {
		for (int i = 0; i < o->ntexts; i++) {
			int n = sc_corpus_add(c, o->texts[i]);
			if (n < 0) {
				fprintf(stderr, "bench_scale: cannot read %s: %s\n", o->texts[i],
					strerror(errno));
				exit(1);
			}
			dsr_buf_puts(dirs, i ? "," : "");
			dsr_buf_json_str(dirs, o->texts[i], strlen(o->texts[i]));
		}
	} else {
		const char *shared = getenv("DSR_SHARED");
		if (!shared || !*shared)
			shared = DSR_SCALE_SHARED;
		for (size_t i = 0; i < sizeof default_corpora / sizeof default_corpora[0]; i++) {
			snprintf(path, sizeof path, "%s/corpus/%s", shared, default_corpora[i]);
			if (sc_corpus_add(c, path) < 0) {
				fprintf(stderr, "bench_scale: cannot read %s (%s): give --texts DIR\n",
					path, strerror(errno));
				exit(1);
			}
			dsr_buf_puts(dirs, i ? "," : "");
			dsr_buf_json_str(dirs, path, strlen(path));
		}
	}
	if (!c->n) {
		fprintf(stderr, "bench_scale: no usable .txt article in the texts given\n");
		exit(1);
	}
	dsr_buf_cstr(dirs);
}

/* Set once an export timed out: dossierd may still be working on it. */
static bool runaway;

/* Status, baseline, queries and exports of one block. */
static void measure(struct sb_conn *conn, const struct opts *o, const uint8_t (*ids)[DSR_ID_LEN],
		    uint64_t nids, struct sc_block *b)
{
	b->contended = runaway;
	sc_status(conn, &b->st);
	const char *dir = o->data ? o->data : b->st.data_dir;
	fprintf(stderr, "bench_scale: %s: LMDB baseline\n", b->label);
	sc_lmdb_baseline(dir, o->lmdb_reads, o->q.seed, &b->lmdb);
	fprintf(stderr, "bench_scale: %s: queries\n", b->label);
	sc_queries_run(conn, ids, nids, &o->q, &b->top, &b->q, &b->nq);
	for (size_t i = 0; i < b->nq; i++) {
		if (!strcmp(b->q[i].name, "status")) {
			b->status_p50_ms = b->q[i].p50_ms;
			b->status_p99_ms = b->q[i].p99_ms;
		}
	}
	if (o->no_exports)
		return;
	for (int i = 0; i < o->nformats; i++) {
		int f = o->formats[i];
		struct sc_xres *x = &b->x[b->nx++];
		fprintf(stderr, "bench_scale: %s: export %s\n", b->label, dsr_export_formats[f].name);
		sc_export_time(conn, dsr_export_formats[f].name, o->export_timeout, x);
		x->contended = runaway;
		fprintf(stderr, "bench_scale:   %.3f s, %.2f MB%s%s\n", x->seconds,
			(double)x->bytes / 1e6, x->err[0] ? ", " : "", x->err);
		if (x->timed_out) {
			/* Its chunks may still come on this connection. */
			runaway = true;
			close(conn->fd);
			dsr_frame_dec_free(&conn->dec);
			sb_connect(conn, o->sock);
			sb_hello(conn);
		}
	}
	sc_status(conn, &b->st);  /* after the exports: dossierd's memory */
}

int main(int argc, char **argv)
{
	struct opts o;
	parse(argc, argv, &o);
	struct sc_corpus corpus;
	memset(&corpus, 0, sizeof corpus);
	dsr_buf dirs = DSR_BUF_INIT;
	load_corpus(&o, &corpus, &dirs);

	struct sb_conn conn;
	sb_connect(&conn, o.sock);
	sb_hello(&conn);
	struct sc_status st;
	sc_status(&conn, &st);
	if (o.measure_only && o.grow_only) {
		fprintf(stderr, "bench_scale: --grow-only or --measure-only, not both\n");
		return 2;
	}
	if (o.measure_only) {
		/* one size: the store's */
		o.sizes[0] = st.articles;
		o.nsizes = 1;
	}
	if (st.articles && !o.grow_only && !o.measure_only) {
		fprintf(stderr, "bench_scale: the store of %s already holds %" PRIu64 " articles; "
			"start dossierd on an empty one (scripts/bench-scale.sh does)\n",
			st.data_dir, st.articles);
		return 1;
	}
	uint64_t max = o.sizes[o.nsizes - 1];
	printf("bench_scale: %zu texts (%.1f MB) from %s; %d outlets; sizes", corpus.n,
	       (double)corpus.bytes / 1e6, (const char *)dirs.data, SC_NOUTLETS);
	for (int i = 0; i < o.nsizes; i++)
		printf("%s%" PRIu64, i ? "," : " ", o.sizes[i]);
	printf(" articles (%.0f variants of each text at the largest); %ld cores\n",
	       (double)max / (double)corpus.n, sysconf(_SC_NPROCESSORS_ONLN));
	printf("ingest over %d connections x %d in flight; queries: up to %u runs or %.0f s each, "
	       "page limit %u, seed %" PRIu64 "\n", o.conns, o.window, o.q.reps, o.q.cap_s,
	       o.q.limit, o.q.seed);
	fflush(stdout);

	/* The figures so far go to --json after every block, so that a run
	 * stopped half-way keeps them. */
	dsr_buf cfg = DSR_BUF_INIT;
	dsr_buf_puts(&cfg, "{\"sizes\":[");
	for (int i = 0; i < o.nsizes; i++)
		dsr_buf_printf(&cfg, "%s%" PRIu64, i ? "," : "", o.sizes[i]);
	dsr_buf_printf(&cfg, "],\"texts\":[%s],\"ntexts\":%zu,\"text_bytes\":%zu,"
		       "\"outlets\":%d,\"conns\":%d,\"window\":%d,\"reps\":%u,"
		       "\"query_seconds\":%g,\"page_limit\":%u,\"seed\":%" PRIu64
		       ",\"lmdb_reads\":%" PRIu64 ",\"export_timeout\":%g,\"cores\":%ld}",
		       (const char *)dirs.data, corpus.n, corpus.bytes, SC_NOUTLETS, o.conns,
		       o.window, o.q.reps, o.q.cap_s, o.q.limit, o.q.seed, o.lmdb_reads,
		       o.export_timeout, sysconf(_SC_NPROCESSORS_ONLN));
	dsr_buf_cstr(&cfg);

	uint8_t (*ids)[DSR_ID_LEN] = calloc(max, sizeof *ids);
	struct sc_block *blocks = calloc((size_t)o.nsizes + 1, sizeof *blocks);
	if (!ids || !blocks)
		sb_die("memory");
	size_t nb = 0;
	uint64_t have = 0;
	int rc = 0;
	if (o.grow_only) {
		/* Articles are numbered from 0 and made from their number alone,
		 * so the store's count is where this run goes on. */
		have = st.articles;
		int done = 0;
		while (done < o.nsizes && o.sizes[done] <= have)
			done++;
		o.nsizes -= done;
		memmove(o.sizes, o.sizes + done, (size_t)o.nsizes * sizeof o.sizes[0]);
		if (!o.nsizes) {
			fprintf(stderr, "bench_scale: the store already holds %" PRIu64
				" articles, as many as the largest of --sizes or more\n", have);
			return 1;
		}
	}
	for (int i = 0; i <= o.nsizes; i++) {
		struct sc_block *b = &blocks[nb];
		b->prev = nb ? &blocks[nb - 1] : NULL;
		if (i < o.nsizes && o.measure_only) {
			b->articles = have = st.articles;
			snprintf(b->label, sizeof b->label, "%" PRIu64 " articles", have);
			fprintf(stderr, "bench_scale: the store holds %" PRIu64 " articles; "
				"reading their ids\n", have);
			if (sc_article_ids(&conn, ids, have) != have)
				sb_die("the store's article list");
		} else if (i < o.nsizes) {
			b->articles = o.sizes[i];
			snprintf(b->label, sizeof b->label, "%" PRIu64 " articles", o.sizes[i]);
			b->has_ingest = true;
			fprintf(stderr, "bench_scale: growing the store to %" PRIu64 " articles\n",
				o.sizes[i]);
			sc_ingest_grow(o.sock, &corpus, have, o.sizes[i], o.conns, o.window, o.pid,
				       ids, &b->ing);
			have = o.sizes[i];
		} else if (!o.no_big) {
			b->articles = have + 1;
			snprintf(b->label, sizeof b->label, "%" PRIu64 " articles + one of 16 MiB",
				 have);
			b->has_big = true;
			size_t len;
			uint8_t *big = sc_big_article(&corpus, DSR_ARTICLE_MAX, &len);
			fprintf(stderr, "bench_scale: filing one article of %zu bytes\n", len);
			char day[16];
			sc_day_str(corpus.v[0].day, day);
			sc_ingest_one(&conn, big, len, "", sc_outlets[0], day, &b->big);
			free(big);
			fprintf(stderr, "bench_scale:   %.2f s%s%s\n", b->big.seconds,
				b->big.err[0] ? ": " : "", b->big.err);
		} else {
			break;
		}
		nb++;
		if (o.grow_only)
			sc_status(&conn, &b->st);
		else
			measure(&conn, &o, (const uint8_t (*)[DSR_ID_LEN])ids, have, b);
		sc_report_block(stdout, b);
		if (o.json && sc_report_json(o.json, blocks, nb, (const char *)cfg.data) < 0) {
			fprintf(stderr, "bench_scale: cannot write %s: %s\n", o.json, strerror(errno));
			rc = 1;
		}
	}
	sc_report_misses(stdout, blocks, nb);
	dsr_buf_free(&cfg);
	for (size_t i = 0; i < nb; i++)
		free(blocks[i].q);
	free(blocks);
	free(ids);
	dsr_buf_free(&dirs);
	sc_corpus_free(&corpus);
	close(conn.fd);
	dsr_frame_dec_free(&conn.dec);
	return rc;
}
