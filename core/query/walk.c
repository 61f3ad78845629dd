/* walk.c: whole-table walks for a document made of the whole knowledge
 * base (the brief, core/export/brief.c): every proposition, every analyst's
 * note and every assessed claim, each in key order, so that every replica
 * walks them alike.  Each costs one sequential pass over its table. */
#include "query/impl.h"
#include "error.h"

#include <string.h>

struct walk {
	int (*prop)(void *ctx, const uint8_t id[DSR_ID_LEN], const Dpb__PropRec *p);
	int (*note)(void *ctx, const Dpb__NoteRec *n);
	int (*assess)(void *ctx, const uint8_t claim[DSR_ID_LEN], const Dpb__AssessRec *a);
	void *ctx;
};

static int on_prop(void *ctx, const MDB_val *k, const MDB_val *v)
{
	struct walk *w = ctx;
	if (k->mv_size != DSR_ID_LEN)
		return 0;
	Dpb__PropRec *p = dpb__prop_rec__unpack(NULL, v->mv_size, v->mv_data);
	if (!p)
		return DSR_ECORRUPT;
	int rc = w->prop(w->ctx, k->mv_data, p);
	dpb__prop_rec__free_unpacked(p, NULL);
	return rc;
}

int dsr__props_each(dsr_rtxn *t,
		    int (*fn)(void *ctx, const uint8_t id[DSR_ID_LEN], const Dpb__PropRec *p),
		    void *ctx)
{
	struct walk w = { .prop = fn, .ctx = ctx };
	return dsr__scan_prefix(t, DSR__DB_V_PROP, "", 0, on_prop, &w);
}

static int on_note(void *ctx, const MDB_val *k, const MDB_val *v)
{
	(void)k;
	struct walk *w = ctx;
	Dpb__NoteRec *n = dpb__note_rec__unpack(NULL, v->mv_size, v->mv_data);
	if (!n)
		return DSR_ECORRUPT;
	int rc = w->note(w->ctx, n);
	dpb__note_rec__free_unpacked(n, NULL);
	return rc;
}

int dsr__notes_each(dsr_rtxn *t, int (*fn)(void *ctx, const Dpb__NoteRec *n), void *ctx)
{
	struct walk w = { .note = fn, .ctx = ctx };
	return dsr__scan_prefix(t, DSR__DB_V_NOTE, "", 0, on_note, &w);
}

static int on_assess(void *ctx, const MDB_val *k, const MDB_val *v)
{
	struct walk *w = ctx;
	if (k->mv_size != DSR_ID_LEN)
		return 0;
	Dpb__AssessRec *a = dpb__assess_rec__unpack(NULL, v->mv_size, v->mv_data);
	if (!a)
		return DSR_ECORRUPT;
	int rc = w->assess(w->ctx, k->mv_data, a);
	dpb__assess_rec__free_unpacked(a, NULL);
	return rc;
}

int dsr__assessed_each(dsr_rtxn *t,
		       int (*fn)(void *ctx, const uint8_t claim[DSR_ID_LEN],
				 const Dpb__AssessRec *a),
		       void *ctx)
{
	struct walk w = { .assess = fn, .ctx = ctx };
	return dsr__scan_prefix(t, DSR__DB_V_ASSESS, "", 0, on_assess, &w);
}
