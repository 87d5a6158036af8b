"""The install pipeline with sources behind the fake HTTP client: source fallback rules,
"not available" with the nearest versions, atomic rollback, the damaged-cache retry,
and the checks of ``bin/go version``.

The toolchains are tiny: their ``bin/go`` is a two-line sh script printing what
``go version`` prints, because the pipeline only ever runs ``bin/go version`` (a
real release is installed in tests/integration/test_install.py)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from gover.errors import (
    ArchiveError,
    ConfigError,
    NetworkError,
    NotFoundError,
    NotInstalledError,
    StoreError,
    UsageError,
    VerificationError,
)
from gover.toolchain import install
from gover.toolchain.store import Meta, Store
from tests.support.fakehttp import MODULE, TINY_GOROOT, World, module_version, world, write_module_zip

PROXY = "http://proxy.test"


def goroot(version: str = "1.99.1", reports: str | None = None) -> dict[str, bytes]:
    script = f"#!/bin/sh\necho 'go version go{reports or version} linux/amd64'\n".encode()
    return {**TINY_GOROOT, "VERSION": f"go{version}\n".encode(), "bin/go": script}


def serve(w: World, tmp: Path, version: str, files: dict[str, bytes], *, log: bool = True) -> None:
    mv = module_version(version)
    z = tmp / f"{mv}.zip"
    write_module_zip(z, files, mv)
    w.client.routes[f"{PROXY}/{MODULE}/@v/{mv}.zip"] = z.read_bytes()
    listing = f"{PROXY}/{MODULE}/@v/list"
    w.client.routes[listing] = bytes(w.client.routes.get(listing, b"")) + f"{mv}\n".encode()  # type: ignore[arg-type]
    if log:
        w.publish(version, files)


@pytest.fixture
def w(tmp_path: Path) -> World:
    return world(tmp_path)


def ctx(w: World, **env: str) -> Any:
    return w.ctx(**{"GOPROXY": PROXY, "GOVER_SOURCES": "proxy", "PATH": os.environ.get("PATH", ""), **env})


def leftovers(w: World) -> list[str]:
    return sorted(str(p.relative_to(w.home)) for d in ("versions", "tmp") if (w.home / d).exists()
                  for p in (w.home / d).iterdir())


def test_install_commits_a_verified_toolchain(w: World, tmp_path: Path) -> None:
    serve(w, tmp_path, "1.99.1", goroot())
    r = install.install("1.99", ctx(w))
    assert (r.name, r.status, r.source) == ("go1.99.1", "installed", "proxy")
    assert r.path == w.home / "versions" / "go1.99.1" and os.access(r.path / "bin" / "go", os.X_OK)
    assert (r.path / "src" / "go.mod").read_bytes() == b"module std\n"  # _go.mod restored
    meta = json.loads((w.home / "meta" / "go1.99.1.json").read_text())
    assert meta["source"] == "proxy" and meta["verification"]["checksum_db"]["name"] == "sum.gover.test"
    assert meta["origin_url"] == f"{PROXY}/{MODULE}/@v/{module_version('1.99.1')}.zip"
    assert leftovers(w) == ["versions/go1.99.1"]
    assert r.to_json() == {"version": "go1.99.1", "path": str(r.path), "status": "installed",
                           "source": "proxy"}
    before = len(w.client.requests)
    again = install.install("1.99.1", ctx(w))  # an exact version already here: no network at all
    assert again.status == "already-installed" and len(w.client.requests) == before
    assert install.install("1.99", ctx(w)).status == "already-installed"


def test_a_toolchain_that_does_not_run_is_rolled_back(w: World, tmp_path: Path) -> None:
    serve(w, tmp_path, "1.99.1", {**goroot(), "bin/go": b"#!/bin/sh\necho 'exec format error' >&2\nexit 2\n"})
    with pytest.raises(ArchiveError) as e:
        install.install("1.99.1", ctx(w))
    assert e.value.message.endswith("/bin/go version failed: exec format error")
    assert leftovers(w) == [] and not (w.home / "meta" / "go1.99.1.json").exists()


def test_a_toolchain_reporting_another_version_is_refused(w: World, tmp_path: Path) -> None:
    serve(w, tmp_path, "1.99.1", goroot(reports="1.99.2"))
    with pytest.raises(VerificationError, match="^expected go1.99.1, but its bin/go reports go1.99.2$"):
        install.install("1.99.1", ctx(w))
    assert leftovers(w) == []


def test_not_available_names_the_nearest_versions(w: World, tmp_path: Path) -> None:
    for v in ("1.97.0", "1.99.0", "1.99.1"):
        serve(w, tmp_path, v, goroot(v), log=False)
    with pytest.raises(NotFoundError) as e:
        install.install("1.98.2", ctx(w))
    assert e.value.message == "go1.98.2 is not available (nearest: go1.99.1, go1.97.0, go1.99.0)"
    assert e.value.hint == "see: gover list-remote --all"


def test_sources_are_tried_in_order(w: World, tmp_path: Path) -> None:
    serve(w, tmp_path, "1.99.1", goroot())
    w.client.routes["http://dl.test/dl/?mode=json&include=all"] = b"[]"
    r = install.install("1.99.1", ctx(w, GOVER_SOURCES="official,proxy", GOVER_DL_URL="http://dl.test/dl/"))
    assert r.source == "proxy"
    assert "official: no go1.99.1; trying the next source" in w.reports


def test_unreachable_sources_are_summed_up(w: World) -> None:
    w.client.routes["http://dl.test/dl/?mode=json&include=all"] = 503
    c = ctx(w, GOVER_SOURCES="official,proxy", GOVER_DL_URL="http://dl.test/dl/", GOPROXY="off")
    with pytest.raises(NetworkError) as e:
        install.install("1.99.1", c)
    assert e.value.message == ("cannot install go1.99.1: official: http://dl.test/dl/?mode=json&include=all:"
                               " 503 Error; proxy: module lookup disabled by GOPROXY=off")
    assert e.value.hint and "GOVER_SOURCES" in e.value.hint
    with pytest.raises(NetworkError, match="^no source could be reached: official: .*; proxy: module "
                                           "lookup disabled by GOPROXY=off$"):
        install.list_remote(c)


def test_a_verification_failure_never_falls_back(w: World, tmp_path: Path) -> None:
    serve(w, tmp_path, "1.99.1", goroot(), log=False)
    w.publish("1.99.1", goroot(reports="other"))  # the database vouches for other contents
    c = ctx(w, GOVER_SOURCES="proxy,official", GOVER_DL_URL="http://dl.test/dl/")
    with pytest.raises(VerificationError, match=f"checksum mismatch for {MODULE}@"):
        install.install("1.99.1", c)
    assert not any(u.startswith("http://dl.test/") for u in w.client.urls())
    assert leftovers(w) == []


def test_a_damaged_cached_download_is_fetched_again(w: World, tmp_path: Path) -> None:
    serve(w, tmp_path, "1.99.1", goroot())
    mv = module_version("1.99.1")
    cached = w.home / "downloads" / f"golang.org-toolchain-{mv}.zip"
    cached.parent.mkdir(parents=True)
    write_module_zip(cached, {**goroot(), "VERSION": b"bit rot\n"}, mv)
    r = install.install("1.99.1", ctx(w))
    assert r.status == "installed"
    assert f"The cached {cached.name} was damaged; downloading it again" in w.reports
    assert cached.read_bytes() == w.client.routes[f"{PROXY}/{MODULE}/@v/{mv}.zip"]


def test_install_from_reports_an_empty_source(w: World) -> None:
    class Empty:
        name = "bundle"

        def list_remote(self) -> list[Any]:
            return []

        def fetch(self, release: Any) -> Any:
            raise AssertionError("nothing to fetch")

    with pytest.raises(NotFoundError, match="^go1.99.1 is not available: bundle has nothing for "
                                            "linux/amd64$"):
        install.install_from(Empty(), "1.99.1", ctx(w))  # type: ignore[arg-type]


def test_source_names_are_checked(w: World) -> None:
    with pytest.raises(UsageError, match="^unknown source 'ftp': expected one of official, proxy, pypi$"):
        install.source_order(ctx(w), "ftp")
    with pytest.raises(ConfigError, match="^GOVER_SOURCES='proxy, ftp' names an unknown source "
                       r"\('ftp'\); accepted: some of official, proxy, pypi, comma-separated"):
        install.source_order(ctx(w, GOVER_SOURCES="proxy, ftp"), None)
    assert install.source_order(ctx(w, GOVER_SOURCES=" pypi ,official,"), None) == ["pypi", "official"]


# --- local archives, adopting, removing -----------------------------------------------------

def test_install_archive_refusals(w: World, tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="go.tgz: no such archive file$"):
        install.install_archive(tmp_path / "go.tgz", ctx(w))
    arc = tmp_path / "go1.99.1.linux-amd64.tar.gz"
    arc.write_bytes(b"not really")
    with pytest.raises(UsageError, match="^--sha256 'abc' is not 64 hexadecimal digits$"):
        install.install_archive(arc, ctx(w), sha256="abc")
    zeros = "0" * 64
    with pytest.raises(VerificationError, match=f"^checksum mismatch for {arc}: expected sha256 {zeros}, "):
        install.install_archive(arc, ctx(w), sha256="0" * 64)
    with pytest.raises(ArchiveError):
        install.install_archive(arc, ctx(w))
    assert leftovers(w) == []


def fake_goroot(d: Path, version: str = "1.99.1") -> Path:
    for rel, data in goroot(version).items():
        (d / rel).parent.mkdir(parents=True, exist_ok=True)
        (d / rel).write_bytes(data)
    (d / "bin" / "go").chmod(0o755)
    return d


def test_adopt(w: World, tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="nothing is not a GOROOT: it has no bin/go$"):
        install.adopt(tmp_path / "nothing", ctx(w))
    root = fake_goroot(tmp_path / "go-1.99")
    r = install.adopt(root, ctx(w))
    assert (r.name, r.status, r.source) == ("go1.99.1", "adopted", "adopted")
    assert os.path.realpath(w.home / "versions" / "go1.99.1") == str(root.resolve())
    assert install.adopt(root, ctx(w)).status == "already-installed"
    other = fake_goroot(tmp_path / "elsewhere")
    with pytest.raises(StoreError, match=f"^go1.99.1 is already installed from adopted at {root.resolve()}$"):
        install.adopt(other, ctx(w))
    # The store's own link to an adopted GOROOT is that GOROOT: nothing to do.
    assert install.adopt(w.home / "versions" / "go1.99.1", ctx(w)).status == "already-installed"
    store = Store(ctx(w).paths)
    built = fake_goroot(store.tmp_dir_for("go1.98.0"), "1.98.0")
    store.commit("go1.98.0", built, Meta("go1.98.0", "archive"))
    with pytest.raises(UsageError, match="go1.98.0 is already inside gover's store$"):
        install.adopt(w.home / "versions" / "go1.98.0", ctx(w))


def test_uninstall_and_prefix(w: World, tmp_path: Path) -> None:
    store = Store(ctx(w).paths)
    for v in ("1.99.1", "1.99.2", "1.98.0"):
        built = fake_goroot(store.tmp_dir_for(f"go{v}"), v)
        store.commit(f"go{v}", built, Meta(f"go{v}", "archive"))
    assert [i.name for i in install.match_installed("1.99", store)] == ["go1.99.1", "go1.99.2"]
    assert install.prefix("1.99", store).name == "go1.99.2"  # the newest match
    with pytest.raises(NotInstalledError) as e:
        install.prefix("1.97", store)
    assert (e.value.message, e.value.hint) == ("the newest go1.97.x is not installed",
                                               "run: gover install 1.97")
    with pytest.raises(UsageError, match=r"^'1.99' matches several installed versions \(go1.99.1, "
                                         r"go1.99.2\); name the exact one$"):
        install.uninstall("1.99", store)
    with pytest.raises(NotInstalledError, match="^no installed version matches '1.97'$"):
        install.uninstall("1.97", store)
    assert [i.name for i in install.uninstall("1.98", store, dry_run=True)] == ["go1.98.0"]
    assert store.get("go1.98.0") is not None
    assert [i.name for i in install.uninstall("1.98", store)] == ["go1.98.0"]
    assert store.names() == ["go1.99.1", "go1.99.2"]
