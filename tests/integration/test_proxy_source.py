"""The GOPROXY source: golang.org/toolchain modules verified against a checksum database.

The loopback proxy serves a zip built from the real go1.22.10; the loopback checksum
database (tests/support/sumdb.py) signs its log with a test key.  A real ``go`` with
GOTOOLCHAIN=go1.22.10 downloads, verifies and runs that toolchain through them — the
proof that the test database behaves like sum.golang.org — and refuses it when the
database lies.  gover must accept and refuse exactly the same things.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
from pathlib import Path

import pytest

from tests.conftest import toolchain_root
from tests.support.httpserver import Route
from tests.support.sourceworld import World, fake_toolchain, tc22, world
from tests.support.sumdb import Key, random_h1

pytestmark = pytest.mark.integration
__all__ = ["tc22", "world"]  # fixtures
MODVER = "v0.0.1-go1.22.10.linux-amd64"


def real_go_env(world: World, tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GO")}
    env.update(HOME=str(tmp / "gohome"), GOTOOLCHAIN="go1.22.10", GOPROXY=world.proxy.url,
               GOSUMDB=world.gosumdb, GOMODCACHE=str(tmp / "modcache"), GOFLAGS="-modcacherw",
               GOCACHE=str(tmp / "gocache"))
    return env


def run_real_go(world: World, tmp: Path) -> subprocess.CompletedProcess[str]:
    gobin = toolchain_root("1.23.9") / "bin" / "go"  # a go that switches to go1.22.10
    return subprocess.run([str(gobin), "version"], env=real_go_env(world, tmp), capture_output=True,
                          text=True, timeout=300)


def modes(root: Path) -> dict[str, bool]:
    """Every file under root → whether it is executable."""
    out = {}
    for dirpath, _dirs, files in os.walk(root):
        for f in files:
            p = os.path.join(dirpath, f)
            out[os.path.relpath(p, root)] = bool(os.stat(p).st_mode & stat.S_IXUSR)
    return out


def test_real_go_and_gover_install_the_same_toolchain(world, gover, go_env, tmp_path) -> None:
    p = run_real_go(world, tmp_path)
    assert p.returncode == 0, p.stderr
    assert p.stdout.startswith("go version go1.22.10 linux/amd64")
    assert "go: downloading go1.22.10 (linux/amd64)" in p.stderr
    assert f"lookup/golang.org/toolchain@{MODVER}" in world.db.requests
    assert any(r.startswith("tile/8/") for r in world.db.requests)

    r = gover("install", "--source", "proxy", "1.22.10")
    assert r.code == 0, r
    assert "Installed go1.22.10 from proxy" in r.err
    goroot = world.home / "versions" / "go1.22.10"
    # Extracted as go extracts it: same files (go.mod restored from _go.mod), same exec bits.
    go_dir = tmp_path / "modcache" / f"golang.org/toolchain@{MODVER}"
    assert modes(goroot) == modes(go_dir)
    assert (goroot / "src" / "go.mod").read_bytes() == (goroot / "src" / "_go.mod").read_bytes()
    # The standard library loads as a module: src/go.mod is in place.
    p = subprocess.run([str(goroot / "bin" / "go"), "list", "std"], env=go_env, capture_output=True,
                       text=True, timeout=300)
    assert p.returncode == 0 and "net/http\n" in p.stdout, p.stderr

    entry = json.loads(gover("list", "--json").out)["versions"][0]
    assert entry["source"] == "proxy" and entry["verified"] == "sumdb"
    assert entry["origin_url"] == world.proxy.url + f"/golang.org/toolchain/@v/{MODVER}.zip"
    db = world.meta("go1.22.10")["verification"]["checksum_db"]
    assert db == {"name": "sum.gover.test", "key": f"sum.gover.test+{world.db.key.hash:08x}",
                  "module": f"golang.org/toolchain@{MODVER}", "h1": world.db.records[300].split()[2]
                  .decode(), "record": 300, "tree_size": 701}
    # The newest signed tree is remembered, for fork detection on the next lookup.
    assert (world.home / "sumdb" / "sum.gover.test" / "latest").read_bytes().startswith(
        b"go.sum database tree\n701\n")


def test_real_go_and_gover_refuse_a_database_that_vouches_for_other_bytes(world, gover, tmp_path,
                                                                         tc22) -> None:
    forged = random_h1()
    world.db.rewrite(300, f"golang.org/toolchain {MODVER} {forged}\n"
                          f"golang.org/toolchain {MODVER}/go.mod {random_h1()}\n".encode())
    p = run_real_go(world, tmp_path)
    assert p.returncode != 0
    assert "checksum mismatch" in p.stderr and f"sum.gover.test: {forged}" in p.stderr

    r = gover("install", "1.22.10")
    assert r.code == 1
    assert f"checksum mismatch for golang.org/toolchain@{MODVER}: the zip has {tc22.h1}, " \
           f"checksum database sum.gover.test says {forged}" in r.err
    assert world.leftovers() == []


@pytest.mark.parametrize("lie,message", [
    ("record", "cannot authenticate record data"),
    ("key", r"the tree note is signed by sum.gover.test\+[0-9a-f]{8}, not by the key in GOSUMDB"),
    ("note", "bad signed tree note: malformed note"),
    ("tile", "cannot prove its answer: tile/8/0/001 was not found"),
])
def test_lying_databases_are_refused_before_downloading(world, gover, lie, message) -> None:
    db = world.db
    if lie == "record":
        db.served_text[f"golang.org/toolchain@{MODVER}"] = (
            f"golang.org/toolchain {MODVER} {random_h1()}\n"
            f"golang.org/toolchain {MODVER}/go.mod {random_h1()}\n").encode()
    elif lie == "key":
        db.signer = Key.generate(db.key.name)
    elif lie == "note":
        db.note_filter = lambda note: note.replace(b"\n\n", b"\n")
    else:
        db.missing_tiles.add("tile/8/0/001")
    world.site.server.routes[world.site.index_path] = Route(b"[]", content_type="application/json")
    r = gover("install", "1.22.10", env={**os.environ, "GOVER_SOURCES": "proxy,official"})
    assert r.code == 1, r
    import re

    assert re.search(message, r.err), r.err
    assert f"golang.org/toolchain@{MODVER}" in r.err
    assert world.server.hits(world.zip_path(MODVER)) == 0
    assert world.site.server.hits(world.site.index_path) == 0  # never falls back after that
    assert world.leftovers() == []


def test_html_from_the_proxy_is_refused_and_the_next_source_tried(world, gover, monkeypatch) -> None:
    world.server.routes[world.zip_path(MODVER)] = Route(b"<html><body>Sign in to the Wi-Fi</body></html>",
                                                       content_type="application/zip")
    r = gover("install", "1.22.10")
    assert r.code == 1
    assert f"{world.proxy.url}/golang.org/toolchain/@v/{MODVER}.zip returned an HTML page, not a module zip" \
        in r.err
    assert world.leftovers() == [] and not list((world.home / "downloads").glob("*.zip"))

    # A proxy answering HTML cannot be reached, as far as sources go: the next one is asked.
    monkeypatch.setenv("GOVER_SOURCES", "proxy,official")
    world.site.publish()  # an index without go1.22.10
    r = gover("install", "1.22.10")
    assert r.code == 1
    assert "returned an HTML page" in r.err and "trying the next source" in r.err
    assert "official: no go1.22.10" in r.err
    assert world.site.server.hits(world.site.index_path) == 1


@pytest.mark.parametrize("gosumdb,message", [
    ("bogus", "gover: invalid GOSUMDB 'bogus': malformed verifier id"),
    ("sum.golang.org a b", "gover: invalid GOSUMDB 'sum.golang.org a b': too many fields"),
    ("off", "gover: golang.org/toolchain@v0.0.1-go1.22.10.linux-amd64: verifying module: "
            "checksum database disabled by GOSUMDB=off"),
])
def test_gosumdb_problems_are_refused(world, gover, gosumdb, message) -> None:
    r = gover("install", "1.22.10", env={**os.environ, "GOSUMDB": gosumdb})
    assert r.code == 1 and message in r.err, r
    assert world.server.hits(world.zip_path(MODVER)) == 0 and world.leftovers() == []


def test_real_go_agrees_that_gosumdb_off_does_not_skip_toolchains(world, tmp_path) -> None:
    env = real_go_env(world, tmp_path)
    env["GOSUMDB"] = "off"
    gobin = toolchain_root("1.23.9") / "bin" / "go"
    p = subprocess.run([str(gobin), "version"], env=env, capture_output=True, text=True, timeout=300)
    assert p.returncode != 0
    assert f"golang.org/toolchain@{MODVER}: verifying module: checksum database disabled by GOSUMDB=off" \
        in p.stderr


def test_goproxy_list_semantics(world, gover) -> None:
    good = world.proxy.url
    missing = world.server.url + "/missing"

    def remote(goproxy: str) -> object:
        return gover("list-remote", "--source", "proxy", "--json", env={**os.environ, "GOPROXY": goproxy})

    r = remote(f"{missing},{good}")  # 404 falls through a ","
    assert r.code == 0 and json.loads(r.out)["versions"][0]["version"] == "go1.22.10", r
    r = remote(f"http://127.0.0.1:9|{good}")  # any error falls through a "|"
    assert r.code == 0, r
    r = remote(f"http://127.0.0.1:9,{good}")  # but not through a ","
    assert r.code == 1 and "127.0.0.1:9" in r.err and "connection refused" in r.err
    r = remote("off")
    assert r.code == 1 and "module lookup disabled by GOPROXY=off" in r.err
    r = remote(f"{missing},off,{good}")
    assert r.code == 0 and json.loads(r.out)["versions"] == []
    r = remote("ftp://x")
    assert r.code == 1 and "invalid proxy URL scheme" in r.err


def test_direct_means_the_download_sites_module_endpoint(world, gover, monkeypatch) -> None:
    # golang.org/toolchain's go-import says "mod https://go.dev/dl/mod": direct goes there.
    world.proxy.prefix = "/dl/mod"
    world.proxy.list(MODVER)
    monkeypatch.setenv("GOPROXY", "direct")
    r = gover("list-remote", "--source", "proxy")
    assert r.code == 0 and r.out.split() == ["go1.22.10"], r
    assert world.server.hits("/dl/mod/golang.org/toolchain/@v/list") == 1
    monkeypatch.setenv("GOPROXY", "https://proxy.invalid")
    monkeypatch.setenv("GONOPROXY", "golang.org")  # private: straight to the origin
    r = gover("list-remote", "--source", "proxy")
    assert r.code == 0 and r.out.split() == ["go1.22.10"], r


def test_database_proxied_by_goproxy_and_zip_after_a_404(world, gover, monkeypatch) -> None:
    world.db.mount_on_proxy(world.server, "/proxy")
    monkeypatch.setenv("GOSUMDB", world.db.key.vkey)  # no URL: ask the proxies first
    monkeypatch.setenv("GOPROXY", f"{world.server.url}/empty,{world.proxy.url}")
    world.server.routes["/empty/golang.org/toolchain/@v/list"] = Route(
        f"{MODVER}\n".encode(), content_type="text/plain")  # lists it, but 404s the zip
    r = gover("install", "1.22")
    assert r.code == 0, r
    assert world.server.hits("/proxy/sumdb/sum.gover.test/supported") == 1
    assert world.server.hits(f"/proxy/sumdb/sum.gover.test/lookup/golang.org/toolchain@{MODVER}") == 1
    assert world.server.hits(f"/empty/golang.org/toolchain/@v/{MODVER}.zip") == 1
    assert world.server.hits(world.zip_path(MODVER)) == 1


def test_a_damaged_cached_zip_is_fetched_again(world, gover, tmp_path) -> None:
    fake = fake_toolchain(tmp_path)
    world.proxy.add(fake, world.db)
    cached = world.home / "downloads" / f"golang.org-toolchain-{fake.modver}.zip"
    cached.parent.mkdir(parents=True)
    (tmp_path / "o").mkdir()
    other = fake_toolchain(tmp_path / "o", files={"VERSION": b"go1.99.1 but not the real one\n"})
    cached.write_bytes(other.zip.read_bytes())
    r = gover("install", "1.99.1")
    # The cache was checked against the database, dropped, fetched again, and then the
    # (fake) toolchain itself fails to run: nothing is installed either way.
    assert "was damaged; downloading it again" in r.err, r
    assert world.server.hits(world.zip_path(fake.modver)) == 1
    assert r.code == 1 and "bin/go" in r.err
    assert world.leftovers() == []
