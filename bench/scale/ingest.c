/* ingest.c: filing the generated articles through dossierd as a user's
 * `dossier ingest` of many files does: Ingest requests with the article's
 * publisher, date and title, several in flight on each of a few
 * connections, so the daemon extracts them in parallel and groups their
 * commits.  Articles are handed out in number order from one counter. */
#include "scale.h"

#include <inttypes.h>
#include <pthread.h>
#include <unistd.h>
#include <stdatomic.h>

struct grow {
	const char *sock;
	const struct sc_corpus *c;
	uint64_t from, to;
	int window;
	uint8_t (*ids)[DSR_ID_LEN];
	atomic_uint_fast64_t next;     /* next article number to send */
	atomic_uint_fast64_t acked;    /* answered, of any outcome */
	atomic_uint_fast64_t dups, errors, events;
	atomic_uint_fast64_t tail_ns;  /* when 90 % were answered */
	uint64_t t0;
};

struct slot {
	uint64_t rqid;
	uint64_t article;
};

static void answered(struct grow *g, const Dpb__Response *rs, uint64_t article)
{
	if (rs->body_case == DPB__RESPONSE__BODY_INGESTED) {
		const Dpb__IngestResult *r = rs->ingested;
		if (r->article.len == DSR_ID_LEN)
			memcpy(g->ids[article], r->article.data, DSR_ID_LEN);
		if (r->duplicate)
			atomic_fetch_add(&g->dups, 1);
		atomic_fetch_add(&g->events, r->events);
	} else {
		uint64_t e = atomic_fetch_add(&g->errors, 1);
		if (e < 5)
			fprintf(stderr, "bench_scale: article %" PRIu64 " not filed: %s\n", article,
				rs->body_case == DPB__RESPONSE__BODY_ERROR ? rs->error->message
									   : "unexpected answer");
	}
	uint64_t mark = g->from + (g->to - g->from) * 9 / 10;
	uint64_t before = atomic_fetch_add(&g->acked, 1) + g->from;
	if (before + 1 == mark || (mark == g->from && before == g->from))
		atomic_store(&g->tail_ns, sb_now_ns());
}

static void *feeder(void *arg)
{
	struct grow *g = arg;
	struct sb_conn conn;
	sb_connect(&conn, g->sock);
	sb_hello(&conn);
	struct slot *slots = calloc((size_t)g->window, sizeof *slots);
	int inflight = 0;
	bool more = true;
	for (;;) {
		while (more && inflight < g->window) {
			uint64_t i = atomic_fetch_add(&g->next, 1);
			if (i >= g->to) {
				more = false;
				break;
			}
			struct sc_variant v;
			sc_variant_make(g->c, i, &v);
			Dpb__Ingest in = DPB__INGEST__INIT;
			in.text.data = v.text;
			in.text.len = v.len;
			in.title = (char *)v.title;
			in.publisher = (char *)v.publisher;
			in.published = v.published;
			in.name = v.name;
			Dpb__Request rq = DPB__REQUEST__INIT;
			rq.body_case = DPB__REQUEST__BODY_INGEST;
			rq.ingest = &in;
			int k = 0;
			while (slots[k].rqid)
				k++;
			slots[k].rqid = sb_send(&conn, &rq);
			slots[k].article = i;
			inflight++;
			sc_variant_free(&v);
		}
		if (!inflight)
			break;
		Dpb__Response *rs = sb_recv(&conn);
		int k = 0;
		while (k < g->window && slots[k].rqid != rs->id)
			k++;
		if (k == g->window) {
			/* About the connection (id 0): an error or a goodbye. */
			fprintf(stderr, "bench_scale: dossierd answered request %" PRIu64
				" that was not sent (%s)\n", rs->id,
				rs->body_case == DPB__RESPONSE__BODY_ERROR ? rs->error->message : "?");
			exit(1);
		}
		answered(g, rs, slots[k].article);
		slots[k].rqid = 0;
		inflight--;
		dpb__response__free_unpacked(rs, NULL);
	}
	free(slots);
	close(conn.fd);
	dsr_frame_dec_free(&conn.dec);
	return NULL;
}

void sc_ingest_grow(const char *sock, const struct sc_corpus *c, uint64_t from,
		    uint64_t to, int conns, int window, int pid, uint8_t (*ids)[DSR_ID_LEN],
		    struct sc_ingest *st)
{
	double w0 = 0, c0 = 0, w1 = 0, c1 = 0;
	bool usage = sc_proc_usage(pid, &w0, &c0);
	struct grow g = { .sock = sock, .c = c, .from = from, .to = to,
			  .window = window, .ids = ids };
	atomic_init(&g.next, from);
	atomic_init(&g.acked, 0);
	atomic_init(&g.dups, 0);
	atomic_init(&g.errors, 0);
	atomic_init(&g.events, 0);
	atomic_init(&g.tail_ns, 0);
	g.t0 = sb_now_ns();
	pthread_t *t = sc_xmalloc((size_t)conns * sizeof *t);
	for (int k = 0; k < conns; k++)
		if (pthread_create(&t[k], NULL, feeder, &g) != 0)
			sb_die("pthread_create");

	/* Progress every few seconds, with the rate since the last line. */
	uint64_t last_t = g.t0, last_n = 0, total = to - from;
	for (;;) {
		usleep(100000);
		uint64_t n = atomic_load(&g.acked), now = sb_now_ns();
		if (n >= total)
			break;
		if (now - last_t >= 5000000000u) {
			fprintf(stderr, "bench_scale: ingest %" PRIu64 "/%" PRIu64
				" articles, %.0f articles/s (%.0f/s since the start of the segment)\n",
				from + n, to, (double)(n - last_n) / ((double)(now - last_t) / 1e9),
				(double)n / ((double)(now - g.t0) / 1e9));
			last_t = now;
			last_n = n;
		}
	}
	for (int k = 0; k < conns; k++)
		pthread_join(t[k], NULL);
	free(t);
	uint64_t end = sb_now_ns();
	usage = usage && sc_proc_usage(pid, &w1, &c1);
	memset(st, 0, sizeof *st);
	st->daemon_written = usage ? w1 - w0 : -1;
	st->daemon_cpu = usage ? c1 - c0 : -1;
	st->from = from;
	st->to = to;
	st->dups = atomic_load(&g.dups);
	st->errors = atomic_load(&g.errors);
	st->filed = total - st->dups - st->errors;
	st->events = atomic_load(&g.events);
	st->seconds = (double)(end - g.t0) / 1e9;
	st->rate = st->seconds > 0 ? (double)total / st->seconds : 0;
	uint64_t tail = atomic_load(&g.tail_ns);
	uint64_t tail_n = to - (from + total * 9 / 10);
	st->tail_rate = tail && end > tail ? (double)tail_n / ((double)(end - tail) / 1e9) : st->rate;
	fprintf(stderr, "bench_scale: ingest %" PRIu64 "..%" PRIu64 ": %.1f s, %.0f articles/s "
		"(last tenth %.0f/s), %" PRIu64 " events, %" PRIu64 " duplicates, %" PRIu64
		" errors\n", from, to, st->seconds, st->rate, st->tail_rate, st->events,
		st->dups, st->errors);
}

bool sc_proc_usage(int pid, double *written, double *cpu)
{
	char path[64], line[256];
	if (pid <= 0)
		return false;
	snprintf(path, sizeof path, "/proc/%d/io", pid);
	FILE *f = fopen(path, "r");
	bool got_w = false, got_c = false;
	while (f && fgets(line, sizeof line, f))
		if (!strncmp(line, "wchar:", 6)) {
			*written = atof(line + 6);
			got_w = true;
		}
	if (f)
		fclose(f);
	/* utime and stime, fields 14 and 15 of stat, after the command's
	 * closing parenthesis. */
	snprintf(path, sizeof path, "/proc/%d/stat", pid);
	f = fopen(path, "r");
	if (f && fgets(line, sizeof line, f)) {
		const char *p = strrchr(line, ')');
		unsigned long long ut, st;
		if (p && sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu",
				&ut, &st) == 2) {
			*cpu = (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
			got_c = true;
		}
	}
	if (f)
		fclose(f);
	return got_w && got_c;
}

void sc_ingest_one(struct sb_conn *conn, const uint8_t *text, size_t len,
		   const char *title, const char *publisher, const char *published,
		   struct sc_one *r)
{
	memset(r, 0, sizeof *r);
	r->bytes = len;
	Dpb__Ingest in = DPB__INGEST__INIT;
	in.text.data = (uint8_t *)text;
	in.text.len = len;
	in.title = (char *)title;
	in.publisher = (char *)publisher;
	in.published = (char *)published;
	in.name = "big.txt";
	Dpb__Request rq = DPB__REQUEST__INIT;
	rq.body_case = DPB__REQUEST__BODY_INGEST;
	rq.ingest = &in;
	uint64_t t0 = sb_now_ns();
	size_t bytes;
	Dpb__Response *rs = sc_roundtrip(conn, &rq, &bytes);
	r->seconds = (double)(sb_now_ns() - t0) / 1e9;
	if (rs->body_case == DPB__RESPONSE__BODY_INGESTED) {
		r->events = rs->ingested->events;
		r->actors = rs->ingested->actors;
		r->claims = rs->ingested->claims;
		r->entries = rs->ingested->entries;
		if (rs->ingested->duplicate)
			snprintf(r->err, sizeof r->err, "already filed");
	} else {
		snprintf(r->err, sizeof r->err, "%s",
			 rs->body_case == DPB__RESPONSE__BODY_ERROR ? rs->error->message
								    : "unexpected answer");
	}
	dpb__response__free_unpacked(rs, NULL);
}
