/* cmd-grade.c: `dossier grade CLAIM RELIABILITY CREDIBILITY`: the
 * Admiralty (NATO) grade of a claim: how reliable its source is (A-F) and
 * how credible the information is (1-6).  It drives the claim's confidence
 * (docs/curation.md), so bad input is refused with the scale spelled out
 * rather than stored. */
#include "curate.h"

#include <ctype.h>
#include <string.h>

static const char scale[] =
"Source reliability:  A completely reliable, B usually reliable, C fairly\n"
"                     reliable, D not usually reliable, E unreliable,\n"
"                     F reliability cannot be judged\n"
"Information credibility: 1 confirmed by other sources, 2 probably true,\n"
"                     3 possibly true, 4 doubtful, 5 improbable,\n"
"                     6 truth cannot be judged\n";

/* "B" and "2", or "B2" in one word; 0 or an exit code after a message. */
static int parse_grade(const char *r, const char *c, char *rel, uint32_t *cred)
{
	char both[8];
	if (!c) {
		if (strlen(r) != 2) {
			fprintf(stderr, "dossier grade: '%s' is not a grade: give a letter A-F and "
				"a digit 1-6 (B 2, or B2)\n%s", r, scale);
			return DSR_EXIT_USAGE;
		}
		both[0] = r[0];
		both[1] = 0;
		both[2] = r[1];
		both[3] = 0;
		r = both;
		c = both + 2;
	}
	char l = (char)toupper((unsigned char)r[0]);
	if (strlen(r) != 1 || l < 'A' || l > 'F') {
		fprintf(stderr, "dossier grade: source reliability is one letter A-F, not '%s'\n%s",
			r, scale);
		return DSR_EXIT_USAGE;
	}
	if (strlen(c) != 1 || c[0] < '1' || c[0] > '6') {
		fprintf(stderr, "dossier grade: information credibility is one digit 1-6, not '%s'\n%s",
			c, scale);
		return DSR_EXIT_USAGE;
	}
	rel[0] = l;
	rel[1] = 0;
	*cred = (uint32_t)(c[0] - '0');
	return 0;
}

static int grade_exec(int argc, char **argv)
{
	static const struct option own[] = {
		{ "note", required_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 },
	};
	const char *note = NULL;
	int first, rc = copts_parse(argc, argv, own, curate_note_opt, &note, &first);
	if (rc)
		return rc;
	int nargs = argc - first;
	if (nargs != 2 && nargs != 3) {
		fprintf(stderr, "usage: dossier grade CLAIM A-F 1-6 [--note TEXT]\n");
		return DSR_EXIT_USAGE;
	}
	char rel[2];
	uint32_t cred;
	if ((rc = parse_grade(argv[first + 1], nargs == 3 ? argv[first + 2] : NULL, rel, &cred)))
		return rc;
	struct dcl *d = dcl_open("grade");
	uint8_t id[DSR_ID_LEN];
	if ((rc = curate_resolve(d, "grade", argv[first], DPB__TARGET_KIND__TARGET_CLAIM, id, NULL)))
		goto out;
	Dpb__ClaimAssessed a = DPB__CLAIM_ASSESSED__INIT;
	a.claim.data = id;
	a.claim.len = DSR_ID_LEN;
	a.reliability = rel;
	a.credibility = cred;
	Dpb__Event ev = DPB__EVENT__INIT;
	ev.payload_case = DPB__EVENT__PAYLOAD_ASSESSED;
	ev.assessed = &a;
	/* A grade's note is a note on the claim, recorded with the grade in
	 * one group: ClaimAssessed keeps a note only with a status. */
	Dpb__NoteAdded n = DPB__NOTE_ADDED__INIT;
	n.target_kind = DPB__TARGET_KIND__TARGET_CLAIM;
	n.target_id.data = id;
	n.target_id.len = DSR_ID_LEN;
	n.text = (char *)note;
	Dpb__Event nev = DPB__EVENT__INIT;
	nev.payload_case = DPB__EVENT__PAYLOAD_NOTE;
	nev.note = &n;
	Dpb__Event *evs[2] = { &ev, &nev };
	Dpb__Response *rs;
	if ((rc = curate_append(d, "grade", evs, note && *note ? 2 : 1, &rs)))
		goto out;
	char what[128], extra[96];
	snprintf(what, sizeof what, "graded claim %s %s%u", hexs(id, DSR_ID_LEN, 0), rel, cred);
	snprintf(extra, sizeof extra, "\"claim\":\"%s\",\"grade\":\"%s%u\"",
		 hexs(id, DSR_ID_LEN, 0), rel, cred);
	curate_report(d, "grade", what, rs, extra);
	dpb__response__free_unpacked(rs, NULL);
	if (!copts.json) {
		const Dpb__ClaimInfo *c = curate_claim(d, id, &rs);
		if (c)
			printf("claim now: %s\n", curate_claim_standing(c));
		dpb__response__free_unpacked(rs, NULL);
	}
out:
	dcl_close(d);
	return rc;
}

const struct dsr_cmd cmd_grade_entry = {
	.name = "grade",
	.usage = "CLAIM A-F 1-6 [--note TEXT] [--author NAME]",
	.summary = "grade a claim on the Admiralty scale (source A-F, information 1-6)",
	.help =
"Grades the claim: the reliability of its source, a letter A-F, and the\n"
"credibility of the information, a digit 1-6 (\"B 2\" or \"B2\").  The grade\n"
"sets the claim's confidence (docs/curation.md); the latest grade is the one\n"
"in force, and a grade that loses to another analyst's is listed by\n"
"dossier conflicts.  CLAIM is a claim's hex id, or a unique beginning of one.\n"
"\n"
"  --note TEXT   why, recorded as a note on the claim with the grade\n"
"\n"
"The scale:\n"
"  A completely reliable   1 confirmed by other sources\n"
"  B usually reliable      2 probably true\n"
"  C fairly reliable       3 possibly true\n"
"  D not usually reliable  4 doubtful\n"
"  E unreliable            5 improbable\n"
"  F cannot be judged      6 cannot be judged\n"
"\n",
	.exec = grade_exec,
};
