/* webstatic.c: the workspace's files (daemon/web/, compiled in by
 * scripts/embed-web.cmake): the right Content-Type by extension, an ETag
 * from the bytes, and 304 when the browser has them already.  They are
 * revalidated on every load (no-cache), which costs a 304 and means a new
 * dossierd never runs with an old page. */
#include "web.h"
#include "webfiles.h"

#include <stdio.h>
#include <string.h>

static const struct {
	const char *ext;
	const char *type;
} types[] = {
	{ ".html", "text/html; charset=utf-8" },
	{ ".js", "text/javascript; charset=utf-8" },
	{ ".mjs", "text/javascript; charset=utf-8" },
	{ ".css", "text/css; charset=utf-8" },
	{ ".svg", "image/svg+xml" },
	{ ".png", "image/png" },
	{ ".ico", "image/x-icon" },
	{ ".json", "application/json" },
	{ ".txt", "text/plain; charset=utf-8" },
	{ ".woff2", "font/woff2" },
};

static const char *type_of(const char *path)
{
	const char *dot = strrchr(path, '.');
	for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
		if (!strcmp(dot, types[i].ext))
			return types[i].type;
	return "application/octet-stream";
}

bool webstatic_get(struct hconn *h, const char *path, const struct hp_req *rq)
{
	if (!strcmp(path, "/"))
		path = "/index.html";
	/* what a browser asks for on a page that names no icon (the brief) */
	if (!strcmp(path, "/favicon.ico"))
		path = "/favicon.svg";
	const struct web_file *f = NULL;
	for (const struct web_file *w = web_files; w->path; w++)
		if (!strcmp(w->path, path))
			f = w;
	if (!f)
		return false;
	char extra[128];
	snprintf(extra, sizeof extra, "Cache-Control: no-cache\r\nETag: %s\r\n", f->etag);
	const char *inm = rq->hdr[HP_H_IF_NONE_MATCH];
	if (inm && strstr(inm, f->etag))
		http_respond(h, 304, NULL, extra, NULL, 0);
	else
		http_respond(h, 200, type_of(path), extra, f->data, f->len);
	return true;
}
