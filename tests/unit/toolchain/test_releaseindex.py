"""The one release-knowledge path: cache (TTL, source key, stale fallback), the first source
that lists a stable release, then the installed versions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gover.errors import NetworkError
from gover.paths import Paths
from gover.toolchain import releaseindex as ri
from tests.support.fakehttp import MODULE, world

DOWN = "no release index answered (official: 127.0.0.1:9: connection refused)"


def down() -> tuple[str, list[str]]:
    raise NetworkError(DOWN)


def test_index_is_cached_for_an_hour_per_source_settings(tmp_path: Path) -> None:
    paths = Paths(tmp_path / "gover")
    calls: list[int] = []

    def fetch() -> tuple[str, list[str]]:
        calls.append(1)
        return "official", ["go1.25.5", "go1.24.11", "go1.25.5", "go1.9.2"]

    first = ri.load(paths, fetch, now=1000.0, key="a")
    assert (first.releases, first.cached, len(calls)) == (["go1.9.2", "go1.24.11", "go1.25.5"], False, 1)
    again = ri.load(paths, fetch, now=1000.0 + ri.TTL_SECONDS - 1, key="a")
    assert (again.cached, again.source, len(calls)) == (True, "official", 1)
    assert again.to_json()["cached"] == {"age_seconds": ri.TTL_SECONDS - 1}
    assert again.cache_note() == ("using the releases cached from the official index 59 min ago "
                                  "(--refresh fetches them again)")
    assert first.to_json()["cached"] is None and first.cache_note() == ""
    assert again.describe() == "the official index"
    ri.load(paths, fetch, now=1000.0 + 1, key="b")  # other sources: the cache is not theirs
    assert len(calls) == 2
    ri.load(paths, fetch, now=1001.0 + ri.TTL_SECONDS, key="b")
    assert len(calls) == 3
    assert json.loads(ri.cache_file(paths, "b").read_text())["key"] == "b"
    assert ri.load(paths, fetch, now=1002.0, key="a").cached  # "a" kept its own file
    again = ri.load(paths, fetch, now=1000.0 + 60, key="a", ttl=30)  # GOVER_REMOTE_TTL=30
    assert not again.cached and len(calls) == 4
    fresh = ri.load(paths, fetch, now=1000.0 + 61, key="a", refresh=True)
    assert not fresh.cached and len(calls) == 5


def test_stale_cache_then_installed_versions_stand_in(tmp_path: Path) -> None:
    paths = Paths(tmp_path / "gover")
    with pytest.raises(NetworkError, match="^cannot tell which Go releases are supported: no release index"):
        ri.load(paths, down, now=5.0)  # installed=None: nothing may stand in
    got = ri.load(paths, down, now=5.0, installed=["go1.22.10", "go1.26rc1", "go1.19.8"])
    assert (got.releases, got.source, got.from_installed, got.unreachable) == (
        ["go1.19.8", "go1.22.10"], "installed", True, DOWN)
    assert got.describe() == "the installed versions"
    assert got.to_json()["unreachable"] == DOWN
    assert not ri.cache_file(paths).parent.exists()  # the installed set is never cached
    assert ri.load(paths, down, now=5.0, installed=[]).releases == []

    ri.load(paths, lambda: ("proxy", ["go1.25.5"]), now=5.0)
    stale = ri.load(paths, down, now=5.0 + 2 * ri.TTL_SECONDS, installed=["go1.22.10"])
    assert (stale.releases, stale.source, stale.stale_reason) == (["go1.25.5"], "proxy", DOWN)
    assert stale.age == 2 * ri.TTL_SECONDS and stale.to_json()["cached"] == {"age_seconds": 7200}
    assert stale.cache_note() == f"{DOWN}; using the releases cached from the proxy index 2 h ago"
    ri.cache_file(paths).write_text("{not json")
    assert ri.load(paths, down, now=6.0, installed=["go1.22.10"]).from_installed


def test_a_source_listing_nothing_is_no_answer(tmp_path: Path) -> None:
    w = world(tmp_path)
    w.client.routes["http://dl.test/dl/?mode=json&include=all"] = b"[]"  # official: nothing for us
    env = {"GOVER_SOURCES": "official,proxy", "GOVER_DL_URL": "http://dl.test/dl/", "GOPROXY": "http://p.test"}
    with pytest.raises(NetworkError) as e:  # the proxy lacks golang.org/toolchain: a 404
        ri.from_sources(w.ctx(**env))  # type: ignore[arg-type]
    assert e.value.message == ("no release index answered (official: lists no stable Go release for "
                               "linux/amd64; proxy: no golang.org/toolchain releases at GOPROXY=http://p.test)")
    w.client.routes[f"http://p.test/{MODULE}/@v/list"] = (
        b"v0.0.1-go1.26rc1.linux-amd64\nv0.0.1-go1.25.5.linux-amd64\nv0.0.1-go1.25.5.darwin-arm64\n")
    assert ri.from_sources(w.ctx(**env)) == ("proxy", ["go1.25.5"])  # type: ignore[arg-type]


def test_each_source_list_is_cached_by_its_own_url(tmp_path: Path) -> None:
    from gover.toolchain import install, sources

    w = world(tmp_path)
    listed = b"v0.0.1-go1.26rc1.linux-amd64\nv0.0.1-go1.25.5.linux-amd64\n"
    w.client.routes[f"http://p.test/{MODULE}/@v/list"] = listed
    w.client.routes[f"http://q.test/{MODULE}/@v/list"] = b"v0.0.1-go1.24.11.linux-amd64\n"
    env = {"GOVER_SOURCES": "proxy", "GOPROXY": "http://p.test"}
    ctx = w.ctx(**env)

    def hits() -> int:
        return sum(1 for u, _ in w.client.requests if u.endswith("@v/list"))

    src, rels, index = install.first_listing(ctx, now=100.0)  # type: ignore[arg-type]
    assert [r.version for r in rels] == ["go1.26rc1", "go1.25.5"] and index is not None
    assert not index.cached and hits() == 1
    _, again, index = install.first_listing(w.ctx(**env), now=160.0)  # type: ignore[arg-type]
    assert [(r.version, r.stable) for r in again] == [("go1.26rc1", False), ("go1.25.5", True)]
    assert index is not None and index.cached and index.age == 60 and hits() == 1
    # Another GOPROXY is another list; --refresh asks again; GOVER_REMOTE_TTL=0 never reuses.
    _, other, _ = install.first_listing(w.ctx(GOVER_SOURCES="proxy", GOPROXY="http://q.test"),  # type: ignore[arg-type]
                                        now=170.0)
    assert [r.version for r in other] == ["go1.24.11"] and hits() == 2
    install.first_listing(w.ctx(**env), now=171.0, refresh=True)  # type: ignore[arg-type]
    install.first_listing(w.ctx(**env, GOVER_REMOTE_TTL="0"), now=172.0)  # type: ignore[arg-type]
    assert hits() == 4
    assert sources.order(ctx, None) == ["proxy"]  # type: ignore[arg-type]
