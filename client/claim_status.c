/* claim_status.c: the body of `dossier confirm`, `dispute` and `retract`: a
 * ClaimAssessed event setting the claim's status, with a note saying why.
 * The status is a single value decided by the latest edit (hybrid clock),
 * so after recording it the command reads the claim back and shows the
 * status in force: when another analyst's later edit wins, the analyst
 * sees it at once (and `dossier conflicts` lists the edit that lost). */
#include "curate.h"

#include <string.h>

/* Shows the claim as it now stands (text output only). */
static void standing(struct dcl *d, const uint8_t id[DSR_ID_LEN])
{
	Dpb__Response *rs;
	const Dpb__ClaimInfo *c = curate_claim(d, id, &rs);
	if (c)
		printf("claim now: %s\n", curate_claim_standing(c));
	dpb__response__free_unpacked(rs, NULL);
}

int assess_run(int argc, char **argv, int status)
{
	static const struct option own[] = {
		{ "note", required_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 },
	};
	const char *cmd = argv[0], *note = NULL;
	int first, rc = copts_parse(argc, argv, own, curate_note_opt, &note, &first);
	if (rc)
		return rc;
	if (argc - first != 1) {
		fprintf(stderr, "usage: dossier %s CLAIM [--note TEXT]\n", cmd);
		return DSR_EXIT_USAGE;
	}
	struct dcl *d = dcl_open(cmd);
	uint8_t id[DSR_ID_LEN];
	if ((rc = curate_resolve(d, cmd, argv[first], DPB__TARGET_KIND__TARGET_CLAIM, id, NULL)))
		goto out;
	Dpb__ClaimAssessed a = DPB__CLAIM_ASSESSED__INIT;
	a.claim.data = id;
	a.claim.len = DSR_ID_LEN;
	a.status = status;
	a.note = (char *)(note ? note : "");
	Dpb__Event ev = DPB__EVENT__INIT;
	ev.payload_case = DPB__EVENT__PAYLOAD_ASSESSED;
	ev.assessed = &a;
	Dpb__Event *evs[1] = { &ev };
	Dpb__Response *rs;
	if ((rc = curate_append(d, cmd, evs, 1, &rs)))
		goto out;
	static const char *const done[] = { "", "confirmed", "disputed", "retracted" };
	char what[128], extra[64];
	snprintf(what, sizeof what, "%s claim %s", done[status], hexs(id, DSR_ID_LEN, 0));
	snprintf(extra, sizeof extra, "\"claim\":\"%s\"", hexs(id, DSR_ID_LEN, 0));
	curate_report(d, cmd, what, rs, extra);
	dpb__response__free_unpacked(rs, NULL);
	if (!copts.json)
		standing(d, id);
out:
	dcl_close(d);
	return rc;
}
