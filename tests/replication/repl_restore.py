"""repl_restore.py: the restore guard.  A replica's data directory is
backed up; it writes more and syncs; then it is restored from the backup
and writes again.  Without the guard its new events would reuse seqs its
lost ones had, under the same key — a fork every peer would quarantine.
With it (a new origin every start) its new events have an origin of their
own: no fork, it gets its lost events back from its peer, and the two
converge."""
import os
import random
import shutil

import repl
from repl import check

rng = random.Random(65)
root = repl.tmpdir()
docs = repl.svc.gold()["docs"]
a, b = repl.cluster(2, root)
repl.ingest_docs(a, docs[0:2])
repl.curate(a, rng, 20)
a.sync_with(b)
o1 = a.status()["origin"]

a.stop()
backup = os.path.join(root, "a.backup")
shutil.copytree(a.data, backup, ignore=shutil.ignore_patterns("*.sock", "lock"))
a.start()
o2 = a.status()["origin"]
check(o1 != o2, "the origin did not change at start")
repl.ingest_docs(a, docs[2:4])
repl.curate(a, rng, 20)
lost = a.vv()[o2]
a.sync_with(b)
check(b.vv().get(o2) == lost, "b did not get a's second run")

# The disk dies; a is restored from the backup and goes on working.
a.stop()
shutil.rmtree(a.data)
shutil.copytree(backup, a.data)
a.start()
o3 = a.status()["origin"]
check(o3 not in (o1, o2), "a restored store reused an origin")
check(o2 not in a.vv(), "the backup should not know the second run")
repl.curate(a, rng, 20)
repl.ingest_docs(a, docs[4:5])
res, rc, err = a.sync_with(b)
check(rc == 0 and res["forks"] == 0 and res["rejected"] == 0, "sync after restore: %r %s" % (res, err))
check(a.vv().get(o2) == lost, "a did not get its lost events back from b")
peers = b.json("peers")
check(not peers.get("quarantined"), "b quarantined something: %r" % peers.get("quarantined"))
d = repl.assert_converged([a, b])
print("restored replica wrote under a new origin, recovered %d lost events, no fork; digest %s"
      % (lost, d[:16]))
