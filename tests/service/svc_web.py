"""The web workspace (dossierd --http, docs/web.md): the login flow, the
session cookie's flags, nothing readable without a session, writes only
with the CSRF token (and nothing written without it), writes authored by
the session's analyst, reads answering what `dossier --json` prints, the
live stream, and the security headers on every answer."""
import json
import os
import socket
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from svc import *  # noqa: E402,F401
from webc import Web, raw, status_of, check_security  # noqa: E402

g = gold()
t = tmpdir()
d = Daemon(os.path.join(t, "data"), "--http", "0", "--web-login-ttl", "2")
ingest_corpus(d)

# ---- login -----------------------------------------------------------------
w = Web(d, author="alice")
check(w.login_url.startswith("http://127.0.0.1:"), "login URL %r" % w.login_url)
a = w.login()
sc = a.header("set-cookie")
for flag in ("HttpOnly", "SameSite=Strict", "Path=/"):
    check(flag in sc, "the session cookie lacks %s: %r" % (flag, sc))
check(a.header("location") == "/", "login redirects to %r" % a.header("location"))
s = w.get("/api/session")
check(s["analyst"] == "alice" and len(s["csrf"]) == 64 and s["version"].startswith("dossierd"),
      "session: %r" % s)

# A login URL works once.
again = Web(d)
again.host, again.port = w.host, w.port
u = urllib.parse.urlsplit(w.login_url)
a = again.request("GET", u.path + "?" + u.query, cookie=False)
check(a.status == 403 and not a.header("set-cookie"), "a used login URL: %d" % a.status)
# A wrong one, and none.
for q in ("?t=" + "0" * 64, "?t=", "", "?t=%zz"):
    a = again.request("GET", "/login" + q, cookie=False)
    check(a.status in (400, 403) and not a.header("set-cookie"), "login%s: %d" % (q, a.status))
# An expired one (the daemon runs with --web-login-ttl 2).
late = Web(d, author="bob")
time.sleep(2.5)
u = urllib.parse.urlsplit(late.login_url)
a = late.request("GET", u.path + "?" + u.query, cookie=False)
check(a.status == 403 and not a.header("set-cookie"), "an expired login URL: %d" % a.status)

# ---- nothing readable without a session --------------------------------------
anon = Web(d)
anon.host, anon.port = w.host, w.port
reads = ["status", "actors", "actor?name=Sony", "claims", "timeline", "attribution",
         "indicators", "log", "why?id=Sony", "conflicts", "articles", "resolve?prefix=abcd",
         "export?format=json", "article?id=" + "0" * 32, "events", "session", "nosuch"]
for r in reads:
    a = anon.request("GET", "/api/" + r)
    check(a.status == 401 and a.json()["code"] == "unauthenticated",
          "GET /api/%s without a session: %d %r" % (r, a.status, a.body[:200]))
    a = anon.request("GET", "/api/" + r, headers={"Cookie": "dossier_session=" + "ab" * 32})
    check(a.status == 401, "GET /api/%s with a made-up session: %d" % (r, a.status))
for wr in ("merge", "confirm", "note", "grade", "entry", "name", "nosuch"):
    a = anon.request("POST", "/api/" + wr, body={"claim": "0" * 32})
    check(a.status == 401, "POST /api/%s without a session: %d" % (wr, a.status))
a = anon.request("GET", "/")
check(a.status == 303 and a.header("location") == "/welcome", "/ without a session: %d" % a.status)
a = anon.request("GET", "/index.html")
check(a.status == 303 and b"<" not in a.body, "a page without a session: %d %r" % (a.status, a.body))
a = anon.request("GET", "/welcome")
check(a.status == 200 and b"dossier web" in a.body and b"<script" not in a.body, "/welcome")

# ---- reads: what `dossier --json` prints ----------------------------------------
st = w.get("/api/status")
check(st["articles"] == 5 and st["log_end"] == d.json("status")["log_end"], "status %r" % st)
cli = d.json("actors", "--limit", "1000")
api = w.get("/api/actors?limit=1000")
check(api["items"] == cli and api["next"] is None, "actors: the API and the client differ")
cli = d.json("claims", "--about", "Sony", "--limit", "1000")
api = w.get("/api/claims?about=Sony&limit=1000")
check(api["items"] == cli and len(cli) > 0, "claims --about: %d vs %d" % (len(api["items"]), len(cli)))
cli = d.json("timeline", "--limit", "1000")
api = w.get("/api/timeline?limit=1000")
check(api["items"] == cli and len(cli) > 0, "timeline differs")
cli = d.json("attribution", "--limit", "1000")
api = w.get("/api/attribution?limit=1000")
check(api["items"] == cli, "attribution differs")
cli = d.json("actor", "Sony")
check(w.get("/api/actor?name=Sony") == cli, "actor differs")
hd = w.request("HEAD", "/api/status")
check(hd.status == 200 and not hd.body and int(hd.header("content-length")) > 0, "HEAD /api/status")
pe = w.get("/api/peers")
check(pe["key"] == d.json("peers")["key"], "peers differs")
# Paging: two pages of 3 are the first 6.
p1 = w.get("/api/actors?limit=3")
p2 = w.get("/api/actors?limit=3&cursor=" + p1["next"])
six = w.get("/api/actors?limit=6")
check(p1["items"] + p2["items"] == six["items"], "paging by cursor")
claim = w.get("/api/claims?limit=1")["items"][0]
why = w.get("/api/why?id=" + claim["id"])
check(why == d.json("why", claim["id"]), "why differs")
art = w.get("/api/article?id=" + claim["article"])
check(art["article"]["id"] == claim["article"] and len(art["article"]["text"]) > 100,
      "article: %r" % list(art))
check(any(c["id"] == claim["id"] for c in art["claims"]), "the article's claims lack its claim")
sp = claim["span"]
text = art["article"]["text"].encode()
check(0 <= sp["start"] < sp["end"] <= len(text), "a claim's span is outside its article's text")
w.get("/api/article?id=" + "0" * 32, want=404)
w.get("/api/claims?stance=sideways", want=400)
w.get("/api/claims?hedged=1&firm=1", want=400)
w.get("/api/claims?article=abc", want=400)
w.get("/api/claims?nosuch=1", want=400)
w.get("/api/nosuch", want=404)
exp = w.request("GET", "/api/export?format=csv")
check(exp.status == 200 and exp.header("content-type").startswith("text/csv") and
      exp.body.startswith(b"date,") and exp.body.count(b"\n") > 5, "export csv")
w.get("/api/export?format=nosuch", want=400)
lg = w.get("/api/log?from=1&limit=2")
check([e["pos"] for e in lg["items"]] == [1, 2] and lg["next"] == "3", "log: %r" % lg["next"])
page = w.request("GET", "/")
check(page.status == 200 and page.header("content-type").startswith("text/html") and
      page.header("etag"), "/ with a session")
a = w.request("GET", "/", headers={"If-None-Match": page.header("etag")})
check(a.status == 304 and not a.body, "a page the browser has: %d" % a.status)

# ---- writes: CSRF, authorship ---------------------------------------------------
end0 = d.json("status")["log_end"]
for hdr in ({}, {"X-CSRF-Token": "0" * 64}, {"X-CSRF-Token": w.csrf[:-1]}):
    a = w.request("POST", "/api/confirm", body={"claim": claim["id"]}, headers=hdr, csrf=False)
    check(a.status == 403 and a.json()["code"] == "csrf", "a write with CSRF %r: %d" % (hdr, a.status))
# Another session's token is not this one's.
w2 = Web(d, author="carol")
w2.login()
a = w.request("POST", "/api/confirm", body={"claim": claim["id"]}, headers={"X-CSRF-Token": w2.csrf})
check(a.status == 403, "a write with another session's CSRF token: %d" % a.status)
check(d.json("status")["log_end"] == end0, "refused writes wrote something")
# Bad bodies write nothing either.
for body in ("not json", "[1]", {"claim": "xyz"}, {"claim": claim["id"], "status": "confirmed"}, {}):
    a = w.request("POST", "/api/confirm", body=body)
    check(a.status == 400, "confirm with %r: %d" % (body, a.status))
# Acts on names the knowledge base does not use are refused, as the
# client refuses them: nothing is written.
a = w.request("POST", "/api/merge", body={"a": "Sony", "b": "Nobody Anyone Knows"})
check(a.status == 404 and "Nobody Anyone Knows" in a.json()["error"], "merge a made-up name: %d" % a.status)
a = w.request("POST", "/api/merge", body={"a": "Sony", "b": "SONY"})
check(a.status == 400, "merge two forms of one name: %d" % a.status)
a = w.request("POST", "/api/merge", body={"a": "Sony", "b": "!!"})
check(a.status == 400, "merge a non-name: %d" % a.status)
a = w.request("POST", "/api/name", body={"name": "Nobody Anyone Knows", "preferred_name": "x"})
check(a.status == 404, "name a made-up actor: %d" % a.status)
a = w.request("POST", "/api/note", body={"target_kind": "actor", "target_name": "Nobody Anyone Knows",
                                         "text": "x"})
check(a.status == 404, "a note on a made-up actor: %d" % a.status)
check(d.json("status")["log_end"] == end0, "refused bodies wrote something")

r = w.post("/api/confirm", {"claim": claim["id"], "note": "seen in two sources"})
check(r["ok"] and r["author"] == "alice" and r["act"] == "confirm", "confirm: %r" % r)
pos = r["events"][0]["pos"]
ev = d.json("log", "--from", str(pos), "--limit", "1")
ev = ev if isinstance(ev, dict) else ev[0]
check(ev["event"]["author"] == "alice" and ev["event"]["assessed"]["status"] == "confirmed",
      "the log's event: %r" % ev)
check(w.get("/api/claims?limit=1000")["items"] and
      [c for c in w.get("/api/claims?limit=1000")["items"] if c["id"] == claim["id"]][0]["status"]
      == "confirmed", "the claim is not confirmed")
r = w2.post("/api/note", {"target_kind": "actor", "target_name": "Sony", "text": "from the web"})
ev = d.json("log", "--from", str(r["events"][0]["pos"]), "--limit", "1")
ev = ev if isinstance(ev, dict) else ev[0]
check(ev["event"]["author"] == "carol" and ev["event"]["note"]["text"] == "from the web", "note %r" % ev)
r = w.post("/api/grade", {"claim": claim["id"], "reliability": "B", "credibility": 2, "note": "ok"})
check(len(r["events"]) == 2, "a grade with a note is two events")
acts = w.get("/api/actors?limit=1000")["items"]
a1, a2 = acts[0]["name"], acts[1]["name"]
r = w.post("/api/merge", {"a": a1, "b": a2})
check(r["ok"], "merge")
one = w.get("/api/actor?name=" + urllib.parse.quote(a1))["actor"]
check(a2 in one["aliases"] or one["name"] == a2, "merge did not join %s and %s" % (a1, a2))
w.post("/api/unmerge", {"a": a1, "b": a2})
entry = w.get("/api/timeline?limit=1&entries=1")["items"][0]
r = w.post("/api/entry", {"entry": entry["id"], "date": "2014-11-24", "precision": "day",
                          "note": "checked"})
check(r["ok"], "entry")
w.post("/api/name", {"name": a1, "preferred_name": a1 + " (web)"})
# Placing claims: split two off into a proposition of their own, as
# `dossier proposition split` does, in one group; then back to the rule.
cl = w.get("/api/claims?limit=50")["items"]
c1, c2 = cl[0]["id"], cl[1]["id"]
r = w.post("/api/place", {"claims": [c1, c2], "place": "apart", "note": "not the same"})
check(len(r["events"]) == 2, "place apart: %r" % r)
now = {c["id"]: c for c in w.get("/api/claims?limit=1000")["items"]}
check(now[c1]["proposition"] == now[c2]["proposition"], "split claims are not together")
together = w.get("/api/claims?limit=1000&proposition=" + now[c1]["proposition"])["items"]
check(sorted(c["id"] for c in together) == sorted([c1, c2]), "the new proposition: %r" % together)
w.post("/api/place", {"claims": [c1], "place": "with"}, want=400)
w.post("/api/place", {"claim": c1, "claims": [c2], "place": "rule"}, want=400)
w.post("/api/place", {"claims": [], "place": "rule"}, want=400)
r = w.post("/api/place", {"claims": [c1, c2], "place": "rule"})
check(len(r["events"]) == 2, "place rule")
w.post("/api/nosuch", {}, want=404)

# ---- the live stream ----------------------------------------------------------
end = d.json("status")["log_end"]
sse = socket.create_connection((w.host, w.port), timeout=30)
sse.sendall(("GET /api/events?since=%d HTTP/1.1\r\nHost: x\r\nCookie: dossier_session=%s\r\n\r\n"
             % (end - 1, w.cookie)).encode())
buf = b""
while b"\r\n\r\n" not in buf:
    buf += sse.recv(4096)
head = buf.split(b"\r\n\r\n")[0].decode()
check(head.startswith("HTTP/1.1 200") and "text/event-stream" in head and
      "Content-Security-Policy" in head, "events: %s" % head)
arts = varied_articles(os.path.join(t, "arts"), 2)
d.run("ingest", "--quiet", "--published", "2014-12-19", arts[0])
deadline = time.time() + 30
while b'"article":{' not in buf and time.time() < deadline:
    buf += sse.recv(65536)
text = buf.decode(errors="replace")
check("event: change" in text and ("id: %d\n" % end) in text,
      "the stream lacks the event after `since`:\n%s" % text[:1500])
check(("id: %d\n" % (end - 1)) not in text, "the stream sent the event at `since`")
sse.close()
# Last-Event-ID resumes after the id given.
sse = socket.create_connection((w.host, w.port), timeout=30)
sse.sendall(("GET /api/events HTTP/1.1\r\nHost: x\r\nLast-Event-ID: %d\r\n"
             "Cookie: dossier_session=%s\r\n\r\n" % (end, w.cookie)).encode())
buf = b""
deadline = time.time() + 30
while ("id: %d\n" % (end + 1)).encode() not in buf and time.time() < deadline:
    buf += sse.recv(65536)
check(("id: %d\n" % (end + 1)).encode() in buf and ("id: %d\n" % end).encode() not in buf,
      "Last-Event-ID %d: %r" % (end, buf[:800]))
sse.close()

rc, out, err = d.run("web", "--json")
check(json.loads(out)["url"].startswith("http://127.0.0.1:") and json.loads(out)["expires_in"] == 2,
      "web --json: %r" % out)
d.run("web", "extra", check_rc=2)
check(d.stop() == 0, "dossierd did not stop cleanly:\n" + d.logtext())
check("still charged" not in d.logtext(), "memory accounting:\n" + d.logtext())

# A daemon without --http says so.
d2 = Daemon(os.path.join(t, "data2"))
rc, out, err = d2.run("web", "--print", check_rc=1)
check("--http" in err and not out, "dossier web without --http: %r" % err)
check(d2.stop() == 0, "dossierd did not stop cleanly")
print("ok")
