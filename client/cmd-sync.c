/* cmd-sync.c: `dossier sync PEER`: the local dossierd connects to the
 * dossierd at PEER and exchanges events once, both ways. */
#include "cmd.h"
#include "client.h"

#include <inttypes.h>
#include <string.h>

static int opt(int c, const char *arg, void *ctx)
{
	if (c == 't') {
		*(uint64_t *)ctx = copts_u64("sync", "--timeout", arg);
		return 0;
	}
	return DSR_EXIT_USAGE;
}

static int sync_exec(int argc, char **argv)
{
	static const struct option own[] = {
		{ "timeout", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	uint64_t timeout = 0;
	int first, rc = copts_parse(argc, argv, own, opt, &timeout, &first);
	if (rc)
		return rc;
	if (first + 1 != argc) {
		fprintf(stderr, "dossier sync: which peer? (dossier sync HOST:PORT)\n");
		return DSR_EXIT_USAGE;
	}
	struct dcl *d = dcl_open("sync");
	Dpb__Sync s = DPB__SYNC__INIT;
	s.peer = argv[first];
	s.timeout_ms = (uint32_t)(timeout * 1000);
	Dpb__Request rq = DPB__REQUEST__INIT;
	rq.body_case = DPB__REQUEST__BODY_SYNC;
	rq.sync = &s;
	Dpb__Response *rs = dcl_call(d, &rq);
	rc = dcl_check("sync", rs, DPB__RESPONSE__BODY_SYNCED);
	if (rc == 0) {
		const Dpb__SyncResult *r = rs->synced;
		if (copts.json) {
			dsr_buf b = DSR_BUF_INIT;
			json_msg(&b, &r->base);
			dsr_buf_putc(&b, '\n');
			json_flush(&b);
			dsr_buf_free(&b);
		} else {
			printf("synced with %s (peer key %s) in %.2f s\n", r->peer,
			       hexs(r->peer_key.data, r->peer_key.len, 16), r->seconds);
			printf("  sent      %" PRIu64 " events in %" PRIu64 " batches\n",
			       r->sent, r->batches_sent);
			printf("  received  %" PRIu64 " events in %" PRIu64 " batches\n",
			       r->received, r->batches_received);
			if (r->rejected || r->forks)
				printf("  refused   %u batches; %u origins quarantined (forked)\n",
				       r->rejected, r->forks);
		}
		for (size_t i = 0; i < r->n_errors; i++)
			fprintf(stderr, "dossier sync: %s\n", r->errors[i]);
		if (r->rejected || r->forks)
			rc = DSR_EXIT_ERROR;
	}
	dpb__response__free_unpacked(rs, NULL);
	dcl_close(d);
	return rc;
}

const struct dsr_cmd cmd_sync_entry = {
	.name = "sync",
	.usage = "[--timeout SECS] HOST:PORT",
	.summary = "exchange events once, both ways, with the dossierd at HOST:PORT",
	.help =
"Asks the local dossierd to connect to the dossierd listening on HOST:PORT\n"
"(its --listen address), prove its peer key, and exchange events both\n"
"ways until each holds everything the other had: every batch is checked\n"
"(signature, hash chain, contiguity) before it is stored.  Each side must\n"
"have the other's peer key on its allow-list (dossierd --allow-peer, or\n"
"DATA/peers.conf; `dossier peers` shows this daemon's key).\n"
"\n"
"Exit status 1 when the peer's daemon refused the connection, a batch was\n"
"refused (the reasons are printed) or an origin was found forked.\n"
"\n"
"  --timeout SECS  give up after SECS seconds (default: 30 minutes)\n"
"\n",
	.exec = sync_exec,
};
