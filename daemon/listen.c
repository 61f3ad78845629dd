/* listen.c: the Unix socket (always) and the TCP listener (--listen).
 *
 * The socket file is created with mode 0600 (or 0660 with --socket-mode,
 * for the members of the service's group) under a umask, not chmod'ed
 * after bind, so there is no moment when another user could connect.
 *
 * The socket path is not covered by the store's lock (--socket may name any
 * path, and two data directories may be given the same one), so before
 * binding we connect to a socket file we find there: if a daemon answers,
 * we refuse to start; only a file nobody listens on (left by a daemon that
 * crashed) is removed.  At exit we remove the file only if it is still the
 * one we bound (same device and inode): another daemon may have bound the
 * path since someone removed ours.
 */
#include "server.h"
#include "logging.h"
#include "util.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

static void on_unix_conn(uv_stream_t *l, int status)
{
	struct server *srv = l->data;
	if (status < 0) {
		dlog(DLOG_WARN, "unix accept: %s", uv_strerror(status));
		return;
	}
	conn_accept(srv, l, false);
}

static void on_tcp_conn(uv_stream_t *l, int status)
{
	struct server *srv = l->data;
	if (status < 0) {
		dlog(DLOG_WARN, "tcp accept: %s", uv_strerror(status));
		return;
	}
	conn_accept(srv, l, true);
}

/* How long a daemon on an existing socket has to accept our test
 * connection. */
#define PROBE_MS 1000

/* Whether something listens on the socket file at `path`: 1 (it accepted
 * a connection, or is too busy to: either way it is alive), 0 (nobody:
 * ECONNREFUSED, the file is stale), or -errno when we cannot tell. */
static int socket_alive(const char *path)
{
	struct sockaddr_un sa;
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	snprintf(sa.sun_path, sizeof sa.sun_path, "%s", path);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	int r = connect(fd, (struct sockaddr *)&sa, sizeof sa);
	if (r < 0 && errno == EINPROGRESS) {
		struct pollfd p = { fd, POLLOUT, 0 };
		socklen_t len = sizeof r;
		if (poll(&p, 1, PROBE_MS) == 1 &&
		    getsockopt(fd, SOL_SOCKET, SO_ERROR, &r, &len) == 0 && r) {
			errno = r;
			r = -1;
		} else {
			r = 0;   /* connected, or still waiting: a live listener */
		}
	}
	int e = errno;
	close(fd);
	if (r == 0 || e == EAGAIN)   /* EAGAIN: its backlog is full */
		return 1;
	if (e == ECONNREFUSED)
		return 0;
	return -e;
}

int listen_unix(struct server *srv, const char *path)
{
	struct stat st;
	if (strlen(path) >= 100) {
		dlog(DLOG_ERROR, "socket path too long (a Unix socket path must be under 100 bytes): %s", path);
		return -ENAMETOOLONG;
	}
	if (lstat(path, &st) == 0) {
		if (!S_ISSOCK(st.st_mode)) {
			dlog(DLOG_ERROR, "%s exists and is not a socket", path);
			return -EEXIST;
		}
		int alive = socket_alive(path);
		if (alive == 1) {
			dlog(DLOG_ERROR, "another dossierd (or another program) answers on %s; "
			     "refusing to start (stop it, or give this one another --socket)", path);
			return -EADDRINUSE;
		}
		if (alive < 0) {
			dlog(DLOG_ERROR, "cannot tell whether %s is in use (%s); refusing to start",
			     path, strerror(-alive));
			return alive;
		}
		dlog(DLOG_INFO, "removing the stale socket %s (nobody answers on it)", path);
		unlink(path);
	}
	/* Bound here, not by uv_pipe_bind: libuv unlinks the path of a pipe
	 * it bound when the handle closes, whoever's file it is by then. */
	struct sockaddr_un sa;
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	snprintf(sa.sun_path, sizeof sa.sun_path, "%s", path);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		dlog(DLOG_ERROR, "cannot listen on %s: %s", path, strerror(errno));
		return -errno;
	}
	mode_t old = umask((mode_t)(0777 & ~srv->cfg.socket_mode));
	int r = bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0 ? -errno : 0;
	umask(old);
	if (r < 0) {
		dlog(DLOG_ERROR, "cannot listen on %s: %s", path, strerror(-r));
		close(fd);
		return r;
	}
	uv_pipe_init(srv->loop, &srv->unix_listener, 0);
	srv->unix_listener.data = srv;
	r = uv_pipe_open(&srv->unix_listener, fd);
	if (r < 0)
		close(fd);   /* not the handle's */
	else
		r = uv_listen((uv_stream_t *)&srv->unix_listener, 256, on_unix_conn);
	if (r < 0) {
		dlog(DLOG_ERROR, "cannot listen on %s: %s", path, uv_strerror(r));
		uv_close((uv_handle_t *)&srv->unix_listener, NULL);
		unlink(path);
		return r;
	}
	snprintf(srv->sock_path, sizeof srv->sock_path, "%s", path);
	if (stat(path, &st) == 0) {
		srv->sock_dev = st.st_dev;
		srv->sock_ino = st.st_ino;
	}
	srv->has_unix = true;
	dlog(DLOG_INFO, "listening on %s", path);
	return 0;
}

/* "PORT", "ADDR:PORT" or "[V6ADDR]:PORT"; the address defaults to the
 * loopback, so the daemon is reachable from elsewhere only when asked. */
int listen_parse_addr(const char *spec, struct sockaddr_storage *ss)
{
	char host[128] = "127.0.0.1";
	const char *port = spec;
	const char *colon = strrchr(spec, ':');
	if (spec[0] == '[') {
		const char *close = strchr(spec, ']');
		if (!close || close[1] != ':' || (size_t)(close - spec - 1) >= sizeof host)
			return -EINVAL;
		memcpy(host, spec + 1, (size_t)(close - spec - 1));
		host[close - spec - 1] = 0;
		port = close + 2;
	} else if (colon) {
		if ((size_t)(colon - spec) >= sizeof host)
			return -EINVAL;
		memcpy(host, spec, (size_t)(colon - spec));
		host[colon - spec] = 0;
		port = colon + 1;
	}
	char *end;
	long p = strtol(port, &end, 10);
	if (*port == 0 || *end || p < 0 || p > 65535)
		return -EINVAL;
	if (host[0] == 0)
		snprintf(host, sizeof host, "127.0.0.1");
	if (uv_ip4_addr(host, (int)p, (struct sockaddr_in *)ss) == 0)
		return 0;
	if (uv_ip6_addr(host, (int)p, (struct sockaddr_in6 *)ss) == 0)
		return 0;
	return -EINVAL;
}

int listen_tcp(struct server *srv, const char *spec)
{
	struct sockaddr_storage ss;
	memset(&ss, 0, sizeof ss);
	if (listen_parse_addr(spec, &ss) < 0) {
		dlog(DLOG_ERROR, "--listen %s: expected PORT, ADDR:PORT or [ADDR]:PORT", spec);
		return -EINVAL;
	}
	uv_tcp_init(srv->loop, &srv->tcp_listener);
	srv->tcp_listener.data = srv;
	int r = uv_tcp_bind(&srv->tcp_listener, (struct sockaddr *)&ss, 0);
	if (r == 0)
		r = uv_listen((uv_stream_t *)&srv->tcp_listener, 256, on_tcp_conn);
	if (r < 0) {
		dlog(DLOG_ERROR, "cannot listen on %s: %s", spec, uv_strerror(r));
		uv_close((uv_handle_t *)&srv->tcp_listener, NULL);
		return r;
	}
	struct sockaddr_storage got;
	int len = sizeof got;
	char host[64] = "?";
	int port = 0;
	uv_tcp_getsockname(&srv->tcp_listener, (struct sockaddr *)&got, &len);
	if (got.ss_family == AF_INET) {
		uv_ip4_name((struct sockaddr_in *)&got, host, sizeof host);
		port = ntohs(((struct sockaddr_in *)&got)->sin_port);
	} else {
		uv_ip6_name((struct sockaddr_in6 *)&got, host, sizeof host);
		port = ntohs(((struct sockaddr_in6 *)&got)->sin6_port);
	}
	srv->has_tcp = true;
	dlog(DLOG_INFO, "listening on tcp %s:%d (token required)", host, port);
	return 0;
}

void listen_close(struct server *srv)
{
	if (srv->has_unix) {
		uv_close((uv_handle_t *)&srv->unix_listener, NULL);
		struct stat st;
		if (lstat(srv->sock_path, &st) == 0 && st.st_dev == srv->sock_dev &&
		    st.st_ino == srv->sock_ino)
			unlink(srv->sock_path);
		else
			dlog(DLOG_WARN, "%s is no longer our socket (replaced or removed): "
			     "left in place", srv->sock_path);
		srv->has_unix = false;
	}
	if (srv->has_tcp) {
		uv_close((uv_handle_t *)&srv->tcp_listener, NULL);
		srv->has_tcp = false;
	}
}
