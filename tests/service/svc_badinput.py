"""Bad input on the wire: random bytes, a truncated frame, an oversized
length, a wrong protocol version, a request before the handshake, an
unauthenticated and a wrongly authenticated TCP client.  Each gets an
error frame naming the problem and is disconnected; a well-behaved client
connected all along keeps being served."""
import os
import random
import socket
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from svc import *  # noqa: E402,F401
import dsrwire as w  # noqa: E402


t = tmpdir()
port = w.free_port()
d = Daemon(os.path.join(t, "data"), "--listen", "127.0.0.1:%d" % port)
token = open(os.path.join(t, "data", "token")).read().strip()
check(oct(os.stat(os.path.join(t, "data", "token")).st_mode & 0o777) == "0o600", "token mode 0600")
check(oct(os.stat(d.sock).st_mode & 0o777) == "0o600", "socket mode 0600")

# A good client, connected through everything below.
good = w.connect_unix(d.sock)
ok, _ = w.handshake(good)
check(ok, "good client handshake")
rid = [10]


def good_still_served():
    rid[0] += 1
    good.sendall(w.append_notes(rid[0], ["still here %d" % rid[0]]))
    r, num, body = w.parse_response(w.recv_frame(good))
    check(r == rid[0] and num == w.RSP_APPENDED, "good client answered (%d, %d)" % (r, num))
    stored, ops = w.parse_append_result(body)
    check(stored == 1 and ops[0][0] == 0, "good client's append stored: %r" % (ops,))


def expect_error(sock, code, what, shut=False):
    if shut:
        sock.shutdown(socket.SHUT_WR)
    f = w.recv_frame(sock)
    check(f is not None, "%s: an error frame before the close" % what)
    rid_, num, body = w.parse_response(f)
    check(num == w.RSP_ERROR and rid_ == 0, "%s: error on the connection, got body %d" % (what, num))
    c, msg = w.parse_error(body)
    check(c == code, "%s: code %d (%s), wanted %d" % (what, c, msg, code))
    check(msg, "%s: a message" % what)
    check(w.recv_frame(sock) is None, "%s: then the connection closes" % what)
    sock.close()
    good_still_served()
    print("%s: %s" % (what, msg))


rng = random.Random(4)
# Random bytes (a length far over the pre-handshake limit, or garbage body).
for i in range(20):
    s = w.connect_unix(d.sock)
    junk = bytes(rng.getrandbits(8) for _ in range(rng.randint(5, 3000)))
    s.sendall(junk)
    s.shutdown(socket.SHUT_WR)
    f = w.recv_frame(s)
    check(f is not None, "random bytes %d: an error frame" % i)
    _, num, body = w.parse_response(f)
    check(num == w.RSP_ERROR, "random bytes %d: error" % i)
    s.close()
good_still_served()

# Random bytes framed correctly (a body that is not a Request).
s = w.connect_unix(d.sock)
s.sendall(w.frame(b"\xff\xff\xff\xff\x0f"))
expect_error(s, w.ERR["DECODE"], "undecodable body")

# A truncated frame: announced 100 bytes, 10 sent, then end of stream.
s = w.connect_unix(d.sock)
s.sendall(struct.pack(">I", 100) + b"0123456789")
expect_error(s, w.ERR["FRAME"], "truncated frame", shut=True)

# An oversized length, before and after the handshake.
s = w.connect_unix(d.sock)
s.sendall(b"\xff\xff\xff\xf0")
expect_error(s, w.ERR["TOOBIG"], "oversized length before hello")
s = w.connect_unix(d.sock)
check(w.handshake(s)[0], "handshake")
s.sendall(struct.pack(">I", 64 << 20))
expect_error(s, w.ERR["TOOBIG"], "oversized length after hello")

# A wrong protocol version.
s = w.connect_unix(d.sock)
s.sendall(w.frame(w.request(1, w.REQ_HELLO, w.hello(version=99))))
expect_error(s, w.ERR["VERSION"], "wrong version")

# A request before the handshake.
s = w.connect_unix(d.sock)
s.sendall(w.frame(w.request(1, w.REQ_STATUS, b"")))
expect_error(s, w.ERR["AUTH"], "no hello")

# TCP: no token, a wrong token, then the right one.
s = socket.create_connection(("127.0.0.1", port), timeout=10)
s.sendall(w.frame(w.request(1, w.REQ_HELLO, w.hello())))
expect_error(s, w.ERR["AUTH"], "tcp without token")
s = socket.create_connection(("127.0.0.1", port), timeout=10)
s.sendall(w.frame(w.request(1, w.REQ_HELLO, w.hello(token="0" * 64))))
expect_error(s, w.ERR["AUTH"], "tcp with a wrong token")
s = socket.create_connection(("127.0.0.1", port), timeout=10)
ok, _ = w.handshake(s, token=token)
check(ok, "tcp with the token")
s.close()

# An unknown request body after the handshake: that request fails, the
# connection stays.
s = w.connect_unix(d.sock)
check(w.handshake(s)[0], "handshake")
s.sendall(w.frame(w.field_varint(1, 5) + w.field_bytes(200, "x")))
r, num, body = w.parse_response(w.recv_frame(s))
check(r == 5 and num == w.RSP_ERROR, "unknown request answered with an error")
s.sendall(w.append_notes(6, ["after unknown"]))
r, num, _ = w.parse_response(w.recv_frame(s))
check(r == 6 and num == w.RSP_APPENDED, "connection still serves after an unknown request")
s.close()

# The client over TCP, token from a file and from the environment.
tf = os.path.join(t, "tok")
with open(tf, "w") as f:
    f.write(token + "\n")
env = dict(os.environ, DOSSIER_CONNECT="127.0.0.1:%d" % port)
env.pop("DOSSIER_SOCKET", None)
p = subprocess.run([DOSSIER, "status", "--token-file", tf], env=env, capture_output=True)
check(p.returncode == 0, "dossier over TCP with --token-file: %s" % p.stderr.decode())
p = subprocess.run([DOSSIER, "status"], env=dict(env, DOSSIER_TOKEN=token), capture_output=True)
check(p.returncode == 0, "dossier over TCP with DOSSIER_TOKEN: %s" % p.stderr.decode())
p = subprocess.run([DOSSIER, "status"], env=dict(env, DOSSIER_TOKEN="f" * 64), capture_output=True)
check(p.returncode == 3, "dossier over TCP with a wrong token exits 3")

# A binary "article" and an empty one: refused, nothing stored.
before = d.json("status")["log_end"]
binf = os.path.join(t, "binary.txt")
with open(binf, "wb") as f:
    f.write(bytes(range(256)) * 64)
rc, out, err = d.run("ingest", binf, check_rc=5)
check("UTF-8" in err, "binary article: a clear error: %r" % err)
empty = os.path.join(t, "empty.txt")
open(empty, "w").close()
d.run("ingest", empty, check_rc=1)
d.run("ingest", os.path.join(t, "no-such-file"), check_rc=5)
check(d.json("status")["log_end"] == before, "refused articles store nothing")

good_still_served()
good.close()
check(d.stop() == 0, "clean shutdown")
print("ok")
