/* test_dateline.c: an article filed without a publication date is dated
 * by its first lines when they give one (a byline, a dateline, a stamp),
 * and relative dates are resolved against it; a date in the lede's
 * sentence is the event's, not the article's.  Table-driven through
 * dsr_extract(). */
#include "test.h"
#include "extract.h"

#include <stdio.h>
#include <string.h>

struct dcase {
	const char *text;
	const char *published;   /* want, or NULL: none found */
	const char *relative;    /* a relative expression's value it must give, or NULL */
};

static const struct dcase cases[] = {
	{ "Studio hit by hackers\nBy Jane Doe | December 17, 2014\n\n"
	  "The attack began on Monday, officials said.\n", "2014-12-17", "2014-12-15" },
	{ "Published 2015-03-02 09:30\nThe ministry said on Friday that the leak was real.\n",
	  "2015-03-02", "2015-02-27" },
	{ "Updated: 7 June 2016\n\nThe company said on Tuesday it would pay.\n", "2016-06-07",
	  "2016-06-07" },
	{ "WASHINGTON, Dec. 19, 2014\nThe FBI said on Friday that North Korea was behind it.\n",
	  "2014-12-19", "2014-12-19" },
	/* a date in the lede's sentence dates the event, not the article */
	{ "On November 24, 2014, hackers hit the studio, officials said on Wednesday, adding "
	  "that the damage was still being assessed by the company's own engineers.\n", NULL, NULL },
	/* a date without a year is no publication date */
	{ "By Jane Doe, December 17\nThe attack began on Monday.\n", NULL, NULL },
	/* too far down: the sixth line or later */
	{ "a\nb\nc\nd\ne\nf\nDecember 17, 2014\nThe attack began on Monday.\n", NULL, NULL },
};

static void test_dateline(void)
{
	size_t n = sizeof cases / sizeof cases[0];
	for (size_t i = 0; i < n; i++) {
		const struct dcase *t = &cases[i];
		dsr_extraction *x = NULL;
		ASSERT_OK(dsr_extract((const uint8_t *)t->text, strlen(t->text), NULL, &x));
		if (!t->published != !x->published ||
		    (t->published && strcmp(t->published, x->published)))
			TEST_FAIL("\"%s\": dated %s, want %s", t->text,
				  x->published ? x->published : "(none)",
				  t->published ? t->published : "(none)");
		if (t->published) {
			ASSERT(x->published_from && !strcmp(x->published_from, "dateline"));
			bool warned = false;
			for (size_t k = 0; k < x->nwarnings; k++)
				warned |= strstr(x->warnings[k], "by its first lines") != NULL;
			if (!warned)
				TEST_FAIL("\"%s\": no warning says where the date came from", t->text);
		}
		if (t->relative) {
			bool found = false;
			for (size_t k = 0; k < x->ntimes; k++)
				found |= !strcmp(x->times[k].value, t->relative);
			if (!found)
				TEST_FAIL("\"%s\": no time resolved to %s", t->text, t->relative);
		}
		dsr_extraction_free(x);
	}
	/* a date given is kept, whatever the first lines say */
	struct dsr_extract_meta meta = { "2014-12-20", NULL, NULL, NULL, NULL, NULL };
	dsr_extraction *x = NULL;
	ASSERT_OK(dsr_extract((const uint8_t *)cases[0].text, strlen(cases[0].text), &meta, &x));
	ASSERT(x->published && !strcmp(x->published, "2014-12-20"));
	ASSERT(x->published_from && !strcmp(x->published_from, "metadata"));
	dsr_extraction_free(x);
	printf("%zu dateline cases pass\n", n);
}

static const struct test_case tests[] = {
	TEST_CASE(dateline),
};

int main(int argc, char **argv)
{
	TEST_ARGS(argc, argv, tests);
	test_run();
	return 0;
}
