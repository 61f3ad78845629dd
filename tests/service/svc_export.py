"""Exports stream: the daemon never holds an export whole.

A store of 100,000 events (svc_fill) exports to about 95 MB of JSON.
1. A client asks for it, reads one piece and stops reading: the daemon's
   RSS grows by a few megabytes (what is queued to the client and one
   piece being written), not by the document.  Meanwhile a well-behaved
   client is answered.  When the client reads on, it gets the whole
   document: pieces of at most 1 MiB, each saying how many bytes came so
   far, the last one marked; the document is the export (it parses, and
   holds every event of the log).
2. A client that leaves in the middle of an export frees its writer: the
   next export (another client's) runs and completes at once.
3. The CSV export is the same bytes whether it is read in pieces over the
   socket or by `dossier export`."""
import json
import os
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from svc import *  # noqa: E402,F401
import dsrwire as w  # noqa: E402

REQ_EXPORT, RSP_EXPORT_CHUNK = 15, 17
EVENTS = 100000
# Growth allowed while an export waits for its reader: the queue to the
# client (2 MiB framed + 1 MiB taken), the writer's queue (1 MiB) and the
# piece it writes, and the allocator's slack; doubled under ASan.
GROW_MB = 24 * (2 if sanitized() else 1)

t = tmpdir()
data = os.path.join(t, "data")
svc_fill(data, EVENTS)
d = Daemon(data)


def export_request(rid, fmt):
    return w.frame(w.request(rid, REQ_EXPORT, w.field_bytes(1, fmt.encode())))


def chunk_fields(body):
    data, last, total = b"", False, 0
    for n, wt, v in w.fields(body):
        if n == 1:
            data = v
        elif n == 2:
            last = bool(v)
        elif n == 3:
            total = v
    return data, last, total


def read_export(s, rid, first=None):
    """Reads an export's pieces to the last; returns the document."""
    parts, got = [], 0
    if first is not None:
        parts.append(first)
        got = len(first)
    while True:
        f = w.recv_frame(s)
        check(f is not None, "the connection stayed open to the last piece")
        r, num, body = w.parse_response(f)
        check(r == rid, "pieces answer the export's id")
        if num == w.RSP_ERROR:
            fail("export failed: %r" % (w.parse_error(body),))
        check(num == RSP_EXPORT_CHUNK, "an ExportChunk (got body %d)" % num)
        data, last, total = chunk_fields(body)
        check(len(data) <= 1 << 20, "a piece of at most 1 MiB (%d bytes)" % len(data))
        got += len(data)
        check(total == got, "each piece counts the bytes so far (%d, got %d)" % (total, got))
        parts.append(data)
        if last:
            return b"".join(parts)


def anon_mb():
    """The daemon's own memory (RssAnon): the store's pages it maps are
    the page cache's, and come and go with the kernel's needs."""
    with open("/proc/%d/status" % d.proc.pid) as fh:
        for line in fh:
            if line.startswith("RssAnon:"):
                return int(line.split()[1]) / 1024.0
    fail("no RssAnon in /proc")


def connect():
    s = w.connect_unix(d.sock, timeout=30)
    ok, _ = w.handshake(s)
    check(ok, "hello")
    return s


# Warm up (the first pass over the store maps its pages), then measure.
rc, out, err = d.run("export", "--format", "json", "-o", os.path.join(t, "warm.json"))
size_mb = os.path.getsize(os.path.join(t, "warm.json")) / 1e6
check(size_mb > 60, "the export is large (%.0f MB)" % size_mb)
time.sleep(0.5)
base = anon_mb()

# 1. One piece read, then nothing for a while.
s = connect()
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
s.sendall(export_request(7, "json"))
f = w.recv_frame(s)
rid, num, body = w.parse_response(f)
check(num == RSP_EXPORT_CHUNK, "the first piece came")
first, last, total = chunk_fields(body)
check(not last and total == len(first), "a first piece, not the last")
peak = base
for _ in range(15):
    time.sleep(0.2)
    peak = max(peak, anon_mb())
rc, out, err = d.run("status", timeout=30)
check(rc == 0, "a well-behaved client is answered while the export waits")
for _ in range(5):
    time.sleep(0.2)
    peak = max(peak, anon_mb())
print("export of %.0f MB, its client not reading: RssAnon %.0f MB before, %.0f MB at "
      "most (+%.0f MB)" % (size_mb, base, peak, peak - base))
check(peak - base < GROW_MB, "RssAnon grew by %.0f MB while the export waited (bound %d MB; "
      "the document is %.0f MB)" % (peak - base, GROW_MB, size_mb))

# Reading on: the whole export passes through, in pieces; the daemon's
# memory stays as it was (no event, row or document held whole).
import threading
peak_all = [peak]
done = threading.Event()


def sampler():
    while not done.is_set():
        peak_all[0] = max(peak_all[0], anon_mb())
        time.sleep(0.01)


th = threading.Thread(target=sampler, daemon=True)
th.start()
doc = read_export(s, 7, first)
done.set()
th.join()
s.close()
print("reading the whole export: RssAnon at most %.0f MB (+%.0f MB)" %
      (peak_all[0], peak_all[0] - base))
check(peak_all[0] - base < GROW_MB, "RssAnon grew by %.0f MB during the export (bound %d MB)"
      % (peak_all[0] - base, GROW_MB))
kb = json.loads(doc)
check(kb["schema"] == "dossier.export/1", "the document is an export")
check(len(kb["events"]) == EVENTS, "with every event (%d of %d)" % (len(kb["events"]), EVENTS))
print("read on: %d bytes in pieces, %d events" % (len(doc), len(kb["events"])))

# 2. A client leaves in the middle; the next export is not held up.
s = connect()
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
s.sendall(export_request(8, "json"))
check(w.recv_frame(s) is not None, "the abandoned export began")
s.close()
t0 = time.time()
rc, out, err = d.run("export", "--format", "csv", "-o", os.path.join(t, "a.csv"), timeout=60)
check(rc == 0, "the next export ran: %s" % err)
print("after an abandoned export, the next one took %.1f s" % (time.time() - t0))

# 3. CSV over the socket in pieces = dossier export's file.
s = connect()
s.sendall(export_request(9, "csv"))
doc = read_export(s, 9)
s.close()
with open(os.path.join(t, "a.csv"), "rb") as fh:
    check(fh.read() == doc, "the CSV read in pieces is the file dossier export wrote")

check(d.stop() == 0, "stops cleanly")
log = d.logtext()
check("still charged" not in log, "every byte charged to a client was released")
print("ok")
