"""repl_reject.py: what a daemon refuses, with nothing else harmed.

  - an unknown peer (not on the allow-list), a peer with a bad key proof,
    a peer that sends anything before its proof: refused at the handshake;
  - a tampered event (bytes changed in transit by a proxy between two
    daemons): the batch is refused, nothing of it is stored;
  - a forged event (changed, its chain of hashes recomputed, the head's
    signature kept, in a bundle): refused the same way;
and afterwards the same daemons sync honestly and converge."""
import os
import random
import socket

import repl
import dsrwire as w
from faultproxy import FaultProxy
from repl import check

rng = random.Random(62)
root = repl.tmpdir()
docs = repl.svc.gold()["docs"]
a, b = repl.cluster(2, root)
outsider = repl.Node(root, "x")
outsider.allow = [a.key(), b.key()]   # it admits them; they do not admit it
outsider.start()
repl.ingest_docs(a, docs[0:3])
repl.curate(a, rng, 30)
repl.ingest_docs(b, docs[3:5])
repl.ingest_docs(outsider, docs[0:1])
b_digest, b_events = b.digest(), b.events()
a_digest = a.digest()

# ---- peers that may not connect ------------------------------------------
res, rc, err = outsider.sync_with(a, check_rc=None)
check(rc != 0 and "allow-list" in err, "unknown peer: exit %d, %r" % (rc, err))
check("not on the allow-list" in a.log(), "a did not log the refusal")


def peer_hello(port, key, nonce):
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    h = w.hello(client="intruder") + w.field_varint(4, 1) + w.field_bytes(6, key) + \
        w.field_bytes(7, nonce)
    s.sendall(w.frame(w.request(1, w.REQ_HELLO, h)))
    return s


def error_of(s):
    while True:
        f = w.recv_frame(s)
        if f is None:
            return None, ""
        rid, num, body = w.parse_response(f)
        if num == w.RSP_ERROR:
            return w.parse_error(body)


EAUTH = -31014
# A stranger's key.
s = peer_hello(a.port, os.urandom(32), os.urandom(32))
code, msg = error_of(s)
check(code == EAUTH and "allow-list" in msg, "stranger: %r %r" % (code, msg))
s.close()
# b's key, but whoever this is cannot sign for it.
s = peer_hello(a.port, bytes.fromhex(b.key()), os.urandom(32))
rid, num, body = w.parse_response(w.recv_frame(s))
check(num == w.RSP_WELCOME, "a should answer b's key with its own proof")
proof = w.field_bytes(1, os.urandom(64))                       # PeerAuth.sig
s.sendall(w.frame(w.request(0, 64, w.field_bytes(1, proof))))  # PeerMsg.auth
code, msg = error_of(s)
check(code == EAUTH and "proof" in msg, "bad proof: %r %r" % (code, msg))
s.close()
# b's key, and a client request instead of the proof.
s = peer_hello(a.port, bytes.fromhex(b.key()), os.urandom(32))
w.recv_frame(s)
s.sendall(w.frame(w.request(2, w.REQ_STATUS, b"")))
code, msg = error_of(s)
check(code == EAUTH, "request before the proof: %r %r" % (code, msg))
s.close()
check(a.digest() == a_digest, "a changed")

# ---- a tampered event, in transit ------------------------------------------


def tamper(frame):
    """Changes one byte inside one event of a batch, leaving the message
    well-formed: only the hash chain can tell."""
    env = list(w.fields(frame[4:]))
    for i, (n, wt, v) in enumerate(env):
        if n == 64:
            pe, evs = repl.events_of(v)
            if not evs or len(evs) < 2:
                return frame
            k = len(evs) // 2
            e = list(w.fields(evs[k]))
            e = [(num, t, (x[:-1] + bytes([x[-1] ^ 1])) if num == 5 else x) for num, t, x in e]
            evs[k] = repl.encode_fields(e)
            env[i] = (n, wt, repl.with_events(pe, evs))
            body = repl.encode_fields(env)
            return len(body).to_bytes(4, "big") + body
    return frame


proxy = FaultProxy(a.port, seed=7, delay=0, dup=0, reorder=0, cut=0)
proxy._tamper = lambda frame: (proxy._count("tampered"), tamper(frame))[1]
proxy.set(tamper=1.0)
res, rc, err = b.sync_with(proxy.addr, check_rc=None)
check(rc == 1 and res and res["rejected"] >= 1, "tampered sync: exit %d %r %s" % (rc, res, err))
check(proxy.counts["tampered"] > 0, "nothing was tampered with")
check(b.events() == b_events, "b stored part of a tampered batch")
check(b.digest() == b_digest, "b's views changed")
check("does not verify" in b.log(), "b did not report the refusal")
proxy.stop()

# ---- a forged event, in a bundle --------------------------------------------
bundle = os.path.join(root, "a.bundle")
a.run("bundle", "create", "-o", bundle)
fb = os.path.join(root, "forged.bundle")
hdr2, orig = repl.read_bundle(bundle)
out = []
done = False
for m in orig:
    pe, evs = repl.events_of(m)
    if evs and len(evs) > 3 and not done:
        evs[1] = repl.set_field(evs[1], 5, b"mallory")
        evs, last = repl.rechain(evs, 1)
        head = [v for n, _, v in pe if n == 4][0]
        m = repl.with_events(pe, evs, head[:40] + last + head[72:])
        done = True
    out.append(m)
check(done, "no batch to forge")
repl.write_bundle(fb, hdr2, out)
rc, o, e = b.run("bundle", "apply", fb, check_rc=None)
check(rc == 1 and "refused" in e, "forged bundle: exit %d %s %s" % (rc, o, e))
check(b.events() == b_events and b.digest() == b_digest, "b changed by a forged bundle")

# ---- and then honestly -------------------------------------------------------
rc, o, e = b.run("bundle", "apply", bundle)
check(b.events() > b_events, "the honest bundle stored nothing")
res, rc, err = b.sync_with(a)
check(res["rejected"] == 0, "honest sync refused batches: %r" % res)
repl.assert_converged([a, b])
print("refused: unknown peer, bad proof, early request, tampered batch, forged bundle; then converged")
