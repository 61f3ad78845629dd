/* fuzz_event.c: any bytes offered as an event (from a peer, a bundle, an
 * import) decode and validate to an answer, never a crash. */
#include "validate.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	Dpb__Event *ev;
	if (dsr_event_decode(data, size, &ev) == 0)
		dpb__event__free_unpacked(ev, NULL);
	return 0;
}
