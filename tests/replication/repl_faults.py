"""repl_faults.py: three daemons replicating continuously in a ring, each
link through a proxy that delays, duplicates and reorders frames and cuts
connections, while the analysts ingest and curate; plus one-off syncs
through the same proxies.  They reconnect with backoff, refuse nothing
honest for good, and end with identical views equal to a rebuild."""
import random
import time

import repl
from faultproxy import FaultProxy
from repl import check

rng = random.Random(61)
root = repl.tmpdir()
docs = repl.svc.gold()["docs"]
a, b, c = nodes = repl.cluster(3, root, start=False)
proxies = {n.name: FaultProxy(n.port, seed=i + 1, dup=0.05, reorder=0.05, cut=0.03)
           for i, n in enumerate(nodes)}
a.peers = [proxies["b"].addr]
b.peers = [proxies["c"].addr]
c.peers = [proxies["a"].addr]
for n in nodes:
    n.start()

written = 0
for i, n in enumerate(nodes):
    repl.ingest_docs(n, docs[i:i + 2])
    repl.ingest_varied(n, root, 6, 100 * i)
for rnd in range(10):
    for n in nodes:
        repl.curate(n, rng, 12)
        repl.ingest_varied(n, root, 1, 1000 + 100 * rnd + 10 * ord(n.name))
    # One-off syncs through a proxy too; under faults one may fail.
    x, y = rng.sample(nodes, 2)
    res, rc, err = x.sync_with(proxies[y.name].addr, check_rc=None)
    print("sync %s->%s through the proxy: exit %d %s" % (x.name, y.name, rc,
          (err.strip().splitlines() or [""])[-1][:100]))
for n in nodes:
    check(n.d.proc.poll() is None, "%s died:\n%s" % (n.name, n.log()[-3000:]))

repl.wait_for(lambda: repl.same_vv(nodes), 180, "the three version vectors to agree")
time.sleep(1.0)
check(repl.same_vv(nodes), "vectors agreed then moved apart")
for p in proxies.values():
    print("proxy:", p.counts)
tot = {k: sum(p.counts[k] for p in proxies.values()) for k in ("cut", "dup", "reordered", "delayed")}
check(tot["cut"] > 0 and tot["dup"] > 0 and tot["reordered"] > 0,
      "the proxies injected too few faults: %r" % tot)
reconnects = sum(n.log().count("retrying in") for n in nodes)
print("reconnections: %d" % reconnects)
digest = repl.assert_converged(nodes)
print("converged: digest %s" % digest[:16])
for p in proxies.values():
    p.stop()
