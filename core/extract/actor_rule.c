/* actor_rule.c: the cross-article name rule (placeholder: identity keys). */
#include "actor_rule.h"
#include "name.h"

#include <string.h>

bool dsr_actor_same(const char *a, int kind_a, const char *b, int kind_b)
{
	(void)kind_a; (void)kind_b;
	if (!a || !b)
		return false;
	char ka[DSR_NAME_KEY_MAX], kb[DSR_NAME_KEY_MAX];
	size_t la = dsr_name_key(a, strlen(a), ka, sizeof ka);
	size_t lb = dsr_name_key(b, strlen(b), kb, sizeof kb);
	return la && la == lb && memcmp(ka, kb, la) == 0;
}

int dsr_actor_blocks(const char *name, int kind,
		     int (*emit)(void *ctx, const char *key, size_t len),
		     void *ctx)
{
	(void)kind;
	char k[DSR_NAME_KEY_MAX];
	size_t l = dsr_name_key(name, strlen(name), k, sizeof k);
	return l ? emit(ctx, k, l) : 0;
}
