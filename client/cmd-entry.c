/* cmd-entry.c: `dossier entry add|amend|remove|restore`: the analyst's
 * hand on the timeline.  `add` records an EntryRecorded with no article
 * (its id then derives from the event: origin and sequence number, which
 * the reply gives, so the command can print it); the others record an
 * EntryAmended: a new date, or the entry's removal or restoration.  Date and
 * removal are each one value per entry, decided by the latest edit. */
#include "curate.h"
#include "name.h"
#include "datecheck.h"

#include <stdlib.h>
#include <string.h>

struct eargs {
	const char *date, *text, *note;
	int precision;            /* -1: from the date's form */
	char **actors;
	size_t nactors;
};

static int opt(int c, const char *arg, void *ctx)
{
	struct eargs *a = ctx;
	switch (c) {
	case 'd': a->date = arg; return 0;
	case 't': a->text = arg; return 0;
	case 'm': a->note = arg; return 0;
	case 'p':
		if ((a->precision = precision_parse(arg)) < 0) {
			fprintf(stderr, "dossier entry: --precision is one of time, day, week, month, "
				"season, quarter, year, decade, century, ref; not '%s'\n", arg);
			return DSR_EXIT_USAGE;
		}
		return 0;
	case 'a':
		a->actors = xrealloc(a->actors, (a->nactors + 1) * sizeof *a->actors);
		a->actors[a->nactors++] = (char *)arg;
		return 0;
	}
	return DSR_EXIT_USAGE;
}

/* Checks --date and fills in the precision its form implies. */
static int check_date(struct eargs *a)
{
	int p = timex_precision(a->date);
	if (p < 0) {
		fprintf(stderr, "dossier entry: '%s' is not a date the timeline can order;\n%s",
			a->date, timex_forms);
		return DSR_EXIT_USAGE;
	}
	if (a->precision < 0)
		a->precision = p;
	return 0;
}

/* Everything that can be checked before connecting; 0 or an exit code. */
static int check_args(const char *sub, struct eargs *a)
{
	if (!strcmp(sub, "add")) {
		if (!a->date || !a->text || !*a->text) {
			fprintf(stderr, "usage: dossier entry add --date DATE --text TEXT "
				"[--precision P] [--actor NAME]...\n");
			return DSR_EXIT_USAGE;
		}
		if (a->note) {
			fprintf(stderr, "dossier entry add: --note belongs to amend, remove and "
				"restore (add a note with dossier note entry ID TEXT)\n");
			return DSR_EXIT_USAGE;
		}
		for (size_t i = 0; i < a->nactors; i++) {
			char k[DSR_NAME_KEY_MAX];
			if (!dsr_name_key(a->actors[i], strlen(a->actors[i]), k, sizeof k)) {
				fprintf(stderr, "dossier entry add: --actor '%s' is not a name (no "
					"letters or digits)\n", a->actors[i]);
				return DSR_EXIT_USAGE;
			}
		}
	} else if (!strcmp(sub, "amend")) {
		if (!a->date) {
			fprintf(stderr, "usage: dossier entry amend ENTRY --date DATE [--precision P]\n");
			return DSR_EXIT_USAGE;
		}
	} else if (a->date || a->precision >= 0) {
		fprintf(stderr, "dossier entry %s: --date and --precision belong to add and "
			"amend\n", sub);
		return DSR_EXIT_USAGE;
	}
	if (strcmp(sub, "add") && (a->text || a->nactors)) {
		fprintf(stderr, "dossier entry %s: --text and --actor belong to add\n", sub);
		return DSR_EXIT_USAGE;
	}
	return a->date ? check_date(a) : 0;
}

static int add(struct dcl *d, struct eargs *a)
{
	Dpb__EntryRecorded e = DPB__ENTRY_RECORDED__INIT;
	e.date = (char *)a->date;
	e.precision = a->precision;
	e.text = (char *)a->text;
	e.actors = a->actors;
	e.n_actors = a->nactors;
	Dpb__Event ev = DPB__EVENT__INIT;
	ev.payload_case = DPB__EVENT__PAYLOAD_ENTRY;
	ev.entry = &e;
	Dpb__Event *evs[1] = { &ev };
	Dpb__Response *rs;
	int rc = curate_append(d, "entry add", evs, 1, &rs);
	if (rc)
		return rc;
	uint8_t id[DSR_ID_LEN];
	dsr_event_fact_id("entry", dcl_origin(d), rs->appended->local[0]->seq, id);
	char what[200], extra[64];
	snprintf(what, sizeof what, "added timeline entry %s on %s", hexs(id, DSR_ID_LEN, 0),
		 a->date);
	snprintf(extra, sizeof extra, "\"entry\":\"%s\"", hexs(id, DSR_ID_LEN, 0));
	curate_report(d, "entry add", what, rs, extra);
	dpb__response__free_unpacked(rs, NULL);
	return 0;
}

static int amend(struct dcl *d, const char *sub, const char *which, struct eargs *a)
{
	bool dating = !strcmp(sub, "amend");
	char cmd[32];
	snprintf(cmd, sizeof cmd, "entry %s", sub);
	uint8_t id[DSR_ID_LEN];
	int rc = curate_resolve(d, cmd, which, DPB__TARGET_KIND__TARGET_ENTRY, id, NULL);
	if (rc)
		return rc;
	Dpb__EntryAmended m = DPB__ENTRY_AMENDED__INIT;
	m.entry.data = id;
	m.entry.len = DSR_ID_LEN;
	m.note = (char *)(a->note ? a->note : "");
	if (dating) {
		m.date = (char *)a->date;
		m.precision = a->precision;
	}
	m.removed = !strcmp(sub, "remove");
	m.restored = !strcmp(sub, "restore");
	Dpb__Event ev = DPB__EVENT__INIT;
	ev.payload_case = DPB__EVENT__PAYLOAD_AMENDED;
	ev.amended = &m;
	Dpb__Event *evs[1] = { &ev };
	Dpb__Response *rs;
	if ((rc = curate_append(d, cmd, evs, 1, &rs)))
		return rc;
	char what[200], extra[64];
	if (dating)
		snprintf(what, sizeof what, "moved timeline entry %s to %s",
			 hexs(id, DSR_ID_LEN, 0), a->date);
	else
		snprintf(what, sizeof what, "%s timeline entry %s",
			 m.removed ? "removed" : "restored", hexs(id, DSR_ID_LEN, 0));
	snprintf(extra, sizeof extra, "\"entry\":\"%s\"", hexs(id, DSR_ID_LEN, 0));
	curate_report(d, cmd, what, rs, extra);
	dpb__response__free_unpacked(rs, NULL);
	return 0;
}

static int entry_exec(int argc, char **argv)
{
	static const struct option own[] = {
		{ "date", required_argument, NULL, 'd' },
		{ "precision", required_argument, NULL, 'p' },
		{ "text", required_argument, NULL, 't' },
		{ "actor", required_argument, NULL, 'a' },
		{ "note", required_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 },
	};
	const char *sub = argc > 1 ? argv[1] : "";
	bool is_add = !strcmp(sub, "add");
	if (!is_add && strcmp(sub, "amend") && strcmp(sub, "remove") && strcmp(sub, "restore")) {
		fprintf(stderr, "usage: dossier entry add|amend|remove|restore ... "
			"(see dossier entry --help)\n");
		return DSR_EXIT_USAGE;
	}
	/* Parse the rest as the command "entry SUB", so messages name it. */
	char name[32];
	snprintf(name, sizeof name, "entry %s", sub);
	argv[1] = name;
	struct eargs a = { NULL, NULL, NULL, -1, NULL, 0 };
	int first, rc = copts_parse(argc - 1, argv + 1, own, opt, &a, &first);
	first++;
	if (rc || (rc = check_args(sub, &a)))
		goto out;
	if (is_add ? first != argc : argc - first != 1) {
		fprintf(stderr, is_add ? "dossier entry add: unexpected argument '%s'\n"
				       : "usage: dossier %s ENTRY ...\n",
			is_add ? argv[first] : name);
		rc = DSR_EXIT_USAGE;
		goto out;
	}
	struct dcl *d = dcl_open(name);
	rc = is_add ? add(d, &a) : amend(d, sub, argv[first], &a);
	dcl_close(d);
out:
	free(a.actors);
	return rc;
}

const struct dsr_cmd cmd_entry_entry = {
	.name = "entry",
	.usage = "add --date DATE --text TEXT [--precision P] [--actor NAME]... |\n"
		 "       dossier entry amend ENTRY --date DATE [--precision P] [--note TEXT] |\n"
		 "       dossier entry remove|restore ENTRY [--note TEXT]",
	.summary = "add a timeline entry by hand, correct its date, remove or restore one",
	.help =
"  add      records a timeline entry of your own, with no article behind it,\n"
"           and prints its id\n"
"  amend    gives an entry another date (and precision)\n"
"  remove   takes an entry off the timeline (dossier timeline --removed still\n"
"           lists it)\n"
"  restore  puts a removed entry back\n"
"\n"
"ENTRY is an entry's hex id as dossier timeline prints it, or a unique\n"
"beginning of one.  A date and a removal are each one value per entry: the\n"
"latest edit wins, and an edit that loses to another analyst's is listed by\n"
"dossier conflicts.\n"
"\n"
"  --date DATE      a TIMEX3 value: 2014-11-24, 2014-11-24T09:30, 2014-W48,\n"
"                   2014-11, 2014-Q4, 2014-SU, 2014, 201X, 20XX, PAST_REF, ...\n"
"  --precision P    time, day, week, month, season, quarter, year, decade,\n"
"                   century or ref; by default what the date's form says\n"
"  --text TEXT      what happened\n"
"  --actor NAME     an actor involved (repeat for several)\n"
"  --note TEXT      why (shown by dossier why)\n"
"\n",
	.exec = entry_exec,
};
