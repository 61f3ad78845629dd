/* sniff.c: whether an input is a web page, and how libxml2 should decode it.
 * Only the first bytes are looked at: the HTML itself is libxml2's to parse. */
#include "impl.h"
#include "utf8.h"

#include <string.h>
#include <strings.h>

static size_t skip_prolog(const uint8_t *p, size_t n)
{
	size_t i = 0;
	if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
		i = 3;
	for (;;) {
		while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\n' ||
				 p[i] == '\r' || p[i] == '\f'))
			i++;
		const char *end = NULL;
		if (n - i >= 4 && memcmp(p + i, "<!--", 4) == 0)
			end = "-->";
		else if (n - i >= 5 && strncasecmp((const char *)p + i, "<?xml", 5) == 0)
			end = "?>";
		if (!end)
			return i;
		const uint8_t *e = memmem(p + i + 2, n - i - 2, end, strlen(end));
		if (!e)
			return n;
		i = (size_t)(e - p) + strlen(end);
	}
}

static bool starts(const uint8_t *p, size_t n, const char *w)
{
	size_t l = strlen(w);
	if (n < l || strncasecmp((const char *)p, w, l))
		return false;
	/* the name ends there: "<html>", "<html lang", not "<htmlx" */
	return n == l || !((p[l] >= 'a' && p[l] <= 'z') || (p[l] >= 'A' && p[l] <= 'Z') ||
			   (p[l] >= '0' && p[l] <= '9') || p[l] == '-');
}

bool dsr_html_sniff(const uint8_t *p, size_t n)
{
	if (!p)
		return false;
	/* UTF-16 with a byte-order mark: look for "<" as its first character */
	if (n >= 4 && ((p[0] == 0xFF && p[1] == 0xFE && p[2] == '<' && p[3] == 0) ||
		       (p[0] == 0xFE && p[1] == 0xFF && p[2] == 0 && p[3] == '<')))
		return true;
	size_t i = skip_prolog(p, n);
	return starts(p + i, n - i, "<!doctype html") || starts(p + i, n - i, "<html") ||
	       starts(p + i, n - i, "<head");
}

/* Well-formed UTF-8, NUL bytes allowed. */
static bool utf8_ok(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n;) {
		if (p[i] == 0 || p[i] < 0x80) {
			i++;
			continue;
		}
		size_t k = dsr_utf8_valid_prefix(p + i, n - i);
		if (!k)
			return false;
		i += k;
	}
	return true;
}

const char *dsr__henc(const uint8_t *p, size_t n)
{
	if (n >= 2 && p[0] == 0xFF && p[1] == 0xFE)
		return "UTF-16LE";
	if (n >= 2 && p[0] == 0xFE && p[1] == 0xFF)
		return "UTF-16BE";
	if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
		return "UTF-8";
	/* A page that is valid UTF-8 is UTF-8, whatever it says: saved pages
	 * are often re-encoded without their <meta charset> being changed, and
	 * text in another encoding is almost never valid UTF-8 by chance. */
	if (utf8_ok(p, n))
		return "UTF-8";
	/* Otherwise a charset named near the top (<meta charset> or
	 * http-equiv) is libxml2's to honour; without one the page is UTF-8,
	 * not libxml2's default of Latin-1. */
	size_t look = n < 4096 ? n : 4096;
	for (size_t i = 0; i + 8 <= look; i++) {
		if ((p[i] | 0x20) == 'c' && strncasecmp((const char *)p + i, "charset", 7) == 0) {
			size_t j = i + 7;
			while (j < look && (p[j] == ' ' || p[j] == '='))
				j++;
			while (j < look && (p[j] == '"' || p[j] == '\''))
				j++;
			if (j + 5 <= look && strncasecmp((const char *)p + j, "utf-8", 5) == 0)
				return "UTF-8";
			if (j + 4 <= look && strncasecmp((const char *)p + j, "utf8", 4) == 0)
				return "UTF-8";
			return NULL;
		}
	}
	return "UTF-8";
}
