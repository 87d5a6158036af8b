"""The build cache's on-disk layout (cmd/go/internal/cache/cache.go).

``$GOCACHE/<hh>/<64 hex>-a`` is an action entry, exactly 175 bytes::

    v1 <action id hex> <output id hex> <size, space-padded to 20> <unix nanos, padded to 20>\\n

``<hh>/<64 hex>-d`` is an output, named by the SHA-256 of its content.  From Go
1.24, ``go run`` and ``go tool`` cache executables (``PutExecutable``): the ``-d``
is then a directory holding exactly one file, the executable, whose SHA-256 is
the directory's name.  ``<hh>`` is the first byte of the ID.  Beside the 256
subdirectories live ``README``, ``trim.txt`` (Unix seconds of the last trim),
``testexpire.txt`` (``go clean -testcache``), ``log.txt`` and ``fuzz/``.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass

ENTRY_SIZE = 175
HEX_SIZE = 64
SUBDIRS = [f"{i:02x}" for i in range(256)]
# Files Go keeps beside the subdirectories; prune never touches them.
GO_FILES = {"README", "trim.txt", "testexpire.txt", "log.txt"}
FUZZ = "fuzz"

ENTRY_NAME = re.compile(r"[0-9a-f]{64}-[ad]")
_HEXCHARS = frozenset(b"0123456789abcdefABCDEF")
_DECIMAL = re.compile(rb"[+-]?[0-9]+")

# Go's trim policy, for the scan report.
MTIME_INTERVAL = 3600
TRIM_INTERVAL = 24 * 3600
TRIM_LIMIT = 5 * 24 * 3600


class EntryError(ValueError):
    """An action entry Go would reject (its reason, worded as Go words it)."""


@dataclass(frozen=True)
class ActionEntry:
    action_id: str
    output_id: str
    size: int
    time_ns: int


def _hex(field: bytes, what: str) -> str:
    if len(field) != HEX_SIZE or not set(field) <= _HEXCHARS:
        raise EntryError(f"decoding {what}: invalid hex")
    return field.decode().lower()  # Go's hex.Decode accepts upper case too


def _int(field: bytes, what: str) -> int:
    digits = field.lstrip(b" ")
    if not _DECIMAL.fullmatch(digits):
        raise EntryError(f"parsing {what}: invalid syntax {digits.decode('latin-1')!r}")
    n = int(digits)
    if not -(1 << 63) <= n < (1 << 63):
        raise EntryError(f"parsing {what}: value out of range")
    if n < 0:
        raise EntryError(f"negative {what}")
    return n


def parse_action(data: bytes, action_id: str) -> ActionEntry:
    """Parse an action entry as ``DiskCache.get`` does; ``data`` is the first 176 bytes.

    ``action_id`` is the ID from the file name; a different ID inside is Go's
    "mismatched ID".
    """
    n = len(data)
    if n > ENTRY_SIZE:
        raise EntryError("too long")
    if n == 0:
        raise EntryError("file is empty")
    if n < ENTRY_SIZE:
        raise EntryError(f"entry file incomplete ({n} of {ENTRY_SIZE} bytes)")
    h = HEX_SIZE
    if (data[0:3] != b"v1 " or data[3 + h] != 0x20 or data[4 + 2 * h] != 0x20
            or data[5 + 2 * h + 20] != 0x20 or data[ENTRY_SIZE - 1] != 0x0A):
        raise EntryError("invalid header")
    eid = _hex(data[3:3 + h], "ID")
    if eid != action_id:
        raise EntryError(f"mismatched ID (holds {eid[:16]}...)")
    out = _hex(data[4 + h:4 + 2 * h], "output ID")
    size = _int(data[5 + 2 * h:5 + 2 * h + 20], "size")
    tm = _int(data[6 + 2 * h + 20:ENTRY_SIZE - 1], "timestamp")
    return ActionEntry(eid, out, size, tm)


def format_action(e: ActionEntry) -> bytes:
    """The 175 bytes Go writes for ``e`` (used by tests and by nothing destructive)."""
    return f"v1 {e.action_id} {e.output_id} {e.size:20d} {e.time_ns:20d}\n".encode()


@dataclass(frozen=True)
class Entry:
    """One ``-a`` or ``-d`` name in a subdirectory, with its lstat."""

    subdir: str
    name: str
    path: str
    st: os.stat_result

    @property
    def kind(self) -> str:
        return "action" if self.name.endswith("-a") else "output"

    @property
    def id(self) -> str:
        return self.name[:-2]

    @property
    def well_named(self) -> bool:
        return ENTRY_NAME.fullmatch(self.name) is not None

    @property
    def is_link(self) -> bool:
        return stat.S_ISLNK(self.st.st_mode)

    @property
    def is_dir(self) -> bool:
        return stat.S_ISDIR(self.st.st_mode)


@dataclass(frozen=True)
class Oddity:
    """Something in the cache that is not Go's layout."""

    path: str
    reason: str


def is_entry_name(name: str) -> bool:
    """Names Go's trim would treat as cache entries (it only looks at the suffix)."""
    return name.endswith(("-a", "-d"))


@dataclass
class Walk:
    entries: list[Entry]
    oddities: list[Oddity]
    other_bytes: int  # the subdirectories themselves and whatever odd lies in them


def walk(root: str) -> Walk:
    """Every entry under the 256 subdirectories, plus whatever is not Go's layout.

    Never follows a symlink: a symlinked subdirectory is reported, not entered.
    An unreadable subdirectory is reported, never raised.
    """
    w = Walk([], [], 0)
    for sub in SUBDIRS:
        d = os.path.join(root, sub)
        try:
            st = os.lstat(d)
        except FileNotFoundError:
            continue
        except OSError as e:
            w.oddities.append(Oddity(d, f"cannot stat: {e.strerror}"))
            continue
        w.other_bytes += st.st_blocks * 512
        if stat.S_ISLNK(st.st_mode):
            w.oddities.append(Oddity(d, "subdirectory is a symlink (not followed)"))
            continue
        if not stat.S_ISDIR(st.st_mode):
            w.oddities.append(Oddity(d, "subdirectory is not a directory"))
            continue
        try:
            it = os.scandir(d)
        except OSError as e:
            w.oddities.append(Oddity(d, f"cannot read: {e.strerror}"))
            continue
        with it:
            for de in it:
                try:
                    est = de.stat(follow_symlinks=False)
                except OSError:
                    continue  # vanished (a concurrent trim): nothing to report
                if is_entry_name(de.name):
                    w.entries.append(Entry(sub, de.name, de.path, est))
                    continue
                w.oddities.append(Oddity(de.path, "not a cache entry"))
                w.other_bytes += est.st_blocks * 512
                if stat.S_ISDIR(est.st_mode):
                    w.other_bytes += sum(iter_tree_bytes(de.path))
    return w


def top_level_oddities(root: str) -> list[Oddity]:
    """Names beside the subdirectories that Go does not create."""
    known = set(SUBDIRS) | GO_FILES | {FUZZ}
    try:
        names = os.listdir(root)
    except OSError:
        return []
    return [Oddity(os.path.join(root, n), "not part of Go's cache layout")
            for n in sorted(names) if n not in known]


def iter_tree_bytes(path: str) -> Iterator[int]:
    """Disk usage of every inode under ``path`` (directories included), no links followed."""
    for dirpath, dirs, files in os.walk(path):
        for n in dirs + files:
            try:
                yield os.lstat(os.path.join(dirpath, n)).st_blocks * 512
            except OSError:
                pass


def entry_bytes(e: Entry) -> int:
    """Disk usage of an entry: a file, or an executable directory and its content."""
    own = e.st.st_blocks * 512
    return own + sum(iter_tree_bytes(e.path)) if e.is_dir else own
