"""dsrwire.py: just enough protobuf and framing, by hand, for the service
tests to speak to dossierd directly (bad input, wrong versions, raw
handshakes) without the client, and to make the fuzz seed corpus.

Field numbers mirror proto/wire.proto."""
import os
import random
import socket
import struct

PROTOCOL_VERSION = 1


def free_port():
    """A loopback TCP port nobody listens on right now, below the kernel's
    ephemeral range: a port the kernel hands out for port 0 may be handed
    to another test's listener or connection (`--http 0`, any client)
    before our daemon binds it, which made repl_crash fail once with
    "address already in use".  Tests running at once still pick at random
    among some 20,000 ports."""
    low = 32768
    try:
        with open("/proc/sys/net/ipv4/ip_local_port_range") as f:
            low = int(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        pass
    rng = random.SystemRandom()
    for _ in range(200):
        p = rng.randrange(10000, max(low, 10001))
        s = socket.socket()
        try:
            s.bind(("127.0.0.1", p))
            return p
        except OSError:
            continue
        finally:
            s.close()
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


# Request bodies
REQ_HELLO, REQ_INGEST, REQ_APPEND, REQ_ACTORS, REQ_ACTOR, REQ_CLAIMS = 2, 3, 4, 5, 6, 7
REQ_TIMELINE, REQ_ARTICLES, REQ_LOG, REQ_STATUS, REQ_SUBSCRIBE = 8, 9, 10, 11, 12
# Response bodies
RSP_ERROR, RSP_WELCOME, RSP_GOODBYE, RSP_INGESTED, RSP_APPENDED = 2, 3, 4, 5, 6
RSP_LOG, RSP_STATUS, RSP_SUBSCRIBED = 12, 13, 14

# dossier error codes (core/error.h: DSR_EDUP = -31001, then down the table)
_names = ["DUP", "CONFLICT", "CORRUPT", "DECODE", "FORMAT", "PAYLOAD",
          "INVALID", "NOTFOUND", "LOCKED", "MAPFULL", "FRAME", "TOOBIG",
          "VERSION", "AUTH", "LMDB", "UTF8", "BADSIG", "GAP", "FORK", "UNSIGNED",
          "LIMIT"]
ERR = {n: -31001 - i for i, n in enumerate(_names)}


def varint(n):
    out = bytearray()
    n &= (1 << 64) - 1
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def field_varint(num, v):
    return varint(num << 3) + varint(v)


def field_bytes(num, b):
    if isinstance(b, str):
        b = b.encode()
    return varint(num << 3 | 2) + varint(len(b)) + b


def frame(body):
    return struct.pack(">I", len(body)) + body


def hello(version=PROTOCOL_VERSION, token="", client="test"):
    h = field_varint(1, version)
    if token:
        h += field_bytes(2, token)
    h += field_bytes(3, client)
    return h


def request(rid, body_num, body):
    return field_varint(1, rid) + field_bytes(body_num, body)


def read_varint(b, i):
    shift = n = 0
    while True:
        c = b[i]
        i += 1
        n |= (c & 0x7F) << shift
        shift += 7
        if not c & 0x80:
            return n, i


def fields(b):
    """Yields (number, wiretype, value) of a message's fields."""
    i = 0
    while i < len(b):
        key, i = read_varint(b, i)
        num, wt = key >> 3, key & 7
        if wt == 0:
            v, i = read_varint(b, i)
        elif wt == 2:
            n, i = read_varint(b, i)
            v = b[i:i + n]
            i += n
        elif wt == 1:
            v = b[i:i + 8]
            i += 8
        elif wt == 5:
            v = b[i:i + 4]
            i += 4
        else:
            raise ValueError("wire type %d" % wt)
        yield num, wt, v


def zigzag(n):
    return (n >> 1) ^ -(n & 1)


def parse_response(b):
    """Returns (id, body number, body bytes)."""
    rid, num, body = 0, 0, b""
    for n, wt, v in fields(b):
        if n == 1:
            rid = v
        else:
            num, body = n, v
    return rid, num, body


def parse_error(body):
    code, msg = 0, ""
    for n, wt, v in fields(body):
        if n == 1:
            code = zigzag(v)
        elif n == 2:
            msg = v.decode()
    return code, msg


def recv_frame(sock):
    hdr = _recv_exact(sock, 4)
    if hdr is None:
        return None
    (n,) = struct.unpack(">I", hdr)
    return _recv_exact(sock, n)


def _recv_exact(sock, n):
    buf = b""
    while len(buf) < n:
        c = sock.recv(n - len(buf))
        if not c:
            return None
        buf += c
    return buf


def connect_unix(path, timeout=10):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(timeout)
    s.connect(path)
    return s


def handshake(sock, token=""):
    sock.sendall(frame(request(1, REQ_HELLO, hello(token=token))))
    rid, num, body = parse_response(recv_frame(sock))
    return num == RSP_WELCOME, (rid, num, body)


def write_corpus(root):
    """The seed corpus of the fuzz harnesses (first byte of a frame-harness
    input picks the feed size)."""
    good = frame(request(1, REQ_HELLO, hello()))
    status = frame(request(2, REQ_STATUS, b""))
    sub = frame(request(3, REQ_SUBSCRIBE, field_varint(1, 1) + field_varint(2, 5)))
    ingest = frame(request(4, REQ_INGEST, field_bytes(1, "Sony was hacked.") +
                           field_bytes(5, "2014-12-01")))
    claims = frame(request(5, REQ_CLAIMS, field_bytes(1, "North Korea") +
                           field_varint(3, varint(1)[0]) +
                           field_bytes(6, field_varint(1, 10))))
    seeds = {
        "hello": b"\x00" + good,
        "hello-bytewise": b"\x00" + good + status,
        "pipeline": b"\x05" + good + status + sub + ingest + claims,
        "truncated": b"\x03" + good[:-3],
        "oversized": b"\x01" + b"\xff\xff\xff\xff" + b"x" * 16,
        "limit-plus-one": b"\x02" + struct.pack(">I", 4097) + b"y" * 8,
        "zero-length": b"\x00" + b"\x00\x00\x00\x00" + good,
        "garbage": b"\x07" + bytes(range(256)),
        "wrong-version": b"\x00" + frame(request(1, REQ_HELLO, hello(version=99))),
        "unknown-body": b"\x00" + frame(field_varint(1, 7) + field_bytes(200, "x")),
        "bad-varint": b"\x00" + frame(b"\x08" + b"\xff" * 11),
        "short-field": b"\x00" + frame(b"\x12\x10\x08"),
    }
    os.makedirs(os.path.join(root, "frame"), exist_ok=True)
    os.makedirs(os.path.join(root, "request"), exist_ok=True)
    for name, data in seeds.items():
        with open(os.path.join(root, "frame", name), "wb") as f:
            f.write(data)
    bodies = {
        "hello": request(1, REQ_HELLO, hello(token="ab" * 32)),
        "status": request(2, REQ_STATUS, field_varint(1, 1)),
        "ingest": request(4, REQ_INGEST, field_bytes(1, "text") + field_bytes(2, "t")),
        "subscribe": request(3, REQ_SUBSCRIBE, field_varint(1, 2)),
        "log": request(6, REQ_LOG, field_varint(1, 1) + field_varint(2, 100)),
        "append": request(7, REQ_APPEND, field_bytes(1, b"\x08\x01") + field_varint(3, 1)),
        "append-heads": request(8, REQ_APPEND, field_bytes(1, b"\x08\x01") +
                                field_bytes(4, bytes(136)) + field_bytes(4, b"short")),
        "empty": b"",
        "unknown-body": field_varint(1, 7) + field_bytes(200, "x"),
        "garbage": bytes(range(255, 0, -1)),
        "deep-truncated": request(4, REQ_INGEST, field_bytes(1, "text"))[:-2],
    }
    for name, data in bodies.items():
        with open(os.path.join(root, "request", name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    write_corpus(os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus"))


def note_event(text):
    """A local Event whose payload is a NoteAdded on an actor (envelope
    left empty)."""
    return field_bytes(23, field_varint(1, 1) + field_bytes(3, "Sony Pictures") +
                       field_bytes(4, text))


def append_notes(rid, texts, atomic=False):
    body = b"".join(field_bytes(2, note_event(t)) for t in texts)
    if atomic:
        body += field_varint(3, 1)
    return frame(request(rid, REQ_APPEND, body))


def parse_append_result(body):
    """Returns (stored, [(status, pos, seq)] of the local ops)."""
    stored, ops = 0, []
    for n, wt, v in fields(body):
        if n == 3:
            stored = v
        elif n in (1, 2):
            st = pos = seq = 0
            for m, _, x in fields(v):
                if m == 1:
                    st = zigzag(x)
                elif m == 2:
                    pos = x
                elif m == 3:
                    seq = x
            ops.append((st, pos, seq))
    return stored, ops


def subscribe(rid, pos=None, now=False):
    if now:
        body = field_varint(1, 2)
    elif pos:
        body = field_varint(1, 1) + field_varint(2, pos)
    else:
        body = b""
    return frame(request(rid, REQ_SUBSCRIBE, body))


def parse_log_batch(body):
    """Returns ([(pos, event bytes)], end)."""
    evs, end = [], 0
    for n, wt, v in fields(body):
        if n == 1:
            pos, ev = 0, b""
            for m, _, x in fields(v):
                if m == 1:
                    pos = x
                elif m == 2:
                    ev = x
            evs.append((pos, ev))
        elif n == 2:
            end = v
    return evs, end


def log_range(rid, start, limit):
    return frame(request(rid, REQ_LOG, field_varint(1, start) + field_varint(2, limit)))


def append_raw(rid, blobs, atomic=False, heads=(), local=()):
    """Append{raw: blobs, heads, local}: heads are encoded signed chain
    heads (136 bytes, e.g. base64-decoded from an export's "heads"), local
    encoded payload-only events."""
    body = b"".join(field_bytes(1, b) for b in blobs)
    body += b"".join(field_bytes(2, e) for e in local)
    if atomic:
        body += field_varint(3, 1)
    body += b"".join(field_bytes(4, h) for h in heads)
    return frame(request(rid, REQ_APPEND, body))
