/* brief_notes.c: the analysts' notes and grades in the brief: claims an
 * analyst confirmed, disputed, retracted or graded on the Admiralty scale
 * (by claim id), then notes (by target and time), each cited to the claim
 * or entry it is about — for an actor or an article, to the first claim or
 * entry that names it.  With --about or --act, only those on what the
 * brief shows.  At most DSR__BRIEF_NOTES. */
#include "export/brief.h"
#include "error.h"
#include "factid.h"
#include "query/api.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* A claim or entry, as a note's sentence needs it. */
struct fact {
	bool found, entry;
	uint8_t id[DSR_ID_LEN], article[DSR_ID_LEN], prop[DSR_ID_LEN];
	uint32_t start, end;
	const char *source, *content, *date;
};

struct look {
	dsr__brief *b;
	const uint8_t *id;     /* the fact looked for; NULL: the first */
	struct fact *f;
	uint8_t article[DSR_ID_LEN];
	bool have_article;
};

static int on_claim(void *ctx, const Dpb__ClaimInfo *ci)
{
	struct look *l = ctx;
	if (l->f->found || ci->id.len != DSR_ID_LEN || ci->article.len != DSR_ID_LEN || !ci->span ||
	    (l->id && memcmp(ci->id.data, l->id, DSR_ID_LEN)))
		return 0;
	struct fact *f = l->f;
	f->found = true;
	memcpy(f->id, ci->id.data, DSR_ID_LEN);
	memcpy(f->article, ci->article.data, DSR_ID_LEN);
	if (ci->proposition.len == DSR_ID_LEN)
		memcpy(f->prop, ci->proposition.data, DSR_ID_LEN);
	f->start = ci->span->start;
	f->end = ci->span->end;
	const char *src = *ci->source_actor ? ci->source_actor
					    : dsr__brief_words[DSR__BW_UNATTRIBUTED];
	f->source = dsr__bstr(l->b, src, strlen(src));
	f->content = dsr__bstr(l->b, ci->content, strlen(ci->content));
	return f->source && f->content ? 1 : -ENOMEM;
}

static int on_entry(void *ctx, const Dpb__EntryInfo *ei)
{
	struct look *l = ctx;
	if (l->f->found || ei->id.len != DSR_ID_LEN || ei->article.len != DSR_ID_LEN || !ei->span ||
	    (l->id && memcmp(ei->id.data, l->id, DSR_ID_LEN)))
		return 0;
	struct fact *f = l->f;
	f->found = f->entry = true;
	memcpy(f->id, ei->id.data, DSR_ID_LEN);
	memcpy(f->article, ei->article.data, DSR_ID_LEN);
	f->start = ei->span->start;
	f->end = ei->span->end;
	f->content = dsr__bstr(l->b, ei->text, strlen(ei->text));
	f->date = dsr__bstr(l->b, ei->date, strlen(ei->date));
	return f->content && f->date ? 1 : -ENOMEM;
}

static int on_article_id(void *ctx, const uint8_t id[DSR_ID_LEN], int kind)
{
	(void)kind;
	struct look *l = ctx;
	memcpy(l->article, id, DSR_ID_LEN);
	l->have_article = true;
	return 1;
}

/* The claim or entry `id` (its article's id begins as its own does,
 * factid.h), or with entry < 0 the first claim, else entry, of article id. */
static int fact_get(dsr__bctx *c, const uint8_t *id, int entry, struct fact *f)
{
	memset(f, 0, sizeof *f);
	struct look l = { c->b, entry < 0 ? NULL : id, f, { 0 }, false };
	if (entry < 0) {
		memcpy(l.article, id, DSR_ID_LEN);
		l.have_article = true;
	} else {
		char hex[2 * DSR_ID_LEN + 1];
		dsr_hex(id, DSR_ID_LEN, hex);
		hex[16] = 0;
		bool more;
		int rc = dsr_q_resolve(c->t, hex, DPB__TARGET_KIND__TARGET_ARTICLE, 1, &more,
				       on_article_id, &l);
		if (rc < 0)
			return rc;
	}
	if (!l.have_article)
		return 0;
	int rc = 0;
	if (entry <= 0) {
		dsr_claim_filter cf = DSR_CLAIM_FILTER_ANY;
		cf.article = l.article;
		rc = dsr_q_claims(c->t, &cf, NULL, NULL, on_claim, &l);
	}
	if (!rc && !f->found && entry != 0) {
		dsr_entry_filter ef = { 0 };
		ef.article = l.article;
		ef.entries = true;
		rc = dsr_q_timeline(c->t, &ef, NULL, NULL, on_entry, &l);
	}
	return rc < 0 ? rc : 0;
}

/* The first claim about an actor, or the first entry naming it. */
static int actor_fact(dsr__bctx *c, const char *name, struct fact *f)
{
	memset(f, 0, sizeof *f);
	struct look l = { c->b, NULL, f, { 0 }, false };
	dsr_claim_filter cf = DSR_CLAIM_FILTER_ANY;
	cf.about = name;
	dsr_page pg = { NULL, 0, 1 };
	int rc = dsr_q_claims(c->t, &cf, &pg, NULL, on_claim, &l);
	if (rc == DSR_ENOTFOUND)
		return 0;
	if (!rc && !f->found) {
		dsr_entry_filter ef = { 0 };
		ef.actor = name;
		rc = dsr_q_timeline(c->t, &ef, &pg, NULL, on_entry, &l);
	}
	return rc == DSR_ENOTFOUND ? 0 : rc;
}

struct notes {
	dsr__bctx *c;
	size_t n;
	bool section;
};

static bool filtered(const dsr__bctx *c)
{
	return (c->o->about && *c->o->about) || (c->o->act && *c->o->act) ||
	       (c->o->since && *c->o->since);
}

static int open_item(struct notes *ns)
{
	dsr__bctx *c = ns->c;
	int rc = 0;
	if (!ns->section) {
		rc = dsr__bblock(c->b, DSR__B_SECTION, 0, "notes");
		if (!rc)
			rc = dsr__bfill(c->b, DSR__BW_SEC_NOTES, NULL, 0);
		ns->section = true;
	}
	if (!rc)
		rc = dsr__bblock(c->b, DSR__B_ITEM, 0, "note");
	ns->n++;
	return rc;
}

static int on_assessed(void *ctx, const uint8_t claim[DSR_ID_LEN], const Dpb__AssessRec *a)
{
	struct notes *ns = ctx;
	dsr__bctx *c = ns->c;
	bool status = a->status_win && a->status != DPB__CLAIM_STATUS__STATUS_NONE;
	bool grade = a->grade_win && (*a->reliability || a->credibility);
	if (ns->n >= DSR__BRIEF_NOTES || (!status && !grade))
		return 0;
	struct fact f;
	int rc = fact_get(c, claim, 0, &f);
	if (rc || !f.found || (filtered(c) && !dsr__bprop_has(c, f.prop)))
		return rc;
	uint32_t q = dsr__bcite(c->b, f.id, false, f.article, f.start, f.end);
	if (!q)
		return -ENOMEM;
	for (int pass = 0; !rc && pass < 2; pass++) {
		if ((pass == 0 && !status) || (pass == 1 && !grade))
			continue;
		const char *author = pass ? a->grade_author : a->status_author;
		if (!author || !*author)
			author = dsr__brief_words[DSR__BW_NO_AUTHOR];
		const char *gr = dsr__bprintf(c->b, "%s%u", a->reliability,
					      a->credibility);
		const char *note = a->status_note && *a->status_note
				   ? dsr__bstr(c->b, a->status_note, strlen(a->status_note)) : NULL;
		author = dsr__bstr(c->b, author, strlen(author));
		if (!gr || !author)
			return -ENOMEM;
		int rel = DSR__BW_REL_NONE;
		if (a->reliability && a->reliability[0] >= 'A' && a->reliability[0] <= 'F')
			rel = DSR__BW_REL_A + (a->reliability[0] - 'A');
		int cred = a->credibility <= 6 ? DSR__BW_CRED_0 + (int)a->credibility : DSR__BW_CRED_0;
		struct dsr__barg why[] = { { "note", DSR__ARG_QUOTE, note, NULL, 0, NULL, 0, NULL,
					     NULL, NULL } };
		struct dsr__barg args[] = {
			{ "author", DSR__ARG_TEXT, author, NULL, 0, NULL, 0, NULL, NULL, NULL },
			{ "source", DSR__ARG_TEXT, f.source, NULL, 0, NULL, 0, NULL, NULL, NULL },
			{ "grade", DSR__ARG_TEXT, gr, NULL, 0, NULL, 0, NULL, NULL, NULL },
			{ "reliability", DSR__ARG_WORD, NULL, NULL, (size_t)rel, NULL, 0, NULL, NULL,
			  NULL },
			{ "credibility", DSR__ARG_WORD, NULL, NULL, (size_t)cred, NULL, 0, NULL, NULL,
			  NULL },
			{ "why", note ? DSR__ARG_WORD : DSR__ARG_TEXT, "", NULL, DSR__BW_STATUS_WHY, why,
			  1, NULL, NULL, NULL },
			{ "text", DSR__ARG_QUOTE, f.content, NULL, 0, NULL, 0, NULL, NULL, NULL },
			{ "cites", DSR__ARG_CITES, NULL, &q, 1, NULL, 0, NULL, NULL, NULL },
		};
		int word = DSR__BW_GRADE;
		if (!pass)
			word = a->status == DPB__CLAIM_STATUS__STATUS_CONFIRMED ? DSR__BW_STATUS_CONFIRMED
			       : a->status == DPB__CLAIM_STATUS__STATUS_DISPUTED ? DSR__BW_STATUS_DISPUTED
			       : DSR__BW_STATUS_RETRACTED;
		rc = open_item(ns);
		if (!rc)
			rc = dsr__bfill(c->b, word, args, sizeof args / sizeof *args);
	}
	return rc;
}

/* An actor's display name, kept in the brief's memory (the message lives
 * only for the call). */
struct disp {
	dsr__brief *b;
	const char *name;
};

static int display(void *ctx, const Dpb__ActorInfo *a)
{
	struct disp *d = ctx;
	d->name = dsr__bstr(d->b, a->name, strlen(a->name));
	return d->name ? 1 : -ENOMEM;
}

static int on_note(void *ctx, const Dpb__NoteRec *n)
{
	struct notes *ns = ctx;
	dsr__bctx *c = ns->c;
	if (ns->n >= DSR__BRIEF_NOTES)
		return 0;
	struct fact f;
	int rc = 0, word = DSR__BW_NOTE_CLAIM;
	const char *name = NULL;
	switch (n->target_kind) {
	case DPB__TARGET_KIND__TARGET_CLAIM:
	case DPB__TARGET_KIND__TARGET_ENTRY:
		if (n->target_id.len != DSR_ID_LEN)
			return 0;
		word = n->target_kind == DPB__TARGET_KIND__TARGET_CLAIM ? DSR__BW_NOTE_CLAIM
									 : DSR__BW_NOTE_ENTRY;
		rc = fact_get(c, n->target_id.data, n->target_kind == DPB__TARGET_KIND__TARGET_ENTRY,
			      &f);
		break;
	case DPB__TARGET_KIND__TARGET_ARTICLE:
		if (n->target_id.len != DSR_ID_LEN)
			return 0;
		word = DSR__BW_NOTE_ARTICLE;
		rc = fact_get(c, n->target_id.data, -1, &f);
		if (!rc && f.found) {
			dsr_buf pub = DSR_BUF_INIT;
			ProtobufCBinaryData art = { DSR_ID_LEN, f.article };
			if (dsr__publisher(c->t, art, &pub) == 0)
				name = dsr__bstr(c->b, (char *)pub.data, strlen((char *)pub.data));
			dsr_buf_free(&pub);
			if (!name)
				name = dsr__brief_words[DSR__BW_NO_OUTLET];
		}
		break;
	case DPB__TARGET_KIND__TARGET_ACTOR: {
		word = DSR__BW_NOTE_ACTOR;
		struct disp d = { c->b, NULL };
		rc = dsr_q_actor(c->t, n->target_name, 0, display, &d);
		if (rc == DSR_ENOTFOUND)
			return 0;
		if (rc < 0)
			return rc;
		name = d.name ? d.name : dsr__bstr(c->b, n->target_name, strlen(n->target_name));
		if (!name)
			return -ENOMEM;
		rc = actor_fact(c, name, &f);
		break;
	}
	case DPB__TARGET_KIND__TARGET_NONE:
	case _DPB__TARGET_KIND_IS_INT_SIZE:
		return 0;
	}
	if (rc < 0 || !f.found)
		return rc < 0 ? rc : 0;
	if (filtered(c)) {
		bool in = f.entry ? false : dsr__bprop_has(c, f.prop);
		for (size_t i = 0; !in && i < c->b->nquotes; i++)
			in = !memcmp(c->b->quotes[i].fact, f.id, DSR_ID_LEN);
		if (!in)
			return 0;
	}
	uint32_t q = dsr__bcite(c->b, f.id, f.entry, f.article, f.start, f.end);
	const char *author = dsr__bstr(c->b, n->author && *n->author ? n->author
				       : dsr__brief_words[DSR__BW_NO_AUTHOR],
				       strlen(n->author && *n->author ? n->author
					      : dsr__brief_words[DSR__BW_NO_AUTHOR]));
	const char *text = dsr__bstr(c->b, n->text, strlen(n->text));
	if (!q || !author || !text)
		return -ENOMEM;
	struct dsr__barg args[] = {
		{ "author", DSR__ARG_TEXT, author, NULL, 0, NULL, 0, NULL, NULL, NULL },
		{ "source", DSR__ARG_TEXT, f.source, NULL, 0, NULL, 0, NULL, NULL, NULL },
		{ "date", DSR__ARG_TEXT, f.date, NULL, 0, NULL, 0, NULL, NULL, NULL },
		{ "name", DSR__ARG_TEXT, name, NULL, 0, NULL, 0, NULL, NULL, NULL },
		{ "text", DSR__ARG_QUOTE, text, NULL, 0, NULL, 0, NULL, NULL, NULL },
		{ "cites", DSR__ARG_CITES, NULL, &q, 1, NULL, 0, NULL, NULL, NULL },
	};
	rc = open_item(ns);
	return rc ? rc : dsr__bfill(c->b, word, args, sizeof args / sizeof *args);
}

int dsr__brief_notes(dsr__bctx *c)
{
	struct notes ns = { c, 0, false };
	int rc = dsr__assessed_each(c->t, on_assessed, &ns);
	if (!rc)
		rc = dsr__notes_each(c->t, on_note, &ns);
	return rc;
}
