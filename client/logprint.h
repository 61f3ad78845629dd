/* logprint.h: printing log events (see logprint.c). */
#ifndef DOSSIER_CLIENT_LOGPRINT_H
#define DOSSIER_CLIENT_LOGPRINT_H

#include "client.h"

/* Appends one line for the event at `pos` (text or JSON per copts).
 * Returns 0, or -1 when the bytes do not decode (a line says so). */
int event_print(uint64_t pos, const uint8_t *bytes, size_t len, dsr_buf *out);

#endif
