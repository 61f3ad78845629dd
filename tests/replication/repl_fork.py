"""repl_fork.py: a forked origin between daemons.  Two bundles carry two
branches of one origin (made by mkfork: two copies of one store writing
under one key, which dossierd itself never does).  b takes one branch, c
the other; when they sync, the fork is proven, both quarantine the origin
and rebuild their views without it; d, which learns of the fork from b
first, refuses the branch when it arrives later.  All views end equal,
equal to a rebuild, and `dossier peers` lists the quarantine."""
import os
import random
import subprocess

import repl
from repl import check

rng = random.Random(66)
root = repl.tmpdir()
docs = repl.svc.gold()["docs"]
out = subprocess.run([os.path.join(repl.svc.BUILD, "tests", "replication", "repl_mkfork"), root],
                     capture_output=True, check=True, env=dict(os.environ, TMPDIR=root))
forked = out.stdout.decode().split()[0]
b, c, d = repl.cluster(3, root, names="bcd")
repl.ingest_docs(b, docs[0:2])
repl.ingest_docs(c, docs[2:4])
repl.ingest_docs(d, docs[4:5])
b.json("bundle", "apply", os.path.join(root, "fork1.bundle"))
c.json("bundle", "apply", os.path.join(root, "fork2.bundle"))
check(b.vv().get(forked) == 400 and c.vv().get(forked) == 450, "branches not applied")

res, rc, err = b.sync_with(c, check_rc=1)
check(res["forks"] >= 1, "the fork went unnoticed: %r %s" % (res, err))
repl.wait_for(lambda: "views rebuilt" in b.log() and "views rebuilt" in c.log(), 60,
              "the views to be rebuilt")
for n in (b, c):
    q = n.json("peers").get("quarantined", [])
    check([x["origin"] for x in q] == [forked], "%s: quarantined %r" % (n.name, q))

# d hears of the fork before it sees the branch.
res, rc, err = d.sync_with(b, check_rc=1)   # exit 1: an origin was quarantined
check(res["forks"] == 1, "d: %r" % res)
check(d.json("peers").get("quarantined"), "d did not get the evidence")
rc, o, e = d.run("bundle", "apply", os.path.join(root, "fork1.bundle"), "--json", check_rc=1)
check(forked not in d.vv(), "d stored events of a quarantined origin")

repl.converge_by_sync([b, c, d], rng)
digest = repl.assert_converged([b, c, d])
print("fork proven, origin %s… quarantined on all three, views equal: %s" % (forked[:16], digest[:16]))
