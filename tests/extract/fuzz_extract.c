/* fuzz_extract.c: libFuzzer harness for the extractor and the name rule.
 *
 * The input's first byte picks a publication date (or none) so that
 * relative dates are exercised; the rest is the article.  Every extraction
 * is checked against its contract (check.h), then its JSON is rendered.
 * Names the extractor found are fed back to dsr_actor_same() and
 * dsr_actor_blocks() in pairs: the rule must be symmetric and names it
 * calls the same must share a blocking key.  Built as a plain program
 * (tests/fuzz/replay.c) the checked-in corpus is a regression test.
 */
#include "actor_rule.h"
#include "check.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const dates[] = { NULL, "2014-12-17", "2015-01-01", "2016-02-29",
	"2014-12-31T23:59:59Z", "not a date", "1999-12-31", "2014-12-15" };

struct keys {
	char k[8][300];
	size_t n;
};

static int collect(void *ctx, const char *key, size_t len)
{
	struct keys *ks = ctx;
	CHECK(len > 0 && len < 300 && ks->n < 8, "block key %zu/%zu", len, ks->n);
	memcpy(ks->k[ks->n], key, len);
	ks->k[ks->n][len] = 0;
	ks->n++;
	return 0;
}

static void check_rule(const char *a, int ka, const char *b, int kb)
{
	bool ab = dsr_actor_same(a, ka, b, kb), ba = dsr_actor_same(b, kb, a, ka);
	CHECK(ab == ba, "rule not symmetric for \"%s\" / \"%s\"", a, b);
	if (!ab)
		return;
	struct keys x = { .n = 0 }, y = { .n = 0 };
	CHECK(dsr_actor_blocks(a, ka, collect, &x) == 0, "blocks");
	CHECK(dsr_actor_blocks(b, kb, collect, &y) == 0, "blocks");
	for (size_t i = 0; i < x.n; i++)
		for (size_t j = 0; j < y.n; j++)
			if (strcmp(x.k[i], y.k[j]) == 0)
				return;
	CHECK(false, "\"%s\" and \"%s\" share no blocking key", a, b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *pub = size ? dates[data[0] & 7] : NULL;
	const uint8_t *text = size ? data + 1 : data;
	size_t len = size ? size - 1 : 0;
	struct dsr_extract_meta meta = { pub, "A title", NULL, NULL, NULL, NULL };
	dsr_extraction *x = NULL;
	if (dsr_extract(text, len, &meta, &x) != 0)
		return 0; /* only -ENOMEM is possible here */
	check_extraction(x, text, len, &meta);
	/* the rule over the names found, and over their aliases */
	for (size_t i = 0; i < x->nactors && i < 12; i++) {
		const struct dsr_x_actor *a = &x->actors[i];
		for (size_t j = 0; j < x->nactors && j < 12; j++)
			check_rule(a->name, a->kind, x->actors[j].name, x->actors[j].kind);
		for (size_t k = 0; k < a->naliases && k < 4; k++)
			check_rule(a->name, 0, a->aliases[k], 0);
	}
	dsr_extraction_free(x);
	return 0;
}
