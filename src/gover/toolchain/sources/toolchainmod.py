"""Go releases as ``golang.org/toolchain`` modules, and the checksum database that vouches for them.

The release process (golang/build internal/task/dl2mod.go) turns ``go1.X.Y.<os>-<arch>``
archives into module ``golang.org/toolchain@v0.0.1-go1.X.Y.<os>-<arch>``: every
regular file ``go/<p>`` becomes ``golang.org/toolchain@<v>/<p>``, except under
``.github/``, ``api/``, ``doc/``, ``misc/`` and ``test/``; files named ``go.mod`` are
stored as ``_go.mod`` (a module zip cannot hold nested modules).  So the module's
``h1:`` in the checksum database also describes the contents of the official
archive — which is how an archive from the download site is cross-verified.
"""

from __future__ import annotations

import os
import posixpath
import shutil
from collections.abc import Mapping
from pathlib import Path

from gover.errors import NetworkError, NotFoundError, VerificationError
from gover.gomod.modpath import path_match
from gover.record import replace

TYPE_CHECKING = False
if TYPE_CHECKING:  # the checksum database is loaded when a release is fetched, not listed
    from gover.sumdb import Client, Database, Lookup
    from gover.toolchain.platforms import Platform
    from gover.toolchain.sources.base import SourceContext

MODULE = "golang.org/toolchain"
_OMITTED = (".github/", "api/", "doc/", "misc/", "test/")
DEFAULT_GOPROXY = "https://proxy.golang.org,direct"


def module_version(toolchain: str, plat: Platform) -> str:
    """``go1.22.10`` → ``v0.0.1-go1.22.10.linux-amd64`` (Go's arch names: ``arm``, not ``armv6l``)."""
    return f"v0.0.1-{toolchain}.{plat.goos}-{plat.goarch}"


def toolchain_of(modver: str, plat: Platform) -> str | None:
    """The toolchain a module version is for, if it is for ``plat``."""
    suffix = f".{plat.goos}-{plat.goarch}"
    if not modver.startswith("v0.0.1-go") or not modver.endswith(suffix):
        return None
    return modver[len("v0.0.1-"):-len(suffix)]


def zip_prefix(modver: str) -> str:
    return f"{MODULE}@{modver}/"


def module_file_name(goroot_rel: str, modver: str) -> str | None:
    """The name a GOROOT file has in the toolchain module zip (None: not in the module)."""
    if goroot_rel.startswith(_OMITTED):
        return None
    if goroot_rel == "go.mod" or goroot_rel.endswith("/go.mod"):
        goroot_rel = goroot_rel[:-len("go.mod")] + "_go.mod"
    return zip_prefix(modver) + goroot_rel


def h1_of_archive(hashes: Mapping[str, bytes], top: str, modver: str) -> str:
    """The module ``h1:`` of an official-layout archive, from its members' SHA-256s."""
    from gover.gomod.dirhash import hash1_digests

    digests = {}
    for member, digest in hashes.items():
        if not member.startswith(top):
            continue
        name = module_file_name(member[len(top):], modver)
        if name is not None:
            digests[name] = digest
    return hash1_digests(digests)


def force_exec(rel: str) -> bool:
    """Module zips carry no modes: Go marks everything under bin/ and pkg/tool/ executable
    (and, from Go 1.24, ``lib/…/go_*_*_exec`` helpers)."""
    if rel.startswith(("bin/", "pkg/tool/")):
        return True
    return rel.startswith("lib/") and path_match("go_?*_?*_exec", posixpath.basename(rel))


def restore_go_mod(root: Path) -> None:
    """Copy every ``_go.mod`` to ``go.mod`` beside it, as ``go`` does after unpacking."""
    for dirpath, _dirs, files in os.walk(root):
        if "_go.mod" in files:
            src, dst = os.path.join(dirpath, "_go.mod"), os.path.join(dirpath, "go.mod")
            if not os.path.exists(dst) or os.path.getsize(dst) != os.path.getsize(src):
                shutil.copyfile(src, dst)


# --- the checksum database --------------------------------------------------------------

def database(ctx: SourceContext) -> Database | None:
    """The database GOSUMDB names (None for off); ConfigError if it does not parse."""
    from gover.sumdb import effective_gosumdb, parse_gosumdb

    return parse_gosumdb(effective_gosumdb(ctx.env))


def goproxy_value(env: Mapping[str, str]) -> str:
    from gover.golang.goenv import GoEnv

    return GoEnv(env).lookup("GOPROXY").value or DEFAULT_GOPROXY


def open_client(ctx: SourceContext, db: Database, *, quick: bool = False) -> Client:
    """A client for ``db``, reached as GOSUMDB and GOPROXY say, remembering its latest tree.

    ``quick``: one retry and a short timeout (for optional checks that must not stall).
    """
    from gover.golang.proxylist import parse_goproxy
    from gover.sumdb import Client, LatestStore, resolve_base
    from gover.toolchain.sources.fetch import get

    client = ctx.client
    if quick:
        client = replace(client, retries=min(client.retries, 1),
                                     timeout=min(client.timeout, 15.0))
    base: list[str] = []

    def fetch(path: str) -> bytes:
        if not base:
            entries = parse_goproxy(goproxy_value(ctx.env))
            base.append(resolve_base(db, entries, lambda url: get(client, url)))
        return get(client, base[0] + path)

    return Client(db, fetch, latest=LatestStore(ctx.paths.sumdb))


def lookup(ctx: SourceContext, db: Database, modver: str, *, quick: bool = False) -> Lookup:
    """The checksum database's proven record of the toolchain module ``modver``."""
    return open_client(ctx, db, quick=quick).lookup(MODULE, modver)


def zip_hash(found: Lookup) -> str:
    h = found.hash()
    if h is None:
        raise VerificationError(f"checksum database {found.db.name}: the record for "
                                f"{MODULE}@{found.version} has no zip hash")
    return h


def describe(found: Lookup, h1: str) -> dict[str, object]:
    """What goes into the install metadata about a checksum database check."""
    return {"name": found.db.name, "key": found.db.verifier.id, "module": f"{MODULE}@{found.version}",
            "h1": h1, "record": found.record_id, "tree_size": found.tree.n}


def cross_check(ctx: SourceContext, toolchain: str) -> tuple[Lookup | None, str]:
    """The database's record of ``toolchain`` for an optional cross-check, or (None, why not).

    Unreachable databases and missing records only skip the check; a database
    that fails verification (bad signature, failed proof) is an error.
    """
    from gover import settings
    from gover.sumdb import RecordNotFound

    mode = settings.cross_verify(ctx.env)
    if mode == "off":
        return None, "GOVER_CROSS_VERIFY=off"
    db = database(ctx)
    if db is None:
        if mode == "require":
            raise VerificationError("GOVER_CROSS_VERIFY=require, but GOSUMDB=off disables "
                                    "the checksum database")
        return None, "GOSUMDB=off"
    modver = module_version(toolchain, ctx.platform)
    try:
        return lookup(ctx, db, modver, quick=mode == "auto"), ""
    except (NetworkError, NotFoundError) as e:
        if mode == "require":
            raise VerificationError(f"cannot cross-verify {toolchain} (GOVER_CROSS_VERIFY=require): "
                                    f"{e.message}") from None
        why = "no record" if isinstance(e, RecordNotFound) else "unreachable"
        return None, f"checksum database {db.name} {why}: {e.message}"
