"""Usage of the curation commands, no daemon needed: every one has --help,
is listed by dossier --help, and refuses bad input before connecting
(exit 2); with no daemon to reach, they exit 3."""
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "service"))
from svc import *  # noqa: E402,F401

CMDS = ["merge", "unmerge", "distinct", "name", "confirm", "dispute", "retract",
        "grade", "entry", "note", "why", "conflicts", "export", "import"]

t = tmpdir()
env = dict(os.environ)
env["DOSSIER_SOCKET"] = os.path.join(t, "nobody.sock")
env["XDG_CONFIG_HOME"] = os.path.join(t, "config")


def run(*args):
    p = subprocess.run([DOSSIER] + list(args), env=env, capture_output=True, timeout=30)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


rc, out, _ = run("--help")
check(rc == 0, "dossier --help")
for c in CMDS:
    check(("\n  %s " % c) in out, "dossier --help lists %s" % c)
    rc, h, _ = run(c, "--help")
    check(rc == 0 and h.startswith("usage: dossier %s" % c) and "--author" in h,
          "%s --help: %r" % (c, h[:200]))

# Bad input is refused before any connection is tried: exit 2.
bad = [
    ["merge", "GOP"], ["merge", "GOP", "G.O.P."], ["merge", "GOP", "..."],
    ["distinct", "a", "b", "c"], ["name", "GOP"], ["name", "GOP", "--kind", "robot"],
    ["confirm"], ["grade", "abcd"], ["grade", "abcd", "G", "2"], ["grade", "abcd", "A", "7"],
    ["grade", "abcd", "A9"], ["grade", "abcd", "AA", "1"],
    ["entry"], ["entry", "add", "--text", "x"], ["entry", "add", "--date", "2014-13-01", "--text", "x"],
    ["entry", "add", "--date", "2014-02-30", "--text", "x"],
    ["entry", "add", "--date", "2014-W48", "--precision", "fortnight", "--text", "x"],
    ["entry", "amend", "abcd"], ["entry", "remove", "abcd", "--date", "2014"],
    ["entry", "add", "--date", "2014", "--text", "x", "--actor", "!!"],
    ["note", "thing", "x", "y"], ["note", "actor", "x"], ["note", "claim", "abcd", ""],
    ["why"], ["conflicts", "extra"], ["export", "--format", "xml"], ["export", "extra"],
    ["export", "--format", "stix", "--tlp", "purple"], ["export", "--tlp", "amber"],
    ["import"], ["merge", "--bogus", "a", "b"],
    ["brief", "--format", "pdf"], ["brief", "--about", "GOP", "--act", "hack"],
    ["brief", "--since", "2014-13"], ["brief", "--since", "yesterday"],
    ["brief", "--css", "/brief.css"], ["brief", "--reader-links"], ["brief", "extra"],
    ["brief", "--about", ""],
    ["search"], ["search", "sony", "--kind", "note"], ["search", "--limit", "x", "sony"],
]
for args in bad:
    rc, _, err = run(*args)
    check(rc == 2 and err.strip(), "%r: exit %d, wanted 2 with a message (%r)" % (args, rc, err))

# Good input, no daemon: exit 3 with a message.
for args in (["merge", "GOP", "Guardians of Peace"], ["grade", "abcd", "B2"], ["conflicts"],
             ["why", "GOP"], ["export"], ["entry", "add", "--date", "2014-W48", "--text", "x"],
             ["brief"], ["brief", "--format", "html", "--css", "/brief.css", "--since", "2014-12"]):
    rc, _, err = run(*args)
    check(rc == 3 and "dossierd" in err, "%r without a daemon: exit %d (%r)" % (args, rc, err))

# An unreadable import file is input trouble: exit 5, before connecting.
rc, _, err = run("import", os.path.join(t, "missing.json"))
check(rc == 5, "import of a missing file: exit %d" % rc)
print("ok")
