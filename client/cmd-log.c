/* cmd-log.c: `dossier log`: a range of the raw event log. */
#include "cmd.h"
#include "logprint.h"

#include <inttypes.h>
#include <string.h>

struct args {
	uint64_t from, limit;
};

static int opt(int c, const char *arg, void *ctx)
{
	struct args *a = ctx;
	switch (c) {
	case 'f': a->from = copts_u64("log", "--from", arg); return 0;
	case 'n': a->limit = copts_u64("log", "--limit", arg); return 0;
	}
	return DSR_EXIT_USAGE;
}

static int log_exec(int argc, char **argv)
{
	static const struct option own[] = {
		{ "from", required_argument, NULL, 'f' },
		{ "limit", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	struct args a = { 1, 0 };
	int first, rc = copts_parse(argc, argv, own, opt, &a, &first);
	if (rc)
		return rc;
	if (first != argc) {
		fprintf(stderr, "dossier log: unexpected argument '%s'\n", argv[first]);
		return DSR_EXIT_USAGE;
	}
	struct dcl *d = dcl_open("log");
	uint64_t pos = a.from ? a.from : 1, got = 0;
	dsr_buf out = DSR_BUF_INIT;
	for (;;) {
		Dpb__QueryLog q = DPB__QUERY_LOG__INIT;
		q.from = pos;
		uint64_t want = a.limit ? a.limit - got : 1000;
		q.limit = (uint32_t)(want > 1000 ? 1000 : want);
		Dpb__Request rq = DPB__REQUEST__INIT;
		rq.body_case = DPB__REQUEST__BODY_LOG;
		rq.log = &q;
		Dpb__Response *rs = dcl_call(d, &rq);
		if ((rc = dcl_check("log", rs, DPB__RESPONSE__BODY_LOG)) != 0) {
			dpb__response__free_unpacked(rs, NULL);
			break;
		}
		const Dpb__LogBatch *b = rs->log;
		for (size_t i = 0; i < b->n_events; i++) {
			event_print(b->events[i]->pos, b->events[i]->event.data,
				    b->events[i]->event.len, &out);
			pos = b->events[i]->pos + 1;
		}
		got += b->n_events;
		json_flush(&out);
		bool done = b->n_events == 0 || pos >= b->end || (a.limit && got >= a.limit);
		dpb__response__free_unpacked(rs, NULL);
		if (done)
			break;
	}
	dsr_buf_free(&out);
	dcl_close(d);
	return rc;
}

const struct dsr_cmd cmd_log_entry = {
	.name = "log",
	.usage = "[--from POS] [--limit N] [--json]",
	.summary = "print a range of the raw event log",
	.help =
"Prints events of the log in position order: position, origin:seq, author,\n"
"kind and a summary; with --json, one object per line holding the position\n"
"and the decoded event.\n"
"\n"
"  --from POS    the first position (default 1, the beginning)\n"
"  --limit N     at most N events (default: to the end of the log)\n"
"\n",
	.exec = log_exec,
};
