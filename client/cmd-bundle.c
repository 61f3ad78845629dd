/* cmd-bundle.c: `dossier bundle create|apply|vector`: events carried on a
 * file to a replica with no network (docs/bundle.md).  A bundle is the
 * stream of messages a peer would send, so applying one goes through
 * exactly the checks of the network path. */
#include "cmd.h"
#include "client.h"
#include "error.h"
#include "repl.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct args {
	const char *since;
	const char *out;
};

static int opt(int c, const char *arg, void *ctx)
{
	struct args *a = ctx;
	switch (c) {
	case 's': a->since = arg; return 0;
	case 'o': a->out = arg; return 0;
	}
	return DSR_EXIT_USAGE;
}

static char *slurp(const char *path, size_t max)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	char *b = xmalloc(max + 1);
	size_t n = fread(b, 1, max, f);
	fclose(f);
	b[n] = 0;
	return b;
}

struct since {
	Dpb__PeerVectorEntry *e;
	uint8_t (*origin)[DSR_ORIGIN_LEN];
	size_t n, cap;
};

static int add_since(void *ctx, const uint8_t origin[DSR_ORIGIN_LEN], uint64_t seq)
{
	struct since *s = ctx;
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 16;
		s->e = xrealloc(s->e, s->cap * sizeof *s->e);
		s->origin = xrealloc(s->origin, s->cap * sizeof *s->origin);
	}
	dpb__peer_vector_entry__init(&s->e[s->n]);
	memcpy(s->origin[s->n], origin, DSR_ORIGIN_LEN);
	s->e[s->n].seq = seq;
	s->n++;
	return 0;
}

static void write_frame(FILE *f, const Dpb__PeerMsg *m, const char *path, uint64_t *bytes)
{
	size_t n = dpb__peer_msg__get_packed_size(m);
	uint8_t hdr[4], *p = xmalloc(n ? n : 1);
	dsr_frame_header(hdr, (uint32_t)n);
	dpb__peer_msg__pack(m, p);
	if (fwrite(hdr, 1, 4, f) != 4 || fwrite(p, 1, n, f) != n) {
		fprintf(stderr, "dossier bundle create: cannot write %s: %s\n", path, strerror(errno));
		exit(DSR_EXIT_ERROR);
	}
	*bytes += 4 + n;
	free(p);
}

static int create(struct args *a)
{
	struct since s = { 0 };
	if (a->since) {
		const char *text = a->since;
		char *file = NULL;
		if (text[0] == '@' || access(text, R_OK) == 0) {
			file = slurp(text[0] == '@' ? text + 1 : text, 16u << 20);
			if (!file) {
				fprintf(stderr, "dossier bundle create: cannot read %s: %s\n",
					text[0] == '@' ? text + 1 : text, strerror(errno));
				return DSR_EXIT_INPUT;
			}
			text = file;
		}
		if (dsr_vector_parse(text, add_since, &s) < 0) {
			fprintf(stderr, "dossier bundle create: --since wants ORIGIN:SEQ entries "
				"(as `dossier bundle vector` prints them)\n");
			free(file);
			return DSR_EXIT_USAGE;
		}
		free(file);
	}
	char tmp[4200];
	snprintf(tmp, sizeof tmp, "%s.part", a->out);
	FILE *f = fopen(tmp, "wb");
	if (!f) {
		fprintf(stderr, "dossier bundle create: cannot create %s: %s\n", tmp, strerror(errno));
		return DSR_EXIT_ERROR;
	}
	uint8_t hdr[DSR_BUNDLE_HDR];
	dsr_bundle_header(hdr);
	fwrite(hdr, 1, sizeof hdr, f);
	uint64_t bytes = sizeof hdr, events = 0, batches = 0;

	struct dcl *d = dcl_open("bundle create");
	Dpb__PeerVectorEntry **ptr = xcalloc(s.n + 1, sizeof *ptr);
	for (size_t i = 0; i < s.n; i++) {
		s.e[i].origin.data = s.origin[i];
		s.e[i].origin.len = DSR_ORIGIN_LEN;
		ptr[i] = &s.e[i];
	}
	Dpb__BundleCreate bc = DPB__BUNDLE_CREATE__INIT;
	bc.n_since = s.n;
	bc.since = ptr;
	Dpb__Request rq = DPB__REQUEST__INIT;
	rq.body_case = DPB__REQUEST__BODY_BUNDLE;
	rq.bundle = &bc;
	uint64_t id = dcl_send(d, &rq);
	int rc = 0;
	for (bool end = false; !end;) {
		Dpb__Response *rs = dcl_recv(d);
		if (rs->body_case != DPB__RESPONSE__BODY_PEER) {
			if (rs->id == id || rs->id == 0) {
				rc = dcl_check("bundle create", rs, DPB__RESPONSE__BODY_PEER);
				dpb__response__free_unpacked(rs, NULL);
				break;
			}
			dpb__response__free_unpacked(rs, NULL);
			continue;
		}
		const Dpb__PeerMsg *m = rs->peer;
		write_frame(f, m, tmp, &bytes);
		if (m->body_case == DPB__PEER_MSG__BODY_EVENTS) {
			events += m->events->n_events;
			Dpb__PeerAck ack;
			if (dsr_bundle_ack(m, &ack)) {
				/* Written: the daemon may send the next batch. */
				batches++;
				Dpb__PeerMsg am = DPB__PEER_MSG__INIT;
				am.body_case = DPB__PEER_MSG__BODY_ACK;
				am.ack = &ack;
				Dpb__Request ar = DPB__REQUEST__INIT;
				ar.body_case = DPB__REQUEST__BODY_PEER;
				ar.peer = &am;
				dcl_send(d, &ar);
			}
		}
		end = m->body_case == DPB__PEER_MSG__BODY_DONE;
		dpb__response__free_unpacked(rs, NULL);
	}
	dcl_close(d);
	free(ptr);
	free(s.e);
	free(s.origin);
	if (rc == 0 && (fflush(f) != 0 || fsync(fileno(f)) != 0))
		rc = DSR_EXIT_ERROR;
	if (fclose(f) != 0)
		rc = DSR_EXIT_ERROR;
	if (rc == 0 && rename(tmp, a->out) != 0) {
		fprintf(stderr, "dossier bundle create: cannot rename %s to %s: %s\n", tmp,
			a->out, strerror(errno));
		rc = DSR_EXIT_ERROR;
	}
	if (rc) {
		unlink(tmp);
		return rc;
	}
	if (copts.json)
		printf("{\"file\":\"%s\",\"batches\":%" PRIu64 ",\"events\":%" PRIu64
		       ",\"bytes\":%" PRIu64 "}\n", a->out, batches, events, bytes);
	else
		printf("wrote %s: %" PRIu64 " events in %" PRIu64 " batches, %" PRIu64 " bytes\n",
		       a->out, events, batches, bytes);
	return 0;
}

/* Reads the next frame of the file; 0 at the end, -1 when truncated. */
static int read_frame(FILE *f, uint8_t **body, size_t *len)
{
	uint8_t hdr[4];
	size_t n = fread(hdr, 1, 4, f);
	if (n == 0)
		return 0;
	if (n != 4)
		return -1;
	uint32_t l = (uint32_t)hdr[0] << 24 | (uint32_t)hdr[1] << 16 | (uint32_t)hdr[2] << 8 | hdr[3];
	if (l > DSR_FRAME_MAX)
		return -1;
	*body = xrealloc(*body, l ? l : 1);
	if (fread(*body, 1, l, f) != l)
		return -1;
	*len = l;
	return 1;
}

struct applying {
	uint64_t done_id;
	unsigned inflight;     /* batches sent, not acknowledged */
	uint64_t refused;
	bool finished;
	uint64_t stored, batches;
};

/* Takes one response off the connection. */
static int take(struct dcl *d, struct applying *ap)
{
	Dpb__Response *rs = dcl_recv(d);
	int rc = 0;
	if (rs->body_case == DPB__RESPONSE__BODY_PEER) {
		const Dpb__PeerMsg *m = rs->peer;
		if (m->body_case == DPB__PEER_MSG__BODY_ACK) {
			if (ap->inflight)
				ap->inflight--;
			if (m->ack->status != 0 && m->ack->status != DSR_EDUP) {
				ap->refused++;
				fprintf(stderr, "dossier bundle apply: a batch of origin %s ending at "
					"seq %" PRIu64 " was refused: %s\n",
					hexs(m->ack->origin.data, m->ack->origin.len, 16), m->ack->seq,
					m->ack->message[0] ? m->ack->message : dsr_strerror(m->ack->status));
			}
		} else if (m->body_case == DPB__PEER_MSG__BODY_DONE && rs->id == ap->done_id) {
			ap->finished = true;
			ap->stored = m->done->events;
			ap->batches = m->done->batches;
		}
	} else if (rs->body_case == DPB__RESPONSE__BODY_ERROR) {
		rc = dcl_check("bundle apply", rs, 0);
	} else if (rs->body_case == DPB__RESPONSE__BODY_GOODBYE) {
		rc = dcl_check("bundle apply", rs, 0);
	}
	dpb__response__free_unpacked(rs, NULL);
	return rc;
}

static int apply(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "dossier bundle apply: cannot open %s: %s\n", path, strerror(errno));
		return DSR_EXIT_INPUT;
	}
	uint8_t hdr[DSR_BUNDLE_HDR];
	size_t hn = fread(hdr, 1, sizeof hdr, f);
	int r = dsr_bundle_check_header(hdr, hn);
	if (r < 0) {
		fprintf(stderr, "dossier bundle apply: %s: %s\n", path,
			r == DSR_EFORMAT ? "written by a newer dossier (bundle version too new)" :
			"not a dossier bundle");
		fclose(f);
		return DSR_EXIT_INPUT;
	}
	struct dcl *d = dcl_open("bundle apply");
	struct applying ap = { 0 };
	uint8_t *body = NULL;
	size_t len = 0;
	int rc = 0;
	bool saw_done = false, truncated = false;
	uint64_t frames = 0;
	while (rc == 0 && !saw_done) {
		r = read_frame(f, &body, &len);
		if (r <= 0) {
			truncated = r < 0 || !saw_done;
			break;
		}
		Dpb__PeerMsg *m = dpb__peer_msg__unpack(NULL, len, body);
		if (!m) {
			fprintf(stderr, "dossier bundle apply: %s: a malformed message (frame %" PRIu64 ")\n",
				path, frames);
			rc = DSR_EXIT_INPUT;
			break;
		}
		frames++;
		/* At most a window of batches unacknowledged, as a peer would. */
		while (rc == 0 && ap.inflight >= DSR_REPL_WINDOW)
			rc = take(d, &ap);
		Dpb__Request rq = DPB__REQUEST__INIT;
		rq.body_case = DPB__REQUEST__BODY_PEER;
		rq.peer = m;
		uint64_t id = dcl_send(d, &rq);
		if (m->body_case == DPB__PEER_MSG__BODY_EVENTS && m->events->head.len)
			ap.inflight++;
		if (m->body_case == DPB__PEER_MSG__BODY_DONE) {
			saw_done = true;
			ap.done_id = id;
		}
		dpb__peer_msg__free_unpacked(m, NULL);
	}
	fclose(f);
	free(body);
	if (truncated && rc == 0) {
		/* What came before was checked and applied batch by batch;
		 * the rest is missing. */
		while (rc == 0 && ap.inflight)
			rc = take(d, &ap);
		fprintf(stderr, "dossier bundle apply: %s is truncated: the batches before the cut "
			"were applied, the rest is missing\n", path);
		dcl_close(d);
		return rc ? rc : DSR_EXIT_INPUT;
	}
	while (rc == 0 && !ap.finished)
		rc = take(d, &ap);
	dcl_close(d);
	if (rc)
		return rc;
	if (copts.json)
		printf("{\"file\":\"%s\",\"stored\":%" PRIu64 ",\"batches\":%" PRIu64
		       ",\"refused\":%" PRIu64 "}\n", path, ap.stored, ap.batches, ap.refused);
	else
		printf("applied %s: %" PRIu64 " new events in %" PRIu64 " batches%s\n", path,
		       ap.stored, ap.batches, ap.refused ? "; some batches were refused" : "");
	return ap.refused ? DSR_EXIT_ERROR : 0;
}

static int vector(void)
{
	struct dcl *d = dcl_open("bundle vector");
	Dpb__QueryStatus q = DPB__QUERY_STATUS__INIT;
	Dpb__Request rq = DPB__REQUEST__INIT;
	rq.body_case = DPB__REQUEST__BODY_STATUS;
	rq.status = &q;
	Dpb__Response *rs = dcl_call(d, &rq);
	int rc = dcl_check("bundle vector", rs, DPB__RESPONSE__BODY_STATUS);
	if (rc == 0) {
		printf("# dossier version vector of %s: ORIGIN:SEQ\n",
		       hexs(rs->status->origin.data, rs->status->origin.len, 0));
		for (size_t i = 0; i < rs->status->n_vv; i++)
			printf("%s:%" PRIu64 "\n", hexs(rs->status->vv[i]->origin.data,
						       rs->status->vv[i]->origin.len, 0),
			       rs->status->vv[i]->seq);
	}
	dpb__response__free_unpacked(rs, NULL);
	dcl_close(d);
	return rc;
}

static int bundle_exec(int argc, char **argv)
{
	static const struct option own[] = {
		{ "since", required_argument, NULL, 's' },
		{ "output", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	struct args a = { 0 };
	/* -o is the one short option: accept it as --output. */
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "-o"))
			argv[i] = "--output";
	int first, rc = copts_parse(argc, argv, own, opt, &a, &first);
	if (rc)
		return rc;
	const char *sub = first < argc ? argv[first] : "";
	if (!strcmp(sub, "create") && first + 1 == argc) {
		if (!a.out) {
			fprintf(stderr, "dossier bundle create: where to? (-o FILE)\n");
			return DSR_EXIT_USAGE;
		}
		return create(&a);
	}
	if (!strcmp(sub, "apply") && first + 2 == argc && !a.out && !a.since)
		return apply(argv[first + 1]);
	if (!strcmp(sub, "vector") && first + 1 == argc && !a.out && !a.since)
		return vector();
	fprintf(stderr, "usage: dossier bundle create [--since VECTOR] -o FILE\n"
			"       dossier bundle apply FILE\n"
			"       dossier bundle vector\n");
	return DSR_EXIT_USAGE;
}

const struct dsr_cmd cmd_bundle_entry = {
	.name = "bundle",
	.usage = "create [--since VECTOR] -o FILE | apply FILE | vector",
	.summary = "carry events on a file to a replica with no network",
	.help =
"  create -o FILE     write the events dossierd holds into FILE, each batch\n"
"                     with its origin's signed head (docs/bundle.md)\n"
"    --since VECTOR   only what a replica holding VECTOR lacks: ORIGIN:SEQ\n"
"                     entries separated by commas or lines, or @FILE (as\n"
"                     `dossier bundle vector` prints them on that replica)\n"
"  apply FILE         check and store the events of FILE, with the checks\n"
"                     of the network path; applying a bundle twice changes\n"
"                     nothing.  Exit 1 if a batch was refused, 5 if the file\n"
"                     is not a bundle or is truncated (batches before the\n"
"                     cut are kept)\n"
"  vector             print this replica's version vector, for --since\n"
"\n",
	.exec = bundle_exec,
};
