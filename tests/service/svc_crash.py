"""kill -9 of dossierd during a long ingest (and raw appends), then a
restart: every acknowledged event is there, and the views equal a rebuild
of them from the log (dossierd --check)."""
import json
import os
import random
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from svc import *  # noqa: E402,F401
import dsrwire as w  # noqa: E402

gold()
t = tmpdir()
data = os.path.join(t, "data")
d = Daemon(data, "--trim", "1", "--trim-room", "0")
arts = varied_articles(os.path.join(t, "arts"), 4000)
acked = []          # (article id, first_pos, last_pos, events)
acked_notes = []    # (pos, text)
stop = threading.Event()
lock = threading.Lock()


def ingester(paths):
    for p in paths:
        if stop.is_set():
            return
        r = subprocess.run([DOSSIER, "ingest", "--json", "--published", "2014-12-19", p],
                           env=d.env(), capture_output=True)
        if r.returncode != 0:
            return
        res = json.loads(r.stdout)[0]["result"]
        with lock:
            acked.append((res["article"], res.get("first_pos", 0), res.get("last_pos", 0),
                          res.get("events", 0)))


def appender(k):
    try:
        s = w.connect_unix(d.sock)
        w.handshake(s)
        i = 0
        while not stop.is_set():
            texts = ["note %d.%d.%d" % (k, i, j) for j in range(5)]
            s.sendall(w.append_notes(i + 1, texts))
            f = w.recv_frame(s)
            if f is None:
                return
            _, num, body = w.parse_response(f)
            if num != w.RSP_APPENDED:
                return
            stored, ops = w.parse_append_result(body)
            with lock:
                acked_notes.extend((op[1], txt) for op, txt in zip(ops, texts) if op[0] == 0)
            i += 1
    except OSError:
        return


# One more client pipelines a whole directory on one connection; after the
# kill it still reports what was acknowledged.
bulk_dir = os.path.join(t, "bulk")
varied_articles(bulk_dir, 3000, start=100000)
bulk = subprocess.Popen([DOSSIER, "ingest", "--json", "--published", "2014-12-19", bulk_dir],
                        env=d.env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)

threads = [threading.Thread(target=ingester, args=(arts[i::3],)) for i in range(3)]
threads += [threading.Thread(target=appender, args=(k,)) for k in range(2)]
for th in threads:
    th.start()
time.sleep(1.0 + random.random())
d.kill9()
stop.set()
for th in threads:
    th.join(60)
bout, berr = bulk.communicate(timeout=60)
check(bulk.returncode == 3, "the bulk ingest lost its daemon: exit %d, %s" % (bulk.returncode, berr))
bulk_res = json.loads(bout)
bulk_acked = [r["result"] for r in bulk_res if "result" in r]
check(len(bulk_res) == 3000 and all("result" in r or "error" in r for r in bulk_res),
      "the bulk ingest reports every file")
for r in bulk_acked:
    acked.append((r["article"], r.get("first_pos", 0), r.get("last_pos", 0), r.get("events", 0)))
print("bulk ingest: %d of 3000 acknowledged before the kill" % len(bulk_acked))
check(len(acked) > 0 and len(acked_notes) > 0,
      "something was acknowledged before the kill (%d, %d)" % (len(acked), len(acked_notes)))
print("acknowledged before kill -9: %d articles, %d notes" % (len(acked), len(acked_notes)))

d = Daemon(data, "--trim", "1", "--trim-room", "0")
st = d.json("status")
for art, first, last, n in acked:
    d.run("articles", art, "--json")
    if n:
        evs = [json.loads(l) for l in d.run("log", "--from", str(first), "--limit",
                                             str(last - first + 1), "--json")[1].splitlines()]
        check(evs and evs[0]["event"].get("article", {}).get("id") == art,
              "article %s at position %d" % (art, first))
log = {}
for l in d.run("log", "--json")[1].splitlines():
    e = json.loads(l)
    log[e["pos"]] = e["event"]
for pos, text in acked_notes:
    check(pos in log and log[pos].get("note", {}).get("text") == text,
          "acknowledged note %r at %d is in the log" % (text, pos))
check(len(log) == st["log_end"] - 1, "log holds positions 1..end-1")
check(d.stop() == 0, "clean shutdown after restart")
p = subprocess.run([DOSSIERD, "--check", "--data", data], capture_output=True, timeout=300)
out = p.stdout.decode()
check(p.returncode == 0 and out.strip().endswith("ok"), "views equal a rebuild:\n%s%s" %
      (out, p.stderr.decode()))
print(out.strip())
print("ok")
