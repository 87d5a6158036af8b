"""The Go releases gover knows of: one path for every command that needs them.

``ci matrix``, ``matrix --supported``, ``buildinfo --outdated`` and ``release check
--supported-go`` all ask :func:`known_releases`, which tries, in order:

1. the list cached under ``$GOVER_HOME/cache/remote/`` if younger than
   ``GOVER_REMOTE_TTL`` (an hour) and fetched with the same source settings (CI
   runs these over many jobs), unless ``refresh``;
2. the sources in ``GOVER_SOURCES`` order — the official index, the
   ``golang.org/toolchain`` list of GOPROXY, PyPI — the first that lists a stable
   release (a GOPROXY without the toolchain module answers with nothing, which is
   no answer);
3. the expired cache, said to be stale;
4. the installed versions, said to be all that is known.

``gover list-remote`` keeps each source's own list the same way (:func:`listing`),
keyed by what the source reads (its URL, the platform).  The cache holds version
names only: installing fetches the index again for the checksums it verifies.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from pathlib import Path

from gover.errors import GoverError, NetworkError, NotFoundError, StoreError
from gover.fsutil import write_atomic
from gover.golang import versions
from gover.paths import Paths
from gover.record import field, record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from typing import Any

    from gover.toolchain.sources.base import Release, Source, SourceContext

TTL_SECONDS = 3600
SCHEMA = 3  # 2: the source settings ("key") the list was fetched with; 3: prereleases
INSTALLED = "installed"


@record
class ReleaseIndex:
    releases: list[str]  # stable release names, "go1.25.5"
    source: str  # the source that answered ("official", "proxy", …), or INSTALLED
    fetched: float  # Unix time of the fetch
    cached: bool = False  # read from the cache rather than fetched now
    stale_reason: str = ""  # set when an expired cache stood in for an unreachable source
    unreachable: str = ""  # set when the installed versions stand in: why no source answered
    prereleases: list[str] = field(default_factory=list)  # a source's betas and RCs (listing)
    age: float = 0.0  # seconds since the fetch, when read from the cache

    def cache_note(self) -> str:
        """A line saying the list came from the cache and how old it is ("" when fetched now)."""
        if not self.cached:
            return ""
        if self.stale_reason:
            return (f"{self.stale_reason}; using the releases cached from {self.describe()} "
                    f"{describe_age(self.age)} ago")
        return (f"using the releases cached from {self.describe()} {describe_age(self.age)} ago "
                "(--refresh fetches them again)")

    @property
    def from_installed(self) -> bool:
        return self.source == INSTALLED

    def describe(self) -> str:
        """Where the list came from, for a sentence: "the official index"."""
        return "the installed versions" if self.from_installed else f"the {self.source} index"

    def to_json(self) -> dict[str, Any]:
        return {"source": self.source, "fetched": int(self.fetched),
                "cached": {"age_seconds": int(self.age)} if self.cached else None,
                "stale": bool(self.stale_reason), "stale_reason": self.stale_reason or None,
                "unreachable": self.unreachable or None}


def describe_age(seconds: float) -> str:
    s = max(0, int(seconds))
    if s < 120:
        return f"{s} s"
    if s < 7200:
        return f"{s // 60} min"
    return f"{s // 3600} h" if s < 172800 else f"{s // 86400} days"


def cache_file(paths: Paths, key: str = "") -> Path:
    """One file per key: lists fetched with other settings do not replace each other."""
    digest = hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:20]
    return paths.home / "cache" / "remote" / f"{digest}.json"


def _fresh(cached: ReleaseIndex | None, now: float, ttl: float) -> ReleaseIndex | None:
    if cached is None or not 0 <= now - cached.fetched < ttl:
        return None
    cached.age = now - cached.fetched
    return cached


def load(paths: Paths, fetch: Callable[[], tuple[str, list[str]]], now: float, *,
         key: str = "", installed: Iterable[str] | None = None,
         ttl: float = TTL_SECONDS, refresh: bool = False) -> ReleaseIndex:
    """The cached list if younger than ``ttl`` seconds and fetched with ``key`` (unless
    ``refresh``), else ``fetch()`` (and cache it), else the expired cache, else the stable
    releases in ``installed`` — maybe none: the caller says so — (None: the installed
    versions may not stand in, and a NetworkError is raised instead)."""
    path = cache_file(paths, key)
    cached = _read(path, key)
    fresh = None if refresh else _fresh(cached, now, ttl)
    if fresh is not None:
        return fresh
    try:
        source, releases = fetch()
    except NetworkError as e:
        if cached is not None:
            cached.stale_reason = e.message
            cached.age = max(0.0, now - cached.fetched)
            return cached
        if installed is None:
            raise NetworkError(f"cannot tell which Go releases are supported: {e.message}",
                               hint="check the network or GOVER_SOURCES/GOVER_DL_URL") from None
        have = sorted({n for n in installed if versions.is_stable(n)}, key=versions.sort_key)
        return ReleaseIndex(have, INSTALLED, now, unreachable=e.message)
    index = ReleaseIndex(sorted(set(releases), key=versions.sort_key), source, now)
    _write(path, key, index)
    return index


def _write(path: Path, key: str, index: ReleaseIndex) -> None:
    try:
        write_atomic(path, json.dumps({"schema": SCHEMA, "key": key, "source": index.source,
                                       "fetched": index.fetched, "releases": index.releases,
                                       "prereleases": index.prereleases}) + "\n")
    except StoreError:
        pass  # a read-only GOVER_HOME only costs the next run a fetch


def _read(path: Path, key: str) -> ReleaseIndex | None:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        if doc.get("schema") != SCHEMA or doc.get("key") != key:
            return None  # another format, or fetched from other sources
        releases = [str(v) for v in doc["releases"]]
        pre = [str(v) for v in doc["prereleases"]]
        return ReleaseIndex(releases, str(doc["source"]), float(doc["fetched"]), cached=True,
                            prereleases=pre)
    except (OSError, ValueError, KeyError, TypeError, AttributeError, GoverError):
        return None  # missing or damaged: fetch again


def from_sources(ctx: SourceContext) -> tuple[str, list[str]]:
    """The stable releases of the first source (``GOVER_SOURCES`` order) that lists any."""
    from gover.toolchain import sources
    from gover.toolchain.sources.toolchainmod import goproxy_value

    why: list[str] = []
    for name in sources.order(ctx, None):
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


def known_releases(ctx: SourceContext, now: float, *, installed: Iterable[str] | None = None,
                   refresh: bool = False) -> ReleaseIndex:
    """What :func:`load` knows with the sources of ``ctx`` (see the module docstring)."""
    from gover import settings

    return load(ctx.paths, lambda: from_sources(ctx), now, key="index|" + source_key(ctx),
                installed=installed, ttl=settings.remote_ttl(ctx.env), refresh=refresh)


# --- one source's own list (gover list-remote) -----------------------------------------

def listing_key(name: str, ctx: SourceContext) -> str:
    """What decides ``name``'s list: its URLs (or pip's), and the platform it filters for."""
    from gover import settings
    from gover.toolchain.sources.toolchainmod import goproxy_value

    env = ctx.env
    if name == "official":
        where = ",".join(settings.dl_bases(env))
    elif name == "proxy":
        where = goproxy_value(env)
    else:
        where = "|".join(env.get(k, "") for k in ("GOVER_PIP", "PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL",
                                                   "PIP_FIND_LINKS", "PIP_CONFIG_FILE"))
    return f"list|{name}|{where}|{ctx.platform}"


def listing(src: Source, ctx: SourceContext, now: float, *,
            refresh: bool = False) -> tuple[list[Release], ReleaseIndex]:
    """``src``'s releases, newest first: its cached list if younger than GOVER_REMOTE_TTL
    (unless ``refresh``), else fetched now (NetworkError passes through: the caller tries
    the next source).  The ReleaseIndex says whether it was cached, and its age."""
    from gover import settings
    from gover.toolchain.sources.base import Release

    key = listing_key(src.name, ctx)
    path = cache_file(ctx.paths, key)
    fresh = None if refresh else _fresh(_read(path, key), now, settings.remote_ttl(ctx.env))
    if fresh is not None:
        rels = [Release(v, True, src.name) for v in fresh.releases] + \
            [Release(v, False, src.name) for v in fresh.prereleases]
        rels.sort(key=lambda r: versions.sort_key(r.version), reverse=True)
        return rels, fresh
    rels = src.list_remote()
    index = ReleaseIndex([r.version for r in rels if r.stable], src.name, now,
                         prereleases=[r.version for r in rels if not r.stable])
    _write(path, key, index)
    return rels, index
