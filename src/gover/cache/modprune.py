"""Prune module versions no given project needs.

A project needs every module version its go.sum mentions (and, in a
workspace, go.work.sum): that is a superset of its build list and of the
go.mod files Go reads for graph pruning, so keeping those is sufficient for
``go build`` to work offline afterwards.  The versions its go.mod files require
are kept too, for a project whose go.sum is missing or behind.  Toolchain modules that
GOTOOLCHAIN switching downloaded (golang.org/toolchain) appear in no go.sum and
are removed like any other unused version.  Versions whose lock is held are
skipped.  See :mod:`gover.cache.modremove` for how a version is removed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from gover.cache import modremove
from gover.cache.modcache import ModScan, ModVersion
from gover.cache.procs import GoProcess
from gover.errors import ConfigError
from gover.gomod.gosum import GoSum, read_gosum


@dataclass
class ModPruneResult:
    root: str
    dry_run: bool
    kept: int = 0
    removed: list[ModVersion] = field(default_factory=list)
    busy: list[ModVersion] = field(default_factory=list)
    failed: list[tuple[ModVersion, str]] = field(default_factory=list)
    sum_files: list[str] = field(default_factory=list)
    go_processes: list[GoProcess] = field(default_factory=list)  # using the cache (with --force)

    @property
    def removed_bytes(self) -> int:
        return sum(v.bytes for v in self.removed)

    def to_json(self) -> dict[str, object]:
        return {"gomodcache": self.root, "dry_run": self.dry_run, "sum_files": self.sum_files,
                "kept": self.kept, "removed_bytes": self.removed_bytes,
                "removed": [{"module": v.path, "version": v.version, "bytes": v.bytes} for v in self.removed],
                "busy": [{"module": v.path, "version": v.version} for v in self.busy],
                "failed": [{"module": v.path, "version": v.version, "error": e} for v, e in self.failed],
                "go_processes": [u.to_json() for u in self.go_processes]}


def project_sums(dirs: list[Path]) -> list[GoSum]:
    """The go.sum (and go.work.sum) of each project directory."""
    sums = []
    for d in dirs:
        if not d.is_dir():
            raise ConfigError(f"{d}: not a directory (give a Go project directory, holding go.mod)")
        if not (d / "go.mod").is_file() and not (d / "go.work").is_file():
            raise ConfigError(f"{d}: no go.mod or go.work here (give a Go project directory)")
        for name in ("go.sum", "go.work.sum"):
            if (d / name).is_file():
                sums.append(read_gosum(d / name))
    return sums


def required_by_gomod(dirs: list[Path]) -> set[tuple[str, str]]:
    """Module versions the projects' go.mod files (and their workspaces' modules) name:
    requirements and versioned replacements.  Covers a project that has no go.sum yet."""
    from gover.gomod.modfile import parse_mod
    from gover.gomod.workfile import parse_work

    mods: list[Path] = []
    for d in dirs:
        if (d / "go.mod").is_file():
            mods.append(d / "go.mod")
        if (d / "go.work").is_file():
            wf = parse_work(str(d / "go.work"), (d / "go.work").read_bytes())
            mods.extend(d / u.path / "go.mod" for u in wf.use if (d / u.path / "go.mod").is_file())
    keep: set[tuple[str, str]] = set()
    for m in mods:
        mf = parse_mod(str(m), m.read_bytes())
        keep.update((r.path, r.version) for r in mf.require)
        keep.update((r.new.path, r.new.version) for r in mf.replace if r.new.version)
    return keep


def prune_unused(scan: ModScan, sums: list[GoSum], dry_run: bool = False,
                 also_keep: set[tuple[str, str]] | None = None) -> ModPruneResult:
    result = ModPruneResult(scan.root, dry_run, sum_files=[s.file for s in sums])
    keep = set().union(*(s.modules() for s in sums)) if sums else set()
    keep |= also_keep or set()
    for v in scan.versions:
        if v.key in keep:
            result.kept += 1
            continue
        if dry_run:
            result.removed.append(v)
            continue
        try:
            modremove.remove_version(scan.root, v)
            result.removed.append(v)
        except modremove.Busy:
            result.busy.append(v)
        except OSError as e:
            result.failed.append((v, str(e)))
    return result

