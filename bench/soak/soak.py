#!/usr/bin/env python3
"""soak.py: dossierd under mixed load with attacks in the background.

Two real daemons: A, the one attacked (a store of 100,000 events to start
with, TCP on the loopback, held to 1,024 descriptors as in the issue that
asked for this), and B, its replication peer (continuous, both ways).  Legitimate clients run all along, each request timed:

  ingest   2 clients filing varied sample articles (Unix socket)
  append   2 clients appending notes in batches of 10 (Unix socket)
  query    2 clients cycling through actors, claims, timeline, log,
           articles, an actor's detail and status (one on the Unix socket,
           one over TCP with the token)
  watch    2 subscribers following the log (gaps are counted)
  sync     `dossier sync B` every 15 s, besides B's continuous replication

The attackers run at the lowest CPU priority (nice 19): they stand for
clients on other machines, so what should slow the legitimate clients down
is the daemon's work for them, not the attack scripts' own.

Time is cut into windows (--window, default 60 s): a quiet one first, then
attacked ones, with a quiet one after every --quiet-every (default 2) of
them, until --duration seconds (default 600) have been attacked; quiet and
attacked windows alternate so that whatever else the machine does weighs on
both alike.  In an attacked window
these run at once, each in a process of its own:

  takeover   a second dossierd on A's socket, every 5 s (must refuse)
  flood      1,100 idle TCP connections from 40 addresses, reopened as the
             daemon closes them
  pipeline   6 clients pipelining 380 `log` requests (limit 10,000) and
             never reading, reconnecting when cut off
  halfframe  20 clients each sending 8 MiB of a 16 MiB frame and stopping,
             reconnecting when cut off
  abandon    twice a second, 100 actor-detail queries pipelined and the
             connection closed
  export     3 clients asking for the JSON export (the whole store, tens
             of MB), reading one piece and no more, reconnecting when cut
             off; and once a second one that leaves after its first piece
  badinput   5 times a second: an invalid author, a token with a NUL, a
             field of the wrong wire type, random bytes

At the end A is stopped (its exit line counts what it refused, shed and cut
off), restarted, and every acknowledged write is looked for.  The report:
acknowledged writes lost (must be 0), the legitimate p99 latency attacked vs
quiet (<= 3x), A's peak RSS (<= 256 MB), and the connection counts.

usage: bench/soak/soak.py [--build DIR] [--duration SECS] [--window SECS]
                          [--quiet-every N] [--events N]
Exit status 0 when every bound holds, 1 otherwise."""
import argparse
import json
import os
import random
import select
import signal
import socket
import struct
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "service"))

PEAK_MB = 256
P99_RATIO = 3.0


# ---- attackers: each runs in a process of its own ---------------------------

def attacker(kind, sock, port, token, data, stop_file):
    import dsrwire as w
    # An attacker's own CPU is not the daemon's machine's: at the lowest
    # priority, what it costs the legitimate clients is what the daemon
    # spends on it.
    os.nice(19)
    counts = {"kind": kind, "opened": 0, "closed_by_daemon": 0, "errors_seen": 0,
              "refused_starts": 0, "started": 0}
    stop = [False]
    signal.signal(signal.SIGTERM, lambda *a: stop.__setitem__(0, True))

    def unix(timeout=5):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(timeout)
        s.connect(sock)
        counts["opened"] += 1
        return s

    def tcp(src="127.0.0.1", timeout=2):
        s = socket.socket()
        s.settimeout(timeout)
        s.bind((src, 0))
        s.connect(("127.0.0.1", port))
        counts["opened"] += 1
        return s

    def is_closed(s):
        """True when the daemon closed s (reads what it sent meanwhile)."""
        s.setblocking(False)
        try:
            while True:
                b = s.recv(1 << 16)
                if not b:
                    return True
        except BlockingIOError:
            return False
        except OSError:
            return True

    if kind == "takeover":
        while not stop[0]:
            p = subprocess.Popen([DOSSIERD, "--data", os.path.join(data, "intruder"),
                                  "--socket", sock], stdout=subprocess.DEVNULL,
                                 stderr=subprocess.PIPE)
            try:
                _, err = p.communicate(timeout=10)
                if p.returncode == 1 and b"another dossierd" in err:
                    counts["refused_starts"] += 1
                else:
                    counts["started"] += 1
            except subprocess.TimeoutExpired:
                counts["started"] += 1     # it took the socket
                p.kill()
                p.communicate()
            time.sleep(5)
    elif kind == "flood":
        socks = []
        i = 0
        while not stop[0]:
            alive = []
            for s in socks:
                if is_closed(s):
                    s.close()
                    counts["closed_by_daemon"] += 1
                else:
                    alive.append(s)
            socks = alive
            t0 = time.time()
            n = 0
            while len(socks) < 1100 and n < 100 and not stop[0]:
                try:
                    socks.append(tcp("127.0.0.%d" % (2 + i % 40), timeout=0.5))
                except OSError:
                    pass
                i += 1
                n += 1
            time.sleep(max(0.0, 0.5 - (time.time() - t0)))
        for s in socks:
            s.close()
    elif kind in ("pipeline", "halfframe"):
        n_conn = 6 if kind == "pipeline" else 20
        socks = [None] * n_conn
        while not stop[0]:
            for k in range(n_conn):
                if stop[0]:
                    break
                s = socks[k]
                if s is not None and not is_closed(s):
                    continue
                if s is not None:
                    s.close()
                    counts["closed_by_daemon"] += 1
                try:
                    s = unix()
                    ok, _ = w.handshake(s)
                    if kind == "pipeline":
                        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
                        s.settimeout(0.5)
                        try:
                            s.sendall(b"".join(w.log_range(10 + i, 1, 10000) for i in range(380)))
                        except (socket.timeout, OSError):
                            pass   # the daemon stopped reading: fine
                    else:
                        s.settimeout(2)
                        s.sendall(struct.pack(">I", 16 << 20))
                        chunk = b"\0" * (1 << 20)
                        for _ in range(8):
                            s.sendall(chunk)
                    socks[k] = s
                except OSError:
                    socks[k] = None
            time.sleep(0.5)
        for s in socks:
            if s is not None:
                s.close()
    elif kind == "abandon":
        q = b"".join(w.frame(w.request(10 + i, w.REQ_ACTOR, w.field_bytes(1, "North Korea")))
                     for i in range(100))
        while not stop[0]:
            try:
                s = unix()
                w.handshake(s)
                s.settimeout(0.5)
                try:
                    s.sendall(q)
                except OSError:
                    pass
                s.close()
            except OSError:
                pass
            time.sleep(0.5)
    elif kind == "export":
        req = w.frame(w.request(5, 15, w.field_bytes(1, b"json")))

        def start(stall):
            s = unix()
            w.handshake(s)
            if stall:
                s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            s.settimeout(2)
            s.sendall(req)
            w.recv_frame(s)   # its first piece (or an error), then nothing
            return s
        socks = [None] * 3
        while not stop[0]:
            for k in range(3):
                s = socks[k]
                if s is not None and not is_closed(s):
                    continue
                if s is not None:
                    s.close()
                    counts["closed_by_daemon"] += 1
                try:
                    socks[k] = start(True)
                except OSError:
                    socks[k] = None
            try:
                start(False).close()
            except OSError:
                pass
            time.sleep(1)
        for s in socks:
            if s is not None:
                s.close()
    elif kind == "badinput":
        rng = random.Random(7)
        while not stop[0]:
            try:
                k = rng.randrange(4)
                if k == 0:
                    s = unix()
                    body = w.field_varint(1, w.PROTOCOL_VERSION) + w.field_bytes(5, b"\xff\xfe")
                elif k == 1:
                    s = tcp()
                    body = w.hello(token=token + "\0junk")
                elif k == 2:
                    s = unix()
                    body = w.field_bytes(1, b"\x01")
                else:
                    s = unix()
                    s.sendall(bytes(rng.getrandbits(8) for _ in range(rng.randint(5, 300))))
                    body = None
                if body is not None:
                    s.sendall(w.frame(w.request(1, w.REQ_HELLO, body)))
                s.settimeout(2)
                f = w.recv_frame(s)
                if f is not None and w.parse_response(f)[1] == w.RSP_ERROR:
                    counts["errors_seen"] += 1
                s.close()
            except OSError:
                pass
            time.sleep(0.2)
    print(json.dumps(counts), flush=True)


# ---- the legitimate load -------------------------------------------------------

class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.lat = {}          # (phase, kind) -> [seconds]
        self.phase = "warmup"
        self.failures = []

    def add(self, kind, secs):
        with self.lock:
            self.lat.setdefault((self.phase, kind), []).append(secs)

    def fail(self, msg):
        with self.lock:
            if len(self.failures) < 50:
                self.failures.append("%s [%s]" % (msg, self.phase))


def pct(v, p):
    if not v:
        return float("nan")
    v = sorted(v)
    return v[min(len(v) - 1, int(p / 100.0 * len(v)))]


class Client:
    """A persistent connection: request, wait for the answer, time it."""

    def __init__(self, rec, sock=None, tcp=None, token=""):
        import dsrwire as w
        self.w, self.rec = w, rec
        self.sock_path, self.tcp, self.token = sock, tcp, token
        self.s = None
        self.rid = 0

    def connect(self):
        w = self.w
        if self.tcp:
            self.s = socket.create_connection(self.tcp, timeout=60)
        else:
            self.s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            self.s.settimeout(60)
            self.s.connect(self.sock_path)
        ok, resp = w.handshake(self.s, self.token)
        if not ok:
            raise OSError("handshake refused: %r" % (resp,))

    def call(self, kind, frame_of_rid, want):
        for attempt in range(3):
            try:
                if self.s is None:
                    self.connect()
                self.rid += 1
                t0 = time.time()
                self.s.sendall(frame_of_rid(self.rid))
                while True:
                    f = self.w.recv_frame(self.s)
                    if f is None:
                        raise OSError("connection closed")
                    rid, num, body = self.w.parse_response(f)
                    if rid == self.rid:
                        break
                took = time.time() - t0
                if num != want:
                    msg = self.w.parse_error(body) if num == self.w.RSP_ERROR else num
                    self.rec.fail("%s answered %r" % (kind, msg))
                    return None
                self.rec.add(kind, took)
                return body
            except OSError as e:
                self.rec.fail("%s: %s" % (kind, e))
                try:
                    self.s.close()
                except Exception:
                    pass
                self.s = None
                time.sleep(0.2)
        return None


def load(args, rec, a, token, stop, acked, watch_stats, texts):
    import dsrwire as w
    threads = []
    A = ("127.0.0.1", a.port)

    def ingester(k):
        c = Client(rec, sock=a.d.sock)
        i = 0
        while not stop.is_set():
            i += 1
            text = texts[(k * 7 + i) % len(texts)] + "\n\nSoak dispatch %d.%d.\n" % (k, i)
            body = (w.field_bytes(1, text.encode()) + w.field_bytes(5, "2014-12-%02d" % (1 + i % 28))
                    + w.field_bytes(6, "soak-%d-%d" % (k, i)))
            r = c.call("ingest", lambda rid: w.frame(w.request(rid, w.REQ_INGEST, body)),
                       w.RSP_INGESTED)
            if r is not None:
                first = last = 0
                for n, _, v in w.fields(r):
                    if n == 4:
                        first = v
                    elif n == 5:
                        last = v
                if last:
                    acked["ingest"].append((first, last))
            time.sleep(0.2)

    def appender(k):
        c = Client(rec, sock=a.d.sock)
        i = 0
        while not stop.is_set():
            i += 1
            batch = ["soak note %d.%d.%d" % (k, i, j) for j in range(10)]
            r = c.call("append", lambda rid: w.append_notes(rid, batch), w.RSP_APPENDED)
            if r is not None:
                _, ops = w.parse_append_result(r)
                for (st, pos, _), txt in zip(ops, batch):
                    if st == 0:
                        acked["notes"].append((pos, txt))
            time.sleep(0.05)

    def querier(k):
        c = Client(rec, sock=None if k else a.d.sock, tcp=A if k else None, token=token)
        page = w.field_bytes(6, w.field_varint(1, 20))
        qs = [
            ("actors", w.REQ_ACTORS, w.field_bytes(2, w.field_varint(1, 20)), 7),
            ("claims", w.REQ_CLAIMS, w.field_bytes(1, "North Korea") + w.field_varint(3, 1) +
             w.field_varint(4, 1) + page, 9),
            ("timeline", w.REQ_TIMELINE, w.field_bytes(6, w.field_varint(1, 20)), 10),
            ("articles", w.REQ_ARTICLES, w.field_bytes(1, w.field_varint(1, 20)), 11),
            ("actor", w.REQ_ACTOR, w.field_bytes(1, "North Korea") + w.field_varint(2, 20), 8),
            ("status", w.REQ_STATUS, b"", w.RSP_STATUS),
            ("log", w.REQ_LOG, None, w.RSP_LOG),
        ]
        rng = random.Random(k)
        i = 0
        while not stop.is_set():
            name, req, body, want = qs[i % len(qs)]
            i += 1
            if body is None:
                body = w.field_varint(1, rng.randint(1, 100000)) + w.field_varint(2, 50)
            c.call("query:" + name, lambda rid: w.frame(w.request(rid, req, body)), want)
            time.sleep(0.02)

    def watcher(k):
        while not stop.is_set():
            try:
                s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                s.settimeout(5)
                s.connect(a.d.sock)
                w.handshake(s)
                s.sendall(w.subscribe(2, now=True))
                s.settimeout(60)
                last, quiet = None, 0.0
                while not stop.is_set():
                    # Between frames, wake up to see whether the run is over;
                    # while it runs, events flow: a minute's silence fails.
                    if not select.select([s], [], [], 1.0)[0]:
                        quiet += 1
                        if quiet >= 60:
                            raise OSError("no event for 60 s")
                        continue
                    quiet = 0.0
                    f = w.recv_frame(s)
                    if f is None:
                        break
                    rid, num, body = w.parse_response(f)
                    if num == w.RSP_LOG:
                        evs, _ = w.parse_log_batch(body)
                        for pos, _ in evs:
                            if last is not None and pos != last + 1:
                                watch_stats["gaps"] += 1
                            last = pos
                            watch_stats["events"] += 1
                    elif num == w.RSP_GOODBYE:
                        watch_stats["dropped"] += 1
                        rec.fail("watch dropped: %r" % body)
                        break
                s.close()
            except OSError as e:
                rec.fail("watch: %s" % e)
                time.sleep(0.5)

    def syncer():
        while not stop.is_set():
            t0 = time.time()
            rc, out, err = a.run("sync", args.peer_addr, check_rc=None, timeout=300)
            if rc == 0:
                rec.add("sync", time.time() - t0)
            else:
                rec.fail("sync: %s" % err.strip()[:200])
            stop.wait(15)

    for k in range(2):
        threads.append(threading.Thread(target=ingester, args=(k,)))
        threads.append(threading.Thread(target=appender, args=(k,)))
        threads.append(threading.Thread(target=querier, args=(k,)))
        threads.append(threading.Thread(target=watcher, args=(k,)))
    threads.append(threading.Thread(target=syncer))
    for t in threads:
        t.daemon = True
        t.start()
    return threads


# ---- the run ------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--duration", type=float, default=600, help="seconds under attack")
    ap.add_argument("--window", type=float, default=60)
    ap.add_argument("--quiet-every", type=int, default=2)
    ap.add_argument("--events", type=int, default=100000, help="A's store to start with")
    ap.add_argument("--daemon-opts", default="", help="more dossierd options for A")
    ap.add_argument("--attacks", default="takeover,flood,pipeline,halfframe,abandon,export,badinput",
                    help="which attacks (comma-separated)")
    ap.add_argument("--attacker", help=argparse.SUPPRESS)
    ap.add_argument("--sock", help=argparse.SUPPRESS)
    ap.add_argument("--port", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--token", help=argparse.SUPPRESS)
    ap.add_argument("--data", help=argparse.SUPPRESS)
    args = ap.parse_args()
    os.environ["DSR_BUILD"] = os.path.abspath(args.build)
    os.environ.setdefault("DSR_SHARED", os.path.join(ROOT, "..", "shared"))
    global DOSSIERD
    import svc
    DOSSIERD = svc.DOSSIERD
    if args.attacker:
        attacker(args.attacker, args.sock, args.port, args.token, args.data, None)
        return 0
    sys.path.insert(0, os.path.join(ROOT, "tests", "replication"))
    import repl
    import resource
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    import dsrwire as w

    t0_all = time.time()
    root = svc.tmpdir()
    a, b = repl.Node(root, "a", sync=True), repl.Node(root, "b", sync=True)
    print("filling A with %d events..." % args.events, flush=True)
    svc.svc_fill(a.data, args.events)
    for x in (a, b):
        x.start()
    for x in (a, b):
        x.stop()
    a.allow, b.allow = [b.key()], [a.key()]
    b.peers = [a.addr]

    def limited():
        resource.setrlimit(resource.RLIMIT_NOFILE, (1024, 1024))

    def info(node):   # not repl.py's debug: a line per connection is too many
        return ["info" if x == "debug" else x for x in node.args()]

    def start_a():
        a.d = svc.Daemon(a.data, *(info(a) + args.daemon_opts.split()), preexec_fn=limited)
    start_a()
    b.d = svc.Daemon(b.data, *info(b))
    token = open(os.path.join(a.data, "token")).read().strip()
    args.peer_addr = b.addr
    texts = []
    for doc in svc.gold()["docs"]:
        with open(os.path.join(svc.CORPUS, doc["file"]), encoding="utf-8") as f:
            texts.append(f.read())

    rec = Recorder()
    stop = threading.Event()
    acked = {"notes": [], "ingest": []}
    watch_stats = {"events": 0, "gaps": 0, "dropped": 0}
    threads = load(args, rec, a, token, stop, acked, watch_stats, texts)

    rss = {}

    def sampler():
        while not stop.is_set():
            try:
                with open("/proc/%d/status" % a.d.proc.pid) as f:
                    st = {l.split(":")[0]: l.split()[1:] for l in f}
                for k in ("VmRSS", "RssAnon", "RssFile", "RssShmem"):
                    rss[k] = max(rss.get(k, 0), int(st.get(k, ["0"])[0]) / 1024.0)
                if rec.phase == "attack":
                    rss["attacked"] = max(rss.get("attacked", 0),
                                          int(st.get("VmRSS", ["0"])[0]) / 1024.0)
            except (OSError, ValueError):
                pass
            time.sleep(0.1)
    threading.Thread(target=sampler, daemon=True).start()

    kinds = args.attacks.split(",")
    attack_counts = {k: {} for k in kinds}

    def run_attack(seconds):
        procs = []
        for k in kinds:
            procs.append(subprocess.Popen(
                [sys.executable, os.path.abspath(__file__), "--build", args.build,
                 "--attacker", k, "--sock", a.d.sock, "--port", str(a.port),
                 "--token", token, "--data", root],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE))
        time.sleep(seconds)
        for p in procs:
            p.send_signal(signal.SIGTERM)
        for k, p in zip(kinds, procs):
            try:
                out, err = p.communicate(timeout=60)
            except subprocess.TimeoutExpired:
                p.kill()
                out, err = p.communicate()
            try:
                c = json.loads(out.decode().strip().splitlines()[-1])
                for key, v in c.items():
                    if isinstance(v, int):
                        attack_counts[k][key] = attack_counts[k].get(key, 0) + v
            except (ValueError, IndexError):
                rec.fail("attacker %s: %s" % (k, err.decode(errors="replace")[-300:]))

    cpu = {"quiet": [0.0, 0.0], "attack": [0.0, 0.0]}   # CPU seconds, wall seconds

    def cpu_of(pid):
        with open("/proc/%d/stat" % pid) as f:
            parts = f.read().rsplit(")", 1)[1].split()
        return (int(parts[11]) + int(parts[12])) / os.sysconf("SC_CLK_TCK")

    def window(phase, seconds, attack):
        rec.phase = phase
        c0, t0 = cpu_of(a.d.proc.pid), time.time()
        if attack:
            run_attack(seconds)
        else:
            time.sleep(seconds)
        cpu[phase][0] += cpu_of(a.d.proc.pid) - c0
        cpu[phase][1] += time.time() - t0

    attacked = 0.0
    n_attack = 0
    rec.phase = "warmup"
    time.sleep(min(10, args.window / 2))
    schedule = []
    print("quiet window %.0f s" % args.window, flush=True)
    window("quiet", args.window, False)
    while attacked < args.duration:
        secs = min(args.window, args.duration - attacked)
        print("attacked window %.0f s (%.0f of %.0f s)" % (secs, attacked + secs, args.duration),
              flush=True)
        window("attack", secs, True)
        attacked += secs
        n_attack += 1
        schedule.append("attack")
        if n_attack % args.quiet_every == 0 and attacked < args.duration:
            print("quiet window %.0f s" % args.window, flush=True)
            window("quiet", args.window, False)
    rec.phase = "end"
    stop.set()
    for t in threads:
        t.join(30)
    peak = svc.proc_mem_mb(a.d.proc.pid)[1]
    t_stop = time.time()
    rc_stop = a.d.stop()
    stop_secs = time.time() - t_stop
    summary = [l for l in a.log().splitlines() if "connections:" in l and "accepted" in l]
    b.stop()

    # Every acknowledged write, after a restart.
    start_a()
    log = {}
    rc, out, err = a.run("log", "--json", "--from", "1", "--limit", "100000000", timeout=600)
    for line in out.splitlines():
        e = json.loads(line)
        log[e["pos"]] = e["event"]
    lost = 0
    for pos, text in acked["notes"]:
        if log.get(pos, {}).get("note", {}).get("text") != text:
            lost += 1
    for first, last in acked["ingest"]:
        if first not in log or last not in log:
            lost += 1
    a.stop()

    # ---- the report ----
    def lat(phase, kind=None):
        v = []
        for (ph, k), xs in rec.lat.items():
            if ph == phase and (kind is None or k.split(":")[0] == kind or k == kind):
                v += xs
        return v

    ok = True
    print()
    print("== dossierd soak: %.0f s under attack, %.0f s in all (%d cores) ==" %
          (attacked, time.time() - t0_all, os.cpu_count()))
    nw = sum(len(v) for v in (acked["notes"], acked["ingest"]))
    print("acknowledged writes: %d notes, %d ingested articles; lost after restart: %d %s" %
          (len(acked["notes"]), len(acked["ingest"]), lost, "ok" if lost == 0 else "FAIL"))
    ok &= lost == 0 and nw > 0
    print("legitimate requests, latency in ms (p50 / p99, count), quiet vs attacked:")
    for kind in ("ingest", "append", "query", "sync", None):
        q, at = lat("quiet", kind), lat("attack", kind)
        print("  %-8s quiet %7.1f / %7.1f (%6d)   attacked %7.1f / %7.1f (%6d)   p99 x%.2f" % (
            kind or "all", pct(q, 50) * 1e3, pct(q, 99) * 1e3, len(q), pct(at, 50) * 1e3,
            pct(at, 99) * 1e3, len(at), pct(at, 99) / pct(q, 99) if q and at else float("nan")))
    if os.environ.get("SOAK_DETAIL"):
        for kind in sorted({k for (_, k) in rec.lat if ":" in k}):
            q, at = lat("quiet", kind), lat("attack", kind)
            print("    %-14s quiet %7.1f / %7.1f   attacked %7.1f / %7.1f" % (
                kind, pct(q, 50) * 1e3, pct(q, 99) * 1e3, pct(at, 50) * 1e3, pct(at, 99) * 1e3))
    ratio = pct(lat("attack"), 99) / pct(lat("quiet"), 99)
    print("p99 attacked / quiet (all legitimate requests): %.2f (bound %.1f) %s" %
          (ratio, P99_RATIO, "ok" if ratio <= P99_RATIO else "FAIL"))
    ok &= ratio <= P99_RATIO
    print("A's peak RSS: %.1f MB (VmHWM, the whole run; bound %d MB) %s" %
          (peak, PEAK_MB, "ok" if peak <= PEAK_MB else "FAIL"))
    print("  largest samples (every 0.1 s): RSS %.1f MB while attacked, %.1f MB in all "
          "(of which at most anonymous %.1f, file-backed %.1f: the store's pages, "
          "trimmed past the room the daemon's own memory leaves under --trim-room, default 160 MB, "
          "or past --trim, default 16 MB, when that is more)" % (rss.get("attacked", 0), rss.get("VmRSS", 0),
                                  rss.get("RssAnon", 0), rss.get("RssFile", 0)))
    ok &= peak <= PEAK_MB
    print("A's CPU: %.2f s/s quiet, %.2f s/s attacked" %
          (cpu["quiet"][0] / max(cpu["quiet"][1], 1), cpu["attack"][0] / max(cpu["attack"][1], 1)))
    print("watchers: %d events, %d gaps, %d dropped" % (watch_stats["events"], watch_stats["gaps"],
                                                         watch_stats["dropped"]))
    ok &= watch_stats["gaps"] == 0
    print("A stopped in %.2f s, exit %d" % (stop_secs, rc_stop))
    print("A's own count: %s" % (summary[-1].split("info: ", 1)[-1] if summary else "(none)"))
    for k in kinds:
        c = attack_counts[k]
        print("  attacker %-9s %s" % (k, ", ".join("%s %d" % (x, y) for x, y in sorted(c.items()) if y)))
    if attack_counts["takeover"].get("started"):
        print("a second daemon started on A's socket: FAIL")
        ok = False
    print("legitimate requests that failed: %d" % len(rec.failures))
    for f in rec.failures[:10]:
        print("  " + f)
    print("result: %s" % ("PASS" if ok else "FAIL"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
