"""Append of raw events: the encoded events of one daemon's log, appended
verbatim to another, are stored with their origin and sequence numbers;
appending them again is a no-op reported per event as a duplicate; a
tampered event is refused and an atomic batch holding it stores nothing;
and the two daemons then show the same views."""
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

sb = w.connect_unix(b.sock)
w.handshake(sb)
# A tampered copy of the last event (one byte of its payload flipped) in
# an atomic batch with the first: nothing of the batch is stored.
bad = bytearray(events[-1])
bad[-3] ^= 0x01
sb.sendall(w.append_raw(1, [events[0], bytes(bad)], atomic=True))
_, num, body = w.parse_response(w.recv_frame(sb))
check(num == w.RSP_APPENDED, "append answered")
stored, ops = w.parse_append_result(body)
check(stored == 0 and all(op[0] < 0 for op in ops), "atomic batch with a bad event stores nothing: %r" % (ops,))
check(b.json("status")["events"] == 0, "nothing stored on b")

# In batches, as replication will.
rid = 10
for i in range(0, len(events), 50):
    rid += 1
    sb.sendall(w.append_raw(rid, events[i:i + 50]))
    _, num, body = w.parse_response(w.recv_frame(sb))
    stored, ops = w.parse_append_result(body)
    check(all(op[0] == 0 for op in ops), "raw events stored: %r" % (ops[:3],))
# Again: every one a duplicate.
sb.sendall(w.append_raw(99, events[:50]))
_, num, body = w.parse_response(w.recv_frame(sb))
stored, ops = w.parse_append_result(body)
check(stored == 0 and all(op[0] == w.ERR["DUP"] for op in ops), "second append: duplicates")

sta, stb = a.json("status", "--digest"), b.json("status", "--digest")
check(sta["vv"] == stb["vv"], "same version vector: %r vs %r" % (sta["vv"], stb["vv"]))
check(sta["digest"] == stb["digest"], "same view digest")
check(a.json("actors") == b.json("actors"), "same actors")
check(a.json("claims") == b.json("claims"), "same claims")
check(a.json("timeline") == b.json("timeline"), "same timeline")
for d in (a, b):
    check(d.stop() == 0, "clean shutdown")
print("ok")
