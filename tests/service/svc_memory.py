"""Memory stays bounded whatever clients leave unread or unfinished.

1. Authenticated clients (3, then 30) pipeline hundreds of `log` requests (limit
   10,000, a few MB of answer each) and never read: the daemon stops taking
   their requests once their answers would not fit their budget, so its
   peak RSS stays far below what they asked for, and a well-behaved client
   is served all along.  Those that hold the most, unread, are cut off when
   together they exceed the daemon's budget (they read nothing, so the
   error cannot reach them: the daemon's log says it).
2. Forty authenticated clients each send half (8 MiB) of a 16 MiB frame
   and stop: frames in progress count against the budget too; past it the
   largest stalled ones are cut off with an error naming the budget, and
   peak RSS stays bounded.
All with the default limits.  Under AddressSanitizer (shadow memory, redzones
and a quarantine of freed blocks) the RSS bounds are doubled."""
import os
import socket
import struct
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from svc import *  # noqa: E402,F401
import dsrwire as w  # noqa: E402

# The bound the soak benchmark holds the daemon to, whatever clients do.
PEAK_MB = 256 * (2 if sanitized() else 1)
# Well above it: stop at once (before the machine runs short).
ABORT_MB = 700 * (2 if sanitized() else 1)

t = tmpdir()
data = os.path.join(t, "data")
svc_fill(data, 30000)
env = dict(os.environ)
env["ASAN_OPTIONS"] = env.get("ASAN_OPTIONS", "") + ":quarantine_size_mb=16"
d = Daemon(data, env=env)
base, _ = d.rss_mb()


def watch_rss(seconds, what, legit=None):
    """Samples the daemon's RSS for `seconds`, failing early past ABORT_MB;
    runs legit() between samples.  Returns the peak (VmHWM)."""
    end = time.time() + seconds
    while time.time() < end:
        rss, hwm = d.rss_mb()
        check(hwm < ABORT_MB, "%s: RSS reached %.0f MB (started at %.0f MB)" % (what, hwm, base))
        if legit:
            legit()
        time.sleep(0.2)
    return d.rss_mb()[1]


def legit_log():
    t0 = time.time()
    rc, out, err = d.run("log", "--from", "1", "--limit", "50", "--json", timeout=30)
    check(len(out.splitlines()) == 50, "a well-behaved client's log answered")
    check(time.time() - t0 < 5, "and within 5 s (%.1f s)" % (time.time() - t0))


def pipeliner(n_req):
    s = w.connect_unix(d.sock, timeout=10)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    ok, _ = w.handshake(s)
    check(ok, "hello")
    reqs = b"".join(w.log_range(10 + i, 1, 10000) for i in range(n_req))

    def send():
        try:
            s.sendall(reqs)       # blocks once the daemon stops reading
        except OSError:
            pass
    threading.Thread(target=send, daemon=True).start()
    return s


def cut_reason(s, most=8 << 20):
    """How a connection the daemon cut off ended: the error it got, or
    "closed"; None when it is still open.  Reads what was queued for it,
    `most` bytes at most (a connection still open has more)."""
    s.settimeout(2)
    last, got = None, 0
    try:
        while got < most:
            f = w.recv_frame(s)
            if f is None:
                return last or "closed"
            got += len(f)
            _, num, body = w.parse_response(f)
            if num == w.RSP_ERROR:
                last = w.parse_error(body)[1]
    except socket.timeout:
        return None
    except OSError as e:
        return last or "closed (%s)" % e
    return None


# 1a. Three pipeliners, 380 log requests each, never reading.
socks = [pipeliner(380) for _ in range(3)]
peak = watch_rss(8, "3 pipeliners", legit_log)
check(peak <= PEAK_MB, "3 pipeliners: peak RSS %.0f MB, bound %d MB" % (peak, PEAK_MB))
print("3 pipeliners x 380 log requests: RSS %.0f MB at start, peak %.0f MB" % (base, peak))
for s in socks:
    s.close()
time.sleep(1)

# 1b. Thirty of them: together over the daemon's budget.
socks = [pipeliner(380) for _ in range(30)]
peak = watch_rss(8, "30 pipeliners", legit_log)
check(peak <= PEAK_MB, "30 pipeliners: peak RSS %.0f MB, bound %d MB" % (peak, PEAK_MB))
reasons = [r for r in (cut_reason(s) for s in socks) if r]
check(reasons, "some of the 30 pipeliners were cut off")
cuts = [l for l in d.logtext().splitlines() if "cut off" in l and "memory for clients" in l]
check(cuts, "the daemon logged the cuts, naming the budget")
print("30 pipeliners: peak %.0f MB; %d cut off: %s" % (peak, len(reasons),
                                                     cuts[0].split(": ", 1)[1]))
for s in socks:
    s.close()
time.sleep(1)

# 2. Forty half-sent 16 MiB frames.
half = 8 << 20
head = struct.pack(">I", 16 << 20)
chunk = b"\0" * (1 << 20)
holders = []
for i in range(40):
    s = w.connect_unix(d.sock, timeout=10)
    ok, _ = w.handshake(s)
    check(ok, "hello")
    try:
        s.sendall(head)
        for _ in range(half // len(chunk)):
            s.sendall(chunk)
    except OSError:
        pass                 # cut off while sending
    holders.append(s)
    check(d.rss_mb()[1] < ABORT_MB, "half frames: RSS reached %.0f MB" % d.rss_mb()[1])
peak = watch_rss(4, "40 half frames", legit_log)
check(peak <= PEAK_MB, "40 half frames: peak RSS %.0f MB, bound %d MB" % (peak, PEAK_MB))
reasons = [r for r in (cut_reason(s) for s in holders) if r]
check(len(reasons) >= 20, "most half-frame holders were cut off (%d of 40)" % len(reasons))
check(any("memory" in r for r in reasons), "with an error naming the budget: %r" % reasons[:3])
print("40 half frames of 8 MiB: peak %.0f MB; %d cut off: %s" % (peak, len(reasons), reasons[0]))
for s in holders:
    s.close()
legit_log()
check(d.stop() == 0, "stops cleanly")
log = d.logtext()
check("still charged" not in log, "every byte charged to a client was released: %s" %
      [l for l in log.splitlines() if "still charged" in l])
print([l.split("info: ", 1)[1] for l in log.splitlines() if "connections:" in l][-1])
print("ok")
