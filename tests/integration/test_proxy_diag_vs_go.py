"""gover proxy route/check against the real go: the same entries are contacted, same verdict.

Three loopback proxies stand in the GOPROXY chain; each answers with a chosen status
or serves a real module.  `go mod download -x` is run for each case; the proxies'
request logs show which entries go actually contacted.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from gover.golang.goenv import GoEnv
from gover.net import Client
from gover.proxydiag.check import check_chain
from gover.proxydiag.route import route
from tests.conftest import toolchain_root
from tests.support.goproxy import add_module
from tests.support.httpserver import HTTPServer, Route

pytestmark = pytest.mark.integration
MOD = "example.com/m"


class Proxy:
    def __init__(self, srv: HTTPServer, tree: Path) -> None:
        self.srv, self.tree, self.status = srv, tree, 404

    def install(self) -> None:
        def answer(path: str) -> Route | None:
            if self.status == 200:
                f = self.tree / path.lstrip("/")
                return Route(f) if f.is_file() else None
            return Route(b"injected\n", statuses=[self.status])

        self.srv.fallback = answer

    def contacted(self) -> bool:
        return any(MOD in q.path for q in self.srv.requests)

    def asked_sumdb(self) -> bool:
        return any("/sumdb/" in q.path for q in self.srv.requests)


@pytest.fixture
def proxies(tmp_path: Path):
    tree = tmp_path / "tree"
    add_module(tree, MOD, "v1.0.0", {"m.go": "package m\n"})
    with HTTPServer() as a, HTTPServer() as b, HTTPServer() as c:
        ps = [Proxy(s, tree) for s in (a, b, c)]
        for p in ps:
            p.install()
        yield ps


def run_go(env: dict[str, str], tmp: Path) -> subprocess.CompletedProcess[str]:
    go = toolchain_root("1.22.10") / "bin" / "go"
    return subprocess.run([str(go), "mod", "download", "-x", f"{MOD}@v1.0.0"], cwd=tmp, env=env,
                          capture_output=True, text=True, timeout=120)


CASES = [
    # (GOPROXY template, statuses of A, B, C, extra env, go succeeds, contacted A, B, C)
    ("{A},{B}", (404, 200, 404), {}, True, (True, True, False)),
    ("{A},{B}", (410, 200, 404), {}, True, (True, True, False)),
    ("{A},{B}", (500, 200, 404), {}, False, (True, False, False)),
    ("{A}|{B}", (500, 200, 404), {}, True, (True, True, False)),
    ("{A},{B}|{C}", (404, 502, 200), {}, True, (True, True, True)),
    ("{A},off", (404, 200, 200), {}, False, (True, False, False)),
    ("{A},{B}", (200, 200, 200), {"GOPRIVATE": "example.com"}, False, (False, False, False)),
    ("{A},{B}", (404, 404, 200), {"GONOPROXY": "example.com/other"}, False, (True, True, False)),
]


@pytest.mark.parametrize("template,statuses,extra,go_ok,contacted", CASES)
def test_check_agrees_with_go(proxies, tmp_path, go_env, template, statuses, extra, go_ok,
                              contacted) -> None:
    urls = {k: p.srv.url for k, p in zip("ABC", proxies, strict=True)}
    for p, s in zip(proxies, statuses, strict=True):
        p.status = s
    goproxy = template.format(**urls)
    env = {**go_env, "GOPROXY": goproxy, "GOSUMDB": "off", "GOMODCACHE": str(tmp_path / "mc"),
           "GOFLAGS": "-mod=mod", **extra}
    proc = run_go(env, tmp_path)
    assert (proc.returncode == 0) == go_ok, proc.stderr
    assert tuple(p.contacted() for p in proxies) == contacted, proc.stderr
    for p in proxies:
        p.srv.requests.clear()

    ge = GoEnv(env, toolchain_root("1.22.10"))
    result = check_chain(MOD, ge, Client(env, retries=0, timeout=5, backoff=0))
    assert result.ok == go_ok, result.reason
    assert tuple(p.contacted() for p in proxies) == contacted, result.to_json()


@pytest.mark.parametrize("extra,uses_db", [
    ({}, True), ({"GONOSUMDB": "example.com"}, False), ({"GOPRIVATE": "example.com"}, False),
    ({"GOSUMDB": "off"}, False),
])
def test_checksum_db_flag_agrees_with_go(proxies, tmp_path, go_env, extra, uses_db) -> None:
    # When go consults the checksum database it first asks the proxy for /sumdb/<db>/supported.
    proxies[0].status = 200
    env = {**go_env, "GOPROXY": proxies[0].srv.url, "GOSUMDB": "sum.golang.org",
           "GOMODCACHE": str(tmp_path / "mc"), "GOFLAGS": "-mod=mod", "GONOSUMDB": "", **extra}
    env = {k: v for k, v in env.items() if v != ""}
    run_go(env, tmp_path)
    assert proxies[0].asked_sumdb() == uses_db
    assert route(MOD, GoEnv(env, toolchain_root("1.22.10"))).checksum_db == uses_db


def test_cli_route_json_and_check_exit_codes(proxies, gover, monkeypatch) -> None:
    proxies[0].status, proxies[1].status = 500, 200
    monkeypatch.setenv("GOPROXY", f"{proxies[0].srv.url},{proxies[1].srv.url}")
    root = str(toolchain_root("1.22.10"))
    data = json.loads(gover("proxy", "route", MOD, "--json", "--goroot", root).out)
    assert data["mode"] == "proxy" and data["proxies"][0]["fallback"] == "not-found"
    assert data["checksum_db"] is True and data["matched_by"]["variable"] == "GOPROXY"
    r = gover("proxy", "check", "--module", MOD, "--goroot", root)
    assert r.code == 1
    assert "HTTP 500 from entry 1" in r.out and "',' falls through only on 404/410" in r.out
    monkeypatch.setenv("GOPROXY", f"{proxies[0].srv.url}|{proxies[1].srv.url}")
    ok = json.loads(gover("proxy", "check", "--module", MOD, "--json", "--goroot", root).out)
    assert ok["ok"] and ok["served_by"] == 2 and ok["versions"] == ["v1.0.0"]


def test_tls_problem_is_named(tmp_path, gover, monkeypatch) -> None:
    cert, key = tmp_path / "c.pem", tmp_path / "k.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    with HTTPServer(certfile=str(cert), keyfile=str(key)) as srv:
        monkeypatch.setenv("GOPROXY", srv.url)
        r = gover("proxy", "check", "--module", MOD, "--json",
                  "--goroot", str(toolchain_root("1.22.10")))
    data = json.loads(r.out)
    assert r.code == 1 and "TLS certificate problem" in data["probes"][0]["error"]
    assert "self-signed" in data["probes"][0]["error"] or "self signed" in data["probes"][0]["error"]


def test_redirects_and_latency_are_reported(proxies, gover, monkeypatch) -> None:
    proxies[1].status = 200
    target = proxies[1].srv.url + f"/{MOD}/@v/list"
    proxies[0].srv.routes[f"/{MOD}/@v/list"] = Route(b"", status=302, headers={"Location": target})
    monkeypatch.setenv("GOPROXY", proxies[0].srv.url)
    data = json.loads(gover("proxy", "check", "--module", MOD, "--json",
                            "--goroot", str(toolchain_root("1.22.10"))).out)
    probe = data["probes"][0]
    assert data["ok"] and probe["redirects"] == [target]
    assert probe["latency_ms"] is not None and probe["latency_ms"] >= 0
