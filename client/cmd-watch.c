/* cmd-watch.c: `dossier watch`: stream every change as it lands. */
#include "cmd.h"
#include "logprint.h"

#include <inttypes.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

struct args {
	int from;
	uint64_t pos, count;
};

static int opt(int c, const char *arg, void *ctx)
{
	struct args *a = ctx;
	switch (c) {
	case 'f':
		a->pos = copts_u64("watch", "--from", arg);
		a->from = DPB__FROM__FROM_POSITION;
		return 0;
	case 'b': a->from = DPB__FROM__FROM_BEGINNING; return 0;
	case 'n': a->count = copts_u64("watch", "--count", arg); return 0;
	}
	return DSR_EXIT_USAGE;
}

static int watch_exec(int argc, char **argv)
{
	static const struct option own[] = {
		{ "from", required_argument, NULL, 'f' },
		{ "all", no_argument, NULL, 'b' },
		{ "count", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	struct args a = { DPB__FROM__FROM_NOW, 0, 0 };
	int first, rc = copts_parse(argc, argv, own, opt, &a, &first);
	if (rc)
		return rc;
	if (first != argc) {
		fprintf(stderr, "dossier watch: unexpected argument '%s'\n", argv[first]);
		return DSR_EXIT_USAGE;
	}
	signal(SIGPIPE, SIG_DFL);
	struct dcl *d = dcl_open("watch");
	Dpb__Subscribe q = DPB__SUBSCRIBE__INIT;
	q.from = a.from;
	q.pos = a.pos;
	Dpb__Request rq = DPB__REQUEST__INIT;
	rq.body_case = DPB__REQUEST__BODY_SUBSCRIBE;
	rq.subscribe = &q;
	uint64_t id = dcl_send(d, &rq), got = 0;
	dsr_buf out = DSR_BUF_INIT;
	for (;;) {
		Dpb__Response *rs = dcl_recv(d);
		if (rs->id != id && rs->id != 0) {
			dpb__response__free_unpacked(rs, NULL);
			continue;
		}
		if (rs->body_case == DPB__RESPONSE__BODY_SUBSCRIBED) {
			if (!copts.json)
				fprintf(stderr, "watching from position %" PRIu64 " (log end %" PRIu64 ")\n",
					rs->subscribed->pos, rs->subscribed->log_end);
			dpb__response__free_unpacked(rs, NULL);
			continue;
		}
		if ((rc = dcl_check("watch", rs, DPB__RESPONSE__BODY_LOG)) != 0) {
			dpb__response__free_unpacked(rs, NULL);
			break;
		}
		const Dpb__LogBatch *b = rs->log;
		bool done = false;
		for (size_t i = 0; i < b->n_events && !done; i++) {
			event_print(b->events[i]->pos, b->events[i]->event.data,
				    b->events[i]->event.len, &out);
			done = a.count && ++got >= a.count;
		}
		json_flush(&out);
		fflush(stdout);
		dpb__response__free_unpacked(rs, NULL);
		if (done)
			break;
	}
	dsr_buf_free(&out);
	dcl_close(d);
	return rc;
}

const struct dsr_cmd cmd_watch_entry = {
	.name = "watch",
	.usage = "[--from POS | --all] [--count N] [--json]",
	.summary = "stream every change as it lands",
	.help =
"Prints events as they are committed, in log order, each with its position,\n"
"so a watch can be resumed exactly where it stopped with --from.  A watcher\n"
"that falls behind is fed from the log and misses nothing; dossierd drops\n"
"one that stops reading for too long (the reason is printed; exit 3).\n"
"\n"
"  --from POS    start at log position POS (the backlog first, then live)\n"
"  --all         start at the beginning of the log\n"
"  --count N     exit after N events\n"
"\n"
"Without --from or --all, only events committed from now on are shown.\n"
"\n",
	.exec = watch_exec,
};
