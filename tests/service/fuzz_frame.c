/* fuzz_frame.c: libFuzzer harness for the frame decoder and the messages
 * inside frames.  The first byte picks how the rest is cut into feeds (a
 * stream arrives in pieces of any size); every complete frame is decoded as
 * a Request and as a Response, the way the daemon and the client do. */
#include "error.h"
#include "frame.h"
#include "wire.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	size_t step = (size_t)(data[0] % 17) + 1;
	data++, size--;
	dsr_frame_dec d;
	/* A small limit, so oversized lengths are reachable by the fuzzer. */
	dsr_frame_dec_init(&d, 1u << 12);
	for (size_t off = 0; off < size; off += step) {
		size_t n = size - off < step ? size - off : step;
		if (dsr_frame_feed(&d, data + off, n) < 0)
			break;
		const uint8_t *body;
		size_t len;
		int r;
		while ((r = dsr_frame_next(&d, &body, &len)) == 1) {
			Dpb__Request *rq;
			if (dsr_wire_request(body, len, NULL, &rq) == 0) {
				if (rq->body_case == DPB__REQUEST__BODY_HELLO)
					(void)dsr_wire_hello_check(rq->hello);
				dpb__request__free_unpacked(rq, NULL);
			}
			Dpb__Response *rs;
			if (dsr_wire_response(body, len, NULL, &rs) == 0)
				dpb__response__free_unpacked(rs, NULL);
		}
		if (r < 0) {
			if (r != DSR_ETOOBIG)
				abort();
			break;
		}
	}
	(void)dsr_frame_pending(&d);
	dsr_frame_dec_free(&d);
	return 0;
}
