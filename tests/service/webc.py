"""webc.py: a small HTTP client for the web workspace's tests and
benchmarks (stdlib only): log in with `dossier web --print`, call the API
with the session cookie and CSRF token, send raw bytes."""
import http.client
import json
import socket
import urllib.parse

from svc import check

SECURITY = {
    "content-security-policy": "default-src 'self'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}


class Answer:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers      # lower-case name -> list of values
        self.body = body

    def header(self, name):
        v = self.headers.get(name.lower())
        return v[0] if v else None

    def json(self):
        return json.loads(self.body)


def check_security(a, what):
    """Every answer carries the security headers."""
    for k, v in SECURITY.items():
        got = a.header(k) or ""
        check(got.startswith(v), "%s: header %s is %r, wanted %r..." % (what, k, got, v))
    csp = a.header("content-security-policy")
    check("'unsafe-inline'" not in csp and "*" not in csp, "%s: CSP allows too much: %s" % (what, csp))


class Web:
    """A browser session against a daemon started with --http."""

    def __init__(self, d, author="alice"):
        self.d = d
        rc, out, err = d.run("web", "--print", "--author", author)
        self.login_url = out.strip()
        u = urllib.parse.urlsplit(self.login_url)
        self.host, self.port = u.hostname, u.port
        self.cookie = None
        self.csrf = None
        self.conn = None

    def connect(self):
        return http.client.HTTPConnection(self.host, self.port, timeout=30)

    def request(self, method, path, body=None, headers=None, cookie=True, csrf=True):
        if self.conn is None:
            self.conn = self.connect()
        h = dict(headers or {})
        if cookie and self.cookie:
            h["Cookie"] = "dossier_session=" + self.cookie
        if csrf and self.csrf and method == "POST":
            h.setdefault("X-CSRF-Token", self.csrf)
        if isinstance(body, (dict, list)):
            body = json.dumps(body)
            h.setdefault("Content-Type", "application/json")
        try:
            self.conn.request(method, path, body=body, headers=h)
            r = self.conn.getresponse()
        except (ConnectionError, http.client.HTTPException):
            self.conn.close()
            self.conn = self.connect()
            self.conn.request(method, path, body=body, headers=h)
            r = self.conn.getresponse()
        data = r.read()
        hdrs = {}
        for k, v in r.getheaders():
            hdrs.setdefault(k.lower(), []).append(v)
        a = Answer(r.status, hdrs, data)
        check_security(a, "%s %s" % (method, path))
        if r.will_close:
            self.conn.close()
            self.conn = None
        return a

    def login(self):
        u = urllib.parse.urlsplit(self.login_url)
        a = self.request("GET", u.path + "?" + u.query, cookie=False)
        check(a.status == 303, "login: status %d %r" % (a.status, a.body))
        sc = a.header("set-cookie") or ""
        check(sc.startswith("dossier_session="), "login: Set-Cookie %r" % sc)
        self.cookie = sc.split(";")[0].split("=", 1)[1]
        s = self.get("/api/session")
        self.csrf = s["csrf"]
        return a

    def get(self, path, want=200):
        a = self.request("GET", path)
        check(a.status == want, "GET %s: status %d, wanted %d: %r" % (path, a.status, want, a.body[:500]))
        return a.json() if a.header("content-type", ) == "application/json" else a.body

    def post(self, path, body, want=200, **kw):
        a = self.request("POST", path, body=body, **kw)
        check(a.status == want, "POST %s: status %d, wanted %d: %r" % (path, a.status, want, a.body[:500]))
        return a.json()


def raw(host, port, data, read=True, timeout=10):
    """Sends bytes on a new connection; returns what came back until the
    daemon closed it (or the timeout)."""
    s = socket.create_connection((host, port), timeout=timeout)
    try:
        s.sendall(data)
        out = b""
        if read:
            while True:
                try:
                    b = s.recv(65536)
                except socket.timeout:
                    break
                if not b:
                    break
                out += b
        return out
    finally:
        s.close()


def status_of(resp):
    """The status code of a raw HTTP answer (0 if none)."""
    try:
        return int(resp.split(b" ", 2)[1])
    except (IndexError, ValueError):
        return 0
