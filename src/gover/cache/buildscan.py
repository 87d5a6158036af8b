"""What a build cache holds: entries, bytes, ages, trim and test-cache state.

Sizes are disk usage (``st_blocks``), as ``du`` reports them.  Ages are from
mtimes, which Go refreshes on use at most once an hour, so "last used" is
accurate to within an hour.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field

from gover.cache import buildcache
from gover.cache.buildcache import Oddity
from gover.cache.units import iso_utc

# (label, upper bound in seconds): Go trims what is unused for 5 days + 1 hour.
AGE_BUCKETS = [("<1h", 3600), ("1h-1d", 86400), ("1d-5d", 5 * 86400),
               ("5d-30d", 30 * 86400), (">=30d", None)]


@dataclass
class AgeBucket:
    label: str
    max_age: int | None
    entries: int = 0
    bytes: int = 0


@dataclass
class BuildScan:
    root: str
    origin: str
    exists: bool
    total_bytes: int = 0
    actions: int = 0
    action_bytes: int = 0
    outputs: int = 0  # regular -d files
    executables: int = 0  # -d directories (Go 1.24+ cached executables)
    output_bytes: int = 0
    fuzz_bytes: int = 0
    ages: list[AgeBucket] = field(default_factory=list)
    last_trim: int | None = None  # Unix seconds from trim.txt
    trim_file: str = "missing"  # "ok" | "missing" | "corrupt"
    go_would_trim: int = 0  # entries Go's next trim removes (unused > 5 days + 1 hour)
    go_would_trim_bytes: int = 0
    test_expire_ns: int | None = None  # from testexpire.txt (go clean -testcache)
    oddities: list[Oddity] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return {
            "gocache": self.root, "origin": self.origin, "exists": self.exists, "bytes": self.total_bytes,
            "actions": {"count": self.actions, "bytes": self.action_bytes},
            "outputs": {"count": self.outputs, "executables": self.executables, "bytes": self.output_bytes},
            "fuzz_bytes": self.fuzz_bytes,
            "ages": [{"label": b.label, "max_age_seconds": b.max_age, "entries": b.entries,
                      "bytes": b.bytes} for b in self.ages],
            "trim": {"state": self.trim_file, "last": iso_utc(self.last_trim),
                     "next_due": iso_utc(self.next_trim),
                     "go_would_trim": {"entries": self.go_would_trim, "bytes": self.go_would_trim_bytes}},
            "test_results_valid_after": iso_utc(self.test_expire_ns / 1e9) if self.test_expire_ns else None,
            "oddities": [{"path": o.path, "reason": o.reason} for o in self.oddities],
        }

    @property
    def next_trim(self) -> int | None:
        return None if self.last_trim is None else self.last_trim + buildcache.TRIM_INTERVAL


def _read_small(path: str) -> str | None:
    try:
        with open(path, "rb") as f:
            return f.read(256).decode("utf-8", "replace")
    except OSError:
        return None


def _trim_state(root: str) -> tuple[int | None, str]:
    text = _read_small(os.path.join(root, "trim.txt"))
    if text is None:
        return None, "missing"
    try:
        return int(text.strip()), "ok"
    except ValueError:
        return None, "corrupt"


def _test_expire(root: str) -> int | None:
    # go clean -testcache writes "<UnixNano>\n"; results cached before it are stale.
    text = _read_small(os.path.join(root, "testexpire.txt"))
    try:
        return int(text.strip()) if text is not None else None
    except ValueError:
        return None


def scan(root: str, origin: str = "", now: float | None = None) -> BuildScan:
    now = time.time() if now is None else now
    s = BuildScan(root, origin, os.path.isdir(root))
    s.ages = [AgeBucket(label, bound) for label, bound in AGE_BUCKETS]
    if not s.exists:
        return s
    w = buildcache.walk(root)
    entries, odd = w.entries, w.oddities
    entries_bytes = 0
    cutoff = now - buildcache.TRIM_LIMIT - buildcache.MTIME_INTERVAL
    for e in entries:
        size = buildcache.entry_bytes(e)
        entries_bytes += size
        if e.kind == "action":
            s.actions += 1
            s.action_bytes += size
        else:
            s.executables += e.is_dir
            s.outputs += not e.is_dir
            s.output_bytes += size
        age = now - e.st.st_mtime
        bucket = next(b for b in s.ages if b.max_age is None or age < b.max_age)
        bucket.entries += 1
        bucket.bytes += size
        if e.st.st_mtime < cutoff:
            s.go_would_trim += 1
            s.go_would_trim_bytes += size
        if not e.well_named or e.subdir != e.name[:2]:
            odd.append(Oddity(e.path, "misnamed or misplaced cache entry"))
    s.fuzz_bytes = _tree(os.path.join(root, buildcache.FUZZ))
    s.total_bytes = cache_total(root, w, entries_bytes)
    s.last_trim, s.trim_file = _trim_state(root)
    s.test_expire_ns = _test_expire(root)
    s.oddities = buildcache.top_level_oddities(root) + odd
    return s


def cache_total(root: str, w: buildcache.Walk, entries_bytes: int) -> int:
    """Disk usage of the whole cache, from a walk and its entries' sizes (as ``du -s``)."""
    return _own(root) + w.other_bytes + entries_bytes + _top_level_bytes(root)


def _own(path: str) -> int:
    try:
        return os.lstat(path).st_blocks * 512
    except OSError:
        return 0


def _tree(path: str) -> int:
    return _own(path) + sum(buildcache.iter_tree_bytes(path))


def _top_level_bytes(root: str) -> int:
    """Everything beside the 256 subdirectories (README, trim.txt, fuzz/, strays)."""
    subdirs = set(buildcache.SUBDIRS)
    try:
        names = os.listdir(root)
    except OSError:
        return 0
    return sum(_tree(os.path.join(root, n)) for n in names if n not in subdirs)
