/* out.c: the export being written, handed to its sink in pieces
 * (dsr__out_drain, export/impl.h).  A file of its own because export.c
 * dispatches to the writers and the writers drain through it: one file
 * for both would call the writers and be called by them, a circle. */
#include "export/impl.h"

int dsr__out_drain(dsr__out *o, bool all)
{
	if (!o->b.len || (!all && o->b.len < DSR_EXPORT_PIECE))
		return 0;
	int rc = o->fn(o->ctx, o->b.data, o->b.len);
	o->b.len = 0;
	return rc;
}
