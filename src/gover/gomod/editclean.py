"""What ``go mod edit`` and ``go work edit`` do to a parsed file before printing it.

Both call ``SortBlocks`` then ``Cleanup`` (x/mod modfile rule.go, work.go), and
``-json`` prints the result, so the JSON is the file *after*:

- duplicate removal (``removeDups``): an exclude, tool or ignore seen before is
  dropped (the first stays); for replace the *later* line wins.  Versions are
  compared canonical, so ``v1.0`` and ``v1.0.0`` are duplicates; require and
  retract are never de-duplicated.  go.work has only replace to de-duplicate;
- ``Cleanup``: entries with an empty path (``require "" v1.0.0``), and retractions
  with neither bound, are dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

from gover.gomod.modfile import ModFile, Replace
from gover.gomod.workfile import WorkFile

T = TypeVar("T")


def _first_wins(items: list[T], key: Callable[[T], Hashable]) -> list[T]:
    seen: set[Hashable] = set()
    out = []
    for x in items:
        k = key(x)
        if k not in seen:
            seen.add(k)
            out.append(x)
    return out


def _later_replace_wins(replace: list[Replace]) -> list[Replace]:
    keep = _first_wins(list(reversed(replace)), lambda r: (r.old.path, r.old.version))
    kept = {id(r) for r in keep}
    return [r for r in replace if id(r) in kept]  # in file order


def clean_mod(f: ModFile) -> ModFile:
    f.exclude = _first_wins(f.exclude, lambda x: (x.path, x.version))
    f.replace = _later_replace_wins(f.replace)
    f.tool = _first_wins(f.tool, lambda t: t.path)
    f.ignore = _first_wins(f.ignore, lambda t: t.path)
    f.godebug = [g for g in f.godebug if g.key]
    f.require = [r for r in f.require if r.path]
    f.exclude = [x for x in f.exclude if x.path]
    f.replace = [r for r in f.replace if r.old.path]
    f.retract = [r for r in f.retract if r.low or r.high]
    return f


def clean_work(f: WorkFile) -> WorkFile:
    f.replace = [r for r in _later_replace_wins(f.replace) if r.old.path]
    f.use = [u for u in f.use if u.path]
    return f
