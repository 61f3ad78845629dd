/* bench_html.c: the page reader's throughput in MB/s, and that it stays the
 * same from 1 MB to 10 MB (time linear in the page's size).
 *
 * Pages are generated: a news page's furniture (navigation, share buttons,
 * adverts, related links, comments) around an article whose paragraphs,
 * lists, quotes and figures repeat until the page has the size wanted.
 * For each size it measures, on one core (CPU time, best of 3):
 *   - dsr_html_read(): parse, metadata, scores, text;
 *   - the baseline, in the same run: libxml2's parse of the same bytes
 *     alone (htmlReadMemory), the part no reader can avoid;
 * and prints MB/s, the ratio to the baseline, and the ratio of MB/s at
 * 10 MB to MB/s at 1 MB (1.0 when the time is linear in the size).
 */
#include "html.h"

#include <libxml/HTMLparser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double cpu(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char block[] =
	"<p>The ministry said on Tuesday that the outage, which began late on Sunday, "
	"had affected payment systems, hospitals and the national railway, and that "
	"investigators were still working to find out how the attackers had entered "
	"the network.</p>\n"
	"<div class=\"ad-slot\"><a href=\"/ads/1\"><img src=\"ad.png\"></a></div>\n"
	"<p>&ldquo;We have no evidence that customer data was taken,&rdquo; a "
	"spokesman for <a href=\"/topics/railway\">the railway</a> said, adding that "
	"trains were running normally &amp; on time.</p>\n"
	"<ul><li>Payments were delayed for two days.</li><li>Hospitals postponed "
	"operations.</li></ul>\n"
	"<blockquote><p>Nothing suggests the attackers are still inside.</p></blockquote>\n"
	"<figure><img src=\"x.jpg\"><figcaption>The ministry in the capital.</figcaption></figure>\n";

static char *page(size_t want, size_t *len)
{
	size_t cap = want + 8192, n = 0;
	char *p = malloc(cap);
	if (!p)
		exit(1);
	n += (size_t)snprintf(p + n, cap - n,
		"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
		"<title>Outage hits payments | Example News</title>"
		"<meta property=\"og:site_name\" content=\"Example News\">"
		"<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\","
		"\"headline\":\"Outage hits payments\",\"datePublished\":\"2024-03-05\"}</script>"
		"</head><body><nav><ul><li><a href=/>Home</a></li><li><a href=/w>World</a></li></ul>"
		"</nav><div class=\"share\"><a href=#>Share</a></div><main><article>"
		"<h1>Outage hits payments</h1>");
	while (n + sizeof block + 1024 < want) {
		memcpy(p + n, block, sizeof block - 1);
		n += sizeof block - 1;
	}
	n += (size_t)snprintf(p + n, cap - n,
		"</article><aside class=\"related\"><a href=/r>Related</a></aside>"
		"<section id=\"comments\"><p>A comment, long enough to be a paragraph of text.</p>"
		"</section></main><footer>Copyright</footer></body></html>");
	*len = n;
	return p;
}

static double best(const char *p, size_t n, int reader, size_t *out_len)
{
	double b = 1e9;
	for (int r = 0; r < 3; r++) {
		double t0 = cpu();
		if (reader) {
			dsr_html_page *pg = NULL;
			if (dsr_html_read((const uint8_t *)p, n, &pg) != 0)
				exit(1);
			*out_len = pg->len;
			dsr_html_free(pg);
		} else {
			xmlDoc *doc = htmlReadMemory(p, (int)n, NULL, "UTF-8",
						     HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
						     HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
			xmlFreeDoc(doc);
		}
		double t = cpu() - t0;
		if (t < b)
			b = t;
	}
	return b;
}

int main(void)
{
	const size_t sizes[] = { (size_t)1 << 20, (size_t)10 << 20 };
	double mbs[2] = { 0, 0 };
	printf("%-8s %12s %12s %10s %8s %12s\n", "page", "read MB/s", "libxml2 MB/s",
	       "ratio", "text MB", "read s");
	for (int i = 0; i < 2; i++) {
		size_t n, tl = 0;
		char *p = page(sizes[i], &n);
		double tr = best(p, n, 1, &tl);
		double tb = best(p, n, 0, &tl);
		double mb = (double)n / 1048576.0;
		mbs[i] = mb / tr;
		printf("%5.1f MB %12.1f %12.1f %9.2fx %8.2f %12.3f\n", mb, mbs[i], mb / tb,
		       tr / tb, (double)tl / 1048576.0, tr);
		free(p);
	}
	printf("MB/s at 10 MB / MB/s at 1 MB: %.2f (1.00 = time linear in size)\n",
	       mbs[1] / mbs[0]);
	return 0;
}
