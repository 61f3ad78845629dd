"""`dossierd --compact` (daemon/compact.c): the store rewritten by LMDB's
compacting copy.  Refused while a daemon serves the store (the store left
untouched); on a stopped store it leaves a file no larger, whose log and
views are the ones it had (the same `--check` digest, the same JSON
export), which a daemon then serves and writes to; a copy a crashed run
left behind is cleared first."""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from svc import *  # noqa: E402,F401


def compact(data):
    p = subprocess.run([DOSSIERD, "--data", data, "--compact"], capture_output=True,
                       timeout=300)
    return p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")


def digest(data):
    p = subprocess.run([DOSSIERD, "--check", "--data", data], capture_output=True, timeout=300)
    out = p.stdout.decode(errors="replace")
    check(p.returncode == 0, "--check: exit %d\n%s%s" % (p.returncode, out,
                                                          p.stderr.decode(errors="replace")))
    lines = dict(l.split(" ", 1) for l in out.splitlines() if " " in l)
    return lines["log_end"], lines["digest"]


def export_body(d):
    """The JSON export less its first line (when it was made, by whom)."""
    rc, out, err = d.run("export", "--format", "json")
    head, _, body = out.partition("\n")
    check(head.startswith("{\"schema\":\"dossier.export/1\""), "export: %r" % head[:200])
    return body


t = tmpdir()
data = os.path.join(t, "data")
svc_fill(data, 20000)
db = os.path.join(data, "data.mdb")

# Churn: notes rewrite pages of the views and leave free ones behind.
d = Daemon(data)
names = [a["name"] for a in d.json("actors", "--limit", "7")]
check(len(names) >= 2, "the filled store has too few actors: %r" % names)
for i in range(60):
    d.run("note", "actor", names[i % len(names)], "churn %d" % i)

# Refused while a daemon serves the store; the store untouched.
st0 = os.stat(db)
rc, out, err = compact(data)
check(rc == 1 and "in use" in err, "--compact beside a daemon: exit %d, %r %r" % (rc, out, err))
st1 = os.stat(db)
check((st1.st_ino, st1.st_size, st1.st_mtime_ns) == (st0.st_ino, st0.st_size, st0.st_mtime_ns),
      "--compact beside a daemon changed data.mdb")
check(not os.path.exists(os.path.join(data, "compact.tmp")), "a refused run left compact.tmp")
before = export_body(d)
d.stop()

end0, dig0 = digest(data)
size0 = os.path.getsize(db)

# A copy a crashed run left behind is cleared.
junk = os.path.join(data, "compact.tmp")
os.makedirs(junk)
with open(os.path.join(junk, "data.mdb"), "wb") as f:
    f.write(b"half a copy")

rc, out, err = compact(data)
check(rc == 0 and "compacted" in out, "--compact: exit %d, %r %r" % (rc, out, err))
check(not os.path.exists(junk), "compact.tmp is still there")
size1 = os.path.getsize(db)
check(size1 <= size0, "the compacted store grew: %d -> %d bytes" % (size0, size1))
check(os.stat(db).st_ino != st0.st_ino, "data.mdb is the file it was: nothing replaced it")
end1, dig1 = digest(data)
check((end1, dig1) == (end0, dig0), "the log end or the views' digest changed: %s %s -> %s %s"
      % (end0, dig0, end1, dig1))

# Served as before, and written to.
d = Daemon(data)
after = export_body(d)
check(after == before, "the JSON export differs after compaction (%d against %d bytes)"
      % (len(after), len(before)))
d.run("note", "actor", names[1], "after compaction")
rc, out, err = d.run("export", "--format", "stix")
check("churn 59" in out and "after compaction" in out,
      "the notes before and after compaction are not both in the STIX export")
d.stop()

# No store: a clear error, nothing created.
empty = os.path.join(t, "none")
rc, out, err = compact(empty)
check(rc == 1 and "cannot open the store" in err and not os.path.exists(os.path.join(empty, "data.mdb")),
      "--compact with no store: exit %d, %r" % (rc, err))
print("compact: ok (%d -> %d bytes, log end %s, digest unchanged)" % (size0, size1, end0))
