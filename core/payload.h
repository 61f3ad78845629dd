/* payload.h: the kinds of event payload, in one table.
 *
 * An event (proto/event.proto) carries one payload, the oneof `payload`.
 * Every row of DSR_PAYLOADS is one kind:
 *   CASE   its oneof case, DPB__EVENT__PAYLOAD_<CASE>;
 *   field  its field in Dpb__Event, and the stem of the names of the
 *          functions that handle it;
 *   FACTID how the store derives the fact id of such a payload written by
 *          this replica (DSR_OP_LOCAL) when the writer left it empty:
 *            ARTICLE  from the article's text (dsr_article_id)
 *            NAME     from the article and the actor's name (dsr_actor_fact_id)
 *            SPAN     from the article and the byte span (dsr_span_fact_id)
 *            NONE     the payload is an act on other facts and has no id.
 *
 * The core dispatches on the kind only by expanding this table:
 *   model/validate.c  valid_<field>()        the checks before storing
 *   model/validate.c  dsr_payload_name()     the field's name
 *   store/append.c    the FACTID rule        ids of local events
 *   view/apply.c      dsr__view_<field>()    the view applier
 *   query/why.c       describe_<field>()     what `dossier why` says of it
 * so a row without its functions does not compile.  Payload switches list
 * DSR_PAYLOAD_NO_CASES instead of a default:, and the build treats
 * -Wswitch-enum as an error, so a kind added to event.proto but not here,
 * or a switch that forgets one, does not compile either.  docs/hacking.md
 * has the recipe for a new kind. */
#ifndef DOSSIER_PAYLOAD_H
#define DOSSIER_PAYLOAD_H

#include "proto/event.pb-c.h"

#define DSR_PAYLOADS(XX)                  \
	/* CASE      field     FACTID  */ \
	XX(ARTICLE,  article,  ARTICLE)   \
	XX(ACTOR,    actor,    NAME)      \
	XX(NAMES,    names,    NONE)      \
	XX(CLAIM,    claim,    SPAN)      \
	XX(ASSESSED, assessed, NONE)      \
	XX(ENTRY,    entry,    SPAN)      \
	XX(AMENDED,  amended,  NONE)      \
	XX(NOTE,     note,     NONE)      \
	XX(CURATED,  curated,  NONE)      \
	XX(INDICATOR, indicator, SPAN)    \
	XX(ARTICLE_CURATED, article_curated, NONE)

/* The cases of the payload oneof that are no kind: no payload (or one
 * this build does not know, which protobuf-c decodes as none), and the
 * enumerator protobuf-c adds to make the enum int-sized. */
#define DSR_PAYLOAD_NO_CASES                  \
	case DPB__EVENT__PAYLOAD__NOT_SET:    \
	case _DPB__EVENT__PAYLOAD__CASE_IS_INT_SIZE

#endif
