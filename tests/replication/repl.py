"""repl.py: several real dossierd on loopback for the replication tests.

Builds on the service tests' helpers (tests/service/svc.py for running the
binaries, dsrwire.py for speaking the protocol by hand).  A Node is a
dossierd with a TCP listener and a peer key; cluster() starts several that
admit each other.  Curation is written as local events through Append, the
way a curation client would."""
import json
import os
import random
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "service"))
import svc  # noqa: E402
import dsrwire as w  # noqa: E402

fail, check, skip, tmpdir = svc.fail, svc.check, svc.skip, svc.tmpdir
DOSSIERD, DOSSIER = svc.DOSSIERD, svc.DOSSIER


class Node:
    def __init__(self, root, name, sync=False):
        self.name = name
        self.data = os.path.join(root, name)
        self.port = w.free_port()
        self.allow = []
        self.peers = []
        self.sync = sync
        self.d = None
        os.makedirs(self.data, exist_ok=True)

    @property
    def addr(self):
        return "127.0.0.1:%d" % self.port

    def args(self):
        a = ["--listen", self.addr, "--log-level", "debug"]
        if not self.sync:
            a.append("--no-sync")
        for k in self.allow:
            a += ["--allow-peer", k]
        for p in self.peers:
            a += ["--peer", p]
        return a

    def start(self, wait=True):
        self.d = svc.Daemon(self.data, *self.args(), wait=wait)
        return self

    def stop(self):
        if self.d and self.d.proc.poll() is None:
            self.d.stop()

    def kill9(self):
        self.d.kill9()

    def key(self):
        with open(os.path.join(self.data, "peer.key")) as f:
            return f.read().strip()[64:128]

    def run(self, *args, **kw):
        return self.d.run(*args, **kw)

    def json(self, *args, **kw):
        return self.d.json(*args, **kw)

    def status(self, digest=False):
        return self.json("status", *(["--digest"] if digest else []))

    def digest(self):
        return self.status(digest=True)["digest"]

    def vv(self):
        return {e["origin"]: int(e.get("seq", 0)) for e in self.status().get("vv", [])}

    def events(self):
        return int(self.status().get("events", 0))

    def sync_with(self, other, check_rc=0):
        rc, out, err = self.run("sync", other.addr if isinstance(other, Node) else other,
                                "--json", check_rc=check_rc)
        return (json.loads(out) if out.strip() else None), rc, err

    def check_rebuild(self):
        """Stops the daemon and compares the views with a rebuild
        (dossierd --check); returns the digest."""
        self.stop()
        p = subprocess.run([DOSSIERD, "--check", "--data", self.data], capture_output=True,
                           timeout=600)
        out = p.stdout.decode()
        check(p.returncode == 0, "%s: views differ from a rebuild:\n%s%s" %
              (self.name, out, p.stderr.decode()))
        return [l.split()[1] for l in out.splitlines() if l.startswith("digest ")][0]

    def log(self):
        return self.d.logtext() if self.d else ""


def cluster(n, root=None, names="abcdefgh", sync=False, start=True):
    """n nodes that admit each other (keys made by a first start)."""
    root = root or tmpdir()
    nodes = [Node(root, names[i], sync=sync) for i in range(n)]
    for x in nodes:
        x.start()
    for x in nodes:
        x.stop()
    keys = [x.key() for x in nodes]
    for i, x in enumerate(nodes):
        x.allow = [k for j, k in enumerate(keys) if j != i]
        if start:
            x.start()
    return nodes


# ---- writing: articles and curation --------------------------------------

def ingest_docs(node, docs):
    for doc in docs:
        node.json("ingest", *svc.ingest_args(doc))


def ingest_varied(node, root, n, start):
    paths = svc.varied_articles(os.path.join(root, "art-%s" % node.name), n, start)
    node.run("ingest", *paths, "--published", "2014-12-18", timeout=600)


def _event(field, payload):
    return w.field_bytes(field, payload)


def names_judged(a, b, verdict, note=""):
    return _event(18, w.field_bytes(1, a) + w.field_bytes(2, b) + w.field_varint(3, verdict) +
                  (w.field_bytes(4, note) if note else b""))


def claim_assessed(claim_hex, status, reliability="", credibility=0, note=""):
    p = w.field_bytes(1, bytes.fromhex(claim_hex))
    if status:
        p += w.field_varint(2, status)
    if reliability:
        p += w.field_bytes(3, reliability)
    if credibility:
        p += w.field_varint(4, credibility)
    if note:
        p += w.field_bytes(5, note)
    return _event(20, p)


def entry_amended(entry_hex, date="", precision=0, removed=False, note=""):
    p = w.field_bytes(1, bytes.fromhex(entry_hex))
    if date:
        p += w.field_bytes(2, date)
    if precision:
        p += w.field_varint(3, precision)
    if removed:
        p += w.field_varint(4, 1)
    if note:
        p += w.field_bytes(6, note)
    return _event(22, p)


def note(name, text):
    return _event(23, w.field_varint(1, 1) + w.field_bytes(3, name) + w.field_bytes(4, text))


def actor_curated(name, preferred="", kind=0):
    p = w.field_bytes(1, name)
    if preferred:
        p += w.field_bytes(2, preferred)
    if kind:
        p += w.field_varint(3, kind)
    return _event(24, p)


def append_local(node, events, author="analyst"):
    """Appends local events (encoded payload-only Events); returns the
    number stored."""
    s = w.connect_unix(node.d.sock)
    hello = w.hello(client="repl-test") + w.field_varint(4, 0) + w.field_bytes(5, author)
    s.sendall(w.frame(w.request(1, w.REQ_HELLO, hello)))
    w.recv_frame(s)
    stored = 0
    for i in range(0, len(events), 500):
        body = b"".join(w.field_bytes(2, e) for e in events[i:i + 500])
        s.sendall(w.frame(w.request(2 + i, w.REQ_APPEND, body)))
        while True:
            rid, num, rb = w.parse_response(w.recv_frame(s))
            if num == w.RSP_APPENDED:
                n, ops = w.parse_append_result(rb)
                bad = [o for o in ops if o[0] not in (0, w.ERR["DUP"])]
                check(not bad, "append: %r" % bad[:3])
                stored += n
                break
            check(num != w.RSP_ERROR, "append refused: %r" % (rb,))
    s.close()
    return stored


def curate(node, rng, n=20):
    """An analyst's offline curation: grades and disputes claims, amends and
    removes timeline entries, merges and splits names, renames actors,
    notes.  Returns the number of events written."""
    claims = node.json("claims", "--limit", "200") or []
    entries = node.json("timeline", "--limit", "200") or []
    actors = node.json("actors", "--limit", "200") or []
    names = [a["name"] for a in actors]
    evs = []
    for _ in range(n):
        k = rng.randrange(6)
        if k == 0 and claims:
            c = rng.choice(claims)
            evs.append(claim_assessed(c["id"], rng.randrange(1, 4), rng.choice("ABCDEF"),
                                      rng.randrange(1, 7), "graded by %s" % node.name))
        elif k == 1 and entries:
            e = rng.choice(entries)
            if rng.random() < 0.3:
                evs.append(entry_amended(e["id"], removed=True, note="dup"))
            else:
                evs.append(entry_amended(e["id"], "2014-12-%02d" % rng.randrange(1, 29), 2))
        elif k == 2 and len(names) > 1:
            a, b = rng.sample(names, 2)
            evs.append(names_judged(a, b, rng.choice([1, 2]), "judged by %s" % node.name))
        elif k == 3 and names:
            a = rng.choice(names)
            evs.append(actor_curated(a, a + " (per %s)" % node.name, rng.randrange(1, 8)))
        else:
            evs.append(note(rng.choice(names) if names else "Sony Pictures",
                            "%s's note %d" % (node.name, rng.randrange(1 << 30))))
    return append_local(node, evs, author="analyst-" + node.name)


def converge_by_sync(nodes, rng, max_rounds=20):
    """Syncs random pairs until a whole round moves nothing."""
    for r in range(max_rounds):
        pairs = [(a, b) for a in nodes for b in nodes if a is not b]
        rng.shuffle(pairs)
        moved = 0
        for a, b in pairs:
            res, rc, err = a.sync_with(b)
            check(res is not None, "sync %s->%s gave nothing: %s" % (a.name, b.name, err))
            moved += res.get("sent", 0) + res.get("received", 0)
        if moved == 0:
            return r + 1
    fail("no quiet round after %d rounds of syncs" % max_rounds)


def wait_for(cond, timeout, what):
    end = time.time() + timeout
    while time.time() < end:
        if cond():
            return
        time.sleep(0.1)
    fail("timed out after %ds waiting for %s" % (timeout, what))


def same_vv(nodes):
    vs = [n.vv() for n in nodes]
    return all(v == vs[0] for v in vs)


def assert_converged(nodes):
    """All digests equal, and equal to a rebuild on each (stops them); every
    node makes the same brief, byte for byte (docs/brief.md) — but for the
    line that says which events it was made from, when the nodes hold
    different events with the same views (a fork's)."""
    ds = [n.digest() for n in nodes]
    check(len(set(ds)) == 1, "digests differ: %s" % ", ".join(
        "%s=%s" % (n.name, d[:12]) for n, d in zip(nodes, ds)))
    briefs = [n.run("brief")[1] + n.run("brief", "--format", "html")[1] for n in nodes]
    if not same_vv(nodes):
        briefs = ["".join(l for l in b.splitlines(True) if "Made from " not in l) for b in briefs]
    odd = [i for i, b in enumerate(briefs) if b != briefs[0]]
    if odd:
        import difflib
        diff = difflib.unified_diff(briefs[0].splitlines(True), briefs[odd[0]].splitlines(True),
                                    nodes[0].name, nodes[odd[0]].name)
        fail("the nodes' briefs differ: %s\n%s" % (", ".join(
            "%s=%d bytes" % (n.name, len(b)) for n, b in zip(nodes, briefs)),
            "".join(list(diff)[:40])))
    check("# Incident brief" in briefs[0], "a brief: %r" % briefs[0][:80])
    for n in nodes:
        rebuilt = n.check_rebuild()
        check(rebuilt == ds[0], "%s: digest %s after rebuild, %s live" % (n.name, rebuilt[:12], ds[0][:12]))
    return ds[0]


# ---- taking messages apart (forging and tampering) -----------------------

def encode_fields(fs):
    """The inverse of dsrwire.fields: [(num, wiretype, value)] -> bytes."""
    out = b""
    for num, wt, v in fs:
        out += w.varint(num << 3 | wt)
        if wt == 0:
            out += w.varint(v)
        elif wt == 2:
            out += w.varint(len(v)) + v
        else:
            out += v
    return out


def blake(b):
    import hashlib
    return hashlib.blake2b(b, digest_size=32).digest()


def read_bundle(path):
    """(header, [PeerMsg bodies])."""
    import struct
    with open(path, "rb") as f:
        data = f.read()
    hdr, i, msgs = data[:16], 16, []
    while i < len(data):
        (n,) = struct.unpack(">I", data[i:i + 4])
        msgs.append(data[i + 4:i + 4 + n])
        i += 4 + n
    return hdr, msgs


def write_bundle(path, hdr, msgs):
    import struct
    with open(path, "wb") as f:
        f.write(hdr)
        for m in msgs:
            f.write(struct.pack(">I", len(m)) + m)


def events_of(msg):
    """(PeerEvents fields, [event bytes]) of a PeerMsg, or (None, None)."""
    for num, wt, v in w.fields(msg):
        if num == 3 and wt == 2:
            pe = list(w.fields(v))
            return pe, [x for n, _, x in pe if n == 3]
    return None, None


def with_events(pe, events, head=None):
    """A PeerMsg carrying PeerEvents pe with its events (and head)
    replaced."""
    it = iter(events)
    out = []
    for n, wt, v in pe:
        if n == 3:
            out.append((3, 2, next(it)))
        elif n == 4 and head is not None:
            out.append((4, 2, head))
        else:
            out.append((n, wt, v))
    return encode_fields([(3, 2, encode_fields(out))])


def set_field(event, num, value):
    return encode_fields([(n, wt, value if n == num else v) for n, wt, v in w.fields(event)])


def rechain(events, k):
    """After event k changed: fixes the prev links of those after it;
    returns the new list and the last event's hash."""
    evs = list(events)
    for i in range(k + 1, len(evs)):
        evs[i] = set_field(evs[i], 6, blake(evs[i - 1]))
    return evs, blake(evs[-1])
