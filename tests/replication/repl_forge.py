"""repl_forge.py: a client that holds b's token cannot write in a's name.

a's events reach b by a sync; a writes more, which b lacks.  A client on
b's TCP port with b's token then appends raw events under a's origin, at
the seqs a's next events will take:

  - a forged next event (valid structure, the right prev, another author),
    with no head, with a head over it whose signature is not a's, and in
    an atomic request with a local event;
  - a's genuine next events with the first tampered and the chain of
    hashes recomputed after it, with a's genuine signed head (from a's
    export);
each is refused (DSR_EUNSIGNED or DSR_EBADSIG), and b's events, version
vector and view digest do not change.  Then b syncs with a: a's genuine
events arrive, nothing is refused, the two converge — and the forged
event, now under a held seq with other bytes, is refused as a conflict."""
import base64
import json
import os
import random
import socket

import repl
import dsrwire as w
from repl import check

rng = random.Random(71)
root = repl.tmpdir()
docs = repl.svc.gold()["docs"]
a, b = repl.cluster(2, root)
repl.ingest_docs(a, docs[0:2])
res, rc, err = b.sync_with(a)
check(rc == 0 and res["received"] > 0, "first sync: %r %s" % (res, err))
oa = a.status()["origin"]
held = b.vv()[oa]
repl.curate(a, rng, 12)
check(a.vv()[oa] > held, "a wrote events b lacks")

_, out, _ = a.run("export", "--format", "json")
doc = json.loads(out)
heads = [base64.b64decode(h) for h in doc["heads"]]
evs = [base64.b64decode(e) for e in doc["events"]]


def env(ev):
    """(origin hex, seq) of an encoded event."""
    f = {n: v for n, _, v in w.fields(ev) if n in (2, 3)}
    return f[2].hex(), f[3]


mine = {env(e)[1]: e for e in evs if env(e)[0] == oa}
nxt = [mine[s] for s in range(held + 1, a.vv()[oa] + 1)]
check(len(heads) == 1 and heads[0][:32].hex() == oa, "a's export has its head")

before = (b.digest(), b.events(), b.vv())
with open(os.path.join(b.data, "token")) as f:
    token = f.read().strip()
s = socket.create_connection(("127.0.0.1", b.port), timeout=10)
w.handshake(s, token)


def append(rid, blobs, **kw):
    s.sendall(w.append_raw(rid, blobs, **kw))
    while True:
        r, num, body = w.parse_response(w.recv_frame(s))
        if r == rid:
            break
    check(num == w.RSP_APPENDED, "append %d answered with body %d: %r" % (rid, num, body))
    return w.parse_append_result(body)


def refused(ops, code, what):
    check(ops and all(op[0] == w.ERR[code] for op in ops),
          "%s: wanted %s, got %r" % (what, code, ops))


forged = repl.set_field(nxt[0], 5, b"mallory")
stored, ops = append(1, [forged])
refused(ops, "UNSIGNED", "a forged event with no head")
fake = bytes.fromhex(oa) + (held + 1).to_bytes(8, "big") + repl.blake(forged) + os.urandom(64)
stored, ops = append(2, [forged], heads=[fake])
refused(ops, "BADSIG", "a forged event under a head a did not sign")
stored, ops = append(3, [forged], heads=[fake], atomic=True, local=[w.note_event("cover")])
refused(ops, "BADSIG", "an atomic request holding a forged event")
tampered, _ = repl.rechain([repl.set_field(nxt[0], 5, b"mallory")] + nxt[1:], 0)
stored, ops = append(4, tampered, heads=heads)
refused(ops, "BADSIG", "a's events, one tampered, under a's genuine head")
s.close()
after = (b.digest(), b.events(), b.vv())
check(after == before, "b unchanged by the forgeries: %r vs %r" % (after, before))

# The genuine events still replicate.
res, rc, err = b.sync_with(a)
check(rc == 0 and res.get("rejected", 0) == 0 and res["received"] >= len(nxt),
      "honest sync after the forgeries: %r %s" % (res, err))
check(b.vv()[oa] == a.vv()[oa], "b holds all of a's origin")
s = socket.create_connection(("127.0.0.1", b.port), timeout=10)
w.handshake(s, token)
stored, ops = append(5, [forged])
refused(ops, "CONFLICT", "the forged event after the genuine one arrived")
s.close()
repl.assert_converged([a, b])
print("ok")
