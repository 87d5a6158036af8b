"""Verify every entry of a build cache: the check Go itself skips.

Go's ``GetFile`` checks only an output's size, so a ``-d`` corrupted in place is
linked into binaries silently.  Here every output is hashed against its own
name (its name *is* its SHA-256), and every action entry is parsed as Go parses
it and cross-checked with its output.  The output's own hash is the ground
truth: a damaged output is reported, the action pointing at it is not (the
action is fine; its output is not).  A missing output is only a cache miss.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field

from gover import hashing
from gover.cache import buildcache, safedelete
from gover.cache.buildcache import Entry, EntryError
from gover.cache.units import failed_json


@dataclass(frozen=True)
class Problem:
    path: str
    kind: str  # "action" | "output" | "subdir"
    reason: str

    def to_json(self) -> dict[str, str]:
        return {"path": self.path, "kind": self.kind, "reason": self.reason}


@dataclass
class VerifyResult:
    root: str
    checked: int = 0
    corrupt: list[Problem] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, error) of deletes
    dry_run: bool = False  # --delete-bad --dry-run: nothing was deleted on purpose

    @property
    def remaining(self) -> int:
        """Damaged entries still in the cache (the exit status is 1 while any are)."""
        return len(self.corrupt) - len(self.deleted)

    def to_json(self) -> dict[str, object]:
        return {"gocache": self.root, "checked": self.checked, "corrupt": [p.to_json() for p in self.corrupt],
                "dry_run": self.dry_run, "deleted": self.deleted, "failed": failed_json(self.failed)}


def _hash_output(path: str, buf: bytearray) -> tuple[str, int] | str:
    """(sha256, size) of an output's content, or why it is not a valid output."""
    st = os.lstat(path)
    if stat.S_ISREG(st.st_mode):
        return hashing.sha256_path(path, buf, follow_symlinks=False)
    if not stat.S_ISDIR(st.st_mode):
        return "is a symlink (Go never writes one)" if stat.S_ISLNK(st.st_mode) \
            else "is not a regular file or directory"
    names = os.listdir(path)  # an executable entry: exactly one file
    if len(names) != 1:
        return f"executable entry holds {len(names)} files, want 1"
    inner = os.path.join(path, names[0])
    if not stat.S_ISREG(os.lstat(inner).st_mode):
        return f"executable entry's {names[0]!r} is not a regular file"
    return hashing.sha256_path(inner, buf, follow_symlinks=False)


def _check_output(e: Entry, res: object) -> tuple[str | None, int | None]:
    """(problem, verified size) for one output given its hashing result."""
    if isinstance(res, BaseException):
        return f"unreadable: {getattr(res, 'strerror', None) or res}", None
    if isinstance(res, str):
        return res, None
    assert isinstance(res, tuple)
    digest, size = res
    if digest != e.id:
        what = "executable's content" if e.is_dir else "content"
        return f"{what} hashes to {digest[:16]}..., not its name ({size} bytes)", None
    return None, size


def _read_action(path: str) -> bytes:
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0))
    try:
        return os.read(fd, buildcache.ENTRY_SIZE + 1)
    finally:
        os.close(fd)


def _check_action(e: Entry, outputs: dict[str, tuple[Entry, int | None]]) -> str | None:
    if e.is_link:
        return "is a symlink (Go never writes one)"
    if not stat.S_ISREG(e.st.st_mode):
        return "is not a regular file"
    try:
        data = _read_action(e.path)
    except OSError as err:
        return f"unreadable: {err.strerror or err}"
    try:
        entry = buildcache.parse_action(data, e.id)
    except EntryError as err:
        return str(err)
    out = outputs.get(entry.output_id)
    if out is not None and out[1] is not None and out[1] != entry.size:
        return (f"records size {entry.size} for output {entry.output_id[:16]}..., "
                f"which has {out[1]} bytes")
    return None


def _name_problem(e: Entry) -> str | None:
    if not e.well_named:
        return "name is not a 64-digit lowercase hex ID"
    if e.subdir != e.name[:2]:
        return f"is in subdirectory {e.subdir}, Go looks in {e.name[:2]}"
    return None


def verify(root: str, jobs: int = 0) -> VerifyResult:
    """Check every entry under ``root``; hashing runs on ``jobs`` threads (0 = all CPUs)."""
    result = VerifyResult(root)
    w = buildcache.walk(root)
    entries = w.entries
    for o in w.oddities:
        if "subdirectory" in o.reason or o.reason.startswith("cannot"):
            result.corrupt.append(Problem(o.path, "subdir", o.reason))
    problems: dict[str, Problem] = {}
    outs = [e for e in entries if e.kind == "output"]
    acts = [e for e in entries if e.kind == "action"]
    for e in entries:
        if (why := _name_problem(e)) is not None:
            problems[e.path] = Problem(e.path, e.kind, why)
    to_hash = sorted((e for e in outs if e.path not in problems),
                     key=lambda e: -e.st.st_size)
    hashed = hashing.run_parallel([e.path for e in to_hash], _hash_output, jobs or hashing.default_jobs())
    verified: dict[str, tuple[Entry, int | None]] = {}
    for e in to_hash:
        why, size = _check_output(e, hashed.get(e.path, "not hashed"))
        if why is not None:
            problems[e.path] = Problem(e.path, "output", why)
        verified[e.id] = (e, size)
    for e in acts:
        if e.path not in problems and (why := _check_action(e, verified)) is not None:
            problems[e.path] = Problem(e.path, "action", why)
    result.checked = len(entries)
    result.corrupt += sorted(problems.values(), key=lambda p: p.path)
    return result


def delete_bad(result: VerifyResult) -> None:
    """Remove exactly the corrupt paths (each removal alone leaves a valid cache)."""
    # Actions first: an action without its output is a plain miss for Go.
    order = sorted(result.corrupt, key=lambda p: (p.kind != "action", p.path))
    for p in order:
        try:
            safedelete.remove(result.root, p.path)
            result.deleted.append(p.path)
        except OSError as e:
            result.failed.append((p.path, str(e)))
