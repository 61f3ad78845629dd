/* judge.c: the body of `dossier merge`, `unmerge` and `distinct`: a
 * NamesJudged event, the analyst's verdict on a pair of names (SAME, NONE
 * to withdraw an earlier verdict, DISTINCT).  The latest verdict per pair
 * is in force (docs/curation.md), so the command then asks where the two
 * names ended up and says so: a verdict can be outweighed (an unmerge of a
 * pair the extractor itself joined changes nothing), and the analyst should
 * see that at once rather than discover it later. */
#include "curate.h"
#include "list.h"
#include "name.h"

#include <string.h>

struct jargs {
	const char *note;
};

static int opt(int c, const char *arg, void *ctx)
{
	struct jargs *a = ctx;
	if (c == 'm') {
		a->note = arg;
		return 0;
	}
	return DSR_EXIT_USAGE;
}

/* Where the two names ended up: "one actor: X" or "two actors", as text
 * after the report, or as JSON members in `extra` when --json. */
static void outcome(struct dcl *d, const char *cmd, const char *a, const char *b,
		    int verdict, dsr_buf *extra)
{
	Dpb__Response *ra, *rb;
	if (curate_actor(d, cmd, a, &ra))
		return;
	if (curate_actor(d, cmd, b, &rb)) {
		dpb__response__free_unpacked(ra, NULL);
		return;
	}
	const Dpb__ActorInfo *x = ra->actor->actor, *y = rb->actor->actor;
	bool one = !strcmp(x->key, y->key);
	if (copts.json) {
		dsr_buf_printf(extra, "\"one_actor\":%s,\"actors\":[", one ? "true" : "false");
		json_msg(extra, &x->base);
		if (!one) {
			dsr_buf_putc(extra, ',');
			json_msg(extra, &y->base);
		}
		dsr_buf_putc(extra, ']');
	} else if (one) {
		printf("\"%s\" and \"%s\" are one actor: %s%s%s\n", a, b, x->name,
		       x->n_aliases ? ", also named " : "", join(x->aliases, x->n_aliases));
		if (verdict != DPB__VERDICT__VERDICT_SAME)
			printf("(other links still join them: the extractor's, or other "
			       "analysts' merges; `dossier distinct` splits them for good)\n");
	} else {
		printf("\"%s\" and \"%s\" are two actors: %s and %s\n", a, b, x->name, y->name);
		if (verdict == DPB__VERDICT__VERDICT_SAME)
			printf("(a `distinct` judgement on names of theirs keeps them apart)\n");
	}
	dpb__response__free_unpacked(ra, NULL);
	dpb__response__free_unpacked(rb, NULL);
}

int judge_run(int argc, char **argv, int verdict)
{
	static const struct option own[] = {
		{ "note", required_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 },
	};
	const char *cmd = argv[0];
	struct jargs a = { NULL };
	int first, rc = copts_parse(argc, argv, own, opt, &a, &first);
	if (rc)
		return rc;
	if (argc - first != 2) {
		fprintf(stderr, "usage: dossier %s NAME NAME [--note TEXT]\n", cmd);
		return DSR_EXIT_USAGE;
	}
	const char *n1 = argv[first], *n2 = argv[first + 1];
	char k1[DSR_NAME_KEY_MAX], k2[DSR_NAME_KEY_MAX];
	dsr_name_key(n1, strlen(n1), k1, sizeof k1);
	dsr_name_key(n2, strlen(n2), k2, sizeof k2);
	if (!k1[0] || !k2[0]) {
		fprintf(stderr, "dossier %s: '%s' is not a name (it has no letters or digits)\n",
			cmd, k1[0] ? n2 : n1);
		return DSR_EXIT_USAGE;
	}
	if (!strcmp(k1, k2)) {
		fprintf(stderr, "dossier %s: '%s' and '%s' are forms of one name: they are always "
			"one actor\n", cmd, n1, n2);
		return DSR_EXIT_USAGE;
	}
	struct dcl *d = dcl_open(cmd);
	/* Both must be names the knowledge base uses: a verdict on a typo
	 * would be recorded and do nothing. */
	Dpb__Response *r1 = NULL, *r2 = NULL;
	if ((rc = curate_actor(d, cmd, n1, &r1)) || (rc = curate_actor(d, cmd, n2, &r2)))
		goto out;
	Dpb__NamesJudged j = DPB__NAMES_JUDGED__INIT;
	j.a = (char *)n1;
	j.b = (char *)n2;
	j.verdict = verdict;
	j.note = (char *)(a.note ? a.note : "");
	Dpb__Event ev = DPB__EVENT__INIT;
	ev.payload_case = DPB__EVENT__PAYLOAD_NAMES;
	ev.names = &j;
	Dpb__Event *evs[1] = { &ev };
	Dpb__Response *rs;
	if ((rc = curate_append(d, cmd, evs, 1, &rs)))
		goto out;
	static const char *const said[] = { "withdrew the judgement on", "judged the same actor:",
					    "judged distinct actors:" };
	char what[600];
	snprintf(what, sizeof what, "%s \"%.250s\" and \"%.250s\"", said[verdict], n1, n2);
	if (copts.json) {
		dsr_buf extra = DSR_BUF_INIT;
		outcome(d, cmd, n1, n2, verdict, &extra);
		dsr_buf_cstr(&extra);
		curate_report(d, cmd, what, rs, extra.data ? (char *)extra.data : "");
		dsr_buf_free(&extra);
	} else {
		curate_report(d, cmd, what, rs, NULL);
		outcome(d, cmd, n1, n2, verdict, NULL);
	}
	dpb__response__free_unpacked(rs, NULL);
out:
	if (r1)
		dpb__response__free_unpacked(r1, NULL);
	if (r2)
		dpb__response__free_unpacked(r2, NULL);
	dcl_close(d);
	return rc;
}
