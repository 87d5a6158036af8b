"""What ``gover list-remote`` shows: the releases a source offers, filtered as the user asked
(``gover list``: toolchain/installed.py)."""

from __future__ import annotations

from gover.golang import versions
from gover.record import record
from gover.toolchain.store import Store

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at start-up
if TYPE_CHECKING:  # the sources pull in the network stack, which gover list never needs
    from typing import Any

    from gover.toolchain.releaseindex import ReleaseIndex
    from gover.toolchain.sources.base import Release, SourceContext


def prerelease_in(spec: versions.Spec, version: str) -> bool:
    """With --all, a series spec (1.23) also shows that series' betas and RCs."""
    if spec.kind == "exact":
        return bool(spec.matches(version))
    if spec.kind == "stable":
        return True
    return versions.lang(versions.strip_go(version)) == spec.version or \
        versions.parse(versions.strip_go(version)).major == spec.version


@record(frozen=True)
class Offered:
    release: Release
    installed: bool

    def to_json(self) -> dict[str, Any]:
        return {"version": self.release.version, "stable": self.release.stable, "installed": self.installed}


@record(frozen=True)
class RemoteList:
    source: str
    versions: list[Offered]
    origin: str = ""  # where the source looked: "the official download index (https://go.dev/dl/)"
    cached: ReleaseIndex | None = None  # set when the source's list came from the cache

    def to_json(self) -> dict[str, Any]:
        return {"source": self.source, "origin": self.origin,
                "cached": {"age_seconds": int(self.cached.age)} if self.cached else None,
                "versions": [v.to_json() for v in self.versions]}


def list_remote(ctx: SourceContext, spec: versions.Spec | None = None, *, include_unstable: bool = False,
                only: str | None = None, now: float | None = None, refresh: bool = False) -> RemoteList:
    """The releases of the first source that answers, matching ``spec`` (all when None);
    betas and RCs only with ``include_unstable``.  With ``now``, a list cached within
    GOVER_REMOTE_TTL answers (unless ``refresh``)."""
    from gover.toolchain import install

    src, releases, index = install.first_listing(ctx, only, now=now, refresh=refresh)
    installed = set(Store(ctx.paths).names())
    shown = [r for r in releases
             if (include_unstable or r.stable)
             and (spec is None or (spec.matches(r.version) if r.stable else prerelease_in(spec, r.version)))]
    return RemoteList(src.name, [Offered(r, r.version in installed) for r in shown], src.describe(),
                      index if index is not None and index.cached else None)
