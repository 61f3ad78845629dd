/* hlc.c: hybrid logical clock arithmetic (see hlc.h). */
#include "hlc.h"

uint64_t dsr_hlc_next(uint64_t last, uint64_t wall_ms)
{
	uint64_t wall = DSR_HLC_MAKE(wall_ms, 0);
	/* The counter overflowing carries into the millisecond part, which is
	 * still monotonic and at most a millisecond ahead. */
	return wall > last ? wall : last + 1;
}

uint64_t dsr_hlc_observe(uint64_t last, uint64_t remote)
{
	return remote > last ? remote : last;
}
