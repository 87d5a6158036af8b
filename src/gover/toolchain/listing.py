"""What ``gover list`` and ``gover list-remote`` show: installed versions with how each
was verified, and the releases a source offers, filtered as the user asked."""

from __future__ import annotations

from gover.golang import versions
from gover.record import record
from gover.toolchain.store import Installed, Store

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at start-up
if TYPE_CHECKING:  # the sources pull in the network stack, which gover list never needs
    from typing import Any

    from gover.toolchain.releaseindex import ReleaseIndex
    from gover.toolchain.sources.base import Release, SourceContext


def verified_label(source: str, v: dict[str, Any]) -> str:
    """How an install was verified, in a word or two (``--json``: ``verified``)."""
    if v.get("independently_verified"):
        label = "index+sumdb"  # the download index and the checksum database agreed
    elif v.get("checksum_db"):
        label = "sumdb"
    elif v.get("record"):
        label = "wheel RECORD"
    elif v.get("checked_against") and "nothing" not in str(v["checked_against"]):
        label = "sha256"
    else:
        label = "none"
    return label + (" (bundle)" if source == "bundle" else "")


@record(frozen=True)
class Listed:
    """One installed version as ``gover list`` describes it."""

    inst: Installed

    @property
    def size(self) -> int:
        return self.inst.meta.installed_bytes if self.inst.meta else 0

    @property
    def verified(self) -> str:
        m = self.inst.meta
        return verified_label(m.source, m.verification) if m else "unknown"

    @property
    def third_party(self) -> bool:
        return bool(self.inst.meta and self.inst.meta.provenance.startswith("third-party"))

    def to_json(self) -> dict[str, Any]:
        i, m = self.inst, self.inst.meta
        return {
            "version": i.name, "path": str(i.path), "source": i.source, "size": self.size,
            "installed_at": m.installed_at if m else "", "sha256": m.sha256 if m else "",
            "origin_url": m.origin_url if m else "", "provenance": m.provenance if m else "",
            "verified": self.verified,
            "independently_verified": bool(m and m.verification.get("independently_verified")),
        }


@record(frozen=True)
class InstalledList:
    versions: list[Listed]

    def to_json(self) -> dict[str, Any]:
        return {"versions": [v.to_json() for v in self.versions]}


def list_installed(store: Store) -> InstalledList:
    return InstalledList([Listed(i) for i in store.installed()])


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
