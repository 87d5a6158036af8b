"""The checksum database's tamper-evident log (golang.org/x/mod/sumdb/tlog).

A Merkle tree as in Certificate Transparency (RFC 6962): ``RecordHash =
SHA256(0x00 ‖ text)``, ``NodeHash = SHA256(0x01 ‖ left ‖ right)``.  Hashes are
numbered by Crosby and Wallach's "stored hash index" and published in tiles of
height 8: ``tile/8/<level>/<NNN>[.p/<width>]``, each tile the 2⁸ (or fewer) hashes
of one level of the tree.  A client proves a record is in a signed tree by
fetching the tiles that hold the record's hash and every hash needed to rebuild
the tree hash, authenticating each tile against its parent and the top ones
against the signed root.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

HASH_SIZE = 32
_TREE_PREFIX = b"go.sum database tree\n"


class TlogError(Exception):
    """Malformed log data, or tiles that do not add up to the signed tree."""


def record_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


@dataclass(frozen=True)
class Tree:
    n: int  # number of records
    hash: bytes  # root hash

    def format(self) -> bytes:
        return b"go.sum database tree\n%d\n%s\n" % (self.n, base64.b64encode(self.hash))


def parse_tree(text: bytes) -> Tree:
    """``tlog.ParseTree``: three lines; extra lines after them are ignored (forward compatible)."""
    if not text.startswith(_TREE_PREFIX) or text.count(b"\n") < 3 or len(text) > 1_000_000:
        raise TlogError("malformed tree note")
    lines = text.split(b"\n", 3)
    try:
        n = int(lines[1].decode("ascii"))
        h = base64.b64decode(lines[2], validate=True)
    except (ValueError, UnicodeDecodeError):
        raise TlogError("malformed tree note") from None
    if n < 0 or lines[1] != str(n).encode() or len(h) != HASH_SIZE:
        raise TlogError("malformed tree note")
    return Tree(n, h)


def _valid_record_text(text: bytes) -> bool:
    try:
        s = text.decode("utf-8")
    except UnicodeDecodeError:
        return False
    if not s.endswith("\n") or "\n\n" in s:
        return False
    return all(c == "\n" or ord(c) >= 0x20 for c in s)


def parse_record(msg: bytes) -> tuple[int, bytes, bytes]:
    """``tlog.ParseRecord``: ``<id>\\n<text>\\n`` then the rest (the signed tree note)."""
    i = msg.find(b"\n")
    try:
        if i < 0:
            raise ValueError
        rid = int(msg[:i].decode("ascii"))
    except (ValueError, UnicodeDecodeError):
        raise TlogError("malformed record data") from None
    body = msg[i + 1:]
    j = body.find(b"\n\n")
    if j < 0 or not _valid_record_text(body[:j + 1]):
        raise TlogError("malformed record data")
    return rid, body[:j + 1], body[j + 2:]


# --- stored hash indexes ------------------------------------------------------------

def _maxpow2(n: int) -> tuple[int, int]:
    """The largest power of two strictly below ``n``, and its log₂."""
    level = 0
    while (1 << (level + 1)) < n:
        level += 1
    return 1 << level, level


def _trailing_zeros(x: int) -> int:
    return (x & -x).bit_length() - 1


def stored_hash_index(level: int, n: int) -> int:
    for _ in range(level):
        n = 2 * n + 1
    i = 0
    while n > 0:
        i += n
        n >>= 1
    return i + level


def split_stored_hash_index(index: int) -> tuple[int, int]:
    n = index // 2
    index_n = stored_hash_index(0, n)
    while True:
        x = index_n + 1 + _trailing_zeros(n + 1)
        if x > index:
            break
        n += 1
        index_n = x
    level = index - index_n
    return level, n >> level


def _sub_tree_index(lo: int, hi: int, need: list[int]) -> list[int]:
    while lo < hi:
        k, level = _maxpow2(hi - lo + 1)
        need.append(stored_hash_index(level, lo >> level))
        lo += k
    return need


def _sub_tree_hash(lo: int, hi: int, hashes: Sequence[bytes]) -> tuple[bytes, Sequence[bytes]]:
    num = 0
    while lo < hi:
        k, _ = _maxpow2(hi - lo + 1)
        num += 1
        lo += k
    h = hashes[num - 1]
    for i in range(num - 2, -1, -1):
        h = node_hash(hashes[i], h)
    return h, hashes[num:]


HashReader = Callable[[list[int]], list[bytes]]


def tree_hash(n: int, read_hashes: HashReader) -> bytes:
    """The root hash of the first ``n`` records, from stored hashes."""
    if n == 0:
        return b"\x00" * HASH_SIZE
    indexes = _sub_tree_index(0, n, [])
    h, rest = _sub_tree_hash(0, n, read_hashes(indexes))
    assert not rest
    return h


# --- tiles ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Tile:
    h: int  # height
    level: int
    n: int  # number within the level
    w: int  # width: how many hashes (2**h when complete)

    def path(self) -> str:
        n = self.n
        digits = f"{n % 1000:03d}"
        while n >= 1000:
            n //= 1000
            digits = f"x{n % 1000:03d}/{digits}"
        partial = f".p/{self.w}" if self.w != 1 << self.h else ""
        level = "data" if self.level == -1 else str(self.level)
        return f"tile/{self.h}/{level}/{digits}{partial}"


def tile_for_index(h: int, index: int) -> tuple[Tile, int, int]:
    """The least-width tile of height ``h`` holding stored hash ``index``, and the byte
    range of the tile data that rebuilds it."""
    level, n = split_stored_hash_index(index)
    tl = level // h
    level -= tl * h
    tn = n << level >> h
    n -= tn << h >> level
    w = (n + 1) << level
    return Tile(h, tl, tn, w), (n << level) * HASH_SIZE, ((n + 1) << level) * HASH_SIZE


def tile_hash(data: bytes) -> bytes:
    if len(data) == HASH_SIZE:
        return data
    half = len(data) // 2
    return node_hash(tile_hash(data[:half]), tile_hash(data[half:]))


def hash_from_tile(t: Tile, data: bytes, index: int) -> bytes:
    t1, start, end = tile_for_index(t.h, index)
    if t.level != t1.level or t.n != t1.n or t.w < t1.w or len(data) < t.w * HASH_SIZE:
        raise TlogError(f"hash {index} is in {t1.path()}, not {t.path()}")
    return tile_hash(data[start:end])


def tile_parent(t: Tile, k: int, n: int) -> Tile | None:
    """``t``'s k-th ancestor tile in a tree of ``n`` records (None if there is none)."""
    level = t.level + k
    tn = t.n >> (k * t.h)
    w = 1 << t.h
    top = n >> (level * t.h)
    if (tn << t.h) + w >= top:
        if (tn << t.h) >= top:
            return None
        w = top - (tn << t.h)
    return Tile(t.h, level, tn, w)


TileFetcher = Callable[[list[Tile]], list[bytes]]


class TileHashReader:
    """Reads stored hashes from tiles, authenticating every tile against ``tree``.

    Hashes it returns are therefore proven to be in the tree (``tlog.TileHashReader``).
    """

    def __init__(self, tree: Tree, height: int, fetch: TileFetcher) -> None:
        self.tree, self.height, self.fetch = tree, height, fetch

    def __call__(self, indexes: list[int]) -> list[bytes]:
        h, n = self.height, self.tree.n
        order: dict[Tile, int] = {}
        tiles: list[Tile] = []

        def want(t: Tile) -> int:
            if t not in order:
                order[t] = len(tiles)
                tiles.append(t)
            return order[t]

        # The tiles that rebuild the tree hash come first: checking them against the
        # signed root authenticates them, and every other tile hangs below one of them.
        stx = _sub_tree_index(0, n, [])
        stx_tiles = []
        for x in stx:
            parent = tile_parent(tile_for_index(h, x)[0], 0, n)
            assert parent is not None
            stx_tiles.append(want(parent))

        n_top = len(tiles)  # the tiles authenticated by the signed root itself
        index_tiles = []
        for x in indexes:
            if x >= stored_hash_index(0, n):
                raise TlogError("indexes not in tree")
            base = tile_for_index(h, x)[0]
            k = 0
            while True:
                p = tile_parent(base, k, n)
                if p is not None and p in order:
                    break
                k += 1
                if k > 64:
                    raise TlogError(f"no tile above {base.path()} in a tree of {n} records")
            index_tile = order[p] if k == 0 else -1
            for kk in range(k - 1, -1, -1):  # children after parents
                p = tile_parent(base, kk, n)
                assert p is not None and p.w == 1 << p.h, "only full tiles have parents"
                j = want(p)
                if kk == 0:
                    index_tile = j
            index_tiles.append(index_tile)

        data = self.fetch(tiles)
        for t, d in zip(tiles, data, strict=True):
            if len(d) != t.w * HASH_SIZE:
                raise TlogError(f"{t.path()} has {len(d)} bytes, expected {t.w * HASH_SIZE}")

        th = hash_from_tile(tiles[stx_tiles[-1]], data[stx_tiles[-1]], stx[-1])
        for i in range(len(stx) - 2, -1, -1):
            th = node_hash(hash_from_tile(tiles[stx_tiles[i]], data[stx_tiles[i]], stx[i]), th)
        if th != self.tree.hash:
            raise TlogError("downloaded inconsistent tile: the tiles do not add up to the signed tree hash")
        # Every other tile against its parent.  (Counting from len(stx) instead, as
        # x/mod did before v0.40.0, skipped them: CVE-2026-56865, go.dev/issue/80744.)
        for i in range(n_top, len(tiles)):
            t = tiles[i]
            p = tile_parent(t, 1, n)
            if p is None or p not in order:
                raise TlogError(f"lost the parent of {t.path()}")
            j = order[p]
            if hash_from_tile(p, data[j], stored_hash_index(p.level * p.h, t.n)) != tile_hash(data[i]):
                raise TlogError(f"downloaded inconsistent tile {t.path()}")
        return [hash_from_tile(tiles[j], data[j], x) for j, x in zip(index_tiles, indexes, strict=True)]
