/* list.h: paged list queries for the client commands (see list.c). */
#ifndef DOSSIER_CLIENT_LIST_H
#define DOSSIER_CLIENT_LIST_H

#include "client.h"

/* Handles one page: consumes its items, sets *next to its cursor (borrowed
 * from rs), returns how many items it held. */
typedef size_t (*list_items_fn)(const Dpb__Response *rs, void *ctx,
				ProtobufCBinaryData *next);

/* Connects, then sends rq again and again with pg's cursor advanced until
 * the daemon has no more (or `limit` items came).  Returns an exit code. */
int list_run(const char *cmd, Dpb__Request *rq, Dpb__Page *pg, uint32_t limit,
	     const char *cursor_hex, int want, list_items_fn fn, void *ctx);

/* Output of a list: a table, or a JSON array of the items. */
struct listout {
	struct table *t;
	dsr_buf json;
	size_t n;
};

void listout_json_item(struct listout *o, const ProtobufCMessage *m);
/* Prints and frees. */
void listout_end(struct listout *o);
/* A whole list command: list_run() with fn's items (ctx: a struct listout)
 * printed as a table of ncols cols, or as JSON. */
int listout_run(const char *cmd, Dpb__Request *rq, Dpb__Page *pg, uint32_t limit,
		const char *cursor_hex, int want, list_items_fn fn, int ncols,
		const char *const *cols);

/* Joins strings with ", " into a static buffer (for table cells). */
const char *join(char **v, size_t n);
/* Formats a number into a static rotating buffer. */
const char *num(uint64_t v);

#endif
