/* test_status.c: what became of each dated event (dated.c, classify()):
 * happened, reported, planned or cancelled, and the part of the clause a
 * saying's content narrows the entry to.  Table-driven through the public
 * dsr_extract(); the sentences are written for the test. */
#include "test.h"
#include "extract.h"

#include <string.h>

struct scase {
	const char *published;
	const char *text;
	const char *status;    /* of the first dated event */
	const char *part;      /* its text; NULL: not checked */
};

static const struct scase cases[] = {
	/* plans lie ahead */
	{ "2014-12-17", "The film is scheduled for release on December 25.", "planned", NULL },
	{ "2015-06-20", "Elections will be held on June 30.", "planned", NULL },
	{ "2015-06-20", "The summit is set to open in September.", "planned", NULL },
	/* a date after the publication with no cue is ahead too */
	{ "2015-06-20", "The final round is on July 4.", "planned", NULL },
	/* called off: a cancelling phrase before a date still ahead */
	{ "2014-12-17", "The studio cancelled the December 25 release of the film.", "cancelled", NULL },
	{ "2015-06-20", "Organisers called off the July 1 parade.", "cancelled", NULL },
	{ "2015-06-20", "The chains said they would not show the film on the planned July 3 opening.",
	  "cancelled", NULL },
	/* the act of calling off, dated on or before the publication, happened */
	{ "2015-06-20", "The talks were postponed on Friday.", "happened", NULL },
	{ "2015-06-20", "Earlier today, the league cancelled the final.", "happened", NULL },
	/* a plan whose date has passed is no plan any more */
	{ "2015-06-20", "The bridge was to open on May 2.", "happened", NULL },
	/* the date is when it was said */
	{ "2015-06-20", "Police said on Tuesday that the suspect had fled.", "reported", NULL },
	{ "2015-06-20", "The agency said in a statement Friday that no data was lost.", "reported", NULL },
	{ "2015-06-20", "The newspaper late Monday reported that the minister would resign.",
	  "reported", NULL },
	{ "2015-06-20", "Last year it was reported that the factory polluted the river.",
	  "reported", NULL },
	/* the date is in what was said: the entry is that */
	{ "2015-06-20", "Investigators have concluded that the breach began on March 3.", "happened",
	  "the breach began on March 3" },
	{ "2015-06-20", "The hackers struck on Monday, officials said.", "happened",
	  "The hackers struck on Monday" },
	/* a participle's phrase after a comma holds the date: the entry is it */
	{ "2015-06-20", "The group had claimed the attack, citing the planned July 4 parade.",
	  "planned", "citing the planned July 4 parade" },
	{ "2015-06-20", "The chains postponed the film, citing concerns, on Friday.", "happened",
	  "The chains postponed the film, citing concerns, on Friday" },
	/* plain past */
	{ "2015-06-20", "The plant closed on May 2.", "happened", NULL },
	/* a title's capitalised verb is no saying */
	{ "2015-06-20", "Copies of \"We Say Goodbye\" appeared online on June 2.", "happened", NULL },
};

static int check(const struct scase *t)
{
	struct dsr_extract_meta meta = { t->published, NULL, NULL, NULL, NULL, NULL };
	dsr_extraction *x = NULL;
	ASSERT_OK(dsr_extract((const uint8_t *)t->text, strlen(t->text), &meta, &x));
	int bad = 0;
	if (!x->nevents) {
		fprintf(stderr, "FAIL \"%s\": no dated event\n", t->text);
		bad = 1;
	} else {
		const struct dsr_x_event *e = &x->events[0];
		const char *got = dsr_event_status_name(e->status);
		size_t n = e->span.end - e->span.start;
		if (strcmp(got, t->status)) {
			fprintf(stderr, "FAIL \"%s\": %s, want %s\n", t->text, got, t->status);
			bad = 1;
		}
		if (t->part && (n != strlen(t->part) || memcmp(t->text + e->span.start, t->part, n))) {
			fprintf(stderr, "FAIL \"%s\": the entry is \"%.*s\", want \"%s\"\n", t->text,
				(int)n, t->text + e->span.start, t->part);
			bad = 1;
		}
	}
	dsr_extraction_free(x);
	return bad;
}

static void test_status(void)
{
	size_t n = sizeof cases / sizeof cases[0], failed = 0;
	for (size_t i = 0; i < n; i++)
		failed += (size_t)check(&cases[i]);
	printf("%zu of %zu status cases pass\n", n - failed, n);
	ASSERT_EQ(failed, 0);
}

static const struct test_case tests[] = {
	TEST_CASE(status),
};

int main(int argc, char **argv)
{
	TEST_ARGS(argc, argv, tests);
	test_run();
	return 0;
}
