/* fuzz_html.c: the page reader takes any bytes and gives back valid UTF-8
 * text and metadata (or an error), never reading past its input; sniffing
 * never does either. */
#include "html.h"
#include "utf8.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_str(const char *s)
{
	if (s && (!*s || !dsr_utf8_valid((const uint8_t *)s, strlen(s))))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	(void)dsr_html_sniff(data, size);
	dsr_html_page *pg = NULL;
	if (dsr_html_read(data, size, &pg) != 0)
		return 0;
	if (!pg->text || strlen(pg->text) != pg->len ||
	    !dsr_utf8_valid((const uint8_t *)pg->text, pg->len))
		abort();
	check_str(pg->title);
	check_str(pg->byline);
	check_str(pg->publisher);
	check_str(pg->published);
	check_str(pg->url);
	check_str(pg->lang);
	dsr_html_free(pg);
	return 0;
}
