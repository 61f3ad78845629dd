"""Append of raw events: the encoded events of one daemon's log, appended
verbatim to another with the signed head that covers them (from the
first daemon's JSON export), are stored with their origin and sequence
numbers; without a head they are refused, every one, and nothing is
stored; appending them again is a no-op reported per event as a
duplicate, head or no head; a tampered event is refused and an atomic
batch holding it (even with local events) stores nothing; a head that is
not 136 bytes fails the request; and the two daemons then show the same
views."""
import base64
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from svc import *  # noqa: E402,F401
import dsrwire as w  # noqa: E402

gold()
t = tmpdir()
a = Daemon(os.path.join(t, "a"))
b = Daemon(os.path.join(t, "b"))
ingest_corpus(a)
end = a.json("status")["log_end"]

sa = w.connect_unix(a.sock)
w.handshake(sa)
events = []
pos = 1
while pos < end:
    sa.sendall(w.log_range(pos, pos, 100))
    _, num, body = w.parse_response(w.recv_frame(sa))
    check(num == w.RSP_LOG, "log range")
    evs, _ = w.parse_log_batch(body)
    events.extend(ev for _, ev in evs)
    pos += len(evs)
check(len(events) == end - 1, "read the whole log of a")
_, out, _ = a.run("export", "--format", "json")
heads = [base64.b64decode(h) for h in json.loads(out)["heads"]]
check(len(heads) == 1 and len(heads[0]) == 136, "a's export carries its head: %d" % len(heads))


def append(rid, blobs, **kw):
    sb.sendall(w.append_raw(rid, blobs, **kw))
    _, num, body = w.parse_response(w.recv_frame(sb))
    check(num == w.RSP_APPENDED, "append %d answered with body %d" % (rid, num))
    return w.parse_append_result(body)


sb = w.connect_unix(b.sock)
w.handshake(sb)
# A tampered copy of the last event (one byte of its payload flipped) in
# an atomic batch with the others and a local note: nothing is stored.
bad = bytearray(events[-1])
bad[-3] ^= 0x01
stored, ops = append(1, events[:-1] + [bytes(bad)], atomic=True, heads=heads,
                     local=[w.note_event("riding along")])
check(stored == 0 and all(op[0] == w.ERR["BADSIG"] for op in ops),
      "atomic batch with a bad event stores nothing: %r" % (ops[:3],))
check(b.json("status")["events"] == 0, "nothing stored on b")

# Without the head: every event refused, whole, nothing stored.
for i in range(0, len(events), 50):
    stored, ops = append(10 + i, events[i:i + 50])
    check(stored == 0 and all(op[0] == w.ERR["UNSIGNED"] for op in ops),
          "raw events without a head refused: %r" % (ops[:3],))
check(b.json("status")["events"] == 0, "nothing stored on b")

# A head that is not one fails the request; the connection goes on.
sb.sendall(w.append_raw(3, events, heads=heads + [b"short"]))
_, num, body = w.parse_response(w.recv_frame(sb))
check(num == w.RSP_ERROR and w.parse_error(body)[0] == -22, "a malformed head: %r" % (body,))

# With it: stored.
stored, ops = append(2, events, heads=heads)
check(stored == len(events) and all(op[0] == 0 for op in ops),
      "raw events stored: %r" % (ops[:3],))
# Again, in batches, head or no head: every one a duplicate.
for i in range(0, len(events), 50):
    stored, ops = append(1000 + i, events[i:i + 50], heads=heads if i % 100 else ())
    check(stored == 0 and all(op[0] == w.ERR["DUP"] for op in ops),
          "second append: duplicates: %r" % (ops[:3],))

sta, stb = a.json("status", "--digest"), b.json("status", "--digest")
check(sta["vv"] == stb["vv"], "same version vector: %r vs %r" % (sta["vv"], stb["vv"]))
check(sta["digest"] == stb["digest"], "same view digest")
check(a.json("actors") == b.json("actors"), "same actors")
check(a.json("claims") == b.json("claims"), "same claims")
check(a.json("timeline") == b.json("timeline"), "same timeline")
for d in (a, b):
    check(d.stop() == 0, "clean shutdown")
print("ok")
