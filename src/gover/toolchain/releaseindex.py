"""The Go releases gover knows of: one path for every command that needs them.

``ci matrix``, ``matrix --supported``, ``buildinfo --outdated`` and ``release check
--supported-go`` all ask :func:`known_releases`, which tries, in order:

1. the list cached in ``$GOVER_HOME/cache/release-index.json`` if younger than an
   hour and fetched with the same source settings (CI runs these over many jobs);
2. the sources in ``GOVER_SOURCES`` order — the official index, the
   ``golang.org/toolchain`` list of GOPROXY, PyPI — the first that lists a stable
   release (a GOPROXY without the toolchain module answers with nothing, which is
   no answer);
3. the expired cache, said to be stale;
4. the installed versions, said to be all that is known.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gover.errors import GoverError, NetworkError, NotFoundError, StoreError
from gover.fsutil import write_atomic
from gover.golang import versions
from gover.paths import Paths

if TYPE_CHECKING:
    from gover.toolchain.sources.base import SourceContext

TTL_SECONDS = 3600
SCHEMA = 2  # 2: the source settings ("key") the list was fetched with
INSTALLED = "installed"


@dataclass
class ReleaseIndex:
    releases: list[str]  # stable release names, "go1.25.5"
    source: str  # the source that answered ("official", "proxy", …), or INSTALLED
    fetched: float  # Unix time of the fetch
    cached: bool = False  # read from the cache rather than fetched now
    stale_reason: str = ""  # set when an expired cache stood in for an unreachable source
    unreachable: str = ""  # set when the installed versions stand in: why no source answered

    @property
    def from_installed(self) -> bool:
        return self.source == INSTALLED

    def describe(self) -> str:
        """Where the list came from, for a sentence: "the official index"."""
        return "the installed versions" if self.from_installed else f"the {self.source} index"

    def to_json(self) -> dict[str, Any]:
        return {"source": self.source, "fetched": int(self.fetched), "cached": self.cached,
                "stale": bool(self.stale_reason), "stale_reason": self.stale_reason or None,
                "unreachable": self.unreachable or None}


def cache_file(paths: Paths) -> Path:
    return paths.home / "cache" / "release-index.json"


def load(paths: Paths, fetch: Callable[[], tuple[str, list[str]]], now: float, *,
         key: str = "", installed: Iterable[str] | None = None,
         ttl: float = TTL_SECONDS) -> ReleaseIndex:
    """The cached list if younger than ``ttl`` seconds and fetched with ``key``, else
    ``fetch()`` (and cache it), else the expired cache, else the stable releases in
    ``installed`` — maybe none: the caller says so — (None: the installed versions may
    not stand in, and a NetworkError is raised instead)."""
    path = cache_file(paths)
    cached = _read(path, key)
    if cached is not None and 0 <= now - cached.fetched < ttl:
        return cached
    try:
        source, releases = fetch()
    except NetworkError as e:
        if cached is not None:
            cached.stale_reason = e.message
            return cached
        if installed is None:
            raise NetworkError(f"cannot tell which Go releases are supported: {e.message}",
                               hint="check the network or GOVER_SOURCES/GOVER_DL_URL") from None
        have = sorted({n for n in installed if versions.is_stable(n)}, key=versions.sort_key)
        return ReleaseIndex(have, INSTALLED, now, unreachable=e.message)
    index = ReleaseIndex(sorted(set(releases), key=versions.sort_key), source, now)
    try:
        write_atomic(path, json.dumps({"schema": SCHEMA, "key": key, "source": source, "fetched": now,
                                       "releases": index.releases}) + "\n")
    except StoreError:
        pass  # a read-only GOVER_HOME only costs the next run a fetch
    return index


def _read(path: Path, key: str) -> ReleaseIndex | None:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        if doc.get("schema") != SCHEMA or doc.get("key") != key:
            return None  # another format, or fetched from other sources
        releases = [str(v) for v in doc["releases"]]
        return ReleaseIndex(releases, str(doc["source"]), float(doc["fetched"]), cached=True)
    except (OSError, ValueError, KeyError, TypeError, AttributeError, GoverError):
        return None  # missing or damaged: fetch again


def from_sources(ctx: SourceContext) -> tuple[str, list[str]]:
    """The stable releases of the first source (``GOVER_SOURCES`` order) that lists any."""
    from gover.toolchain import sources
    from gover.toolchain.install import source_order
    from gover.toolchain.sources.toolchainmod import goproxy_value

    why: list[str] = []
    for name in source_order(ctx, None):
        try:
            releases = sources.make(name, ctx).list_remote()
        except (NetworkError, NotFoundError) as e:
            why.append(f"{name}: {e.message}")
            continue
        stable = [r.version for r in releases if r.stable]
        if stable:
            return name, stable
        if name == "proxy":
            why.append(f"proxy: no golang.org/toolchain releases at GOPROXY={goproxy_value(ctx.env)}")
        else:
            why.append(f"{name}: lists no stable Go release for {ctx.platform}")
    raise NetworkError("no release index answered (" + "; ".join(why) + ")")


def source_key(ctx: SourceContext) -> str:
    """The settings that decide what the sources list: a cache fetched with others is not used."""
    from gover.toolchain.sources.toolchainmod import goproxy_value

    env = ctx.env
    return "|".join([env.get("GOVER_SOURCES", ""), env.get("GOVER_DL_URL", ""), goproxy_value(env),
                     env.get("GOVER_PIP", ""), env.get("PIP_INDEX_URL", ""), env.get("PIP_FIND_LINKS", ""),
                     str(ctx.platform)])


def known_releases(ctx: SourceContext, now: float, *, installed: Iterable[str] | None = None) -> ReleaseIndex:
    """What :func:`load` knows with the sources of ``ctx`` (see the module docstring)."""
    return load(ctx.paths, lambda: from_sources(ctx), now, key=source_key(ctx), installed=installed)
