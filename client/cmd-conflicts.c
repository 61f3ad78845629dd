/* cmd-conflicts.c: `dossier conflicts`: edits that lost.  A claim's status
 * or grade, an entry's date or removal, an actor's preferred name or kind
 * and the verdict on a pair of names are single values: the latest edit by
 * hybrid clock wins on every replica.  The edits it overrode are kept, and
 * listed here beside the value in force, so that two analysts who edited
 * the same thing concurrently can see it and settle it. */
#include "curate.h"
#include "hlc.h"
#include "list.h"

#include <stdlib.h>
#include <string.h>

struct cargs {
	bool all;
	uint32_t limit;
	const char *cursor;
};

static int opt(int c, const char *arg, void *ctx)
{
	struct cargs *a = ctx;
	switch (c) {
	case 'A': a->all = true; return 0;
	case 'n': a->limit = (uint32_t)copts_u64("conflicts", "--limit", arg); return 0;
	case 'c': a->cursor = arg; return 0;
	}
	return DSR_EXIT_USAGE;
}

static void item(struct listout *o, const Dpb__ConflictInfo *c)
{
	if (copts.json) {
		listout_json_item(o, &c->base);
		return;
	}
	char when[40];
	dsr_iso_time(DSR_HLC_MS(c->hlc), when);
	table_add(o->t, c->target, c->field, c->value, c->author, when,
		  c->current[0] ? c->current : "-", c->current_author);
}

static int conflicts_exec(int argc, char **argv)
{
	static const struct option own[] = {
		{ "all", no_argument, NULL, 'A' },
		{ "limit", required_argument, NULL, 'n' },
		{ "cursor", required_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 },
	};
	struct cargs a = { false, 0, NULL };
	int first, rc = copts_parse(argc, argv, own, opt, &a, &first);
	if (rc)
		return rc;
	if (first != argc) {
		fprintf(stderr, "dossier conflicts: unexpected argument '%s'\n", argv[first]);
		return DSR_EXIT_USAGE;
	}
	dsr_buf cursor = DSR_BUF_INIT;
	if (a.cursor) {
		size_t n = strlen(a.cursor) / 2;
		if (strlen(a.cursor) % 2 || dsr_buf_reserve(&cursor, n + 1) ||
		    dsr_unhex(a.cursor, cursor.data, n)) {
			fprintf(stderr, "dossier conflicts: --cursor wants the hex a previous page printed\n");
			return DSR_EXIT_USAGE;
		}
		cursor.len = n;
	}
	static const char *const cols[] = { "TARGET:40", "FIELD", "LOST:30", "BY:16", "AT",
					    "IN FORCE:30", "BY:16" };
	struct listout o = { NULL, DSR_BUF_INIT, 0 };
	if (!copts.json)
		o.t = table_new(7, cols);
	struct dcl *d = dcl_open("conflicts");
	uint64_t got = 0;
	for (;;) {
		Dpb__QueryConflicts q = DPB__QUERY_CONFLICTS__INIT;
		q.all = a.all;
		q.limit = a.limit ? (uint32_t)(a.limit - got) : 0;
		q.cursor.data = cursor.data;
		q.cursor.len = cursor.len;
		Dpb__Request rq = DPB__REQUEST__INIT;
		rq.body_case = DPB__REQUEST__BODY_CONFLICTS;
		rq.conflicts = &q;
		Dpb__Response *rs = dcl_call(d, &rq);
		if ((rc = dcl_check("conflicts", rs, DPB__RESPONSE__BODY_CONFLICTS))) {
			dpb__response__free_unpacked(rs, NULL);
			break;
		}
		const Dpb__ConflictList *l = rs->conflicts;
		for (size_t i = 0; i < l->n_conflicts; i++)
			item(&o, l->conflicts[i]);
		got += l->n_conflicts;
		dsr_buf_reset(&cursor);
		dsr_buf_append(&cursor, l->next.data, l->next.len);
		dpb__response__free_unpacked(rs, NULL);
		if (!cursor.len)
			break;
		if (a.limit && got >= a.limit) {
			/* Not hexs(): a cursor here is a key, longer than
			 * its 64 bytes. */
			char *h = xmalloc(2 * cursor.len + 1);
			dsr_hex(cursor.data, cursor.len, h);
			fprintf(stderr, "(more: --cursor %s)\n", h);
			free(h);
			break;
		}
	}
	dcl_close(d);
	dsr_buf_free(&cursor);
	if (rc && o.t) {
		table_free(o.t);
		dsr_buf_free(&o.json);
		return rc;
	}
	listout_end(&o);
	return rc;
}

const struct dsr_cmd cmd_conflicts_entry = {
	.name = "conflicts",
	.usage = "[--all] [--limit N] [--json]",
	.summary = "list analysts' edits that a later edit overrode",
	.help =
"Single values that analysts set (a claim's status or grade, an entry's\n"
"date or removal, an actor's preferred name or kind, the verdict on two\n"
"names) go to the latest edit by hybrid clock, the same on every replica.\n"
"The edits that lost are kept: this lists each, with its author and time,\n"
"beside the value in force and who set it.  Settle one by editing again.\n"
"\n"
"  --all        also losing edits whose value is the one in force anyway\n"
"  --limit N    at most N; a cursor for the rest goes to stderr\n"
"  --cursor C   continue where --limit stopped\n"
"\n",
	.exec = conflicts_exec,
};
