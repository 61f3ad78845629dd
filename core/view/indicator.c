/* indicator.c: indicators of compromise (v.fact, kind indicator) and
 * their index by type and value (v.ioc), whose items are the indicator
 * facts in the order they came: one key per distinct indicator, so listing
 * them costs the list, and the articles giving one are its items (a fact
 * id begins with its article's first 8 bytes). */
#include "view/impl.h"

#include <sodium.h>
#include <string.h>

size_t dsr__ioc_key(uint8_t k[DSR__IOC_KEY_MAX], const char *type, const char *value)
{
	size_t tl = strnlen(type, 32), vl = strlen(value), cut = DSR__IOC_KEY_MAX - 64 - tl;
	memcpy(k, type, tl);
	k[tl] = 0;
	if (tl + 1 + vl <= DSR__IOC_KEY_MAX) {
		memcpy(k + tl + 1, value, vl);
		return tl + 1 + vl;
	}
	memcpy(k + tl + 1, value, cut);
	k[tl + 1 + cut] = 0;
	crypto_generichash(k + tl + 2 + cut, 16, (const uint8_t *)value, vl, NULL, 0);
	return tl + 2 + cut + 16;
}

/* What a winning occurrence contributes: its item under its indicator. */
int dsr__indicator_refs(dsr__wtx *w, const Dpb__Event *ev, int delta)
{
	const Dpb__IndicatorSeen *d = ev->indicator;
	uint8_t k[DSR__IOC_KEY_MAX];
	size_t kl = dsr__ioc_key(k, d->type, d->value);
	return dsr__index(w, DSR__DB_V_IOC, k, kl, ev->hlc, d->id.data, delta);
}

int dsr__view_indicator(dsr__wtx *w, const Dpb__Event *ev)
{
	return dsr__fact_add(w, DSR__DB_V_INDICATOR, ev->indicator->id.data, ev,
			     dsr__indicator_refs);
}
