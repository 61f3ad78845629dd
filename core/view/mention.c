/* mention.c: actor mentions (v.mention): what a winning mention adds to the
 * name graph (names.c) — its names, their forms, the links between them —
 * and the articles naming each name (v.nart). */
#include "view/impl.h"
#include "error.h"
#include "name.h"

#include <string.h>

static bool seen_form(char **v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i], s) == 0)
			return true;
	return false;
}

/* Adds (delta 1) or takes back (delta -1) what a winning mention
 * contributes: its names, their forms, the links between them and the
 * article they appear in. */
int dsr__mention_refs(dsr__wtx *w, const Dpb__Event *ev, int delta)
{
	const Dpb__ActorMentioned *m = ev->actor;
	char key[DSR_NAME_KEY_MAX], akey[DSR_NAME_KEY_MAX];
	int rc = dsr__name_ref(w, m->name, delta, m->kind, (uint32_t)m->n_mentions, key);
	if (rc)
		return rc < 0 ? rc : 0;
	if ((rc = dsr__form_ref(w, key, m->name, delta, (uint32_t)m->n_mentions)) ||
	    (m->article.len == DSR_ID_LEN &&
	     (rc = dsr__index(w, DSR__DB_V_NART, key, strlen(key), ev->hlc,
				      m->article.data, delta))))
		return rc;
	for (size_t i = 0; i < m->n_aliases; i++) {
		const char *al = m->aliases[i];
		if (strcmp(al, m->name) == 0 || seen_form(m->aliases, i, al))
			continue;
		rc = dsr__name_ref(w, al, delta, m->kind, 0, akey);
		if (rc == 1)
			continue;
		if (rc || (rc = dsr__form_ref(w, akey, al, delta, 0)) ||
		    (rc = dsr__name_link(w, key, akey, delta)))
			return rc < 0 ? rc : 0;
	}
	return 0;
}

int dsr__view_actor(dsr__wtx *w, const Dpb__Event *ev)
{
	return dsr__fact_add(w, DSR__DB_V_MENTION, ev->actor->id.data, ev, dsr__mention_refs);
}
