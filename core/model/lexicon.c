/* lexicon.c: lookup of the embedded lexicon files (see model/api.h). */
#include "model/api.h"

#include <string.h>

struct dsr_lexicon_file {
	const char *name;
	const char *text;
	size_t len;
};
extern const struct dsr_lexicon_file dsr_lexicon_files[];

const char *dsr_lexicon(const char *name, size_t *len)
{
	for (const struct dsr_lexicon_file *f = dsr_lexicon_files; f->name; f++) {
		if (strcmp(f->name, name) == 0) {
			if (len)
				*len = f->len;
			return f->text;
		}
	}
	return NULL;
}
