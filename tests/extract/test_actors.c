/* test_actors.c: which actors an article yields, under which name, kind and
 * aliases — table-driven through dsr_extract(). */
#include "test.h"
#include "extract.h"
#include "proto/event.pb-c.h"

#include <string.h>

#define PERSON DPB__ACTOR_KIND__KIND_PERSON
#define ORG DPB__ACTOR_KIND__KIND_ORGANIZATION
#define GOV DPB__ACTOR_KIND__KIND_GOVERNMENT
#define COUNTRY DPB__ACTOR_KIND__KIND_COUNTRY
#define GROUP DPB__ACTOR_KIND__KIND_GROUP
#define MEDIA DPB__ACTOR_KIND__KIND_MEDIA
#define ANY (-1)

struct want {
	const char *form;   /* a name or alias the actor must have */
	int kind;           /* ANY for no check */
	const char *alias;  /* another form that must be the same actor, or NULL */
};

struct acase {
	const char *text;
	struct want want[4];
	const char *absent[4]; /* forms no actor may have */
	int count;             /* expected number of actors, -1: no check */
};

static const struct acase cases[] = {
	/* an organisation word ending a name decides its kind, whatever its
	 * place in its lexicon's line (past the 64th alternative, once lost) */
	{ "Andrei Lankov, a professor at Kookmin University in Seoul, said it was likely.",
	  { { "Andrei Lankov", PERSON, NULL }, { "Kookmin University", ORG, NULL } }, { 0 }, -1 },
	/* a known name as a work's title is the work's, never an alias */
	{ "North Korea condemned it. Steve Carell was to star in the thriller \"Pyongyang,\" "
	  "which New Regency cancelled, and a film tentatively titled \"Cuba\" too.",
	  { { "North Korea", COUNTRY, NULL }, { "Steve Carell", PERSON, NULL } },
	  { "Pyongyang", "Cuba" }, -1 },
	{ "North Korea denied it. Pyongyang called the accusation a fabrication.",
	  { { "North Korea", COUNTRY, "Pyongyang" } }, { 0 }, -1 },
	{ "Researchers at the Brookings Institute and Mercy Hospital disagreed.",
	  { { "Brookings Institute", ORG, NULL }, { "Mercy Hospital", ORG, NULL } }, { 0 }, -1 },
	{ "Seth Rogen starred in the comedy. Rogen said nothing about it.",
	  { { "Seth Rogen", PERSON, "Rogen" } }, { 0 }, 1 },
	{ "Attackers using the name Guardians of Peace, or G.O.P., have claimed responsibility. "
	  "Messages read \"Hacked by #GOP.\"",
	  { { "Guardians of Peace", GROUP, "G.O.P." }, { "Guardians of Peace", ANY, "#GOP" } },
	  { "Hacked" }, 1 },
	{ "The Department of Homeland Security said it was aware of the threat. DHS added that it "
	  "saw no plot. U.S. Homeland Security is investigating.",
	  { { "Department of Homeland Security", GOV, "DHS" },
	    { "DHS", GOV, "U.S. Homeland Security" } }, { 0 }, 1 },
	{ "The film depicts an attempt to kill North Korean leader Kim Jong-un. Critics say "
	  "Kim Jong Un is portrayed as a buffoon.",
	  { { "Kim Jong-un", PERSON, "Kim Jong Un" } }, { "North Korea", "North Korean" }, 1 },
	{ "U.S. officials said the attack came from abroad. American intelligence officials believe "
	  "it was ordered by the government in Pyongyang.",
	  { { "U.S. government", ANY, "U.S. officials" },
	    { "U.S. officials", ANY, "American intelligence officials" },
	    { "North Korea", COUNTRY, "Pyongyang" } }, { 0 }, 2 },
	{ "Sony canceled the release of the film \"The Interview.\" The comedy film The Interview "
	  "stars James Franco.",
	  { { "Sony", ORG, NULL }, { "James Franco", PERSON, NULL } }, { "The Interview", "Interview" }, 2 },
	{ "These films include the remake of Annie, Mr. Turner, Still Alice and Fury, which is "
	  "playing in cinemas.",
	  { { 0 } }, { "Annie", "Mr. Turner", "Still Alice", "Fury" }, 0 },
	{ "\"The threat was real,\" said Phil Lieberman, CEO of Lieberman Software, a firm that "
	  "supplies security software.",
	  { { "Phil Lieberman", PERSON, NULL }, { "Lieberman Software", ORG, NULL } },
	  { "CEO of Lieberman Software" }, 2 },
	{ "The leak embarrassed the Hollywood studios and two TV networks in New York.",
	  { { 0 } }, { "Hollywood", "TV", "New York" }, 0 },
	{ "Five films were leaked on Reddit following the threat.",
	  { { "Reddit", ORG, NULL } }, { "Five" }, 1 },
	{ "Oscar-winning screenwriter Aaron Sorkin condemned the decision. Sorkin said so.",
	  { { "Aaron Sorkin", PERSON, "Sorkin" } }, { "Oscar", "Oscar-winning" }, 1 },
	/* an organisation word decides the kind over a given name before it */
	{ "Researchers at the Marcus Holloway Institute and the Ministry of Fisheries disagreed.",
	  { { "Marcus Holloway Institute", ORG, NULL }, { "Ministry of Fisheries", GOV, NULL } },
	  { 0 }, -1 },
	{ "Former GOP presidential candidate Mitt Romney weighed in on social media.",
	  { { "Mitt Romney", PERSON, NULL } }, { "GOP", "Former" }, 1 },
	{ "North Korea denied it. South Korea said it would respond.",
	  { { "North Korea", COUNTRY, NULL }, { "South Korea", COUNTRY, NULL } }, { 0 }, 2 },
	{ "Sony Pictures Entertainment was hacked. Sony said its network was down. Sony Pictures "
	  "employees were told to stay home.",
	  { { "Sony Pictures Entertainment", ORG, "Sony" }, { "Sony", ORG, "Sony Pictures" } }, { 0 }, 1 },
	{ "WASHINGTON (Reuters) - The FBI said on Tuesday it had identified the hackers.",
	  { { "Reuters", MEDIA, NULL }, { "FBI", GOV, "FBI" } }, { "WASHINGTON", "Washington" }, 2 },
	{ "A North Korean official blasted the film in an interview with British newspaper The Telegraph.",
	  { { "North Korean official", ANY, NULL }, { "The Telegraph", MEDIA, NULL } },
	  { "British", "United Kingdom" }, 2 },
	{ "Kim Ji-hye, a spokeswoman for the company, said the reactors were safe. Analyst Mark "
	  "Johnson of Acme Research agreed.",
	  { { "Kim Ji-hye", PERSON, NULL }, { "Mark Johnson", PERSON, NULL }, { "Acme Research", ORG, NULL } },
	  { "Analyst" }, 3 },
	{ "A shadowy group calling themselves \"The Guardians of Peace\" claimed responsibility.",
	  { { "Guardians of Peace", GROUP, NULL } }, { 0 }, 1 },
	{ "We take the threat seriously. It is real. They know it.",
	  { { 0 } }, { "We", "It", "They" }, 0 },
	{ "Spokespeople for the FBI, the Department of Justice and Sony have not responded.",
	  { { "FBI", GOV, NULL }, { "Department of Justice", GOV, NULL }, { "Sony", ORG, NULL } },
	  { "for the FBI", "Spokespeople" }, 3 },
	{ "According to NBC News' Pete Williams, officials believe North Korea was behind it.",
	  { { "NBC News", MEDIA, NULL }, { "Pete Williams", PERSON, NULL } }, { 0 }, -1 },
	{ "Target Corp. confirmed Thursday that hackers stole data. Revenue fell. Economists "
	  "expect more losses.",
	  { { "Target Corp", ORG, NULL } }, { "Revenue", "Economists" }, 1 },
	{ "President George W. Bush met Gov. Jerry Brown. Bush said little.",
	  { { "George W. Bush", PERSON, "Bush" }, { "Jerry Brown", PERSON, NULL } }, { "W" }, 2 },
	{ "Regal, Cinemark, Carmike and Cineplex were among the chains that dropped the film.",
	  { { "Regal", ANY, NULL }, { "Cinemark", ANY, NULL }, { "Carmike", ANY, NULL },
	    { "Cineplex", ANY, NULL } }, { 0 }, 4 },
};

static const struct dsr_x_actor *find(const dsr_extraction *x, const char *form)
{
	for (size_t i = 0; i < x->nactors; i++) {
		const struct dsr_x_actor *a = &x->actors[i];
		if (strcmp(a->name, form) == 0)
			return a;
		for (size_t k = 0; k < a->naliases; k++)
			if (strcmp(a->aliases[k], form) == 0)
				return a;
	}
	return NULL;
}

static void dump(const dsr_extraction *x)
{
	for (size_t i = 0; i < x->nactors; i++) {
		fprintf(stderr, "  actor \"%s\" (%s)", x->actors[i].name,
			dsr_actor_kind_name(x->actors[i].kind));
		for (size_t k = 0; k < x->actors[i].naliases; k++)
			fprintf(stderr, " / \"%s\"", x->actors[i].aliases[k]);
		fprintf(stderr, "\n");
	}
}

static void test_actors(void)
{
	size_t n = sizeof cases / sizeof cases[0];
	for (size_t i = 0; i < n; i++) {
		const struct acase *t = &cases[i];
		struct dsr_extract_meta meta = { "2014-12-17", NULL, NULL, NULL, NULL, NULL };
		dsr_extraction *x = NULL;
		ASSERT_OK(dsr_extract((const uint8_t *)t->text, strlen(t->text), &meta, &x));
		for (int w = 0; w < 4 && t->want[w].form; w++) {
			const struct dsr_x_actor *a = find(x, t->want[w].form);
			if (!a) {
				dump(x);
				TEST_FAIL("\"%s\": no actor \"%s\"", t->text, t->want[w].form);
			}
			if (t->want[w].kind != ANY && a->kind != t->want[w].kind) {
				dump(x);
				TEST_FAIL("\"%s\": \"%s\" is %s, want %s", t->text, t->want[w].form,
					  dsr_actor_kind_name(a->kind),
					  dsr_actor_kind_name(t->want[w].kind));
			}
			if (t->want[w].alias && find(x, t->want[w].alias) != a) {
				dump(x);
				TEST_FAIL("\"%s\": \"%s\" and \"%s\" are not one actor", t->text,
					  t->want[w].form, t->want[w].alias);
			}
			for (size_t k = 0; k < a->nmentions; k++)
				ASSERT(a->mentions[k].end <= strlen(t->text));
		}
		for (int w = 0; w < 4 && t->absent[w]; w++) {
			if (find(x, t->absent[w])) {
				dump(x);
				TEST_FAIL("\"%s\": \"%s\" should not be an actor", t->text, t->absent[w]);
			}
		}
		if (t->count >= 0 && (int)x->nactors != t->count) {
			dump(x);
			TEST_FAIL("\"%s\": %zu actors, want %d", t->text, x->nactors, t->count);
		}
		dsr_extraction_free(x);
	}
	printf("%zu actor cases pass\n", n);
}

/* One case: the whole table (cases[] above). */
/* A short form in capitals next to a word of party politics is the
 * party's, never the longer name of the article it also spells: the
 * group's mentions stop short of "GOP presidential", "the G.O.P. nominee",
 * "Senate GOP leaders". */
static void test_party_short_form(void)
{
	static const struct {
		const char *text, *group, *form;
		const char *party[3]; /* text after which a party's form stands */
	} pc[] = {
		{ "Hackers calling themselves the Guardians of Peace, or GOP, stole the files. "
		  "The GOP hackers posted more. Former GOP presidential hopeful John Hartley "
		  "shrugged. The GOP nominee stayed silent.",
		  "Guardians of Peace", "The GOP hackers",
		  { "Former GOP", "The GOP nominee" } },
		{ "A collective named Grand Old Protectors (G.O.P.) leaked the memos. The G.O.P. "
		  "nominee said nothing, and the G.O.P. establishment shrugged.",
		  "Grand Old Protectors", "(G.O.P.)",
		  { "The G.O.P. nominee", "the G.O.P. establishment" } },
	};
	for (size_t i = 0; i < sizeof pc / sizeof *pc; i++) {
		const char *t = pc[i].text;
		dsr_extraction *x = NULL;
		ASSERT_OK(dsr_extract((const uint8_t *)t, strlen(t), NULL, &x));
		const struct dsr_x_actor *g = NULL;
		for (size_t a = 0; a < x->nactors && !g; a++)
			if (!strcmp(x->actors[a].name, pc[i].group))
				g = &x->actors[a];
		if (!g)
			TEST_FAIL("\"%s\": no actor %s", t, pc[i].group);
		/* the group's own short form is still its mention */
		size_t own = (size_t)(strstr(t, pc[i].form) - t);
		bool has_own = false;
		for (size_t m = 0; m < g->nmentions; m++)
			has_own = has_own || (g->mentions[m].start >= own &&
					      g->mentions[m].start < own + strlen(pc[i].form));
		if (!has_own)
			TEST_FAIL("\"%s\": %s lost its short form in \"%s\"", t, pc[i].group,
				  pc[i].form);
		for (int p = 0; p < 3 && pc[i].party[p]; p++) {
			size_t at = (size_t)(strstr(t, pc[i].party[p]) - t);
			size_t end = at + strlen(pc[i].party[p]);
			for (size_t m = 0; m < g->nmentions; m++)
				if (g->mentions[m].start >= at && g->mentions[m].start < end)
					TEST_FAIL("\"%s\": the party's short form in \"%s\" is "
						  "counted as %s", t, pc[i].party[p], pc[i].group);
		}
		dsr_extraction_free(x);
	}
}

static const struct test_case tests[] = {
	TEST_CASE(actors),
	TEST_CASE(party_short_form),
};

int main(int argc, char **argv)
{
	TEST_ARGS(argc, argv, tests);
	test_run();
	return 0;
}
