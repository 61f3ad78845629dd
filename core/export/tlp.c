/* tlp.c: the TLP 2.0 levels by name (export.h, DSR_TLP_LEVELS).  A file of
 * its own: export.c dispatches to the writers and the writers that mark
 * their output (misp.c) look levels up here, which in export.c made a
 * circle (docs/hacking.md, the layering rule). */
#include "export/impl.h"

#include <string.h>

static const char *const tlp_names[DSR_TLP_END] = {
	[DSR_TLP_NONE] = "",
#define XX(id, name, uuid, label) [DSR_TLP_##id] = name,
	DSR_TLP_LEVELS(XX)
#undef XX
};

int dsr_tlp_level(const char *s)
{
	for (int l = 0; s && l < DSR_TLP_END; l++)
		if (!strcmp(s, tlp_names[l]))
			return l;
	return -1;
}

const char *dsr_tlp_name(int tlp)
{
	return tlp > DSR_TLP_NONE && tlp < DSR_TLP_END ? tlp_names[tlp] : NULL;
}
