/* fuzz_ti.c: the readers of other platforms' documents behind `dossier
 * import` (a STIX 2.1 bundle, a MISP event) take any bytes and answer with
 * a plan within dossier's limits, or a refusal that says where. */
#include "export.h"
#include "ingest.h"
#include "validate.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int kind = dsr_import_detect(data, size);
	dsr_ti ti;
	int rc = dsr_ti_read(data, size, "fuzz.json", &ti);
	if (rc == 0) {
		/* a plan: the cover and its note first, everything in range */
		if (kind != DSR_IMPORT_STIX && kind != DSR_IMPORT_MISP)
			abort();
		if (ti.narts < 1 || ti.nnotes < 1 || ti.notes[0].article != 0)
			abort();
		for (size_t i = 0; i < ti.narts; i++)
			if (ti.arts[i].len > DSR_ARTICLE_MAX || strlen(ti.arts[i].text) != ti.arts[i].len)
				abort();
		for (size_t i = 0; i < ti.nnotes; i++)
			if (ti.notes[i].article >= ti.narts || strlen(ti.notes[i].text) > DSR_TEXT_MAX)
				abort();
		for (size_t i = 0; i < ti.nsame; i++)
			if (!*ti.same[i].a || strlen(ti.same[i].a) > DSR_NAME_MAX ||
			    strlen(ti.same[i].b) > DSR_NAME_MAX || !strcmp(ti.same[i].a, ti.same[i].b))
				abort();
	} else if (!ti.err[0] && rc != -12 /* ENOMEM */) {
		abort();   /* a refusal says why */
	}
	dsr_ti_free(&ti);
	return 0;
}
