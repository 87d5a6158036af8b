"""Go releases as ``golang.org/toolchain`` modules from GOPROXY, verified against the
checksum database — what ``go`` itself does for GOTOOLCHAIN switches.

Works through any module proxy (Athens, Artifactory, goproxy.cn, a corporate
GOPROXY): the bytes may come from anywhere, the trust comes from the database.

GOPROXY semantics are Go's (proxylist): ``,`` moves on after 404/410 only, ``|``
after any error, ``off`` ends the list.  ``direct`` means the module's own origin:
``golang.org/toolchain`` declares ``mod https://go.dev/dl/mod`` as its go-import, so
gover fetches from the download site's ``mod/`` endpoint (the first GOVER_DL_URL
base + ``mod``) — exactly where ``go`` would go.  Module versions matching
GONOPROXY/GOPRIVATE also go there.

Verification, like Go and unlike Go's GOSUMDB=off/GONOSUMDB escapes, is never
skipped: with GOSUMDB=off this source refuses.  The record is looked up (and its
signature and inclusion proof checked) before the zip is downloaded; the zip is
capped as Go caps module zips (modzip.py) and its ``h1:`` is computed from the
zip's members before a single file is extracted.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from gover.errors import ArchiveError, NetworkError, NotFoundError, VerificationError
from gover.golang import versions
from gover.golang.proxylist import ANY_ERROR, ProxyEntry, parse_goproxy
from gover.gomod.modpath import match_prefix_patterns
from gover.hashing import sha256_file
from gover.net import BadResponse, redact
from gover.toolchain.sources import fetch as fetchmod
from gover.toolchain.sources import toolchainmod as tm
from gover.toolchain.sources.base import Artifact, Release, SourceContext

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:  # the checksum database and zips: for fetching, not for listing
    from typing import Any, TypeVar

    from gover.sumdb import Lookup

    T = TypeVar("T")


class GoProxy:
    name = "proxy"

    def __init__(self, ctx: SourceContext) -> None:
        self.ctx = ctx
        self._entries: list[ProxyEntry] | None = None
        self._releases: list[Release] | None = None
        self._listed_by = ""  # the GOPROXY entry whose list was read

    # --- the proxy list ------------------------------------------------------------

    def entries(self) -> list[ProxyEntry]:
        if self._entries is None:
            from gover.golang.goenv import GoEnv

            goenv = GoEnv(self.ctx.env)
            gonoproxy = goenv.get("GONOPROXY")
            if gonoproxy and match_prefix_patterns(gonoproxy, tm.MODULE):
                self._entries = [ProxyEntry("direct", "")]
            else:
                self._entries = [e for e in parse_goproxy(tm.goproxy_value(self.ctx.env))
                                 if e.kind != "noproxy"]
        return self._entries

    def direct_base(self) -> str:
        from gover.toolchain.sources.official import bases_from_env

        return bases_from_env(self.ctx.env)[0] + "mod"

    def _try(self, fn: Callable[[str], T]) -> T:
        """Call ``fn(base)`` for each GOPROXY entry in turn, with Go's fallback rules."""
        not_found: list[str] = []
        skipped: list[str] = []
        for e in self.entries():
            if e.kind == "off":
                if not not_found and not skipped:  # GOPROXY=off: nothing can be reached
                    raise NetworkError("module lookup disabled by GOPROXY=off")
                break
            base = self.direct_base() if e.kind == "direct" else e.url.rstrip("/")
            try:
                return fn(base)
            except NotFoundError as err:
                not_found.append(err.message)
            except NetworkError as err:
                if e.fallback != ANY_ERROR:
                    raise
                skipped.append(err.message)
            if e.kind == "direct":
                break
        if skipped:
            raise NetworkError("; ".join(skipped + not_found))
        raise NotFoundError("; ".join(not_found) or "GOPROXY has no entries")

    # --- listing ----------------------------------------------------------------------

    def list_remote(self) -> list[Release]:
        if self._releases is not None:
            return self._releases
        try:
            body = self._try(self._get_list)
        except NotFoundError:  # no proxy has the toolchain module
            self._releases = []
            return []
        plat = self.ctx.platform
        out: dict[str, Release] = {}
        for line in body.decode("utf-8", "replace").splitlines():
            fields = line.split()
            if not fields:
                continue
            name = tm.toolchain_of(fields[0], plat)
            if name and versions.is_valid(versions.strip_go(name)) and name not in out:
                out[name] = Release(name, versions.is_stable(name), self.name,
                                    {"module_version": fields[0]})
        self._releases = sorted(out.values(), key=lambda r: versions.sort_key(r.version), reverse=True)
        return self._releases

    def describe(self) -> str:
        where = redact(self._listed_by) if self._listed_by else f"GOPROXY={tm.goproxy_value(self.ctx.env)}"
        return f"{tm.MODULE} modules on GOPROXY ({where})"

    def _get_list(self, base: str) -> bytes:
        url = f"{base}/{tm.MODULE}/@v/list"
        body = fetchmod.get(self.ctx.client, url)
        if body.lstrip()[:1] == b"<":
            raise BadResponse(f"{redact(url)} returned an HTML page, not a module version list")
        self._listed_by = base
        return body

    # --- fetching ---------------------------------------------------------------------

    def fetch(self, release: Release) -> Artifact:
        modver = release.data["module_version"] if isinstance(release.data, dict) else \
            tm.module_version(release.version, self.ctx.platform)
        found = self.verify_record(modver)
        dest = self.ctx.paths.downloads / f"golang.org-toolchain-{modver}.zip"
        if dest.exists():
            self.ctx.report(f"Using cached {dest.name}")
            art = module_artifact(dest, sha256_file(dest), found, "")
            art.recheck_sha256 = art.sha256  # a damaged cache is dropped and fetched again
            return art
        url = self._try(lambda base: self._download(base, modver, dest))
        return module_artifact(dest, sha256_file(dest), found, url)

    def verify_record(self, modver: str) -> Lookup:
        from gover.sumdb import RecordNotFound

        db = tm.database(self.ctx)
        what = f"{tm.MODULE}@{modver}"
        if db is None:
            raise VerificationError(
                f"{what}: verifying module: checksum database disabled by GOSUMDB=off",
                hint="gover, like go, always verifies toolchain modules; unset GOSUMDB "
                     "or use another source (--source official)")
        try:
            return tm.lookup(self.ctx, db, modver)
        except RecordNotFound as e:
            raise VerificationError(f"{e.message}: the proxy offers a toolchain the checksum "
                                    "database does not know (not an official release)") from None

    def _download(self, base: str, modver: str, dest: Path) -> str:
        from gover.toolchain.sources import modzip

        url = f"{base}/{tm.MODULE}/@v/{modver}.zip"
        self.ctx.report(f"Downloading {tm.MODULE}@{modver} from {redact(base)}")
        fetchmod.download(self.ctx.client, url, dest, progress=self.ctx.progress(dest.name),
                          max_size=modzip.MAX_ZIP_FILE)
        with open(dest, "rb") as f:
            head = f.read(4)
        if head != b"PK\x03\x04":
            dest.unlink(missing_ok=True)
            kind = "an HTML page" if head[:1] in (b"<", b"\n", b" ") else "something else"
            raise BadResponse(f"{redact(url)} returned {kind}, not a module zip")
        return redact(url)


def module_artifact(path: Path, sha: str, found: Lookup, url: str) -> Artifact:
    """A downloaded toolchain module zip whose ``h1:`` is checked against ``found`` from the
    zip itself before anything is extracted (and again for bundles, without extracting)."""
    from gover.toolchain.archive import strip_prefix

    want = tm.zip_hash(found)
    modver = found.version
    verification: dict[str, Any] = {"sha256": sha, "checksum_db": tm.describe(found, want)}
    return Artifact(path=path, mapper=strip_prefix(tm.zip_prefix(modver)), sha256=sha,
                    size=path.stat().st_size, origin_url=url or str(path),
                    verification=verification, force_exec=tm.force_exec,
                    pre_extract=lambda: _verify_zip(path, found, want, url or str(path)),
                    post_extract=lambda dest, ex: tm.restore_go_mod(dest),
                    check_file=lambda: check_zip(path, found, want), proof=found)


def _verify_zip(path: Path, found: Lookup, want: str, origin: str | None = None) -> None:
    from gover.toolchain.sources import modzip

    try:
        got = modzip.hash_module_zip(path, tm.zip_prefix(found.version))
    except ArchiveError as e:  # too large, malformed or damaged: not what the database vouches for
        raise VerificationError(e.message) from None
    if got != want:
        tail = f" (from {origin})" if origin else ""
        raise VerificationError(
            f"checksum mismatch for {tm.MODULE}@{found.version}: the zip has {got}, "
            f"checksum database {found.db.name} says {want}{tail}")


def check_zip(path: Path, found: Lookup, want: str) -> None:
    """Verify a downloaded zip without extracting it (for bundles)."""
    _verify_zip(path, found, want)
