/* lww.c: single values that analysts set — a claim's status or grade, an
 * entry's date or removal, an actor's preferred name or kind, a verdict on
 * two names — go to the edit with the greatest stamp (last writer wins, on
 * a hybrid clock, so every replica picks the same).  The edit that loses
 * is kept in v.conflict, so `dossier conflicts` and `dossier why` can show
 * it: nothing an analyst did is silently lost. */
#include "view/impl.h"
#include "base/api.h"
#include "error.h"

#include <errno.h>
#include <string.h>

int dsr__conflict(dsr__wtx *w, const char *target, const char *field,
		  const char *value, const char *author, const dsr__stamp *loser)
{
	uint8_t sb[24];
	dsr__stamp_bytes(sb, loser);
	dsr_buf k = DSR_BUF_INIT;
	int rc = dsr__key2(&k, target, strlen(target), field, strlen(field));
	if (!rc && (dsr_buf_putc(&k, 0) || dsr_buf_append(&k, sb, sizeof sb)))
		rc = -ENOMEM;
	Dpb__ConflictRec rec = DPB__CONFLICT_REC__INIT;
	Dpb__Stamp ls;
	dsr__stamp_to_pb(loser, &ls);
	rec.target = (char *)target;
	rec.field = (char *)field;
	rec.value = (char *)(value ? value : "");
	rec.author = (char *)(author ? author : "");
	rec.loser = &ls;
	if (!rc)
		rc = dsr__put_rec(w, DSR__DB_V_CONFLICT, k.data, k.len, &rec.base);
	dsr_buf_free(&k);
	return rc;
}

int dsr__lww(dsr__wtx *w, const char *target, const char *field, Dpb__Stamp **win,
	     Dpb__Stamp *storage, const char *cur, const char *cur_author,
	     const char *val, const char *author, const dsr__stamp *st)
{
	if (*win && dsr__stamp_cmp_pb(st, *win) < 0) {
		int rc = dsr__conflict(w, target, field, val, author, st);
		return rc < 0 ? rc : 0;
	}
	if (*win) {
		dsr__stamp ls = dsr__stamp_from_pb(*win);
		int rc = dsr__conflict(w, target, field, cur, cur_author, &ls);
		if (rc < 0)
			return rc;
	}
	dsr__stamp_to_pb(st, storage);
	*win = storage;
	return 1;
}
