"""svc_install.py: `cmake --install` into a temporary root gives the two
programs, the systemd unit with their paths, the sysusers.d file, the
manual pages and the docs; the pages render without warnings (groff, man);
the unit passes `systemd-analyze verify` in that root and rates 3.0 or
lower with `systemd-analyze security` (when systemd-analyze is there); and
dossierd's --socket-mode gives the group its socket."""
import os
import re
import shutil
import stat
import subprocess

from svc import *  # noqa: F401,F403
import svc

SOURCE = os.environ.get("DSR_SOURCE", os.path.join(os.path.dirname(__file__), "../.."))


def project_version():
    with open(os.path.join(SOURCE, "CMakeLists.txt")) as f:
        m = re.search(r"project\(dossier VERSION ([0-9.]+)", f.read())
    check(m is not None, "CMakeLists.txt names the project's version")
    return m.group(1)


t = tmpdir()
root = os.path.join(t, "root")
env = dict(os.environ, DESTDIR=root)
p = subprocess.run(["cmake", "--install", svc.BUILD, "--prefix", "/usr"], env=env,
                   capture_output=True, timeout=300)
check(p.returncode == 0, "cmake --install: %s" % p.stderr.decode(errors="replace"))

usr = os.path.join(root, "usr")
want = ["bin/dossier", "bin/dossierd", "lib/systemd/system/dossierd.service",
        "lib/sysusers.d/dossier.conf", "share/man/man1/dossier.1",
        "share/man/man8/dossierd.8", "share/doc/dossier/README.md",
        "share/doc/dossier/service.md", "share/doc/dossier/protocol.md"]
for rel in want:
    check(os.path.isfile(os.path.join(usr, rel)), "installed %s" % rel)
for b in ("dossier", "dossierd"):
    check(os.access(os.path.join(usr, "bin", b), os.X_OK), "%s is executable" % b)

# The installed programs say the project's version.
version = project_version()
for b in ("dossier", "dossierd"):
    out = subprocess.run([os.path.join(usr, "bin", b), "--version"], capture_output=True,
                         timeout=30).stdout.decode().strip()
    check(out == "%s %s" % (b, version), "%s --version: %r, want %s" % (b, out, version))

# The unit names the installed daemon, its state and runtime directories,
# and is hardened.
unit_path = os.path.join(usr, "lib/systemd/system/dossierd.service")
with open(unit_path) as f:
    unit = f.read()
check(not re.search(r"@[A-Z_]+@", unit), "every @VAR@ of the unit was filled in")
check(re.search(r"(?m)^ExecStart=/usr/bin/dossierd --data /var/lib/dossier "
                r"--socket /run/dossier/dossierd.sock --socket-mode 0660$", unit),
      "ExecStart names /usr/bin/dossierd and the service's directories:\n%s" % unit)
for line in ("DynamicUser=yes", "StateDirectory=dossier", "RuntimeDirectory=dossier",
             "ProtectSystem=strict", "NoNewPrivileges=yes", "PrivateTmp=yes",
             "ProtectHome=yes", "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6",
             "SystemCallFilter=@system-service", "CapabilityBoundingSet="):
    check(re.search(r"(?m)^%s$" % re.escape(line), unit), "the unit has %s" % line)

# The manual pages render without a warning.
pages = [os.path.join(usr, "share/man/man1/dossier.1"),
         os.path.join(usr, "share/man/man8/dossierd.8")]
if shutil.which("groff"):
    for page in pages:
        p = subprocess.run(["groff", "-man", "-ww", "-z", page], capture_output=True,
                           timeout=60)
        check(p.returncode == 0 and not p.stderr,
              "groff -man -ww %s: %d %s" % (page, p.returncode, p.stderr.decode()))
else:
    print("groff is absent: the pages' rendering is not checked")
if shutil.which("man"):
    for page in pages:
        p = subprocess.run(["man", "--warnings", "-l", page], capture_output=True,
                           timeout=60, env=dict(os.environ, MANWIDTH="80", MANPAGER="cat",
                                                PAGER="cat"))
        check(p.returncode == 0 and not p.stderr and b"dossier" in p.stdout,
              "man -l %s: %d %s" % (page, p.returncode, p.stderr.decode()))

# systemd-analyze, in the root where the unit is installed (the host's
# units copied in, so that its dependencies resolve).
analyze = shutil.which("systemd-analyze")
host_units = "/usr/lib/systemd/system"
if analyze and os.path.exists(os.path.join(host_units, "sysinit.target")):
    for name in os.listdir(host_units):
        dst = os.path.join(usr, "lib/systemd/system", name)
        if not os.path.lexists(dst):
            src = os.path.join(host_units, name)
            if os.path.islink(src):
                os.symlink(os.readlink(src), dst)
            elif os.path.isfile(src):
                shutil.copy(src, dst)
            elif os.path.isdir(src):
                shutil.copytree(src, dst, symlinks=True)
    p = subprocess.run([analyze, "verify", "--root=" + root,
                        "/usr/lib/systemd/system/dossierd.service"],
                       capture_output=True, timeout=120,
                       env=dict(os.environ, MANPATH=os.path.join(usr, "share/man")))
    out = (p.stdout + p.stderr).decode(errors="replace")
    check(p.returncode == 0 and "dossierd" not in out,
          "systemd-analyze verify: %d\n%s" % (p.returncode, out))
    p = subprocess.run([analyze, "security", "--offline=true", "--no-pager", unit_path],
                       capture_output=True, timeout=120)
    out = (p.stdout + p.stderr).decode(errors="replace")
    m = re.search(r"Overall exposure level for dossierd.service: ([0-9.]+)", out)
    check(m is not None, "systemd-analyze security rates the unit:\n%s" % out)
    check(float(m.group(1)) <= 3.0, "exposure %s, want 3.0 or lower:\n%s" % (m.group(1), out))
    print("systemd-analyze: verify passes, security exposure %s" % m.group(1))
else:
    print("systemd-analyze (or the host's units) absent: the unit is not analysed")

# --socket-mode 0660 lets the group in; 0600 is the default; nothing else.
d = svc.Daemon(os.path.join(t, "grp"), "--socket-mode", "0660")
mode = stat.S_IMODE(os.stat(d.sock).st_mode)
check(mode == 0o660, "--socket-mode 0660 gives mode %o" % mode)
d.stop()
d = svc.Daemon(os.path.join(t, "own"))
mode = stat.S_IMODE(os.stat(d.sock).st_mode)
check(mode == 0o600, "the socket's mode is 0600 by default, not %o" % mode)
d.stop()
p = subprocess.run([svc.DOSSIERD, "--data", os.path.join(t, "bad"), "--socket-mode", "0666"],
                   capture_output=True, timeout=30)
check(p.returncode == 2 and b"0600 or 0660" in p.stderr,
      "--socket-mode 0666 is refused: %d %s" % (p.returncode, p.stderr))
print("ok")
