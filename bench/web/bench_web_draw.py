#!/usr/bin/python3
"""bench_web_draw.py: the time from navigation to a drawn timeline in
headless Chromium (issue 15, point 8), on a large knowledge base and, in
the same run, on the five sample articles (the baseline: what loading the
workspace itself costs).

The page sets window.__timelineDrawn to performance.now() when the
timeline's SVG is first drawn (daemon/web/timeline.js); performance.now()
counts from the navigation's start, so the figure is the time from
navigation to a drawn timeline, read by selenium.  Each run is a fresh
navigation (a new document) to /#/timeline after the login.

usage: bench/web/bench_web_draw.py --data DIR [--runs N] [--build DIR]
  --data DIR   a store of the size to measure (scripts/bench-scale.sh
               --keep DIR --sizes 10000 --no-big --no-exports makes one of
               10,000 articles; docs/benchmarks.md)
  --runs N     navigations timed on each store (default 15)
  --build DIR  the build directory (default: build beside bench/)
  --json FILE  also write the figures as JSON
Runs with Debian's python3 (selenium), chromium and chromium-driver."""
import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

SRC = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


class Daemon:
    def __init__(self, build, data, tmp):
        self.build = build
        self.sock = os.path.join(tmp, "d%d.sock" % id(self))
        self.port = free_port()
        self.log = open(os.path.join(tmp, "dossierd-%d.log" % self.port), "ab")
        self.proc = subprocess.Popen([os.path.join(build, "daemon", "dossierd"), "--data", data, "--socket", self.sock,
                                      "--http", "127.0.0.1:%d" % self.port, "--log-level", "warn"],
                                     stdout=self.log, stderr=self.log)
        end = time.time() + 120
        while time.time() < end:
            if self.proc.poll() is not None:
                sys.exit("bench_web_draw: dossierd exited (%s)" % self.log.name)
            try:
                socket.create_connection(("127.0.0.1", self.port), 0.5).close()
                if os.path.exists(self.sock):
                    return
            except OSError:
                pass
            time.sleep(0.1)
        sys.exit("bench_web_draw: dossierd did not start")

    def dossier(self, *args):
        env = dict(os.environ, DOSSIER_SOCKET=self.sock)
        env.pop("DOSSIER_CONNECT", None)
        return subprocess.run([os.path.join(self.build, "client", "dossier")] + list(args), env=env,
                              capture_output=True, check=True, timeout=600).stdout.decode()

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
    o = Options()
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,800"):
        o.add_argument(a)
    return webdriver.Chrome(options=o, service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"))


def measure(d, runs):
    drv = browser()
    try:
        drv.get(d.dossier("web", "--print").strip().splitlines()[-1])
        out = []
        rows = 0
        api = []
        for i in range(runs + 1):
            drv.get("about:blank")
            drv.get("http://127.0.0.1:%d/#/timeline" % d.port)
            end = time.time() + 60
            v = None
            while time.time() < end:
                v = drv.execute_script("return window.__timelineDrawn")
                if v is not None:
                    break
                time.sleep(0.02)
            if v is None:
                sys.exit("bench_web_draw: the timeline was not drawn in 60 s")
            rows = int(drv.execute_script("return +document.querySelector('svg.timeline').dataset.rows"))
            t_api = drv.execute_script("""return performance.getEntriesByType('resource')
                .filter(e => e.name.indexOf('/api/timeline') >= 0).map(e => e.duration)""")
            if i:  # the first navigation warms the daemon's pages and the browser's cache
                out.append(v)
                api.append(sum(t_api))
        return out, rows, api
    finally:
        drv.quit()


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100.0 * (len(xs) - 1))))]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True)
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--build", default=os.path.join(SRC, "build"))
    ap.add_argument("--json")
    a = ap.parse_args()
    build = os.path.abspath(a.build)
    tmp = tempfile.mkdtemp(prefix="bwdraw.", dir="/tmp")
    os.environ["XDG_CONFIG_HOME"] = os.path.join(tmp, "config")
    try:
        # The baseline: the five sample articles, in a fresh store.
        shared = os.environ.get("DSR_SHARED", os.path.join(SRC, "..", "shared"))
        corpus = os.path.join(shared, "corpus", "sony-2014")
        small = os.path.join(tmp, "small")
        os.makedirs(small)
        base = Daemon(build, small, tmp)
        with open(os.path.join(corpus, "gold.json")) as f:
            for doc in json.load(f)["docs"]:
                args = ["ingest", os.path.join(corpus, doc["file"])]
                for k in ("published", "title", "publisher"):
                    if doc.get(k):
                        args += ["--" + k, doc[k]]
                base.dossier(*args)
        b, brows, bapi = measure(base, a.runs)
        base.stop()
        big = Daemon(build, os.path.abspath(a.data), tmp)
        st = json.loads(big.dossier("status", "--json"))
        g, grows, gapi = measure(big, a.runs)
        big.stop()
    finally:
        shutil.rmtree(tmp, True)
    fig = {
        "articles": st["articles"], "entries": st["entries"], "runs": a.runs,
        "drawn_ms": {"p50": pct(g, 50), "p90": pct(g, 90), "max": max(g)},
        "timeline_api_ms": {"p50": pct(gapi, 50), "max": max(gapi)},
        "rows_drawn": grows,
        "baseline_5_articles_ms": {"p50": pct(b, 50), "p90": pct(b, 90), "max": max(b), "rows_drawn": brows,
                                   "timeline_api_p50": pct(bapi, 50)},
    }
    fig["ratio_p50"] = fig["drawn_ms"]["p50"] / max(0.001, fig["baseline_5_articles_ms"]["p50"])
    print("navigation to a drawn timeline, headless Chromium, %d runs each" % a.runs)
    print("  %-34s %8s %8s %8s %10s %6s" % ("store", "p50 ms", "p90 ms", "max ms", "api p50", "rows"))
    print("  %-34s %8.0f %8.0f %8.0f %10.1f %6d" % ("5 articles (baseline)", pct(b, 50), pct(b, 90), max(b), pct(bapi, 50), brows))
    print("  %-34s %8.0f %8.0f %8.0f %10.1f %6d" % ("%d articles, %d entries" % (st["articles"], st["entries"]),
                                                   pct(g, 50), pct(g, 90), max(g), pct(gapi, 50), grows))
    print("  ratio p50 large/baseline: %.2f; target: drawn <= 1500 ms: %s" %
          (fig["ratio_p50"], "met" if max(g) <= 1500 else "MISSED (max %.0f ms)" % max(g)))
    if a.json:
        with open(a.json, "w") as f:
            json.dump(fig, f, indent=1)


if __name__ == "__main__":
    main()
