/* gen_apply_corpus.c: writes the seed corpus of fuzz_apply (run by hand:
 * gen_apply_corpus DIR).  Each seed holds a few consecutive events of the
 * property test's mix (every payload kind, curation of earlier facts), in
 * fuzz_apply's format: a 2-byte big-endian length, then the event. */
#include "evgen.h"

#include <stdio.h>

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: gen_apply_corpus DIR\n");
		return 2;
	}
	evgen_list l = { 0 };
	if (evgen_mixed(&l, 240, 2, 17)) {
		fprintf(stderr, "gen_apply_corpus: cannot generate events\n");
		return 1;
	}
	int files = 0;
	for (size_t i = 0; i < l.n; i += 6) {
		char p[1024];
		snprintf(p, sizeof p, "%s/seed-%03d", argv[1], files++);
		FILE *f = fopen(p, "wb");
		if (!f) {
			fprintf(stderr, "gen_apply_corpus: cannot write %s\n", p);
			return 1;
		}
		for (size_t j = i; j < i + 6 && j < l.n; j++) {
			if (l.ev[j].len > 0xffff)
				continue;
			fputc((int)(l.ev[j].len >> 8), f);
			fputc((int)(l.ev[j].len & 0xff), f);
			fwrite(l.ev[j].data, 1, l.ev[j].len, f);
		}
		fclose(f);
	}
	evgen_list_free(&l);
	printf("%d seeds in %s\n", files, argv[1]);
	return 0;
}
