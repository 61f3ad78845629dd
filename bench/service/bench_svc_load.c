/* bench_svc_load.c: benchmarks (a) and (b): N clients each appending one
 * small event at a time (one outstanding), for a fixed time; acks/s and
 * latency p50/p99.  Against dossierd (protocol "dossier": an Append of one
 * note event) or against bench_svc_baseline ("baseline": the same event
 * bytes in a bare frame).  With --query, one more client asks view queries
 * back to back meanwhile: their p50/p99 is benchmark (b).
 *
 * usage: bench_svc_load --socket PATH [--baseline] [--clients 64]
 *                       [--seconds 10] [--query]
 * Prints one line of key=value figures.
 */
#include "svcbench.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>

static const char *sock_path;
static bool baseline, query;
static int nclients = 64;
static double seconds = 10;
static atomic_bool measuring, stopping;

struct worker {
	pthread_t t;
	int k;
	uint64_t *lat;
	size_t n, cap;
	uint64_t errors;
	/* the querier: latencies per query kind too */
	uint64_t *kl[4];
	size_t kn[4], kcap[4];
};

static const char *const kinds[4] = { "actors", "claims_about", "timeline_from", "actor_detail" };

static void record_kind(struct worker *w, int k, uint64_t ns)
{
	if (!atomic_load(&measuring))
		return;
	if (w->kn[k] == w->kcap[k]) {
		w->kcap[k] = w->kcap[k] ? 2 * w->kcap[k] : 1024;
		w->kl[k] = realloc(w->kl[k], w->kcap[k] * sizeof(uint64_t));
	}
	w->kl[k][w->kn[k]++] = ns;
}

static void record(struct worker *w, uint64_t ns)
{
	if (!atomic_load(&measuring))
		return;
	if (w->n == w->cap) {
		w->cap = w->cap ? 2 * w->cap : 4096;
		w->lat = realloc(w->lat, w->cap * sizeof *w->lat);
	}
	w->lat[w->n++] = ns;
}

/* The encoded bytes of one note event, as the baseline stores them. */
static void event_bytes(dsr_buf *b, int k, uint64_t i)
{
	char text[64];
	snprintf(text, sizeof text, "bench %d %llu", k, (unsigned long long)i);
	Dpb__NoteAdded n = DPB__NOTE_ADDED__INIT;
	n.target_kind = DPB__TARGET_KIND__TARGET_ACTOR;
	n.target_name = "Sony Pictures";
	n.text = text;
	Dpb__Event e = DPB__EVENT__INIT;
	e.payload_case = DPB__EVENT__PAYLOAD_NOTE;
	e.note = &n;
	size_t len = dpb__event__get_packed_size(&e);
	dsr_buf_reserve(b, len + 4);
	dsr_frame_header(b->data, (uint32_t)len);
	dpb__event__pack(&e, b->data + 4);
	b->len = len + 4;
}

static void *appender(void *arg)
{
	struct worker *w = arg;
	struct sb_conn c;
	sb_connect(&c, sock_path);
	if (!baseline)
		sb_hello(&c);
	dsr_buf b = DSR_BUF_INIT;
	for (uint64_t i = 0; !atomic_load(&stopping); i++) {
		uint64_t t0 = sb_now_ns();
		if (baseline) {
			event_bytes(&b, w->k, i);
			sb_write(&c, b.data, b.len);
			size_t len;
			if (!sb_frame(&c, &len))
				sb_die("baseline closed");
		} else {
			sb_send_notes(&c, 1, "bench", i, 0);
			Dpb__Response *rs = sb_recv(&c);
			if (rs->body_case != DPB__RESPONSE__BODY_APPENDED ||
			    rs->appended->stored != 1)
				w->errors++;
			dpb__response__free_unpacked(rs, NULL);
		}
		record(w, sb_now_ns() - t0);
	}
	dsr_buf_free(&b);
	close(c.fd);
	return NULL;
}

static void *querier(void *arg)
{
	struct worker *w = arg;
	struct sb_conn c;
	sb_connect(&c, sock_path);
	sb_hello(&c);
	for (uint64_t i = 0; !atomic_load(&stopping); i++) {
		Dpb__Request rq = DPB__REQUEST__INIT;
		Dpb__Page pg = DPB__PAGE__INIT;
		pg.limit = 20;
		Dpb__QueryActors qa = DPB__QUERY_ACTORS__INIT;
		Dpb__QueryClaims qc = DPB__QUERY_CLAIMS__INIT;
		Dpb__QueryTimeline qt = DPB__QUERY_TIMELINE__INIT;
		Dpb__QueryActor q1 = DPB__QUERY_ACTOR__INIT;
		switch (i % 4) {
		case 0:
			qa.page = &pg;
			rq.body_case = DPB__REQUEST__BODY_ACTORS;
			rq.actors = &qa;
			break;
		case 1:
			qc.about = "North Korea";
			qc.stance = qc.hedged = -1;
			qc.page = &pg;
			rq.body_case = DPB__REQUEST__BODY_CLAIMS;
			rq.claims = &qc;
			break;
		case 2:
			qt.from = "2014-11-01";
			qt.page = &pg;
			rq.body_case = DPB__REQUEST__BODY_TIMELINE;
			rq.timeline = &qt;
			break;
		default:
			q1.name = "GOP";
			q1.limit = 20;
			rq.body_case = DPB__REQUEST__BODY_ACTOR;
			rq.actor = &q1;
			break;
		}
		uint64_t t0 = sb_now_ns();
		sb_send(&c, &rq);
		Dpb__Response *rs = sb_recv(&c);
		if (rs->body_case == DPB__RESPONSE__BODY_ERROR &&
		    rs->error->code != DSR_ENOTFOUND)
			w->errors++;
		dpb__response__free_unpacked(rs, NULL);
		record(w, sb_now_ns() - t0);
		record_kind(w, (int)(i % 4), sb_now_ns() - t0);
		usleep(1000);
	}
	close(c.fd);
	return NULL;
}

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--socket") && i + 1 < argc)
			sock_path = argv[++i];
		else if (!strcmp(argv[i], "--clients") && i + 1 < argc)
			nclients = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--seconds") && i + 1 < argc)
			seconds = atof(argv[++i]);
		else if (!strcmp(argv[i], "--baseline"))
			baseline = true;
		else if (!strcmp(argv[i], "--query"))
			query = true;
		else {
			fprintf(stderr, "usage: bench_svc_load --socket PATH [--baseline] "
					"[--clients N] [--seconds S] [--query]\n");
			return 2;
		}
	}
	if (!sock_path)
		return 2;
	struct worker *w = calloc((size_t)nclients + 1, sizeof *w);
	for (int k = 0; k < nclients; k++) {
		w[k].k = k;
		pthread_create(&w[k].t, NULL, appender, &w[k]);
	}
	if (query)
		pthread_create(&w[nclients].t, NULL, querier, &w[nclients]);
	usleep(1000000);  /* warm up */
	atomic_store(&measuring, true);
	uint64_t t0 = sb_now_ns();
	usleep((useconds_t)(seconds * 1e6));
	atomic_store(&measuring, false);
	double el = (double)(sb_now_ns() - t0) / 1e9;
	atomic_store(&stopping, true);
	for (int k = 0; k < nclients + (query ? 1 : 0); k++)
		pthread_join(w[k].t, NULL);
	size_t total = 0;
	uint64_t errors = 0;
	for (int k = 0; k < nclients; k++) {
		total += w[k].n;
		errors += w[k].errors;
	}
	uint64_t *all = malloc((total ? total : 1) * sizeof *all);
	size_t j = 0;
	for (int k = 0; k < nclients; k++) {
		memcpy(all + j, w[k].lat, w[k].n * sizeof *all);
		j += w[k].n;
	}
	uint64_t p50 = sb_quantile(all, total, 0.5), p99 = sb_quantile(all, total, 0.99);
	printf("target=%s clients=%d seconds=%.1f acks=%zu acks_per_s=%.0f p50_ms=%.3f p99_ms=%.3f errors=%llu",
	       baseline ? "baseline" : "dossierd", nclients, el, total, (double)total / el,
	       (double)p50 / 1e6, (double)p99 / 1e6, (unsigned long long)errors);
	if (query) {
		struct worker *q = &w[nclients];
		uint64_t q50 = sb_quantile(q->lat, q->n, 0.5), q99 = sb_quantile(q->lat, q->n, 0.99);
		printf(" queries=%zu query_p50_ms=%.3f query_p99_ms=%.3f query_errors=%llu", q->n,
		       (double)q50 / 1e6, (double)q99 / 1e6, (unsigned long long)q->errors);
		for (int k = 0; k < 4; k++)
			printf(" %s_p50_ms=%.3f %s_p99_ms=%.3f", kinds[k],
			       (double)sb_quantile(q->kl[k], q->kn[k], 0.5) / 1e6, kinds[k],
			       (double)sb_quantile(q->kl[k], q->kn[k], 0.99) / 1e6);
	}
	printf("\n");
	return 0;
}
