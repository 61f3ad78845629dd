"""SIGTERM and SIGINT while clients append and watch: dossierd finishes
the commits in flight, answers them, tells every client it is shutting
down, and exits 0; after a restart every acknowledged event is there."""
import os
import signal
import socket
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from svc import *  # noqa: E402,F401
import dsrwire as w  # noqa: E402

t = tmpdir()
data = os.path.join(t, "data")

for sig in (signal.SIGTERM, signal.SIGINT):
    d = Daemon(data)
    acked, reasons = [], []
    lock = threading.Lock()

    def appender(k):
        s = w.connect_unix(d.sock)
        w.handshake(s)
        i = 0
        # Two requests in flight, so some are mid-commit at the signal.
        pending = {}
        while True:
            while len(pending) < 2:
                i += 1
                texts = ["%s %d.%d.%d" % (sig.name, k, i, j) for j in range(3)]
                try:
                    s.sendall(w.append_notes(i, texts))
                except OSError:
                    return
                pending[i] = texts
            try:
                f = w.recv_frame(s)
            except OSError:
                # A reset after the goodbye's deadline: the daemon is gone.
                return
            if f is None:
                return
            rid, num, body = w.parse_response(f)
            if num == w.RSP_GOODBYE:
                with lock:
                    reasons.append(body)
                continue
            if num != w.RSP_APPENDED:
                continue
            _, ops = w.parse_append_result(body)
            with lock:
                acked.extend((op[1], txt) for op, txt in zip(ops, pending.pop(rid)) if op[0] == 0)

    watch = d.popen("watch")
    # A watcher that reads (one that does not is cut off after a delay).
    wout = []
    wt = threading.Thread(target=lambda: wout.append(watch.stdout.read()), daemon=True)
    wt.start()
    threads = [threading.Thread(target=appender, args=(k,)) for k in range(4)]
    for th in threads:
        th.start()
    time.sleep(1.0)
    rc = d.stop(sig)
    for th in threads:
        th.join(30)
    watch.wait(30)
    err = watch.stderr.read()
    check(rc == 0, "%s: exit 0, got %d:\n%s" % (sig.name, rc, d.logtext()))
    check(b"shutting down" in err, "%s: the watcher was told: %r" % (sig.name, err))
    check(watch.returncode == 3, "watch exits 3 when the daemon goes")
    check(len(reasons) >= 1, "%s: appenders were told (%d)" % (sig.name, len(reasons)))
    check(not os.path.exists(d.sock), "%s: the socket file is removed" % sig.name)
    check(acked, "%s: some appends were acknowledged" % sig.name)
    d = Daemon(data)
    import json
    log = {}
    for l in d.run("log", "--json")[1].splitlines():
        e = json.loads(l)
        log[e["pos"]] = e["event"]
    for pos, text in acked:
        check(log.get(pos, {}).get("note", {}).get("text") == text,
              "%s: acknowledged %r at %d survives" % (sig.name, text, pos))
    print("%s: %d acknowledged events all present" % (sig.name, len(acked)))
    check(d.stop() == 0, "stop after check")
print("ok")
