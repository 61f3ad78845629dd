/* export.c: the table of export formats (export.h) and the dispatch to
 * their writers (export/impl.h). */
#include "export/impl.h"
#include "error.h"

#include <string.h>

const dsr_export_info dsr_export_formats[DSR_EXPORT_NFORMATS] = {
#define XX(id, name, what) [DSR_EXPORT_##id] = { #name, what },
	DSR_EXPORT_FORMATS(XX)
#undef XX
};

static int (*const writers[DSR_EXPORT_NFORMATS])(dsr_rtxn *, uint64_t, dsr__out *) = {
#define XX(id, name, what) [DSR_EXPORT_##id] = dsr__export_##name,
	DSR_EXPORT_FORMATS(XX)
#undef XX
};

/* Names compare with '-' and '_' alike: "brief-md" is brief_md. */
static bool same_name(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (*a != *b && !((*a == '-' || *a == '_') && (*b == '-' || *b == '_')))
			return false;
	return *a == *b;
}

int dsr_export_format(const char *s)
{
	for (int f = 0; f < DSR_EXPORT_NFORMATS; f++)
		if (same_name(s, dsr_export_formats[f].name))
			return f;
	return -1;
}

int dsr_export_to(dsr_rtxn *t, int format, uint64_t now_ms, dsr_export_sink fn, void *ctx)
{
	return dsr_export_opts_to(t, format, now_ms, NULL, fn, ctx);
}

int dsr_export_opts_to(dsr_rtxn *t, int format, uint64_t now_ms, const dsr_export_opts *opts,
		       dsr_export_sink fn, void *ctx)
{
	if (format < 0 || format >= DSR_EXPORT_NFORMATS)
		return DSR_EINVAL;
	if (opts && (opts->tlp < DSR_TLP_NONE || opts->tlp >= DSR_TLP_END))
		return DSR_EINVAL;
	dsr__out o = { DSR_BUF_INIT, fn, ctx, { DSR_TLP_NONE, NULL, NULL, NULL, NULL, false } };
	if (opts)
		o.opts = *opts;
	int rc = writers[format](t, now_ms, &o);
	if (!rc)
		rc = dsr__out_drain(&o, true);
	dsr_buf_free(&o.b);
	return rc;
}

static int append(void *ctx, const uint8_t *p, size_t n)
{
	return dsr_buf_append(ctx, p, n);
}

int dsr_export(dsr_rtxn *t, int format, uint64_t now_ms, dsr_buf *out)
{
	return dsr_export_to(t, format, now_ms, append, out);
}
