/* errout.c: with --json, what the client writes to stderr becomes JSON.
 *
 * A hundred places in the commands report errors with fprintf(stderr, ...)
 * and return or exit() with a DSR_EXIT_* code.  Rather than thread a JSON
 * variant through each of them, main() calls errout_json_begin() when
 * --json is on the command line: stderr then becomes a stream that keeps
 * the lines written to it, and an on_exit() handler, which sees the exit
 * status however the program ends (a return from main or an exit()),
 * writes them to the real stderr as JSON Lines:
 *
 *   {"notice":"..."}                         each line, when the exit is 0
 *   {"error":{"command":"claims","exit":4,"kind":"not found",
 *             "message":"...","details":[...],"candidates":[...]}}
 *                                            once, when it is not
 *
 * "message" is the first line without its "dossier CMD: " prefix, "details"
 * the lines after it, "candidates" what errout_candidate() collected (the
 * ids an ambiguous prefix matches, the names a typo is near).  Lines are
 * kept in memory; past ERROUT_KEEP of them the oldest go out as notices, so
 * a long batch cannot grow the buffer without bound.
 */
#include "client.h"
#include "cmd.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ERROUT_KEEP 256

static FILE *real_err;          /* the process's stderr, kept */
static const char *command = "";
static dsr_buf partial = DSR_BUF_INIT;    /* an unfinished line */
static char *lines[ERROUT_KEEP];
static size_t nlines;
static char **cands;
static size_t ncands;

static void put_json_line(const char *key, const char *text)
{
	dsr_buf b = DSR_BUF_INIT;
	dsr_buf_printf(&b, "{\"%s\":", key);
	dsr_buf_json_str(&b, text, strlen(text));
	dsr_buf_puts(&b, "}\n");
	fwrite(b.data, 1, b.len, real_err);
	dsr_buf_free(&b);
}

static void keep_line(const char *s, size_t n)
{
	if (nlines == ERROUT_KEEP) {
		put_json_line("notice", lines[0]);
		free(lines[0]);
		memmove(lines, lines + 1, (ERROUT_KEEP - 1) * sizeof *lines);
		nlines--;
	}
	char *l = xmalloc(n + 1);
	memcpy(l, s, n);
	l[n] = 0;
	lines[nlines++] = l;
}

static ssize_t cookie_write(void *c, const char *p, size_t n)
{
	(void)c;
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '\n') {
			keep_line(partial.data ? (const char *)partial.data : "", partial.len);
			dsr_buf_reset(&partial);
		} else {
			dsr_buf_putc(&partial, (unsigned char)p[i]);
		}
	}
	return (ssize_t)n;
}

static const char *kind_name(int status)
{
	switch (status) {
	case DSR_EXIT_ERROR: return "failed";
	case DSR_EXIT_USAGE: return "usage";
	case DSR_EXIT_CONNECT: return "connect";
	case DSR_EXIT_NOTFOUND: return "not found";
	case DSR_EXIT_INPUT: return "input";
	default: return "error";
	}
}

/* "dossier claims: no actor..." -> "no actor...". */
static const char *strip_prefix(const char *l)
{
	if (strncmp(l, "dossier", 7) != 0)
		return l;
	const char *colon = strstr(l, ": ");
	return colon && colon - l < 40 ? colon + 2 : l;
}

static void put_array(dsr_buf *b, const char *key, char **v, size_t n)
{
	dsr_buf_printf(b, ",\"%s\":[", key);
	for (size_t i = 0; i < n; i++) {
		if (i)
			dsr_buf_putc(b, ',');
		/* Candidates and details are printed indented: not in JSON. */
		const char *s = v[i];
		while (*s == ' ')
			s++;
		dsr_buf_json_str(b, s, strlen(s));
	}
	dsr_buf_putc(b, ']');
}

static void at_exit(int status, void *arg)
{
	(void)arg;
	fflush(stdout);
	fflush(stderr);
	if (partial.len) {
		keep_line((const char *)partial.data, partial.len);
		dsr_buf_reset(&partial);
	}
	if (status == 0) {
		for (size_t i = 0; i < nlines; i++)
			put_json_line("notice", lines[i]);
	} else {
		/* The message is the first line that says something (a usage
		 * error may begin with an empty line). */
		size_t first = 0;
		while (first < nlines && !lines[first][0])
			first++;
		const char *msg = first < nlines ? strip_prefix(lines[first]) : kind_name(status);
		dsr_buf b = DSR_BUF_INIT;
		dsr_buf_puts(&b, "{\"error\":{\"command\":");
		dsr_buf_json_str(&b, command, strlen(command));
		dsr_buf_printf(&b, ",\"exit\":%d,\"kind\":\"%s\",\"message\":", status,
			       kind_name(status));
		dsr_buf_json_str(&b, msg, strlen(msg));
		size_t rest = first < nlines ? nlines - first - 1 : 0;
		put_array(&b, "details", lines + nlines - rest, rest);
		if (ncands)
			put_array(&b, "candidates", cands, ncands);
		dsr_buf_puts(&b, "}}\n");
		fwrite(b.data, 1, b.len, real_err);
		dsr_buf_free(&b);
	}
	fflush(real_err);
}

void errout_json_begin(void)
{
	if (real_err)
		return;
	static const cookie_io_functions_t io = { .write = cookie_write };
	FILE *f = fopencookie(NULL, "w", io);
	if (!f)
		return;     /* plain text it is */
	setvbuf(f, NULL, _IOLBF, 0);
	real_err = stderr;
	stderr = f;
	on_exit(at_exit, NULL);
}

void errout_command(const char *name)
{
	command = name;
}

bool errout_json(void)
{
	return real_err != NULL;
}

void errout_candidate(const char *s)
{
	if (!real_err)
		return;
	cands = xrealloc(cands, (ncands + 1) * sizeof *cands);
	cands[ncands++] = xstrdup(s);
}
