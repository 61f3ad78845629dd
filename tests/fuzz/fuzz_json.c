/* fuzz_json.c: the JSON reader behind `dossier import` takes any bytes
 * and answers with a tree or an error, within its limits. */
#include "export.h"
#include "jsonparse.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int count(void *ctx, const uint8_t *ev, size_t n)
{
	(void)ev;
	(void)n;
	(*(int *)ctx)++;
	return 0;
}

static int count_head(void *ctx, const dsr_head *h)
{
	(void)h;
	(*(int *)ctx)++;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	dsr_json *j;
	if (dsr_json_parse((const char *)data, size, &j) == 0)
		dsr_json_free(j);
	int n = 0;
	dsr_import_json(data, size, count, count_head, &n);
	return 0;
}
