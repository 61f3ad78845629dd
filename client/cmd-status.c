/* cmd-status.c: `dossier status`: what the daemon holds and how it runs. */
#include "cmd.h"
#include "list.h"

#include <inttypes.h>
#include <string.h>

static int opt(int c, const char *arg, void *ctx)
{
	(void)arg;
	if (c == 'd') {
		*(bool *)ctx = true;
		return 0;
	}
	return DSR_EXIT_USAGE;
}

static const char *mib(uint64_t v)
{
	static char ring[4][32];
	static unsigned k;
	char *out = ring[k++ % 4];
	snprintf(out, 32, "%.1f MiB", (double)v / (1 << 20));
	return out;
}

static int status_exec(int argc, char **argv)
{
	static const struct option own[] = {
		{ "digest", no_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 },
	};
	bool digest = false;
	int first, rc = copts_parse(argc, argv, own, opt, &digest, &first);
	if (rc)
		return rc;
	if (first != argc) {
		fprintf(stderr, "dossier status: unexpected argument '%s'\n", argv[first]);
		return DSR_EXIT_USAGE;
	}
	struct dcl *d = dcl_open("status");
	Dpb__QueryStatus q = DPB__QUERY_STATUS__INIT;
	q.digest = digest;
	Dpb__Request rq = DPB__REQUEST__INIT;
	rq.body_case = DPB__REQUEST__BODY_STATUS;
	rq.status = &q;
	Dpb__Response *rs = dcl_call(d, &rq);
	rc = dcl_check("status", rs, DPB__RESPONSE__BODY_STATUS);
	if (rc == 0 && copts.json) {
		dsr_buf b = DSR_BUF_INIT;
		json_msg(&b, &rs->status->base);
		dsr_buf_putc(&b, '\n');
		json_flush(&b);
		dsr_buf_free(&b);
	} else if (rc == 0) {
		const Dpb__Status *s = rs->status;
		printf("server:      %s (protocol %u)\n", s->server, s->version);
		printf("replica:     %s\n", hexs(s->origin.data, s->origin.len, 0));
		printf("data:        %s\n", s->data_dir);
		printf("log end:     %" PRIu64 " (%" PRIu64 " events)\n", s->log_end, s->events);
		printf("articles:    %" PRIu64 "\n", s->articles);
		printf("actors:      %" PRIu64 " (%" PRIu64 " names)\n", s->actors, s->names);
		printf("claims:      %" PRIu64 "\n", s->claims);
		printf("entries:     %" PRIu64 "\n", s->entries);
		printf("notes:       %" PRIu64 "\n", s->notes);
		printf("store:       %s used, %s on disk, map %s\n", mib(s->used_bytes),
		       mib(s->file_bytes), mib(s->map_size));
		printf("memory:      %s resident\n", mib(s->rss_bytes));
		printf("uptime:      %.0f s, %" PRIu64 " commits, memory given back %" PRIu64
		       " times\n", s->uptime, s->commits, s->releases);
		printf("clients:     %u (%u subscribed)\n", s->clients, s->subscribers);
		printf("reads:       %" PRIu64 " of %" PRIu64 " answered from an answer kept since "
		       "the last commit\n", s->answers_reused, s->answers_reused + s->answers_read);
		if (s->digest.len)
			printf("digest:      %s\n", hexs(s->digest.data, s->digest.len, 0));
		printf("versions:\n");
		for (size_t i = 0; i < s->n_vv; i++)
			printf("  %s  %" PRIu64 "\n", hexs(s->vv[i]->origin.data,
						      s->vv[i]->origin.len, 0), s->vv[i]->seq);
	}
	dpb__response__free_unpacked(rs, NULL);
	dcl_close(d);
	return rc;
}

const struct dsr_cmd cmd_status_entry = {
	.name = "status",
	.usage = "[--digest] [--json]",
	.summary = "show what dossierd holds: counts, log position, versions, size",
	.help =
"Shows the daemon's version and replica id, the log's end, counts of\n"
"articles, actors, claims and timeline entries, the version vector (the\n"
"highest contiguous sequence number of every origin), the store's size,\n"
"the daemon's memory, uptime and clients.\n"
"\n"
"  --digest     also compute the digest of every view table (it scans them;\n"
"               two replicas with the same events have the same digest)\n"
"\n",
	.exec = status_exec,
};
