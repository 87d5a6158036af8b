"""The release-index cache (TTL, stale fallback) and the pure parts of release repro."""

from __future__ import annotations

from pathlib import Path

import pytest

from gover.buildinfo.exe import FileSection
from gover.errors import NetworkError
from gover.paths import Paths
from gover.release import goindex
from gover.release.repro import evaluate_ldflags, source_root
from gover.release.reprocause import section_at, x_values


def test_index_is_cached_for_an_hour(tmp_path: Path) -> None:
    paths = Paths(tmp_path / "gover")
    calls: list[int] = []

    def fetch() -> tuple[str, list[str]]:
        calls.append(1)
        return "official", ["go1.25.5", "go1.24.11", "go1.25.5"]

    first = goindex.load(paths, fetch, now=1000.0)
    assert (first.releases, first.cached, len(calls)) == (["go1.24.11", "go1.25.5"], False, 1)
    again = goindex.load(paths, fetch, now=1000.0 + goindex.TTL_SECONDS - 1)
    assert (again.cached, again.source, len(calls)) == (True, "official", 1)
    goindex.load(paths, fetch, now=1000.0 + goindex.TTL_SECONDS)
    assert len(calls) == 2
    assert goindex.cache_file(paths).is_file()


def test_stale_cache_stands_in_when_no_source_answers(tmp_path: Path) -> None:
    paths = Paths(tmp_path / "gover")

    def down() -> tuple[str, list[str]]:
        raise NetworkError("no source could be reached: official: 127.0.0.1:9: connection refused")

    with pytest.raises(NetworkError, match="cannot tell which Go releases are supported: no source"):
        goindex.load(paths, down, now=5.0)
    goindex.load(paths, lambda: ("proxy", ["go1.25.5"]), now=5.0)
    stale = goindex.load(paths, down, now=5.0 + 2 * goindex.TTL_SECONDS)
    assert stale.releases == ["go1.25.5"] and "connection refused" in stale.stale_reason
    goindex.cache_file(paths).write_text("{not json")
    with pytest.raises(NetworkError):
        goindex.load(paths, down, now=6.0)


def test_ldflags_x_values_and_evaluation() -> None:
    assert x_values("-s -w -X main.date=1 -X 'main.name=a b' -X=main.v=2") == \
        {"main.date": "1", "main.name": "a b", "main.v": "2"}
    assert evaluate_ldflags("-X main.v=$(echo 1)$X", {"PATH": "/usr/bin:/bin", "X": "2"}) == "-X main.v=12"
    assert evaluate_ldflags("-s -w", {}) == "-s -w"
    assert section_at([FileSection(".text", 100, 50), FileSection(".bss", 0, 0)], 120) == ".text"
    assert section_at([FileSection(".text", 100, 50)], 10) == "outside any section"


def test_source_root_is_the_checkout(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    mod = tmp_path / "svc"
    mod.mkdir()
    assert source_root(mod, "") == tmp_path
    bare = tmp_path / "x"
    (bare / "m").mkdir(parents=True)
    assert source_root(bare / "m", str(bare / "go.work")) == tmp_path  # the checkout holds the workspace
