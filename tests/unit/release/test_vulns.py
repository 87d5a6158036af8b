"""Version matching against a vuln.go.dev-layout database read from file:// (HTTP: tests/integration)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gover.buildinfo.modinfo import BuildInfo, Module
from gover.errors import ConfigError, NetworkError
from gover.release.vulndb import (
    MalformedEntry,
    VulnDB,
    VulnDBInvalid,
    VulnDBUnreachable,
    db_urls,
    parse_entry,
)
from gover.release.vulnmatch import affects, go_semver, match, semver_go
from tests.support import osvdb


def _db(root: Path) -> VulnDB:
    def no_http(url: str) -> bytes:
        raise AssertionError(f"unexpected HTTP {url}")

    return VulnDB([root.as_uri()], no_http)


def _info(go: str, *deps: Module) -> BuildInfo:
    return BuildInfo(go_version=go, path="example.com/app", main=Module("example.com/app", "(devel)"),
                     deps=list(deps))


@pytest.mark.parametrize(("go", "sv", "back"), [
    ("go1.22.3", "v1.22.3", "go1.22.3"), ("go1.21rc2", "v1.21.0-rc.2", "go1.21rc2"),
    ("go1.20", "v1.20.0", "go1.20"), ("go1.25.5 X:nodwarf5", "v1.25.5", "go1.25.5"),
    ("go1.21.0", "v1.21.0", "go1.21.0"), ("devel go1.26-abc", "", None),
])
def test_go_versions_as_semver(go: str, sv: str, back: str | None) -> None:
    assert go_semver(go) == sv
    if back:
        assert semver_go(sv) == back


def test_osv_range_semantics() -> None:
    r = [[("introduced", ""), ("fixed", "v1.20.8"), ("introduced", "v1.21.0-0"), ("fixed", "v1.21.1")]]
    got = {v: affects(r, v) for v in ("v1.19.0", "v1.20.8", "v1.20.9", "v1.21.0-rc.1", "v1.21.0", "v1.21.1")}
    assert got == {"v1.19.0": True, "v1.20.8": False, "v1.20.9": False, "v1.21.0-rc.1": True,
                   "v1.21.0": True, "v1.21.1": False}
    assert affects([[("introduced", "v1.0.0"), ("last_affected", "v1.0.5")]], "v1.0.5")
    assert not affects([[("introduced", "v1.0.0"), ("last_affected", "v1.0.5")]], "v1.0.6")


def test_hits_fixed_versions_and_smallest_upgrade(tmp_path: Path) -> None:
    db = _db(osvdb.standard(tmp_path / "db"))
    dep = Module("example.com/dep", "v1.0.0", "h1:x=")
    loc = Module("example.com/loc", "v0.0.0", replace=Module("./loc", "(devel)"))
    r = match(_info("go1.25.5", dep, loc), db)
    hits = sorted((h.id, h.module, h.version, h.fixed) for h in r.hits)
    assert hits == [("GO-2025-0001", "stdlib", "go1.25.5", "go1.25.6"),
                    ("GO-2025-0002", "stdlib", "go1.25.5", "go1.25.7"),
                    ("GO-2025-0004", "example.com/dep", "v1.0.0", "v1.0.2"),
                    ("GO-2025-0005", "example.com/dep", "v1.0.0", "v1.0.3")]
    ups = {(u.module, u.current, u.to) for u in r.upgrades}
    assert ups == {("stdlib", "go1.25.5", "go1.25.7"), ("example.com/dep", "v1.0.0", "v1.0.3")}
    assert [vid for vid, _ in r.unknown] == ["GO-2025-0009"]
    assert "package name" in r.unknown[0][1]
    assert ("example.com/loc", "replaced by the local directory ./loc") in r.unchecked
    assert r.hits[0].url.startswith("https://pkg.go.dev/vuln/GO-2025-")


def test_clean_versions_and_replacements(tmp_path: Path) -> None:
    db = _db(osvdb.standard(tmp_path / "db"))
    # dep replaced by a fixed version: the replacement's version is what is in the binary.
    dep = Module("example.com/dep", "v1.0.0", replace=Module("example.com/dep", "v1.1.4", "h1:y="))
    r = match(_info("go1.25.7", dep), db)
    assert (r.hits, r.upgrades) == ([], []) and r.unknown  # the malformed entry still counts
    assert match(_info("go1.24.12"), db).hits == []
    old = match(_info("go1.24.11"), db)
    assert [(h.id, h.fixed) for h in old.hits] == [("GO-2025-0001", "go1.24.12")]


def test_no_version_clears_an_unfixed_hit(tmp_path: Path) -> None:
    db = _db(osvdb.standard(tmp_path / "db"))
    r = match(_info("go1.25.7", Module("example.com/other", "v2.0.0")), db)
    assert [(h.id, h.fixed) for h in r.hits] == [("GO-2025-0006", "")]
    assert [(u.module, u.to) for u in r.upgrades] == [("example.com/other", "")]


def test_unreachable_and_invalid_databases(tmp_path: Path) -> None:
    with pytest.raises(VulnDBUnreachable, match="cannot be read: .* is not a directory"):
        _db(tmp_path / "nothing").modules()
    (tmp_path / "bad" / "index").mkdir(parents=True)
    (tmp_path / "bad" / "index" / "modules.json").write_text('{"path": 1}')
    with pytest.raises(VulnDBInvalid, match="modules.json is not a module index"):
        _db(tmp_path / "bad").modules()
    assert issubclass(VulnDBUnreachable, NetworkError)
    with pytest.raises(ConfigError, match="GOVULNDB entry 'ftp://x' is not"):
        db_urls("https://vuln.go.dev,ftp://x")
    assert db_urls("") == ["https://vuln.go.dev"]


@pytest.mark.parametrize(("raw", "why"), [
    (b"{", "not JSON"), (b"[]", "not a JSON object"), (b'{"id": "GO-X"}', "its id is 'GO-X'"),
    (b'{"id": "GO-1"}', 'no "affected" list'),
    (json.dumps({"id": "GO-1", "affected": [{"package": {"name": "m"}, "ranges": [
        {"type": "SEMVER", "events": [{"fixed": "one"}]}]}]}).encode(), "invalid version 'one'"),
    (json.dumps({"id": "GO-1", "affected": [{"package": {"name": "m"}, "ranges": [
        {"type": "SEMVER", "events": [{"limit": "1.0.0"}]}]}]}).encode(), "unknown event 'limit'"),
])
def test_malformed_entries(raw: bytes, why: str) -> None:
    with pytest.raises(MalformedEntry, match=why.replace("(", r"\(").replace(")", r"\)")):
        parse_entry("GO-1", raw)
