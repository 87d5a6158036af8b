"""The module cache's layout (cmd/go/internal/modfetch/cache.go, fetch.go) and scan.

``$GOMODCACHE/cache/download/<esc path>/@v/<esc ver>.{info,mod,zip,ziphash,lock,partial}``
plus ``list`` (versions with a .mod) and temp files ``<ver>.zip*.tmp``; the
checksum database cache ``cache/download/sumdb/``, VCS checkouts ``cache/vcs/``
and the side lock ``cache/lock``.  Extracted trees are
``<esc path>@<esc ver>/`` (read-only unless -modcacherw); a tree is incomplete
while ``<ver>.partial`` exists or if ``.ziphash`` is missing.  Paths and versions
are case-escaped (``!a`` for ``A``).
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field

from gover.gomod.modpath import unescape

DOWNLOAD_SUFFIXES = ("info", "mod", "zip", "ziphash", "partial")
# Never touched by prune or --delete-bad.
PROTECTED = ("cache/download/sumdb", "cache/vcs", "cache/lock")


@dataclass
class ModVersion:
    path: str
    version: str
    esc_path: str
    esc_version: str
    dir: str | None = None  # the extracted tree, if present
    dir_bytes: int = 0
    files: dict[str, int] = field(default_factory=dict)  # download suffix -> disk bytes

    @property
    def key(self) -> tuple[str, str]:
        return self.path, self.version

    @property
    def download_bytes(self) -> int:
        return sum(self.files.values())

    @property
    def bytes(self) -> int:
        return self.dir_bytes + self.download_bytes

    @property
    def partial(self) -> bool:
        return "partial" in self.files

    def to_json(self) -> dict[str, object]:
        return {"module": self.path, "version": self.version, "bytes": self.bytes, "dir": self.dir,
                "dir_bytes": self.dir_bytes, "download_bytes": self.download_bytes,
                "zip": "zip" in self.files, "ziphash": "ziphash" in self.files, "partial": self.partial}


@dataclass
class ModScan:
    root: str
    origin: str
    exists: bool
    versions: list[ModVersion] = field(default_factory=list)
    total_bytes: int = 0
    sumdb_bytes: int = 0
    vcs_bytes: int = 0
    oddities: list[tuple[str, str]] = field(default_factory=list)  # (path, why)

    def largest(self, top: int | None) -> list[ModVersion]:
        """The ``top`` largest versions, biggest first (all, in path order, for None)."""
        return sorted(self.versions, key=lambda v: -v.bytes)[:top] if top else self.versions

    def module_totals(self) -> list[tuple[str, int, int]]:
        """(module path, cached versions, bytes) per module, by path."""
        totals: dict[str, list[int]] = {}
        for v in self.versions:
            t = totals.setdefault(v.path, [0, 0])
            t[0] += 1
            t[1] += v.bytes
        return [(m, n, b) for m, (n, b) in sorted(totals.items())]

    def to_json(self, top: int | None = None) -> dict[str, object]:
        return {"gomodcache": self.root, "origin": self.origin, "bytes": self.total_bytes,
                "sumdb_bytes": self.sumdb_bytes, "vcs_bytes": self.vcs_bytes,
                "modules": [{"module": m, "versions": n, "bytes": b} for m, n, b in self.module_totals()],
                "versions": [v.to_json() for v in self.largest(top)],
                "oddities": [{"path": p, "reason": r} for p, r in self.oddities]}


_SEMVER = re.compile(r"v(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)"
                     r"(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(\+incompatible)?")


def semver_key(v: str) -> tuple[object, ...]:
    """Sort key for canonical semantic versions (x/mod semver.Sort order)."""
    m = _SEMVER.fullmatch(v)
    if not m:
        return (1, v)
    pre = m.group(4)
    # A prerelease sorts before its release; numeric identifiers before alphanumeric ones.
    ids: tuple[tuple[int, int, str], ...] = tuple(
        (0, int(p), "") if p.isdigit() else (1, 0, p) for p in pre.split(".")) if pre else ()
    return (0, int(m.group(1)), int(m.group(2)), int(m.group(3)), 0 if pre else 1, ids, v)


def is_canonical(v: str) -> bool:
    return _SEMVER.fullmatch(v) is not None


def download_dir(root: str, esc_path: str) -> str:
    return os.path.join(root, "cache", "download", esc_path, "@v")


def download_file(root: str, v: ModVersion, suffix: str) -> str:
    return os.path.join(download_dir(root, v.esc_path), f"{v.esc_version}.{suffix}")


def tree_bytes(path: str) -> int:
    """Disk usage of a tree (the top directory included), never following links."""
    try:
        total = os.lstat(path).st_blocks * 512
    except OSError:
        return 0
    for dirpath, dirs, files in os.walk(path):
        for n in dirs + files:
            try:
                total += os.lstat(os.path.join(dirpath, n)).st_blocks * 512
            except OSError:
                pass
    return total


def _version(versions: dict[tuple[str, str], ModVersion], esc_path: str, esc_ver: str,
             odd: list[tuple[str, str]], where: str) -> ModVersion | None:
    key = (esc_path, esc_ver)
    if key not in versions:
        path, ver = unescape(esc_path), unescape(esc_ver)
        if path is None or ver is None:
            odd.append((where, "not a validly escaped module path or version"))
            return None
        versions[key] = ModVersion(path, ver, esc_path, esc_ver)
    return versions[key]


def _scan_download(root: str, versions: dict[tuple[str, str], ModVersion],
                   odd: list[tuple[str, str]]) -> None:
    base = os.path.join(root, "cache", "download")
    for dirpath, dirs, files in os.walk(base):
        rel = os.path.relpath(dirpath, base)
        if rel == "sumdb":
            dirs[:] = []
            continue
        if os.path.basename(dirpath) != "@v":
            continue
        dirs[:] = []
        esc_path = os.path.dirname(rel).replace(os.sep, "/")
        for name in files:
            full = os.path.join(dirpath, name)
            if name in ("list", "list.lock"):
                continue
            ver, _, suffix = name.rpartition(".")
            if suffix == "lock":
                continue  # Go's per-version mutexes: never counted, never removed
            if suffix == "tmp":
                odd.append((full, "leftover temporary download"))
                continue
            if suffix not in DOWNLOAD_SUFFIXES or not ver:
                odd.append((full, "not part of Go's module cache layout"))
                continue
            v = _version(versions, esc_path, ver, odd, full)
            if v is not None:
                try:
                    v.files[suffix] = os.lstat(full).st_blocks * 512
                except OSError:
                    pass


def _scan_extracted(root: str, versions: dict[tuple[str, str], ModVersion],
                    odd: list[tuple[str, str]]) -> None:
    for dirpath, dirs, _files in os.walk(root):
        if dirpath == root:
            dirs[:] = [d for d in dirs if d != "cache"]
        keep = []
        for d in dirs:
            if "@" not in d:
                keep.append(d)
                continue
            full = os.path.join(dirpath, d)
            if os.path.islink(full):
                odd.append((full, "symlink in the module cache (not followed)"))
                continue
            elem, _, esc_ver = d.partition("@")
            if ".tmp-" in esc_ver:
                odd.append((full, "leftover temporary extraction (Go before 1.16)"))
                continue
            esc_path = os.path.relpath(os.path.join(dirpath, elem), root).replace(os.sep, "/")
            v = _version(versions, esc_path, esc_ver, odd, full)
            if v is not None:
                v.dir = full
                v.dir_bytes = tree_bytes(full)
        dirs[:] = keep


def scan(root: str, origin: str = "") -> ModScan:
    s = ModScan(root, origin, os.path.isdir(root))
    if not s.exists:
        return s
    versions: dict[tuple[str, str], ModVersion] = {}
    _scan_download(root, versions, s.oddities)
    _scan_extracted(root, versions, s.oddities)
    s.versions = sorted(versions.values(), key=lambda v: (v.path, v.version))
    s.sumdb_bytes = tree_bytes(os.path.join(root, "cache", "download", "sumdb"))
    s.vcs_bytes = tree_bytes(os.path.join(root, "cache", "vcs"))
    s.total_bytes = tree_bytes(root)
    return s


def is_dir(path: str) -> bool:
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False
