/* brief_words.c: the wording table's texts (brief_words.h) and the filling
 * of its templates into a brief's runs. */
#include "export/brief.h"

#include <errno.h>
#include <string.h>

const char *const dsr__brief_words[DSR__BW_COUNT] = {
#define XX(id, text) [DSR__BW_##id] = text,
	DSR_BRIEF_WORDS(XX)
#undef XX
};

static const struct dsr__barg *arg_of(const struct dsr__barg *args, size_t nargs,
				      const char *name, size_t len)
{
	for (size_t i = 0; i < nargs; i++)
		if (strlen(args[i].name) == len && !memcmp(args[i].name, name, len))
			return &args[i];
	return NULL;
}

static int put_list(dsr__brief *b, const char *const *list, size_t n)
{
	int rc = 0;
	for (size_t i = 0; !rc && i < n; i++) {
		if (i)
			rc = dsr__brun(b, DSR__RUN_TEXT,
				       dsr__brief_words[i + 1 == n ? DSR__BW_AND : DSR__BW_COMMA], 0);
		if (!rc)
			rc = dsr__brun(b, DSR__RUN_TEXT, list[i], 0);
	}
	return rc;
}

static int put_arg(dsr__brief *b, const struct dsr__barg *a)
{
	int rc = 0;
	switch (a->kind) {
	case DSR__ARG_TEXT:
		return a->s ? dsr__brun(b, DSR__RUN_TEXT, a->s, 0) : 0;
	case DSR__ARG_QUOTE:
		return a->s ? dsr__brun(b, DSR__RUN_QUOTE, a->s, 0) : 0;
	case DSR__ARG_STRONG:
		return a->s ? dsr__brun(b, DSR__RUN_STRONG, a->s, 0) : 0;
	case DSR__ARG_CITES:
		for (size_t i = 0; !rc && i < a->n; i++)
			if (a->q[i])
				rc = dsr__brun(b, DSR__RUN_CITE, NULL, a->q[i]);
		return rc;
	case DSR__ARG_WORD:
		return dsr__bfill(b, (int)a->n, a->sub, a->nsub);
	case DSR__ARG_LIST:
		return put_list(b, a->list, a->n);
	case DSR__ARG_CALL:
		return a->fn(b, a->ctx);
	}
	return 0;
}

int dsr__bfill(dsr__brief *b, int word, const struct dsr__barg *args, size_t nargs)
{
	if (word < 0 || word >= DSR__BW_COUNT)
		return -EINVAL;
	const char *s = dsr__brief_words[word];
	int rc = 0;
	while (!rc && *s) {
		const char *open = strchr(s, '{');
		const char *close = open ? strchr(open, '}') : NULL;
		size_t lit = close ? (size_t)(open - s) : strlen(s);
		if (lit) {
			const char *t = dsr__bstr(b, s, lit);
			rc = t ? dsr__brun(b, DSR__RUN_TEXT, t, 0) : -ENOMEM;
		}
		if (rc || !close)
			break;
		const struct dsr__barg *a = arg_of(args, nargs, open + 1, (size_t)(close - open - 1));
		if (a)
			rc = put_arg(b, a);
		s = close + 1;
	}
	return rc;
}
