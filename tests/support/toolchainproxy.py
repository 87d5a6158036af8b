"""A loopback GOPROXY serving ``golang.org/toolchain`` modules built from real Go releases.

The zips are built the way the Go release process builds them (golang/build
internal/task/dl2mod.go): each regular file of the distribution under
``golang.org/toolchain@v0.0.1-goX.Y.Z.<os>-<arch>/``, minus ``.github``, ``api``,
``doc``, ``misc`` and ``test``, with ``go.mod`` files stored as ``_go.mod``.  Building
one takes a while, so it is cached under $GOVER_TEST_CACHE/modzips with its h1.
"""

from __future__ import annotations

import json
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

from tests.support.httpserver import HTTPServer, Route
from tests.support.sumdb import ChecksumDB, gomod_line_hash

MODULE = "golang.org/toolchain"
GOMOD = b"module golang.org/toolchain\n"
_OMIT = (".github", "api", "doc", "misc", "test")


def modver(version: str, goos: str = "linux", goarch: str = "amd64") -> str:
    return f"v0.0.1-go{version}.{goos}-{goarch}"


def build_zip(goroot: Path, mv: str, dest: Path) -> None:
    prefix = f"{MODULE}@{mv}/"
    tmp = dest.with_name(dest.name + f".tmp{os.getpid()}")
    dest.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for root, dirs, files in os.walk(goroot):
            rel_root = os.path.relpath(root, goroot)
            if rel_root == ".":
                dirs[:] = [d for d in dirs if d not in _OMIT]
            dirs.sort()
            for name in sorted(files):
                full = os.path.join(root, name)
                if os.path.islink(full) or not os.path.isfile(full):
                    continue
                rel = name if rel_root == "." else f"{rel_root}/{name}"
                if name == "go.mod":
                    rel = rel[:-len("go.mod")] + "_go.mod"
                info = zipfile.ZipInfo(prefix + rel, date_time=(2024, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                with open(full, "rb") as src, zf.open(info, "w") as out:
                    while chunk := src.read(1 << 20):
                        out.write(chunk)
    os.replace(tmp, dest)


def cached_zip(cache: Path, goroot: Path, version: str) -> tuple[Path, str]:
    """(zip, h1) for ``go<version>``'s toolchain module, built once per test cache."""
    from gover.gomod.dirhash import hash_zip

    mv = modver(version)
    dest = cache / "modzips" / f"{MODULE.replace('/', '_')}@{mv}.zip"
    side = dest.with_name(dest.name + ".h1")
    if not dest.exists():
        build_zip(goroot, mv, dest)
        side.unlink(missing_ok=True)
    if not side.exists():
        side.write_text(hash_zip(dest))
    return dest, side.read_text().strip()


@dataclass
class Toolchain:
    version: str  # "1.22.10"
    zip: Path
    h1: str

    @property
    def modver(self) -> str:
        return modver(self.version)


class ToolchainProxy:
    """Serves toolchain modules at ``<server>/<prefix>/golang.org/toolchain/@v/…``."""

    def __init__(self, server: HTTPServer, prefix: str = "/proxy") -> None:
        self.server = server
        self.prefix = prefix.rstrip("/")
        self.listed: list[str] = []

    @property
    def url(self) -> str:
        return self.server.url + self.prefix

    def path(self, name: str) -> str:
        return f"{self.prefix}/{MODULE}/@v/{name}"

    def add(self, tc: Toolchain, db: ChecksumDB | None = None, at: int | None = None) -> None:
        """Publish ``tc`` (and log it in ``db``, at record ``at`` if given)."""
        mv = tc.modver
        r = self.server.routes
        r[self.path(f"{mv}.info")] = Route(json.dumps({"Version": mv, "Time": "2024-12-03T00:00:00Z"})
                                           .encode(), content_type="application/json")
        r[self.path(f"{mv}.mod")] = Route(GOMOD, content_type="text/plain")
        r[self.path(f"{mv}.zip")] = Route(tc.zip, content_type="application/zip")
        self.list(*self.listed, mv)
        if db is not None:
            db.add(MODULE, mv, tc.h1, gomod_line_hash(GOMOD), at=at)

    def list(self, *modvers: str) -> None:
        self.listed = list(dict.fromkeys(modvers))
        self.server.routes[self.path("list")] = Route("".join(v + "\n" for v in self.listed).encode(),
                                                      content_type="text/plain")
