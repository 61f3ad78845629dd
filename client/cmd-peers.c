/* cmd-peers.c: `dossier peers`: replication peers, their state and lag,
 * this daemon's peer key, its allow-list and quarantined origins. */
#include "cmd.h"
#include "client.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static int opt(int c, const char *arg, void *ctx)
{
	(void)c;
	(void)arg;
	(void)ctx;
	return DSR_EXIT_USAGE;
}

static const char *num(uint64_t v)
{
	static char ring[8][24];
	static unsigned k;
	char *o = ring[k++ % 8];
	snprintf(o, 24, "%" PRIu64, v);
	return o;
}

static const char *secs(double s)
{
	static char ring[4][24];
	static unsigned k;
	char *o = ring[k++ % 4];
	if (s < 0)
		snprintf(o, 24, "-");
	else if (s < 120)
		snprintf(o, 24, "%.1fs", s);
	else if (s < 7200)
		snprintf(o, 24, "%.0fm", s / 60);
	else
		snprintf(o, 24, "%.0fh", s / 3600);
	return o;
}

static int peers_exec(int argc, char **argv)
{
	static const struct option own[] = { { NULL, 0, NULL, 0 } };
	int first, rc = copts_parse(argc, argv, own, opt, NULL, &first);
	if (rc)
		return rc;
	if (first != argc) {
		fprintf(stderr, "dossier peers: unexpected argument '%s'\n", argv[first]);
		return DSR_EXIT_USAGE;
	}
	struct dcl *d = dcl_open("peers");
	Dpb__QueryPeers q = DPB__QUERY_PEERS__INIT;
	Dpb__Request rq = DPB__REQUEST__INIT;
	rq.body_case = DPB__REQUEST__BODY_PEERS;
	rq.peers = &q;
	Dpb__Response *rs = dcl_call(d, &rq);
	rc = dcl_check("peers", rs, DPB__RESPONSE__BODY_PEERS);
	if (rc == 0 && copts.json) {
		dsr_buf b = DSR_BUF_INIT;
		json_msg(&b, &rs->peers->base);
		dsr_buf_putc(&b, '\n');
		json_flush(&b);
		dsr_buf_free(&b);
	} else if (rc == 0) {
		const Dpb__PeerList *pl = rs->peers;
		printf("peer key: %s\n", hexs(pl->key.data, pl->key.len, 0));
		static const char *const cols[] = {
			"PEER", "KEY", "DIR", "STATE", "FOR", "SENT", "RECEIVED",
			"THEY LACK", "WE LACK", "HEARD", "LAST ERROR:60",
		};
		struct table *t = table_new(11, cols);
		for (size_t i = 0; i < pl->n_peers; i++) {
			const Dpb__PeerInfo *p = pl->peers[i];
			char state[64];
			snprintf(state, sizeof state, "%s%s", p->state,
				 p->attempts ? " (retrying)" : "");
			table_add(t, p->address, p->key.len ? hexs(p->key.data, p->key.len, 16) : "-",
				  p->outgoing ? (p->continuous ? "out" : "sync") : "in", state,
				  secs(p->since), num(p->sent), num(p->received), num(p->lag_events),
				  num(p->peer_ahead),
				  p->last_ms_ago > 0 || !strcmp(p->state, "live") ?
				  secs(p->last_ms_ago / 1000) : "-", p->last_error);
		}
		if (pl->n_peers)
			table_print(t, stdout);
		else
			printf("no peers connected or configured\n");
		table_free(t);
		printf("allowed: %zu peer key(s)\n", pl->n_allowed);
		for (size_t i = 0; i < pl->n_allowed; i++)
			printf("  %s\n", hexs(pl->allowed[i].data, pl->allowed[i].len, 0));
		for (size_t i = 0; i < pl->n_quarantined; i++)
			printf("quarantined (forked): origin %s, heads at seq %" PRIu64 " and %" PRIu64 "\n",
			       hexs(pl->quarantined[i]->origin.data, pl->quarantined[i]->origin.len, 0),
			       pl->quarantined[i]->seq_a, pl->quarantined[i]->seq_b);
	}
	dpb__response__free_unpacked(rs, NULL);
	dcl_close(d);
	return rc;
}

const struct dsr_cmd cmd_peers_entry = {
	.name = "peers",
	.usage = "[--json]",
	.summary = "show replication peers, their state and lag",
	.help =
"Lists the peers dossierd replicates with: outgoing ones (--peer, and\n"
"syncs in progress) and incoming ones, with their state (connecting,\n"
"authenticating, live, backoff), events sent and received, how many events\n"
"we hold that the peer lacks (THEY LACK) and the peer holds that we lack\n"
"(WE LACK), how long ago we heard from it, and the last error.  Then this\n"
"daemon's peer key (for the allow-lists of its peers), its own allow-list,\n"
"and any origin quarantined because it forked.\n"
"\n",
	.exec = peers_exec,
};
