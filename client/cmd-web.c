/* cmd-web.c: `dossier web`: a one-time login link to the web workspace
 * (dossierd --http), opened in a browser or printed. */
#include "cmd.h"
#include "client.h"

#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int opt(int c, const char *arg, void *ctx)
{
	(void)arg;
	if (c == 'p') {
		*(bool *)ctx = true;
		return 0;
	}
	return DSR_EXIT_USAGE;
}

/* Whether `prog` is an executable on $PATH. */
static bool on_path(const char *prog)
{
	const char *path = getenv("PATH");
	char buf[4096];
	while (path && *path) {
		size_t n = strcspn(path, ":");
		snprintf(buf, sizeof buf, "%.*s/%s", (int)n, path, prog);
		if (n && access(buf, X_OK) == 0)
			return true;
		path += n + (path[n] == ':');
	}
	return false;
}

/* Opens url with xdg-open, without a shell; true when it said it did. */
static bool open_browser(const char *url)
{
	if (!getenv("DISPLAY") && !getenv("WAYLAND_DISPLAY"))
		return false;
	if (!on_path("xdg-open"))
		return false;
	pid_t pid = fork();
	if (pid < 0)
		return false;
	if (pid == 0) {
		execlp("xdg-open", "xdg-open", url, (char *)NULL);
		_exit(127);
	}
	int st;
	return waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

static int web_exec(int argc, char **argv)
{
	static const struct option own[] = {
		{ "print", no_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 },
	};
	bool print = false;
	int first, rc = copts_parse(argc, argv, own, opt, &print, &first);
	if (rc)
		return rc;
	if (first != argc) {
		fprintf(stderr, "dossier web: unexpected argument '%s'\n", argv[first]);
		return DSR_EXIT_USAGE;
	}
	struct dcl *d = dcl_open("web");
	Dpb__WebLogin q = DPB__WEB_LOGIN__INIT;
	q.analyst = (char *)client_author();
	Dpb__Request rq = DPB__REQUEST__INIT;
	rq.body_case = DPB__REQUEST__BODY_WEB_LOGIN;
	rq.web_login = &q;
	Dpb__Response *rs = dcl_call(d, &rq);
	rc = dcl_check("web", rs, DPB__RESPONSE__BODY_WEB_LOGIN);
	if (rc == 0) {
		const Dpb__WebLoginUrl *u = rs->web_login;
		if (copts.json) {
			dsr_buf b = DSR_BUF_INIT;
			json_msg(&b, &u->base);
			dsr_buf_putc(&b, '\n');
			json_flush(&b);
			dsr_buf_free(&b);
		} else if (!print && open_browser(u->url)) {
			fprintf(stderr, "opened the workspace in your browser (the link works "
				"once, for %u s)\n", u->expires_in);
		} else {
			printf("%s\n", u->url);
			fprintf(stderr, "open this link in a browser on this machine; it logs "
				"in as %s, works once, within %u s\n",
				*client_author() ? client_author() : "analyst", u->expires_in);
		}
	}
	dpb__response__free_unpacked(rs, NULL);
	dcl_close(d);
	return rc;
}

const struct dsr_cmd cmd_web_entry = {
	.name = "web",
	.usage = "[--print] [--json]",
	.summary = "log in to the web workspace (dossierd --http)",
	.help =
"Asks dossierd for a one-time login link to its web workspace (started with\n"
"dossierd --http PORT) and opens it in your browser with xdg-open, or\n"
"prints it when there is no browser to open.  The link logs the browser in\n"
"as you (--author, as every command), works once, within 60 seconds; the\n"
"session it opens lasts while it is used (12 hours idle at most) or until\n"
"dossierd restarts.  Everything you do in the workspace is recorded under\n"
"your name, as on the command line (docs/web.md).\n"
"\n"
"  --print       print the link instead of opening it\n"
"\n",
	.exec = web_exec,
};
