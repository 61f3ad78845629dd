/* bench_svc_subs.c: benchmark (c): S subscribers while one writer appends
 * at R events/s (each event carries its send time).
 *   phase 1: every subscriber reads: delivery lag p50/p99, events/s each;
 *   phase 2: subscriber 0 stops reading: the others' lag and events/s;
 *   phase 3: it reads again: how long it takes to catch up, and whether
 *            any event is missing or out of order (for every subscriber).
 *
 * usage: bench_svc_subs --socket PATH [--subs 100] [--rate 10000]
 *                       [--seconds 5]
 */
#include "svcbench.h"

#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>

#define POLLERS 2

static const char *sock_path;
static int nsubs = 100;
static double rate = 10000, seconds = 5;
static atomic_int phase;          /* 0 warm-up, 1, 2, 3, 4 done */
static atomic_bool stop_writer, stop_readers;
static atomic_uint_fast64_t written_end;   /* log end after the last ack */

struct sub {
	struct sb_conn c;
	uint64_t next;        /* next position expected */
	uint64_t gaps, disorder;
	uint64_t count[4];    /* events received per phase */
	uint64_t *lat[4];
	size_t nlat[4], cap[4];
	bool paused;
	uint64_t caught_up_ns;
	char goodbye[200];
};

static struct sub *subs;

static uint64_t rd_varint(const uint8_t **p, const uint8_t *end)
{
	uint64_t v = 0;
	for (int s = 0; *p < end && s < 64; s += 7) {
		uint8_t b = *(*p)++;
		v |= (uint64_t)(b & 0x7f) << s;
		if (!(b & 0x80))
			break;
	}
	return v;
}

/* Walks the fields of a message; returns field number, sets *val or
 * *sub and *sublen; 0 at the end. */
static uint32_t next_field(const uint8_t **p, const uint8_t *end, uint64_t *val,
			   const uint8_t **sub, size_t *sublen)
{
	if (*p >= end)
		return 0;
	uint64_t key = rd_varint(p, end);
	switch (key & 7) {
	case 0: *val = rd_varint(p, end); break;
	case 2: *sublen = (size_t)rd_varint(p, end); *sub = *p; *p += *sublen; break;
	case 1: *p += 8; break;
	case 5: *p += 4; break;
	default: *p = end; return 0;
	}
	return (uint32_t)(key >> 3);
}

/* The send time in a note event's text ("sub <ns> <i> ..."). */
static uint64_t stamp_of(const uint8_t *ev, size_t len)
{
	const uint8_t *p = ev, *end = ev + len, *s = NULL, *t = NULL;
	size_t n = 0, m = 0;
	uint64_t v;
	uint32_t f;
	while ((f = next_field(&p, end, &v, &s, &n))) {
		if (f != 23)
			continue;
		const uint8_t *q = s, *qe = s + n;
		while ((f = next_field(&q, qe, &v, &t, &m))) {
			if (f == 4 && m > 4 && !memcmp(t, "sub ", 4))
				return strtoull((const char *)t + 4, NULL, 10);
		}
	}
	return 0;
}

static void add_lat(struct sub *s, int ph, uint64_t ns)
{
	if (s->nlat[ph] == s->cap[ph]) {
		s->cap[ph] = s->cap[ph] ? 2 * s->cap[ph] : 4096;
		s->lat[ph] = realloc(s->lat[ph], s->cap[ph] * sizeof(uint64_t));
	}
	s->lat[ph][s->nlat[ph]++] = ns;
}

static void on_frame(struct sub *s, const uint8_t *b, size_t len)
{
	const uint8_t *p = b, *end = b + len, *body, *ev;
	size_t n, m;
	uint64_t v;
	uint32_t f;
	uint64_t now = sb_now_ns();
	int ph = atomic_load(&phase);
	if (ph > 3)
		ph = 3;
	while ((f = next_field(&p, end, &v, &body, &n))) {
		if (f == DPB__RESPONSE__BODY_GOODBYE) {
			snprintf(s->goodbye, sizeof s->goodbye, "%.*s", (int)n, body);
			continue;
		}
		if (f != DPB__RESPONSE__BODY_LOG)
			continue;
		const uint8_t *q = body, *qe = body + n;
		while ((f = next_field(&q, qe, &v, &ev, &m))) {
			if (f != 1)
				continue;
			const uint8_t *r = ev, *re = ev + m, *evb = NULL, *t;
			size_t evlen = 0, tl;
			uint64_t pos = 0, x;
			uint32_t g;
			while ((g = next_field(&r, re, &x, &t, &tl))) {
				if (g == 1)
					pos = x;
				else if (g == 2)
					evb = t, evlen = tl;
			}
			if (pos != s->next) {
				if (pos > s->next)
					s->gaps += pos - s->next;
				else
					s->disorder++;
			}
			s->next = pos + 1;
			s->count[ph]++;
			uint64_t st = evb ? stamp_of(evb, evlen) : 0;
			if (st && st <= now)
				add_lat(s, ph, now - st);
		}
	}
	if (ph == 3 && !s->caught_up_ns && s->next >= atomic_load(&written_end))
		s->caught_up_ns = now;
}

static void *poller(void *arg)
{
	int k0 = (int)(intptr_t)arg;
	struct pollfd pf[256];
	int idx[256];
	static __thread uint8_t buf[1 << 16];
	while (!atomic_load(&stop_readers)) {
		int n = 0;
		for (int k = k0; k < nsubs; k += POLLERS) {
			if (subs[k].paused)
				continue;
			pf[n].fd = subs[k].c.fd;
			pf[n].events = POLLIN;
			idx[n++] = k;
		}
		if (poll(pf, (nfds_t)n, 50) <= 0)
			continue;
		for (int i = 0; i < n; i++) {
			if (!(pf[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			struct sub *s = &subs[idx[i]];
			ssize_t r = recv(s->c.fd, buf, sizeof buf, MSG_DONTWAIT);
			if (r <= 0) {
				if (r == 0)
					s->paused = true;  /* closed: stop polling it */
				continue;
			}
			dsr_frame_feed(&s->c.dec, buf, (size_t)r);
			const uint8_t *body;
			size_t len;
			while (dsr_frame_next(&s->c.dec, &body, &len) == 1)
				on_frame(s, body, len);
		}
	}
	return NULL;
}

static struct sb_conn wc;

static void *ack_reader(void *arg)
{
	(void)arg;
	for (;;) {
		Dpb__Response *rs = sb_recv(&wc);
		if (rs->body_case == DPB__RESPONSE__BODY_APPENDED && rs->appended->n_local) {
			uint64_t e = rs->appended->local[rs->appended->n_local - 1]->pos + 1;
			if (e > atomic_load(&written_end))
				atomic_store(&written_end, e);
		}
		dpb__response__free_unpacked(rs, NULL);
	}
	return NULL;
}

static void *writer(void *arg)
{
	(void)arg;
	/* 100 ticks a second, rate/100 events each. */
	size_t per = (size_t)(rate / 100);
	uint64_t t = sb_now_ns();
	while (!atomic_load(&stop_writer)) {
		sb_send_notes(&wc, per, "sub", sb_now_ns(), 40);
		t += 10000000;
		uint64_t now = sb_now_ns();
		if (t > now)
			usleep((useconds_t)((t - now) / 1000));
	}
	return NULL;
}

static void report(const char *name, int ph, int from, double el)
{
	size_t total = 0;
	uint64_t ev = 0;
	for (int k = from; k < nsubs; k++) {
		total += subs[k].nlat[ph];
		ev += subs[k].count[ph];
	}
	uint64_t *all = malloc((total ? total : 1) * sizeof *all);
	size_t j = 0;
	for (int k = from; k < nsubs; k++) {
		memcpy(all + j, subs[k].lat[ph], subs[k].nlat[ph] * sizeof *all);
		j += subs[k].nlat[ph];
	}
	printf("%s: subscribers=%d events_per_s_each=%.0f lag_p50_ms=%.2f lag_p99_ms=%.2f\n",
	       name, nsubs - from, (double)ev / (nsubs - from) / el,
	       (double)sb_quantile(all, total, 0.5) / 1e6,
	       (double)sb_quantile(all, total, 0.99) / 1e6);
	free(all);
}

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--socket") && i + 1 < argc)
			sock_path = argv[++i];
		else if (!strcmp(argv[i], "--subs") && i + 1 < argc)
			nsubs = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--rate") && i + 1 < argc)
			rate = atof(argv[++i]);
		else if (!strcmp(argv[i], "--seconds") && i + 1 < argc)
			seconds = atof(argv[++i]);
		else {
			fprintf(stderr, "usage: bench_svc_subs --socket PATH [--subs N] [--rate R] [--seconds S]\n");
			return 2;
		}
	}
	if (!sock_path || nsubs < 2 || nsubs > 256)
		return 2;
	subs = calloc((size_t)nsubs, sizeof *subs);
	for (int k = 0; k < nsubs; k++) {
		struct sub *s = &subs[k];
		sb_connect(&s->c, sock_path);
		sb_hello(&s->c);
		Dpb__Subscribe q = DPB__SUBSCRIBE__INIT;
		q.from = DPB__FROM__FROM_NOW;
		Dpb__Request rq = DPB__REQUEST__INIT;
		rq.body_case = DPB__REQUEST__BODY_SUBSCRIBE;
		rq.subscribe = &q;
		sb_send(&s->c, &rq);
		Dpb__Response *rs = sb_recv(&s->c);
		if (rs->body_case != DPB__RESPONSE__BODY_SUBSCRIBED)
			sb_die("subscribe");
		s->next = rs->subscribed->pos;
		dpb__response__free_unpacked(rs, NULL);
	}
	sb_connect(&wc, sock_path);
	sb_hello(&wc);
	pthread_t pt[POLLERS], wt, at;
	for (int i = 0; i < POLLERS; i++)
		pthread_create(&pt[i], NULL, poller, (void *)(intptr_t)i);
	pthread_create(&at, NULL, ack_reader, NULL);
	pthread_create(&wt, NULL, writer, NULL);
	usleep(1000000);
	atomic_store(&phase, 1);
	usleep((useconds_t)(seconds * 1e6));
	subs[0].paused = true;  /* stops reading */
	atomic_store(&phase, 2);
	usleep((useconds_t)(seconds * 1e6));
	uint64_t resume = sb_now_ns();
	atomic_store(&phase, 3);
	subs[0].paused = false;
	/* Until it has caught up (or 60 s). */
	while (!subs[0].caught_up_ns && sb_now_ns() - resume < 60000000000ull)
		usleep(10000);
	atomic_store(&stop_writer, true);
	pthread_join(wt, NULL);
	/* Let every subscriber reach the last acknowledged event. */
	uint64_t end = atomic_load(&written_end);
	uint64_t t0 = sb_now_ns();
	for (;;) {
		bool all = true;
		for (int k = 0; k < nsubs; k++)
			all &= subs[k].next >= end;
		if (all || sb_now_ns() - t0 > 30000000000ull)
			break;
		usleep(10000);
	}
	atomic_store(&stop_readers, true);
	for (int i = 0; i < POLLERS; i++)
		pthread_join(pt[i], NULL);
	report("phase1 all reading", 1, 0, seconds);
	report("phase2 one stopped, the others", 2, 1, seconds);
	uint64_t gaps = 0, dis = 0, short_ = 0;
	for (int k = 0; k < nsubs; k++) {
		gaps += subs[k].gaps;
		dis += subs[k].disorder;
		short_ += subs[k].next < end;
		if (subs[k].goodbye[0])
			printf("subscriber %d dropped: %s\n", k, subs[k].goodbye);
	}
	double catchup = subs[0].caught_up_ns ?
		(double)(subs[0].caught_up_ns - resume) / 1e9 : -1;
	printf("phase3 resumed: catch_up_s=%.2f backlog_events=%llu\n", catchup,
	       (unsigned long long)subs[0].count[3]);
	printf("missing_events=%llu out_of_order=%llu subscribers_short_of_end=%llu log_end=%llu\n",
	       (unsigned long long)gaps, (unsigned long long)dis,
	       (unsigned long long)short_, (unsigned long long)end);
	return gaps || dis || short_ ? 1 : 0;
}
