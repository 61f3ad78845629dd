/* bench_repl_fill.c: fills a store with N events of the ingest mix (an
 * article, then a few dozen facts about a recurring cast), written as the
 * store's own local events, so a daemon on it can serve them to a peer.
 *
 * usage: bench_repl_fill DIR N */
#include "evgen.h"
#include "error.h"
#include "store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: bench_repl_fill DIR N\n");
		return 2;
	}
	size_t want = strtoull(argv[2], NULL, 10), done = 0;
	dsr_store *s;
	dsr_store_opts o = { DSR_STORE_NOSYNC, 0 };
	int rc = dsr_store_open(&s, argv[1], &o);
	if (rc) {
		fprintf(stderr, "bench_repl_fill: %s: %s\n", argv[1], dsr_strerror(rc));
		return 1;
	}
	enum { B = 1000 };
	dsr_op *ops = calloc(B, sizeof *ops);
	Dpb__Event **evs = calloc(B, sizeof *evs);
	for (uint64_t chunk = 0; done < want; chunk++) {
		evgen_list l = { 0 };
		if ((rc = evgen_ingest_mix(&l, 200, 1000 + chunk)))
			break;
		for (size_t i = 0; i < l.n && done < want; i += B) {
			size_t k = 0;
			for (; k < B && i + k < l.n && done + k < want; k++) {
				evs[k] = dpb__event__unpack(NULL, l.ev[i + k].len, l.ev[i + k].data);
				memset(&ops[k], 0, sizeof ops[k]);
				ops[k].type = DSR_OP_LOCAL;
				ops[k].event = evs[k];
				ops[k].author = evs[k]->author;
			}
			rc = dsr_store_apply(s, ops, k, 1416787200000ull + done);
			for (size_t j = 0; j < k; j++)
				dpb__event__free_unpacked(evs[j], NULL);
			if (rc < 0)
				break;
			done += k;
		}
		evgen_list_free(&l);
		if (rc < 0)
			break;
	}
	dsr_store_close(s);
	if (rc < 0) {
		fprintf(stderr, "bench_repl_fill: %s\n", dsr_strerror(rc));
		return 1;
	}
	printf("%zu\n", done);
	return 0;
}
