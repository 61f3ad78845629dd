/* cmd-ingest.c: `dossier ingest`: file articles (files, a directory, or
 * stdin).  Requests are pipelined - several articles in flight on one
 * connection - so the daemon can extract them in parallel and commit them
 * together; results are reported in the order the inputs were given. */
#include "cmd.h"
#include "datecheck.h"
#include "error.h"
#include "list.h"
#include "manifest.h"
#include "utf8.h"
#include "validate.h"
#include "webpage.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct args {
	Dpb__Ingest meta;
	unsigned jobs;
	bool quiet;
	const char *manifest;
	enum webpage_mode mode;
};

struct item {
	char *path;
	const struct manifest_row *m;   /* its manifest line, or NULL */
	uint64_t id;           /* request id while in flight */
	Dpb__IngestResult *res;
	Dpb__Response *rs;     /* owns res */
	char *err;
	int rc;
};

static int opt(int c, const char *arg, void *ctx)
{
	struct args *a = ctx;
	switch (c) {
	case 'p':
		if (!published_valid(arg)) {
			fprintf(stderr, "dossier ingest: --published '%s' is not a date: give "
				"YYYY-MM-DD (2014-12-17) or an ISO 8601 time (2014-12-17T09:30:00Z)\n",
				arg);
			return DSR_EXIT_USAGE;
		}
		a->meta.published = (char *)arg;
		return 0;
	case 't': a->meta.title = (char *)arg; return 0;
	case 'P': a->meta.publisher = (char *)arg; return 0;
	case 'u': a->meta.url = (char *)arg; return 0;
	case 'b': a->meta.byline = (char *)arg; return 0;
	case 'l':
		if (!dsr_lang_tag_ok(arg)) {
			fprintf(stderr, "dossier ingest: --lang '%s' is not a language tag: give a "
				"BCP 47 tag (en, de, pt-BR)\n", arg);
			return DSR_EXIT_USAGE;
		}
		a->meta.lang = (char *)arg;
		return 0;
	case 'j':
		a->jobs = (unsigned)copts_u64("ingest", "--jobs", arg);
		if (!a->jobs)
			a->jobs = 1;
		return 0;
	case 'q': a->quiet = true; return 0;
	case 'M': a->manifest = arg; return 0;
	case 'H': a->mode = WEBPAGE_HTML; return 0;
	case 'T': a->mode = WEBPAGE_TEXT; return 0;
	}
	return DSR_EXIT_USAGE;
}

static int by_name(const void *x, const void *y)
{
	return strcmp(((const struct item *)x)->path, ((const struct item *)y)->path);
}

static void add(struct item **v, size_t *n, size_t *cap, const char *path)
{
	if (*n == *cap) {
		*cap = *cap ? 2 * *cap : 64;
		*v = xrealloc(*v, *cap * sizeof **v);
	}
	memset(&(*v)[*n], 0, sizeof **v);
	(*v)[(*n)++].path = xstrdup(path);
}

/* Why a file of a directory is not an article, or NULL: empty, JSON (a
 * manifest, a gold file, an export), or binary (a NUL byte or invalid
 * UTF-8 in its first 8 KiB). */
static const char *not_article(const char *path, off_t size)
{
	if (size == 0)
		return "empty";
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;   /* filing it will say why */
	uint8_t b[8192];
	size_t n = fread(b, 1, sizeof b, f);
	fclose(f);
	size_t i = 0;
	while (i < n && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n'))
		i++;
	if (i < n && (b[i] == '{' || b[i] == '['))
		return "JSON, not an article";
	if (memchr(b, 0, n))
		return "binary";
	/* a saved web page may be in another encoding: the page reader says */
	if (webpage_is_html(WEBPAGE_AUTO, path, b, n))
		return NULL;
	/* a cut at the buffer's end may split a character: look at whole ones */
	size_t whole = n;
	while (whole > 0 && n - whole < 4 && (b[whole - 1] & 0xc0) == 0x80)
		whole--;
	if (whole > 0 && b[whole - 1] >= 0xc0)
		whole--;
	if (!dsr_utf8_valid(b, n == sizeof b ? whole : n))
		return "binary (not UTF-8)";
	return NULL;
}

/* Expands operands: a directory gives its regular, non-hidden files in
 * name order, but for those that are not articles (said on stderr). */
static int expand(char **ops, int nops, struct item **v, size_t *n)
{
	size_t cap = 0;
	for (int i = 0; i < nops; i++) {
		struct stat st;
		if (strcmp(ops[i], "-") && stat(ops[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			DIR *d = opendir(ops[i]);
			if (!d) {
				fprintf(stderr, "dossier ingest: %s: %s\n", ops[i], strerror(errno));
				return DSR_EXIT_INPUT;
			}
			size_t start = *n;
			struct dirent *e;
			while ((e = readdir(d))) {
				char p[4096];
				if (e->d_name[0] == '.')
					continue;
				snprintf(p, sizeof p, "%s/%s", ops[i], e->d_name);
				if (stat(p, &st) != 0 || !S_ISREG(st.st_mode))
					continue;
				const char *why = not_article(p, st.st_size);
				if (why)
					fprintf(stderr, "dossier ingest: skipping %s: %s\n", p, why);
				else
					add(v, n, &cap, p);
			}
			closedir(d);
			qsort(*v + start, *n - start, sizeof **v, by_name);
		} else {
			add(v, n, &cap, ops[i]);
		}
	}
	return 0;
}

static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	if (!f)
		return NULL;
	dsr_buf b = DSR_BUF_INIT;
	char chunk[65536];
	size_t r;
	while ((r = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (dsr_buf_append(&b, chunk, r) < 0) {
			errno = ENOMEM;
			break;
		}
		/* A saved page may be larger than a frame; its text is not. */
		if (b.len > (DSR_HTML_MAX > DSR_FRAME_MAX ? DSR_HTML_MAX : DSR_FRAME_MAX)) {
			errno = EFBIG;
			break;
		}
	}
	int bad = ferror(f) || errno == EFBIG || errno == ENOMEM;
	int e = errno;
	if (f != stdin)
		fclose(f);
	if (bad) {
		dsr_buf_free(&b);
		errno = e;
		return NULL;
	}
	*len = b.len;
	if (!b.data)
		b.data = xcalloc(1, 1);
	return b.data;
}

static void progress(size_t done, size_t total)
{
	int w = 40, fill = total ? (int)((double)done / (double)total * w) : w;
	fprintf(stderr, "\r[%.*s%*s] %zu/%zu articles", fill,
		"########################################", w - fill, "", done, total);
	if (done == total)
		fputc('\n', stderr);
}

static void print_results(struct item *v, size_t n)
{
	dsr_buf b = DSR_BUF_INIT;
	if (copts.json)
		dsr_buf_putc(&b, '[');
	for (size_t i = 0; i < n; i++) {
		struct item *it = &v[i];
		if (copts.json) {
			dsr_buf_puts(&b, i ? ",\n {\"file\":" : "{\"file\":");
			dsr_buf_json_str(&b, it->path, strlen(it->path));
			if (it->res) {
				dsr_buf_puts(&b, ",\"result\":");
				json_msg(&b, &it->res->base);
			} else {
				dsr_buf_puts(&b, ",\"error\":");
				dsr_buf_json_str(&b, it->err ? it->err : "", it->err ? strlen(it->err) : 0);
			}
			dsr_buf_putc(&b, '}');
		} else if (it->res && it->res->duplicate) {
			dsr_buf_printf(&b, "%s: already filed (article %s)\n", it->path,
				       hexs(it->res->article.data, it->res->article.len, 0));
		} else if (it->res) {
			char ioc[40] = "";
			if (it->res->indicators)
				snprintf(ioc, sizeof ioc, ", %u indicators", it->res->indicators);
			dsr_buf_printf(&b, "%s: filed article %s: %u events (%u actors, %u claims, "
				       "%u timeline entries%s) at %" PRIu64 "-%" PRIu64 "\n",
				       it->path, hexs(it->res->article.data, it->res->article.len, 0),
				       it->res->events, it->res->actors, it->res->claims,
				       it->res->entries, ioc, it->res->first_pos, it->res->last_pos);
			/* how its relative dates were resolved, when not by --published */
			if (!it->res->published || !*it->res->published)
				fprintf(stderr, "dossier ingest: warning: %s has no publication date "
					"(--published): relative dates (\"on Wednesday\") stay "
					"unresolved\n", it->path);
			else if (it->res->published_from &&
				 !strcmp(it->res->published_from, "dateline"))
				fprintf(stderr, "dossier ingest: warning: %s was given no publication "
					"date: dated %s by its first lines (a byline, dateline or "
					"stamp)\n", it->path, it->res->published);
		}
	}
	if (copts.json)
		dsr_buf_puts(&b, "]\n");
	json_flush(&b);
	dsr_buf_free(&b);
}

static int ingest_exec(int argc, char **argv)
{
	static const struct option own[] = {
		{ "published", required_argument, NULL, 'p' },
		{ "title", required_argument, NULL, 't' },
		{ "publisher", required_argument, NULL, 'P' },
		{ "url", required_argument, NULL, 'u' },
		{ "byline", required_argument, NULL, 'b' },
		{ "lang", required_argument, NULL, 'l' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "manifest", required_argument, NULL, 'M' },
		{ "html", no_argument, NULL, 'H' },
		{ "text", no_argument, NULL, 'T' },
		{ NULL, 0, NULL, 0 },
	};
	struct args a;
	memset(&a, 0, sizeof a);
	dpb__ingest__init(&a.meta);
	/* dossierd groups the articles in flight into its commits, and each
	 * commit costs a sync and rewrites the pages it touches, so the more
	 * in flight the faster a folder files: 3,000 articles into an empty
	 * store went at 232-290/s with 16, 700/s with 128, 927/s with 256 (on
	 * 2 cores).  dossierd starts at most 256 requests of one connection at
	 * once, and holds articles to its per-connection memory budget. */
	a.jobs = 256;
	int first, rc = copts_parse(argc, argv, own, opt, &a, &first);
	if (rc)
		return rc;
	if (first == argc && !a.manifest) {
		fprintf(stderr, "usage: dossier ingest FILE|DIR|- ... [--manifest FILE] "
			"[--published DATE] ...\n");
		return DSR_EXIT_USAGE;
	}
	struct item *v = NULL;
	size_t n = 0, cap = 0;
	struct manifest_row *rows = NULL;
	size_t nrows = 0;
	if ((rc = expand(argv + first, argc - first, &v, &n)) != 0)
		return rc;
	if (a.manifest) {
		if ((rc = manifest_read(a.manifest, &rows, &nrows)) != 0)
			return rc;
		cap = n;
		for (size_t i = 0; i < nrows; i++) {
			add(&v, &n, &cap, rows[i].path ? rows[i].path : "");
			v[n - 1].m = &rows[i];
			if (rows[i].err) {
				char msg[600];
				snprintf(msg, sizeof msg, "manifest line %zu: %s", rows[i].line,
					 rows[i].err);
				v[n - 1].err = xstrdup(msg);
				v[n - 1].rc = DSR_EXIT_INPUT;
				fprintf(stderr, "dossier ingest: %s\n", msg);
			}
		}
	}
	bool bar = n > 1 && isatty(STDERR_FILENO) && !a.quiet;
	struct dcl *d = dcl_open("ingest");
	size_t next = 0, done = 0, inflight = 0;
	bool lost = false;         /* a send found the connection broken */
	int worst = DSR_EXIT_OK;
	while (done < n) {
		/* Fill the window. */
		while (!lost && next < n && inflight < a.jobs) {
			struct item *it = &v[next++];
			if (it->err) {   /* a manifest line that cannot be used */
				done++;
				continue;
			}
			size_t len;
			uint8_t *text = slurp(it->path, &len);
			if (!text) {
				it->err = xstrdup(strerror(errno));
				fprintf(stderr, "dossier ingest: %s: %s\n", it->path, it->err);
				it->rc = DSR_EXIT_INPUT;
				done++;
				continue;
			}
			Dpb__Ingest g = a.meta;
			if (it->m) {   /* its line's metadata, over the command line's */
				if (it->m->published)
					g.published = it->m->published;
				if (it->m->publisher)
					g.publisher = it->m->publisher;
				if (it->m->title)
					g.title = it->m->title;
				if (it->m->url)
					g.url = it->m->url;
				if (it->m->author)
					g.byline = it->m->author;
			}
			dsr_html_page *pg = NULL;
			if (webpage_is_html(a.mode, strcmp(it->path, "-") ? it->path : NULL,
					    text, len)) {
				const char *why = NULL;
				int e = dsr_html_read(text, len, &pg);
				free(text);
				text = NULL;
				if (e)
					why = dsr_strerror(e);
				else if (pg->no_article)
					why = webpage_no_article;
				if (why) {
					it->err = xstrdup(why);
					fprintf(stderr, "dossier ingest: %s: not filed: %s\n",
						it->path, why);
					it->rc = DSR_EXIT_INPUT;
					dsr_html_free(pg);
					done++;
					continue;
				}
				/* The page's metadata where the command line gives none. */
				const char *m[4] = { NULL, NULL, NULL, NULL };
				webpage_fill(pg, &m[0], &m[1], &m[2], &m[3]);
				char **slot[4] = { &g.title, &g.publisher, &g.published, &g.url };
				if ((!g.byline || !*g.byline) && pg->byline)
					g.byline = pg->byline;
				if ((!g.lang || !*g.lang) && pg->lang && dsr_lang_tag_ok(pg->lang))
					g.lang = pg->lang;
				for (int k = 0; k < 4; k++)
					if ((!*slot[k] || !**slot[k]) && m[k])
						*slot[k] = (char *)m[k];
				g.text.data = (uint8_t *)pg->text;
				g.text.len = pg->len;
			} else {
				g.text.data = text;
				g.text.len = len;
			}
			if (g.text.len > DSR_FRAME_MAX) {
				it->err = xstrdup(strerror(EFBIG));
				fprintf(stderr, "dossier ingest: %s: %s\n", it->path, it->err);
				it->rc = DSR_EXIT_INPUT;
				free(text);
				dsr_html_free(pg);
				done++;
				continue;
			}
			const char *slash = strrchr(it->path, '/');
			g.name = (char *)(slash ? slash + 1 : it->path);
			Dpb__Request rq = DPB__REQUEST__INIT;
			rq.body_case = DPB__REQUEST__BODY_INGEST;
			rq.ingest = &g;
			it->id = dcl_send_soft(d, &rq);
			free(text);
			dsr_html_free(pg);
			if (!it->id) {   /* the connection broke: this one not sent */
				next--;
				lost = true;
				break;
			}
			inflight++;
		}
		if (!inflight && !lost)
			continue;
		/* After a failed send, the answers already come are still read. */
		Dpb__Response *rs = inflight ? dcl_recv_soft(d) : NULL;
		if (!rs) {
			/* Report what was filed; the rest is unknown. */
			size_t unknown = 0, filed = 0;
			for (size_t i = 0; i < next; i++) {
				unknown += v[i].id && !v[i].rs && !v[i].err;
				filed += v[i].rs != NULL;
			}
			fprintf(stderr, "dossier ingest: %zu of %zu files answered; %zu sent without "
				"an answer, %zu not sent\n", filed, n, unknown, n - next);
			for (size_t i = 0; i < next; i++) {
				if (v[i].id && !v[i].rs && !v[i].err) {
					v[i].err = xstrdup("connection lost before an answer (may or may not be filed)");
					v[i].rc = DSR_EXIT_CONNECT;
				}
			}
			for (size_t i = next; i < n; i++) {
				v[i].err = xstrdup("not sent: connection lost");
				v[i].rc = DSR_EXIT_CONNECT;
			}
			worst = DSR_EXIT_CONNECT;
			break;
		}
		struct item *it = NULL;
		for (size_t i = 0; i < next && rs->id; i++)
			if (v[i].id == rs->id && !v[i].rs && !v[i].err)
				it = &v[i];
		if (!it) {
			int c = dcl_check("ingest", rs, 0);
			dpb__response__free_unpacked(rs, NULL);
			if (c) {
				worst = c;
				break;
			}
			continue;
		}
		inflight--;
		done++;
		int c = dcl_check("ingest", rs, DPB__RESPONSE__BODY_INGESTED);
		if (c) {
			it->rc = c;
			it->err = xstrdup(rs->body_case == DPB__RESPONSE__BODY_ERROR ?
					  rs->error->message : "unexpected reply");
			dpb__response__free_unpacked(rs, NULL);
		} else {
			it->rs = rs;
			it->res = rs->ingested;
		}
		if (bar)
			progress(done, n);
	}
	for (size_t i = 0; i < n; i++)
		if (v[i].rc && (worst == DSR_EXIT_OK || worst == DSR_EXIT_INPUT))
			worst = v[i].rc;
	if (bar && done < n)
		fputc('\n', stderr);
	if (!a.quiet || copts.json)
		print_results(v, n);
	if (n > 1 || a.manifest) {
		size_t filed = 0, dup = 0, failed = 0;
		for (size_t i = 0; i < n; i++) {
			if (v[i].res && v[i].res->duplicate)
				dup++;
			else if (v[i].res)
				filed++;
			else
				failed++;
		}
		if (!copts.json)
			fprintf(stderr, "dossier ingest: %zu filed, %zu already filed, %zu failed%s\n",
				filed, dup, failed, failed ? " (see above)" : "");
	}
	for (size_t i = 0; i < n; i++) {
		free(v[i].path);
		free(v[i].err);
		if (v[i].rs)
			dpb__response__free_unpacked(v[i].rs, NULL);
	}
	free(v);
	manifest_free(rows, nrows);
	dcl_close(d);
	return worst;
}

const struct dsr_cmd cmd_ingest_entry = {
	.name = "ingest",
	.usage = "FILE|DIR|- ... [--manifest FILE] [--published DATE] [--title T] [--publisher P] [--url U]\n"
		 "       [--byline B] [--lang TAG] [--html|--text] [--json]",
	.summary = "file articles and the facts extracted from them",
	.help =
"Files each article (a file, every file of a directory, or - for stdin) with\n"
"the actors, claims and timeline entries the extractor finds in it, all or\n"
"nothing.  Filing an article that is already there adds nothing.  Relative\n"
"dates (\"on Wednesday\") are resolved against --published.\n"
"\n"
"  --published DATE  the publication date: YYYY-MM-DD, or an ISO 8601 time on a\n"
"                    day (2014-12-17T09:30:00Z); without it, a date the\n"
"                    article's first lines give (a byline, a dateline), with a\n"
"                    warning\n"
"  --title T         the article's title\n"
"  --publisher P     who published it (\"NBC News\")\n"
"  --url U           where it was published\n"
"  --byline B        its authors (\"Jane Doe and John Roe\")\n"
"  --lang TAG        its language, a BCP 47 tag (en, de, pt-BR)\n"
"  --jobs N          articles in flight at once (default 256: dossierd files\n"
"                    what is in flight in shared commits)\n"
"  --quiet           no per-file lines and no progress bar\n"
"  --manifest FILE   file the articles a manifest lists, each with its own\n"
"                    metadata: JSON Lines ({\"path\": \"a.txt\", \"published\":\n"
"                    \"2014-12-17\", \"publisher\": \"NBC News\", \"title\": ...,\n"
"                    \"url\": ..., \"author\": ...}) or CSV with a header row naming the same\n"
"                    columns; paths are relative to the manifest's folder\n"
"  --html, --text    read every file as a saved web page, or as plain text\n"
"\n"
"A saved web page (a file that begins with <!DOCTYPE html, <html or <head,\n"
"or whose name ends in .html or .htm) is filed as the article's main text,\n"
"without navigation, adverts, comments or related links, and with the\n"
"page's title, publisher, publication date, canonical URL, byline and\n"
"language where the options give none.  A page with too little text in paragraphs (a login\n"
"wall, an index) is not filed.\n"
"\n"
"The metadata options apply to every file given, and to a manifest's lines\n"
"where they say nothing.  A directory's files that are not articles (empty,\n"
"JSON, binary) are skipped with a message.  A manifest line that cannot be\n"
"used is reported with its number and the rest are filed; a summary ends a\n"
"batch.  On a terminal, a progress bar shows while many files are filed.\n"
"Exit 5 when an input (or a manifest line) cannot be read or is not a valid\n"
"article (not UTF-8, too large).\n"
"\n",
	.exec = ingest_exec,
};
