/* conn.c: the client's connection to dossierd: where to find it (options,
 * environment, defaults shared with dossierd), the handshake, and blocking
 * request/response over frames. */
#include "client.h"
#include "cmd.h"
#include "error.h"
#include "factid.h"

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

struct dcl {
	int fd;
	dsr_frame_dec dec;
	uint64_t next_id;
	uint8_t origin[DSR_ORIGIN_LEN]; /* the daemon's, from its Welcome */
	const char *cmd;
	char where[4200];
};

static const char *data_dir(char *buf, size_t n)
{
	const char *e = getenv("DOSSIER_DATA");
	if (e && *e)
		snprintf(buf, n, "%s", e);
	else if ((e = getenv("XDG_DATA_HOME")) && *e)
		snprintf(buf, n, "%s/dossier", e);
	else
		snprintf(buf, n, "%s/.local/share/dossier",
			 getenv("HOME") ? getenv("HOME") : ".");
	return buf;
}

static int connect_unix(struct dcl *d, const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	snprintf(d->where, sizeof d->where, "%s", path);
	if (strlen(path) >= sizeof sa.sun_path) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(sa.sun_path, path, strlen(path) + 1);
	d->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (d->fd < 0)
		return -1;
	return connect(d->fd, (struct sockaddr *)&sa, sizeof sa);
}

static int connect_tcp(struct dcl *d, const char *spec)
{
	char host[256];
	const char *port;
	snprintf(d->where, sizeof d->where, "%s", spec);
	const char *colon = strrchr(spec, ':');
	if (spec[0] == '[') {
		const char *close = strchr(spec, ']');
		if (!close || close[1] != ':')
			return errno = EINVAL, -1;
		snprintf(host, sizeof host, "%.*s", (int)(close - spec - 1), spec + 1);
		port = close + 2;
	} else if (colon) {
		snprintf(host, sizeof host, "%.*s", (int)(colon - spec), spec);
		port = colon + 1;
	} else {
		snprintf(host, sizeof host, "127.0.0.1");
		port = spec;
	}
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *res, *ai;
	int r = getaddrinfo(host[0] ? host : "127.0.0.1", port, &hints, &res);
	if (r) {
		fprintf(stderr, "dossier %s: cannot resolve %s: %s\n", d->cmd, spec,
			gai_strerror(r));
		exit(DSR_EXIT_CONNECT);
	}
	r = -1;
	for (ai = res; ai; ai = ai->ai_next) {
		d->fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
		if (d->fd < 0)
			continue;
		if (connect(d->fd, ai->ai_addr, ai->ai_addrlen) == 0) {
			int one = 1;
			setsockopt(d->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
			r = 0;
			break;
		}
		int e = errno;
		close(d->fd);
		d->fd = -1;
		errno = e;
	}
	freeaddrinfo(res);
	return r;
}

static char *read_token(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	char buf[256];
	char *t = fgets(buf, sizeof buf, f) ? xstrdup(buf) : NULL;
	fclose(f);
	if (t)
		t[strcspn(t, " \t\r\n")] = 0;
	return t;
}

static char *find_token(const char *cmd)
{
	const char *e;
	char path[4200], dir[4096];
	if (copts.token_file) {
		char *t = read_token(copts.token_file);
		if (!t) {
			fprintf(stderr, "dossier %s: cannot read the token in %s: %s\n", cmd,
				copts.token_file, strerror(errno));
			exit(DSR_EXIT_CONNECT);
		}
		return t;
	}
	if ((e = getenv("DOSSIER_TOKEN")) && *e)
		return xstrdup(e);
	if ((e = getenv("DOSSIER_TOKEN_FILE")) && *e)
		return read_token(e);
	snprintf(path, sizeof path, "%s/token", data_dir(dir, sizeof dir));
	return read_token(path);
}

int dcl_fd(const struct dcl *d)
{
	return d->fd;
}

const uint8_t *dcl_origin(const struct dcl *d)
{
	return d->origin;
}

/* Sends every byte; false (after a message, or exit when !soft) when the
 * connection breaks. */
static bool write_all(struct dcl *d, const uint8_t *p, size_t n, bool soft)
{
	while (n) {
		ssize_t w = send(d->fd, p, n, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			fprintf(stderr, "dossier %s: lost the connection to dossierd (%s): %s\n",
				d->cmd, d->where, strerror(errno));
			if (soft)
				return false;
			exit(DSR_EXIT_CONNECT);
		}
		p += w;
		n -= (size_t)w;
	}
	return true;
}

static uint64_t send_req(struct dcl *d, Dpb__Request *rq, bool soft)
{
	rq->id = ++d->next_id;
	dsr_buf b = DSR_BUF_INIT;
	int r = dsr_wire_put(&b, &rq->base);
	if (r < 0) {
		fprintf(stderr, "dossier %s: cannot encode the request: %s\n", d->cmd,
			dsr_strerror(r));
		exit(r == DSR_ETOOBIG ? DSR_EXIT_INPUT : DSR_EXIT_ERROR);
	}
	bool ok = write_all(d, b.data, b.len, soft);
	dsr_buf_free(&b);
	return ok ? rq->id : 0;
}

uint64_t dcl_send(struct dcl *d, Dpb__Request *rq)
{
	return send_req(d, rq, false);
}

uint64_t dcl_send_soft(struct dcl *d, Dpb__Request *rq)
{
	return send_req(d, rq, true);
}

static Dpb__Response *recv_frame(struct dcl *d, bool soft);

Dpb__Response *dcl_recv(struct dcl *d)
{
	return recv_frame(d, false);
}

Dpb__Response *dcl_recv_soft(struct dcl *d)
{
	return recv_frame(d, true);
}

static Dpb__Response *recv_frame(struct dcl *d, bool soft)
{
	static uint8_t buf[64 << 10];
	for (;;) {
		const uint8_t *body;
		size_t len;
		int r = dsr_frame_next(&d->dec, &body, &len);
		if (r == 1) {
			Dpb__Response *rs;
			r = dsr_wire_response(body, len, NULL, &rs);
			if (r < 0) {
				fprintf(stderr, "dossier %s: malformed reply from dossierd: %s\n",
					d->cmd, dsr_strerror(r));
				exit(DSR_EXIT_CONNECT);
			}
			return rs;
		}
		if (r < 0) {
			fprintf(stderr, "dossier %s: bad frame from dossierd: %s\n", d->cmd,
				dsr_strerror(r));
			exit(DSR_EXIT_CONNECT);
		}
		ssize_t n = recv(d->fd, buf, sizeof buf, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			fprintf(stderr, "dossier %s: dossierd (%s) closed the connection%s%s\n",
				d->cmd, d->where, n < 0 ? ": " : "", n < 0 ? strerror(errno) : "");
			if (soft)
				return NULL;
			exit(DSR_EXIT_CONNECT);
		}
		if (dsr_frame_feed(&d->dec, buf, (size_t)n) < 0) {
			fprintf(stderr, "dossier %s: out of memory\n", d->cmd);
			exit(DSR_EXIT_ERROR);
		}
	}
}

int dcl_exit_code(int err)
{
	switch (err) {
	case DSR_ENOTFOUND: return DSR_EXIT_NOTFOUND;
	case DSR_EUTF8: case DSR_ETOOBIG: case DSR_EDECODE: return DSR_EXIT_INPUT;
	case DSR_EAUTH: case DSR_EVERSION: return DSR_EXIT_CONNECT;
	default: return DSR_EXIT_ERROR;
	}
}

int dcl_check(const char *cmd, const Dpb__Response *rs, int want_body)
{
	if (rs->body_case == DPB__RESPONSE__BODY_ERROR) {
		fprintf(stderr, "dossier %s: %s\n", cmd, rs->error->message[0] ?
			rs->error->message : dsr_strerror(rs->error->code));
		return dcl_exit_code(rs->error->code);
	}
	if (rs->body_case == DPB__RESPONSE__BODY_GOODBYE) {
		fprintf(stderr, "dossier %s: dossierd closed the connection: %s\n", cmd,
			rs->goodbye->reason);
		return DSR_EXIT_CONNECT;
	}
	if (want_body && (int)rs->body_case != want_body) {
		fprintf(stderr, "dossier %s: unexpected reply from dossierd\n", cmd);
		return DSR_EXIT_ERROR;
	}
	return DSR_EXIT_OK;
}

Dpb__Response *dcl_call(struct dcl *d, Dpb__Request *rq)
{
	uint64_t id = dcl_send(d, rq);
	for (;;) {
		Dpb__Response *rs = dcl_recv(d);
		if (rs->id == id || rs->id == 0)
			return rs;
		dpb__response__free_unpacked(rs, NULL);
	}
}

struct dcl *dcl_open(const char *cmd)
{
	struct dcl *d = xcalloc(1, sizeof *d);
	d->fd = -1;
	d->cmd = cmd;
	dsr_frame_dec_init(&d->dec, DSR_FRAME_MAX);
	const char *conn = copts.connect;
	const char *sock = copts.socket;
	if (!conn && !sock) {
		const char *e = getenv("DOSSIER_SOCKET");
		if (e && *e)
			sock = e;
		else if ((e = getenv("DOSSIER_CONNECT")) && *e)
			conn = e;
	}
	char path[4200], dir[4096];
	if (!conn && !sock) {
		snprintf(path, sizeof path, "%s/dossierd.sock", data_dir(dir, sizeof dir));
		sock = path;
		/* No daemon of one's own: the system service's, if it runs
		 * (daemon/dossierd.service.in; its group may connect). */
		const char *e = getenv("DOSSIER_DATA");
		if ((!e || !*e) && access(path, F_OK) != 0 &&
		    (access(DOSSIER_SYSTEM_SOCKET, F_OK) == 0 || errno == EACCES))
			sock = DOSSIER_SYSTEM_SOCKET;   /* EACCES: not in its group */
	}
	int r = conn ? connect_tcp(d, conn) : connect_unix(d, sock);
	if (r < 0) {
		fprintf(stderr, "dossier %s: cannot connect to dossierd at %s: %s%s\n", cmd,
			d->where, strerror(errno),
			errno == ENOENT || errno == ECONNREFUSED ? " (is dossierd running?)" : "");
		exit(DSR_EXIT_CONNECT);
	}
	Dpb__Hello h = DPB__HELLO__INIT;
	h.version = DSR_PROTOCOL_VERSION;
	h.client = "dossier " DOSSIER_VERSION;
	h.author = (char *)client_author();
	char *token = conn ? find_token(cmd) : NULL;
	h.token = token ? token : "";
	Dpb__Request rq = DPB__REQUEST__INIT;
	rq.body_case = DPB__REQUEST__BODY_HELLO;
	rq.hello = &h;
	Dpb__Response *rs = dcl_call(d, &rq);
	free(token);
	int rc = dcl_check(cmd, rs, DPB__RESPONSE__BODY_WELCOME);
	if (rc == 0 && rs->welcome->origin.len == DSR_ORIGIN_LEN)
		memcpy(d->origin, rs->welcome->origin.data, DSR_ORIGIN_LEN);
	dpb__response__free_unpacked(rs, NULL);
	if (rc) {
		close(d->fd);
		exit(DSR_EXIT_CONNECT);
	}
	return d;
}

void dcl_close(struct dcl *d)
{
	if (!d)
		return;
	close(d->fd);
	dsr_frame_dec_free(&d->dec);
	free(d);
}
