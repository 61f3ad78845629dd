"""The small ones, each with its error message:

1. A Hello whose author is not valid UTF-8 (or too long) is refused at the
   Hello, naming the author, instead of every later write failing.
2. A token followed by a NUL byte and junk is refused.
3. A field of the wrong wire type is reported with the field's name.
4. A full disk says the disk is full, not "Input/output error", the daemon
   keeps serving reads, and writes work again once there is room (needs
   root to mount a small tmpfs; skipped otherwise)."""
import atexit
import os
import random
import socket
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from svc import *  # noqa: E402,F401
import dsrwire as w  # noqa: E402

t = tmpdir()
port = w.free_port()
d = Daemon(os.path.join(t, "data"), "--listen", "127.0.0.1:%d" % port)
token = open(os.path.join(t, "data", "token")).read().strip()


def refused(sock, hello_body, what, code=None, words=()):
    sock.sendall(w.frame(w.request(1, w.REQ_HELLO, hello_body)))
    f = w.recv_frame(sock)
    check(f is not None, "%s: an answer" % what)
    _, num, body = w.parse_response(f)
    check(num == w.RSP_ERROR, "%s: refused, got response body %d" % (what, num))
    c, msg = w.parse_error(body)
    if code is not None:
        check(c == code, "%s: code %d, wanted %d (%s)" % (what, c, code, msg))
    for word in words:
        check(word in msg, "%s: the message says %r: %r" % (what, word, msg))
    check(w.recv_frame(sock) is None, "%s: then the connection closes" % what)
    sock.close()
    print("%s: %s" % (what, msg))
    return msg


# 1. The author.
bad = w.field_varint(1, w.PROTOCOL_VERSION) + w.field_bytes(3, "test") + \
    w.field_bytes(5, b"ana\xff\xfelyst")
refused(w.connect_unix(d.sock), bad, "author not UTF-8", w.ERR["UTF8"], ("author", "UTF-8"))
long_ = w.field_varint(1, w.PROTOCOL_VERSION) + w.field_bytes(5, "a" * 300)
refused(w.connect_unix(d.sock), long_, "author too long", None, ("author", "256"))
# A good author still works, and is recorded on what the connection writes.
s = w.connect_unix(d.sock)
s.sendall(w.frame(w.request(1, w.REQ_HELLO, w.field_varint(1, w.PROTOCOL_VERSION) +
                            w.field_bytes(5, "anaïs"))))
_, num, _ = w.parse_response(w.recv_frame(s))
check(num == w.RSP_WELCOME, "a UTF-8 author is welcome")
s.sendall(w.append_notes(2, ["by anaïs"]))
_, num, body = w.parse_response(w.recv_frame(s))
check(num == w.RSP_APPENDED and w.parse_append_result(body)[0] == 1, "and can write")
s.close()

# 2. The token with a NUL and junk after it.
s = socket.create_connection(("127.0.0.1", port), timeout=10)
refused(s, w.hello(token=token + "\0junk"), "token with a NUL", w.ERR["DECODE"],
        ("token", "NUL"))
s = socket.create_connection(("127.0.0.1", port), timeout=10)
ok, _ = w.handshake(s, token)
check(ok, "the token alone is still accepted")
s.close()

# 3. A field of the wrong wire type: Hello.version as bytes.
bad = w.field_bytes(1, b"\x01") + w.field_bytes(3, "test")
msg = refused(w.connect_unix(d.sock), bad, "version as bytes", w.ERR["DECODE"],
              ("version", "wire type"))
check("malformed event" not in msg, "a request is not called an event: %r" % msg)
# Deeper: a note's text (a string) sent as a varint, in an Append.
s = w.connect_unix(d.sock)
w.handshake(s)
ev = w.field_bytes(23, w.field_varint(1, 1) + w.field_bytes(3, "Sony Pictures") +
                   w.field_varint(4, 7))
s.sendall(w.frame(w.request(2, w.REQ_APPEND, w.field_bytes(2, ev))))
f = w.recv_frame(s)
_, num, body = w.parse_response(f)
c, msg = w.parse_error(body)
check(num == w.RSP_ERROR and c == w.ERR["DECODE"], "wrong type in an event: %d %s" % (c, msg))
check("text" in msg and "note" in msg and "wire type" in msg,
      "the message names the field: %r" % msg)
print("text as a varint: %s" % msg)
s.close()
check(d.stop() == 0, "stop")

# 4. A full disk.
if os.geteuid() != 0:
    skip("the full-disk case needs root (a small tmpfs)")
mnt = os.path.join(t, "mnt")
os.makedirs(mnt)
if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", mnt],
                  capture_output=True).returncode != 0:
    skip("cannot mount a tmpfs")
atexit.register(lambda: subprocess.run(["umount", "-l", mnt], capture_output=True))
d = Daemon(mnt)     # its log goes beside the mount, not into it
words = []
for doc in gold()["docs"]:
    with open(os.path.join(CORPUS, doc["file"]), encoding="utf-8") as f:
        words += f.read().split()
rng = random.Random(17)
errors = []
for i in range(200):
    p = os.path.join(t, "big%d.txt" % i)
    with open(p, "w") as f:
        f.write(" ".join(rng.choice(words) for _ in range(rng.randint(20000, 60000))))
    rc, out, err = d.run("ingest", p, "--published", "2014-12-10", check_rc=None)
    os.unlink(p)
    if rc != 0:
        errors.append(err.strip())
        if len(errors) >= 4:
            break
check(errors, "the 6 MB disk filled up")
for e in errors:
    check("Input/output" not in e, "a full disk is not an I/O error: %r" % e)
    check("full" in e, "a full disk is called full: %r" % e)
print("full disk: %s" % errors[-1])
rc, out, err = d.run("status")
check("log end" in out, "reads are still served")
subprocess.run(["mount", "-o", "remount,size=64m", mnt], check=True)
p = os.path.join(t, "after.txt")
with open(p, "w") as f:
    f.write(" ".join(rng.choice(words) for _ in range(20000)))
d.run("ingest", p, "--published", "2014-12-11")
print("room again: ingest stored")
check(d.stop() == 0, "stop")
print("ok")
