/* cmd-note.c: `dossier note actor|claim|entry|article TARGET TEXT`: a note
 * on an actor (by any of its names), a claim, a timeline entry or an
 * article.  Notes accumulate (NoteAdded is not a single value), and `dossier
 * why` shows them with their author and time. */
#include "curate.h"

#include <string.h>

static int no_opt(int c, const char *arg, void *ctx)
{
	(void)c, (void)arg, (void)ctx;
	return DSR_EXIT_USAGE;
}

static int note_exec(int argc, char **argv)
{
	/* An empty table, not NULL: copts_parse copies it (UBSan). */
	static const struct option own[] = { { NULL, 0, NULL, 0 } };
	int first, rc = copts_parse(argc, argv, own, no_opt, NULL, &first);
	if (rc)
		return rc;
	if (argc - first != 3) {
		fprintf(stderr, "usage: dossier note actor NAME|claim ID|entry ID|article ID TEXT\n");
		return DSR_EXIT_USAGE;
	}
	const char *what = argv[first], *target = argv[first + 1], *text = argv[first + 2];
	static const struct { const char *word; int kind; } kinds[] = {
		{ "actor", DPB__TARGET_KIND__TARGET_ACTOR },
		{ "claim", DPB__TARGET_KIND__TARGET_CLAIM },
		{ "entry", DPB__TARGET_KIND__TARGET_ENTRY },
		{ "article", DPB__TARGET_KIND__TARGET_ARTICLE },
	};
	int kind = 0;
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (!strcmp(what, kinds[i].word))
			kind = kinds[i].kind;
	if (!kind) {
		fprintf(stderr, "dossier note: a note is on an actor, claim, entry or article, "
			"not '%s'\n", what);
		return DSR_EXIT_USAGE;
	}
	if (!*text) {
		fprintf(stderr, "dossier note: the note is empty\n");
		return DSR_EXIT_USAGE;
	}
	struct dcl *d = dcl_open("note");
	Dpb__NoteAdded n = DPB__NOTE_ADDED__INIT;
	n.target_kind = kind;
	n.text = (char *)text;
	uint8_t id[DSR_ID_LEN];
	char label[300];
	if (kind == DPB__TARGET_KIND__TARGET_ACTOR) {
		Dpb__Response *ar;
		if ((rc = curate_actor(d, "note", target, &ar)))
			goto out;
		snprintf(label, sizeof label, "actor %s", ar->actor->actor->name);
		dpb__response__free_unpacked(ar, NULL);
		n.target_name = (char *)target;
	} else {
		if ((rc = curate_resolve(d, "note", target, kind, id, NULL)))
			goto out;
		n.target_id.data = id;
		n.target_id.len = DSR_ID_LEN;
		snprintf(label, sizeof label, "%s %s", what, hexs(id, DSR_ID_LEN, 0));
	}
	Dpb__Event ev = DPB__EVENT__INIT;
	ev.payload_case = DPB__EVENT__PAYLOAD_NOTE;
	ev.note = &n;
	Dpb__Event *evs[1] = { &ev };
	Dpb__Response *rs;
	if ((rc = curate_append(d, "note", evs, 1, &rs)))
		goto out;
	char said[400];
	snprintf(said, sizeof said, "noted on %s", label);
	curate_report(d, "note", said, rs, NULL);
	dpb__response__free_unpacked(rs, NULL);
out:
	dcl_close(d);
	return rc;
}

const struct dsr_cmd cmd_note_entry = {
	.name = "note",
	.usage = "actor NAME|claim ID|entry ID|article ID TEXT [--author NAME]",
	.summary = "add a note to an actor, claim, timeline entry or article",
	.help =
"Adds a note, in your name (--author), to an actor (any of its names), a\n"
"claim, a timeline entry or an article (their hex ids as the lists print\n"
"them, or a unique beginning of one).  Notes accumulate; dossier why FACT\n"
"shows them with their author and time.\n"
"\n",
	.exec = note_exec,
};
