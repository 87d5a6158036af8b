"""The official download site (go.dev/dl) and sites mirroring its layout.

Index: ``<base>?mode=json&include=all`` (every release, newest first); archives:
``<base><filename>``.  ``GOVER_DL_URL`` may list several bases separated by commas;
each is tried in order when the previous cannot be reached.  The SHA-256 comes
from the index and is checked while the archive streams to the downloads cache.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from pathlib import Path

from gover.errors import GoverError, NetworkError, NotFoundError, VerificationError
from gover.golang import versions
from gover.net import BadResponse, Client, redact
from gover.record import replace
from gover.toolchain.sources import toolchainmod
from gover.toolchain.sources.base import Artifact, Release, SourceContext

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:  # archives and the checksum database: for fetching, not for listing
    from typing import Any, TypeVar

    from gover.sumdb import Lookup
    from gover.toolchain.archive import Extracted

    T = TypeVar("T")

_FILENAME_RE = re.compile(r"^go[A-Za-z0-9][A-Za-z0-9._+-]*$")


def bases_from_env(env: Mapping[str, str]) -> list[str]:
    """The download sites GOVER_DL_URL names (a ConfigError if one is not a URL)."""
    from gover import settings

    return settings.dl_bases(env)


class Official:
    name = "official"

    def __init__(self, ctx: SourceContext) -> None:
        self.ctx = ctx
        self.bases = bases_from_env(ctx.env)
        self._index: list[dict[str, Any]] | None = None
        self._base: str | None = None  # the base that answered the index request

    def describe(self) -> str:
        return f"the official download index ({redact(self._base or self.bases[0])})"

    # --- index -----------------------------------------------------------------

    def index(self) -> list[dict[str, Any]]:
        if self._index is not None:
            return self._index
        index, self._base = self._first_base(
            lambda base: parse_index(self._client(base).get_bytes(base + "?mode=json&include=all"), base))
        self._index = index
        return index

    def _client(self, base: str) -> Client:
        """Fail over fast: one retry per mirror while another one is left to try."""
        c = self.ctx.client
        if base != self.bases[-1] and c.retries > 1:
            return replace(c, retries=1)
        return c

    def _first_base(self, fn: Callable[[str], T]) -> tuple[T, str]:
        errors: list[str] = []
        for base in self.bases:
            try:
                return fn(base), base
            except (NetworkError, NotFoundError) as e:  # a mirror may lack the index
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
        # Asked before the download: a database caught lying stops it early.
        found, why_not = toolchainmod.cross_check(self.ctx, release.version)
        dest = self.ctx.paths.downloads / filename
        if dest.exists():
            self.ctx.report(f"Using cached {filename}")
            art = self._artifact(dest, want, self._base or self.bases[0], filename)
            art.recheck_sha256 = want  # verified again while it is extracted
        else:
            art = self._download(filename, want, size, dest)
        add_cross_check(art, release.version, self.ctx, found, why_not, top="go/")
        return art

    def _download(self, filename: str, want: str, size: int | None, dest: Path) -> Artifact:
        errors: list[GoverError] = []
        order = [b for b in [self._base] if b] + [b for b in self.bases if b != self._base]
        for base in order:
            url = base + filename
            self.ctx.report(f"Downloading {filename} from {redact(base)}")
            try:
                self._client(base).download(url, dest, sha256=want, size=size,
                                            progress=self.ctx.progress(filename))
            except VerificationError:
                raise
            except (NetworkError, NotFoundError) as e:  # down, timing out, 5xx, or a stale mirror
                errors.append(e)
                if base != order[-1]:
                    self.ctx.report(f"{redact(base)}: {e.message}; trying the next mirror")
                continue
            return self._artifact(dest, want, base, filename)
        if len(errors) == 1:
            raise errors[0]
        if all(isinstance(e, NotFoundError) for e in errors):
            raise NotFoundError(f"no mirror has {filename}: " + "; ".join(e.message for e in errors))
        raise NetworkError(f"no mirror could deliver {filename}: " + "; ".join(e.message for e in errors))

    def _artifact(self, path: Path, sha: str, base: str, filename: str) -> Artifact:
        from gover.toolchain.archive import strip_prefix

        return Artifact(
            path=path, mapper=strip_prefix("go/"), sha256=sha, size=path.stat().st_size,
            origin_url=redact(base + filename),
            verification={"sha256": sha, "checked_against": redact(self._base or base) + " index"},
        )




def add_cross_check(art: Artifact, toolchain: str, ctx: SourceContext, found: Lookup | None,
                    why_not: str, top: str) -> None:
    """Check the archive's contents against the checksum database's record of the same
    release (the toolchain module holds the same files): two independent parties then
    vouch for it.  Done on the hashes taken while extracting, so it costs no extra read."""
    if found is None:
        art.verification["cross_check"] = f"not done: {why_not}"
        return
    want = toolchainmod.zip_hash(found)
    modver = found.version
    art.verification["checksum_db"] = toolchainmod.describe(found, want)
    art.proof = found
    art.want_hashes = True
    previous = art.post_extract

    def compare(got: str) -> None:
        if got != want:
            raise VerificationError(
                f"the download site and checksum database {found.db.name} disagree about "
                f"{toolchain}: the archive's files hash to {got}, the database records {want} "
                f"for {toolchainmod.MODULE}@{modver}")
        art.verification["independently_verified"] = True

    def check(dest: Path, ex: Extracted) -> None:
        if previous:
            previous(dest, ex)
        compare(toolchainmod.h1_of_archive(ex.hashes, top, modver))

    def check_file() -> None:
        from gover.toolchain.archive import archive_digests

        compare(toolchainmod.h1_of_archive(archive_digests(art.path), top, modver))

    art.post_extract = check
    art.check_file = check_file


def parse_index(raw: bytes, base: str) -> list[dict[str, Any]]:
    """Validate the index JSON; a one-line BadResponse naming the URL if malformed."""
    where = redact(base) + "?mode=json&include=all"
    if raw.lstrip()[:1] == b"<":
        raise BadResponse(f"{where} returned an HTML page, not the JSON download index")
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError) as e:  # RecursionError: nested deeper than any index
        raise BadResponse(f"malformed download index from {where}: "
                          f"{'nested too deeply' if isinstance(e, RecursionError) else e}") from None
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
        size = f.get("size")
        if size is not None and (type(size) is not int or size < 0):
            raise BadResponse(f"malformed download index: {name} has size {size!r} "
                              "(expected a number of bytes)")
        matches.append(f)
    matches.sort(key=lambda f: not f["filename"].endswith(".tar.gz"))
    return matches[0] if matches else None
