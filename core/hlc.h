/* hlc.h: time in the core: the hybrid logical clock (hlc.c) and time as
 * ISO 8601 text (isotime.c).
 *
 * A timestamp is 64 bits: milliseconds since the Unix epoch in the upper 48,
 * a counter in the lower 16.  The core never reads a clock: callers pass the
 * wall time in, so tests can drive time and the daemon can use its loop's.
 */
#ifndef DOSSIER_HLC_H
#define DOSSIER_HLC_H

#include <stdint.h>

#define DSR_HLC_MS(t) ((t) >> 16)
#define DSR_HLC_MAKE(ms, c) (((uint64_t)(ms) << 16) | ((c) & 0xffff))

/* The next local timestamp after `last`, given the wall clock. */
uint64_t dsr_hlc_next(uint64_t last, uint64_t wall_ms);
/* The clock after seeing a remote timestamp (merge; not a new event). */
uint64_t dsr_hlc_observe(uint64_t last, uint64_t remote);

/* ISO 8601 UTC with milliseconds of a Unix time in ms
 * ("2014-12-17T09:30:00.000Z"). */
void dsr_iso_time(uint64_t ms, char out[40]);

#endif
