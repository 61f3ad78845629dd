/* test_html.c: the page reader (core/html.h): what is HTML, the article's
 * text without the page around it, the metadata from every place a page
 * keeps it, encodings, pages without an article, and a 10 MB page read
 * whole in work linear in its size. */
#include "html.h"
#include "error.h"
#include "test.h"
#include "utf8.h"

#include <errno.h>

static dsr_html_page *read_page(const char *html)
{
	dsr_html_page *pg = NULL;
	ASSERT_OK(dsr_html_read((const uint8_t *)html, strlen(html), &pg));
	ASSERT(pg && pg->text);
	ASSERT_EQ(strlen(pg->text), pg->len);
	ASSERT(dsr_utf8_valid((const uint8_t *)pg->text, pg->len));
	return pg;
}

#define HAS(pg, s) ASSERT(strstr((pg)->text, (s)) != NULL)
#define HASNT(pg, s)                                                           \
	do {                                                                   \
		if (strstr((pg)->text, (s)))                                   \
			TEST_FAIL("text holds \"%s\":\n%s", (s), (pg)->text);   \
	} while (0)

static const char para[] =
	"The ministry said on Tuesday that the outage, which began late on "
	"Sunday, had affected payment systems, hospitals and the national "
	"railway, and that investigators were still working to find out how "
	"the attackers had entered the network. ";

static void test_sniff(void)
{
	static const struct {
		const char *in;
		bool html;
	} t[] = {
		{ "<!DOCTYPE html><html><body>x</body></html>", true },
		{ "<!doctype HTML>", true },
		{ "\xEF\xBB\xBF  <html lang=en>", true },
		{ "<!-- saved from url=(0042)http://example.com/ -->\n<html>", true },
		{ "<?xml version=\"1.0\"?>\n<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0\">", true },
		{ "<head><title>t</title></head>", true },
		{ "  \n\t<HTML>", true },
		{ "The <html> element is the root of a page.", false },
		{ "<htmlx>", false },
		{ "<!-- a comment that never ends", false },
		{ "", false },
		{ "Sony Pictures was hacked on Monday.", false },
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		bool got = dsr_html_sniff((const uint8_t *)t[i].in, strlen(t[i].in));
		if (got != t[i].html)
			TEST_FAIL("sniff \"%s\": %d, want %d", t[i].in, got, t[i].html);
	}
	ASSERT(!dsr_html_sniff(NULL, 0));
}

/* A news page: navigation, share buttons, an advert, the article, related
 * links and comments.  Only the article is text. */
static void test_article(void)
{
	char html[8192];
	snprintf(html, sizeof html,
		"<!DOCTYPE html><html lang=\"en-GB\"><head><meta charset=\"utf-8\">"
		"<title>Railway hit by cyber attack | The Daily Example</title>"
		"<meta property=\"og:site_name\" content=\"The Daily Example\">"
		"<meta name=\"author\" content=\"Jane Doe\">"
		"<meta property=\"article:published_time\" content=\"2024-03-05T09:30:00+01:00\">"
		"<link rel=\"canonical\" href=\"https://example.com/news/railway-attack\">"
		"</head><body>"
		"<nav><ul><li><a href=/>Home</a></li><li><a href=/world>World</a></li>"
		"<li><a href=/sport>Sport</a></li></ul></nav>"
		"<div class=\"advert\">BUY NOW cheap flights</div>"
		"<main><article><h1>Railway hit by cyber attack</h1>"
		"<div class=\"share-buttons\"><a href=#>Share on Facebook</a> <a href=#>Tweet</a></div>"
		"<p>%s</p><p>%s</p><p>A spokesman &amp; an engineer said the trains were &ldquo;safe&rdquo;.</p>"
		"<ul><li>First point of the list, with enough words to count.</li>"
		"<li>Second point.</li></ul>"
		"<p>%s</p></article>"
		"<aside class=\"related\"><h3>Related stories</h3><ul><li><a href=/a>Another attack</a></li></ul></aside>"
		"<section id=\"comments\"><div class=\"comment\"><p>%s</p></div></section>"
		"</main><footer>Copyright Example Media</footer></body></html>",
		para, para, para, "What a terrible thing, I always said so, and nobody listens, ever, to anyone.");
	dsr_html_page *pg = read_page(html);
	HAS(pg, "The ministry said on Tuesday");
	HAS(pg, "A spokesman & an engineer said the trains were \xE2\x80\x9Csafe\xE2\x80\x9D.");
	HAS(pg, "Second point.");
	HASNT(pg, "Home");
	HASNT(pg, "Sport");
	HASNT(pg, "BUY NOW");
	HASNT(pg, "Share on Facebook");
	HASNT(pg, "Related stories");
	HASNT(pg, "terrible");
	HASNT(pg, "Copyright");
	HASNT(pg, "Railway hit by cyber attack"); /* the headline is the title */
	/* blocks are paragraphs, one blank line apart, whitespace collapsed */
	HAS(pg, "network.\n\nThe ministry");
	HAS(pg, "count.\n\nSecond point.");
	HASNT(pg, "  ");
	HASNT(pg, "\n\n\n");
	ASSERT(pg->text[0] != '\n' && pg->text[pg->len - 1] != '\n');
	ASSERT_STR(pg->title, "Railway hit by cyber attack");
	ASSERT_STR(pg->publisher, "The Daily Example");
	ASSERT_STR(pg->byline, "Jane Doe");
	ASSERT_STR(pg->published, "2024-03-05T09:30:00+01:00");
	ASSERT_STR(pg->url, "https://example.com/news/railway-attack");
	ASSERT_STR(pg->lang, "en-GB");
	ASSERT(!pg->no_article);
	dsr_html_free(pg);
}

/* JSON-LD comes first; og: fills what it lacks; the <title> loses the site. */
static void test_jsonld(void)
{
	char html[8192];
	snprintf(html, sizeof html,
		"<html><head><title>Ignored headline - Example News</title>"
		"<meta property=\"og:title\" content=\"The og title\">"
		"<meta property=\"og:url\" content=\"https://example.com/og\">"
		"<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\","
		"\"@graph\":[{\"@type\":\"WebSite\",\"name\":\"Example News\"},"
		"{\"@type\":[\"NewsArticle\"],\"headline\":\"Hackers \\u201cclaim\\u201d the attack\","
		"\"datePublished\":\"2023-11-02\",\"author\":[{\"@type\":\"Person\",\"name\":\"Ann Lee\"},"
		"{\"@type\":\"Person\",\"name\":\"Bo Chen\"}],"
		"\"publisher\":{\"@type\":\"Organization\",\"name\":\"Example News Ltd\"}}]}</script>"
		"<script type=\"application/ld+json\">{ broken json</script>"
		"</head><body><div class=\"story-body\"><p>%s</p><p>%s</p><p>%s</p></div></body></html>",
		para, para, para);
	dsr_html_page *pg = read_page(html);
	ASSERT_STR(pg->title, "Hackers \xE2\x80\x9C" "claim\xE2\x80\x9D the attack");
	ASSERT_STR(pg->byline, "Ann Lee, Bo Chen");
	ASSERT_STR(pg->publisher, "Example News Ltd");
	ASSERT_STR(pg->published, "2023-11-02");
	ASSERT_STR(pg->url, "https://example.com/og");
	ASSERT(pg->lang == NULL);
	dsr_html_free(pg);

	/* Only a <title>: without the site's name. */
	snprintf(html, sizeof html,
		"<html><head><title>Ransomware gang leaks files | Example News</title></head>"
		"<body><p>%s</p></body></html>", para);
	pg = read_page(html);
	ASSERT_STR(pg->title, "Ransomware gang leaks files");
	ASSERT(pg->publisher == NULL && pg->byline == NULL && pg->published == NULL);
	dsr_html_free(pg);
}

static void test_dates(void)
{
	static const struct {
		const char *meta, *want;
	} t[] = {
		{ "2015-09-17T16:57:43+01:00", "2015-09-17T16:57:43+01:00" },
		{ "2015-09-17 16:57:43", "2015-09-17T16:57:43" },
		{ "2015/09/17", "2015-09-17" },
		{ "Thu, 17 Sep 2015 16:57:43 +0100", "2015-09-17" },
		{ "September 17, 2015", "2015-09-17" },
		{ "17 September 2015", "2015-09-17" },
		{ "2015-02-30", NULL },
		{ "yesterday", NULL },
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		char html[1024];
		snprintf(html, sizeof html, "<html><head><meta name=\"date\" content=\"%s\">"
			 "</head><body><p>%s</p></body></html>", t[i].meta, para);
		dsr_html_page *pg = read_page(html);
		if (!t[i].want)
			ASSERT(pg->published == NULL);
		else
			ASSERT_STR(pg->published, t[i].want);
		dsr_html_free(pg);
	}
}

/* A login wall and an index of links are no article. */
static void test_no_article(void)
{
	dsr_html_page *pg = read_page(
		"<html><body><nav><a href=/>Home</a></nav><form><p>Please log in to continue "
		"reading.</p><input name=user><input type=password></form></body></html>");
	ASSERT(pg->no_article);
	dsr_html_free(pg);
	char html[16384] = "<html><body><div class=\"content\"><ul>";
	for (int i = 0; i < 60; i++)
		snprintf(html + strlen(html), sizeof html - strlen(html),
			 "<li><a href=\"/story/%d\">Story number %d of the day</a></li>", i, i);
	strcat(html, "</ul></div></body></html>");
	pg = read_page(html);
	ASSERT(pg->no_article);
	dsr_html_free(pg);
	pg = read_page("");
	ASSERT(pg->no_article && pg->len == 0);
	dsr_html_free(pg);
}

/* Latin-1 by <meta charset>, UTF-16 by its byte-order mark, and UTF-8 that
 * says it is something else. */
static void test_encodings(void)
{
	char html[4096];
	int n = snprintf(html, sizeof html,
		"<html><head><meta charset=\"iso-8859-1\"></head><body><p>Caf\xE9 "
		"cr\xE8me. %s</p></body></html>", para);
	dsr_html_page *pg = NULL;
	ASSERT_OK(dsr_html_read((const uint8_t *)html, (size_t)n, &pg));
	HAS(pg, "Caf\xC3\xA9 cr\xC3\xA8me.");
	dsr_html_free(pg);

	n = snprintf(html, sizeof html,
		"<html><head><meta charset=\"windows-1251\"></head><body><p>Caf\xC3\xA9 "
		"%s</p></body></html>", para);
	ASSERT_OK(dsr_html_read((const uint8_t *)html, (size_t)n, &pg));
	HAS(pg, "Caf\xC3\xA9 ");
	dsr_html_free(pg);

	const char *ascii = "<html><body><p>Hello UTF-16 world, this is a page.</p></body></html>";
	uint8_t u16[512];
	size_t k = 0;
	u16[k++] = 0xFF;
	u16[k++] = 0xFE;
	for (const char *c = ascii; *c; c++) {
		u16[k++] = (uint8_t)*c;
		u16[k++] = 0;
	}
	ASSERT(dsr_html_sniff(u16, k));
	ASSERT_OK(dsr_html_read(u16, k, &pg));
	HAS(pg, "Hello UTF-16 world");
	dsr_html_free(pg);

	/* bytes that are no UTF-8 in a page that says UTF-8: still valid text */
	n = snprintf(html, sizeof html, "<html><head><meta charset=utf-8></head><body><p>"
		     "bad \xFF\xFE bytes %s</p></body></html>", para);
	ASSERT_OK(dsr_html_read((const uint8_t *)html, (size_t)n, &pg));
	ASSERT(dsr_utf8_valid((const uint8_t *)pg->text, pg->len));
	dsr_html_free(pg);
}

static void test_errors(void)
{
	dsr_html_page *pg = NULL;
	ASSERT_EQ(dsr_html_read(NULL, 1, &pg), -EINVAL);
	ASSERT_EQ(dsr_html_read((const uint8_t *)"x", 1, NULL), -EINVAL);
	ASSERT_EQ(dsr_html_read((const uint8_t *)"x", DSR_HTML_MAX + 1, &pg), DSR_ETOOBIG);
	dsr_html_free(NULL);
}

/* A page of `paras` paragraphs inside the usual page furniture. */
static char *big_page(size_t paras, size_t *len)
{
	size_t cap = paras * (sizeof para + 64) + 4096, n = 0;
	char *p = malloc(cap);
	ASSERT(p);
	n += (size_t)snprintf(p + n, cap - n, "<!DOCTYPE html><html><head><title>Big</title>"
			      "</head><body><nav><a href=/>Home</a></nav><div id=\"story\">");
	for (size_t i = 0; i < paras; i++)
		n += (size_t)snprintf(p + n, cap - n, "<p>%zu: %s</p>\n", i, para);
	n += (size_t)snprintf(p + n, cap - n, "</div><footer>end</footer></body></html>");
	*len = n;
	return p;
}

/* A 10 MB page is read whole and correctly, in work that grows with its
 * size: ten times the page, about ten times the steps (bench_html gives
 * the MB/s). */
static void test_big(void)
{
	size_t small_len, big_len;
	size_t one = 1000000 / (sizeof para + 10);
	char *small = big_page(one, &small_len);
	char *big = big_page(10 * one, &big_len);
	ASSERT_INT(big_len, >=, 10000000);
	dsr_html_page *a = NULL, *b = NULL;
	ASSERT_OK(dsr_html_read((const uint8_t *)small, small_len, &a));
	ASSERT_OK(dsr_html_read((const uint8_t *)big, big_len, &b));
	ASSERT(!b->no_article);
	/* every paragraph, in order, and nothing else */
	char want[64];
	snprintf(want, sizeof want, "%zu: The ministry", 10 * one - 1);
	HAS(b, want);
	HAS(b, "0: The ministry said");
	HASNT(b, "Home");
	HASNT(b, "end");
	size_t blank = 0;
	for (const char *q = strstr(b->text, "\n\n"); q; q = strstr(q + 2, "\n\n"))
		blank++;
	ASSERT_EQ(blank, 10 * one - 1);
	double ratio = (double)b->work / (double)a->work;
	fprintf(stderr, "work: %" PRIu64 " for %zu bytes, %" PRIu64 " for %zu bytes (x%.2f)\n",
		a->work, small_len, b->work, big_len, ratio);
	ASSERT(ratio > 8 && ratio < 12.5);
	dsr_html_free(a);
	dsr_html_free(b);
	free(small);
	free(big);
}

/* Deep nesting (unclosed tags do it) loses nothing and costs no more than
 * its size: 100,000 levels of wrappers and of would-be bylines. */
static void test_deep(void)
{
	size_t depth = 100000, cap = depth * 48 + 65536, n = 0;
	char *p = malloc(cap);
	ASSERT(p);
	n += (size_t)snprintf(p + n, cap - n, "<html><body>");
	for (size_t i = 0; i < depth; i++)
		n += (size_t)snprintf(p + n, cap - n, i % 2 ? "<div>" : "<span class=author>");
	n += (size_t)snprintf(p + n, cap - n, "one two three four five six seven eight nine "
			      "ten eleven twelve thirteen");
	for (int i = 0; i < 20; i++)
		n += (size_t)snprintf(p + n, cap - n, "<p>%d %s</p>", i, para);
	dsr_html_page *pg = NULL;
	ASSERT_OK(dsr_html_read((const uint8_t *)p, n, &pg));
	HAS(pg, "19 The ministry said");
	HAS(pg, "0 The ministry said");
	ASSERT(!pg->no_article);
	/* steps: a few per element, not per element and level */
	ASSERT_INT(pg->work, <, 40 * (uint64_t)n);
	dsr_html_free(pg);
	free(p);
}

static const struct test_case cases[] = {
	TEST_CASE(sniff),
	TEST_CASE(article),
	TEST_CASE(jsonld),
	TEST_CASE(dates),
	TEST_CASE(no_article),
	TEST_CASE(encodings),
	TEST_CASE(errors),
	TEST_CASE(big),
	TEST_CASE(deep),
};

int main(int argc, char **argv)
{
	TEST_ARGS(argc, argv, cases);
	test_run();
	return 0;
}
