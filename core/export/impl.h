/* export/impl.h: the writers of the export formats, one per file, which
 * export.c dispatches to through the table of ../export.h:
 *
 *   export.c   the format table and dsr_export()
 *   kbjson.c   dossier.export/1 (import.c reads it back)
 *   stix.c     STIX 2.1
 *   csv.c      the timeline as CSV
 *   dot.c      the actor-claim graph as Graphviz DOT
 *
 * Every writer appends the whole knowledge base as it stands in t to out;
 * now_ms stamps the export (formats without a time stamp ignore it). */
#ifndef DOSSIER_EXPORT_IMPL_H
#define DOSSIER_EXPORT_IMPL_H

#include "export.h"

#define XX(id, name, what) \
	int dsr__export_##name(dsr_rtxn *t, uint64_t now_ms, dsr_buf *out);
DSR_EXPORT_FORMATS(XX)
#undef XX

#endif
