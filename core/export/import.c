/* import.c: reading a "dossier.export/1" document back (see
 * dsr_import_json in export.h): its signed heads, then its events, handed
 * to the caller, who stores them as a peer's (nothing is verified here). */
#include "export.h"
#include "error.h"
#include "jsonparse.h"

#include <errno.h>
#include <sodium.h>
#include <string.h>

/* Hands each of the document's signed heads (optional: exports written
 * before heads were added have none) to fn. */
static int import_heads(const dsr_json *root, int (*fn)(void *ctx, const dsr_head *h),
			void *ctx)
{
	const dsr_json *hs = dsr_json_get(root, "heads");
	if (!hs)
		return 0;
	if (hs->type != DSR_JSON_ARRAY)
		return DSR_EDECODE;
	int rc = 0;
	for (const dsr_json *e = hs->child; e && !rc; e = e->next) {
		uint8_t bin[DSR_HEAD_LEN + 1];
		size_t n;
		dsr_head h;
		if (e->type != DSR_JSON_STRING ||
		    sodium_base642bin(bin, sizeof bin, e->str, e->len, NULL, &n, NULL,
				      sodium_base64_VARIANT_ORIGINAL) ||
		    dsr_head_decode(bin, n, &h))
			return DSR_EDECODE;
		rc = fn ? fn(ctx, &h) : 0;
	}
	return rc;
}

int dsr_import_json(const uint8_t *doc, size_t len,
		    int (*fn)(void *ctx, const uint8_t *ev, size_t n),
		    int (*head_fn)(void *ctx, const dsr_head *h), void *ctx)
{
	dsr_json *root;
	int rc = dsr_json_parse((const char *)doc, len, &root);
	if (rc)
		return rc;
	const dsr_json *schema = dsr_json_get(root, "schema");
	const dsr_json *evs = dsr_json_get(root, "events");
	if (!schema || schema->type != DSR_JSON_STRING || !evs || evs->type != DSR_JSON_ARRAY) {
		rc = DSR_EDECODE;
	} else if (strcmp(schema->str, "dossier.export/1") != 0) {
		rc = strncmp(schema->str, "dossier.export/", 15) == 0 ? DSR_EFORMAT : DSR_EDECODE;
	}
	if (!rc)
		rc = import_heads(root, head_fn, ctx);
	dsr_buf bin = DSR_BUF_INIT;
	for (const dsr_json *e = rc ? NULL : evs->child; e && !rc; e = e->next) {
		if (e->type != DSR_JSON_STRING) {
			rc = DSR_EDECODE;
			break;
		}
		size_t n;
		if (dsr_buf_reserve(&bin, e->len)) {
			rc = -ENOMEM;
			break;
		}
		if (sodium_base642bin(bin.data, bin.cap, e->str, e->len, NULL, &n, NULL,
				      sodium_base64_VARIANT_ORIGINAL)) {
			rc = DSR_EDECODE;
			break;
		}
		rc = fn(ctx, bin.data, n);
	}
	dsr_buf_free(&bin);
	dsr_json_free(root);
	return rc;
}
