"""``gover cache`` and ``gover modcache``, one function per command: locate the cache that
applies here, refuse what must not run now, do the work, return the result (which
renders itself as ``--json``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from gover.cache import here
from gover.errors import NotFoundError, UsageError
from gover.paths import Paths

if TYPE_CHECKING:  # each command imports only the modules it runs (zip hashing, pruning …)
    from gover.cache.buildprune import PruneResult
    from gover.cache.buildscan import BuildScan
    from gover.cache.buildverify import VerifyResult
    from gover.cache.modcache import ModScan
    from gover.cache.modprune import ModPruneResult
    from gover.cache.modverify import ModVerifyResult
    from gover.cache.procs import GoProcess

Warn = Callable[[str], None]


def scan_gocache(cwd: Path, env: Mapping[str, str], paths: Paths) -> BuildScan:
    from gover.cache import buildscan

    loc = here.cache_dir(here.GOCACHE, cwd, env, paths)
    return buildscan.scan(loc.path, loc.origin)


def verify_gocache(cwd: Path, env: Mapping[str, str], paths: Paths, *, jobs: int = 0,
                   delete_bad: bool = False, dry_run: bool = False) -> VerifyResult:
    from gover.cache import buildverify

    loc = here.existing_gocache(cwd, env, paths)
    r = buildverify.verify(loc.path, jobs)
    r.dry_run = dry_run
    if delete_bad and not dry_run:
        buildverify.delete_bad(r)
    return r


def prune_gocache(cwd: Path, env: Mapping[str, str], paths: Paths, *, older_than: str | None,
                  max_size: str | None, dry_run: bool = False, force: bool = False,
                  warn: Warn = lambda line: None) -> PruneResult:
    """``warn`` hears about go processes using the cache before anything is removed."""
    from gover.cache import buildprune, units

    if older_than is None and max_size is None:
        raise UsageError("say what to prune: --older-than DURATION and/or --max-size SIZE")
    older = units.parse_duration(older_than) if older_than is not None else None
    size = units.parse_size(max_size) if max_size is not None else None
    loc = here.existing_gocache(cwd, env, paths)
    users = _in_use(here.GOCACHE, loc.path, force, dry_run, warn)
    r = buildprune.prune(loc.path, older_than=older, max_size=size, dry_run=dry_run)
    r.go_processes = users
    return r


def scan_modcache(cwd: Path, env: Mapping[str, str], paths: Paths) -> ModScan:
    from gover.cache import modcache

    loc = here.cache_dir(here.GOMODCACHE, cwd, env, paths)
    s = modcache.scan(loc.path, loc.origin)
    if not s.exists:
        raise NotFoundError(f"GOMODCACHE {loc.path} does not exist ({loc.origin})")
    return s


def verify_modcache(cwd: Path, env: Mapping[str, str], paths: Paths, *, against: list[Path],
                    jobs: int = 0, delete_bad: bool = False, dry_run: bool = False) -> ModVerifyResult:
    """``against``: go.sum files, or directories holding one."""
    from gover.cache import modverify
    from gover.gomod.gosum import read_gosum

    files = [a / "go.sum" if a.is_dir() else a for a in against]
    for f in files:
        if not f.is_file():
            raise NotFoundError(f"{f}: no such go.sum")
    sums = [read_gosum(f) for f in files]
    s = scan_modcache(cwd, env, paths)
    r = modverify.verify(s.root, s, sums or None, jobs)
    r.against, r.dry_run = [str(f) for f in files], dry_run
    if delete_bad and not dry_run:
        modverify.delete_bad(r, s)
    return r


def prune_modcache(cwd: Path, env: Mapping[str, str], paths: Paths, *, unused_by: list[Path],
                   dry_run: bool = False, force: bool = False,
                   warn: Warn = lambda line: None) -> ModPruneResult:
    from gover.cache import modprune

    sums = modprune.project_sums(unused_by)
    s = scan_modcache(cwd, env, paths)
    users = _in_use(here.GOMODCACHE, s.root, force, dry_run, warn)
    r = modprune.prune_unused(s, sums, dry_run=dry_run, also_keep=modprune.required_by_gomod(unused_by))
    r.go_processes = users
    return r


def _in_use(which: str, root: str, force: bool, dry_run: bool, warn: Warn) -> list[GoProcess]:
    found = here.refuse_if_in_use(which, root, force=force, dry_run=dry_run)
    if found.users:
        warn(f"warning: {found.message}")
    return found.users
