"""The GOPROXY toolchain-module source: Go's list fallback rules, the listing, and the
checksum database check that every toolchain module must pass (even with GOSUMDB=off)."""

from __future__ import annotations

from pathlib import Path

import pytest

from gover.errors import NetworkError, VerificationError
from gover.net import BadResponse
from gover.toolchain.archive import Extracted, archive_digests
from gover.toolchain.platforms import Platform
from gover.toolchain.sources.proxy import GoProxy, check_zip
from tests.support.fakehttp import (
    MODULE,
    TINY_GOROOT,
    Reply,
    World,
    module_version,
    world,
    write_module_zip,
)

P1, P2 = "http://p1.test", "http://p2.test/go"
MV = module_version("1.99.1")


@pytest.fixture
def w(tmp_path: Path) -> World:
    return world(tmp_path)


def at(base: str, name: str) -> str:
    return f"{base}/{MODULE}/@v/{name}"


def publish_zip(w: World, tmp_path: Path, base: str, goroot: dict[str, bytes] = TINY_GOROOT) -> bytes:
    z = tmp_path / "served.zip"
    write_module_zip(z, goroot, MV)
    w.client.routes[at(base, MV + ".zip")] = z.read_bytes()
    return z.read_bytes()


def test_listing_keeps_this_platform_newest_first(w: World) -> None:
    w.client.routes[at(P1, "list")] = (
        b"v0.0.1-go1.21.13.linux-amd64\nv0.0.1-go1.23rc1.linux-amd64 2024-06-01T00:00:00Z\n"
        b"v0.0.1-go1.22.10.linux-arm64\nv0.0.1-go1.22.10.linux-amd64\n\n"
        b"v0.0.1-go1.22.10.linux-amd64\nv0.0.1-gobogus.linux-amd64\nv1.0.0\n")
    src = GoProxy(w.ctx(GOPROXY=P1))
    got = [(r.version, r.stable, r.data["module_version"]) for r in src.list_remote()]
    assert got == [("go1.23rc1", False, "v0.0.1-go1.23rc1.linux-amd64"),
                   ("go1.22.10", True, "v0.0.1-go1.22.10.linux-amd64"),
                   ("go1.21.13", True, "v0.0.1-go1.21.13.linux-amd64")]
    arm = GoProxy(w.ctx(Platform("linux", "arm64"), GOPROXY=P1)).list_remote()
    assert [r.version for r in arm] == ["go1.22.10"]


def test_comma_falls_through_only_on_not_found(w: World) -> None:
    w.client.routes[at(P1, "list")] = 404
    w.client.routes[at(P2, "list")] = b"v0.0.1-go1.99.1.linux-amd64\n"
    assert [r.version for r in GoProxy(w.ctx(GOPROXY=f"{P1},{P2}")).list_remote()] == ["go1.99.1"]
    w.client.routes[at(P1, "list")] = 500
    with pytest.raises(NetworkError, match=f"^{at(P1, 'list')}: 500"):
        GoProxy(w.ctx(GOPROXY=f"{P1},{P2}")).list_remote()
    assert [r.version for r in GoProxy(w.ctx(GOPROXY=f"{P1}|{P2}")).list_remote()] == ["go1.99.1"]


def test_chain_endings(w: World) -> None:
    with pytest.raises(NetworkError, match="^module lookup disabled by GOPROXY=off$"):
        GoProxy(w.ctx(GOPROXY="off")).list_remote()
    # Not found everywhere, then off: nobody has the module, which is no error for listing.
    assert GoProxy(w.ctx(GOPROXY=f"{P1},off")).list_remote() == []
    w.client.routes[at(P1, "list")] = 503
    with pytest.raises(NetworkError, match=f"^{at(P1, 'list')}: 503 Error$"):
        GoProxy(w.ctx(GOPROXY=f"{P1}|off")).list_remote()


def test_direct_means_the_download_site_mod_endpoint(w: World) -> None:
    direct = "http://dl.test/dl/mod"
    w.client.routes[at(direct, "list")] = b"v0.0.1-go1.99.1.linux-amd64\n"
    src = GoProxy(w.ctx(GOPROXY=f"{P1},direct", GOVER_DL_URL="http://dl.test/dl/,http://other/"))
    assert [r.version for r in src.list_remote()] == ["go1.99.1"]
    assert w.client.urls() == [at(P1, "list"), at(direct, "list")]
    # GONOPROXY (or GOPRIVATE) matching the toolchain module skips every proxy.
    w.client.requests.clear()
    private = GoProxy(w.ctx(GOPROXY=P1, GONOPROXY="golang.org/*", GOVER_DL_URL="http://dl.test/dl"))
    assert [r.version for r in private.list_remote()] == ["go1.99.1"]
    assert w.client.urls() == [at(direct, "list")]


def test_an_html_answer_is_refused(w: World) -> None:
    w.client.routes[at(P1, "list")] = b"\n  <html><body>Sign in</body></html>"
    with pytest.raises(BadResponse, match=f"{at(P1, 'list')} returned an HTML page, not a module "
                                          "version list"):
        GoProxy(w.ctx(GOPROXY=P1)).list_remote()


def test_fetch_checks_the_database_before_downloading(w: World, tmp_path: Path) -> None:
    publish_zip(w, tmp_path, P1)
    src = GoProxy(w.ctx(GOPROXY=P1))
    with pytest.raises(VerificationError) as e:  # the proxy offers what the database never logged
        src.fetch(_release("1.99.1"))
    assert "the proxy offers a toolchain the checksum database does not know" in e.value.message
    assert at(P1, MV + ".zip") not in w.client.urls()
    off = GoProxy(w.ctx(GOPROXY=P1, GOSUMDB="off"))
    with pytest.raises(VerificationError) as e:
        off.fetch(_release("1.99.1"))
    assert e.value.message == (f"{MODULE}@{MV}: verifying module: checksum database disabled "
                               "by GOSUMDB=off")
    assert e.value.hint and "--source official" in e.value.hint


def _release(version: str):  # type: ignore[no-untyped-def]
    from gover.toolchain.sources.base import Release

    return Release("go" + version, True, "proxy", {"module_version": module_version(version)})


def test_fetch_verifies_the_zip_against_the_database(w: World, tmp_path: Path) -> None:
    want = w.publish("1.99.1")
    served = publish_zip(w, tmp_path, P2)
    w.client.routes[at(P1, MV + ".zip")] = 410
    art = GoProxy(w.ctx(GOPROXY=f"{P1},{P2}")).fetch(_release("1.99.1"))
    assert art.path.read_bytes() == served and art.origin_url == at(P2, MV + ".zip")
    assert art.verification["checksum_db"]["h1"] == want
    assert art.force_exec is not None and art.force_exec("bin/go") and not art.force_exec("VERSION")
    assert art.mapper(f"{MODULE}@{MV}/bin/go") == "bin/go"
    assert art.check_file is not None and art.post_extract is not None
    art.check_file()
    dest = tmp_path / "goroot"
    (dest / "src").mkdir(parents=True)
    (dest / "src" / "_go.mod").write_bytes(b"module std\n")
    art.post_extract(dest, Extracted(hashes=archive_digests(art.path)))
    assert (dest / "src" / "go.mod").read_bytes() == b"module std\n"  # restored as go does


def test_a_zip_unlike_the_record_is_refused(w: World, tmp_path: Path) -> None:
    w.publish("1.99.1")
    publish_zip(w, tmp_path, P1, {**TINY_GOROOT, "bin/go": b"#!/bin/sh\necho pwned\n"})
    art = GoProxy(w.ctx(GOPROXY=P1)).fetch(_release("1.99.1"))
    assert art.pre_extract is not None and art.check_file is not None
    with pytest.raises(VerificationError, match=rf"checksum mismatch for {MODULE}@{MV}: the zip has "
                                                rf"h1:\S+, checksum database sum.gover.test says h1:"
                                                rf"\S+ \(from {at(P1, MV + '.zip')}\)$"):
        art.pre_extract()  # before anything is extracted
    with pytest.raises(VerificationError, match="checksum mismatch"):
        art.check_file()


def test_a_non_zip_download_is_deleted(w: World, tmp_path: Path) -> None:
    w.publish("1.99.1")
    w.client.routes[at(P1, MV + ".zip")] = Reply(b"<html>proxy error</html>")
    with pytest.raises(BadResponse, match=rf"{at(P1, MV + '.zip')} returned an HTML page, not a module zip"):
        GoProxy(w.ctx(GOPROXY=P1)).fetch(_release("1.99.1"))
    assert not list((w.home / "downloads").iterdir())


def test_a_cached_zip_is_reused_and_rechecked(w: World, tmp_path: Path) -> None:
    w.publish("1.99.1")
    cached = w.home / "downloads" / f"golang.org-toolchain-{MV}.zip"
    cached.parent.mkdir(parents=True)
    write_module_zip(cached, TINY_GOROOT, MV)
    art = GoProxy(w.ctx(GOPROXY=P1)).fetch(_release("1.99.1"))
    assert art.path == cached and art.recheck_sha256 == art.sha256
    assert not any(u.startswith(P1) for u in w.client.urls())
    assert f"Using cached {cached.name}" in w.reports


def test_check_zip_names_a_broken_file(w: World, tmp_path: Path) -> None:
    w.publish("1.99.1")
    src = GoProxy(w.ctx(GOPROXY=P1))
    found = src.verify_record(MV)
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"PK\x03\x04 truncated")
    with pytest.raises(VerificationError, match="^bad.zip is not a valid zip"):
        check_zip(bad, found, "h1:x")


def test_a_file_goproxy_is_read_from_disk(w: World, tmp_path: Path) -> None:
    """A GOPROXY directory (file://): listing and zips come from files, no request made."""
    want = w.publish("1.99.1")
    v = tmp_path / "proxy" / MODULE / "@v"
    v.mkdir(parents=True)
    (v / "list").write_text(MV + "\n")
    write_module_zip(v / f"{MV}.zip", TINY_GOROOT, MV)
    src = GoProxy(w.ctx(GOPROXY=f"file://{tmp_path}/nothing,file://{tmp_path}/proxy"))
    (rel,) = src.list_remote()
    art = src.fetch(rel)
    assert art.path.read_bytes() == (v / f"{MV}.zip").read_bytes()
    assert art.origin_url == f"file://{tmp_path}/proxy/{MODULE}/@v/{MV}.zip"
    assert art.verification["checksum_db"]["h1"] == want
    assert all(u.startswith("http://sumdb.test/") for u in w.client.urls())  # only the database
    (v / "list").unlink()
    assert GoProxy(w.ctx(GOPROXY=f"file://{tmp_path}/proxy")).list_remote() == []
