"""Export and import: the sample corpus and an analyst's acts of every kind,
exported as dossier.export/1 and imported into an empty second daemon, give
the same view digest and the same lists; importing twice adds nothing (and
so does importing into the exporter itself).  Then a knowledge base whose
export is several chunks long (over 1 MiB) makes the same trip, and one
whose origin is too big for one request (cut at the heads its export
signs); an export without heads (as written before they were added)
imports only as duplicates."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cur import *  # noqa: E402,F401,F403

t = tmpdir()
isolate(t)
a = corpus_daemon(t, "a")

# One act of each kind.
actors = a.json("actors")
people = [x["name"] for x in actors if x["kind"] == "person"]
gop = [x for x in actors if "G.O.P." in x["aliases"] or x["name"] == "G.O.P."][0]
claims = a.json("claims")
a.run("merge", people[0], people[1], "--author", "alice")
a.run("distinct", gop["name"], gop["aliases"][-1], "--author", "bob")
a.run("name", gop["name"], "--preferred", "GOP", "--kind", "group", "--author", "alice")
a.run("confirm", claims[0]["id"], "--note", "n1", "--author", "alice")
a.run("dispute", claims[0]["id"], "--author", "bob")
a.run("retract", claims[1]["id"], "--author", "carol")
a.run("grade", claims[2]["id"], "B2", "--note", "graded", "--author", "dave")
eid = run_json(a, "entry", "add", "--date", "2014-11-24", "--text", "skulls on screens",
               "--actor", "Sony Pictures")["entry"]
ext = [e for e in a.json("timeline") if e["article"]]
a.run("entry", "amend", ext[0]["id"], "--date", "2014-11", "--author", "erin")
a.run("entry", "remove", ext[1]["id"], "--author", "erin")
a.run("note", "actor", "GOP", "a note", "--author", "fay")
a.run("note", "entry", eid, "another", "--author", "fay")

exp = os.path.join(t, "a.json")
a.run("export", "--format", "json", "-o", exp)
with open(exp) as f:
    doc = json.load(f)
sta = a.json("status", "--digest")
check(doc["schema"] == "dossier.export/1" and len(doc["events"]) == sta["events"],
      "the export holds every event: %d of %d" % (len(doc["events"]), sta["events"]))

b = Daemon(os.path.join(t, "b"))
res = run_json(b, "import", exp)
check(res == {"events": sta["events"], "stored": sta["events"], "duplicates": 0, "refused": 0},
      "import stores every event: %r" % res)
stb = b.json("status", "--digest")
check(stb["digest"] == sta["digest"], "same view digest after import: %s vs %s" %
      (stb["digest"], sta["digest"]))
for args in (["actors"], ["claims"], ["timeline", "--removed"], ["conflicts", "--all"],
             ["articles"]):
    check(a.json(*args) == b.json(*args), "same %s on both" % args[0])
check(why(a, claims[0]["id"]) == why(b, claims[0]["id"]), "same provenance on both")
# b's own export says the same about the knowledge base.
bexp = os.path.join(t, "b.json")
b.run("export", "-o", bexp)
with open(bexp) as f:
    bdoc = json.load(f)
for k in ("articles", "actors", "claims", "timeline", "conflicts", "events"):
    check(doc[k] == bdoc[k], "the exports agree on %s" % k)

# Twice: nothing new, anywhere.
res = run_json(b, "import", exp)
check(res["stored"] == 0 and res["duplicates"] == sta["events"], "second import: %r" % res)
check(b.json("status")["log_end"] == stb["log_end"], "the second import added nothing")
res = run_json(a, "import", exp)
check(res["stored"] == 0 and res["refused"] == 0, "importing into the exporter: %r" % res)
check(a.json("status", "--digest")["digest"] == sta["digest"], "the exporter is unchanged")

# An event that does not decode is refused; the rest of the file counts.
import base64  # noqa: E402
doc["events"].append(base64.b64encode(b"\xff\xff\xff\xff").decode())
bad = os.path.join(t, "bad.json")
with open(bad, "w") as f:
    json.dump(doc, f)
c = Daemon(os.path.join(t, "c"))
rc, out, err = c.run("import", bad, check_rc=1)
check("refused" in err and "1 refused" in out, "a refused event is reported: %r %r" % (out, err))
check(c.json("status")["events"] == sta["events"], "the others are stored")

# ---- an export of several chunks -------------------------------------------------
big = Daemon(os.path.join(t, "big"))
paths = varied_articles(os.path.join(t, "articles"), 250)
big.run("ingest", *paths, "--published", "2014-12-17", "--publisher", "Wire", timeout=300)
bexp = os.path.join(t, "big.json")
big.run("export", "-o", bexp)
size = os.path.getsize(bexp)
check(size > (1 << 20) + 1000, "the export spans several 1 MiB chunks: %d bytes" % size)
big2 = Daemon(os.path.join(t, "big2"))
res = run_json(big2, "import", bexp)
check(res["refused"] == 0 and res["stored"] == res["events"], "big import: %r" % res)
check(big.json("status", "--digest")["digest"] == big2.json("status", "--digest")["digest"],
      "big round trip: same digest")
# To stdout too, byte for byte the same as -o (up to the time stamp).
rc, out, err = big.run("export", "--format", "csv")
check(out.startswith("date,precision,what") and out.count("\n") > 250, "csv to stdout")

# ---- an origin too big for one request ------------------------------------------
# 70,000 notes: the export signs its origin's head every 16,384 events, and
# the import cuts there, two requests of 65,536 events at most.
import dsrwire as w  # noqa: E402
many = Daemon(os.path.join(t, "many"), "--no-sync")
s = w.connect_unix(many.sock)
w.handshake(s)
for i in range(0, 70000, 2000):
    s.sendall(w.append_notes(i + 1, ["field note %d" % k for k in range(i, i + 2000)]))
    _, num, body = w.parse_response(w.recv_frame(s))
    check(num == w.RSP_APPENDED and w.parse_append_result(body)[0] == 2000, "notes appended")
s.close()
mexp = os.path.join(t, "many.json")
many.run("export", "-o", mexp)
with open(mexp) as f:
    mdoc = json.load(f)
seqs = sorted(int.from_bytes(base64.b64decode(h)[32:40], "big") for h in mdoc["heads"])
check(seqs == [16384, 32768, 49152, 65536, 70000], "heads at the cuts: %r" % seqs)
many2 = Daemon(os.path.join(t, "many2"), "--no-sync")
res = run_json(many2, "import", mexp)
check(res == {"events": 70000, "stored": 70000, "duplicates": 0, "refused": 0},
      "an origin bigger than a request imports: %r" % res)
check(many.json("status", "--digest")["digest"] == many2.json("status", "--digest")["digest"],
      "many: same digest")

# ---- an export without heads (written before exports carried them) ---------------
# Only what the importer holds already is taken (as duplicates); the rest is
# refused, unsigned, and nothing of it stored.
del doc["heads"]
old = os.path.join(t, "old.json")
with open(old, "w") as f:
    json.dump(doc, f)
res = run_json(b, "import", old, check_rc=1)
check(res["stored"] == 0 and res["refused"] == 1 and res["duplicates"] == sta["events"],
      "an old export into a store that holds it: %r" % res)
d = Daemon(os.path.join(t, "d"))
rc, out, err = d.run("import", old, check_rc=1)
check("refused" in err and "not covered by a signed head" in err, "unsigned: %r" % err)
check(d.json("status")["events"] == 0, "nothing of an old export stored on an empty store")

for x in (a, b, c, d, big, big2, many, many2):
    check(x.stop() == 0, "clean shutdown")
print("ok")
