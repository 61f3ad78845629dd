/* fuzz_request.c: libFuzzer harness for decoding one frame body as a
 * Request, re-encoding what decoded and decoding that again: whatever the
 * daemon accepts must survive its own round trip. */
#include "buf.h"
#include "error.h"
#include "frame.h"
#include "wire.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	Dpb__Request *rq;
	if (dsr_wire_request(data, size, NULL, &rq) != 0)
		return 0;
	dsr_buf b = DSR_BUF_INIT;
	if (dsr_wire_put(&b, &rq->base) == 0) {
		dsr_frame_dec d;
		dsr_frame_dec_init(&d, DSR_FRAME_MAX);
		const uint8_t *body;
		size_t len;
		if (dsr_frame_feed(&d, b.data, b.len) != 0 ||
		    dsr_frame_next(&d, &body, &len) != 1)
			abort();
		Dpb__Request *again;
		if (dsr_wire_request(body, len, NULL, &again) != 0)
			abort();
		if (again->id != rq->id || again->body_case != rq->body_case)
			abort();
		dpb__request__free_unpacked(again, NULL);
		dsr_frame_dec_free(&d);
	}
	dsr_buf_free(&b);
	dpb__request__free_unpacked(rq, NULL);
	return 0;
}
