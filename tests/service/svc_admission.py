"""Nobody can lock the others out by opening connections.

With the daemon held to 1,024 descriptors, attackers keep 1,100 idle TCP
connections open (reopening whatever the daemon closes) for several
seconds, first all from one address, then spread over forty.  Meanwhile:

- `dossier status` on the Unix socket always answers, fast;
- a TCP client with the token connects, says hello and is answered;
- a TCP client that authenticated before the flood keeps being served;
- the daemon logs what it refused and shed, a few lines, not one per
  connection.

Then the per-address cap (--max-per-addr) and the handshake deadline
(--handshake-timeout) each on their own."""
import os
import resource
import socket
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from svc import *  # noqa: E402,F401
import dsrwire as w  # noqa: E402

soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
if hard != resource.RLIM_INFINITY and hard < 4000:
    skip("needs 4,000 descriptors for the attackers (hard limit %d)" % hard)
resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def limit_fds():
    resource.setrlimit(resource.RLIMIT_NOFILE, (1024, 1024))


t = tmpdir()
port = w.free_port()


def tcp(src="127.0.0.1", timeout=2.0):
    s = socket.socket()
    s.settimeout(timeout)
    s.bind((src, 0))
    s.connect(("127.0.0.1", port))
    return s


def tcp_client(token, rid=2):
    """Connects over TCP with the token, says hello and asks for status.
    Returns the seconds it took; fails when not served."""
    t0 = time.time()
    s = tcp(timeout=10)
    ok, resp = w.handshake(s, token)
    check(ok, "TCP hello with the token answered with Welcome, got %r" % (resp,))
    s.sendall(w.frame(w.request(rid, w.REQ_STATUS, b"")))
    r, num, _ = w.parse_response(w.recv_frame(s))
    check(num == w.RSP_STATUS, "TCP status answered (body %d)" % num)
    s.close()
    return time.time() - t0


class Flood:
    """Keeps `n` idle TCP connections open, spread over `addrs` source
    addresses, reopening those the daemon closes."""

    def __init__(self, n, addrs):
        self.n, self.addrs = n, addrs
        self.socks = []
        self.opened = self.lost = 0
        self.stop = False
        self.th = threading.Thread(target=self.run, daemon=True)
        self.th.start()

    def run(self):
        i = 0
        while not self.stop:
            # Forget the connections the daemon closed.
            alive = []
            for s in self.socks:
                try:
                    s.setblocking(False)
                    if s.recv(4096, socket.MSG_PEEK) == b"":
                        raise OSError
                    alive.append(s)    # bytes: an error frame; closed next
                except BlockingIOError:
                    alive.append(s)
                except OSError:
                    s.close()
                    self.lost += 1
            self.socks = alive
            while len(self.socks) < self.n and not self.stop:
                try:
                    s = tcp(self.addrs[i % len(self.addrs)], timeout=0.5)
                    self.socks.append(s)
                    self.opened += 1
                except OSError:
                    pass
                i += 1
            time.sleep(0.05)

    def end(self):
        self.stop = True
        self.th.join(30)
        for s in self.socks:
            s.close()


def attack(d, token, addrs, seconds, what):
    old = tcp(timeout=10)
    ok, _ = w.handshake(old, token)
    check(ok, "%s: the early client's hello" % what)
    flood = Flood(1100, addrs)
    time.sleep(1.0)
    worst_unix = worst_tcp = 0.0
    end = time.time() + seconds
    n = 0
    while time.time() < end:
        n += 1
        t0 = time.time()
        rc, out, err = d.run("status", check_rc=None, timeout=30)
        took = time.time() - t0
        check(rc == 0, "%s: dossier status on the Unix socket under attack: exit %d: %s"
              % (what, rc, err.strip()))
        worst_unix = max(worst_unix, took)
        worst_tcp = max(worst_tcp, tcp_client(token, n))
        old.sendall(w.frame(w.request(100 + n, w.REQ_STATUS, b"")))
        r, num, _ = w.parse_response(w.recv_frame(old))
        check(num == w.RSP_STATUS, "%s: the early TCP client is still served" % what)
        time.sleep(0.2)
    flood.end()
    old.close()
    check(worst_unix < 3 and worst_tcp < 3,
          "%s: legitimate clients answered within 3 s (Unix %.2f s, TCP %.2f s)"
          % (what, worst_unix, worst_tcp))
    print("%s: %d rounds, worst Unix %.3f s, worst TCP %.3f s; attackers opened %d, "
          "closed by the daemon %d" % (what, n, worst_unix, worst_tcp, flood.opened, flood.lost))
    return flood


# 1. Default limits, 1,024 descriptors.
d = Daemon(os.path.join(t, "a"), "--listen", "127.0.0.1:%d" % port, preexec_fn=limit_fds)
token = open(os.path.join(t, "a", "token")).read().strip()
attack(d, token, ["127.0.0.1"], 6, "one address")
attack(d, token, ["127.0.0.%d" % i for i in range(2, 42)], 6, "forty addresses")
log = d.logtext()
lines = [l for l in log.splitlines() if "refused" in l or "shed" in l]
check(lines, "the daemon logged what it refused or shed")
check(len(lines) <= 80, "refusals are logged a few lines at a time, not %d lines" % len(lines))
print("logged: %d lines, e.g. %s" % (len(lines), lines[-1].split(": ", 1)[-1]))
check(d.stop() == 0, "stops cleanly after the attacks")

# 2. The per-address cap: 50 idle connections from one address, 16 allowed.
d = Daemon(os.path.join(t, "b"), "--listen", "127.0.0.1:%d" % port, "--max-per-addr", "16")
token = open(os.path.join(t, "b", "token")).read().strip()
socks = [tcp("127.0.0.9") for _ in range(50)]
time.sleep(1.0)
open_ = 0
for s in socks:
    s.setblocking(False)
    try:
        if s.recv(4096, socket.MSG_PEEK) != b"":
            # An error frame: read it to find the close behind it.
            s.settimeout(2)
            f = w.recv_frame(s)
            _, num, body = w.parse_response(f)
            check(num == w.RSP_ERROR, "a refused connection is told why")
            check(w.recv_frame(s) is None, "then closed")
        # else: closed without a word
    except BlockingIOError:
        open_ += 1
    except OSError:
        pass
check(open_ <= 16, "at most 16 connections from one address stay open, %d did" % open_)
tcp_client(token)          # another address is not affected (127.0.0.1)
# A client from the capped address with the token: the oldest idle
# connection from there is shed for it.
t0 = time.time()
s = tcp("127.0.0.9", timeout=10)
ok, resp = w.handshake(s, token)
check(ok, "a client with the token from the capped address is served: %r" % (resp,))
s.close()
for s in socks:
    s.close()
print("per-address cap: %d of 50 stayed open" % open_)
check(d.stop() == 0, "stop")

# 3. The handshake deadline.
d = Daemon(os.path.join(t, "c"), "--listen", "127.0.0.1:%d" % port, "--handshake-timeout", "2")
s = tcp(timeout=10)
t0 = time.time()
f = w.recv_frame(s)
took = time.time() - t0
check(f is not None, "an idle connection is told before it is closed")
_, num, body = w.parse_response(f)
code, msg = w.parse_error(body)
check(num == w.RSP_ERROR and code == w.ERR["AUTH"] and "handshake" in msg,
      "the deadline's error: %d %r" % (code, msg))
check(1.5 <= took <= 4.5, "closed about 2 s after connecting (%.1f s)" % took)
print("handshake deadline: %.1f s: %s" % (took, msg))
check(d.stop() == 0, "stop")
print("ok")
