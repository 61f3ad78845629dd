/* bench_svc_store.c: the store's own ceiling for benchmark (a): one thread
 * applying batches of B small note events with dsr_store_apply (synced),
 * no daemon, no sockets.  Beside dossierd's and the baseline's figures it
 * says how much of the gap is the service and how much the store's
 * transaction (log, indexes and views) costs over raw LMDB puts.
 *
 * usage: bench_svc_store DIR [--batch 64] [--seconds 5]
 */
#include "store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return 2;
	size_t batch = 64;
	double seconds = 5;
	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--batch") && i + 1 < argc)
			batch = strtoul(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--seconds") && i + 1 < argc)
			seconds = atof(argv[++i]);
	}
	dsr_store *s;
	int r = dsr_store_open(&s, argv[1], NULL);
	if (r < 0) {
		fprintf(stderr, "open: %d\n", r);
		return 1;
	}
	Dpb__Event *ev = calloc(batch, sizeof *ev);
	Dpb__NoteAdded *notes = calloc(batch, sizeof *notes);
	dsr_op *ops = calloc(batch, sizeof *ops);
	char (*texts)[64] = calloc(batch, 64);
	uint64_t t0 = now_ns(), n = 0, commits = 0;
	while ((double)(now_ns() - t0) / 1e9 < seconds) {
		for (size_t i = 0; i < batch; i++) {
			dpb__event__init(&ev[i]);
			dpb__note_added__init(&notes[i]);
			snprintf(texts[i], 64, "bench %llu", (unsigned long long)(n + i));
			notes[i].target_kind = DPB__TARGET_KIND__TARGET_ACTOR;
			notes[i].target_name = "Sony Pictures";
			notes[i].text = texts[i];
			ev[i].payload_case = DPB__EVENT__PAYLOAD_NOTE;
			ev[i].note = &notes[i];
			memset(&ops[i], 0, sizeof ops[i]);
			ops[i].type = DSR_OP_LOCAL;
			ops[i].event = &ev[i];
			ops[i].author = "bench";
		}
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		r = dsr_store_apply(s, ops, batch, (uint64_t)ts.tv_sec * 1000);
		if (r < 0) {
			fprintf(stderr, "apply: %d\n", r);
			return 1;
		}
		n += batch;
		commits++;
	}
	double el = (double)(now_ns() - t0) / 1e9;
	printf("target=store-inproc batch=%zu seconds=%.1f events_per_s=%.0f commit_ms=%.3f\n",
	       batch, el, (double)n / el, el * 1e3 / (double)commits);
	dsr_store_close(s);
	return 0;
}
