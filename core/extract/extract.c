/* extract.c: dsr_extract() — runs the stages in order (placeholder: the
 * stages land in the following commits). */
#include "extract.h"
#include "arena.h"
#include "error.h"
#include "factid.h"

#include <errno.h>
#include <stdlib.h>

int dsr_extract(const uint8_t *text, size_t len,
		const struct dsr_extract_meta *meta, dsr_extraction **out)
{
	(void)meta;
	if (!out || (!text && len))
		return -EINVAL;
	*out = NULL;
	if (len > DSR_EXTRACT_MAX)
		return DSR_ETOOBIG;
	dsr_extraction *x = calloc(1, sizeof *x);
	if (!x)
		return -ENOMEM;
	x->arena = dsr__arena_new();
	if (!x->arena) {
		free(x);
		return -ENOMEM;
	}
	dsr_article_id(text ? (const void *)text : "", len, x->article_id);
	*out = x;
	return 0;
}

void dsr_extraction_free(dsr_extraction *x)
{
	if (!x)
		return;
	dsr__arena_free(x->arena);
	free(x);
}
