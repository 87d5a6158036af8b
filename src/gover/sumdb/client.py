"""A checksum database client (golang.org/x/mod/sumdb ``Client``).

``lookup(path, version)`` fetches ``/lookup/<path>@<version>``, checks the signed
tree note against the configured key, proves with hash tiles that the record is
in that signed tree, and (given a LatestStore) that the tree is consistent with
the newest tree seen before — a database that rewrites history is caught.

Every byte read from the server is kept in ``transcript`` (path → body), so a
lookup can be re-verified later with no network (``verify_transcript``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from gover.errors import NetworkError, NotFoundError, VerificationError
from gover.fsutil import file_lock, write_atomic
from gover.gomod.modpath import escape
from gover.sumdb import tlog
from gover.sumdb.config import Database
from gover.sumdb.note import NoteError, UnverifiedNoteError, open_note

Fetch = Callable[[str], bytes]  # "/lookup/…" or "/tile/…" → body; NotFoundError on 404/410
TILE_HEIGHT = 8


class RecordNotFound(NotFoundError):
    """The database has no record of the module version."""


class _MissingTile(tlog.TlogError):
    pass


@dataclass
class Lookup:
    db: Database
    path: str
    version: str
    lines: list[str]  # the go.sum lines for path@version (zip and /go.mod)
    record_id: int
    tree: tlog.Tree
    note: bytes  # the signed tree note the record was proven against
    transcript: dict[str, bytes] = field(default_factory=dict)

    def hash(self, version: str | None = None) -> str | None:
        """The ``h1:`` hash the record gives for ``path version`` (``v/go.mod`` for the go.mod)."""
        want = version or self.version
        for line in self.lines:
            f = line.split()
            if len(f) == 3 and f[0] == self.path and f[1] == want:
                return f[2]
        return None


class LatestStore:
    """The newest signed tree seen per database: ``<dir>/<name>/latest`` (Go keeps it in
    ``$GOPATH/pkg/sumdb``).  Lets each lookup prove the log only grew since then."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def path(self, name: str) -> Path:
        return self.directory.joinpath(*name.split("/"), "latest")

    def read(self, name: str) -> bytes:
        try:
            return self.path(name).read_bytes()
        except FileNotFoundError:
            return b""
        except OSError as e:
            raise VerificationError(f"cannot read {self.path(name)}: {e.strerror}") from None

    def write(self, name: str, data: bytes) -> None:
        write_atomic(self.path(name), data)


class Client:
    def __init__(self, db: Database, fetch: Fetch, *, latest: LatestStore | None = None,
                 height: int = TILE_HEIGHT) -> None:
        self.db = db
        self._fetch = fetch
        self.latest = latest
        self.height = height
        self.transcript: dict[str, bytes] = {}
        self._tiles: dict[tlog.Tile, bytes] = {}

    # --- reading ------------------------------------------------------------------

    def _read(self, path: str) -> bytes:
        data = self._fetch(path)
        self.transcript[path] = data
        return data

    def _read_tiles(self, tiles: list[tlog.Tile]) -> list[bytes]:
        for t in tiles:
            if t not in self._tiles:
                self._tiles[t] = self._read_tile(t)
        return [self._tiles[t] for t in tiles]

    def _read_tile(self, t: tlog.Tile) -> bytes:
        try:
            return self._read("/" + t.path())
        except NotFoundError:
            pass
        # A partial tile may be gone once the tile is complete: its prefix is the same.
        full = tlog.Tile(t.h, t.level, t.n, 1 << t.h)
        if full != t:
            try:
                data = self._read("/" + full.path())
                return data[:len(data) // full.w * t.w]
            except NotFoundError:
                pass
        raise _MissingTile(f"{t.path()} was not found")

    # --- verifying ----------------------------------------------------------------

    def _what(self, path: str, version: str) -> str:
        return f"checksum database {self.db.name}: {path}@{version}"

    def open_tree(self, msg: bytes, what: str) -> tlog.Tree:
        """Check a signed tree note with the configured key and parse the tree it signs."""
        try:
            note = open_note(msg, [self.db.verifier])
        except UnverifiedNoteError as e:
            by = ", ".join(e.signers) or "nobody"
            raise VerificationError(f"{what}: the tree note is signed by {by}, not by the key in "
                                    f"GOSUMDB ({self.db.verifier.id})") from None
        except NoteError as e:
            raise VerificationError(f"{what}: bad signed tree note: {e}") from None
        try:
            return tlog.parse_tree(note.text.encode())
        except tlog.TlogError as e:
            raise VerificationError(f"{what}: {e}") from None

    def lookup(self, path: str, version: str) -> Lookup:
        what = self._what(path, version)
        remote = f"/lookup/{escape(path)}@{escape(version)}"
        try:
            data = self._read(remote)
        except NotFoundError as e:
            raise RecordNotFound(f"{what}: no such record ({e.message})") from None
        except NetworkError as e:
            raise NetworkError(f"cannot reach checksum database {self.db.name}: {e.message}") from None
        try:
            rid, text, note_msg = tlog.parse_record(data)
        except tlog.TlogError as e:
            raise VerificationError(f"{what}: malformed lookup response ({e})") from None
        tree = self.open_tree(note_msg, what)
        self._merge_latest(tree, note_msg, what)
        self.check_record(tree, rid, text, what)
        prefix = f"{path} {version}"
        lines = [ln for ln in text.decode().split("\n") if ln.startswith(prefix)]
        return Lookup(self.db, path, version, lines, rid, tree, note_msg, dict(self.transcript))

    def check_record(self, tree: tlog.Tree, rid: int, text: bytes, what: str) -> None:
        """Prove record ``rid`` (with this text) is in ``tree``, using the hash tiles."""
        if not 0 <= rid < tree.n:
            raise VerificationError(f"{what}: cannot validate record {rid} in tree of size {tree.n}")
        reader = tlog.TileHashReader(tree, self.height, self._read_tiles)
        try:
            (h,) = reader([tlog.stored_hash_index(0, rid)])
        except _MissingTile as e:
            raise VerificationError(f"{what}: the database cannot prove its answer: {e}") from None
        except tlog.TlogError as e:
            raise VerificationError(f"{what}: inclusion proof failed: {e}") from None
        if h != tlog.record_hash(text):
            raise VerificationError(f"{what}: cannot authenticate record data in server response "
                                    "(it is not the record the signed tree contains)")

    def _consistent(self, older: tlog.Tree, newer: tlog.Tree, what: str) -> bool:
        if older.n == newer.n:
            return older.hash == newer.hash
        reader = tlog.TileHashReader(newer, self.height, self._read_tiles)
        try:
            return tlog.tree_hash(older.n, reader) == older.hash
        except tlog.TlogError as e:
            raise VerificationError(f"{what}: checking tree#{older.n} against tree#{newer.n}: {e}") from None

    def _merge_latest(self, tree: tlog.Tree, msg: bytes, what: str) -> None:
        if self.latest is None:
            return
        store = self.latest
        lock = store.path(self.db.name).with_name("latest.lock")
        with file_lock(lock):
            old_msg = store.read(self.db.name)
            if not old_msg:
                store.write(self.db.name, msg)
                return
            old = self.open_tree(old_msg, f"{what} (stored tree {store.path(self.db.name)})")
            older, newer = (tree, old) if tree.n <= old.n else (old, tree)
            if not self._consistent(older, newer, what):
                raise VerificationError(
                    f"SECURITY ERROR: checksum database {self.db.name} misbehavior detected: "
                    f"its tree of size {tree.n} is inconsistent with the tree of size {old.n} seen "
                    f"earlier (kept in {store.path(self.db.name)})")
            if tree.n > old.n:
                store.write(self.db.name, msg)


def verify_transcript(db: Database, path: str, version: str,
                      transcript: Mapping[str, bytes]) -> Lookup:
    """Re-verify a recorded lookup offline: signature, record and inclusion proof."""

    def fetch(p: str) -> bytes:
        try:
            return transcript[p]
        except KeyError:
            raise NotFoundError(f"{p} is not in the recorded data") from None

    return Client(db, fetch).lookup(path, version)
