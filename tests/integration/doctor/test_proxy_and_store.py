"""GOPROXY/GOSUMDB/GOPRIVATE settings, several go on PATH, and gover's own store."""

from __future__ import annotations

import pytest

from gover.paths import Paths
from gover.toolchain.store import Meta, Store
from tests.conftest import toolchain_root
from tests.support.doctor import Scenario, by_id, ids
from tests.support.goproxy import add_module
from tests.support.httpserver import HTTPServer, Route

pytestmark = pytest.mark.integration


def test_goproxy_invalid_and_off(scenario: Scenario) -> None:
    r = scenario.go("install", "example.com/tool@latest", env={"GOPROXY": "ftp://x.example"})
    assert "invalid proxy URL scheme (must be https, http, file): ftp://x.example" in r.stderr
    code, findings = scenario.doctor(env={"GOPROXY": "ftp://x.example"})
    assert code == 1 and "must be https, http, file" in by_id(findings, "goproxy-invalid")["explanation"]
    r = scenario.go("install", "example.com/tool@latest", env={"GOPROXY": "off"})
    assert "module lookup disabled by GOPROXY=off" in r.stderr
    code, findings = scenario.doctor(env={"GOPROXY": "off"})
    assert "module lookup disabled by GOPROXY=off" in by_id(findings, "goproxy-off")["explanation"]


def test_gosumdb_off(scenario: Scenario) -> None:
    with HTTPServer() as srv:  # any zip will do: go verifies it before using it
        srv.fallback = lambda path: Route(b"PK\x05\x06" + b"\0" * 18) if path.endswith(".zip") else None
        r = scenario.go("version", env={"GOSUMDB": "off", "GOTOOLCHAIN": "go1.99.1",
                                        "GOPROXY": srv.url})
    assert "verifying module: checksum database disabled by GOSUMDB=off" in r.stderr
    code, findings = scenario.doctor(env={"GOSUMDB": "off"})
    assert "checksum database disabled by GOSUMDB=off" in by_id(findings, "gosumdb-off")["explanation"]


@pytest.mark.parametrize("pattern,why", [
    ("https://git.corp.example", "not URLs"),
    ("Git.Corp.Example", "case-sensitive"),
    ("*.git.corp.example", "needs a subdomain"),
])
def test_private_pattern_that_misses_its_module(scenario: Scenario, tmp_path, pattern, why) -> None:
    private = "git.corp.example/team/lib"
    tree = tmp_path / "proxy"
    add_module(tree, private, "v1.0.0", {"lib.go": "package lib\n"})
    (scenario.module / "go.mod").write_text(f"module example.com/m\n\ngo 1.21\n\nrequire {private} v1.0.0\n")
    with HTTPServer() as srv:
        srv.serve_dir("/", tree)
        env = {"GOPRIVATE": pattern, "GOPROXY": srv.url, "GOFLAGS": "-mod=mod",
               "GOMODCACHE": str(tmp_path / "mc"), "GOSUMDB": "sum.golang.org"}
        scenario.go("mod", "download", private, env=env)
        # The "private" module went to the proxy: the pattern did not keep it private.
        assert any(private in q.path for q in srv.requests)
    code, findings = scenario.doctor(env=env)
    f = by_id(findings, "private-pattern-mismatch")
    assert why in f["explanation"] and private in f["title"]
    fixed = {**env, "GOPRIVATE": "git.corp.example"}
    assert "private-pattern-mismatch" not in ids(scenario.doctor(env=fixed)[1])


def test_several_go_commands_on_path(scenario: Scenario) -> None:
    other = toolchain_root("1.21.13")
    env = {"PATH": f"{scenario.goroot}/bin:{other}/bin:/usr/bin:/bin"}
    code, findings = scenario.doctor(env=env)
    f = by_id(findings, "go-several-on-path")
    assert f["evidence"] == [f"{scenario.goroot}/bin/go (go1.22.10)", f"{other}/bin/go (go1.21.13)"]


def test_broken_install_and_third_party(scenario: Scenario) -> None:
    store = Store(Paths(scenario.tmp / "gover"))
    for name, provenance in [("go1.21.13", ""), ("go1.23.9", "third-party repackaging (test)")]:
        d = store.tmp_dir_for(name)
        (d / "bin").mkdir()
        if name == "go1.23.9":
            (d / "bin" / "go").write_text("")
            (d / "VERSION").write_text("go1.23.9\n")
        store.commit(name, d, Meta(name, "pypi", provenance=provenance))
    code, findings = scenario.doctor()
    broken = by_id(findings, "gover-broken-install")
    assert code == 1 and broken["fix"] == "gover uninstall 1.21.13 && gover install 1.21.13"
    assert "go1.23.9" in by_id(findings, "gover-third-party")["evidence"][0]


def test_online_probes_the_chain_like_gover_proxy_check(scenario: Scenario, tmp_path) -> None:
    (scenario.module / "go.mod").write_text(
        "module example.com/m\n\ngo 1.21\n\nrequire example.com/dep v1.0.0\n")
    with HTTPServer() as bad, HTTPServer() as good:
        tree = tmp_path / "proxy"
        add_module(tree, "example.com/dep", "v1.0.0", {"dep.go": "package dep\n"})
        good.serve_dir("/", tree)
        bad.fallback = lambda path: Route(b"", statuses=[500])
        env = {"GOPROXY": f"{bad.url},{good.url}", "GOSUMDB": "off", "GOFLAGS": "-mod=mod",
               "GOMODCACHE": str(tmp_path / "mc")}
        r = scenario.go("mod", "download", "example.com/dep", env=env)
        assert "500" in r.stderr and r.returncode != 0  # go stops at entry 1
        assert "proxy-chain-broken" not in ids(scenario.doctor(env=env)[1])  # offline by default
        code, findings = scenario.doctor("--online", env=env)
        f = by_id(findings, "proxy-chain-broken")
        assert code == 1 and "',' falls through only on 404/410" in f["explanation"]
        env["GOPROXY"] = f"{bad.url}|{good.url}"
        assert scenario.go("mod", "download", "example.com/dep", env=env).returncode == 0
        assert "proxy-chain-broken" not in ids(scenario.doctor("--online", env=env)[1])


def test_gonosumdb_replaces_the_goprivate_default(scenario: Scenario) -> None:
    env = {"GOPRIVATE": "*.corp.example", "GONOSUMDB": "example.org"}
    # go itself: GONOSUMDB no longer includes GOPRIVATE's pattern once it is set
    assert scenario.go("env", "GONOSUMDB", env=env).stdout.strip() == "example.org"
    assert scenario.go("env", "GONOSUMDB", env={"GOPRIVATE": "*.corp.example"}).stdout.strip() \
        == "*.corp.example"
    code, findings = scenario.doctor(env=env)
    f = by_id(findings, "gonosumdb-overrides-goprivate")
    assert f["severity"] == "warning" and "*.corp.example" in f["fix"]
    assert "gonosumdb-overrides-goprivate" not in ids(
        scenario.doctor(env={**env, "GONOSUMDB": "example.org,*.corp.example"})[1])
