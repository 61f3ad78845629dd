"""repl_crash.py: kill -9 in the middle of a catch-up, both ends.

A replica catching up from an empty store is killed with SIGKILL half way
and restarted: it resumes from what it committed (each batch is one
transaction, so it holds whole batches and a chain that verifies) and
finishes.  Then the sending side is killed half way through another
replica's catch-up and restarted: the receiver reconnects with backoff and
finishes.  Views equal everywhere and equal to a rebuild."""
import random
import time

import repl
from repl import check

rng = random.Random(64)
root = repl.tmpdir()
docs = repl.svc.gold()["docs"]
a, b, c = repl.cluster(3, root, sync=True, start=False)
a.start()
repl.ingest_docs(a, docs)
repl.curate(a, rng, 50)
repl.append_local(a, [repl.note("Sony Pictures", "field note %d" % i) for i in range(120000)])
total = a.events()
print("a holds %d events" % total)


# The receiver dies.
b.peers = [a.addr]
b.start()
end = time.time() + 120
while True:
    n = b.events()
    if total * 0.05 < n < total * 0.8:
        b.kill9()
        print("receiver: killed b holding %d of %d events" % (n, total))
        break
    check(n < total and time.time() < end, "b finished before the kill, or stalled")
    time.sleep(0.01)
b.start()
repl.wait_for(lambda: b.events() == total, 180, "b to finish after its restart")

# The sender dies.
c.peers = [a.addr]
c.start()
end = time.time() + 120
while True:
    n = c.events()
    if total * 0.05 < n < total * 0.8:
        a.kill9()
        print("sender: killed a while c held %d of %d events" % (n, total))
        break
    check(n < total and time.time() < end, "c finished before the kill, or stalled")
    time.sleep(0.01)
time.sleep(1.0)
a.start()
repl.wait_for(lambda: c.events() == total, 180, "c to finish after a's restart")
check(repl.same_vv([a, b, c]), "vectors differ")
d = repl.assert_converged([a, b, c])
print("converged after both kills: %d events, digest %s" % (total, d[:16]))
