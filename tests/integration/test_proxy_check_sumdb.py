"""gover proxy check's checksum-database probe, against a test database the real go accepts."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from gover.gomod.dirhash import hash_gomod, hash_zip
from tests.conftest import toolchain_root
from tests.support.goproxy import add_module
from tests.support.httpserver import HTTPServer, Route
from tests.support.sumdb import ChecksumDB, Key

pytestmark = pytest.mark.integration
MOD, VER = "example.com/signed", "v1.2.0"


@pytest.fixture
def world(tmp_path: Path):
    tree = tmp_path / "tree"
    gomod = f"module {MOD}\n\ngo 1.21\n"
    z = add_module(tree, MOD, VER, {"go.mod": gomod, "s.go": "package signed\n"})
    db = ChecksumDB.create()
    db.add(MOD, VER, hash_zip(z), hash_gomod(gomod.encode()))
    with HTTPServer() as srv:
        srv.serve_dir("/proxy/", tree)
        db.mount_on_proxy(srv, "/proxy")
        yield srv, db, z


def run_check(gover, env: dict[str, str], *extra: str):  # type: ignore[no-untyped-def]
    r = gover("proxy", "check", "--module", MOD, "--json", "--goroot",
              str(toolchain_root("1.22.10")), *extra, env=env)
    return r.code, json.loads(r.out)


def base_env(srv: HTTPServer, db: ChecksumDB, tmp_path: Path) -> dict[str, str]:
    import os

    return {**os.environ, "GOPROXY": srv.url + "/proxy", "GOSUMDB": db.key.vkey,
            "GOMODCACHE": str(tmp_path / "mc"), "GOFLAGS": "-mod=mod"}


def real_go_download(env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(toolchain_root("1.22.10") / "bin" / "go"), "mod", "download",
                           f"{MOD}@{VER}"], cwd=tmp_path, env=env, capture_output=True, text=True)


def test_database_through_the_proxy_verifies(world, gover, tmp_path) -> None:
    srv, db, z = world
    env = base_env(srv, db, tmp_path)
    assert real_go_download(env, tmp_path).returncode == 0  # go accepts this database
    code, data = run_check(gover, env)
    s = data["sumdb"]
    assert code == 0 and s["ok"] and s["base"] == srv.url + f"/proxy/sumdb/{db.key.name}"
    assert s["supported"][0]["outcome"] == "serves"
    assert f"{MOD} {VER} {hash_zip(z)}" in s["records"]


def test_database_named_with_a_url_is_contacted_directly(world, gover, tmp_path) -> None:
    srv, db, _ = world
    direct = db.mount(srv, "/direct-db")
    env = {**base_env(srv, db, tmp_path), "GOSUMDB": f"{db.key.vkey} {direct}"}
    code, data = run_check(gover, env)
    assert code == 0 and data["sumdb"]["base"] == direct and data["sumdb"]["supported"] == []


def test_a_note_signed_by_another_key_fails(world, gover, tmp_path) -> None:
    srv, db, _ = world
    db.signer = Key.generate(db.key.name)
    env = base_env(srv, db, tmp_path)
    assert real_go_download(env, tmp_path).returncode != 0
    code, data = run_check(gover, env)
    assert code == 1 and "not by the key in GOSUMDB" in data["sumdb"]["error"]


def test_supported_500_after_comma_makes_the_database_unavailable(world, gover, tmp_path) -> None:
    srv, db, _ = world
    srv.routes[f"/proxy/sumdb/{db.key.name}/supported"] = Route(b"", statuses=[500] * 5)
    code, data = run_check(gover, base_env(srv, db, tmp_path))
    assert code == 1 and "unavailable" in data["sumdb"]["error"]


def test_private_module_is_not_looked_up(world, gover, tmp_path) -> None:
    srv, db, _ = world
    env = {**base_env(srv, db, tmp_path), "GONOSUMDB": "example.com"}
    code, data = run_check(gover, env)
    assert code == 0 and "GONOSUMDB/GOPRIVATE" in data["sumdb"]["skipped"]
    assert not any("/lookup/" in q.path for q in srv.requests)


def test_text_output(world, gover, tmp_path) -> None:
    srv, db, _ = world
    r = gover("proxy", "check", "--module", MOD, "--goroot", str(toolchain_root("1.22.10")),
              env=base_env(srv, db, tmp_path))
    assert r.code == 0
    assert f"OK: {srv.url}/proxy/sumdb/{db.key.name}/lookup/{MOD}@{VER} is signed by" in r.out
