/* json.c: the EXTRACT_FORMAT.md JSON of an extraction (placeholder). */
#include "extract.h"

int dsr_extraction_json(const dsr_extraction *x, const uint8_t *text,
			size_t len, const struct dsr_extract_meta *meta,
			dsr_buf *out)
{
	(void)x; (void)text; (void)len; (void)meta;
	return dsr_buf_puts(out, "{\"schema\": \"dossier.extract/1\"}\n");
}

const char *dsr_actor_kind_name(int kind)
{
	static const char *const names[] = { "unspecified", "person",
		"organization", "government", "country", "group", "media",
		"other" };
	return kind >= 0 && kind < 8 ? names[kind] : "unspecified";
}

const char *dsr_precision_name(int p)
{
	static const char *const names[] = { "unspecified", "time", "day",
		"week", "month", "season", "quarter", "year", "decade",
		"century", "ref" };
	return p >= 0 && p < 11 ? names[p] : "unspecified";
}
