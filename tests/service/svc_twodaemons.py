"""A second dossierd on the same data directory refuses clearly and leaves
the first one serving."""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from svc import *  # noqa: E402,F401

t = tmpdir()
data = os.path.join(t, "data")
d = Daemon(data)
# Even on another socket, the store's lock refuses it.
p = subprocess.run([DOSSIERD, "--data", data, "--socket", os.path.join(t, "other.sock")],
                   capture_output=True, timeout=30)
err = p.stderr.decode()
check(p.returncode == 1, "second daemon exits 1, got %d" % p.returncode)
check("in use by another dossierd" in err, "a clear message: %r" % err)
check(not os.path.exists(os.path.join(t, "other.sock")), "no socket left by the second")
# The same socket: the first keeps it.
p = subprocess.run([DOSSIERD, "--data", data], capture_output=True, timeout=30)
check(p.returncode == 1, "second daemon on the same socket exits 1")
d.run("status")
check(d.stop() == 0, "first daemon stops cleanly")
# Now the directory is free.
d2 = Daemon(data)
d2.run("status")
check(d2.stop() == 0, "restart on the freed directory")
print("ok")
