"""Answers kept between commits (daemon/answers.h): a read asked again
before the store changes is answered from the answer kept, over the socket
and the web API alike, and is never stale: after every write that returns,
the next read of either path sees it.

1. The same read twice gives the same bytes, the second counted as reused
   (`dossier status --json`: answers_reused).
2. Filing an article, disputing a claim, merging two actors: the reads that
   follow show each change at once, over both paths, and agree.
3. Reads racing writes: a writer files articles one after another while
   readers keep asking; every answer a reader gets after a filing returned
   counts that filing.
4. Reads that wait for the same read running: twelve clients ask the same
   large page at once, four of them leave at once (their reads are
   cancelled, and one of them may be the read the others wait for); every
   one that stays gets the whole answer."""
import json
import os
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from svc import *  # noqa: E402,F401
from webc import Web  # noqa: E402

t = tmpdir()
d = Daemon(os.path.join(t, "data"), "--http", "0")

ACTORS = ["Harrow Logistics", "the Vantablue group", "Meridian Bank",
          "the Coastline collective", "Orbis Telecom", "the Nightjar crew"]


def article(i):
    """A short news text of our own, distinct for each i."""
    victim = ACTORS[i % 3 * 2]
    group = ACTORS[i % 3 * 2 + 1]
    path = os.path.join(t, "a%03d.txt" % i)
    with open(path, "w") as f:
        f.write("%s said on Monday that %s broke into its network, dispatch %d.\n\n"
                "Investigators said the intrusion began on March %d, 2024.\n"
                % (victim, group, i, i % 27 + 1))
    return path


def status():
    return d.json("status")


def claims_cli():
    return d.json("claims", "--limit", "1000")


web = Web(d, author="alice")
web.login()


def claims_web():
    return web.get("/api/claims?limit=1000")["items"]


d.run("ingest", "--published", "2024-03-20", article(0))
first = claims_cli()
check(len(first) >= 1, "the first article gives claims: %r" % first)

# 1. The same read twice: equal, and the second one reused.
before = status()
again = claims_cli()
after = status()
check(again == first, "the same read gives the same answer")
check(after["answers_reused"] > before["answers_reused"],
      "the second read is answered from the kept answer: reused %d -> %d"
      % (before["answers_reused"], after["answers_reused"]))
w1 = claims_web()
b2 = status()
w2 = claims_web()
a2 = status()
check(w1 == w2 == first, "the web API answers as the socket does, twice")
check(a2["answers_reused"] > b2["answers_reused"], "the web's second read is reused")

# 2. Each write shows at once on both paths.
d.run("ingest", "--published", "2024-03-21", article(1))
c = claims_cli()
check(len(c) > len(first), "after filing: %d claims, was %d" % (len(c), len(first)))
check(claims_web() == c, "the web sees the new article's claims too")

cid = c[0]["id"]
d.run("dispute", cid)
c2 = claims_cli()
mine = [x for x in c2 if x["id"] == cid]
check(mine and mine[0] != [x for x in c if x["id"] == cid][0],
      "after a dispute the claim reads differently: %r" % mine)
check(claims_web() == c2, "the web sees the dispute")

acts = d.json("actors", "--limit", "1000")
n_before = len(acts)
names = [a["name"] for a in acts]
check(len(names) >= 2, "actors: %r" % names)
d.run("merge", names[0], names[1])
acts2 = d.json("actors", "--limit", "1000")
check(len(acts2) == n_before - 1, "after a merge %d actors, were %d" % (len(acts2), n_before))
check(web.get("/api/actors?limit=1000")["items"] == acts2, "the web sees the merge")

# 3. Reads racing writes: after filing k returned, every later answer
#    counts at least k articles.
filed = [1]                  # articles known filed (0 and 1 above: 2)
stop = threading.Event()
errors = []


def reader(kind):
    w = None
    if kind == "web":
        w = Web(d, author="bob")
        w.login()
    while not stop.is_set():
        known = filed[0] + 1
        if kind == "web":
            n = len(w.get("/api/articles?limit=1000")["items"])
        else:
            n = len(d.json("articles", "--limit", "1000"))
        if n < known:
            errors.append("%s read %d articles after %d were filed" % (kind, n, known))


threads = [threading.Thread(target=reader, args=(k,)) for k in ("cli", "web", "web")]
for th in threads:
    th.start()
for i in range(2, 22):
    d.run("ingest", "--published", "2024-03-22", article(i))
    filed[0] = i
stop.set()
for th in threads:
    th.join()
check(not errors, "stale answers: %s" % errors[:5])
# 4. Many ask the same at once; some leave.
import subprocess  # noqa: E402
import time  # noqa: E402
for rnd in range(6):
    d.run("note", "actor", ACTORS[0], "round %d" % rnd)   # a new version
    want = d.json("claims", "--limit", "1000")
    d.run("note", "actor", ACTORS[0], "round %d again" % rnd)
    procs = [d.popen("claims", "--limit", "1000", "--json") for _ in range(12)]
    time.sleep(0.002 * rnd)
    for p in procs[:4]:
        p.kill()
    for p in procs[4:]:
        out, _ = p.communicate(timeout=60)
        check(p.returncode == 0 and json.loads(out) == want,
              "round %d: a read that stayed got %d: %r" % (rnd, p.returncode, out[:200]))
    for p in procs[:4]:
        p.wait()

final = status()
print("status after the rounds: reused %d, read %d" % (final["answers_reused"], final["answers_read"]))
check(final["articles"] == 22, "22 articles filed: %d" % final["articles"])
print("reused %d of %d reads; no stale answer in the race"
      % (final["answers_reused"], final["answers_reused"] + final["answers_read"]))
d.stop()
