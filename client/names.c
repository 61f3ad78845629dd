/* names.c: is there an actor of this name, and if not, which names are
 * near it (suggest.h).  A filter naming no actor is an error, not an empty
 * table: `claims --about 'Nort Korea'` says so and suggests "North Korea". */
#include "suggest.h"
#include "client.h"
#include "cmd.h"

#include <stdlib.h>
#include <string.h>

void actor_suggest(struct dcl *d, const char *name)
{
	struct suggest s;
	suggest_init(&s, name);
	Dpb__Page pg = DPB__PAGE__INIT;
	Dpb__QueryActors q = DPB__QUERY_ACTORS__INIT;
	q.page = &pg;
	Dpb__Request rq = DPB__REQUEST__INIT;
	rq.body_case = DPB__REQUEST__BODY_ACTORS;
	rq.actors = &q;
	uint8_t *cursor = NULL;
	size_t cursor_len = 0;
	for (;;) {
		pg.cursor.data = cursor;
		pg.cursor.len = cursor_len;
		Dpb__Response *rs = dcl_call(d, &rq);
		free(cursor);
		cursor = NULL;
		if (rs->body_case != DPB__RESPONSE__BODY_ACTORS) {
			dpb__response__free_unpacked(rs, NULL);
			break;
		}
		const Dpb__ActorList *l = rs->actors;
		for (size_t i = 0; i < l->n_actors; i++) {
			const Dpb__ActorInfo *a = l->actors[i];
			suggest_offer(&s, a->name, a->name);
			for (size_t k = 0; k < a->n_aliases; k++)
				suggest_offer(&s, a->aliases[k], a->name);
		}
		cursor_len = l->next.len;
		if (cursor_len) {
			cursor = xmalloc(cursor_len);
			memcpy(cursor, l->next.data, cursor_len);
		}
		dpb__response__free_unpacked(rs, NULL);
		if (!cursor_len)
			break;
	}
	suggest_print(&s, stderr, "\"");
	suggest_free(&s);
}

bool actor_missing(const Dpb__Response *rs)
{
	if (rs->body_case == DPB__RESPONSE__BODY_ACTOR)
		return !rs->actor->actor;
	return rs->body_case == DPB__RESPONSE__BODY_ERROR &&
	       dcl_exit_code(rs->error->code) == DSR_EXIT_NOTFOUND;
}

int actor_check(struct dcl *d, const char *cmd, const char *what, const char *name)
{
	Dpb__QueryActor q = DPB__QUERY_ACTOR__INIT;
	q.name = (char *)name;
	q.limit = 1;
	Dpb__Request rq = DPB__REQUEST__INIT;
	rq.body_case = DPB__REQUEST__BODY_ACTOR;
	rq.actor = &q;
	Dpb__Response *rs = dcl_call(d, &rq);
	int rc = 0;
	if (!actor_missing(rs)) {
		rc = dcl_check(cmd, rs, DPB__RESPONSE__BODY_ACTOR);
	} else {
		fprintf(stderr, "dossier %s: %s%sno actor is named \"%s\"\n", cmd,
			what ? what : "", what ? ": " : "", name);
		actor_suggest(d, name);
		rc = DSR_EXIT_NOTFOUND;
	}
	dpb__response__free_unpacked(rs, NULL);
	return rc;
}

int actor_check_open(const char *cmd, const char *what, const char *name)
{
	struct dcl *d = dcl_open(cmd);
	int rc = actor_check(d, cmd, what, name);
	dcl_close(d);
	return rc;
}
