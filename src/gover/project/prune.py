"""``gover prune``: clear the downloads cache and remove superseded patch releases.

A version is *superseded* when a newer stable patch of the same minor is installed.
It is still kept when anything gover can see names it: the global default, the
working directory's resolution, and every directory ``gover local`` or ``gover
install`` ran in (resolve/known.py) — the version that resolves there *and* every
exact version its .go-version/.tool-versions names.  Adopted GOROOTs are never pruned
(gover did not install them).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gover.fsutil import tree_size
from gover.golang import versions
from gover.paths import Paths


@dataclass(frozen=True)
class Pruned:
    dry_run: bool
    downloads: list[tuple[Path, int]] = field(default_factory=list)
    versions: list[tuple[str, Path, int]] = field(default_factory=list)
    kept: dict[str, str] = field(default_factory=dict)  # superseded but pinned → by what

    @property
    def freed(self) -> int:
        return sum(s for _, s in self.downloads) + sum(s for _, _, s in self.versions)

    def to_json(self) -> dict[str, Any]:
        return {"dry_run": self.dry_run, "freed": self.freed,
                "downloads": [{"path": str(p), "size": s} for p, s in self.downloads],
                "versions": [{"version": v, "path": str(p), "size": s} for v, p, s in self.versions],
                "kept": [{"version": v, "pinned_by": why} for v, why in self.kept.items()]}


def protected(cwd: Path, env: Mapping[str, str], paths: Paths) -> dict[str, str]:
    """Installed toolchain names that something names → where (the first place seen)."""
    from gover.resolve import resolve, resolve_spec
    from gover.resolve.files import read_tool_versions, read_version_file
    from gover.resolve.known import known_dirs

    found: dict[str, str] = {}

    def add(name: str | None, why: str) -> None:
        if name and name != "system":
            found.setdefault(versions.toolchain_name(name), why)

    gf = paths.global_version_file
    if gf.is_file():
        value = read_version_file(str(gf)).value
        add(resolve_spec(value, env, paths).version or None, f"the global default ({gf})")
        _add_exact(add, value, f"the global default ({gf})")
    for d in [cwd, *known_dirs(paths)]:
        add(resolve(d, env, paths).version or None, str(d))
        gv, tv = d / ".go-version", d / ".tool-versions"
        if gv.is_file():
            _add_exact(add, read_version_file(str(gv)).value, str(gv))
        line = read_tool_versions(str(tv)) if tv.is_file() else None
        for v in line.versions if line else ():
            _add_exact(add, v, str(tv))
    return found


def _add_exact(add: Any, value: str, why: str) -> None:
    v = versions.strip_go(value.strip())
    if versions.is_valid(v) and v.count(".") >= 2:
        add(v, why)


def superseded(names: list[str]) -> list[str]:
    """Stable patches with a newer stable patch of the same minor installed."""
    newest: dict[tuple[int, int], str] = {}
    for n in names:
        if versions.is_stable(n[2:]):
            m = versions.minor_of(n[2:])
            if m not in newest or versions.sort_key(n) > versions.sort_key(newest[m]):
                newest[m] = n
    return [n for n in names if versions.is_stable(n[2:])
            and newest[versions.minor_of(n[2:])] != n]


def prune(cwd: Path, env: Mapping[str, str], paths: Paths, *, downloads: bool,
          old_patches: bool, dry_run: bool) -> Pruned:
    from gover.toolchain.install import managed_store

    result = Pruned(dry_run)
    if downloads:
        result.downloads.extend(_downloads(paths, dry_run))
    if old_patches:
        store = managed_store(paths)
        keep = protected(cwd, env, paths)
        for name in superseded(store.names()):
            inst = store.get(name)
            if inst is None or inst.source == "adopted":
                continue
            if name in keep:
                result.kept[name] = keep[name]
                continue
            size = tree_size(inst.path)
            if not dry_run:
                with store.lock(name):
                    store.remove(name)
            result.versions.append((name, inst.path, size))
    return result


def _downloads(paths: Paths, dry_run: bool) -> list[tuple[Path, int]]:
    """Every finished download (archives, wheels, proxy zips); temp and partial files
    (a dot first) may belong to a download running now and stay."""
    try:
        names = sorted(os.listdir(paths.downloads))
    except OSError:
        return []
    out = []
    for n in names:
        p = paths.downloads / n
        if n.startswith(".") or not p.is_file() or p.suffix == ".partial":
            continue
        size = p.stat().st_size
        if not dry_run:
            p.unlink()
        out.append((p, size))
    return out

