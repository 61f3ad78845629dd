#!/usr/bin/env python3
"""bench_repl.py: replication benchmarks, on real daemons over
loopback, each beside a baseline measured in the same run.

  catch-up  N events (default 1,000,000, the ingest mix) from one dossierd
            to an empty one with `dossier sync`, events/s; baseline: raw
            LMDB scanning the same log and appending it to a fresh
            environment (bench_repl_raw), and the store's own ceiling
            (bench_repl_core: dsr_store_apply of the same events, and the
            replication state machine in memory).  Medians of --runs.
  lag       two daemons replicating continuously (one --peer the other);
            an analyst appends events to the first at --rate events/s for
            --seconds; the delay from the first daemon's acknowledgement
            (committed there) to the event arriving on a subscription to
            the second (committed there), p50 and p99.  Medians of --runs.

Both daemons commit durably (fsync), as in production.

BENCH_PERF=FILE records a perf profile of the receiving daemon's catch-up.

usage: bench_repl.py [--build DIR] [--dir DIR] [--events N] [--runs N]
                     [--rate R] [--seconds S] [--skip-catchup] [--skip-lag]
                     [--skip-core]
"""
import argparse
import json
import os
import shutil
import socket
import statistics
import struct
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tests", "service"))
import dsrwire as w  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("--build", default=os.environ.get("DSR_BUILD", os.path.join(HERE, "..", "..", "build")))
ap.add_argument("--dir", default="/tmp/dossier-bench-repl")
ap.add_argument("--events", type=int, default=1000000)
ap.add_argument("--runs", type=int, default=3)
ap.add_argument("--rate", type=int, default=1000)
ap.add_argument("--seconds", type=float, default=30)
ap.add_argument("--skip-catchup", action="store_true")
ap.add_argument("--skip-lag", action="store_true")
ap.add_argument("--skip-core", action="store_true",
                help="skip the store-only and in-memory figures (bench_repl_core)")
args = ap.parse_args()
B = os.path.abspath(args.build)
DOSSIERD = os.path.join(B, "daemon", "dossierd")
DOSSIER = os.path.join(B, "client", "dossier")
TOOLS = os.path.join(B, "bench", "replication")
root = os.path.abspath(args.dir)
os.makedirs(root, exist_ok=True)
procs = []


class D:
    def __init__(self, name, fresh=True):
        self.data = os.path.join(root, name)
        if fresh:
            shutil.rmtree(self.data, ignore_errors=True)
        os.makedirs(self.data, exist_ok=True)
        self.port = w.free_port()
        self.sock = os.path.join(root, name + ".sock")
        self.p = None

    def start(self, *extra):
        self.log = open(self.data + ".log", "ab")
        self.p = subprocess.Popen([DOSSIERD, "--data", self.data, "--socket", self.sock,
                                   "--listen", "127.0.0.1:%d" % self.port] + list(extra),
                                  stdout=self.log, stderr=self.log)
        procs.append(self.p)
        for _ in range(400):
            try:
                s = socket.socket(socket.AF_UNIX)
                s.connect(self.sock)
                s.close()
                return self
            except OSError:
                time.sleep(0.025)
        raise SystemExit("dossierd did not start: " + self.data)

    def stop(self):
        if self.p and self.p.poll() is None:
            self.p.terminate()
            self.p.wait(60)

    def key(self):
        with open(os.path.join(self.data, "peer.key")) as f:
            return f.read().strip()[64:128]

    def dossier(self, *a):
        out = subprocess.run([DOSSIER, "--socket", self.sock] + list(a), capture_output=True,
                             check=True, timeout=3600)
        return out.stdout.decode()


def keys_for(*ds):
    for d in ds:
        d.start()
        d.stop()
    return [d.key() for d in ds]


def threads_cpu(p):
    """CPU seconds of each thread of process p, largest first."""
    hz = os.sysconf("SC_CLK_TCK")
    out = []
    try:
        for tid in os.listdir("/proc/%d/task" % p.pid):
            with open("/proc/%d/task/%s/stat" % (p.pid, tid)) as f:
                fl = f.read().rsplit(")", 1)[1].split()
            out.append((int(fl[11]) + int(fl[12])) / hz)
    except OSError:
        pass
    return sorted(out, reverse=True)


def med(xs):
    return statistics.median(xs)


results = {}

# ---- catch-up ------------------------------------------------------------------
if not args.skip_catchup:
    src = D("src", fresh=False)
    have = 0
    marker = os.path.join(root, "src.events")
    if os.path.exists(marker):
        with open(marker) as f:
            have = int(f.read())
    if have != args.events:
        shutil.rmtree(src.data, ignore_errors=True)
        print("filling the source store with %d events of the ingest mix..." % args.events, flush=True)
        subprocess.run([os.path.join(TOOLS, "bench_repl_fill"), src.data, str(args.events)],
                       check=True, stdout=subprocess.DEVNULL)
        with open(marker, "w") as f:
            f.write(str(args.events))
    dst = D("dst")
    ksrc, kdst = keys_for(src, dst)
    raw, repl, ratio = [], [], []
    for r in range(args.runs):
        rawdir = os.path.join(root, "raw")
        shutil.rmtree(rawdir, ignore_errors=True)
        out = subprocess.run([os.path.join(TOOLS, "bench_repl_raw"), src.data, rawdir, "16384"],
                             capture_output=True, check=True).stdout.decode().split()
        shutil.rmtree(rawdir, ignore_errors=True)
        raw_eps = float(out[2])
        for f in ("data.mdb", "lock.mdb"):
            try:
                os.unlink(os.path.join(dst.data, f))
            except FileNotFoundError:
                pass
        src.start("--allow-peer", kdst)
        dst.start("--allow-peer", ksrc)
        perf = None
        if os.environ.get("BENCH_PERF"):
            # Profile the receiving daemon during the catch-up.
            perf = subprocess.Popen(["perf", "record", "-g", "-o", os.environ["BENCH_PERF"],
                                     "-p", str(dst.p.pid)], stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL)
            time.sleep(1)
        t0 = time.monotonic()
        res = json.loads(dst.dossier("sync", "127.0.0.1:%d" % src.port, "--json"))
        wall = time.monotonic() - t0
        cpu_dst, cpu_src = threads_cpu(dst.p), threads_cpu(src.p)
        if perf:
            perf.send_signal(2)
            perf.wait()
        dst.stop()
        src.stop()
        if res["received"] != args.events:
            raise SystemExit("catch-up stored %d of %d events" % (res["received"], args.events))
        eps = res["received"] / wall
        raw.append(raw_eps)
        repl.append(eps)
        ratio.append(eps / raw_eps)
        print("run %d: catch-up %d events in %.2f s: %.0f events/s; raw LMDB scan+append %.0f "
              "events/s; ratio %.2f" % (r + 1, res["received"], wall, eps, raw_eps, eps / raw_eps),
              flush=True)
        print("  CPU seconds by thread (busiest first): receiver %s; sender %s" %
              (" ".join("%.2f" % c for c in cpu_dst[:4]), " ".join("%.2f" % c for c in cpu_src[:4])),
              flush=True)
    c = {"store": 0.0, "repl": 0.0}
    if not args.skip_core:
        core = subprocess.run([os.path.join(TOOLS, "bench_repl_core"), src.data, root],
                              capture_output=True, check=True).stdout.decode().split("\n")
        c = {l.split()[0]: float(l.split()[3]) for l in core if l.strip()}
    results["catchup"] = dict(events=args.events, runs=args.runs, daemon_eps=med(repl),
                              raw_eps=med(raw), ratio=med(ratio), store_eps=c["store"],
                              core_repl_eps=c["repl"])
    print("catch-up (median of %d): %.0f events/s; raw LMDB %.0f events/s (ratio %.2f); the "
          "store's own apply of the same events %.0f events/s, the state machine in memory "
          "%.0f events/s; target >= 200000" % (args.runs, med(repl), med(raw), med(ratio),
                                               c["store"], c["repl"]), flush=True)

# ---- lag -------------------------------------------------------------------------


def note(text):
    return w.field_bytes(23, w.field_varint(1, 1) + w.field_bytes(3, "Sony Pictures") +
                         w.field_bytes(4, text))


def connect(sock):
    s = socket.socket(socket.AF_UNIX)
    s.connect(sock)
    s.sendall(w.frame(w.request(1, w.REQ_HELLO, w.hello(client="bench-repl"))))
    w.recv_frame(s)
    return s


def lag_run(rate, seconds):
    a, b = D("lag-a"), D("lag-b")
    ka, kb = keys_for(a, b)
    a.start("--allow-peer", kb)
    b.start("--allow-peer", ka, "--peer", "127.0.0.1:%d" % a.port)
    # Wait for the link (b's vector reached a).
    for _ in range(200):
        if '"live"' in a.dossier("peers", "--json"):
            break
        time.sleep(0.05)
    acked = {}          # request id -> monotonic ns of a's acknowledgement
    seen = {}           # request id -> [arrival ns at b]
    sub = connect(b.sock)
    sub.sendall(w.subscribe(2, now=True))
    stop = threading.Event()

    def reader():
        sub.settimeout(0.5)
        while not stop.is_set():
            try:
                f = w.recv_frame(sub)
            except socket.timeout:
                continue
            if f is None:
                return
            t = time.monotonic_ns()
            rid, num, body = w.parse_response(f)
            if num != w.RSP_LOG:
                continue
            evs, _ = w.parse_log_batch(body)
            for _, ev in evs:
                for n, _, v in w.fields(ev):
                    if n == 23:
                        for m, _, x in w.fields(v):
                            if m == 4 and x.startswith(b"lag "):
                                seen.setdefault(int(x.split()[1]), []).append(t)

    app = connect(a.sock)

    def acks():
        app.settimeout(0.5)
        while not stop.is_set():
            try:
                f = w.recv_frame(app)
            except socket.timeout:
                continue
            if f is None:
                return
            rid, num, body = w.parse_response(f)
            if num == w.RSP_APPENDED:
                acked[rid] = time.monotonic_ns()

    th = [threading.Thread(target=reader), threading.Thread(target=acks)]
    for t in th:
        t.start()
    per = max(1, rate // 100)        # events per request, one request per 10 ms
    n_req = int(seconds * rate / per)
    start = time.monotonic()
    sent = {}
    for i in range(n_req):
        due = start + i * per / rate
        d = due - time.monotonic()
        if d > 0:
            time.sleep(d)
        rid = 10 + i
        body = b"".join(w.field_bytes(2, note("lag %d %d" % (rid, k))) for k in range(per))
        sent[rid] = time.monotonic_ns()
        app.sendall(w.frame(w.request(rid, w.REQ_APPEND, body)))
    end = time.time() + 30
    while time.time() < end and sum(len(v) for v in seen.values()) < n_req * per:
        time.sleep(0.05)
    stop.set()
    for t in th:
        t.join()
    app.close()
    sub.close()
    b.stop()
    a.stop()
    lags, e2e = [], []
    for rid, ts in seen.items():
        for t in ts:
            if rid in acked:
                lags.append(max(0, t - acked[rid]) / 1e6)
            e2e.append((t - sent[rid]) / 1e6)
    got = sum(len(v) for v in seen.values())
    if got < n_req * per:
        raise SystemExit("lag: %d of %d events arrived" % (got, n_req * per))
    lags.sort()
    e2e.sort()

    def pct(xs, p):
        return xs[min(len(xs) - 1, int(p * len(xs)))]
    return dict(events=got, p50=pct(lags, 0.5), p99=pct(lags, 0.99), max=lags[-1],
                e2e_p50=pct(e2e, 0.5), e2e_p99=pct(e2e, 0.99),
                achieved_rate=got / seconds)


if not args.skip_lag:
    runs = []
    for r in range(args.runs):
        x = lag_run(args.rate, args.seconds)
        runs.append(x)
        print("run %d: %d events at %d/s: lag p50 %.1f ms, p99 %.1f ms, max %.1f ms "
              "(append sent to arrival: p50 %.1f ms, p99 %.1f ms)" %
              (r + 1, x["events"], args.rate, x["p50"], x["p99"], x["max"], x["e2e_p50"],
               x["e2e_p99"]), flush=True)
    results["lag"] = dict(rate=args.rate, seconds=args.seconds, runs=args.runs,
                          p50=med([x["p50"] for x in runs]), p99=med([x["p99"] for x in runs]),
                          e2e_p50=med([x["e2e_p50"] for x in runs]),
                          e2e_p99=med([x["e2e_p99"] for x in runs]))
    print("lag (median of %d runs): p50 %.1f ms, p99 %.1f ms (target p99 <= 100 ms); "
          "from the append being sent: p50 %.1f ms, p99 %.1f ms" %
          (args.runs, results["lag"]["p50"], results["lag"]["p99"], results["lag"]["e2e_p50"],
           results["lag"]["e2e_p99"]), flush=True)

with open(os.path.join(root, "results.json"), "w") as f:
    json.dump(results, f, indent=1)
for p in procs:
    if p.poll() is None:
        p.kill()
