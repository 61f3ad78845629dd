/* out.c: an export's bytes on their way to the sink, in pieces.  A file of
 * its own because export.c calls the writers and the writers call this:
 * in export.c it made a circle (docs/hacking.md, the layering rule). */
#include "export/impl.h"

int dsr__out_drain(dsr__out *o, bool all)
{
	if (!o->b.len || (!all && o->b.len < DSR_EXPORT_PIECE))
		return 0;
	int rc = o->fn(o->ctx, o->b.data, o->b.len);
	o->b.len = 0;
	return rc;
}
