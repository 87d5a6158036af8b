"""Prune a build cache by last use (mtime), oldest first.

Only ``<hh>/<64 hex>-a`` and ``-d`` entries are candidates — never ``fuzz/``,
``README``, ``trim.txt``, ``testexpire.txt`` or ``log.txt``, and nothing Go
relies on is rewritten.  Each entry is removed on its own (one unlink, or an
executable directory's single file and then the directory), so an interrupted
prune leaves a cache in which every remaining entry is valid: a missing entry
is only a miss, and Go copes with an action whose output is gone.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from gover.cache import buildcache, buildscan, safedelete
from gover.cache.buildcache import Entry
from gover.cache.procs import GoProcess
from gover.cache.units import failed_json, iso_utc


@dataclass(frozen=True)
class Pruned:
    path: str
    bytes: int
    mtime: float


@dataclass
class PruneResult:
    root: str
    dry_run: bool
    before_bytes: int
    removed: list[Pruned] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    go_processes: list[GoProcess] = field(default_factory=list)  # using the cache (with --force)

    @property
    def removed_bytes(self) -> int:
        return sum(p.bytes for p in self.removed)

    @property
    def after_bytes(self) -> int:
        return self.before_bytes - self.removed_bytes

    def to_json(self) -> dict[str, object]:
        return {"gocache": self.root, "dry_run": self.dry_run, "before_bytes": self.before_bytes,
                "after_bytes": self.after_bytes, "removed_bytes": self.removed_bytes,
                "removed": [{"path": p.path, "bytes": p.bytes, "last_used": iso_utc(p.mtime)}
                            for p in self.removed],
                "failed": failed_json(self.failed), "go_processes": [u.to_json() for u in self.go_processes]}


def plan(entries: list[tuple[Entry, int]], total: int, *, older_than: float | None,
         max_size: int | None, now: float) -> list[tuple[Entry, int]]:
    """The entries to remove, oldest first: every entry unused for more than
    ``older_than`` seconds, then more of the oldest until ``total`` is at most ``max_size``."""
    # Ties (same mtime) in a fixed order, actions before outputs, so plans are repeatable.
    ordered = sorted(entries, key=lambda t: (t[0].st.st_mtime, t[0].kind != "action", t[0].path))
    chosen: list[tuple[Entry, int]] = []
    for e, size in ordered:
        old = older_than is not None and now - e.st.st_mtime > older_than
        over = max_size is not None and total > max_size
        if not (old or over):
            break  # everything after is younger, and the budget is met
        chosen.append((e, size))
        total -= size
    return chosen


def prune(root: str, *, older_than: float | None = None, max_size: int | None = None,
          dry_run: bool = False, now: float | None = None) -> PruneResult:
    now = time.time() if now is None else now
    w = buildcache.walk(root)
    sizes = [(e, buildcache.entry_bytes(e)) for e in w.entries]
    total = buildscan.cache_total(root, w, sum(s for _, s in sizes))
    # Only what Go itself would trim: well-named entries, never a symlink.
    sized = [(e, s) for e, s in sizes if e.well_named and not e.is_link]
    result = PruneResult(root, dry_run, total)
    for e, size in plan(sized, total, older_than=older_than, max_size=max_size, now=now):
        if not dry_run:
            try:
                safedelete.remove(root, e.path)
            except OSError as err:
                result.failed.append((e.path, str(err)))
                continue
        result.removed.append(Pruned(e.path, size, e.st.st_mtime))
    return result
