"""The official download site (go.dev/dl) and sites mirroring its layout.

Index: ``<base>?mode=json&include=all`` (every release, newest first); archives:
``<base><filename>``.  ``GOVER_DL_URL`` may list several bases separated by commas;
each is tried in order when the previous cannot be reached.  The SHA-256 comes
from the index and is checked while the archive streams to the downloads cache.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from gover import versions
from gover.archive import strip_prefix
from gover.errors import NetworkError, NotFoundError, VerificationError
from gover.net import BadResponse, redact
from gover.sources.base import Artifact, Release, SourceContext

DEFAULT_BASE = "https://go.dev/dl/"
_FILENAME_RE = re.compile(r"^go[A-Za-z0-9][A-Za-z0-9._+-]*$")
T = TypeVar("T")


def bases_from_env(value: str) -> list[str]:
    bases = [b.strip() for b in (value or DEFAULT_BASE).split(",") if b.strip()]
    return [b if b.endswith("/") else b + "/" for b in bases]


class Official:
    name = "official"

    def __init__(self, ctx: SourceContext) -> None:
        self.ctx = ctx
        self.bases = bases_from_env(ctx.env.get("GOVER_DL_URL", ""))
        self._index: list[dict[str, Any]] | None = None
        self._base: str | None = None  # the base that answered the index request

    # --- index -----------------------------------------------------------------

    def index(self) -> list[dict[str, Any]]:
        if self._index is not None:
            return self._index
        index, self._base = self._first_base(
            lambda base: parse_index(self.ctx.client.get_bytes(base + "?mode=json&include=all"), base))
        self._index = index
        return index

    def _first_base(self, fn: Callable[[str], T]) -> tuple[T, str]:
        errors: list[str] = []
        for base in self.bases:
            try:
                return fn(base), base
            except NetworkError as e:
                errors.append(e.message)
        if len(errors) == 1:
            raise NetworkError(errors[0])
        raise NetworkError("no download site could be reached: " + "; ".join(errors))

    def list_remote(self) -> list[Release]:
        out = []
        for rel in self.index():
            f = pick_file(rel, self.ctx.platform.goos, self.ctx.platform.dl_arch)
            if f is not None:
                out.append(Release(rel["version"], bool(rel.get("stable")), self.name, f))
        return out

    # --- fetch -----------------------------------------------------------------

    def fetch(self, release: Release) -> Artifact:
        f = release.data
        filename, want = f["filename"], f["sha256"].lower()
        size = f.get("size") or None
        dest = self.ctx.paths.downloads / filename
        if dest.exists():
            self.ctx.report(f"Using cached {filename}")
            art = self._artifact(dest, want, self._base or self.bases[0], filename)
            art.recheck_sha256 = want  # verified again while it is extracted
            return art
        last: NetworkError | None = None
        for base in [b for b in [self._base] if b] + [b for b in self.bases if b != self._base]:
            url = base + filename
            self.ctx.report(f"Downloading {filename} from {redact(base)}")
            try:
                self.ctx.client.download(url, dest, sha256=want, size=size,
                                         progress=self.ctx.progress(filename))
            except NotFoundError:
                raise
            except VerificationError:
                raise
            except NetworkError as e:
                last = e
                continue
            return self._artifact(dest, want, base, filename)
        assert last is not None
        raise last

    def _artifact(self, path: Path, sha: str, base: str, filename: str) -> Artifact:
        return Artifact(
            path=path, mapper=strip_prefix("go/"), sha256=sha, size=path.stat().st_size,
            origin_url=redact(base + filename),
            verification={"sha256": sha, "checked_against": redact(base) + " index"},
        )




def parse_index(raw: bytes, base: str) -> list[dict[str, Any]]:
    """Validate the index JSON; a one-line BadResponse naming the URL if malformed."""
    where = redact(base) + "?mode=json&include=all"
    if raw.lstrip()[:1] == b"<":
        raise BadResponse(f"{where} returned an HTML page, not the JSON download index")
    try:
        data = json.loads(raw)
    except ValueError as e:
        raise BadResponse(f"malformed download index from {where}: {e}") from None
    if not isinstance(data, list):
        raise BadResponse(f"malformed download index from {where}: expected a JSON list")
    out = []
    for i, rel in enumerate(data):
        ok = (isinstance(rel, dict) and isinstance(rel.get("version"), str)
              and isinstance(rel.get("files", []), list)
              and versions.is_valid(versions.strip_go(rel["version"])))
        if not ok:
            raise BadResponse(f"malformed download index from {where}: entry {i} is not a release")
        out.append(rel)
    out.sort(key=lambda r: versions.sort_key(r["version"]), reverse=True)
    return out


def pick_file(release: dict[str, Any], goos: str, arch: str) -> dict[str, Any] | None:
    """The archive for goos/arch in a release entry (``.tar.gz`` preferred over ``.zip``)."""
    matches = []
    for f in release.get("files", []):
        if not isinstance(f, dict) or f.get("kind") != "archive":
            continue
        if f.get("os") != goos or f.get("arch") != arch:
            continue
        name, sha = f.get("filename"), f.get("sha256")
        if not isinstance(name, str) or not _FILENAME_RE.match(name) \
                or not isinstance(sha, str) or not re.fullmatch(r"[0-9a-fA-F]{64}", sha):
            continue
        matches.append(f)
    matches.sort(key=lambda f: not f["filename"].endswith(".tar.gz"))
    return matches[0] if matches else None
