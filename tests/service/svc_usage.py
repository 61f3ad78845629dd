"""--help for dossierd, dossier and every command; usage errors exit 2; a
client with no daemon exits 3."""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from svc import *  # noqa: E402,F401


def run(*cmd, env=None):
    p = subprocess.run(list(cmd), capture_output=True, env=env, timeout=30)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


rc, out, _ = run(DOSSIERD, "--help")
check(rc == 0 and "--data" in out and "--listen" in out, "dossierd --help")
rc, _, _ = run(DOSSIERD, "--bogus")
check(rc == 2, "dossierd bad option exits 2")
rc, out, _ = run(DOSSIER, "--help")
check(rc == 0 and "Exit codes" in out, "dossier --help")
cmds = ["ingest", "actors", "actor", "claims", "timeline", "articles", "watch", "log", "status"]
for c in cmds:
    check(c in out, "dossier --help lists %s" % c)
    rc, h, _ = run(DOSSIER, c, "--help")
    check(rc == 0 and ("dossier " + c) in h and "--json" in h, "dossier %s --help: %r" % (c, h[:200]))
rc, _, _ = run(DOSSIER, "nosuchcommand")
check(rc == 2, "unknown command exits 2")
rc, _, _ = run(DOSSIER, "claims", "--nosuch")
check(rc == 2, "unknown option exits 2")
t = tmpdir()
env = dict(os.environ, DOSSIER_SOCKET=os.path.join(t, "none.sock"))
rc, _, err = run(DOSSIER, "status", env=env)
check(rc == 3 and "cannot connect" in err, "no daemon: exit 3 (%d, %r)" % (rc, err))
print("ok")
