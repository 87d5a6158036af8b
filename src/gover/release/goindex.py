"""The Go releases known to the download sources, cached for an hour under GOVER_HOME.

``release check --supported-go`` runs in CI over many binaries and many jobs;
asking the index each time would be slow and fragile.  The list comes from the
same sources (and fallbacks, ``GOVER_SOURCES``) as ``gover list-remote`` and is
kept in ``$GOVER_HOME/cache/release-index.json`` with the time it was fetched.
A stale cache is used, and said to be stale, when no source answers.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gover.errors import GoverError, NetworkError, StoreError
from gover.fsutil import write_atomic
from gover.paths import Paths

TTL_SECONDS = 3600
SCHEMA = 1


@dataclass
class ReleaseIndex:
    releases: list[str]  # stable release names, "go1.25.5"
    source: str  # the source that answered ("official", "proxy", …)
    fetched: float  # Unix time of the fetch
    cached: bool = False  # read from the cache rather than fetched now
    stale_reason: str = ""  # set when an expired cache stood in for an unreachable source

    def to_json(self) -> dict[str, Any]:
        return {"source": self.source, "fetched": int(self.fetched), "cached": self.cached,
                "stale": bool(self.stale_reason), "stale_reason": self.stale_reason or None}


def cache_file(paths: Paths) -> Path:
    return paths.home / "cache" / "release-index.json"


def load(paths: Paths, fetch: Callable[[], tuple[str, list[str]]], now: float,
         ttl: float = TTL_SECONDS) -> ReleaseIndex:
    """The cached index if younger than ``ttl`` seconds, else ``fetch()`` (and cache it)."""
    path = cache_file(paths)
    cached = _read(path)
    if cached is not None and 0 <= now - cached.fetched < ttl:
        return cached
    try:
        source, releases = fetch()
    except NetworkError as e:
        if cached is None:
            raise NetworkError(f"cannot tell which Go releases are supported: {e.message}",
                               hint="check the network or GOVER_SOURCES/GOVER_DL_URL") from None
        cached.stale_reason = e.message
        return cached
    index = ReleaseIndex(sorted(set(releases)), source, now)
    try:
        write_atomic(path, json.dumps({"schema": SCHEMA, "source": source, "fetched": now,
                                       "releases": index.releases}) + "\n")
    except StoreError:
        pass  # a read-only GOVER_HOME only costs the next run a fetch
    return index


def _read(path: Path) -> ReleaseIndex | None:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        if doc.get("schema") != SCHEMA:
            return None
        releases = [str(v) for v in doc["releases"]]
        return ReleaseIndex(releases, str(doc["source"]), float(doc["fetched"]), cached=True)
    except (OSError, ValueError, KeyError, TypeError, AttributeError, GoverError):
        return None  # missing or damaged: fetch again
