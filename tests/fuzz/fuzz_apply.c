/* fuzz_apply.c: any payload protobuf-c accepts, filed as a local event,
 * is stored or refused with a dossier error, and the views stay a function
 * of the set of events.
 *
 * The input is a list of events, each a 2-byte big-endian length and an
 * encoded dpb.Event.  Each one that decodes is filed on store A as a local
 * event (the store fills the envelope and derives empty fact ids; the
 * harness empties them, so changed content is not refused for its old id).
 * Then what A stored is replayed on store B as raw events, last first, and
 * the two digests must be equal; every 16 inputs A's views are rebuilt
 * from its log and must come out the same, and A's exports are made: the
 * JSON one must import into a fresh store with the same views, the STIX
 * one must parse as JSON, and all must be UTF-8.  Anything else aborts.  The
 * stores live across inputs (so curation finds earlier facts) and start
 * over every 512. */
#include "error.h"
#include "payload.h"
#include "export.h"
#include "jsonparse.h"
#include "utf8.h"
#include "store.h"
#include "fuzz_store.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_EVENTS 16

static dsr_store *a, *b;
static unsigned inputs;

static void cleanup(void)
{
	fuzz_store_drop(a);
	fuzz_store_drop(b);
}

static void digest(dsr_store *s, uint8_t out[DSR_HASH_LEN])
{
	dsr_rtxn *t;
	if (dsr_rtxn_begin(s, &t) || dsr_store_digest(t, out))
		abort();
	dsr_rtxn_end(t);
}

static uint64_t log_end(dsr_store *s)
{
	dsr_rtxn *t;
	if (dsr_rtxn_begin(s, &t))
		abort();
	uint64_t e = dsr_log_end(t);
	dsr_rtxn_end(t);
	return e;
}

/* Empties the fact ids the store derives for local events. */
static void clear_ids(Dpb__Event *ev)
{
#define CLEAR_NONE(f)
#define CLEAR_ARTICLE(f) ev->f->id.len = 0;
#define CLEAR_NAME(f) ev->f->id.len = 0;
#define CLEAR_SPAN(f) ev->f->id.len = 0;
	switch (ev->payload_case) {
#define XX(CASE, field, factid) case DPB__EVENT__PAYLOAD_##CASE: CLEAR_##factid(field) break;
	DSR_PAYLOADS(XX)
#undef XX
	DSR_PAYLOAD_NO_CASES:
		break;
	}
}

/* Replays A's log positions [from, to) on B, last first. */
static void replay(uint64_t from, uint64_t to)
{
	dsr_rtxn *t;
	if (to <= from || dsr_rtxn_begin(a, &t))
		return;
	size_t n = (size_t)(to - from);
	dsr_op *ops = calloc(n, sizeof *ops);
	if (!ops)
		abort();
	for (size_t i = 0; i < n; i++) {
		ops[i].type = DSR_OP_RAW;
		if (dsr_log_get(t, to - 1 - i, &ops[i].bytes, &ops[i].len))
			abort();
	}
	int rc = dsr_store_apply(b, ops, n, 0);
	for (size_t i = 0; i < n; i++)
		if (ops[i].status != 0 && ops[i].status != DSR_EDUP) {
			fprintf(stderr, "fuzz_apply: B refused A's event: %s\n",
				dsr_strerror(ops[i].status));
			abort();
		}
	if (rc < 0)
		abort();
	dsr_rtxn_end(t);
	free(ops);
}

static int import_ev(void *ctx, const uint8_t *ev, size_t n)
{
	dsr_store *c = ctx;
	dsr_op op = { .type = DSR_OP_RAW, .bytes = ev, .len = n };
	if (dsr_store_apply(c, &op, 1, 0) < 0 || (op.status && op.status != DSR_EDUP)) {
		fprintf(stderr, "fuzz_apply: an exported event was refused: %s\n",
			dsr_strerror(op.status));
		abort();
	}
	return 0;
}

static int import_head(void *ctx, const dsr_head *h)
{
	(void)ctx;
	(void)h;
	return 0;
}

/* A's exports: the JSON one imports into a fresh store with A's views,
 * the STIX one is JSON, CSV and DOT are made without error. */
static void exports_agree(const uint8_t want[DSR_HASH_LEN])
{
	dsr_rtxn *t;
	dsr_buf out = DSR_BUF_INIT;
	if (dsr_rtxn_begin(a, &t))
		abort();
	for (int f = DSR_EXPORT_JSON; f < DSR_EXPORT_NFORMATS; f++) {
		out.len = 0;
		if (dsr_export(t, f, 1418800000000ull, &out))
			abort();
		if (!dsr_utf8_valid(out.data, out.len)) {
			fprintf(stderr, "fuzz_apply: export %d is not UTF-8\n", f);
			abort();
		}
		dsr_json *j;
		if (f == DSR_EXPORT_STIX) {
			if (dsr_json_parse((const char *)out.data, out.len, &j))
				abort();
			dsr_json_free(j);
		}
		if (f == DSR_EXPORT_JSON) {
			dsr_store *c = fuzz_store_new();
			if (dsr_import_json(out.data, out.len, import_ev, import_head, c))
				abort();
			uint8_t got[DSR_HASH_LEN];
			digest(c, got);
			fuzz_store_drop(c);
			if (memcmp(got, want, DSR_HASH_LEN)) {
				fprintf(stderr, "fuzz_apply: the JSON export imports to other views\n");
				abort();
			}
		}
	}
	dsr_rtxn_end(t);
	dsr_buf_free(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!a) {
		atexit(cleanup);
	} else if (inputs % 512 == 0) {
		/* Start over now and then: rebuilds of a large store would
		 * slow the fuzzer down to a crawl. */
		fuzz_store_drop(a);
		fuzz_store_drop(b);
		a = NULL;
	}
	if (!a) {
		a = fuzz_store_new();
		b = fuzz_store_new();
	}
	Dpb__Event *evs[MAX_EVENTS];
	dsr_op ops[MAX_EVENTS];
	size_t n = 0;
	memset(ops, 0, sizeof ops);
	for (size_t off = 0; off + 2 <= size && n < MAX_EVENTS;) {
		size_t len = (size_t)data[off] << 8 | data[off + 1];
		off += 2;
		if (len > size - off)
			len = size - off;
		Dpb__Event *ev = dpb__event__unpack(NULL, len, data + off);
		off += len;
		if (!ev)
			continue;
		clear_ids(ev);
		evs[n] = ev;
		ops[n].type = DSR_OP_LOCAL;
		ops[n].event = ev;
		ops[n].author = "fuzz";
		n++;
	}
	uint64_t before = log_end(a);
	int rc = n ? dsr_store_apply(a, ops, n, 0) : 0;
	/* Whole-transaction failures are resources, never the input. */
	if (rc < 0 && rc != -12 /* ENOMEM */)
		abort();
	for (size_t i = 0; i < n; i++)
		dpb__event__free_unpacked(evs[i], NULL);
	replay(before, log_end(a));

	uint8_t da[DSR_HASH_LEN], db[DSR_HASH_LEN];
	digest(a, da);
	digest(b, db);
	if (memcmp(da, db, DSR_HASH_LEN)) {
		fprintf(stderr, "fuzz_apply: the same events, in another order, "
				"gave other views\n");
		abort();
	}
	if (++inputs % 16 == 0) {
		if (dsr_store_rebuild(a))
			abort();
		digest(a, db);
		if (memcmp(da, db, DSR_HASH_LEN)) {
			fprintf(stderr, "fuzz_apply: rebuilt views differ from live ones\n");
			abort();
		}
		exports_agree(da);
	}
	return 0;
}
