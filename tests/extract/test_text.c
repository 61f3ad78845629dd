/* test_text.c: tokens, sentence splitting around abbreviations and
 * quotations, paragraphs and boilerplate — the extractor's text handling,
 * tested through its internal stages. */
#include "test.h"
#include "extract.h"
#include "extract/impl.h"

#include <string.h>

static void run(struct dsr__ctx *c, const char *text, const char *title,
		struct dsr_extract_meta *meta)
{
	memset(c, 0, sizeof *c);
	memset(meta, 0, sizeof *meta);
	meta->title = title;
	c->text = (const uint8_t *)text;
	c->len = strlen(text);
	c->meta = meta;
	c->L = dsr__lex_get();
	ASSERT(c->L);
	ASSERT(c->tmp = dsr__pool_new());
	ASSERT(c->out = dsr__pool_new());
	ASSERT_OK(dsr__tokenize(c->text, c->len, &c->tok, &c->ntok, &c->invalid, &c->work));
	ASSERT_OK(dsr__text_structure(c));
	ASSERT_OK(dsr__quotes(c));
}

static void done(struct dsr__ctx *c)
{
	free(c->tok);
	free(c->para);
	free(c->sent);
	free(c->quote);
	dsr__hset_free(&c->lower);
	dsr__pool_free(c->tmp);
	dsr__pool_free(c->out);
}

/* ---- tokens ---- */

struct tokcase {
	const char *text;
	const char *tokens; /* expected token texts, '|' separated */
};

static const struct tokcase toks[] = {
	{ "U.S. officials", "U.S.|officials" },
	{ "G.O.P., have", "G.O.P.|,|have" },
	{ "Kim Jong-un.", "Kim|Jong-un|." },
	{ "Sony's films", "Sony|films" },
	{ "employees\xe2\x80\x99 computers", "employees|computers" },
	{ "Re/code on Nov. 28", "Re/code|on|Nov|.|28" },
	{ "a team of 3,000 hackers", "a|team|of|3,000|hackers" },
	{ "the 24th of November", "the|24th|of|November" },
	{ "Hacked by #GOP.", "Hacked|by|#GOP|." },
	{ "@SonyPictures don\xe2\x80\x99t cave", "@SonyPictures|don\xe2\x80\x99t|cave" },
	{ "\xe2\x80\x9cWe have found linkage,\xe2\x80\x9d a source",
	  "\xe2\x80\x9c|We|have|found|linkage|,|\xe2\x80\x9d|a|source" },
	{ "TECHTIMES.com All", "TECHTIMES.com|All" },
	{ "AT&T and R&D", "AT&T|and|R&D" },
	{ "massive\xc2\xa0Nov. 24", "massive|Nov|.|24" },
	{ "line one\r\nline two", "line|one|line|two" },
	{ "bad\xff\xfe bytes", "bad|bytes" },
	{ "10:30 a.m. ET", "10|:|30|a.m.|ET" },
};

static void test_tokens(void)
{
	for (size_t k = 0; k < sizeof toks / sizeof toks[0]; k++) {
		const char *text = toks[k].text;
		size_t len = strlen(text);
		struct dsr__tok *t = NULL;
		size_t n = 0, bad = 0;
		uint64_t work = 0;
		ASSERT_OK(dsr__tokenize((const uint8_t *)text, len, &t, &n, &bad, &work));
		char got[256] = "";
		size_t o = 0;
		for (size_t i = 0; i < n; i++) {
			size_t l = t[i].end - t[i].start;
			ASSERT(t[i].end <= len && t[i].start < t[i].end);
			if (o + l + 2 >= sizeof got)
				break;
			if (i)
				got[o++] = '|';
			memcpy(got + o, text + t[i].start, l);
			o += l;
			got[o] = 0;
		}
		if (strcmp(got, toks[k].tokens) != 0)
			TEST_FAIL("tokens of \"%s\": got \"%s\", want \"%s\"", text, got,
				  toks[k].tokens);
		free(t);
	}
	/* NUL and invalid UTF-8 separate tokens and are counted */
	static const uint8_t raw[] = { 'a', 'b', 0, 'c', 0xc3, 0x28, 'd' };
	struct dsr__tok *t = NULL;
	size_t n = 0, bad = 0;
	uint64_t work = 0;
	ASSERT_OK(dsr__tokenize(raw, sizeof raw, &t, &n, &bad, &work));
	ASSERT_EQ(n, 4); /* ab, c, (, d */
	ASSERT_EQ(bad, 2);
	free(t);
	/* flags */
	ASSERT_OK(dsr__tokenize((const uint8_t *)"U.S. FBI Sony's 24th", 20, &t, &n, &bad, &work));
	ASSERT_EQ(n, 4);
	ASSERT(t[0].bits & DSR__TF_DOTTED);
	ASSERT(t[1].bits & DSR__TF_UPPER);
	ASSERT(t[2].bits & DSR__TF_POSS);
	ASSERT(t[3].bits & DSR__TF_ORD);
	free(t);
}

/* ---- sentences ---- */

struct sentcase {
	const char *text;
	const char *sentences; /* expected sentences, '|' separated */
};

static const struct sentcase sents[] = {
	{ "U.S. officials said it. The FBI agreed.", "U.S. officials said it.|The FBI agreed." },
	{ "The hack began on Nov. 24 and ended Dec. 3. Sony was hit.",
	  "The hack began on Nov. 24 and ended Dec. 3.|Sony was hit." },
	{ "Mr. Turner and Dr. Smith spoke. They left.", "Mr. Turner and Dr. Smith spoke.|They left." },
	{ "Attackers using the name Guardians of Peace, or G.O.P., have claimed it. Later, more came.",
	  "Attackers using the name Guardians of Peace, or G.O.P., have claimed it.|Later, more came." },
	{ "A person claiming to be \"the boss of G.O.P.\" emailed reporters.",
	  "A person claiming to be \"the boss of G.O.P.\" emailed reporters." },
	{ "\"We have data,\" the person wrote. \"More soon.\"",
	  "\"We have data,\" the person wrote.|\"More soon.\"" },
	{ "He said: \"Stop.\" Then he left.", "He said: \"Stop.\"|Then he left." },
	{ "It cost $5 million in the U.S. The company said so.",
	  "It cost $5 million in the U.S.|The company said so." },
	{ "The U.S. Department of Justice sued.", "The U.S. Department of Justice sued." },
	{ "Why? Nobody knows! Really.", "Why?|Nobody knows!|Really." },
	{ "J. Smith arrived. He sat.", "J. Smith arrived.|He sat." },
	{ "It was bought by Acme Inc. The deal closed.", "It was bought by Acme Inc.|The deal closed." },
	{ "Wait \xe2\x80\xa6 what happened.", "Wait \xe2\x80\xa6 what happened." },
	{ "First sentence.\r\nSecond sentence.", "First sentence.|Second sentence." },
	{ "a sentence wrapped at a fixed width in a plain text source that goes on\n"
	  "and ends here. Next.",
	  "a sentence wrapped at a fixed width in a plain text source that goes on\n"
	  "and ends here.|Next." },
	{ "Headline Without Stop\n\nBody starts here.", "Headline Without Stop|Body starts here." },
	{ "\"Today the U.S. succumbed to an attack.\"' Next one.",
	  "\"Today the U.S. succumbed to an attack.\"'|Next one." },
	{ "The vote is at 3 p.m. on Friday. Results follow.",
	  "The vote is at 3 p.m. on Friday.|Results follow." },
};

static void test_sentences(void)
{
	for (size_t k = 0; k < sizeof sents / sizeof sents[0]; k++) {
		struct dsr__ctx c;
		struct dsr_extract_meta meta;
		run(&c, sents[k].text, NULL, &meta);
		char got[1024] = "";
		size_t o = 0;
		for (size_t s = 0; s < c.nsent; s++) {
			size_t a = c.tok[c.sent[s].t0].start, b = c.tok[c.sent[s].t1 - 1].end;
			if (o + (b - a) + 2 >= sizeof got)
				break;
			if (s)
				got[o++] = '|';
			memcpy(got + o, c.text + a, b - a);
			o += b - a;
			got[o] = 0;
		}
		if (strcmp(got, sents[k].sentences) != 0)
			TEST_FAIL("sentences of \"%s\":\n got  \"%s\"\n want \"%s\"",
				  sents[k].text, got, sents[k].sentences);
		done(&c);
	}
}

/* ---- paragraphs: boilerplate and headlines ---- */

struct paracase {
	const char *text;
	const char *title;
	uint32_t flags; /* of the first paragraph */
};

static const struct paracase paras[] = {
	{ "IE 11 is not supported. For an optimal experience visit our site on another browser.", NULL, DSR__P_OFF },
	{ "We apologize, this video has expired.", NULL, DSR__P_OFF },
	{ "Get more newsLiveonNBC News Now", NULL, DSR__P_OFF },
	{ "RELATED: 'Morning Joe': Press doing North Korea's bidding", NULL, DSR__P_OFF },
	{ "\xe2\x93\x92 2024 TECHTIMES.com All rights reserved. Do not reproduce without permission.", NULL, DSR__P_OFF },
	{ "Sign up for the newsletter Sign up for Vox Recommends", NULL, DSR__P_OFF },
	{ "Get curated picks of the best Vox journalism to read, watch, and listen to every week, from our editors.", NULL, DSR__P_OFF },
	{ "This article originally appeared on", NULL, DSR__P_OFF },
	{ "clock menu more-arrow no yes mobile", NULL, DSR__P_OFF },
	{ "Filed under:", NULL, DSR__P_OFF },
	{ "Join the Discussion", NULL, DSR__P_OFF },
	{ "Copyright 2014 The Associated Press. All rights reserved.", NULL, DSR__P_OFF },
	{ "U.S. Links North Korea to Sony Hack Attack", NULL, DSR__P_HEAD },
	{ "Officials: North Korea is behind attack on Sony", "Officials: North Korea is behind attack on Sony", DSR__P_HEAD },
	{ "North Korea Behind Sony Hack: U.S. Officials", "North Korea Behind Sony Hack: U.S. Officials", DSR__P_HEAD },
	{ "Sony Pictures Entertainment", NULL, DSR__P_HEAD },
	{ "U.S. officials have concluded that North Korea ordered the attack.", NULL, 0 },
	{ "Jonathan Dienst contributed to this report.", NULL, 0 },
	{ "The newsletter said the hackers were paid, according to three people familiar with the matter who "
	  "spoke on condition of anonymity because they were not authorised to speak publicly about it, and "
	  "the company has not commented on the report, which was published on Tuesday evening.", NULL, 0 },
};

static void test_paragraphs(void)
{
	for (size_t k = 0; k < sizeof paras / sizeof paras[0]; k++) {
		struct dsr__ctx c;
		struct dsr_extract_meta meta;
		run(&c, paras[k].text, paras[k].title, &meta);
		ASSERT(c.npara >= 1);
		if (c.para[0].flags != paras[k].flags)
			TEST_FAIL("paragraph \"%s\": flags %u, want %u", paras[k].text,
				  c.para[0].flags, paras[k].flags);
		done(&c);
	}
}

/* Boilerplate yields no facts at all. */
static void test_boilerplate_silent(void)
{
	const char *text =
		"IE 11 is not supported. For an optimal experience visit our site on another browser.\n\n"
		"RELATED: North Korea denied on Wednesday that it hacked Sony, officials said.\n"
		"We apologize, this video has expired.\n"
		"\xe2\x93\x92 2024 TECHTIMES.com All rights reserved. Do not reproduce without permission.\n"
		"Sign up for the newsletter. The FBI said Monday the group is reportedly in China.\n";
	struct dsr_extract_meta meta = { "2014-12-17", NULL, NULL, NULL, NULL, NULL };
	dsr_extraction *x = NULL;
	ASSERT_OK(dsr_extract((const uint8_t *)text, strlen(text), &meta, &x));
	ASSERT_EQ(x->ntimes, 0);
	ASSERT_EQ(x->nactors, 0);
	ASSERT_EQ(x->nclaims, 0);
	ASSERT_EQ(x->nevents, 0);
	dsr_extraction_free(x);
}

static const struct test_case cases[] = {
	TEST_CASE(tokens),
	TEST_CASE(sentences),
	TEST_CASE(paragraphs),
	TEST_CASE(boilerplate_silent),
};

int main(int argc, char **argv)
{
	TEST_ARGS(argc, argv, cases);
	test_run();
	printf("text handling: %zu token, %zu sentence, %zu paragraph cases pass\n",
	       sizeof toks / sizeof toks[0], sizeof sents / sizeof sents[0],
	       sizeof paras / sizeof paras[0]);
	return 0;
}
