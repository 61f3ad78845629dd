/* webauth.c: who may use the web workspace (docs/web.md, "Access").
 *
 * Nothing is readable without a session.  A session begins with a one-time
 * login URL that only someone who may already use the daemon can get: a
 * client on the Unix socket (its file mode) or one that presented the
 * token, through the WebLogin request (`dossier web`).  The URL's token is
 * random, works once and expires after cfg.web_login_ttl_ms (60 s); using it sets the
 * session cookie (HttpOnly, SameSite=Strict) and the session remembers the
 * analyst who asked, whose name every write of the session carries.  Writes
 * also need the session's CSRF token in a header, which a page of another
 * origin cannot read.  Everything is in memory: a restart logs everyone
 * out. */
#include "web.h"
#include "error.h"
#include "logging.h"
#include "utf8.h"
#include "util.h"

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct logintok {
	char tok[65];               /* "" : free */
	char analyst[DSR_AUTHOR_MAX + 1];
	uint64_t expires_ms;
};

static void random_hex(char out[65])
{
	uint8_t r[32];
	randombytes_buf(r, sizeof r);
	static const char digits[] = "0123456789abcdef";
	for (int i = 0; i < 32; i++) {
		out[2 * i] = digits[r[i] >> 4];
		out[2 * i + 1] = digits[r[i] & 15];
	}
	out[64] = 0;
	sodium_memzero(r, sizeof r);
}

/* Equal 64-hex-digit tokens, in time independent of where they differ. */
static bool same_token(const char *a, const char *b, size_t blen)
{
	return a[0] && blen == 64 && strlen(a) == 64 && sodium_memcmp(a, b, 64) == 0;
}

void webauth_init(struct web *w)
{
	w->sess = xcalloc(WEB_SESSION_MAX, sizeof *w->sess);
	w->logins = xcalloc(WEB_LOGIN_MAX, sizeof *w->logins);
}

void webauth_free(struct web *w)
{
	if (w->sess)
		sodium_memzero(w->sess, WEB_SESSION_MAX * sizeof *w->sess);
	if (w->logins)
		sodium_memzero(w->logins, WEB_LOGIN_MAX * sizeof *w->logins);
	free(w->sess);
	free(w->logins);
	w->sess = NULL;
	w->logins = NULL;
}

int webauth_login_token(struct web *w, const char *analyst, char tok[65], uint64_t now_ms)
{
	struct logintok *slot = NULL;
	for (int i = 0; i < WEB_LOGIN_MAX; i++) {
		struct logintok *l = &w->logins[i];
		if (l->tok[0] && l->expires_ms <= now_ms)
			l->tok[0] = 0;
		if (!l->tok[0] && !slot)
			slot = l;
	}
	if (!slot)
		return DSR_ELIMIT;   /* that many unused links within a minute */
	random_hex(slot->tok);
	snprintf(slot->analyst, sizeof slot->analyst, "%s", analyst);
	slot->expires_ms = now_ms + w->srv->cfg.web_login_ttl_ms;
	memcpy(tok, slot->tok, 65);
	return 0;
}

/* A new session for analyst; the least recently used goes when full. */
static struct session *session_new(struct web *w, const char *analyst, uint64_t now_ms)
{
	struct session *slot = NULL;
	for (int i = 0; i < WEB_SESSION_MAX; i++) {
		struct session *s = &w->sess[i];
		if (s->id[0] && now_ms - s->last_ms > WEB_SESSION_IDLE_MS)
			s->id[0] = 0;
		if (!s->id[0]) {
			slot = s;
			break;
		}
		if (!slot || s->last_ms < slot->last_ms)
			slot = s;
	}
	random_hex(slot->id);
	random_hex(slot->csrf);
	snprintf(slot->analyst, sizeof slot->analyst, "%s", analyst);
	slot->last_ms = now_ms;
	return slot;
}

void webauth_login(struct hconn *h, const struct hp_req *rq)
{
	struct web *w = h->w;
	uint64_t now = uv_now(w->srv->loop);
	char t[80];
	int n = hp_param(rq->query, "t", t, sizeof t);
	struct logintok *hit = NULL;
	for (int i = 0; n > 0 && i < WEB_LOGIN_MAX; i++) {
		struct logintok *l = &w->logins[i];
		if (same_token(l->tok, t, (size_t)n)) {
			hit = l;
			break;
		}
	}
	if (!hit || hit->expires_ms <= now) {
		if (hit)
			hit->tok[0] = 0;
		http_error(h, 403, "login", "this login link is unknown, used or expired: run "
			   "`dossier web` for a new one");
		return;
	}
	struct session *s = session_new(w, hit->analyst, now);
	sodium_memzero(hit, sizeof *hit);   /* once only */
	char extra[256];
	snprintf(extra, sizeof extra, "Set-Cookie: dossier_session=%s; HttpOnly; "
		 "SameSite=Strict; Path=/\r\nLocation: /\r\n", s->id);
	dlog(DLOG_INFO, "web: %s logged in", s->analyst);
	http_respond(h, 303, "text/plain; charset=utf-8", extra, "logged in\n", 10);
}

struct session *webauth_session(struct web *w, const struct hp_req *rq, uint64_t now_ms)
{
	const char *c = rq->hdr[HP_H_COOKIE];
	static const char name[] = "dossier_session=";
	while (c && *c) {
		while (*c == ' ' || *c == ';')
			c++;
		size_t len = strcspn(c, ";");
		if (len > sizeof name - 1 && !strncmp(c, name, sizeof name - 1)) {
			const char *v = c + sizeof name - 1;
			size_t vlen = len - (sizeof name - 1);
			while (vlen && v[vlen - 1] == ' ')
				vlen--;
			for (int i = 0; i < WEB_SESSION_MAX; i++) {
				struct session *s = &w->sess[i];
				if (!same_token(s->id, v, vlen))
					continue;
				if (now_ms - s->last_ms > WEB_SESSION_IDLE_MS) {
					s->id[0] = 0;
					return NULL;
				}
				s->last_ms = now_ms;
				return s;
			}
		}
		c += len;
	}
	return NULL;
}

bool webauth_csrf_ok(const struct session *s, const struct hp_req *rq)
{
	const char *t = rq->hdr[HP_H_CSRF];
	return t && same_token(s->csrf, t, strlen(t));
}

void webauth_describe(struct hconn *h)
{
	dsr_buf b = DSR_BUF_INIT;
	dsr_buf_puts(&b, "{\"analyst\":");
	dsr_buf_json_str(&b, h->sess->analyst, strlen(h->sess->analyst));
	dsr_buf_printf(&b, ",\"csrf\":\"%s\",\"version\":", h->sess->csrf);
	dsr_buf_json_str(&b, DOSSIERD_VERSION, strlen(DOSSIERD_VERSION));
	dsr_buf_puts(&b, "}\n");
	http_respond(h, 200, "application/json", NULL, b.data, b.len);
	dsr_buf_free(&b);
}

/* The WebLogin request (`dossier web`). */
void req_web_login(struct conn *c, Dpb__Request *rq)
{
	struct server *srv = c->srv;
	const char *analyst = rq->web_login->analyst;
	size_t alen = strlen(analyst);
	if (c->web) {
		conn_error(c, rq->id, DSR_EAUTH, "a login URL is not given to the web's own "
			   "connections");
	} else if (!srv->web) {
		conn_error(c, rq->id, -EOPNOTSUPP, "this dossierd serves no web workspace: "
			   "start it with --http PORT");
	} else if (alen > DSR_AUTHOR_MAX || !dsr_utf8_valid((const uint8_t *)analyst, alen)) {
		conn_error(c, rq->id, -EINVAL, "the analyst's name must be valid UTF-8 of at "
			   "most %d bytes", DSR_AUTHOR_MAX);
	} else {
		char tok[65];
		int r = webauth_login_token(srv->web, alen ? analyst : c->author, tok,
					    uv_now(srv->loop));
		if (r < 0) {
			conn_error(c, rq->id, r, "%d login URLs are waiting to be used: try "
				   "again in a minute", WEB_LOGIN_MAX);
		} else {
			char url[256];
			snprintf(url, sizeof url, "http://%s:%d/login?t=%s", srv->web->host,
				 srv->web->port, tok);
			Dpb__WebLoginUrl u = DPB__WEB_LOGIN_URL__INIT;
			u.url = url;
			u.expires_in = (uint32_t)(srv->cfg.web_login_ttl_ms / 1000);
			Dpb__Response rs = DPB__RESPONSE__INIT;
			rs.id = rq->id;
			rs.body_case = DPB__RESPONSE__BODY_WEB_LOGIN;
			rs.web_login = &u;
			conn_send(c, &rs);
			sodium_memzero(tok, sizeof tok);
			sodium_memzero(url, sizeof url);
		}
	}
	dpb__request__free_unpacked(rq, NULL);
	conn_request_done(c);
}
