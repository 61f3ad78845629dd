/* indicators_own.c: indicators that are the article's own, not the
 * incident's.  A news page names its outlet's site — in a copyright line
 * ("(c) 2024 EXAMPLE.com All rights reserved"), in a byline or a credit —
 * and that domain is no indicator of compromise.  Dropped after the scan
 * (indicators.c):
 *   - a domain, URL or e-mail address whose host is the article's own (the
 *     host of its URL) or names its publisher ("NBC News" -> nbcnews.com:
 *     a label of the host, before the top-level domain, equal to the
 *     publisher's letters and digits, with or without a leading "The");
 *   - any of them on a copyright line (©, ⓒ, "(c)", "copyright", "all
 *     rights reserved"). */
#include "impl.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* The host an indicator names: a domain's value, a URL's host, an e-mail
 * address's domain; NULL for other types.  Lower case already
 * (indicators.c normalises). */
static const char *host_of(const struct dsr_x_indicator *x, size_t *n)
{
	const char *v = x->value;
	if (!strcmp(x->type, "domain")) {
		*n = strlen(v);
		return v;
	}
	if (!strcmp(x->type, "email")) {
		const char *at = strrchr(v, '@');
		if (!at)
			return NULL;
		*n = strlen(at + 1);
		return at + 1;
	}
	if (!strcmp(x->type, "url")) {
		const char *p = strstr(v, "://");
		if (!p)
			return NULL;
		p += 3;
		size_t k = strcspn(p, "/:?#");
		const char *at = memchr(p, '@', k);
		if (at) {
			k -= (size_t)(at + 1 - p);
			p = at + 1;
		}
		*n = k;
		return p;
	}
	return NULL;
}

/* Letters and digits of s, folded, into out (at most cap - 1). */
static size_t fold(const char *s, char *out, size_t cap)
{
	size_t k = 0;
	for (; s && *s && k + 1 < cap; s++)
		if (isalnum((unsigned char)*s))
			out[k++] = (char)tolower((unsigned char)*s);
	out[k] = 0;
	return k;
}

static bool same_host(const char *a, size_t an, const char *b, size_t bn)
{
	if (an > 4 && !strncmp(a, "www.", 4))
		a += 4, an -= 4;
	if (bn > 4 && !strncmp(b, "www.", 4))
		b += 4, bn -= 4;
	if (an != bn)
		return false;
	for (size_t i = 0; i < an; i++)
		if (tolower((unsigned char)a[i]) != tolower((unsigned char)b[i]))
			return false;
	return true;
}

/* Whether a label of host (not its last, the top-level domain) is name. */
static bool names_host(const char *host, size_t n, const char *name)
{
	size_t nl = strlen(name);
	if (nl < 3)
		return false;
	const char *end = host + n, *last = host + n;
	while (last > host && last[-1] != '.')
		last--;
	for (const char *p = host; p < last;) {
		const char *dot = memchr(p, '.', (size_t)(end - p));
		size_t k = dot ? (size_t)(dot - p) : (size_t)(end - p);
		if (k == nl && !strncmp(p, name, k) && p + k < last)
			return true;
		p += k + 1;
	}
	return false;
}

/* The line last looked at: indicators come in text order, and a line is
 * read once however many indicators it holds (a text of one long line
 * with thousands of them made this quadratic: test_indicators' linear
 * case took 40 s). */
struct line {
	size_t a, b;
	bool known, copyright;
};

static bool copyright_line(const uint8_t *t, size_t len, dsr_span sp, struct line *ln,
			   uint64_t *work)
{
	(*work)++;
	if (ln->known && ln->a <= sp.start && sp.end <= ln->b)
		return ln->copyright;
	size_t a = sp.start, b = sp.end;
	while (a > 0 && t[a - 1] != '\n')
		a--;
	while (b < len && t[b] != '\n')
		b++;
	ln->known = true;
	ln->a = a;
	ln->b = b;
	ln->copyright = false;
	*work += b - a;
	static const char *const marks[] = { "\xc2\xa9", "\xe2\x93\x92", "(c)", "copyright",
					     "all rights reserved" };
	for (size_t m = 0; m < sizeof marks / sizeof *marks; m++) {
		size_t ml = strlen(marks[m]);
		for (size_t i = a; i + ml <= b; i++) {
			size_t j = 0;
			while (j < ml && tolower(t[i + j]) == (unsigned char)marks[m][j])
				j++;
			if (j == ml)
				return ln->copyright = true;
		}
	}
	return false;
}

void dsr__indicators_drop_own(const uint8_t *text, size_t len, const struct dsr_extract_meta *m,
			      struct dsr_x_indicator *v, size_t *n, uint64_t *work)
{
	char pub[128] = "", pub2[128] = "";
	const char *own = NULL;
	size_t ownn = 0;
	if (m && m->publisher) {
		fold(m->publisher, pub, sizeof pub);
		if (!strncmp(pub, "the", 3))
			snprintf(pub2, sizeof pub2, "%s", pub + 3);
	}
	if (m && m->url) {
		struct dsr_x_indicator u = { { 0, 0 }, "url", (char *)m->url };
		own = host_of(&u, &ownn);
	}
	size_t k = 0;
	struct line ln = { 0, 0, false, false };
	for (size_t i = 0; i < *n; i++) {
		size_t hn = 0;
		const char *h = host_of(&v[i], &hn);
		bool drop = h && ((own && same_host(h, hn, own, ownn)) ||
				  (*pub && names_host(h, hn, pub)) ||
				  (*pub2 && names_host(h, hn, pub2)) ||
				  copyright_line(text, len, v[i].span, &ln, work));
		if (!drop)
			v[k++] = v[i];
	}
	*n = k;
}
