"""Is the Go that built a binary still patched and supported?

Go supports the two newest minor releases; every other minor gets no more
security fixes.  A binary is "patch-available" when its minor has a newer patch
release than the one that built it, "unsupported" when its minor is older
than the two newest.  What counts as known releases is passed in (the remote
index when reachable, the installed set, the binaries' own versions), so the
verdicts are only as fresh as that list — the caller says where it came from.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from gover.golang import versions

CURRENT, PATCH, UNSUPPORTED, PRERELEASE, UNKNOWN = (
    "current", "patch-available", "unsupported", "prerelease", "unknown")


@dataclass(frozen=True)
class Verdict:
    file: str
    go_version: str  # as embedded, e.g. "go1.22.10" or "devel go1.24-abc …"
    release: str  # "go1.22.10", or "" when the version is not a release
    newest_patch: str  # newest known stable release of the same minor, or ""
    supported: bool | None  # None when unknown
    status: str

    @property
    def needs_action(self) -> bool:
        return self.status in (PATCH, UNSUPPORTED)

    def to_json(self) -> dict[str, Any]:
        return {"file": self.file, "go_version": self.go_version, "release": self.release or None,
                "newest_patch": self.newest_patch or None,
                "newer_patch": bool(self.release and self.newest_patch
                                    and versions.compare(self.newest_patch, self.release) > 0),
                "supported": self.supported, "status": self.status}


def release_of(go_version: str) -> str:
    """The release a binary's embedded version names (``go1.25.5 X:exp`` → ``go1.25.5``), or ""."""
    v = versions.from_toolchain(go_version.split(" ", 1)[0])
    return versions.toolchain_name(v) if v and not versions.is_lang(v) else ""


def _minor(v: str) -> str:
    return versions.lang(versions.strip_go(v))


def supported_minors(known: Iterable[str]) -> list[str]:
    """The two newest minors with a stable release, newest first (``["1.25", "1.24"]``)."""
    minors = {_minor(v) for v in known if _is_release(v)}
    return sorted(minors, key=versions.sort_key, reverse=True)[:2]


def assess(file: str, go_version: str, known: list[str], supported: list[str]) -> Verdict:
    release = release_of(go_version)
    if not release:
        return Verdict(file, go_version, "", "", None, UNKNOWN)
    minor = _minor(release)
    same_minor = [v for v in known if _is_release(v) and _minor(v) == minor]
    newest = versions.newest(same_minor) or ""
    newer_minor_known = bool(supported) and versions.compare(minor, supported[0]) > 0
    is_supported = minor in supported or newer_minor_known
    if not versions.is_stable(release):
        status = PRERELEASE
    elif not is_supported:
        status = UNSUPPORTED
    elif newest and versions.compare(newest, release) > 0:
        status = PATCH
    else:
        status = CURRENT
    return Verdict(file, go_version, release, newest, is_supported, status)


def known_releases(remote: Iterable[str], installed: Iterable[str], binaries: Iterable[str]) -> list[str]:
    """Every stable release name known from any of the three lists (``go``-prefixed)."""
    names = {release_of(v) for v in [*remote, *installed, *binaries]}
    return sorted((n for n in names if n and _is_release(n)), key=versions.sort_key, reverse=True)


def _is_release(name: str) -> bool:
    return versions.is_stable(name) and bool(versions.parse(versions.strip_go(name)).patch)
