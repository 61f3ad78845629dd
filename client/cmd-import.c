/* cmd-import.c: `dossier import FILE`: a dossier.export/1 document, a STIX
 * 2.1 bundle or a MISP event into this knowledge base, told apart by what
 * the JSON holds.  Other platforms' documents go to import_ti.c; a dossier
 * export is read here.  The document carries every event of the exporting
 * store's log and the signed heads that cover them; the events are sent
 * verbatim (Append{raw}) with the heads (Append{heads}) and stored after
 * the same checks as events from a peer: per origin, a hash chain that
 * continues what the daemon holds, up to a head its origin signed.  Views
 * are a function of the set of events, so the importing store ends with
 * the exporter's view digest when it held nothing else, and importing
 * twice adds nothing: each event already held is reported as a duplicate.
 *
 * The reading happens here, not in the daemon, so a large file never
 * travels as one request: import_batch.c cuts each origin's events at its
 * heads and packs the parts into requests under the frame limit, each
 * origin's in seq order. */
#include "client.h"
#include "cmd.h"
#include "error.h"
#include "export.h"
#include "import_batch.h"
#include "import_ti.h"
#include "jsonparse.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* A request holds at most this many events, and this many bytes as
 * encoded: a frame less room for the envelope (the daemon takes up to
 * 100,000 events; an event is at most an article, below the frame limit). */
#define BATCH_EVENTS 65536
#define BATCH_BYTES (DSR_FRAME_MAX - (4u << 10))

static int collect(void *ctx, const uint8_t *ev, size_t n)
{
	struct imp *im = ctx;
	if (im->n == im->cap) {
		im->cap = im->cap ? 2 * im->cap : 1024;
		im->ev = xrealloc(im->ev, im->cap * sizeof *im->ev);
		im->len = xrealloc(im->len, im->cap * sizeof *im->len);
	}
	/* ev lives only during the call. */
	im->ev[im->n] = xmalloc(n ? n : 1);
	memcpy(im->ev[im->n], ev, n);
	im->len[im->n++] = n;
	return 0;
}

static int collect_head(void *ctx, const dsr_head *h)
{
	struct imp *im = ctx;
	if (im->nh == im->caph) {
		im->caph = im->caph ? 2 * im->caph : 64;
		im->heads = xrealloc(im->heads, im->caph * sizeof *im->heads);
	}
	im->heads[im->nh++] = *h;
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
	struct dcl *d;
	const struct imp *im;
	uint64_t stored, dup, refused;
	int first_err;
	size_t first_at;          /* the first refused event, in the file */
};

/* Sends events ev[idx[0..n)] with heads as one Append and counts the
 * answers. */
static int send_batch(void *ctx, const size_t *idx, size_t n, const dsr_head *heads,
		      size_t nh)
{
	struct tally *t = ctx;
	ProtobufCBinaryData *raw = xcalloc(n, sizeof *raw);
	ProtobufCBinaryData *hb = xcalloc(nh + 1, sizeof *hb);
	uint8_t (*enc)[DSR_HEAD_LEN] = xcalloc(nh + 1, sizeof *enc);
	for (size_t i = 0; i < n; i++) {
		raw[i].data = t->im->ev[idx[i]];
		raw[i].len = t->im->len[idx[i]];
	}
	for (size_t i = 0; i < nh; i++) {
		dsr_head_encode(&heads[i], enc[i]);
		hb[i].data = enc[i];
		hb[i].len = DSR_HEAD_LEN;
	}
	Dpb__Append a = DPB__APPEND__INIT;
	a.raw = raw;
	a.n_raw = n;
	a.heads = hb;
	a.n_heads = nh;
	Dpb__Request rq = DPB__REQUEST__INIT;
	rq.body_case = DPB__REQUEST__BODY_APPEND;
	rq.append = &a;
	Dpb__Response *rs = dcl_call(t->d, &rq);
	int rc = dcl_check("import", rs, DPB__RESPONSE__BODY_APPENDED);
	for (size_t k = 0; !rc && k < rs->appended->n_raw && k < n; k++) {
		int st = rs->appended->raw[k]->status;
		if (st == 0) {
			t->stored++;
		} else if (st == DSR_EDUP) {
			t->dup++;
		} else if (!t->refused++ || idx[k] < t->first_at) {
			t->first_err = st;
			t->first_at = idx[k];
		}
	}
	dpb__response__free_unpacked(rs, NULL);
	free(raw);
	free(hb);
	free(enc);
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
		fprintf(stderr, "usage: dossier import FILE (a dossier export --format json, a STIX "
			"2.1 bundle or a MISP event)\n");
		return DSR_EXIT_USAGE;
	}
	const char *path = argv[first];
	size_t len;
	uint8_t *doc = read_file(path, &len);
	if (!doc) {
		fprintf(stderr, "dossier import: cannot read %s: %s\n", path, strerror(errno));
		return DSR_EXIT_INPUT;
	}
	int kind = dsr_import_detect(doc, len);
	if (kind == DSR_EDECODE) {
		fprintf(stderr, "dossier import: %s: not JSON (or nested deeper than %d)\n", path,
			DSR_JSON_MAX_DEPTH);
		free(doc);
		return DSR_EXIT_INPUT;
	}
	if (kind == DSR_IMPORT_STIX || kind == DSR_IMPORT_MISP) {
		rc = import_ti(path, doc, len);
		free(doc);
		return rc;
	}
	struct imp im = { 0 };
	int r = dsr_import_json(doc, len, collect, collect_head, &im);
	free(doc);
	if (r < 0) {
		fprintf(stderr, "dossier import: %s: %s\n", path,
			r == DSR_EFORMAT ? "written by a newer dossier (a later export schema); "
					   "update this one to import it" :
			r == DSR_EDECODE ? "not a dossier export (JSON with schema "
					   "\"dossier.export/1\" and its events), a STIX 2.1 "
					   "bundle ({\"type\": \"bundle\"}) or a MISP event "
					   "({\"Event\": ...})" : dsr_strerror(r));
		rc = DSR_EXIT_INPUT;
		goto out;
	}
	struct tally t = { .im = &im };
	if (im.n) {
		t.d = dcl_open("import");
		rc = imp_batches(&im, BATCH_EVENTS, BATCH_BYTES, send_batch, &t);
		dcl_close(t.d);
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
		free(im.ev[i]);
	free(im.ev);
	free(im.len);
	free(im.heads);
	return rc;
}

const struct dsr_cmd cmd_import_entry = {
	.name = "import",
	.usage = "FILE [--author NAME] [--json]",
	.summary = "import a dossier export, a STIX 2.1 bundle or a MISP event",
	.help =
"Reads FILE (or - for stdin) and tells by its JSON what it is.\n"
"\n"
"A STIX 2.1 bundle ({\"type\": \"bundle\"}) or a MISP event ({\"Event\": ...},\n"
"or MISP's search answer {\"response\": [...]}): its reports with text (a STIX\n"
"report's description and the content of the notes it refers to; a MISP\n"
"event's info and text attributes) are filed as articles and extracted,\n"
"with their title, publisher, URL and date; the names of its actors (STIX\n"
"intrusion-sets, threat-actors, identities and locations with aliases, MISP\n"
"galaxy clusters with synonyms and threat-actor objects) are judged the same\n"
"(as dossier merge does); everything else (indicators, relationships,\n"
"opinions, attributes, ...) is kept as a note on the article of its report.\n"
"A cover article lists the actors and the rest, one line each.  Judgements\n"
"and notes are in your name (--author) and name the file, so dossier why\n"
"shows where they came from.  The whole file is read first: one that is not\n"
"a bundle or event, or has a property of the wrong type or a name or text\n"
"over dossier's limits, is refused with the place it went wrong, and nothing\n"
"is written (exit 5).  Importing the same file again adds nothing.\n"
"docs/interop.md has the mapping.\n"
"\n"
"A dossier export (dossier export --format json): the file's events are\n"
"stored as they were written; read on.\n"
"\n"
"Reads FILE, written by dossier export --format json (or - for stdin), and\n"
"stores its events as they were written, with their authors, origins and\n"
"signatures, after the checks events from a peer get: each origin's events\n"
"must be covered by a head that origin signed, which the export carries.\n"
"Events already here are counted and skipped, so importing twice adds\n"
"nothing; a store that held nothing else ends with the same view digest as\n"
"the exporter (dossier status --digest).  Reports events stored, already\n"
"here and refused; exits 1 if any was refused, 5 if FILE is not an export.\n"
"An export written before exports carried heads imports only what is\n"
"already here: export it again with this version.\n"
"\n",
	.exec = import_exec,
};
