"""The web workspace under abuse (docs/web.md, "Limits"): oversized
headers, request targets and bodies are refused (431, 414, 413) before they
are held; what does not parse is 400; a request that does not arrive in
time is 408; connections past the cap are 503; a browser that never reads
its live stream neither holds up ingest nor grows the daemon's memory: its
stream is cut off.  Every answer carries the security headers."""
import os
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from svc import *  # noqa: E402,F401
from webc import Web, raw, status_of  # noqa: E402

g = gold()
t = tmpdir()
d = Daemon(os.path.join(t, "data"), "--http", "0", "--http-max-conns", "8")
ingest_corpus(d)
w = Web(d)
w.login()
H, P = w.host, w.port
cookie = "Cookie: dossier_session=%s\r\n" % w.cookie


def answer(data, want, what):
    resp = raw(H, P, data)
    st = status_of(resp)
    check(st == want, "%s: status %d, wanted %d: %r" % (what, st, want, resp[:300]))
    head = resp.split(b"\r\n\r\n")[0].decode(errors="replace")
    check("Content-Security-Policy: default-src 'self'" in head and
          "X-Frame-Options: DENY" in head, "%s: no security headers:\n%s" % (what, head))
    return resp


answer(b"GET / HTTP/1.1\r\nHost: x\r\nX-Pad: " + b"a" * 20000 + b"\r\n\r\n", 431, "a 20 kB header")
answer(b"GET / HTTP/1.1\r\nHost: x\r\n" + b"X-A: b\r\n" * 3000 + b"\r\n", 431, "3000 headers")
answer(b"GET /api/status HTTP/1.1\r\nCookie: " + b"c" * 5000 + b"\r\n\r\n", 431, "a 5 kB cookie")
answer(b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\n\r\n", 414, "a 9 kB path")
answer(("POST /api/note HTTP/1.1\r\n%sContent-Length: 2000000\r\n\r\n" % cookie).encode(),
       413, "a 2 MB Content-Length")
chunk = b"100000\r\n" + b"x" * 0x100000 + b"\r\n"
answer(("POST /api/note HTTP/1.1\r\n%sTransfer-Encoding: chunked\r\n\r\n" % cookie).encode() +
       chunk * 2 + b"0\r\n\r\n", 413, "a 2 MB chunked body")
answer(b"GARBAGE\r\n\r\n", 400, "not HTTP")
answer(b"GET / HTTP/1.1\r\nHost x\r\n\r\n", 400, "a header without a colon")
answer(b"GET /%zz HTTP/1.1\r\n\r\n", 400, "a bad escape")
answer(b"GET /a%00b HTTP/1.1\r\n\r\n", 400, "a NUL in the path")
answer(("PUT /api/status HTTP/1.1\r\n%s\r\n" % cookie).encode(), 405, "PUT")
answer(("GET /api/status HTTP/1.1\r\n%sContent-Length: 5\r\n\r\nabc" % cookie).encode()
       if False else b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 400, "TLS to the HTTP port")

# Pipelined requests are answered in order on one connection.
resp = raw(H, P, ("GET /api/session HTTP/1.1\r\n%s\r\nGET /api/status HTTP/1.1\r\n%s"
                  "Connection: close\r\n\r\n" % (cookie, cookie)).encode())
check(resp.count(b"HTTP/1.1 200") == 2 and resp.index(b'"csrf"') < resp.index(b'"log_end"'),
      "pipelined requests: %r" % resp[:300])

# A request that does not arrive whole within 10 s: 408, and closed.
s = socket.create_connection((H, P), timeout=30)
s.sendall(b"GET /api/status HTTP/1.1\r\n")
t0 = time.time()
resp = b""
while True:
    b = s.recv(4096)
    if not b:
        break
    resp += b
s.close()
check(status_of(resp) == 408, "a slow request: %r" % resp[:200])

# The daemon still answers, and has no connection left over.
check(w.get("/api/status")["articles"] == 5, "status after the abuse")

# ---- the connection cap: 8 ------------------------------------------------------
w.conn.close()
w.conn = None
time.sleep(0.3)
held = [socket.create_connection((H, P), timeout=10) for _ in range(8)]
time.sleep(0.3)
resp = raw(H, P, b"GET /welcome HTTP/1.1\r\n\r\n")
check(status_of(resp) == 503 and b"Content-Security-Policy" in resp,
      "a ninth connection: %r" % resp[:200])
held.pop().close()
time.sleep(0.3)
resp = raw(H, P, b"GET /welcome HTTP/1.1\r\nConnection: close\r\n\r\n")
check(status_of(resp) == 200, "a connection after one closed: %r" % resp[:200])
for s in held:
    s.close()
time.sleep(0.3)

# ---- a live stream that is never read -------------------------------------------
sse = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
sse.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
sse.connect((H, P))
sse.sendall(("GET /api/events HTTP/1.1\r\n%s\r\n" % cookie).encode())
time.sleep(0.5)
rss0 = d.rss_mb()[0]
arts = varied_articles(os.path.join(t, "arts"), 400)
t0 = time.time()
rc, out, err = d.run("ingest", "--quiet", "--published", "2014-12-19", *arts, timeout=300)
check(rc == 0, "ingest beside a stuck stream: %s" % err)
rss1 = d.rss_mb()[0]
# The stream was cut off: reading it now ends (at most what was queued).
sse.settimeout(30)
got = 0
while True:
    try:
        b = sse.recv(65536)
    except socket.timeout:
        fail("the stuck stream was not closed (%d bytes read)" % got)
    if not b:
        break
    got += len(b)
sse.close()
check(got < 8 << 20, "a stuck stream got %d bytes queued" % got)
if not sanitized():
    check(rss1 - rss0 < 64, "the daemon grew by %.1f MB beside a stuck stream" % (rss1 - rss0))
print("ingest of 400 articles beside a stuck stream: %.1f s; RSS %.1f -> %.1f MB; %d bytes "
      "reached the stream" % (time.time() - t0, rss0, rss1, got))
check(w.get("/api/status")["articles"] == 405, "status after the stuck stream")

check(d.stop() == 0, "dossierd did not stop cleanly:\n" + d.logtext())
check("still charged" not in d.logtext(), "memory accounting:\n" + d.logtext())
print("ok")
