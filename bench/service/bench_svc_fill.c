/* bench_svc_fill.c: benchmark (d): appends N note events to dossierd in
 * batches (several connections, requests pipelined), then asks its status:
 * events/s and the daemon's resident memory.
 *
 * usage: bench_svc_fill --socket PATH [--events 1000000] [--batch 1000]
 *                       [--conns 4]
 */
#include "svcbench.h"

#include <pthread.h>

static const char *sock_path;
static uint64_t total = 1000000;
static size_t batch = 1000;
static int conns = 4;

static void *filler(void *arg)
{
	uint64_t n = (uint64_t)(uintptr_t)arg;
	struct sb_conn c;
	sb_connect(&c, sock_path);
	sb_hello(&c);
	uint64_t sent = 0, acked = 0;
	int inflight = 0;
	while (acked < n) {
		while (inflight < 4 && sent < n) {
			size_t k = n - sent < batch ? (size_t)(n - sent) : batch;
			sb_send_notes(&c, k, "fill", sent, 40);
			sent += k;
			inflight++;
		}
		Dpb__Response *rs = sb_recv(&c);
		if (rs->body_case != DPB__RESPONSE__BODY_APPENDED) {
			fprintf(stderr, "fill: append failed\n");
			exit(1);
		}
		acked += rs->appended->n_local;
		inflight--;
		dpb__response__free_unpacked(rs, NULL);
	}
	close(c.fd);
	return NULL;
}

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--socket") && i + 1 < argc)
			sock_path = argv[++i];
		else if (!strcmp(argv[i], "--events") && i + 1 < argc)
			total = strtoull(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--batch") && i + 1 < argc)
			batch = strtoul(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--conns") && i + 1 < argc)
			conns = atoi(argv[++i]);
		else {
			fprintf(stderr, "usage: bench_svc_fill --socket PATH [--events N] [--batch B] [--conns C]\n");
			return 2;
		}
	}
	if (!sock_path)
		return 2;
	pthread_t t[64];
	uint64_t t0 = sb_now_ns();
	for (int k = 0; k < conns; k++)
		pthread_create(&t[k], NULL, filler,
			       (void *)(uintptr_t)(total / (uint64_t)conns +
						   (k == 0 ? total % (uint64_t)conns : 0)));
	for (int k = 0; k < conns; k++)
		pthread_join(t[k], NULL);
	double el = (double)(sb_now_ns() - t0) / 1e9;
	struct sb_conn c;
	sb_connect(&c, sock_path);
	sb_hello(&c);
	Dpb__QueryStatus q = DPB__QUERY_STATUS__INIT;
	Dpb__Request rq = DPB__REQUEST__INIT;
	rq.body_case = DPB__REQUEST__BODY_STATUS;
	rq.status = &q;
	sb_send(&c, &rq);
	Dpb__Response *rs = sb_recv(&c);
	if (rs->body_case != DPB__RESPONSE__BODY_STATUS)
		return 1;
	printf("events=%llu seconds=%.1f events_per_s=%.0f log_end=%llu rss_mb=%.1f file_mb=%.1f\n",
	       (unsigned long long)total, el, (double)total / el,
	       (unsigned long long)rs->status->log_end,
	       (double)rs->status->rss_bytes / (1 << 20),
	       (double)rs->status->file_bytes / (1 << 20));
	dpb__response__free_unpacked(rs, NULL);
	return 0;
}
