"""`dossier watch` sees every event of concurrent ingests, in log order,
each with its position, identical to the log; and a watch resumed with
--from picks up exactly where another stopped."""
import json
import os
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from svc import *  # noqa: E402,F401

g = gold()
t = tmpdir()
d = Daemon(os.path.join(t, "data"), "--trim", "1", "--trim-room", "0")
arts = varied_articles(os.path.join(t, "arts"), 60)

watch = d.popen("watch", "--all", "--json")
lines = []


def reader():
    for line in watch.stdout:
        lines.append(line.decode())


rt = threading.Thread(target=reader, daemon=True)
rt.start()

# Three clients ingest at once: the corpus, and two halves of the variants.
procs = [d.popen("ingest", "--json", "--published", "2014-12-19", *arts[0::2]),
         d.popen("ingest", "--json", "--published", "2014-12-19", *arts[1::2])]
ingest_corpus(d)
for p in procs:
    out, err = p.communicate(timeout=120)
    check(p.returncode == 0, "concurrent ingest: %s" % err.decode())

end = d.json("status")["log_end"]
deadline = time.time() + 60
while len(lines) < end - 1 and time.time() < deadline:
    time.sleep(0.05)
check(len(lines) == end - 1, "watch saw %d events, the log holds %d" % (len(lines), end - 1))
seen = [json.loads(l) for l in lines]
check([e["pos"] for e in seen] == list(range(1, end)), "watch in log order, contiguous")
log = [json.loads(l) for l in d.run("log", "--json")[1].splitlines()]
check(seen == log, "watched events equal the log")
watch.terminate()
watch.wait()

# Resume from a position: exactly the rest.
half = end // 2
rc, out, _ = d.run("watch", "--from", str(half), "--count", str(end - half), "--json")
got = [json.loads(l)["pos"] for l in out.splitlines()]
check(got == list(range(half, end)), "watch --from %d gives %d..%d" % (half, half, end - 1))

# From now: sees only what comes next.
w2 = d.popen("watch", "--count", "1", "--json")
time.sleep(0.5)
d.run("ingest", os.path.join(CORPUS, g["docs"][0]["file"]), "--json")  # duplicate: nothing
extra = varied_articles(os.path.join(t, "extra"), 1, start=1000)
d.run("ingest", *extra, "--json")
out, _ = w2.communicate(timeout=30)
check(json.loads(out.decode().splitlines()[0])["pos"] == end, "watch from now starts at the end")
check(d.stop() == 0, "clean shutdown")
print("ok")
