"""repl_three.py: three analysts work offline — each ingests different
articles and curates what it has (grades, disputes, merges, splits,
renames, amends, notes) — then they sync in random pairs until a whole
round moves nothing.  All three views are then identical, and identical to
a rebuild from each one's log.  Then a second offline session, curating
each other's facts concurrently, converges the same way."""
import random

import repl
from repl import check

rng = random.Random(6)
root = repl.tmpdir()
gold = repl.svc.gold()
docs = gold["docs"]
a, b, c = repl.cluster(3, root)

# Offline work: different articles each, then curation of their own facts.
repl.ingest_docs(a, docs[0:2])
repl.ingest_docs(b, docs[2:4])
repl.ingest_docs(c, docs[4:5])
repl.ingest_varied(a, root, 8, 0)
repl.ingest_varied(b, root, 8, 100)
repl.ingest_varied(c, root, 8, 200)
for n in (a, b, c):
    check(repl.curate(n, rng, 40) > 0, "%s wrote no curation" % n.name)

before = {n.name: n.events() for n in (a, b, c)}
rounds = repl.converge_by_sync([a, b, c], rng)
total = sum(before.values())
for n in (a, b, c):
    check(n.events() == total, "%s holds %d events, expected %d" % (n.name, n.events(), total))
check(repl.same_vv([a, b, c]), "version vectors differ")
d1 = repl.assert_converged([a, b, c])
print("first session: %d events, converged in %d rounds of syncs, digest %s" % (total, rounds, d1[:16]))

# Second session: everyone curates the shared knowledge base concurrently
# (conflicting grades and names on the same facts), offline again.
for n in (a, b, c):
    n.start()
for n in (a, b, c):
    repl.curate(n, rng, 60)
repl.ingest_docs(c, docs[0:1])  # the same article filed twice: one article
rounds = repl.converge_by_sync([a, b, c], rng)
d2 = repl.assert_converged([a, b, c])
check(d2 != d1, "the second session changed nothing?")
print("second session: converged in %d rounds, digest %s" % (rounds, d2[:16]))
