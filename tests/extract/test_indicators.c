/* test_indicators.c: indicators of compromise, table-driven through
 * dsr_extract(): every type, every defanging form, and what must not be
 * taken for one.  Each case lists every indicator the text must yield, in
 * text order, as "type value", and nothing else; each span must cover the
 * indicator as written. */
#include "test.h"
#include "extract.h"

#include <stdio.h>
#include <string.h>

struct icase {
	const char *text;
	const char *want[6];   /* "type value", in order; the rest must be absent */
	const char *written[6];/* the text each span covers (NULL: the value) */
};

static const struct icase cases[] = {
	/* each type, plain */
	{ "Traffic went to 203.0.113.7 over the weekend.", { "ipv4 203.0.113.7" } , { 0 } },
	{ "The server at 2001:db8::8a2e:370:7334 answered.",
	  { "ipv6 2001:db8::8a2e:370:7334" } , { 0 } },
	{ "Stolen data was sent to files-sync.net each night.", { "domain files-sync.net" } , { 0 } },
	{ "The lure pointed at https://login.example.com/reset?id=7 for days.",
	  { "url https://login.example.com/reset?id=7" } , { 0 } },
	{ "Phishing came from billing@secure-pay.co.uk this week.",
	  { "email billing@secure-pay.co.uk" } , { 0 } },
	{ "Its hash is d41d8cd98f00b204e9800998ecf8427e.", { "md5 d41d8cd98f00b204e9800998ecf8427e" } , { 0 } },
	{ "SHA-1: da39a3ee5e6b4b0d3255bfef95601890afd80709",
	  { "sha1 da39a3ee5e6b4b0d3255bfef95601890afd80709" } , { 0 } },
	{ "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 is the dropper.",
	  { "sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" } , { 0 } },
	{ "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e",
	  { "sha512 cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e" } , { 0 } },
	{ "They exploited CVE-2017-0144 and cve-2021-44228.",
	  { "cve CVE-2017-0144", "cve CVE-2021-44228" }, { NULL, "cve-2021-44228" } },
	{ "Initial access used T1566.001, then T1059 for execution.",
	  { "attack-technique T1566.001", "attack-technique T1059" } , { 0 } },
	{ "Pay to 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2 or 3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy now.",
	  { "btc 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", "btc 3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy" } , { 0 } },
	{ "Or to bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4 instead.",
	  { "btc bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4" } , { 0 } },
	/* defanged, every form, refanged in the value, spans over the text */
	{ "C2: hxxp://bad[.]example[.]com/gate.php and hxxps://cdn(.)evil-host[dot]net/x",
	  { "url http://bad.example.com/gate.php", "url https://cdn.evil-host.net/x" },
	  { "hxxp://bad[.]example[.]com/gate.php", "hxxps://cdn(.)evil-host[dot]net/x" } },
	{ "Beacons to 198.51.100[.]23 and 192.0.2(.)1 and evil{.}com were seen.",
	  { "ipv4 198.51.100.23", "ipv4 192.0.2.1", "domain evil.com" },
	  { "198.51.100[.]23", "192.0.2(.)1", "evil{.}com" } },
	{ "Mail ops[at]bad-actor(.)ru or admin[@]mail[.]ru about it.",
	  { "email ops@bad-actor.ru", "email admin@mail.ru" },
	  { "ops[at]bad-actor(.)ru", "admin[@]mail[.]ru" } },
	{ "See hxxp[:]//10.1.2[.]3/a for the panel.", { "url http://10.1.2.3/a" },
	  { "hxxp[:]//10.1.2[.]3/a" } },
	/* normalised */
	{ "Visit Evil-Site.COM today.", { "domain evil-site.com" }, { "Evil-Site.COM" } },
	{ "HTTPS://WWW.Example.ORG/Path is the page.", { "url https://www.example.org/Path" },
	  { "HTTPS://WWW.Example.ORG/Path" } },
	/* a domain inside a URL or an address is not reported again */
	{ "Both https://x.example.net/a and joe@example.net appear.",
	  { "url https://x.example.net/a", "email joe@example.net" } , { 0 } },
	/* sentence punctuation is not part of it */
	{ "The site was (see https://example.com/a).", { "url https://example.com/a" } , { 0 } },
	{ "It resolved to 203.0.113.9.", { "ipv4 203.0.113.9" } , { 0 } },
	{ "A host with a port, c2.example.org:8443, answered.", { "domain c2.example.org" },
	  { "c2.example.org" } },
	/* not indicators */
	{ "Chrome 96.0.4664.110 fixed it, version 1.2.3.4.5 too.", { 0 } , { 0 } },
	{ "The U.S. and the U.K., e.g. NATO, i.e. allies, met.", { 0 } , { 0 } },
	{ "Open invoice.pdf, run setup.py, read README.md and update.sh now.", { 0 } , { 0 } },
	{ "At 10:30:00 on 2014-12-17 it began; 3,000 files, 5.5 GB.", { 0 } , { 0 } },
	{ "Sony Pictures said it.Then it stopped. will.i.am spoke.", { 0 } , { 0 } },
	{ "The number 12345678901234567890123456789012 is no hash.", { 0 } , { 0 } },
	{ "The T1000 and T800 robots, and CVE-99-1 is no id.", { 0 } , { 0 } },
	{ "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3 fails its checksum.", { 0 } , { 0 } },
	{ "The film is called hxxp, and hxxpose is a word.", { 0 } , { 0 } },
};

static void test_indicators(void)
{
	size_t n = sizeof cases / sizeof cases[0];
	for (size_t i = 0; i < n; i++) {
		const struct icase *t = &cases[i];
		dsr_extraction *x = NULL;
		ASSERT_OK(dsr_extract((const uint8_t *)t->text, strlen(t->text), NULL, &x));
		size_t want = 0;
		while (want < 6 && t->want[want])
			want++;
		for (size_t k = 0; k < x->nindicators || k < want; k++) {
			char got[512] = "(none)";
			if (k < x->nindicators)
				snprintf(got, sizeof got, "%s %s", x->indicators[k].type,
					 x->indicators[k].value);
			if (k >= want || strcmp(got, t->want[k]))
				TEST_FAIL("\"%s\": indicator %zu is %s, want %s", t->text, k, got,
					  k < want ? t->want[k] : "(none)");
			const struct dsr_x_indicator *d = &x->indicators[k];
			const char *w = t->written[k] ? t->written[k] : strchr(t->want[k], ' ') + 1;
			size_t len = d->span.end - d->span.start;
			if (len != strlen(w) || memcmp(t->text + d->span.start, w, len))
				TEST_FAIL("\"%s\": indicator %zu covers \"%.*s\", want \"%s\"",
					  t->text, k, (int)len, t->text + d->span.start, w);
		}
		dsr_extraction_free(x);
	}
	printf("%zu indicator cases pass\n", n);
}

/* Work grows linearly: a text of many defanged indicators, doubled. */
/* The article's own site is no indicator: its URL's host, its publisher's
 * name as a domain, anything on a copyright line.  A stranger's domain in
 * the same text stays. */
static void test_own(void)
{
	static const struct {
		const char *text, *publisher, *url;
		size_t want;           /* indicators left */
		const char *left;      /* the value of the first, when any */
	} own_cases[] = {
		{ "The payload called evil-update.net. Read more at dailywire-example.com/tech.",
		  "Daily Wire Example", NULL, 1, "evil-update.net" },
		{ "Contact us at desk@nbcnews.com about evil-update.net.", "NBC News", NULL, 1,
		  "evil-update.net" },
		{ "Visit https://www.example-times.org/a/1 and evil-update.net.", NULL,
		  "https://example-times.org/story", 1, "evil-update.net" },
		{ "The server evil-update.net.\n(c) 2024 SOMESITE.com All rights reserved.", NULL,
		  NULL, 1, "evil-update.net" },
		{ "\xc2\xa9 2024 SOMESITE.com", NULL, NULL, 0, NULL },
		{ "The attackers used washingtonpost-login.com.", "The Washington Post", NULL, 1,
		  "washingtonpost-login.com" },
		{ "Staff at washingtonpost.com were phished.", "The Washington Post", NULL, 0, NULL },
	};
	for (size_t i = 0; i < sizeof own_cases / sizeof *own_cases; i++) {
		struct dsr_extract_meta m = { "2024-01-01", NULL, own_cases[i].publisher, own_cases[i].url,
					      NULL, NULL };
		dsr_extraction *x = NULL;
		ASSERT_OK(dsr_extract((const uint8_t *)own_cases[i].text, strlen(own_cases[i].text), &m, &x));
		if (x->nindicators != own_cases[i].want)
			TEST_FAIL("\"%s\": %zu indicators, want %zu", own_cases[i].text, x->nindicators,
				  own_cases[i].want);
		if (own_cases[i].left && strcmp(x->indicators[0].value, own_cases[i].left))
			TEST_FAIL("\"%s\": %s left, want %s", own_cases[i].text, x->indicators[0].value,
				  own_cases[i].left);
		dsr_extraction_free(x);
	}
}

/* Identifiers an indicator names are no actors: "CVE-2023-23397", the
 * names of hash functions; threat groups' designations are. */
static void test_not_actors(void)
{
	const char *text = "The attackers exploited CVE-2023-23397 in the mail server, Microsoft "
			   "said. The dropper's SHA-256 and MD5 values were published by Mandiant, "
			   "which tracks the group as UNC2452 and its ally as FIN7.";
	struct dsr_extract_meta m = { "2024-01-01", NULL, NULL, NULL, NULL, NULL };
	dsr_extraction *x = NULL;
	ASSERT_OK(dsr_extract((const uint8_t *)text, strlen(text), &m, &x));
	bool ms = false;
	int groups = 0;
	for (size_t i = 0; i < x->nactors; i++) {
		const char *n = x->actors[i].name;
		if (!strcmp(n, "CVE-2023-23397") || !strcmp(n, "SHA-256") || !strcmp(n, "MD5"))
			TEST_FAIL("\"%s\" is an actor", n);
		ms |= !strcmp(n, "Microsoft");
		groups += !strcmp(n, "UNC2452") || !strcmp(n, "FIN7");
	}
	ASSERT(ms);
	/* a threat group's designation is a name */
	ASSERT_EQ(groups, 2);
	dsr_extraction_free(x);
}

static void test_linear(void)
{
	static const char unit[] = "hxxp://a[.]example[.]com/x 10.0.0[.]1 "
				   "d41d8cd98f00b204e9800998ecf8427e ops[at]mail(.)ru word. ";
	uint64_t work[2];
	size_t count[2];
	for (int r = 0; r < 2; r++) {
		size_t reps = r ? 4000 : 2000, ul = strlen(unit);
		char *text = malloc(reps * ul + 1);
		ASSERT(text != NULL);
		for (size_t k = 0; k < reps; k++)
			memcpy(text + k * ul, unit, ul);
		dsr_extraction *x = NULL;
		ASSERT_OK(dsr_extract((const uint8_t *)text, reps * ul, NULL, &x));
		work[r] = x->work;
		count[r] = x->nindicators;
		dsr_extraction_free(x);
		free(text);
	}
	ASSERT(count[0] == 2000 * 4 && count[1] == 4000 * 4);
	/* twice the text, at most a little more than twice the work */
	if (work[1] > work[0] * 2 + work[0] / 5)
		TEST_FAIL("work %llu for 2,000 units, %llu for 4,000", (unsigned long long)work[0],
			  (unsigned long long)work[1]);
	printf("indicators: %zu then %zu found, work x%.2f for x2 text\n", count[0], count[1],
	       (double)work[1] / (double)work[0]);
}

static const struct test_case tests[] = {
	TEST_CASE(indicators),
	TEST_CASE(own),
	TEST_CASE(not_actors),
	TEST_CASE(linear),
};

int main(int argc, char **argv)
{
	TEST_ARGS(argc, argv, tests);
	test_run();
	return 0;
}
