"""Fixtures for the download-source tests: one loopback server holding a GOPROXY with real
toolchain modules, a checksum database that vouches for them, and an official-style
download site.  Import the fixtures into a test module to use them."""

from __future__ import annotations

import json
import os
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import TEST_CACHE, toolchain_archive, toolchain_root
from tests.support.dlsite import DownloadSite
from tests.support.httpserver import HTTPServer
from tests.support.sumdb import ChecksumDB
from tests.support.toolchainproxy import Toolchain, ToolchainProxy, cached_zip


@pytest.fixture(scope="session")
def tc22() -> Toolchain:
    """go1.22.10 as a golang.org/toolchain module zip (built once per test cache)."""
    z, h1 = cached_zip(TEST_CACHE, toolchain_root("1.22.10"), "1.22.10")
    return Toolchain("1.22.10", z, h1)


@dataclass
class World:
    server: HTTPServer
    db: ChecksumDB
    proxy: ToolchainProxy
    site: DownloadSite
    db_url: str
    home: Path  # GOVER_HOME

    @property
    def gosumdb(self) -> str:
        return f"{self.db.key.vkey} {self.db_url}"

    def zip_path(self, modver: str) -> str:
        return self.proxy.path(f"{modver}.zip")

    def installed(self) -> list[str]:
        d = self.home / "versions"
        return sorted(os.listdir(d)) if d.exists() else []

    def leftovers(self) -> list[str]:
        """Anything an aborted install could leave behind in the store."""
        found = []
        for sub in ("versions", "tmp", "meta"):
            d = self.home / sub
            if d.exists():
                found += [f"{sub}/{n}" for n in os.listdir(d)]
        return found

    def meta(self, name: str) -> dict:  # type: ignore[type-arg]
        return json.loads((self.home / "meta" / f"{name}.json").read_text())  # type: ignore[no-any-return]


@pytest.fixture
def world(tc22: Toolchain, monkeypatch: pytest.MonkeyPatch, isolated_env: Path) -> Iterator[World]:
    """GOPROXY, GOSUMDB and GOVER_DL_URL pointed at the loopback server; GOVER_SOURCES=proxy."""
    with HTTPServer() as srv:
        db = ChecksumDB.create()
        db_url = db.mount(srv, "/sumdb-direct")
        proxy = ToolchainProxy(srv)
        proxy.add(tc22, db, at=300)
        site = DownloadSite(srv)
        monkeypatch.setenv("GOPROXY", proxy.url)
        monkeypatch.setenv("GOSUMDB", f"{db.key.vkey} {db_url}")
        monkeypatch.setenv("GOVER_DL_URL", site.base)
        monkeypatch.setenv("GOVER_SOURCES", "proxy")
        yield World(srv, db, proxy, site, db_url, isolated_env / "gover")


def add_official_archive(world: World, version: str = "1.22.10") -> None:
    world.site.add(f"go{version}", toolchain_archive(version))


def fake_toolchain(tmp: Path, version: str = "1.99.1", files: dict[str, bytes] | None = None) -> Toolchain:
    """A tiny toolchain module (not runnable): for tests that must be refused before running it."""
    from gover.gomod.dirhash import hash_zip
    from tests.support.toolchainproxy import MODULE, modver

    mv = modver(version)
    z = tmp / f"fake-{mv}.zip"
    with zipfile.ZipFile(z, "w") as zf:
        for name, data in (files or {"VERSION": f"go{version}\n".encode(), "bin/go": b"#!/bin/sh\n",
                                     "src/_go.mod": b"module std\n"}).items():
            zf.writestr(f"{MODULE}@{mv}/{name}", data)
    return Toolchain(version, z, hash_zip(z))
