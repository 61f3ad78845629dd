"""The store's pages in the daemon's RSS (daemon/trim.c): with --trim-room 0
they are dropped from its page tables as soon as more than --trim MB of its
RSS is file pages, so after an export that read the whole store next to none
stay mapped; with room under --trim-room they stay mapped, as the page cache
holds them anyway, so the next reader does not fault them back in."""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from svc import *  # noqa: E402,F401


def store_rss_mb(pid):
    """The resident part of the daemon's map of DATA/data.mdb, in MB."""
    kb, inside = 0, False
    with open("/proc/%d/smaps" % pid) as f:
        for line in f:
            head = line.split()
            if head and "-" in head[0] and len(head) >= 5 and ":" not in head[0]:
                inside = line.rstrip().endswith("/data.mdb")
            elif inside and line.startswith("Rss:"):
                kb += int(head[1])
    return kb / 1024.0


t = tmpdir()
data = os.path.join(t, "data")
svc_fill(data, 30000)
size_mb = os.path.getsize(os.path.join(data, "data.mdb")) / 1048576.0
check(size_mb > 8, "the store is too small to tell: %.1f MB" % size_mb)


def after_export(*opts):
    d = Daemon(data, *opts)
    out = os.path.join(t, "kb.json")
    d.run("export", "--format", "json", "-o", out)
    check(os.path.getsize(out) > 1000000, "the export wrote %d bytes" % os.path.getsize(out))
    time.sleep(0.3)   # the trimmer looks every 10 ms
    mapped = store_rss_mb(d.proc.pid)
    d.stop()
    return mapped


tight = after_export("--trim", "1", "--trim-room", "0")
check(tight < 1.0, "--trim 1 --trim-room 0: %.1f MB of the store still mapped" % tight)
roomy = after_export("--trim", "1", "--trim-room", "1024")
check(roomy > 4.0, "--trim-room 1024: only %.1f MB of the %.0f MB store mapped after an export"
      % (roomy, size_mb))
print("trim: ok (after an export: %.2f MB of the store mapped with no room, %.1f MB with room)"
      % (tight, roomy))
