"""faultproxy.py: a TCP proxy between two dossierd that mistreats the
frames it carries — delays them, sends some twice, swaps neighbours, flips
bytes inside events, and cuts connections — to show replication converges
anyway and refuses what was damaged."""
import random
import socket
import struct
import threading
import time


class FaultProxy:
    def __init__(self, target_port, seed, delay=0.2, dup=0.03, reorder=0.03, cut=0.01,
                 tamper=0.0):
        self.target = ("127.0.0.1", target_port)
        self.rng = random.Random(seed)
        self.p = dict(delay=delay, dup=dup, reorder=reorder, cut=cut, tamper=tamper)
        self.counts = dict(frames=0, delayed=0, dup=0, reordered=0, cut=0, tampered=0, conns=0)
        self.lock = threading.Lock()
        self.ls = socket.socket()
        self.ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.ls.bind(("127.0.0.1", 0))
        self.ls.listen(16)
        self.port = self.ls.getsockname()[1]
        self.stopped = False
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def addr(self):
        return "127.0.0.1:%d" % self.port

    def set(self, **kw):
        with self.lock:
            self.p.update(kw)

    def _roll(self, what):
        with self.lock:
            return self.rng.random() < self.p[what]

    def _count(self, what):
        with self.lock:
            self.counts[what] += 1

    def _accept(self):
        while not self.stopped:
            try:
                c, _ = self.ls.accept()
            except OSError:
                return
            try:
                s = socket.create_connection(self.target, timeout=5)
            except OSError:
                c.close()
                continue
            s.settimeout(None)
            self._count("conns")
            pair = [c, s]
            threading.Thread(target=self._pump, args=(c, s, pair, False), daemon=True).start()
            threading.Thread(target=self._pump, args=(s, c, pair, True), daemon=True).start()

    def _tamper(self, frame):
        """Flips a byte well inside the frame: inside an event's bytes
        when the frame carries a batch (its bulk is events)."""
        if len(frame) < 400:
            return frame
        b = bytearray(frame)
        i = self.rng.randrange(len(b) // 2, len(b) - 160)
        b[i] ^= 0x55
        self._count("tampered")
        return bytes(b)

    def _pump(self, src, dst, pair, back):
        src.settimeout(0.05)
        buf, held = b"", None
        try:
            while not self.stopped:
                try:
                    data = src.recv(1 << 16)
                except socket.timeout:
                    if held:
                        dst.sendall(held)
                        held = None
                    continue
                if not data:
                    break
                buf += data
                while len(buf) >= 4:
                    (n,) = struct.unpack(">I", buf[:4])
                    if len(buf) < 4 + n:
                        break
                    frame, buf = buf[:4 + n], buf[4 + n:]
                    self._count("frames")
                    if self._roll("cut"):
                        self._count("cut")
                        raise OSError("cut")
                    if self._roll("delay"):
                        self._count("delayed")
                        time.sleep(self.rng.uniform(0, 0.03))
                    if self.p["tamper"] and self._roll("tamper"):
                        frame = self._tamper(frame)
                    if self._roll("dup"):
                        self._count("dup")
                        dst.sendall(frame)
                    elif held is None and self._roll("reorder"):
                        self._count("reordered")
                        held = frame
                        continue
                    dst.sendall(frame)
                    if held:
                        dst.sendall(held)
                        held = None
        except OSError:
            pass
        for x in pair:
            try:
                x.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            x.close()

    def stop(self):
        self.stopped = True
        self.ls.close()
