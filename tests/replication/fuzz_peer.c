/* fuzz_peer.c: libFuzzer harness for what a peer (or a bundle) can send:
 * the input is a stream of frames (4-byte length, PeerMsg), fed to a
 * receiving session on a store, each batch it accepts applied; every frame
 * body is also given to the envelope scan and the fork evidence check.
 * Whatever arrives, the session either handles it or fails it with a
 * dossier error, and never stores a batch that does not verify. */
#include "error.h"
#include "repl.h"
#include "store.h"
#include "../fuzz/fuzz_store.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static dsr_store *store;

static void cleanup(void)
{
	fuzz_store_drop(store);
}

static void open_store(void)
{
	store = fuzz_store_new();
	atexit(cleanup);
}

static bool known(int rc)
{
	return rc == 0 || rc == DSR_EDECODE || rc == DSR_ETOOBIG || rc == -12 /* ENOMEM */;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!store)
		open_store();
	dsr_repl *r;
	if (dsr_repl_new(&r, store, DSR_REPL_RECV | DSR_REPL_SEND, NULL, NULL))
		return 0;
	for (size_t off = 0; off + 4 <= size;) {
		size_t n = (size_t)data[off] << 24 | (size_t)data[off + 1] << 16 |
			   (size_t)data[off + 2] << 8 | data[off + 3];
		off += 4;
		if (n > size - off)
			n = size - off;
		const uint8_t *body = data + off;
		off += n;
		dsr_envelope e;
		dsr_envelope_scan(body, n, &e);
		uint8_t origin[DSR_ORIGIN_LEN];
		uint64_t a, b;
		dsr_fork_verify(body, n, origin, &a, &b);
		int rc = dsr_repl_recv_bytes(r, body, n);
		if (!known(rc))
			abort();
		if (rc)
			break;
		if (dsr_repl_apply_sync(r, 0) < 0)
			abort();
		dsr_repl_pump(r);
		dsr_buf out = DSR_BUF_INIT;
		dsr_repl_out(r, &out);
		dsr_buf_free(&out);
	}
	dsr_repl_free(r);
	return 0;
}
