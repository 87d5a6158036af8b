"""Installing, adopting and removing toolchains.

Install = find the release at the first source that has it → take the version's
lock → download to the cache, verifying while streaming → extract into a temp dir
beside ``versions/`` → run its ``bin/go version`` → write metadata → rename into
place.  Any failure removes the temp dir; a crash leaves it for the next sweep.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Mapping
from pathlib import Path

from gover.errors import (
    ArchiveError,
    GoverError,
    NetworkError,
    NotFoundError,
    NotInstalledError,
    StoreError,
    UsageError,
    VerificationError,
    shown,
)
from gover.fsutil import file_lock, path_error, rmtree, tree_size
from gover.golang import versions
from gover.hashing import sha256_file, sha256_mismatch
from gover.paths import Paths
from gover.record import record
from gover.toolchain import sources
from gover.toolchain.sources.base import Artifact, Release, Source, SourceContext
from gover.toolchain.store import Installed, Meta, Store, match_installed, now_rfc3339
from gover.toolchain.store import prefix as prefix  # kept: install.prefix is where callers look

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from gover.toolchain.releaseindex import ReleaseIndex

_GO_VERSION_RE = re.compile(r"^go version (\S+) (\S+)/(\S+)")
_ARCHIVE_NAME_RE = re.compile(r"^(go[0-9][0-9A-Za-z.]*)\.([a-z0-9]+)-([a-z0-9]+)\.(tar\.gz|zip)$")


@record(frozen=True)
class InstallResult:
    name: str
    path: Path
    status: str  # "installed" | "already-installed" | "adopted"
    source: str
    satisfies: str = ""  # a series spec ("1.22") an already-installed release answered offline

    def to_json(self) -> dict[str, str]:
        return {"version": self.name, "path": str(self.path), "status": self.status,
                "source": self.source}


# --- finding a release ------------------------------------------------------------

def source_order(ctx: SourceContext, only: str | None) -> list[str]:
    return sources.order(ctx, only)


def list_remote(ctx: SourceContext, only: str | None = None) -> tuple[str, list[Release]]:
    """Releases from the first source that answers, with that source's name."""
    src, releases, _ = first_listing(ctx, only)
    return src.name, releases


def first_listing(ctx: SourceContext, only: str | None = None, *, now: float | None = None,
                  refresh: bool = False) -> tuple[Source, list[Release], ReleaseIndex | None]:
    """The first source that answers (it can :meth:`Source.describe` where it looked), and its
    list; with ``now``, a list it gave within GOVER_REMOTE_TTL is its answer (unless
    ``refresh``), and the ReleaseIndex says so (None: fetched without the cache)."""
    from gover.toolchain import releaseindex, remotecache

    errors = []
    for name in source_order(ctx, only):
        src = sources.make(name, ctx)
        index = None
        try:
            if now is None:
                releases = src.list_remote()
            else:
                releases, index = releaseindex.listing(src, ctx, now, refresh=refresh)
        except NetworkError as e:
            errors.append(f"{name}: {e.message}")
            continue
        if index is None or not index.cached:
            remotecache.save(ctx.paths, [r.version for r in releases])  # for shell completion
        return src, releases, index
    raise NetworkError("no source could be reached: " + "; ".join(errors),
                       hint="check your network or proxy settings, or set GOVER_SOURCES")


# --- installing --------------------------------------------------------------------

def managed_store(paths: Paths) -> Store:
    """The store as gover changes it: every install, adoption and removal rehashes the shims."""
    from gover.shell import shims

    return Store(paths, on_change=lambda: shims.rehash_after_change(paths))


def install(spec_text: str, ctx: SourceContext, *, only: str | None = None,
            refresh: bool = False) -> InstallResult:
    """Install the newest release ``spec_text`` names.  An exact release already here, or
    — unless ``refresh`` — any installed release of a series such as ``1.22``, is the
    answer without asking a source: a new patch is a deliberate ``--refresh`` away."""
    spec = versions.parse_spec(spec_text)
    store = managed_store(ctx.paths)
    if spec.kind == "exact":
        name = versions.toolchain_name(spec.version)
        existing = store.get(name)
        if existing is not None:
            return InstallResult(name, existing.path, "already-installed", existing.source)
    elif spec.kind == "series" and "." in spec.version and not refresh:
        have = spec.select(store.names())
        existing = store.get(have) if have else None
        if existing is not None:
            return InstallResult(existing.name, existing.path, "already-installed", existing.source,
                                 satisfies=spec_text)
    from gover import settings

    settings.cross_verify(ctx.env)  # a bad value is refused before anything is downloaded
    store.ensure_writable()

    failures: list[str] = []
    seen: list[str] = []
    found_somewhere = False
    order = source_order(ctx, only)

    def failed(src_name: str, why: str) -> None:
        failures.append(f"{src_name}: {why}")
        if src_name != order[-1]:
            ctx.noted(f"{src_name}: {why}; trying the next source")

    for src_name in order:
        src = sources.make(src_name, ctx)
        try:
            releases = src.list_remote()
        except NetworkError as e:
            failed(src_name, e.message)
            continue
        from gover.toolchain import remotecache

        remotecache.save(ctx.paths, [r.version for r in releases])  # for shell completion
        seen.extend(r.version for r in releases)
        chosen = spec.select(r.version for r in releases)
        if chosen is None:
            failed(src_name, spec.missing())
            continue
        found_somewhere = True
        release = next(r for r in releases if r.version == chosen)
        existing = store.get(release.version)
        if existing is not None:
            return InstallResult(release.version, existing.path, "already-installed", existing.source)
        try:
            return _install_release(src, release, ctx, store)
        except (NetworkError, NotFoundError) as e:
            failed(src_name, e.message)
            continue
    raise _not_available(spec, seen if not found_somewhere else [], failures)


def install_from(src: Source, spec_text: str, ctx: SourceContext) -> InstallResult:
    """Install from one given source object (e.g. an offline bundle), no fallback."""
    spec = versions.parse_spec(spec_text)
    store = managed_store(ctx.paths)
    store.ensure_writable()
    releases = src.list_remote()
    chosen = spec.select(r.version for r in releases)
    if chosen is None:
        if not releases:
            raise NotFoundError(f"{spec.describe()} is not available: {src.name} has nothing "
                                f"for {ctx.platform}")
        raise _not_available(spec, [r.version for r in releases], [])
    release = next(r for r in releases if r.version == chosen)
    existing = store.get(release.version)
    if existing is not None:
        return InstallResult(release.version, existing.path, "already-installed", existing.source)
    return _install_release(src, release, ctx, store)


def _not_available(spec: versions.Spec, seen: list[str], failures: list[str]) -> GoverError:
    if seen:
        near = versions.nearest(spec.version or "latest", seen)
        msg = f"{spec.describe()} is not available"
        if near:
            msg += " (nearest: " + ", ".join(near) + ")"
        return NotFoundError(msg, hint="see: gover list-remote --all")
    if len(failures) == 1:
        return NetworkError(f"cannot install {spec.describe()}: {failures[0]}")
    return NetworkError(f"cannot install {spec.describe()}: " + "; ".join(failures),
                        hint="check your network or proxy settings, or GOVER_SOURCES")


def _install_release(src: Source, release: Release, ctx: SourceContext,
                     store: Store) -> InstallResult:
    name = release.version

    def waiting() -> None:
        ctx.report(f"Waiting for another gover to finish installing {name}")

    with store.lock(name, on_wait=waiting):
        existing = store.get(name)
        if existing is not None:  # the other process finished it while we waited
            return InstallResult(name, existing.path, "already-installed", existing.source)
        store.sweep(held=name)
        artifact = src.fetch(release)
        try:
            inst = _build(store, name, artifact, src.name, ctx)
        except VerificationError:
            if artifact.recheck_sha256 is None:
                raise
            artifact.path.unlink(missing_ok=True)
            ctx.report(f"The cached {artifact.path.name} was damaged; downloading it again")
            inst = _build(store, name, src.fetch(release), src.name, ctx)
    return InstallResult(name, inst.path, "installed", src.name)


def _build(store: Store, name: str, artifact: Artifact, source: str,
           ctx: SourceContext) -> Installed:
    """Extract, check and commit; the caller holds ``name``'s lock."""
    from gover.toolchain import archive  # here: listing and "already installed" never extract

    if artifact.pre_extract:
        artifact.pre_extract()
    tmp = store.tmp_dir_for(name)
    try:
        ctx.report(f"Extracting {artifact.path.name}")
        ex = archive.extract(artifact.path, tmp, artifact.mapper, want_hashes=artifact.want_hashes,
                             force_exec=artifact.force_exec, sha256=artifact.recheck_sha256)
        if artifact.post_extract:
            artifact.post_extract(tmp, ex)
        check_goroot(tmp, ctx.env, expect=name)
        meta = Meta(version=name, source=source, sha256=artifact.sha256, size=artifact.size,
                    installed_at=now_rfc3339(), origin_url=artifact.origin_url,
                    installed_bytes=ex.size, verification=artifact.verification,
                    provenance=artifact.provenance)
        return store.commit(name, tmp, meta)
    except BaseException:
        rmtree(tmp)
        raise


def install_archive(path: Path, ctx: SourceContext, sha256: str | None = None) -> InstallResult:
    """Install a local ``.tar.gz``/``.zip`` in the official layout (top dir ``go/``)."""
    if not os.path.isfile(path):  # never raises: a 20,000-character name is just "not a file"
        raise UsageError(f"{shown(path)}: no such archive file")
    try:
        digest = sha256_file(path)
    except OSError as e:
        raise path_error(e, path) from None
    if sha256 is not None:
        if not re.fullmatch(r"[0-9a-fA-F]{64}", sha256):
            raise UsageError(f"--sha256 {sha256!r} is not 64 hexadecimal digits")
        if digest != sha256.lower():
            raise sha256_mismatch(str(path), sha256, digest)
    store = managed_store(ctx.paths)
    store.ensure_writable()
    m = _ARCHIVE_NAME_RE.match(path.name)
    hint = m.group(1) if m and versions.is_valid(m.group(1)[2:]) else None
    if hint and (existing := store.get(hint)) is not None:
        return InstallResult(hint, existing.path, "already-installed", existing.source)
    # The version is only known for sure once bin/go has run, so hold a lock
    # for archive builds and take the version's own lock to commit.
    from gover.toolchain import archive

    with file_lock(ctx.paths.lock_file("archive")):
        store.sweep(held="archive")
        tmp = store.tmp_dir_for("archive")
        try:
            ex = archive.extract(path, tmp, archive.strip_prefix("go/"))
            name = check_goroot(tmp, ctx.env, expect=hint)
            with store.lock(name):
                existing = store.get(name)
                if existing is not None:
                    rmtree(tmp)
                    return InstallResult(name, existing.path, "already-installed", existing.source)
                meta = Meta(version=name, source="archive", sha256=digest, size=path.stat().st_size,
                            installed_at=now_rfc3339(), origin_url=path.resolve().as_uri(),
                            installed_bytes=ex.size,
                            verification={"sha256": digest, "checked_against":
                                          "--sha256" if sha256 else "nothing (no --sha256 given)"})
                inst = store.commit(name, tmp, meta)
        except BaseException:
            rmtree(tmp)
            raise
    return InstallResult(name, inst.path, "installed", "archive")


def adopt(goroot: Path, ctx: SourceContext) -> InstallResult:
    """Register an existing GOROOT (``/usr/lib/go-1.19``) without copying it."""
    try:
        root = goroot.expanduser().resolve()
    except RuntimeError:  # "~1.22": a user by that name does not exist
        raise UsageError(f"{shown(goroot)}: cannot expand ~ (no such user); give the GOROOT's "
                         "full path") from None
    except OSError as e:
        raise path_error(e, goroot) from None
    if not os.path.isfile(root / "bin" / "go"):
        raise UsageError(f"{shown(goroot)} is not a GOROOT: it has no bin/go")
    store = managed_store(ctx.paths)
    versions_dir = ctx.paths.versions.resolve() if ctx.paths.versions.exists() else None
    if versions_dir and (root == versions_dir or versions_dir in root.parents):
        raise UsageError(f"{goroot} is already inside gover's store")
    name = check_goroot(root, ctx.env)
    store.ensure_writable()
    with store.lock(name):
        store.sweep(held=name)
        existing = store.get(name)
        if existing is not None:
            if existing.path == root:
                return InstallResult(name, root, "already-installed", existing.source)
            raise StoreError(f"{name} is already installed from {existing.source} at "
                             f"{existing.path}", hint=f"run: gover uninstall {name} first")
        meta = Meta(version=name, source="adopted", installed_at=now_rfc3339(),
                    origin_url=root.as_uri(), adopted_path=str(root),
                    installed_bytes=tree_size(root),
                    verification={"checked": "bin/go version"})
        inst = store.adopt(name, root, meta)
    return InstallResult(name, inst.path, "adopted", "adopted")


def check_goroot(root: Path, env: Mapping[str, str], expect: str | None = None) -> str:
    """Run ``root/bin/go version`` and return the toolchain name it reports.

    GOTOOLCHAIN=local and GOENV=off keep the user's settings from making this go
    switch to another toolchain or read another GOROOT.
    """
    gobin = root / "bin" / "go"
    if not gobin.exists():
        raise ArchiveError(f"{root.name}: no bin/go (not a Go distribution in the official layout)")
    run_env = {k: v for k, v in env.items() if not k.startswith("GO")}
    run_env.update(GOROOT=str(root), GOTOOLCHAIN="local", GOENV="off")
    try:
        p = subprocess.run([str(gobin), "version"], capture_output=True, text=True, env=run_env,
                           timeout=120)
    except OSError as e:
        raise ArchiveError(f"{gobin} cannot run on this machine: {e.strerror} "
                           "(an archive for another platform?)") from None
    except subprocess.TimeoutExpired:
        raise ArchiveError(f"{gobin} version did not finish within 120 s") from None
    m = _GO_VERSION_RE.match(p.stdout)
    if p.returncode != 0 or not m:
        out = (p.stderr or p.stdout).strip().splitlines()
        raise ArchiveError(f"{gobin} version failed: {out[0] if out else p.returncode}")
    name = m.group(1)
    if not versions.is_valid(versions.strip_go(name)):
        raise ArchiveError(f"{gobin} reports an unusable version {name!r}")
    if expect is not None and name != expect:
        raise VerificationError(f"expected {expect}, but its bin/go reports {name}")
    return name


# --- removing and looking up --------------------------------------------------------

def uninstall(spec_text: str, store: Store, *, dry_run: bool = False) -> list[Installed]:
    """Remove exactly one installed version (a series must match only one)."""
    found = match_installed(spec_text, store)
    if not found:
        raise NotInstalledError(f"no installed version matches {spec_text!r}",
                                hint="see: gover list")
    if len(found) > 1:
        names = ", ".join(i.name for i in found)
        raise UsageError(f"{spec_text!r} matches several installed versions ({names}); "
                         "name the exact one")
    inst = found[0]
    if not dry_run:
        with store.lock(inst.name):
            store.remove(inst.name)
            store.sweep(held=inst.name)  # and what earlier, interrupted removals left
    return [inst]
