"""The caches a command acts on, and whether it may touch them now.

The cache is the one ``go`` would use in the working directory: GOCACHE/GOMODCACHE
from the environment, the go env file, or the GOROOT/go.env of the Go that runs
there (``resolve.which_go``), else Go's default.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from gover.cache import locate
from gover.cache.procs import GoProcess
from gover.errors import GoverError, NotFoundError
from gover.paths import Paths
from gover.wording import count

GOCACHE, GOMODCACHE = "GOCACHE", "GOMODCACHE"


def cache_dir(which: str, cwd: Path, env: Mapping[str, str], paths: Paths) -> locate.CacheDir:
    from gover.resolve.which import which_go

    goroot = which_go(cwd, env, paths).goroot
    return (locate.gocache_dir if which == GOCACHE else locate.gomodcache_dir)(env, goroot)


def existing_gocache(cwd: Path, env: Mapping[str, str], paths: Paths) -> locate.CacheDir:
    loc = cache_dir(GOCACHE, cwd, env, paths)
    if not Path(loc.path).is_dir():
        raise NotFoundError(f"GOCACHE {loc.path} does not exist ({loc.origin})")
    return loc


@dataclass(frozen=True)
class InUse:
    """The go processes using a cache when a prune was asked for."""

    which: str
    root: str
    users: list[GoProcess]

    @property
    def message(self) -> str:
        listing = ", ".join(f"pid {u.pid} ({u.exe})" for u in self.users)
        return (f"{count(len(self.users), 'go process', 'go processes')} "
                f"{'is' if len(self.users) == 1 else 'are'} using {self.which} {self.root}: {listing}")


def refuse_if_in_use(which: str, root: str, *, force: bool, dry_run: bool) -> InUse:
    """Deleting under a running build can break it, so a prune refuses while any go process
    uses the cache; --force (the user accepts a failed build) and --dry-run (deletes
    nothing) go ahead, and the caller warns with :attr:`InUse.message`."""
    from gover.cache import procs

    locator = locate.gocache_dir if which == GOCACHE else locate.gomodcache_dir
    found = InUse(which, root, procs.users_of(root, lambda env, goroot: locator(env, goroot).path))
    if found.users and not force and not dry_run:
        raise GoverError(found.message, hint="wait for them to finish, or pass --force "
                         "(a running build may then fail and need a re-run)")
    return found
