/* webpage.c: saved web pages on the command line (webpage.h). */
#include "webpage.h"

#include <string.h>
#include <strings.h>

const char webpage_no_article[] =
	"no article found in the page: too little text in paragraphs "
	"(a login wall, an index or a list of links?)";

bool webpage_is_html(enum webpage_mode mode, const char *path, const uint8_t *p, size_t n)
{
	switch (mode) {
	case WEBPAGE_HTML:
		return true;
	case WEBPAGE_TEXT:
		return false;
	case WEBPAGE_AUTO:
		break;
	}
	if (dsr_html_sniff(p, n))
		return true;
	const char *dot = path ? strrchr(path, '.') : NULL;
	if (!dot || strchr(dot, '/'))
		return false;
	return strcasecmp(dot, ".html") == 0 || strcasecmp(dot, ".htm") == 0 ||
	       strcasecmp(dot, ".xhtml") == 0 || strcasecmp(dot, ".shtml") == 0;
}

void webpage_fill(const dsr_html_page *pg, const char **title, const char **publisher,
		  const char **published, const char **url)
{
	if (!*title)
		*title = pg->title;
	if (!*publisher)
		*publisher = pg->publisher;
	if (!*published)
		*published = pg->published;
	if (!*url)
		*url = pg->url;
}
