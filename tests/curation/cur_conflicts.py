"""Conflicting edits.  On one daemon, two analysts (two connections with
different authors) set a claim's status, grade, an entry's date and an
actor's kind: the later edit wins and `dossier conflicts` lists the other
beside it.  Then on two replicas, each analyst edits the same claim on their
own; once the replicas have exchanged their events (export, import) in
either order, both show the same winner, the same conflicts and the same
view digest, and a third replica fed in the other order agrees."""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cur import *  # noqa: E402,F401,F403

t = tmpdir()
isolate(t)
a = corpus_daemon(t, "a")

claims = a.json("claims")
c1, c2 = claims[0]["id"], claims[1]["id"]
a.run("confirm", c1, "--note", "matches the FBI", "--author", "alice")
a.run("dispute", c1, "--note", "single source", "--author", "bob")
a.run("grade", c1, "A", "1", "--author", "alice")
a.run("grade", c1, "C", "3", "--author", "bob")
ent = [e for e in a.json("timeline") if e["article"]][0]["id"]
a.run("entry", "amend", ent, "--date", "2014-11-20", "--author", "alice")
a.run("entry", "amend", ent, "--date", "2014-11-22", "--author", "bob")
gop = [x for x in a.json("actors") if "G.O.P." in x["aliases"] or x["name"] == "G.O.P."][0]["name"]
a.run("name", gop, "--kind", "organization", "--author", "alice")
a.run("name", gop, "--kind", "group", "--author", "bob")
# Two analysts agreeing is no conflict (but --all shows the edit).
a.run("grade", c2, "B", "2", "--author", "carol")
a.run("grade", c2, "B", "2", "--author", "dave")

c = claim(a, c1)
check(c["status"] == "disputed" and c["status_note"] == "single source", "the later status wins: %r" % c)
check(c["reliability"] == "C" and c["credibility"] == 3, "the later grade wins")
check(entry(a, ent)["date"] == "2014-11-22", "the later date wins")
check(actor(a, gop)["kind"] == "group", "the later kind wins")

conf = a.json("conflicts")
by = {(x["target"], x["field"]): x for x in conf}
want = {(c1, "status"): ("confirmed", "alice", "disputed", "bob"),
        (c1, "grade"): ("A1", "alice", "C3", "bob"),
        (ent, "date"): ("2014-11-20", "alice", "2014-11-22", "bob")}
for k, (lost, la, cur, ca) in want.items():
    x = by.get(k)
    check(x and x["value"] == lost and x["author"] == la and x["current"] == cur and
          x["current_author"] == ca, "conflict %r: %r" % (k, x))
kinds = [x for x in conf if x["field"] == "kind"]
check(kinds and kinds[0]["value"] == "organization" and kinds[0]["author"] == "alice" and
      kinds[0]["current"] == "group", "the actor kind conflict: %r" % kinds)
check((c2, "grade") not in by, "equal grades are no conflict")
check(any(x["target"] == c2 and x["field"] == "grade" for x in a.json("conflicts", "--all")),
      "--all lists it anyway")
rc, out, _ = a.run("conflicts")
check(c1 in out and "alice" in out and "bob" in out, "the table names both analysts")
# Paging reaches the same list.
rc, out, err = a.run("conflicts", "--limit", "1", "--json")
check(len(json.loads(out)) == 1 and "--cursor" in err, "a page of one with a cursor")
cursor = err.split("--cursor ")[1].split(")")[0]
rest = a.json("conflicts", "--cursor", cursor)
check(len(rest) == len(conf) - 1, "the cursor continues: %d + %d of %d" % (1, len(rest), len(conf)))

# ---- two replicas ------------------------------------------------------------
b = Daemon(os.path.join(t, "b"))
ingest_corpus(b)   # the same articles filed on b: the same claim ids
a.run("dispute", c2, "--note", "on replica a", "--author", "alice")
time.sleep(0.01)   # the hybrid clocks then surely order b's edit later
b.run("confirm", c2, "--note", "on replica b", "--author", "bob")
ea, eb = os.path.join(t, "a.json"), os.path.join(t, "b.json")
a.run("export", "-o", ea)
b.run("export", "-o", eb)
a.run("import", eb)
b.run("import", ea)
for d in (a, b):
    c = claim(d, c2)
    check(c["status"] == "confirmed" and c["status_note"] == "on replica b",
          "both replicas: bob's later status wins: %r" % c)
    lost = [x for x in d.json("conflicts") if x["target"] == c2 and x["field"] == "status"]
    check(lost and lost[0]["value"] == "disputed" and lost[0]["author"] == "alice",
          "both replicas list alice's edit: %r" % lost)
da, db = a.json("status", "--digest")["digest"], b.json("status", "--digest")["digest"]
check(da == db, "the replicas converge: %s vs %s" % (da, db))
# A third replica fed b first, then a: the same views.
c = Daemon(os.path.join(t, "c"))
c.run("import", eb)
c.run("import", ea)
check(c.json("status", "--digest")["digest"] == da, "order of arrival does not matter")
check(c.json("conflicts") == a.json("conflicts"), "the same conflicts everywhere")

for d in (a, b, c):
    check(d.stop() == 0, "clean shutdown")
print("ok")
