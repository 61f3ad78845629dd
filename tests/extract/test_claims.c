/* test_claims.c: claims — source, stance, hedging and their spans —
 * table-driven through dsr_extract(). */
#include "test.h"
#include "extract.h"

#include <string.h>

#define NOSRC "(none)"

struct ccase {
	const char *text;
	int nclaims;          /* expected number of claims */
	const char *source;   /* of the claim holding `anchor`: actor name, NOSRC */
	int stance;           /* 0 asserts, 1 denies */
	int hedged;
	const char *anchor;   /* text the claim must cover */
};

static const struct ccase cases[] = {
	{ "U.S. officials have concluded that North Korea ordered the attack.",
	  1, "U.S. government", 0, 0, "ordered the attack" },
	{ "North Korea denied any involvement in the attack.",
	  1, "North Korea", 1, 0, "any involvement" },
	{ "\"We have found linkage to the North Korean government,\" a U.S. government source said.",
	  1, "U.S. government", 0, 0, "found linkage" },
	{ "\"The threat would have triggered a lot of sharing,\" said Phil Lieberman, CEO of "
	  "Lieberman Software.",
	  1, "Phil Lieberman", 0, 1, "triggered a lot" },
	{ "The hackers are reportedly based in China.",
	  1, NOSRC, 0, 1, "based in China" },
	{ "There has been speculation that the attack could be linked to the film.",
	  1, NOSRC, 0, 1, "could be linked" },
	{ "The hackers are reportedly based in China, but the current theory is that they work "
	  "for the North Korean government.",
	  2, NOSRC, 0, 1, "current theory" },
	{ "Officials at the FBI believe the attack came from abroad.",
	  1, "Federal Bureau of Investigation", 0, 1, "came from abroad" },
	{ "\"There is no credible intelligence to indicate an active plot,\" DHS said in a statement.",
	  1, "Department of Homeland Security", 1, 0, "no credible intelligence" },
	{ "The group is based in Russia, according to the FBI.",
	  1, "Federal Bureau of Investigation", 0, 0, "based in Russia" },
	{ "The attacks began in early March and continued for weeks, the FBI said.",
	  1, "Federal Bureau of Investigation", 0, 0, "attacks began" },
	{ "Aaron Sorkin condemned the decision. \"It is a disgrace,\" he added.",
	  1, "Aaron Sorkin", 0, 0, "a disgrace" },
	{ "Mitt Romney weighed in on social media, tweeting: \"Don't cave, fight.\"",
	  1, "Mitt Romney", 0, 0, "cave, fight" },
	{ "Last year it was reported that North Korea was behind attacks on banks.",
	  1, NOSRC, 0, 1, "behind attacks" },
	{ "Filmmakers were threatened by the North Korean government, saying that there would "
	  "be \"merciless retaliation.\"",
	  1, "North Korean government", 0, 0, "merciless retaliation" },
	{ "\"He really wants to be liked,\" said Andrei Lankov, a professor at Kookmin University. "
	  "\"He takes offense at small issues.\"",
	  1, "Andrei Lankov", 0, 0, "takes offense" },
	{ "\"DHS is aware of a threat,\" U.S. Homeland Security said in a statement. \"But there is "
	  "no credible intelligence of a plot.\"",
	  2, "Department of Homeland Security", 1, 0, "no credible intelligence" },
	{ "Sony, in partnership with the FBI, is investigating the possibility that the regime may "
	  "be behind the hacking.",
	  1, "Sony", 0, 1, "regime may" },
	{ "Kim Ji-hye, a spokeswoman for the company, said the reactors were safe. \"There is no "
	  "risk to the public,\" she said.",
	  2, "Kim Ji-hye", 0, 0, "no risk" },
	{ "The country had previously denied any connection to the attack.",
	  1, NOSRC, 1, 0, "any connection" },
	{ "Target Corp. confirmed the breach. JPMorgan Chase & Co. said it saw no fraud. "
	  "The company denied reports that PIN numbers were compromised.",
	  3, "Target Corp", 1, 0, "PIN numbers" },
	/* a participle of speech after the cue is the source's next claim */
	{ "Sen. Richard Blumenthal called for an investigation, writing in a letter to the FTC "
	  "that consumers deserve answers.",
	  2, "Richard Blumenthal", 0, 0, "deserve answers" },
	{ "\"The vote was rigged,\" Mayor Ann Kowalski said, adding that she would sue.",
	  2, "Ann Kowalski", 0, 0, "would sue" },
	/* ", saying that" restates the one statement */
	{ "\"We will not show it,\" Globex said in a statement, saying that safety came first.",
	  1, "Globex", 0, 0, "safety came first" },
	{ "The state-run Korean Central News Agency quoted a spokesman as saying the "
	  "allegations were fabricated.",
	  1, "Korean Central News Agency", 1, 0, "were fabricated" },
	{ "Sony said the hackers were based abroad, but North Korea denied any involvement.",
	  2, "North Korea", 1, 0, "any involvement" },
	{ "The officials told NBC News the attack originated abroad, but they believe it was ordered "
	  "from Pyongyang.",
	  1, NOSRC, 0, 1, "originated abroad" },
	/* the source is the subject's head, not a name inside it nor the
	 * last government named: "a summary of the ministry's findings" is
	 * a summary, "supporters of the mayor" are not the mayor */
	{ "Norway's government has said nothing. A summary of the ministry's findings confirms "
	  "that the leak came from inside.",
	  2, NOSRC, 0, 0, "ministry's findings" },
	{ "Supporters of Mayor Jane Doherty said the vote was rigged.",
	  1, NOSRC, 0, 0, "vote was rigged" },
	{ "A spokesman for the Kremlin said the talks had failed.",
	  1, "Russia", 0, 0, "talks had failed" },
	/* an attribution in a clause of manner, contrast or reason */
	{ "Turnout fell, as Governor Lena Marsh noted in her speech.",
	  1, "Lena Marsh", 0, 0, "Turnout fell" },
	{ "The plan will cost billions, while the Tax Foundation argued that it would pay for itself.",
	  1, "Tax Foundation", 0, 0, "pay for itself" },
	/* "X, who said ..." speaks for X */
	{ "The bill passed easily. Senator Ruth Alvarez, who said the vote was a victory, left early.",
	  1, "Ruth Alvarez", 0, 0, "was a victory" },
	/* a short parenthesis after a name stays in the subject */
	{ "Sen. Dana Whitfield (D-Ore.) said the rule was unfair.",
	  1, "Dana Whitfield", 0, 0, "rule was unfair" },
	/* content first, the recipient an outlet with its article */
	{ "The governor will back the pipeline, Sen. Dana Whitfield (D-Ore.) told The Oregon "
	  "Courier on Friday.",
	  1, "Dana Whitfield", 0, 0, "back the pipeline" },
	/* a progressive cue after adverbs */
	{ "Mayor Ann Kowalski is once again questioning whether the count was fair.",
	  1, "Ann Kowalski", 0, 1, "count was fair" },
	/* publishing a statement is stating it */
	{ "Globex released a report on Tuesday blaming the storm for the outage.",
	  1, "Globex", 0, 0, "blaming the storm" },
	/* a passive cue with its agent */
	{ "The memo was first reported by The Washington Post on Tuesday.",
	  1, "The Washington Post", 0, 0, "The memo" },
	/* a nominal cue after a possessive */
	{ "Fact-checkers examined Senator Ruth Alvarez's claim that crime had doubled.",
	  1, "Ruth Alvarez", 0, 0, "crime had doubled" },
	/* a speaker and a colon: a transcript's turn */
	{ "HARTLEY: We will win this state by ten points.",
	  1, "HARTLEY", 0, 0, "ten points" },
	/* two attributions side by side */
	{ "Mayor Ann Kowalski said the bill was cruel, and Governor Tom Reyes argued that it "
	  "saved money.",
	  2, "Tom Reyes", 0, 0, "saved money" },
	/* not claims */
	{ "The merger, announced in March, is expected to close in the fourth quarter.",
	  0, NULL, 0, 0, NULL },
	{ "The group that claimed the hack struck again on Monday.", 0, NULL, 0, 0, NULL },
	{ "After the chains said they would not show it, Sony dropped the film.", 0, NULL, 0, 0, NULL },
	{ "Update: the vote has been moved to Friday.", 0, NULL, 0, 0, NULL },
	{ "Spokesmen for Globex have not yet responded to requests for comment.", 0, NULL, 0, 0,
	  NULL },
	{ "Hacking attacks have been blamed on the group.", 0, NULL, 0, 0, NULL },
	{ "The chains postponed the film, citing security concerns.", 0, NULL, 0, 0, NULL },
	{ "A message saying the files were stolen appeared on screens.", 0, NULL, 0, 0, NULL },
	{ "Similar attacks have been blamed on North Korea before.", 0, NULL, 0, 0, NULL },
	{ "The studio declined to confirm the figures.", 0, NULL, 0, 0, NULL },
	{ "The claims were published by the newspaper.", 0, NULL, 0, 0, NULL },
	{ "Three Russian nationals accused of fraud were sanctioned.", 0, NULL, 0, 0, NULL },
	{ "According to, the thriller was to be directed by a newcomer.", 0, NULL, 0, 0, NULL },
};

static void test_claims(void)
{
	size_t n = sizeof cases / sizeof cases[0];
	for (size_t i = 0; i < n; i++) {
		const struct ccase *t = &cases[i];
		struct dsr_extract_meta meta = { "2014-12-17", NULL, NULL, NULL, NULL, NULL };
		dsr_extraction *x = NULL;
		size_t len = strlen(t->text);
		ASSERT_OK(dsr_extract((const uint8_t *)t->text, len, &meta, &x));
		if ((int)x->nclaims != t->nclaims) {
			for (size_t k = 0; k < x->nclaims; k++)
				fprintf(stderr, "  claim \"%.*s\"\n",
					(int)(x->claims[k].span.end - x->claims[k].span.start),
					t->text + x->claims[k].span.start);
			TEST_FAIL("\"%s\": %zu claims, want %d", t->text, x->nclaims, t->nclaims);
		}
		const struct dsr_x_claim *c = NULL;
		const char *at = t->anchor ? strstr(t->text, t->anchor) : NULL;
		for (size_t k = 0; k < x->nclaims; k++) {
			const struct dsr_x_claim *y = &x->claims[k];
			ASSERT(y->span.start <= y->span.end && y->span.end <= len);
			ASSERT(y->content_span.end <= len && y->cue_span.end <= len &&
			       y->source_span.end <= len);
			ASSERT(y->content_span.start >= y->span.start &&
			       y->content_span.end <= y->span.end);
			if (at && y->span.start <= (size_t)(at - t->text) &&
			    y->span.end >= (size_t)(at - t->text) + strlen(t->anchor))
				c = y;
		}
		if (t->anchor) {
			if (!c)
				TEST_FAIL("\"%s\": no claim covers \"%s\"", t->text, t->anchor);
			const char *src = c->source ? c->source : NOSRC;
			if (strcmp(src, t->source) != 0)
				TEST_FAIL("\"%s\": source %s, want %s", t->text, src, t->source);
			if (c->stance != t->stance)
				TEST_FAIL("\"%s\": stance %d, want %d", t->text, c->stance, t->stance);
			if ((int)c->hedged != t->hedged)
				TEST_FAIL("\"%s\": hedged %d, want %d", t->text, c->hedged, t->hedged);
		}
		dsr_extraction_free(x);
	}
	printf("%zu claim cases pass\n", n);
}

/* Frames: who a claim says did what to whom (core/extract/frames.c).
 * Each text has one claim; responsible NULL means no frame. */
struct fcase {
	const char *text;
	const char *responsible, *act_class, *target;
	int stance;
};

static const struct fcase frames[] = {
	/* agent before a blame phrase, act after it */
	{ "Officials said Russia was behind the hack of the Democratic National Committee.",
	  "Russia", "attack", "Democratic National Committee", 0 },
	{ "U.S. officials have concluded that the North Korean government ordered the hacking "
	  "attack on Sony Pictures Entertainment.",
	  "North Korean government", "attack", "Sony Pictures Entertainment", 0 },
	{ "Investigators believe Iran was involved in the bombing of the embassy in Buenos Aires, "
	  "prosecutors said.",
	  "Iran", "violence", NULL, 0 },
	/* passive: the act first, the actor after "by" */
	{ "The breach of Equifax was carried out by China, the Justice Department said.",
	  "China", "attack", "Equifax", 0 },
	/* an act verb with an actor on each side */
	{ "The report said Russia hacked the Democratic National Committee.",
	  "Russia", "attack", "Democratic National Committee", 0 },
	/* the source denies its own part */
	{ "Sony Pictures was hacked last month. North Korea denied any involvement in the attack.",
	  "North Korea", "attack", "Sony Pictures", 1 },
	{ "The group claimed responsibility for the attack on Sony Pictures.",
	  NULL, NULL, NULL, 0 },
	/* "linkage to X": the act is the article's incident */
	{ "Hackers attacked Sony Pictures in November. \"We have found linkage to the North "
	  "Korean government,\" a U.S. government source said.",
	  "North Korean government", "attack", "Sony Pictures", 0 },
	/* no frame: a name that modifies a noun, an oblique, a verbal attack,
	 * responsibility for something that is no act */
	{ "There has been speculation that the attack could be linked to an upcoming Sony film.",
	  NULL, NULL, NULL, 0 },
	{ "Bush said troops massed in Kuwait threatened Saudi Arabia.",
	  NULL, NULL, NULL, 0 },
	{ "Cruz said Trump had personally attacked his wife.", NULL, NULL, NULL, 0 },
	{ "\"I have taken responsibility for my decision,\" Clinton said.", NULL, NULL, NULL, 0 },
};

static void test_frames(void)
{
	size_t n = sizeof frames / sizeof frames[0];
	for (size_t i = 0; i < n; i++) {
		const struct fcase *t = &frames[i];
		struct dsr_extract_meta meta = { "2014-12-17", NULL, NULL, NULL, NULL, NULL };
		dsr_extraction *x = NULL;
		ASSERT_OK(dsr_extract((const uint8_t *)t->text, strlen(t->text), &meta, &x));
		const struct dsr_x_claim *c = NULL;
		for (size_t k = 0; k < x->nclaims && !c; k++)
			if (x->claims[k].responsible || !t->responsible)
				c = &x->claims[k];
		if (t->responsible) {
			if (!c)
				TEST_FAIL("\"%s\": no frame, want %s", t->text, t->responsible);
			ASSERT_STR(c->responsible, t->responsible);
			ASSERT_STR(c->act_class, t->act_class);
			if (t->target)
				ASSERT_STR(c->target, t->target);
			else if (c->target)
				TEST_FAIL("\"%s\": target %s, want none", t->text, c->target);
			ASSERT_EQ(c->stance, t->stance);
			ASSERT(c->act && *c->act);
			ASSERT(c->act_span.end > c->act_span.start);
			/* the responsible actor and the target are what it is about */
			bool r = false, g = !c->target;
			for (size_t k = 0; k < c->nabout; k++) {
				r = r || !strcmp(c->about[k], c->responsible);
				g = g || !strcmp(c->about[k], c->target);
			}
			ASSERT(r && g);
		} else {
			for (size_t k = 0; k < x->nclaims; k++)
				if (x->claims[k].responsible)
					TEST_FAIL("\"%s\": frame %s %s %s, want none", t->text,
						  x->claims[k].responsible, x->claims[k].act_class,
						  x->claims[k].target ? x->claims[k].target : "-");
		}
		dsr_extraction_free(x);
	}
	printf("%zu frame cases pass\n", n);
}

/* An outlet that reports a claim is not what the claim is about. */
static void test_reporter(void)
{
	static const struct {
		const char *text, *about_not, *about;
	} rc[] = {
		{ "North Korea blasted the film as an act of war, The Telegraph reported.",
		  "The Telegraph", NULL },
		{ "The FBI blamed North Korea for the attack on Sony, according to Reuters.",
		  "Reuters", "North Korea" },
		{ "North Korea denied hacking Sony, the BBC reported on Friday.", "BBC", "Sony" },
	};
	for (size_t i = 0; i < sizeof rc / sizeof *rc; i++) {
		dsr_extraction *x = NULL;
		ASSERT_OK(dsr_extract((const uint8_t *)rc[i].text, strlen(rc[i].text), NULL,
				      &x));
		ASSERT(x->nclaims >= 1);
		bool found = !rc[i].about;
		for (size_t c = 0; c < x->nclaims; c++)
			for (size_t k = 0; k < x->claims[c].nabout; k++) {
				if (strstr(x->claims[c].about[k], rc[i].about_not))
					TEST_FAIL("\"%s\": the claim is about its reporter %s",
						  rc[i].text, x->claims[c].about[k]);
				if (rc[i].about && !strcmp(x->claims[c].about[k], rc[i].about))
					found = true;
			}
		if (!found)
			TEST_FAIL("\"%s\": not about %s", rc[i].text, rc[i].about);
		dsr_extraction_free(x);
	}
}

/* What a claim is about leaves out who speaks and for whom: the source's
 * apposition (its affiliation and where that is) and the outlet the
 * statement was made to. */
static void test_about_not_speaker(void)
{
	static const struct {
		const char *text, *source, *about_not[2], *about;
	} ac[] = {
		{ "\"She dislikes being mocked,\" said Maria Olsen, a professor at Lund University "
		  "in Sweden, about the leader of Belarus. \"She never forgets a slight.\"",
		  "Maria Olsen", { "Lund University", "Sweden" }, NULL },
		{ "Omar Haddad, an analyst at Brightline Capital in Dubai, said Iran was unlikely "
		  "to retaliate.",
		  "Omar Haddad", { "Brightline Capital", "Dubai" }, "Iran" },
		{ "A Cuban official condemned the sanctions against Venezuela in an interview with "
		  "British newspaper The Guardian.",
		  NULL, { "The Guardian", "Guardian" }, "Venezuela" },
		{ "Acme Corp. said the breach hit Globex, speaking to the Financial Times on Monday.",
		  "Acme Corp", { "Financial Times", NULL }, "Globex" },
		{ "Initech told Reuters that Globex had stolen the designs.",
		  "Initech", { "Reuters", NULL }, "Globex" },
	};
	for (size_t i = 0; i < sizeof ac / sizeof *ac; i++) {
		dsr_extraction *x = NULL;
		struct dsr_extract_meta meta = { "2016-09-20", NULL, NULL, NULL, NULL, NULL };
		ASSERT_OK(dsr_extract((const uint8_t *)ac[i].text, strlen(ac[i].text), &meta, &x));
		if (x->nclaims < 1)
			TEST_FAIL("\"%s\": no claim", ac[i].text);
		const struct dsr_x_claim *c = &x->claims[0];
		if (ac[i].source && (!c->source || strcmp(c->source, ac[i].source)))
			TEST_FAIL("\"%s\": source %s, want %s", ac[i].text,
				  c->source ? c->source : "(none)", ac[i].source);
		bool found = !ac[i].about;
		for (size_t k = 0; k < c->nabout; k++) {
			for (int n = 0; n < 2; n++)
				if (ac[i].about_not[n] && !strcmp(c->about[k], ac[i].about_not[n]))
					TEST_FAIL("\"%s\": about the speaker's %s", ac[i].text,
						  c->about[k]);
			found = found || !strcmp(c->about[k], ac[i].about);
		}
		if (!found)
			TEST_FAIL("\"%s\": not about %s", ac[i].text, ac[i].about);
		dsr_extraction_free(x);
	}
}

static const struct test_case tests[] = {
	TEST_CASE(claims),
	TEST_CASE(reporter),
	TEST_CASE(about_not_speaker),
	TEST_CASE(frames),
};

int main(int argc, char **argv)
{
	TEST_ARGS(argc, argv, tests);
	test_run();
	return 0;
}
