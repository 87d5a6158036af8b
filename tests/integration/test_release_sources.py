"""release check --vulns / --supported-go against loopback servers, buildinfo --vulns, release repro."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import toolchain_root
from tests.support import osvdb, releasebins
from tests.support.dlsite import DownloadSite
from tests.support.httpserver import HTTPServer

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def bins(tmp_path_factory: pytest.TempPathFactory, shared_go_caches: dict[str, str]) -> dict[str, Path]:
    return releasebins.session_binaries(lambda: tmp_path_factory.mktemp("relbins"), shared_go_caches,
                                        toolchain_root("1.25.5"))


@pytest.fixture
def vulndb(tmp_path: Path) -> Path:
    return osvdb.standard(tmp_path / "vulndb")


def _binary(doc: dict[str, Any], file: Path) -> dict[str, Any]:
    return next(b for b in doc["binaries"] if b["file"] == str(file))


def test_vulns_over_http(bins: dict[str, Path], vulndb: Path, gover: Any) -> None:
    with HTTPServer() as srv:
        srv.serve_dir("/db/", vulndb)
        env = {**os.environ, "GOVULNDB": srv.url + "/db"}
        r = gover("release", "check", "--vulns", "--json", str(bins["linux-amd64"]), str(bins["replaced"]),
                  env=env)
        text = gover("release", "check", "--vulns", str(bins["linux-amd64"]), env=env)
        paths = {q.path for q in srv.requests}
    assert r.code == 1 and text.code == 1, r.err
    assert "/db/index/modules.json.gz" in paths and "/db/ID/GO-2025-0001.json.gz" in paths
    assert "/db/ID/GO-2025-0003.json.gz" not in paths  # fixed before go1.25.5: never fetched
    doc = json.loads(r.out)
    assert "not govulncheck's call-graph analysis" in doc["vulndb"]["note"]
    b = _binary(doc, bins["linux-amd64"])
    hits = {(h["id"], h["module"], h["version"], h["fixed"]) for h in b["vulns"]["hits"]}
    assert hits == {("GO-2025-0001", "stdlib", "go1.25.5", "go1.25.6"),
                    ("GO-2025-0002", "stdlib", "go1.25.5", "go1.25.7"),
                    ("GO-2025-0004", "example.com/dep", "v1.0.0", "v1.0.2"),
                    ("GO-2025-0005", "example.com/dep", "v1.0.0", "v1.0.3")}
    ups = {(u["module"], u["from"], u["to"]) for u in b["vulns"]["upgrades"]}
    assert ups == {("stdlib", "go1.25.5", "go1.25.7"), ("example.com/dep", "v1.0.0", "v1.0.3")}
    checks = sorted(v["check"] for v in b["violations"])
    assert checks == ["vuln"] * 4 + ["vulndb"]  # the malformed GO-2025-0009 fails closed
    assert [u["id"] for u in b["vulns"]["unknown"]] == ["GO-2025-0009"]
    rep = _binary(doc, bins["replaced"])
    assert {h["module"] for h in rep["vulns"]["hits"]} == {"stdlib"}
    assert rep["vulns"]["unchecked"] == [{"module": "example.com/dep",
                                          "reason": "replaced by the local directory ./localdep"}]
    assert "x vuln: GO-2025-0002 in stdlib go1.25.5 (fixed in go1.25.7): crypto/tls: a handshake panic" \
        in text.out
    assert "upgrade stdlib go1.25.5 → go1.25.7 clears GO-2025-0001, GO-2025-0002" in text.out
    assert "Vulnerabilities: version matching only" in text.out and "govulncheck -mode=binary" in text.out


def test_buildinfo_vulns_from_a_file_mirror(bins: dict[str, Path], vulndb: Path, gover: Any) -> None:
    env = {**os.environ, "GOVULNDB": vulndb.as_uri()}
    r = gover("buildinfo", "--vulns", str(bins["windows-amd64"]), env=env)
    assert r.code == 1
    assert r.out.splitlines()[0] == f"{bins['windows-amd64']}: go1.25.5: known vulnerabilities"
    assert "  GO-2025-0004  example.com/dep v1.0.0  fixed in v1.0.2  dep: bad parsing" in r.out
    assert "Note: version matching only" in r.out
    j = gover("buildinfo", "--vulns", "--json", str(bins["darwin-arm64"]), env=env)
    doc = json.loads(j.out)
    assert doc["vulndb"]["urls"] == [vulndb.as_uri()]
    assert {h["id"] for h in doc["binaries"][0]["vulns"]["hits"]} == {
        "GO-2025-0001", "GO-2025-0002", "GO-2025-0004", "GO-2025-0005"}
    # A database whose only entry was fixed at go1.25.5: the same binary is clean.
    fixed = osvdb.entry("GO-2025-0001", {"stdlib": [[("introduced", "0"), ("fixed", "1.25.5")]]})
    osvdb.write_db(vulndb, [fixed])
    clean = gover("buildinfo", "--vulns", str(bins["darwin-arm64"]), env=env)
    assert clean.code == 0 and "no known vulnerabilities" in clean.out


def test_unreachable_database_is_an_error_or_a_warning(bins: dict[str, Path], gover: Any) -> None:
    env = {**os.environ, "GOVULNDB": "http://127.0.0.1:9/db"}
    r = gover("release", "check", "--vulns", str(bins["linux-amd64"]), env=env)
    assert r.code == 1 and r.out == ""
    assert r.err.startswith("gover: vulnerability database http://127.0.0.1:9/db cannot be read: ")
    assert "--vulns=optional" in r.err
    opt = gover("release", "check", "--vulns=optional", "--json", str(bins["linux-amd64"]), env=env)
    doc = json.loads(opt.out)
    assert opt.code == 0 and doc["ok"] is True
    assert doc["warnings"][0].startswith("vulnerabilities not checked: vulnerability database")
    txt = gover("release", "check", "--vulns=optional", str(bins["linux-amd64"]), env=env)
    assert txt.code == 0 and "warning: vulnerabilities not checked" in txt.err
    bi = gover("buildinfo", "--vulns=optional", str(bins["linux-amd64"]), env=env)
    assert bi.code == 0 and "warning: vulnerabilities not checked" in bi.err


def _site(srv: HTTPServer, releases: list[str]) -> DownloadSite:
    site = DownloadSite(srv)
    for v in releases:
        site.add(v, b"not an archive")
    return site


def test_supported_go_from_the_index_cached_for_an_hour(bins: dict[str, Path], gover: Any) -> None:
    with HTTPServer() as srv:
        site = _site(srv, ["go1.27.1", "go1.26.4", "go1.25.9", "go1.28rc1"])
        env = {**os.environ, "GOVER_DL_URL": site.base}
        r = gover("release", "check", "--supported-go", "--json", str(bins["linux-amd64"]), env=env)
        assert srv.hits(site.index_path) == 1
    assert r.code == 1, r.err
    doc = json.loads(r.out)
    assert doc["release_index"]["supported"] == ["go1.27", "go1.26"]
    assert (doc["release_index"]["source"], doc["release_index"]["cached"]) == ("official", None)
    (v,) = doc["binaries"][0]["violations"]
    assert v["check"] == "supported-go" and "go1.25 is no longer supported (supported: go1.27, go1.26)" \
        in v["message"]
    # The server is gone: the cache (younger than an hour) answers.
    again = gover("release", "check", "--supported-go", "--json", str(bins["linux-amd64"]), env=env)
    assert json.loads(again.out)["release_index"]["cached"]["age_seconds"] >= 0 and again.code == 1


def test_supported_go_passes_and_says_a_patch_exists(bins: dict[str, Path], gover: Any) -> None:
    with HTTPServer() as srv:
        site = _site(srv, ["go1.25.9", "go1.24.3"])
        r = gover("release", "check", "--supported-go", str(bins["linux-amd64"]),
                  env={**os.environ, "GOVER_DL_URL": site.base})
    assert r.code == 0, r.out + r.err
    assert "  - a newer patch release of go1.25 exists: go1.25.9" in r.out


def test_supported_go_without_index_or_cache_is_an_error(bins: dict[str, Path], gover: Any) -> None:
    r = gover("release", "check", "--supported-go", str(bins["linux-amd64"]))  # closed port (conftest)
    assert r.code == 1 and r.err.startswith("gover: cannot tell which Go releases are supported: ")


@pytest.fixture
def repro_env(bins: dict[str, Path], shared_go_caches: dict[str, str], gover: Any,
              monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    assert gover("adopt", str(toolchain_root("1.25.5"))).code == 0  # what gover selects for go 1.21
    mod = releasebins.module_dir(bins)
    monkeypatch.chdir(mod)
    return {**os.environ, "PWD": str(mod), "GOMODCACHE": shared_go_caches["GOMODCACHE"]}


def test_repro_plain_package_is_reproducible(repro_env: dict[str, str], gover: Any) -> None:
    r = gover("release", "repro", "--json", env=repro_env)
    assert r.code == 0, r.err
    doc = json.loads(r.out)
    assert doc["reproducible"] is True and doc["go_version"] == "go1.25.5"
    assert doc["go"].startswith(repro_env["GOVER_HOME"])  # gover's selection, not PATH
    a, b = doc["builds"]
    assert a["sha256"] == b["sha256"] and a["dir"] != b["dir"] and not Path(a["dir"]).exists()
    assert doc["flags"] == {"trimpath": True, "cgo": False, "ldflags": None}


def test_repro_names_a_timestamp_in_ldflags(repro_env: dict[str, str], gover: Any) -> None:
    r = gover("release", "repro", "--ldflags", "-X main.date=$(date +%s%N)", env=repro_env)
    assert r.code == 1, r.err
    assert r.out.startswith("NOT reproducible: . built twice with go1.25.5 (linux/amd64, -trimpath, ")
    assert "  first differing section: .rodata at offset 0x" in r.out
    assert "likely cause (ldflags): -ldflags took a different value in each build (-X main.date=" in r.out
    assert "Go build ID: " in r.out
