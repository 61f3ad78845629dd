/* listout.c: the two outputs of every list command: a table, or a JSON
 * array of the items exactly as the daemon sent them. */
#include "list.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

void listout_json_item(struct listout *o, const ProtobufCMessage *m)
{
	dsr_buf_puts(&o->json, o->n++ ? ",\n " : "[");
	json_msg(&o->json, m);
	if (o->json.len > (1u << 16))
		json_flush(&o->json);
}

void listout_end(struct listout *o)
{
	if (copts.json) {
		dsr_buf_puts(&o->json, o->n ? "]\n" : "[]\n");
		json_flush(&o->json);
		dsr_buf_free(&o->json);
	} else if (o->t) {
		table_print(o->t, stdout);
		table_free(o->t);
	}
}

int listout_run(const char *cmd, Dpb__Request *rq, Dpb__Page *pg, uint32_t limit,
		const char *cursor_hex, int want, list_items_fn fn, int ncols,
		const char *const *cols)
{
	struct listout o = { NULL, DSR_BUF_INIT, 0 };
	if (!copts.json)
		o.t = table_new(ncols, cols);
	int rc = list_run(cmd, rq, pg, limit, cursor_hex, want, fn, &o);
	listout_end(&o);
	return rc;
}

const char *join(char **v, size_t n)
{
	static dsr_buf b;
	dsr_buf_reset(&b);
	for (size_t i = 0; i < n; i++) {
		if (i)
			dsr_buf_puts(&b, ", ");
		dsr_buf_puts(&b, v[i]);
	}
	dsr_buf_cstr(&b);
	return b.data ? (const char *)b.data : "";
}

const char *num(uint64_t v)
{
	static char ring[8][24];
	static unsigned k;
	char *out = ring[k++ % 8];
	snprintf(out, 24, "%" PRIu64, v);
	return out;
}
