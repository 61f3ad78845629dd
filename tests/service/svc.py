"""svc.py: running the real dossierd and dossier for the service tests.

Each test gets its own temporary directory (data dir, socket) removed at
exit unless DSR_KEEP_TMP is set; daemons a test started are killed at exit
by pid.  Binaries come from $DSR_BUILD."""
import atexit
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

BUILD = os.environ.get("DSR_BUILD", os.path.join(os.path.dirname(__file__), "../../build"))
SHARED = os.environ.get("DSR_SHARED", "")
DOSSIERD = os.path.join(BUILD, "daemon", "dossierd")
DOSSIER = os.path.join(BUILD, "client", "dossier")
CORPUS = os.path.join(SHARED, "corpus", "sony-2014") if SHARED else ""

_daemons = []


def sanitized():
    """True when the binaries are built with AddressSanitizer (whose shadow
    memory and quarantine make RSS figures meaningless)."""
    try:
        with open(DOSSIERD, "rb") as f:
            return b"__asan_init" in f.read()
    except OSError:
        return False


def fail(msg):
    print("FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


def check(cond, msg):
    if not cond:
        fail(msg)


def skip(msg):
    print("SKIP: " + msg)
    sys.exit(77)


def tmpdir():
    # Short paths: a Unix socket path must stay under ~100 bytes.
    d = tempfile.mkdtemp(prefix="dsvc.", dir="/tmp")
    if not os.environ.get("DSR_KEEP_TMP"):
        atexit.register(shutil.rmtree, d, True)
    return d


def _cleanup():
    for d in _daemons:
        if d.proc.poll() is None:
            d.proc.kill()
            d.proc.wait()


atexit.register(_cleanup)


class Daemon:
    def __init__(self, data, *args, socket_path=None, wait=True, **popen_kw):
        self.data = data
        self.sock = socket_path or os.path.join(data, "dossierd.sock")
        self.logpath = os.path.join(os.path.dirname(data), os.path.basename(data) + ".log")
        self.log = open(self.logpath, "ab")
        cmd = [DOSSIERD, "--data", data] + list(args)
        if socket_path:
            cmd += ["--socket", socket_path]
        self.proc = subprocess.Popen(cmd, stdout=self.log, stderr=self.log, **popen_kw)
        _daemons.append(self)
        if wait:
            self.wait_ready()

    def wait_ready(self, timeout=20):
        end = time.time() + timeout
        while time.time() < end:
            if self.proc.poll() is not None:
                fail("dossierd exited with %d at start:\n%s" % (self.proc.returncode, self.logtext()))
            try:
                s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                s.connect(self.sock)
                s.close()
                return
            except OSError:
                time.sleep(0.02)
        fail("dossierd did not come up in %ds:\n%s" % (timeout, self.logtext()))

    def logtext(self):
        self.log.flush()
        with open(self.logpath, "rb") as f:
            return f.read().decode(errors="replace")

    def stop(self, sig=signal.SIGTERM, timeout=30):
        self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            fail("dossierd did not stop within %ds after signal %d:\n%s" % (timeout, sig, self.logtext()))

    def kill9(self):
        self.proc.kill()
        self.proc.wait()

    def rss_mb(self):
        """The daemon's resident set and its peak so far, in MB."""
        return proc_mem_mb(self.proc.pid)

    def env(self):
        e = dict(os.environ)
        e["DOSSIER_SOCKET"] = self.sock
        e.pop("DOSSIER_CONNECT", None)
        return e

    def run(self, *args, check_rc=0, input=None, timeout=120):
        """Runs dossier ARGS; returns (rc, stdout, stderr)."""
        p = subprocess.run([DOSSIER] + list(args), env=self.env(), input=input,
                           capture_output=True, timeout=timeout)
        out, err = p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")
        if check_rc is not None and p.returncode != check_rc:
            fail("dossier %s: exit %d, wanted %d\nstdout: %s\nstderr: %s" %
                 (" ".join(args), p.returncode, check_rc, out[:2000], err[:2000]))
        return p.returncode, out, err

    def json(self, *args, check_rc=0):
        rc, out, err = self.run(*(list(args) + ["--json"]), check_rc=check_rc)
        return json.loads(out) if out.strip() else None

    def popen(self, *args, **kw):
        return subprocess.Popen([DOSSIER] + list(args), env=self.env(),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)


def proc_mem_mb(pid):
    """(VmRSS, VmHWM) of a process in MB, from /proc."""
    rss = hwm = 0.0
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1]) / 1024.0
            elif line.startswith("VmHWM:"):
                hwm = int(line.split()[1]) / 1024.0
    return rss, hwm


def svc_fill(data, events):
    """Fills a new store in `data` with `events` events of the ingest mix
    (articles, actors, claims, timeline entries), written directly, before
    any daemon runs on it (tests/service/svc_fill, built from
    bench/replication/bench_repl_fill.c)."""
    exe = os.path.join(BUILD, "tests", "service", "svc_fill")
    env = dict(os.environ)
    # A tool, not what is tested: its arrays live until exit.
    env["ASAN_OPTIONS"] = env.get("ASAN_OPTIONS", "") + ":detect_leaks=0"
    p = subprocess.run([exe, data, str(events)], capture_output=True, timeout=600, env=env)
    check(p.returncode == 0, "svc_fill: %s" % p.stderr.decode(errors="replace"))


def gold():
    if not CORPUS or not os.path.isdir(CORPUS):
        skip("the sample corpus (DSR_SHARED/corpus/sony-2014) is absent")
    with open(os.path.join(CORPUS, "gold.json")) as f:
        return json.load(f)


def ingest_args(doc):
    args = [os.path.join(CORPUS, doc["file"])]
    for k in ("published", "title", "publisher", "url"):
        if doc.get(k):
            args += ["--" + k, doc[k]]
    return args


def ingest_corpus(d):
    """Ingests the five sample articles with their metadata; returns their
    results."""
    out = []
    for doc in gold()["docs"]:
        res = d.json("ingest", *ingest_args(doc))
        check(len(res) == 1 and "result" in res[0], "ingest %s: %r" % (doc["file"], res))
        out.append(res[0]["result"])
    return out


def varied_articles(dirpath, n, start=0):
    """Writes n distinct articles made from the sample texts (each varied
    by a line naming its number), returns their paths."""
    texts = []
    for doc in gold()["docs"]:
        with open(os.path.join(CORPUS, doc["file"]), encoding="utf-8") as f:
            texts.append((f.read(), doc["published"]))
    os.makedirs(dirpath, exist_ok=True)
    paths = []
    for i in range(start, start + n):
        text, _ = texts[i % len(texts)]
        p = os.path.join(dirpath, "a%06d.txt" % i)
        with open(p, "w", encoding="utf-8") as f:
            f.write(text + "\n\nDispatch %d of the series.\n" % i)
        paths.append(p)
    return paths
