/* cmd-import.c: `dossier import FILE`: a dossier.export/1 document into
 * this knowledge base.  The document carries every event of the exporting
 * store's log; they are sent verbatim (Append{raw}) and stored after the
 * same checks as events from a peer: signatures, hash chains, ids.  Views
 * are a function of the set of events, so the importing store ends with
 * the exporter's view digest when it held nothing else, and importing
 * twice adds nothing: each event already held is reported as a duplicate.
 *
 * The reading happens here, not in the daemon, so a large file never
 * travels as one request: events go in batches well under the frame limit,
 * in the document's (log) order, which keeps each origin's chain in order. */
#include "client.h"
#include "cmd.h"
#include "error.h"
#include "export.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* A batch holds at most this many events or bytes (one event bigger than
 * that goes alone; an event is at most an article, below the frame limit). */
#define BATCH_EVENTS 2000
#define BATCH_BYTES (4u << 20)

struct imp {
	ProtobufCBinaryData *ev;
	size_t n, cap;
};

static int collect(void *ctx, const uint8_t *ev, size_t n)
{
	struct imp *im = ctx;
	if (im->n == im->cap) {
		im->cap = im->cap ? 2 * im->cap : 1024;
		im->ev = xrealloc(im->ev, im->cap * sizeof *im->ev);
	}
	/* ev lives only during the call. */
	im->ev[im->n].data = xmalloc(n);
	memcpy(im->ev[im->n].data, ev, n);
	im->ev[im->n].len = n;
	im->n++;
	return 0;
}

static uint8_t *read_file(const char *path, size_t *len)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	if (!f)
		return NULL;
	size_t cap = 1 << 16, n = 0;
	uint8_t *b = xmalloc(cap);
	for (;;) {
		if (n == cap)
			b = xrealloc(b, cap *= 2);
		size_t r = fread(b + n, 1, cap - n, f);
		n += r;
		if (r == 0)
			break;
	}
	int err = ferror(f) ? errno : 0;
	if (f != stdin)
		fclose(f);
	if (err) {
		free(b);
		errno = err;
		return NULL;
	}
	*len = n;
	return b;
}

struct tally {
	uint64_t stored, dup, refused;
	int first_err;
	size_t first_at;
};

/* Sends events [i, j) as one Append{raw} and counts the answers. */
static int send_batch(struct dcl *d, const struct imp *im, size_t i, size_t j,
		      struct tally *t)
{
	Dpb__Append a = DPB__APPEND__INIT;
	a.raw = im->ev + i;
	a.n_raw = j - i;
	Dpb__Request rq = DPB__REQUEST__INIT;
	rq.body_case = DPB__REQUEST__BODY_APPEND;
	rq.append = &a;
	Dpb__Response *rs = dcl_call(d, &rq);
	int rc = dcl_check("import", rs, DPB__RESPONSE__BODY_APPENDED);
	for (size_t k = 0; !rc && k < rs->appended->n_raw; k++) {
		int st = rs->appended->raw[k]->status;
		if (st == 0) {
			t->stored++;
		} else if (st == DSR_EDUP) {
			t->dup++;
		} else {
			if (!t->refused++) {
				t->first_err = st;
				t->first_at = i + k;
			}
		}
	}
	dpb__response__free_unpacked(rs, NULL);
	return rc;
}

static int no_opt(int c, const char *arg, void *ctx)
{
	(void)c, (void)arg, (void)ctx;
	return DSR_EXIT_USAGE;
}

static int import_exec(int argc, char **argv)
{
	static const struct option own[] = { { NULL, 0, NULL, 0 } };
	int first, rc = copts_parse(argc, argv, own, no_opt, NULL, &first);
	if (rc)
		return rc;
	if (argc - first != 1) {
		fprintf(stderr, "usage: dossier import FILE (a dossier export --format json)\n");
		return DSR_EXIT_USAGE;
	}
	const char *path = argv[first];
	size_t len;
	uint8_t *doc = read_file(path, &len);
	if (!doc) {
		fprintf(stderr, "dossier import: cannot read %s: %s\n", path, strerror(errno));
		return DSR_EXIT_INPUT;
	}
	struct imp im = { NULL, 0, 0 };
	int r = dsr_import_json(doc, len, collect, &im);
	free(doc);
	if (r < 0) {
		fprintf(stderr, "dossier import: %s: %s\n", path,
			r == DSR_EFORMAT ? "written by a newer dossier (a later export schema); "
					   "update this one to import it" :
			r == DSR_EDECODE ? "not a dossier export (JSON with schema "
					   "\"dossier.export/1\" and its events)" : dsr_strerror(r));
		rc = DSR_EXIT_INPUT;
		goto out;
	}
	struct tally t = { 0, 0, 0, 0, 0 };
	if (im.n) {
		struct dcl *d = dcl_open("import");
		for (size_t i = 0; !rc && i < im.n;) {
			size_t j = i, bytes = 0;
			while (j < im.n && j - i < BATCH_EVENTS &&
			       (j == i || bytes + im.ev[j].len <= BATCH_BYTES))
				bytes += im.ev[j++].len;
			rc = send_batch(d, &im, i, j, &t);
			i = j;
		}
		dcl_close(d);
	}
	if (copts.json)
		printf("{\"events\":%zu,\"stored\":%" PRIu64 ",\"duplicates\":%" PRIu64
		       ",\"refused\":%" PRIu64 "}\n", im.n, t.stored, t.dup, t.refused);
	else
		printf("%s: %zu events: %" PRIu64 " stored, %" PRIu64 " already here, %" PRIu64
		       " refused\n", path, im.n, t.stored, t.dup, t.refused);
	if (t.refused) {
		fprintf(stderr, "dossier import: %" PRIu64 " event(s) refused; the first, event %zu "
			"of the file: %s\n", t.refused, t.first_at + 1, dsr_strerror(t.first_err));
		if (!rc)
			rc = DSR_EXIT_ERROR;
	}
out:
	for (size_t i = 0; i < im.n; i++)
		free(im.ev[i].data);
	free(im.ev);
	return rc;
}

const struct dsr_cmd cmd_import_entry = {
	.name = "import",
	.usage = "FILE [--json]",
	.summary = "import a dossier export (JSON): its events, checked and deduplicated",
	.help =
"Reads FILE, written by dossier export --format json (or - for stdin), and\n"
"stores its events as they were written, with their authors, origins and\n"
"signatures, after the checks events from a peer get.  Events already here\n"
"are counted and skipped, so importing twice adds nothing; a store that\n"
"held nothing else ends with the same view digest as the exporter (dossier\n"
"status --digest).  Reports events stored, already here and refused; exits\n"
"1 if any was refused, 5 if FILE is not an export.\n"
"\n",
	.exec = import_exec,
};
