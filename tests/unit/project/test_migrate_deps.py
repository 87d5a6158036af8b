"""Blocking dependencies: found from their go.mod (module cache first, then the GOPROXY
chain as go routes it), and the newest older version whose go.mod accepts the target."""

from __future__ import annotations

from pathlib import Path

import pytest

from gover.golang.goenv import GoEnv
from gover.project import migrate_deps
from tests.support.fakehttp import FakeClient
from tests.support.goproxy import add_module

DEP = "example.org/Dep"  # an upper-case letter: paths are escaped (!dep) on the proxy and in the cache


@pytest.fixture
def proxy(tmp_path: Path) -> Path:
    root = tmp_path / "proxy"
    for version, go in [("v1.0.0", "1.21"), ("v1.0.5", "1.22.3"), ("v1.1.0", "1.23.0"),
                        ("v1.2.0-rc.1", "1.20")]:
        add_module(root, DEP, version, {"go.mod": f"module {DEP}\n\n// old\ngo {go}\n",
                                        "d.go": "package dep\n"})
    add_module(root, "example.org/old", "v0.1.0", {"go.mod": "module example.org/old\n"})  # no go line
    return root


def env_for(tmp_path: Path, goproxy: str, **extra: str) -> GoEnv:
    env = {"GOENV": "off", "HOME": str(tmp_path), "GOPROXY": goproxy,
           "GOMODCACHE": str(tmp_path / "modcache"), "GOSUMDB": "off", **extra}
    return GoEnv(env, None, standard_defaults=True)


def test_suggests_the_newest_version_accepting_the_target(tmp_path: Path, proxy: Path) -> None:
    f = migrate_deps.Fetcher(env_for(tmp_path, proxy.as_uri()), FakeClient())
    got = migrate_deps.find({"app": [(DEP, "v1.1.0"), ("example.org/old", "v0.1.0")],
                             "tools": [(DEP, "v1.1.0")]}, "1.22.5", f)
    assert [b.to_json() for b in got] == [{
        "module": DEP, "version": "v1.1.0", "go": "1.23.0", "required_by": ["app", "tools"],
        "suggestion": "v1.0.5", "suggestion_go": "1.22.3", "note": None}]
    assert got[0].message("1.22.5") == (f"{DEP}@v1.1.0 requires go >= 1.23.0 (the target is go 1.22.5); "
                                       f"{DEP}@v1.0.5 accepts it (go 1.22.3)")
    # Lower still: v1.0.0; the prerelease v1.2.0-rc.1 is never offered for a release.
    assert migrate_deps.find({".": [(DEP, "v1.1.0")]}, "1.22.0", f)[0].suggestion == "v1.0.0"
    b = migrate_deps.find({".": [(DEP, "v1.1.0")]}, "1.20", f)[0]
    assert (b.suggestion, b.note) == ("", "none of its 2 older versions accepts go 1.20")
    assert migrate_deps.find({".": [(DEP, "v1.0.0")]}, "1.21.0", f) == []  # not blocking


def test_the_module_cache_comes_first(tmp_path: Path, proxy: Path) -> None:
    cached = tmp_path / "modcache" / "cache" / "download" / "example.org" / "!dep" / "@v"
    cached.mkdir(parents=True)
    (cached / "v1.3.0.mod").write_text(f"module {DEP}\n\ngo 1.24.0\n")  # the proxy never had it
    f = migrate_deps.Fetcher(env_for(tmp_path, proxy.as_uri()), FakeClient())
    assert migrate_deps.find({".": [(DEP, "v1.3.0")]}, "1.23.0", f)[0].suggestion == "v1.1.0"


def test_the_chain_is_followed_as_go_follows_it(tmp_path: Path, proxy: Path) -> None:
    http = "https://proxy.example"
    listed = f"{http}/example.org/!dep/@v/list"
    # ',' falls through on 404: the file:// entry answers.
    f = migrate_deps.Fetcher(env_for(tmp_path, f"{http},{proxy.as_uri()}"), FakeClient())
    assert migrate_deps.find({".": [(DEP, "v1.1.0")]}, "1.22.0", f)[0].suggestion == "v1.0.0"
    # ',' stops on any other error; '|' goes on.
    client = FakeClient({listed: 503, f"{http}/example.org/!dep/@v/v1.1.0.mod": 503})
    b = migrate_deps.find({".": [(DEP, "v1.1.0")]}, "1.22.0", migrate_deps.Fetcher(
        env_for(tmp_path, f"{http},{proxy.as_uri()}"), client))
    assert b == []  # its own go.mod could not be fetched: go reports that itself
    (tmp_path / "modcache" / "cache" / "download" / "example.org" / "!dep" / "@v").mkdir(parents=True)
    (tmp_path / "modcache" / "cache" / "download" / "example.org" / "!dep" / "@v" / "v1.1.0.mod").write_text(
        "module x\n\ngo 1.23.0\n")
    b = migrate_deps.find({".": [(DEP, "v1.1.0")]}, "1.22.0", migrate_deps.Fetcher(
        env_for(tmp_path, f"{http},{proxy.as_uri()}"), client))
    assert b[0].suggestion == "" and b[0].note == f"cannot list its versions: {listed}: 503 Error"
    b = migrate_deps.find({".": [(DEP, "v1.1.0")]}, "1.22.0", migrate_deps.Fetcher(
        env_for(tmp_path, f"{http}|{proxy.as_uri()}"), client))
    assert b[0].suggestion == "v1.0.0"
    # Private modules are fetched from their origin, which is not looked up here.
    b = migrate_deps.find({".": [(DEP, "v1.1.0")]}, "1.22.0", migrate_deps.Fetcher(
        env_for(tmp_path, proxy.as_uri(), GOPRIVATE="example.org"), client))
    assert b[0].note == (f"cannot list its versions: {DEP} is fetched from its origin (GOPRIVATE), "
                         "not a proxy: look up its versions there")


def test_go_line_is_read_laxly() -> None:
    assert migrate_deps.go_line(b"module m\n// go 1.99\ngo 1.21 // c\ntoolchain go1.22.0\n") == "1.21"
    assert migrate_deps.go_line(b"module m\n") == ""
    assert migrate_deps.go_line(b"module m\ngo banana\n") == ""
