/* cmd-name.c: `dossier name NAME [--preferred P] [--kind K]`: an actor's
 * display name and kind, as the analyst sets them (ActorCurated).  Each is
 * one value per actor name, decided by the latest edit, and takes
 * precedence over what the extractor's mentions vote for. */
#include "curate.h"
#include "name.h"

#include <string.h>

struct nargs {
	const char *preferred;
	int kind;
};

static int opt(int c, const char *arg, void *ctx)
{
	struct nargs *a = ctx;
	switch (c) {
	case 'p':
		a->preferred = arg;
		return 0;
	case 'k':
		for (int v = DPB__ACTOR_KIND__KIND_PERSON; v <= DPB__ACTOR_KIND__KIND_OTHER; v++) {
			char buf[32];
			if (!strcmp(arg, enum_short(&dpb__actor_kind__descriptor, v, buf, sizeof buf))) {
				a->kind = v;
				return 0;
			}
		}
		fprintf(stderr, "dossier name: --kind is person, organization, government, "
			"country, group, media or other; not '%s'\n", arg);
		return DSR_EXIT_USAGE;
	}
	return DSR_EXIT_USAGE;
}

static int name_exec(int argc, char **argv)
{
	static const struct option own[] = {
		{ "preferred", required_argument, NULL, 'p' },
		{ "kind", required_argument, NULL, 'k' },
		{ NULL, 0, NULL, 0 },
	};
	struct nargs a = { NULL, 0 };
	int first, rc = copts_parse(argc, argv, own, opt, &a, &first);
	if (rc)
		return rc;
	if (argc - first != 1 || (!a.preferred && !a.kind)) {
		fprintf(stderr, "usage: dossier name NAME [--preferred NAME] [--kind KIND] "
			"(at least one of them)\n");
		return DSR_EXIT_USAGE;
	}
	char key[DSR_NAME_KEY_MAX];
	if (a.preferred && !dsr_name_key(a.preferred, strlen(a.preferred), key, sizeof key)) {
		fprintf(stderr, "dossier name: '%s' is not a name (no letters or digits)\n",
			a.preferred);
		return DSR_EXIT_USAGE;
	}
	const char *name = argv[first];
	struct dcl *d = dcl_open("name");
	Dpb__Response *ar = NULL, *rs = NULL;
	if ((rc = curate_actor(d, "name", name, &ar)))
		goto out;
	Dpb__ActorCurated c = DPB__ACTOR_CURATED__INIT;
	c.name = (char *)name;
	c.preferred_name = (char *)(a.preferred ? a.preferred : "");
	c.kind = a.kind;
	Dpb__Event ev = DPB__EVENT__INIT;
	ev.payload_case = DPB__EVENT__PAYLOAD_CURATED;
	ev.curated = &c;
	Dpb__Event *evs[1] = { &ev };
	if ((rc = curate_append(d, "name", evs, 1, &rs)))
		goto out;
	char what[700], kind[32];
	int n = snprintf(what, sizeof what, "curated actor \"%.250s\":", name);
	if (a.preferred && n > 0)
		n += snprintf(what + n, sizeof what - (size_t)n, " preferred name \"%.250s\"",
			      a.preferred);
	if (a.kind && n > 0 && (size_t)n < sizeof what)
		snprintf(what + n, sizeof what - (size_t)n, "%s kind %s", a.preferred ? "," : "",
			 enum_short(&dpb__actor_kind__descriptor, a.kind, kind, sizeof kind));
	/* Read it back: the actor as it now shows (another analyst's later
	 * edit may be in force). */
	Dpb__Response *now = NULL;
	if (copts.json) {
		dsr_buf extra = DSR_BUF_INIT;
		if (!curate_actor(d, "name", name, &now)) {
			dsr_buf_puts(&extra, "\"actor\":");
			json_msg(&extra, &now->actor->actor->base);
		}
		dsr_buf_cstr(&extra);
		curate_report(d, "name", what, rs, extra.data ? (char *)extra.data : "");
		dsr_buf_free(&extra);
	} else {
		curate_report(d, "name", what, rs, NULL);
		if (!curate_actor(d, "name", name, &now))
			printf("actor now: %s (%s)\n", now->actor->actor->name,
			       enum_short(&dpb__actor_kind__descriptor, now->actor->actor->kind,
					  kind, sizeof kind));
	}
	if (now)
		dpb__response__free_unpacked(now, NULL);
out:
	if (ar)
		dpb__response__free_unpacked(ar, NULL);
	if (rs)
		dpb__response__free_unpacked(rs, NULL);
	dcl_close(d);
	return rc;
}

const struct dsr_cmd cmd_name_entry = {
	.name = "name",
	.usage = "NAME [--preferred NAME] [--kind KIND] [--author NAME]",
	.summary = "set an actor's preferred name and kind",
	.help =
"Sets how the actor known as NAME (any of its names) is shown: the name it\n"
"goes by, and its kind.  Each is one value: the latest edit wins, and one\n"
"that loses to another analyst's is listed by dossier conflicts.\n"
"\n"
"  --preferred NAME  the display name (need not be one of its names yet)\n"
"  --kind KIND       person, organization, government, country, group,\n"
"                    media or other\n"
"\n",
	.exec = name_exec,
};
