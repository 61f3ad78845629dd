/* cmd-extract.c: `dossier extract` — runs the extractor on one article and
 * prints what it finds as JSON (../shared/eval/EXTRACT_FORMAT.md).  It needs
 * no daemon and stores nothing. */
#include "client.h"
#include "cmd.h"
#include "error.h"
#include "extract.h"
#include "webpage.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reads all of f, at most DSR_EXTRACT_MAX bytes.  Returns 0, -EFBIG when
 * the input is larger, or -errno. */
static int slurp(FILE *f, uint8_t **out, size_t *len)
{
	size_t cap = 1 << 16, n = 0;
	uint8_t *p = malloc(cap);
	if (!p)
		return -ENOMEM;
	for (;;) {
		if (n == cap) {
			if (cap > DSR_EXTRACT_MAX) {
				free(p);
				return -EFBIG;
			}
			uint8_t *q = realloc(p, cap * 2);
			if (!q) {
				free(p);
				return -ENOMEM;
			}
			p = q;
			cap *= 2;
		}
		size_t r = fread(p + n, 1, cap - n, f);
		n += r;
		if (r == 0) {
			if (ferror(f)) {
				int e = errno ? errno : EIO;
				free(p);
				return -e;
			}
			break;
		}
		if (n > DSR_EXTRACT_MAX) {
			free(p);
			return -EFBIG;
		}
	}
	*out = p;
	*len = n;
	return 0;
}

static bool date_ok(const char *s)
{
	/* YYYY-MM-DD, optionally followed by an ISO 8601 time */
	if (strlen(s) < 10)
		return false;
	for (int i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (s[i] != '-')
				return false;
		} else if (s[i] < '0' || s[i] > '9') {
			return false;
		}
	}
	return s[10] == 0 || s[10] == 'T' || s[10] == ' ';
}

static int extract_exec(int argc, char **argv)
{
	struct dsr_extract_meta meta = { NULL, NULL, NULL, NULL, NULL, NULL };
	enum webpage_mode mode = WEBPAGE_AUTO;
	const char *path = NULL;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--html") == 0 || strcmp(a, "--text") == 0) {
			mode = a[2] == 'h' ? WEBPAGE_HTML : WEBPAGE_TEXT;
			continue;
		}
		const char **dst = NULL;
		const char *opt = NULL;
		static const char *const names[] = { "--published", "--title",
			"--publisher", "--url" };
		const char **slots[] = { &meta.published, &meta.title, &meta.publisher,
			&meta.url };
		for (int k = 0; k < 4 && !dst; k++) {
			size_t l = strlen(names[k]);
			if (strncmp(a, names[k], l) == 0 && (a[l] == 0 || a[l] == '=')) {
				dst = slots[k];
				opt = a[l] == '=' ? a + l + 1 : NULL;
				if (!opt) {
					if (i + 1 >= argc) {
						fprintf(stderr, "dossier extract: %s needs a value\n",
							names[k]);
						return DSR_EXIT_USAGE;
					}
					opt = argv[++i];
				}
			}
		}
		if (dst) {
			*dst = opt;
		} else if (!strcmp(a, "--json")) {
			copts.json = true;   /* its output is JSON anyway */
		} else if (a[0] == '-' && a[1] != 0) {
			fprintf(stderr, "dossier extract: unknown option '%s' "
				"(try 'dossier extract --help')\n", a);
			return DSR_EXIT_USAGE;
		} else if (path) {
			fprintf(stderr, "dossier extract: one article at a time ('%s' and '%s')\n",
				path, a);
			return DSR_EXIT_USAGE;
		} else {
			path = a;
		}
	}
	if (!path) {
		fprintf(stderr, "usage: dossier extract [--html|--text] [--published DATE] "
			"[--title T] [--publisher P] [--url U] FILE|-\n");
		return DSR_EXIT_USAGE;
	}
	if (meta.published && !date_ok(meta.published)) {
		fprintf(stderr, "dossier extract: --published '%s': want YYYY-MM-DD or an "
			"ISO 8601 date and time\n", meta.published);
		return DSR_EXIT_USAGE;
	}
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "dossier extract: cannot open %s: %s\n", path, strerror(errno));
		return DSR_EXIT_INPUT;
	}
	uint8_t *text = NULL;
	size_t len = 0;
	int rc = slurp(f, &text, &len);
	if (f != stdin)
		fclose(f);
	if (rc == -EFBIG) {
		fprintf(stderr, "dossier extract: %s is larger than %zu MiB, the limit for "
			"one article\n", path, DSR_EXTRACT_MAX >> 20);
		return DSR_EXIT_INPUT;
	}
	if (rc) {
		fprintf(stderr, "dossier extract: cannot read %s: %s\n", path, strerror(-rc));
		return DSR_EXIT_INPUT;
	}
	/* A saved web page: the article's text and the page's metadata, where
	 * the command line does not give it. */
	dsr_html_page *pg = NULL;
	struct dsr_extract_page page = { NULL, NULL, NULL };
	if (webpage_is_html(mode, strcmp(path, "-") ? path : NULL, text, len)) {
		rc = dsr_html_read(text, len, &pg);
		if (rc) {
			fprintf(stderr, "dossier extract: %s: cannot read the page: %s\n", path,
				dsr_strerror(rc));
			free(text);
			return rc == DSR_ETOOBIG ? DSR_EXIT_INPUT : DSR_EXIT_ERROR;
		}
		webpage_fill(pg, &meta.title, &meta.publisher, &meta.published, &meta.url);
		page.byline = pg->byline;
		page.lang = pg->lang;
		if (pg->no_article) {
			page.warning = webpage_no_article;
			fprintf(stderr, "dossier extract: %s: %s\n", path, webpage_no_article);
		}
		free(text);
		text = (uint8_t *)pg->text;
		len = pg->len;
	}
	dsr_extraction *x = NULL;
	rc = dsr_extract(text, len, &meta, &x);
	if (rc) {
		fprintf(stderr, "dossier extract: %s: %s\n", path, dsr_strerror(rc));
		if (pg)
			dsr_html_free(pg);
		else
			free(text);
		return rc == DSR_ETOOBIG ? DSR_EXIT_INPUT : DSR_EXIT_ERROR;
	}
	dsr_buf out = DSR_BUF_INIT;
	rc = dsr_extraction_json_page(x, text, len, &meta, pg ? &page : NULL, &out);
	if (!rc && fwrite(out.data, 1, out.len, stdout) != out.len)
		rc = -EIO;
	if (!rc && fflush(stdout))
		rc = -errno;
	if (rc)
		fprintf(stderr, "dossier extract: cannot write the result: %s\n",
			dsr_strerror(rc));
	dsr_buf_free(&out);
	dsr_extraction_free(x);
	if (pg)
		dsr_html_free(pg);
	else
		free(text);
	return rc ? DSR_EXIT_ERROR : DSR_EXIT_OK;
}

const struct dsr_cmd cmd_extract_entry = {
	.name = "extract",
	.usage = "[--html|--text] [--published DATE] [--title T] [--publisher P] [--url U] FILE|-",
	.summary = "show the facts the extractor finds in an article",
	.help =
	"Runs the extractor that dossierd runs on ingest over one article (FILE,\n"
	"or standard input for '-') and prints what it finds as one JSON object:\n"
	"temporal expressions with TIMEX3 values, actors with their aliases and\n"
	"mentions, claims (source, cue, content, stance, hedging) and dated\n"
	"timeline events, each with byte offsets into the input.  The format is\n"
	"\"dossier.extract/1\" (EXTRACT_FORMAT.md).  No daemon is needed and\n"
	"nothing is stored.\n"
	"\n"
	"Options:\n"
	"  --published DATE  publication date, YYYY-MM-DD or ISO 8601 (e.g.\n"
	"                    2014-12-17T09:30:00Z); relative dates (\"Wednesday\",\n"
	"                    \"last week\", \"three weeks ago\") are resolved against\n"
	"                    it.  Without it they keep X placeholders and the\n"
	"                    output carries a warning.\n"
	"  --title T         the article's title; a line of the text equal to it is\n"
	"                    treated as a headline (names only, no claims).\n"
	"  --publisher P     the outlet, recorded in the output.\n"
	"  --url U           where the article came from, recorded in the output.\n"
	"  --html, --text    read FILE as a saved web page, or as plain text; by\n"
	"                    default a file is a page when it begins (after any\n"
	"                    comments) with <!DOCTYPE html, <html or <head, or its\n"
	"                    name ends in .html or .htm.\n"
	"\n"
	"A web page gives the article's main text, without navigation, adverts,\n"
	"share buttons, comments or related links, and its metadata (title,\n"
	"byline, publisher, publication date, canonical URL, language) where the\n"
	"options do not; every offset is into that text, which the output's\n"
	"article.text holds (HTML_FORMAT.md).  A page with too little text in\n"
	"paragraphs (a login wall, an index) gets a warning.\n"
	"\n"
	"Input: UTF-8 text up to 64 MiB.  Bytes that are not valid UTF-8 (and NUL)\n"
	"are not an error: they are treated as spaces, never become part of a\n"
	"name, offsets still count them, and the output says how many there were.\n"
	"\n"
	"Exit status: 0 on success, 2 for bad usage, 5 when the file cannot be\n"
	"read or is over the limit, 1 on any other failure.\n"
	"\n"
	"Example:\n"
	"  dossier extract --published 2014-12-17 --publisher \"NBC News\" article.txt\n",
	.exec = extract_exec,
};
