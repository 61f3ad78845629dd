/* cmd-why.c: `dossier why FACT`: provenance.  Every event behind an actor,
 * a claim, a timeline entry or an article: the articles and byte spans it
 * was extracted from with the quoted text, each analyst's act in force,
 * the edits that lost, and the notes; each with its author and time. */
#include "curate.h"
#include "suggest.h"
#include "hlc.h"
#include "list.h"

#include <ctype.h>
#include <inttypes.h>
#include <string.h>

/* One line: newlines and tabs in quotes become spaces. */
static void put_line(const char *label, const char *s)
{
	printf("    %-9s", label);
	for (; *s; s++)
		putchar(*s == '\n' || *s == '\r' || *s == '\t' ? ' ' : *s);
	putchar('\n');
}

static void print_item(const Dpb__WhyItem *w)
{
	char when[40];
	dsr_iso_time(DSR_HLC_MS(w->hlc), when);
	printf("%-9s %s  by %s  (event %s:%" PRIu64 ")\n", w->act, when,
	       w->author[0] ? w->author : "?", hexs(w->origin.data, w->origin.len, 8), w->seq);
	if (w->article.len) {
		char where[700];
		int n = snprintf(where, sizeof where, "\"%.300s\"", w->title[0] ? w->title : "(untitled)");
		if (w->publisher[0] && n > 0)
			n += snprintf(where + n, sizeof where - (size_t)n, ", %.200s", w->publisher);
		if (w->span && n > 0 && (size_t)n < sizeof where)
			snprintf(where + n, sizeof where - (size_t)n, ", bytes %u-%u",
				 w->span->start, w->span->end);
		put_line("article:", where);
		put_line("id:", hexs(w->article.data, w->article.len, 0));
	}
	if (w->quote[0]) {
		printf("    %-9s\xe2\x80\x9c", "quote:");
		for (const char *s = w->quote; *s; s++)
			putchar(*s == '\n' || *s == '\r' || *s == '\t' ? ' ' : *s);
		printf("\xe2\x80\x9d\n");
	}
	if (w->detail[0])
		put_line("what:", w->detail);
}

static void print_reports(const char *side, Dpb__ReasonReport *const *v, size_t n,
			  uint32_t total)
{
	if (!total)
		return;
	printf("  %s (%u report%s%s):\n", side, total, total == 1 ? "" : "s",
	       n < total ? ", the heaviest" : "");
	for (size_t i = 0; i < n; i++)
		printf("    %5u  %-32.32s  %u claim%s  %s\n", v[i]->weight,
		       v[i]->source[0] ? v[i]->source : "(no named source)", v[i]->claims,
		       v[i]->claims == 1 ? "" : "s", hexs(v[i]->claim.data, v[i]->claim.len, 0));
}

/* How the confidence comes about (docs/curation.md, "Confidence"). */
static void print_reasoning(const Dpb__Reasoning *r)
{
	printf("confidence %u, %s\n", r->confidence, r->likelihood);
	printf("  proposition %s (%s): ", hexs(r->proposition.data, r->proposition.len, 0),
	       r->kind);
	if (!strcmp(r->kind, "attribution"))
		printf("%s responsible for %s%s%s\n", r->responsible, r->act[0] ? r->act : "an act",
		       r->target[0] ? ", against " : "", r->target);
	else
		printf("about %s\n", r->n_about ? join(r->about, r->n_about) : "no named actor");
	if (r->claim.len) {
		printf("  this claim %s; its weight:\n", r->stance);
		for (size_t i = 0; i < r->n_weight_steps; i++)
			printf("    %s\n", r->weight_steps[i]);
	}
	print_reports("for it", r->supporting, r->n_supporting, r->reports_for);
	print_reports("against it", r->opposing, r->n_opposing, r->reports_against);
	printf("  F = %" PRIu64 ", A = %" PRIu64 ": 50 + %u - %u = %u", r->weight_for,
	       r->weight_against, r->pull_for, r->pull_against, r->proposition_confidence);
	printf(" (each side 45 (1 - e^(-w/2000)), at most 45)\n");
	for (size_t i = 0; i < r->n_verdict; i++)
		printf("  %s\n", r->verdict[i]);
}

static bool all_hex(const char *s)
{
	for (; *s; s++)
		if (!isxdigit((unsigned char)*s))
			return false;
	return true;
}

static int no_opt(int c, const char *arg, void *ctx)
{
	(void)c, (void)arg, (void)ctx;
	return DSR_EXIT_USAGE;
}

static int why_exec(int argc, char **argv)
{
	static const struct option own[] = { { NULL, 0, NULL, 0 } };
	int first, rc = copts_parse(argc, argv, own, no_opt, NULL, &first);
	if (rc)
		return rc;
	if (argc - first != 1 || !argv[first][0]) {
		fprintf(stderr, "usage: dossier why FACT (a claim, entry or article id, or an "
			"actor's name)\n");
		return DSR_EXIT_USAGE;
	}
	const char *what = argv[first];
	struct dcl *d = dcl_open("why");
	/* A hex word of 4 or more digits is an id or the beginning of one
	 * (as for every command); when no id begins so, it is taken for a
	 * name after all. */
	char full[2 * DSR_ID_LEN + 1];
	size_t n = strlen(what);
	if (n >= 4 && n <= 2 * DSR_ID_LEN && all_hex(what)) {
		uint8_t id[DSR_ID_LEN];
		rc = curate_try_resolve(d, "why", what, id, NULL);
		if (rc == 0) {
			dsr_hex(id, DSR_ID_LEN, full);
			what = full;
		} else if (rc != DSR_EXIT_NOTFOUND) {
			dcl_close(d);
			return rc;
		}
	}
	Dpb__QueryWhy q = DPB__QUERY_WHY__INIT;
	q.what = (char *)what;
	Dpb__Request rq = DPB__REQUEST__INIT;
	rq.body_case = DPB__REQUEST__BODY_WHY;
	rq.why = &q;
	Dpb__Response *rs = dcl_call(d, &rq);
	rc = dcl_check("why", rs, DPB__RESPONSE__BODY_WHY);
	if (rc == DSR_EXIT_NOTFOUND && what != full)
		actor_suggest(d, what);   /* a name typed wrong? */
	if (rc == 0 && copts.json) {
		dsr_buf b = DSR_BUF_INIT;
		json_msg(&b, &rs->why->base);
		dsr_buf_putc(&b, '\n');
		json_flush(&b);
		dsr_buf_free(&b);
	} else if (rc == 0) {
		const Dpb__WhyList *l = rs->why;
		if (l->reasoning) {
			print_reasoning(l->reasoning);
			if (l->n_items)
				putchar('\n');
		}
		if (l->n_items || !l->reasoning)
			printf("why %s: %zu event(s)\n", what, l->n_items);
		for (size_t i = 0; i < l->n_items; i++) {
			putchar('\n');
			print_item(l->items[i]);
		}
		if (l->truncated)
			printf("\n(more events than one reply holds: these are the first %zu)\n",
			       l->n_items);
	}
	dpb__response__free_unpacked(rs, NULL);
	dcl_close(d);
	return rc;
}

const struct dsr_cmd cmd_why_entry = {
	.name = "why",
	.usage = "FACT [--json]",
	.summary = "show every event behind a fact, and how a claim's confidence comes about",
	.help =
"Provenance of a fact.  FACT is a claim, timeline entry or article id (hex,\n"
"as the lists print them, or a unique beginning of 4 digits or more), a\n"
"proposition id (as claims --json and attribution --json give it), or any\n"
"name of an actor.\n"
"\n"
"For a claim or a proposition, first how its confidence comes about\n"
"(docs/curation.md): the claim's weight step by step (who says it, how\n"
"firmly, how the analysts graded it), the proposition's heaviest reports\n"
"for and against it, their sums F and A, and the figure.\n"
"\n"
"Then each event behind the fact, with its author, time and event\n"
"(origin:sequence):\n"
"\n"
"  extracted  the event that states the fact as it now stands, with the\n"
"             article (title, publisher, byte span) and the quoted text\n"
"  recorded   the event of a timeline entry an analyst made by hand\n"
"  carried    other events carrying the same fact (another filing of it)\n"
"  filed      an article's filing\n"
"  assessed, graded, amended, removed, restored, judged, curated\n"
"             the analysts' acts in force\n"
"  lost       edits that a later edit overrode (see dossier conflicts)\n"
"  note       notes\n"
"\n",
	.exec = why_exec,
};
