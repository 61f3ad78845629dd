/* test_actor_rule.c: the cross-article name rule — a table of pairs, and
 * over all pairs of a few hundred names: symmetry, and the blocking
 * contract (names the rule calls the same share a blocking key). */
#include "test.h"
#include "actor_rule.h"
#include "proto/event.pb-c.h"

#include <stdlib.h>
#include <string.h>

#define U DPB__ACTOR_KIND__KIND_UNSPECIFIED
#define P DPB__ACTOR_KIND__KIND_PERSON
#define O DPB__ACTOR_KIND__KIND_ORGANIZATION
#define G DPB__ACTOR_KIND__KIND_GOVERNMENT
#define C DPB__ACTOR_KIND__KIND_COUNTRY
#define GR DPB__ACTOR_KIND__KIND_GROUP
#define M DPB__ACTOR_KIND__KIND_MEDIA

struct pair {
	const char *a;
	int ka;
	const char *b;
	int kb;
	bool same;
};

static const struct pair pairs[] = {
	/* spelling and punctuation */
	{ "Guardians for Peace", GR, "Guardians of Peace", GR, true },
	{ "Kim Jong Un", P, "Kim Jong-un", P, true },
	{ "Steve Carell", P, "Steve Carrell", P, true },
	{ "G.O.P.", GR, "GOP", GR, true },
	{ "#GOP", U, "Guardians of Peace", GR, true },
	{ "The Guardians of Peace", GR, "Guardians of Peace", U, true },
	{ "Re/code", M, "Recode", M, true },
	{ "Sony's", O, "Sony", O, true },
	/* acronyms */
	{ "GOP", GR, "Guardians of Peace", GR, true },
	{ "DHS", G, "Department of Homeland Security", G, true },
	{ "FBI", G, "Federal Bureau of Investigation", G, true },
	{ "NSA", U, "National Security Agency", U, true },
	{ "ICANN", O, "Internet Corporation for Assigned Names and Numbers", O, true },
	{ "WADA", O, "World Anti Doping Agency", O, true },
	{ "SC", U, "Steve Carell", P, false },
	/* lexicon entries */
	{ "U.S. Homeland Security", G, "Department of Homeland Security", G, true },
	{ "Justice Department", G, "Department of Justice", G, true },
	{ "NBC", M, "NBC News", M, true },
	{ "North Korean government", G, "North Korea", C, true },
	{ "U.S. government", G, "United States", C, true },
	{ "DPRK", C, "North Korea", C, true },
	{ "Pyongyang", C, "North Korea", C, true },
	{ "North Korea", C, "South Korea", C, false },
	{ "Niger", C, "Nigeria", C, false },
	{ "Austria", C, "Australia", C, false },
	{ "FBI", G, "CIA", G, false },
	/* short forms of organisations */
	{ "Sony Entertainment", O, "Sony Pictures Entertainment", O, true },
	{ "Sony Pictures", O, "Sony Pictures Entertainment", O, true },
	{ "Sony", O, "Sony Pictures", O, true },
	{ "Sony", U, "Sony Pictures Entertainment Inc.", U, true },
	{ "Sony Music", O, "Sony Pictures", O, false },
	{ "Lieberman Software", O, "Lieberman Software Corp.", O, true },
	/* people */
	{ "Phil Lieberman", P, "Lieberman Software", O, false },
	{ "Lieberman", P, "Lieberman Software", O, false },
	{ "Rogen", P, "Seth Rogen", P, false },
	{ "Seth Rogen", P, "Seth Rogan", P, true },
	{ "John Smith", P, "Jane Smith", P, false },
	{ "Kim Jong Un", P, "Kim Jong Il", P, false },
	{ "Mark Smith", P, "Mark Smith Group", O, false },
	{ "Evan Goldberg", P, "Evan Goldberg", U, true },
	{ "Steve Carell", P, "Steve Carell", O, false },
	/* different names */
	{ "Regal", O, "Cinemark", O, false },
	{ "Guardians of Peace", GR, "Lazarus Group", GR, false },
	{ "New Regency", O, "Regency Enterprises", O, false },
	{ "Department of Justice", G, "Department of Defense", G, false },
	{ "", U, "Sony", U, false },
};

/* Names for the all-pairs checks: bases and the variants the rule sees. */
static const char *const bases[] = {
	"Sony Pictures Entertainment", "Sony Pictures", "Sony", "Sony Entertainment",
	"Sony Pictures Entertainment Inc.", "@SonyPictures", "Sony Music", "Sony Corp",
	"Guardians of Peace", "Guardians for Peace", "The Guardians of Peace", "GOP",
	"G.O.P.", "#GOP", "North Korea", "North Korean government", "DPRK",
	"Democratic People's Republic of Korea", "the North Koreans", "Pyongyang",
	"South Korea", "Seoul", "Republic of Korea", "United States", "U.S.", "US",
	"U.S. government", "U.S. officials", "American intelligence officials",
	"United States of America", "Kim Jong-un", "Kim Jong Un", "Kim Jong Il", "Kim",
	"Seth Rogen", "Rogen", "Seth Rogan", "James Franco", "Franco", "Evan Goldberg",
	"NBC News", "NBC", "MSNBC", "CNN", "The Telegraph", "Telegraph", "Re/code", "Recode",
	"FBI", "F.B.I.", "Federal Bureau of Investigation", "Department of Homeland Security",
	"DHS", "Homeland Security", "U.S. Homeland Security", "Department of Justice",
	"DOJ", "Justice Department", "White House National Security Council",
	"National Security Council", "NSC", "White House", "CIA",
	"Central Intelligence Agency", "New Regency", "Regency Enterprises",
	"Steve Carell", "Steve Carrell", "Carell", "Gore Verbinski", "Regal", "Cinemark",
	"Carmike", "Cineplex", "Jonathan Dienst", "Pete Williams", "Phil Lieberman",
	"Lieberman", "Lieberman Software", "Andrei Lankov", "Lankov", "Kookmin University",
	"Jang Song Thaek", "Aaron Sorkin", "Sorkin", "Mitt Romney", "Romney", "Reddit",
	"China", "Chinese government", "Vox", "Vox Media", "TechTimes", "Tech Times",
	"TECHTIMES.com", "Morning Joe", "Ebola", "Microsoft", "Microsoft Corp.",
	"Microsoft Corporation", "Apple", "Apple Inc.", "Lazarus Group", "Lazarus",
	"Fancy Bear", "Cozy Bear", "Evil Corp", "Maksim Yakubets", "Janet Yellen",
	"Dmitry Peskov", "Kremlin", "Russia", "Russian Federation", "Moscow",
	"Korea Hydro and Nuclear Power", "Korea Hydro", "Kim Ji-hye",
	"Korean Central News Agency", "KCNA", "Ministry of Science", "Science Ministry",
	"Associated Press", "AP", "The Associated Press", "Reuters", "Thomson Reuters",
	"Bank of America", "Bank of China", "Bank", "America", "European Union", "EU",
	"United Nations", "UN", "U.N.", "NATO", "North Atlantic Treaty Organization",
	"John Smith", "Jane Smith", "Smith", "Mark Smith", "Mark Smyth", "Mark Smith Group",
	"Department of Defense", "Pentagon", "Defense Department", "DoD",
	"Internet Corporation for Assigned Names and Numbers", "ICANN",
	"World Anti Doping Agency", "WADA", "National Security Agency", "NSA",
	"Guardians", "Peace", "The Interview", "Interview", "Annie", "Mr. Turner", "Turner",
	"Jean-Pierre Dupont", "Jean Pierre Dupont", "José García", "Jose Garcia",
	"Zoë Quinn", "ZOE QUINN", "Ünal Yılmaz", "北朝鮮", "\xe2\x80\x9cSony\xe2\x80\x9d",
	"Sony\xe2\x80\x99s", "  Sony  ", "the", "The", "...", "Inc.", "A.B.C.", "ABC",
	"ABC News", "American Broadcasting Company", "Fox", "Fox News", "21st Century Fox",
};

static int collect(void *ctx, const char *key, size_t len)
{
	char (*keys)[300] = ctx;
	ASSERT(len > 0 && len < 300);
	ASSERT(memchr(key, 0, len) == NULL);
	size_t i = 0;
	while (keys[i][0])
		i++;
	ASSERT(i < 8); /* at most DSR_ACTOR_MAX_BLOCKS */
	memcpy(keys[i], key, len);
	keys[i][len] = 0;
	return 0;
}

static bool share(char (*a)[300], char (*b)[300])
{
	for (size_t i = 0; i < 9 && a[i][0]; i++)
		for (size_t j = 0; j < 9 && b[j][0]; j++)
			if (strcmp(a[i], b[j]) == 0)
				return true;
	return false;
}

static int stop_emit(void *ctx, const char *key, size_t len)
{
	(void)key;
	(void)len;
	(*(int *)ctx)++;
	return -42;
}

/* For the summary: rule pairs passed, names made from the bases, ordered
 * pairs of them checked, pairs the same. */
static size_t npairs, nnames, checked, same;

static void test_pairs(void)
{
	size_t np = sizeof pairs / sizeof pairs[0];
	for (size_t i = 0; i < np; i++) {
		const struct pair *p = &pairs[i];
		bool s1 = dsr_actor_same(p->a, p->ka, p->b, p->kb);
		bool s2 = dsr_actor_same(p->b, p->kb, p->a, p->ka);
		if (s1 != p->same || s2 != p->same)
			TEST_FAIL("\"%s\" (%d) vs \"%s\" (%d): %d/%d, want %d", p->a, p->ka, p->b,
				  p->kb, s1, s2, p->same);
	}
	ASSERT(!dsr_actor_same(NULL, U, "Sony", U));
	ASSERT(!dsr_actor_same("Sony", U, NULL, U));
	npairs = np;
}

/* a negative return from emit stops the walk and is returned */
static void test_stop(void)
{
	int calls = 0;
	ASSERT_EQ(dsr_actor_blocks("Sony Pictures Entertainment", U, stop_emit, &calls), -42);
	ASSERT_EQ(calls, 1);
}

/* each base also as "The X", "X's" and in capitals */
static void test_names(void)
{
	size_t nb = sizeof bases / sizeof bases[0], n = 4 * nb;
	char **names = calloc(n, sizeof *names);
	ASSERT(names);
	for (size_t i = 0; i < nb; i++) {
		size_t l = strlen(bases[i]);
		names[4 * i] = strdup(bases[i]);
		names[4 * i + 1] = malloc(l + 5);
		names[4 * i + 2] = malloc(l + 3);
		names[4 * i + 3] = strdup(bases[i]);
		ASSERT(names[4 * i] && names[4 * i + 1] && names[4 * i + 2] && names[4 * i + 3]);
		snprintf(names[4 * i + 1], l + 5, "The %s", bases[i]);
		snprintf(names[4 * i + 2], l + 3, "%s's", bases[i]);
		for (char *q = names[4 * i + 3]; *q; q++)
			if (*q >= 'a' && *q <= 'z')
				*q = (char)(*q - 32);
	}
#define bases ((const char *const *)names)
	char (*keys)[9][300] = calloc(n, sizeof *keys);
	ASSERT(keys);
	for (size_t i = 0; i < n; i++)
		ASSERT_OK(dsr_actor_blocks(bases[i], U, collect, keys[i]));
	static const int kinds[] = { U, P, O, G, C, GR, M };
	same = 0;
	checked = 0;
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < n; j++) {
			/* kinds vary with the pair so that every combination is seen */
			int ka = kinds[(i + j) % 7], kb = kinds[(i * 3 + j) % 7];
			bool ab = dsr_actor_same(bases[i], ka, bases[j], kb);
			bool ba = dsr_actor_same(bases[j], kb, bases[i], ka);
			if (ab != ba)
				TEST_FAIL("not symmetric: \"%s\" (%d) / \"%s\" (%d)", bases[i], ka,
					  bases[j], kb);
			bool any = dsr_actor_same(bases[i], U, bases[j], U);
			if ((ab || any) && !share(keys[i], keys[j]))
				TEST_FAIL("\"%s\" and \"%s\" are the same but share no blocking key",
					  bases[i], bases[j]);
			same += any;
			checked++;
		}
	}
	free(keys);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	nnames = n;
#undef bases
}

static const struct test_case cases[] = {
	TEST_CASE(pairs),
	TEST_CASE(stop),
	TEST_CASE(names),
};

int main(int argc, char **argv)
{
	TEST_ARGS(argc, argv, cases);
	test_run();
	printf("%zu rule pairs pass; %zu names, %zu ordered pairs checked, %zu the same\n",
	       npairs, nnames, checked, same);
	return 0;
}
