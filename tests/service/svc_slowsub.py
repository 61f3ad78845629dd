"""Subscribers that fall behind: one that stops reading does not hold up
another, and when it resumes it gets everything, in order, from the log;
past the stall bound or the lag bound it is dropped with the reason."""
import os
import socket
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from svc import *  # noqa: E402,F401
import dsrwire as w  # noqa: E402


def raw_sub(d, now=True):
    s = w.connect_unix(d.sock, timeout=30)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    w.handshake(s)
    s.sendall(w.subscribe(2, now=now))
    rid, num, body = w.parse_response(w.recv_frame(s))
    check(num == w.RSP_SUBSCRIBED, "subscribed")
    return s


def append_many(d, batches, per=50, size=200):
    s = w.connect_unix(d.sock)
    w.handshake(s)
    for i in range(batches):
        s.sendall(w.append_notes(i + 1, ["x" * size + " %d.%d" % (i, j) for j in range(per)]))
        _, num, _ = w.parse_response(w.recv_frame(s))
        check(num == w.RSP_APPENDED, "append")
    s.close()


def drain(s, until_pos):
    """Reads log batches until position until_pos-1; returns positions."""
    got = []
    while not got or got[-1] < until_pos - 1:
        f = w.recv_frame(s)
        check(f is not None, "stream ended early at %s" % (got[-1] if got else None))
        rid, num, body = w.parse_response(f)
        if num == w.RSP_GOODBYE:
            fail("dropped: %r" % body)
        evs, _ = w.parse_log_batch(body)
        got.extend(p for p, _ in evs)
    return got


t = tmpdir()
# 1. Stop reading, then resume within the bounds: nothing missed, and a
#    reader alongside is not held up.
d = Daemon(os.path.join(t, "a"))
start = d.json("status")["log_end"]
slow = raw_sub(d)
fast = d.popen("watch", "--json")
time.sleep(0.3)
t0 = time.time()
append_many(d, 200)             # 10,000 events, ~2.5 MB
end = d.json("status")["log_end"]
lines = []
while len(lines) < end - start:
    l = fast.stdout.readline()
    check(l, "fast watcher stream ended")
    lines.append(l)
fast_time = time.time() - t0
print("the reading subscriber got %d events in %.2fs while the other was stopped" %
      (len(lines), fast_time))
fast.terminate()
fast.wait()
got = drain(slow, end)
check(got == list(range(start, end)), "the stopped subscriber catches up with nothing missed")
slow.close()
d.stop()

# 2. A subscriber that reads nothing for longer than --sub-stall is dropped.
d = Daemon(os.path.join(t, "b"), "--sub-stall", "1")
slow = raw_sub(d)
append_many(d, 200)
time.sleep(3)
reason = None
while True:
    f = w.recv_frame(slow)
    if f is None:
        break
    rid, num, body = w.parse_response(f)
    if num == w.RSP_GOODBYE:
        reason = next(v for n, _, v in w.fields(body) if n == 1).decode()
check(reason and "read nothing" in reason, "stalled subscriber dropped with a reason: %r" % reason)
print("stall:", reason.strip())
d.stop()

# 3. Past the lag bound.
d = Daemon(os.path.join(t, "c"), "--sub-max-lag", "2000", "--sub-stall", "0")
slow = raw_sub(d)
append_many(d, 100)
reason = None
while True:
    f = w.recv_frame(slow)
    if f is None:
        break
    rid, num, body = w.parse_response(f)
    if num == w.RSP_GOODBYE:
        reason = next(v for n, _, v in w.fields(body) if n == 1).decode()
check(reason and "behind" in reason, "lagging subscriber dropped with a reason: %r" % reason)
print("lag:", reason.strip())
d.stop()
print("ok")
