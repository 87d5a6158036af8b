"""The official source: cross-verification with the checksum database, and mirror failover."""

from __future__ import annotations

import json

import pytest

from gover.toolchain.sources import mirrors
from tests.conftest import toolchain_archive
from tests.support.httpserver import HTTPServer, Route
from tests.support.sourceworld import add_official_archive, tc22, world
from tests.support.sumdb import Key, random_h1

pytestmark = pytest.mark.integration
__all__ = ["tc22", "world"]  # fixtures
MODVER = "v0.0.1-go1.22.10.linux-amd64"
ARCHIVE = "go1.22.10.linux-amd64.tar.gz"


@pytest.fixture
def official(world, monkeypatch):  # type: ignore[no-untyped-def]
    add_official_archive(world)
    monkeypatch.setenv("GOVER_SOURCES", "official")
    monkeypatch.setenv("GOVER_CROSS_VERIFY", "auto")
    return world


def test_archive_and_database_agree(official, gover) -> None:
    r = gover("install", "1.22.10")
    assert r.code == 0, r
    v = official.meta("go1.22.10")["verification"]
    assert v["independently_verified"] is True
    assert v["checksum_db"]["module"] == f"golang.org/toolchain@{MODVER}"
    assert v["checked_against"] == official.site.base + " index"
    entry = json.loads(gover("list", "--json").out)["versions"][0]
    assert entry["verified"] == "index+sumdb" and entry["independently_verified"] is True
    assert "index+sumdb" in gover("list").out


def test_archive_and_database_disagree(official, gover) -> None:
    forged = random_h1()
    official.db.rewrite(300, f"golang.org/toolchain {MODVER} {forged}\n"
                             f"golang.org/toolchain {MODVER}/go.mod {random_h1()}\n".encode())
    r = gover("install", "1.22.10")
    assert r.code == 1
    assert ("the download site and checksum database sum.gover.test disagree about go1.22.10: the "
            "archive's files hash to ") in r.err and f"the database records {forged}" in r.err
    assert official.leftovers() == []


def test_a_database_that_fails_verification_stops_the_install(official, gover) -> None:
    official.db.signer = Key.generate("sum.gover.test")
    r = gover("install", "1.22.10")
    assert r.code == 1 and "not by the key in GOSUMDB" in r.err, r
    assert official.site.server.hits(official.site.prefix + ARCHIVE) == 0
    assert official.leftovers() == []


def test_unreachable_database(official, gover, monkeypatch) -> None:
    monkeypatch.setenv("GOSUMDB", f"{official.db.key.vkey} http://127.0.0.1:9/")
    monkeypatch.setenv("GOVER_CROSS_VERIFY", "require")
    r = gover("install", "1.22.10")
    assert r.code == 1 and "cannot cross-verify go1.22.10 (GOVER_CROSS_VERIFY=require)" in r.err, r
    assert official.site.server.hits(official.site.prefix + ARCHIVE) == 0

    monkeypatch.setenv("GOVER_CROSS_VERIFY", "auto")  # only skips the check
    r = gover("install", "1.22.10")
    assert r.code == 0, r
    v = official.meta("go1.22.10")["verification"]
    assert "independently_verified" not in v
    assert v["cross_check"].startswith("not done: checksum database sum.gover.test unreachable")
    assert json.loads(gover("list", "--json").out)["versions"][0]["verified"] == "sha256"


# --- mirrors -------------------------------------------------------------------------------

@pytest.fixture
def two_sites(monkeypatch):  # type: ignore[no-untyped-def]
    with HTTPServer() as srv:
        from tests.support.dlsite import DownloadSite

        a, b = DownloadSite(srv, "/a/"), DownloadSite(srv, "/b/")
        monkeypatch.setenv("GOVER_DL_URL", f"{a.base},{b.base}")
        monkeypatch.setenv("GOVER_SOURCES", "official")
        yield a, b


def _remote(gover) -> list[str]:  # type: ignore[no-untyped-def]
    r = gover("list-remote", "--json")
    assert r.code == 0, r
    return [v["version"] for v in json.loads(r.out)["versions"]]


@pytest.mark.parametrize("fault", ["5xx", "refused", "timeout", "html", "404"])
def test_index_fails_over_to_the_next_mirror(two_sites, gover, monkeypatch, fault) -> None:
    a, b = two_sites
    b.add("go1.22.10", b"archive")
    if fault == "5xx":
        a.server.routes[a.index_path] = Route(b"", statuses=[503] * 10)
    elif fault == "refused":
        monkeypatch.setenv("GOVER_DL_URL", f"http://127.0.0.1:9/dl/,{b.base}")
    elif fault == "timeout":
        monkeypatch.setenv("GOVER_HTTP_TIMEOUT", "0.5")
        a.server.routes[a.index_path] = Route(b"[]", delay=2)
    elif fault == "html":  # a static mirror that ignores ?mode=json
        a.server.routes[a.index_path] = Route(b"<html>Index of /golang</html>", content_type="text/html")
    assert _remote(gover) == ["go1.22.10"]
    if fault == "5xx":
        assert a.server.hits(a.index_path) == 2  # one retry, then on to the next mirror


def test_archive_fails_over_and_the_index_still_decides(two_sites, gover, isolated_env) -> None:
    a, b = two_sites
    arc = toolchain_archive("1.22.10")
    a.add("go1.22.10", arc, statuses=[502] * 10)  # the index from a, its archive broken
    b.server.routes[b.prefix + ARCHIVE] = Route(arc)
    r = gover("install", "1.22.10")
    assert r.code == 0, r
    assert f"{a.base}: " in r.err and "trying the next mirror" in r.err
    assert b.server.hits(b.prefix + ARCHIVE) == 1
    meta = json.loads((isolated_env / "gover" / "meta" / "go1.22.10.json").read_text())
    assert meta["origin_url"] == b.base + ARCHIVE
    assert meta["verification"]["checked_against"] == a.base + " index"


def test_a_mirror_serving_other_bytes_is_refused(two_sites, gover) -> None:
    a, b = two_sites
    a.add("go1.22.10", b"the real archive", statuses=[500] * 10)
    b.server.routes[b.prefix + ARCHIVE] = Route(b"the fake archive")  # same size, other bytes
    r = gover("install", "1.22.10")
    assert r.code == 1 and f"checksum mismatch for {ARCHIVE}" in r.err, r


def test_no_mirror_has_the_archive(two_sites, gover) -> None:
    a, b = two_sites
    a.add("go1.22.10", b"x", statuses=[404] * 10)
    r = gover("install", "1.22.10")
    assert r.code == 1 and f"no mirror has {ARCHIVE}" in r.err, r


def test_mirror_presets_choose_every_source_location(world, gover, monkeypatch) -> None:
    monkeypatch.setitem(mirrors.PRESETS, "loopback", mirrors.Mirror(
        "loopback", "test", world.site.base, world.proxy.url, world.gosumdb))
    monkeypatch.setenv("GOPROXY", "off")
    r = gover("list-remote", "--source", "proxy", "--mirror", "loopback")
    assert r.code == 0 and r.out.split() == ["go1.22.10"], r
    monkeypatch.setenv("GOVER_MIRROR", "loopback")  # the variable does not override GOPROXY …
    r = gover("list-remote", "--source", "proxy")
    assert r.code == 1 and "GOPROXY=off" in r.err
    monkeypatch.delenv("GOPROXY")  # … but fills it in when unset
    r = gover("list-remote", "--source", "proxy")
    assert r.code == 0 and r.out.split() == ["go1.22.10"], r
    r = gover("install", "1.22", "--mirror", "nowhere")
    assert r.code == 2 and "unknown mirror 'nowhere': expected one of default, google-cn, china" in r.err


def test_presets_are_documented_in_help(gover, capsys) -> None:
    gover("install", "--help")
    out = capsys.readouterr().out
    for m in mirrors.PRESETS.values():
        assert f"  {m.name:<10} {m.about}" in out
