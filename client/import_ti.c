/* import_ti.c: `dossier import` of a STIX 2.1 bundle or a MISP event.  The
 * core reads the whole document into a plan first (dsr_ti_read: articles,
 * names to judge the same, notes), so a document it refuses writes
 * nothing.  Then the articles are filed as `dossier ingest` files them
 * (the daemon extracts them; an article already held is a duplicate, its
 * id being the hash of its text), and the judgements (NamesJudged SAME, as
 * `dossier merge` writes them) and notes (NoteAdded on the articles, as
 * `dossier note` writes them) go as local events in the analyst's name,
 * each naming the file.  The plan's first note, on the document's cover
 * article, says what was imported: when the cover already carries it, the
 * file was imported before and nothing more is written, so importing the
 * same file twice adds nothing. */
#include "curate.h"
#include "error.h"
#include "export.h"
#include "import_ti.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* Events per Append group: well under the daemon's 100,000, and with notes
 * of at most 2 KB, under the frame limit. */
#define GROUP_EVENTS 4096

static int file_article(struct dcl *d, const dsr_ti_article *a, const char *path,
			uint8_t id[DSR_ID_LEN], bool *dup)
{
	Dpb__Ingest g = DPB__INGEST__INIT;
	g.text.data = (uint8_t *)a->text;
	g.text.len = a->len;
	g.title = a->title;
	g.publisher = a->publisher;
	g.url = a->url;
	g.published = a->published;
	g.name = (char *)path;
	Dpb__Request rq = DPB__REQUEST__INIT;
	rq.body_case = DPB__REQUEST__BODY_INGEST;
	rq.ingest = &g;
	Dpb__Response *rs = dcl_call(d, &rq);
	int rc = dcl_check("import", rs, DPB__RESPONSE__BODY_INGESTED);
	if (!rc) {
		if (rs->ingested->article.len != DSR_ID_LEN) {
			fprintf(stderr, "dossier import: dossierd gave no article id\n");
			rc = DSR_EXIT_ERROR;
		} else {
			memcpy(id, rs->ingested->article.data, DSR_ID_LEN);
			*dup = rs->ingested->duplicate;
		}
	}
	dpb__response__free_unpacked(rs, NULL);
	return rc;
}

/* Whether the cover already carries the note saying the file was
 * imported. */
static int imported_before(struct dcl *d, const uint8_t cover[DSR_ID_LEN], const char *marker,
			   bool *yes)
{
	char h[2 * DSR_ID_LEN + 1];
	dsr_hex(cover, DSR_ID_LEN, h);
	Dpb__QueryWhy q = DPB__QUERY_WHY__INIT;
	q.what = h;
	Dpb__Request rq = DPB__REQUEST__INIT;
	rq.body_case = DPB__REQUEST__BODY_WHY;
	rq.why = &q;
	Dpb__Response *rs = dcl_call(d, &rq);
	int rc = dcl_check("import", rs, DPB__RESPONSE__BODY_WHY);
	*yes = false;
	for (size_t i = 0; !rc && i < rs->why->n_items; i++)
		if (!strcmp(rs->why->items[i]->act, "note") &&
		    !strcmp(rs->why->items[i]->detail, marker))
			*yes = true;
	dpb__response__free_unpacked(rs, NULL);
	return rc;
}

static int send_group(struct dcl *d, Dpb__Event **evs, size_t n)
{
	return n ? curate_append(d, "import", evs, n, NULL) : 0;
}

int import_ti(const char *path, const uint8_t *doc, size_t len)
{
	dsr_ti ti;
	int r = dsr_ti_read(doc, len, path, &ti);
	if (r) {
		fprintf(stderr, "dossier import: %s: %s\n", path,
			r == DSR_EDECODE ? ti.err : dsr_strerror(r));
		dsr_ti_free(&ti);
		return r == DSR_EDECODE ? DSR_EXIT_INPUT : DSR_EXIT_ERROR;
	}
	struct dcl *d = dcl_open("import");
	uint8_t (*ids)[DSR_ID_LEN] = xcalloc(ti.narts, sizeof *ids);
	size_t filed = 0, dups = 0;
	int rc = 0;
	for (size_t i = 0; i < ti.narts && !rc; i++) {
		bool dup = false;
		rc = file_article(d, &ti.arts[i], path, ids[i], &dup);
		dups += dup;
		filed += !dup;
	}
	bool before = false;
	if (!rc)
		rc = imported_before(d, ids[0], ti.notes[0].text, &before);
	size_t nev = before ? 0 : ti.nsame + ti.nnotes;
	Dpb__Event *ev = xcalloc(nev + 1, sizeof *ev);
	Dpb__NamesJudged *nj = xcalloc(ti.nsame + 1, sizeof *nj);
	Dpb__NoteAdded *na = xcalloc(ti.nnotes + 1, sizeof *na);
	Dpb__Event **group = xcalloc(GROUP_EVENTS, sizeof *group);
	size_t k = 0, ng = 0;
	/* judgements, the notes, and last the note that says it is done */
	for (size_t i = 0; !rc && !before && i < ti.nsame + ti.nnotes; i++) {
		Dpb__Event *e = &ev[k++];
		dpb__event__init(e);
		if (i < ti.nsame) {
			dpb__names_judged__init(&nj[i]);
			nj[i].a = ti.same[i].a;
			nj[i].b = ti.same[i].b;
			nj[i].verdict = DPB__VERDICT__VERDICT_SAME;
			nj[i].note = ti.same[i].note;
			e->payload_case = DPB__EVENT__PAYLOAD_NAMES;
			e->names = &nj[i];
		} else {
			size_t j = (i - ti.nsame + 1) % ti.nnotes;   /* notes[0] last */
			dpb__note_added__init(&na[j]);
			na[j].target_kind = DPB__TARGET_KIND__TARGET_ARTICLE;
			na[j].target_id.data = ids[ti.notes[j].article];
			na[j].target_id.len = DSR_ID_LEN;
			na[j].text = ti.notes[j].text;
			e->payload_case = DPB__EVENT__PAYLOAD_NOTE;
			e->note = &na[j];
		}
		group[ng++] = e;
		if (ng == GROUP_EVENTS || i + 1 == ti.nsame + ti.nnotes) {
			rc = send_group(d, group, ng);
			ng = 0;
		}
	}
	if (!rc && copts.json)
		printf("{\"format\":\"%s\",\"articles\":%zu,\"filed\":%zu,\"duplicates\":%zu,"
		       "\"judged\":%zu,\"notes\":%zu,\"imported_before\":%s}\n", ti.format, ti.narts,
		       filed, dups, before ? 0 : ti.nsame, before ? 0 : ti.nnotes,
		       before ? "true" : "false");
	else if (!rc && before)
		printf("%s: a %s imported before: %zu article(s) already here; nothing added\n",
		       path, ti.format, dups);
	else if (!rc)
		printf("%s: a %s: %zu article(s) filed and %zu already here (one is the "
		       "document's cover), %zu pair(s) of names judged the same, %zu note(s)\n",
		       path, ti.format, filed, dups, ti.nsame, ti.nnotes);
	free(group);
	free(na);
	free(nj);
	free(ev);
	free(ids);
	dcl_close(d);
	dsr_ti_free(&ti);
	return rc;
}
