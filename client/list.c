/* list.c: running a paged query to the end (or to --limit), for the
 * commands that list actors, claims, timeline entries and articles. */
#include "list.h"
#include "cmd.h"
#include "factid.h"

#include <stdlib.h>
#include <string.h>

int list_run(const char *cmd, Dpb__Request *rq, Dpb__Page *pg, uint32_t limit,
	     const char *cursor_hex, int want, list_items_fn fn, void *ctx)
{
	struct dcl *d = dcl_open(cmd);
	uint8_t *cursor = NULL;
	size_t cursor_len = 0;
	if (cursor_hex) {
		cursor_len = strlen(cursor_hex) / 2;
		cursor = xmalloc(cursor_len + 1);
		if (strlen(cursor_hex) % 2 || dsr_unhex(cursor_hex, cursor, cursor_len)) {
			fprintf(stderr, "dossier %s: --cursor wants the hex a previous page printed\n", cmd);
			exit(DSR_EXIT_USAGE);
		}
	}
	uint64_t got = 0;
	int rc = DSR_EXIT_OK;
	for (;;) {
		pg->cursor.data = cursor;
		pg->cursor.len = cursor_len;
		pg->limit = limit ? (uint32_t)(limit - got) : 0;
		Dpb__Response *rs = dcl_call(d, rq);
		if ((rc = dcl_check(cmd, rs, want)) != 0) {
			dpb__response__free_unpacked(rs, NULL);
			break;
		}
		ProtobufCBinaryData next = { 0, NULL };
		got += fn(rs, ctx, &next);
		free(cursor);
		cursor = NULL;
		cursor_len = next.len;
		if (next.len) {
			cursor = xmalloc(next.len);
			memcpy(cursor, next.data, next.len);
		}
		dpb__response__free_unpacked(rs, NULL);
		if (!cursor_len)
			break;
		if (limit && got >= limit) {
			fprintf(stderr, "(more: --cursor %s)\n", hexs(cursor, cursor_len, 0));
			break;
		}
	}
	free(cursor);
	dcl_close(d);
	return rc;
}
