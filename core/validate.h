/* validate.h: checks an event must pass before it is stored.  A replica
 * stores only events whose every field it can interpret, and whose content
 * ids are the ones their content derives (so a lying peer cannot make one
 * fact overwrite another). */
#ifndef DOSSIER_VALIDATE_H
#define DOSSIER_VALIDATE_H

#include "store.h"

#define DSR_AUTHOR_MAX 256
#define DSR_NAME_MAX 512
#define DSR_TEXT_MAX (64u << 10)  /* claim content, entry text, notes */
#define DSR_INDICATOR_MAX 2048    /* an indicator's value (a URL at most) */
#define DSR_LANG_MAX 35           /* a BCP 47 language tag */

/* Returns 0, DSR_EFORMAT, DSR_EPAYLOAD or DSR_EINVAL. */
int dsr_event_validate(const Dpb__Event *ev);
/* Decodes and validates; on success *out must be freed with
 * dpb__event__free_unpacked(*out, NULL).  DSR_EDECODE when it does not
 * decode. */
int dsr_event_decode(const uint8_t *p, size_t n, Dpb__Event **out);
/* The same with protobuf-c's allocator pa (free *out with it too). */
int dsr_event_decode_with(const uint8_t *p, size_t n, ProtobufCAllocator *pa,
			  Dpb__Event **out);
/* Whether s (NULL or empty: none) has the shape of a BCP 47 language
 * tag: a letter, then letters, digits and single hyphens, at most
 * DSR_LANG_MAX bytes. */
bool dsr_lang_tag_ok(const char *s);
/* Human-readable name of a payload case ("article", "claim", ...). */
const char *dsr_payload_name(int payload_case);

#endif
