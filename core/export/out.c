/* out.c: the export being written, handed to its sink in pieces
 * (dsr__out_drain).  A file of its own because export.c and every writer
 * use it: in export.c it made a circle of calls with the writers that
 * export.c dispatches to. */
#include "export/impl.h"

int dsr__out_drain(dsr__out *o, bool all)
{
	if (!o->b.len || (!all && o->b.len < DSR_EXPORT_PIECE))
		return 0;
	int rc = o->fn(o->ctx, o->b.data, o->b.len);
	o->b.len = 0;
	return rc;
}
