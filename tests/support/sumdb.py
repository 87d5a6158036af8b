"""A Go checksum database for tests: a signed Merkle log served over loopback HTTP.

Written from the published design (RFC 6962 hashing, golang.org/design/25530-sumdb,
research.swtch.com/tlog), independently of gover's client: tree hashes are
computed recursively from the records, tiles straight from their definition (a
tile at level L lists the hashes of complete subtrees of 2**(8L) records).  A real
``go`` accepts it (tests/integration/test_proxy_source.py), which is what makes
it a faithful stand-in for sum.golang.org.

It can be made to lie: serve a record that is not in its log, sign with another
key, mangle the note, hide tiles, or rewrite its history (a fork).
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import struct
from collections.abc import Callable
from dataclasses import dataclass, field

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from gover.gomod.modpath import unescape
from tests.support.httpserver import HTTPServer, Route

HEIGHT = 8
_TILE_RE = re.compile(r"^tile/(\d+)/(\d+|data)/((?:x\d{3}/)*\d{3})(?:\.p/(\d+))?$")


@dataclass
class Key:
    name: str
    private: Ed25519PrivateKey

    @classmethod
    def generate(cls, name: str) -> Key:
        return cls(name, Ed25519PrivateKey.generate())

    @classmethod
    def from_skey(cls, skey: str) -> Key:
        """From Go's ``PRIVATE+KEY+<name>+<hash>+<base64(0x01 ‖ seed)>`` signer key."""
        _, _, name, _, b64 = skey.split("+", 4)
        return cls(name, Ed25519PrivateKey.from_private_bytes(base64.b64decode(b64)[1:]))

    @property
    def public(self) -> bytes:
        return self.private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)

    @property
    def hash(self) -> int:
        digest = hashlib.sha256(self.name.encode() + b"\n" + b"\x01" + self.public).digest()
        return int(struct.unpack(">I", digest[:4])[0])

    @property
    def vkey(self) -> str:
        """The verifier key, as GOSUMDB takes it: ``name+hash+base64(0x01 ‖ pub)``."""
        key = base64.b64encode(b"\x01" + self.public).decode()
        return f"{self.name}+{self.hash:08x}+{key}"

    def sign(self, text: bytes) -> bytes:
        sig = struct.pack(">I", self.hash) + self.private.sign(text)
        return text + b"\n" + "— ".encode() + self.name.encode() + b" " + base64.b64encode(sig) + b"\n"


def _leaf(text: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + text).digest()


def _node(a: bytes, b: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + a + b).digest()


@dataclass
class ChecksumDB:
    key: Key
    records: list[bytes] = field(default_factory=list)
    size: int | None = None  # the published tree size (default: every record)
    tiles_for: int | None = None  # serve tiles of a larger tree than the signed one
    # --- lies --------------------------------------------------------------------
    signer: Key | None = None  # sign tree notes with this key instead
    note_filter: Callable[[bytes], bytes] | None = None  # mangle the signed note
    served_text: dict[str, bytes] = field(default_factory=dict)  # "path@ver" → record text to serve
    missing_tiles: set[str] = field(default_factory=set)  # tile paths answered with 404
    requests: list[str] = field(default_factory=list)
    _memo: dict[tuple[int, int], bytes] = field(default_factory=dict, repr=False)

    @classmethod
    def create(cls, name: str = "sum.gover.test", filler: int = 700) -> ChecksumDB:
        db = cls(Key.generate(name))
        for i in range(filler):
            h = base64.b64encode(hashlib.sha256(b"%d" % i).digest()).decode()
            db.records.append(f"example.com/filler{i} v1.0.0 h1:{h}\n"
                              f"example.com/filler{i} v1.0.0/go.mod h1:{h}\n".encode())
        return db

    # --- content -------------------------------------------------------------------

    def add(self, path: str, version: str, h1: str, gomod_h1: str, at: int | None = None) -> int:
        """Log ``path version h1`` (and its /go.mod line); returns the record id."""
        text = f"{path} {version} {h1}\n{path} {version}/go.mod {gomod_h1}\n".encode()
        self._memo.clear()
        if at is None:
            self.records.append(text)
            return len(self.records) - 1
        self.records.insert(at, text)
        return at

    def rewrite(self, rid: int, text: bytes) -> None:
        """Change history: replace a logged record (every later tree is a fork)."""
        self.records[rid] = text
        self._memo.clear()

    @property
    def n(self) -> int:
        return len(self.records) if self.size is None else self.size

    def _hash(self, lo: int, hi: int) -> bytes:
        """RFC 6962 Merkle tree hash of records[lo:hi]."""
        if (lo, hi) not in self._memo:
            n = hi - lo
            if n == 1:
                h = _leaf(self.records[lo])
            else:
                k = 1
                while k * 2 < n:
                    k *= 2
                h = _node(self._hash(lo, lo + k), self._hash(lo + k, hi))
            self._memo[(lo, hi)] = h
        return self._memo[(lo, hi)]

    def tree_note(self) -> bytes:
        root = self._hash(0, self.n) if self.n else b"\x00" * 32
        text = b"go.sum database tree\n%d\n%s\n" % (self.n, base64.b64encode(root))
        note = (self.signer or self.key).sign(text)
        return self.note_filter(note) if self.note_filter else note

    def find(self, path: str, version: str) -> int | None:
        prefix = f"{path} {version} ".encode()
        for i, r in enumerate(self.records[:self.n]):
            if r.startswith(prefix):
                return i
        return None

    def tile(self, level: int, index: int, width: int) -> bytes | None:
        span = 1 << (HEIGHT * level)  # records under each hash of this level
        out = []
        for i in range(width):
            lo = (index * (1 << HEIGHT) + i) * span
            if lo + span > max(self.n, self.tiles_for or 0):
                return None
            out.append(self._hash(lo, lo + span))
        return b"".join(out)

    # --- HTTP ---------------------------------------------------------------------------

    def answer(self, path: str) -> Route | None:
        """The response to a database path (``lookup/…`` or ``tile/…``, no leading slash)."""
        self.requests.append(path)
        if path.startswith("lookup/"):
            mod, _, ver = path[len("lookup/"):].rpartition("@")
            p, v = unescape(mod), unescape(ver)
            rid = self.find(p, v) if p and v else None
            if rid is None:
                return Route(b"not found\n", statuses=[404])
            text = self.served_text.get(f"{p}@{v}", self.records[rid])
            return Route(b"%d\n" % rid + text + b"\n" + self.tree_note(), content_type="text/plain")
        m = _TILE_RE.match(path)
        if m and m.group(2) != "data" and path not in self.missing_tiles:
            h, level = int(m.group(1)), int(m.group(2))
            index = int("".join(p.lstrip("x") for p in m.group(3).split("/")))
            width = int(m.group(4)) if m.group(4) else 1 << HEIGHT
            data = self.tile(level, index, width) if h == HEIGHT and 0 < width <= 1 << HEIGHT else None
            if data is not None:
                return Route(data)
        return Route(b"not found\n", statuses=[404])

    def mount(self, server: HTTPServer, prefix: str) -> str:
        """Serve the database under ``prefix`` (e.g. ``/sumdb-direct``); returns its URL."""
        previous = server.fallback
        prefix = prefix.rstrip("/") + "/"

        def lookup(path: str) -> Route | None:
            if path.startswith(prefix):
                return self.answer(path[len(prefix):])
            return previous(path) if previous else None

        server.fallback = lookup
        return server.url + prefix.rstrip("/")

    def mount_on_proxy(self, server: HTTPServer, proxy_prefix: str) -> None:
        """Let a GOPROXY at ``proxy_prefix`` proxy this database (``/sumdb/<name>/…``)."""
        base = proxy_prefix.rstrip("/") + f"/sumdb/{self.key.name}"
        server.routes[base + "/supported"] = Route(b"")
        self.mount(server, base)


def gomod_line_hash(module_file: bytes) -> str:
    """h1 of a go.mod (Hash1 over one file named go.mod), computed here from the definition."""
    line = f"{hashlib.sha256(module_file).hexdigest()}  go.mod\n".encode()
    return "h1:" + base64.b64encode(hashlib.sha256(line).digest()).decode()


def random_h1() -> str:
    return "h1:" + base64.b64encode(os.urandom(32)).decode()

