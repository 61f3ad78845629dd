"""repl_bundle.py: events carried on files between two daemons that never
connect: a full bundle each way, applying one twice (nothing changes), an
incremental bundle made with the receiver's vector (--since), a truncated
bundle (the batches before the cut are kept, the rest reported missing),
and a file that is not a bundle.  The two end with identical views, equal
to a rebuild."""
import os
import random

import repl
from repl import check

rng = random.Random(63)
root = repl.tmpdir()
docs = repl.svc.gold()["docs"]
a = repl.Node(root, "a").start()   # no peers, no allow-lists: never connected
b = repl.Node(root, "b").start()
repl.ingest_docs(a, docs[0:3])
repl.curate(a, rng, 25)
repl.ingest_docs(b, docs[3:5])
repl.curate(b, rng, 25)

ab, ba = os.path.join(root, "a1.bundle"), os.path.join(root, "b1.bundle")
a.run("bundle", "create", "-o", ab)
b.run("bundle", "create", "-o", ba)
out = b.json("bundle", "apply", ab)
check(out["stored"] > 0 and out["refused"] == 0, "apply a->b: %r" % out)
a.json("bundle", "apply", ba)
d = b.digest()
check(a.digest() == d, "after one bundle each way the views differ")
again = b.json("bundle", "apply", ab)
check(again["stored"] == 0 and b.digest() == d, "applying twice changed something: %r" % again)

# Incremental: what b lacks, from b's vector.
repl.append_local(a, [repl.note("Sony Pictures", "note %d" % i) for i in range(40000)])
vec = os.path.join(root, "b.vector")
rc, text, _ = b.run("bundle", "vector")
with open(vec, "w") as f:
    f.write(text)
inc, full = os.path.join(root, "a2.bundle"), os.path.join(root, "a2full.bundle")
r_inc = a.json("bundle", "create", "--since", "@" + vec, "-o", inc)
r_full = a.json("bundle", "create", "-o", full)
check(r_inc["events"] == 40000, "the incremental bundle holds %r" % r_inc)
check(r_inc["bytes"] < r_full["bytes"], "incremental not smaller: %r %r" % (r_inc, r_full))
check(r_inc["batches"] >= 3, "want several batches to cut: %r" % r_inc)

# Truncated in the middle of its last batch: the earlier batches stick.
hdr, msgs = repl.read_bundle(inc)
cut = os.path.join(root, "cut.bundle")
with open(inc, "rb") as f:
    data = f.read()
with open(cut, "wb") as f:
    f.write(data[:len(data) - len(msgs[-1]) - len(msgs[-2]) // 2])
before = b.events()
rc, o, e = b.run("bundle", "apply", cut, check_rc=5)
check("truncated" in e, "truncated bundle: %s" % e)
kept = b.events() - before
check(0 < kept < 40000, "kept %d events of a truncated bundle" % kept)
# The whole one completes it; the overlap is checked and skipped.
out = b.json("bundle", "apply", inc)
check(out["stored"] == 40000 - kept, "after the cut one: %r (kept %d)" % (out, kept))

bad = os.path.join(root, "not.bundle")
with open(bad, "wb") as f:
    f.write(b"hello, not a bundle at all\n")
rc, o, e = b.run("bundle", "apply", bad, check_rc=5)
check("not a dossier bundle" in e, e)

d = repl.assert_converged([a, b])
print("bundles both ways, twice, incremental, truncated: converged, digest %s" % d[:16])
