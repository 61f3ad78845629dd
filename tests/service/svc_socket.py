"""The Unix socket belongs to the daemon that bound it.

1. A second dossierd (another data directory) on a socket a live daemon
   answers on refuses to start, exit 1, and the first keeps its socket:
   clients still reach the first store, before and after the second gave up.
2. A socket file left by a daemon that died (kill -9) is stale: the next
   daemon removes it and starts.
3. A daemon never deletes a socket file that is not its own: when its file
   was replaced (another daemon bound the path after it was removed), it
   leaves the replacement in place at exit."""
import os
import signal
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from svc import *  # noqa: E402,F401


def data_dir_of(d, sock):
    e = d.env()
    e["DOSSIER_SOCKET"] = sock
    p = subprocess.run([DOSSIER, "status", "--json"], env=e, capture_output=True, timeout=30)
    check(p.returncode == 0, "status on %s: %s" % (sock, p.stderr.decode(errors="replace")))
    import json
    return json.loads(p.stdout)["data_dir"]


def start_refused(data, sock):
    """Starts a daemon expected to refuse; returns (exit status, stderr).
    One that is still running after 10 s took the socket: killed, fails."""
    p = subprocess.Popen([DOSSIERD, "--data", data, "--socket", sock],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _, err = p.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        p.kill()
        _, err = p.communicate()
        fail("a second daemon started on %s while another answers there:\n%s" %
             (sock, err.decode(errors="replace")))
    return p.returncode, err.decode(errors="replace")


t = tmpdir()
sock = os.path.join(t, "shared.sock")
a_dir, b_dir, c_dir = (os.path.join(t, n) for n in ("a", "b", "c"))

# 1. A live daemon answers on the socket: the second refuses.
a = Daemon(a_dir, socket_path=sock)
check(data_dir_of(a, sock) == a_dir, "the socket reaches store A")
ino = os.stat(sock).st_ino
rc, err = start_refused(b_dir, sock)
check(rc == 1, "the second daemon exits 1, got %d:\n%s" % (rc, err))
check("another dossierd" in err and sock in err,
      "it says another daemon answers on the socket: %r" % err)
check(os.path.exists(sock) and os.stat(sock).st_ino == ino,
      "the first daemon's socket file is untouched")
check(data_dir_of(a, sock) == a_dir, "the socket still reaches store A")
print("live socket: refused: %s" % err.strip().splitlines()[-1])

# 2. A stale socket (its daemon killed) is removed by the next daemon.
a.kill9()
check(os.path.exists(sock), "kill -9 leaves the socket file behind")
b = Daemon(b_dir, socket_path=sock)
check(data_dir_of(b, sock) == b_dir, "the new daemon took over the stale socket")
print("stale socket: replaced")

# 3. B's socket file is removed (by an operator, say) and C binds the path:
#    B must not delete C's socket when it stops.
os.unlink(sock)
c = Daemon(c_dir, socket_path=sock)
check(b.stop() == 0, "B stops cleanly")
check(os.path.exists(sock), "B left C's socket file in place")
check(data_dir_of(c, sock) == c_dir, "the socket still reaches store C")
# C's own socket goes with C.
check(c.stop() == 0, "C stops cleanly")
check(not os.path.exists(sock), "C removed its own socket file")
print("foreign socket: kept")

# A path that is not a socket is still refused (unchanged).
with open(sock, "w") as f:
    f.write("not a socket")
p = subprocess.run([DOSSIERD, "--data", c_dir, "--socket", sock], capture_output=True, timeout=30)
check(p.returncode == 1 and b"not a socket" in p.stderr, "a regular file is refused")
check(open(sock).read() == "not a socket", "and left alone")
print("ok")
