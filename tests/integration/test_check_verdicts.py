"""``gover check`` verdicts against the real go of each release family.

Every scenario breaks a module on purpose, runs the real go (the oracle) to see it
fail, then asserts gover's finding: its id, severity, and the quoted text, which must be
what that same go printed.  Module content comes from a file:// GOPROXY.  Each
scenario is recorded in tests/support/verdicts.py.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import debian_go119, toolchain_root
from tests.support import verdicts
from tests.support.goproxy import add_module

pytestmark = pytest.mark.integration

RELEASES = ["1.19", "1.21.13", "1.23.9", "1.25.5"]


def goroot(release: str) -> Path:
    return debian_go119() if release == "1.19" else toolchain_root(release)


@pytest.fixture(scope="module")
def proxy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("proxy")
    add_module(root, "example.com/dep", "v1.0.0", {"dep.go": "package dep\n\nconst X = 1\n"})
    add_module(root, "example.com/dep", "v1.1.0", {"dep.go": "package dep\n\nconst X = 2\n"})
    add_module(root, "example.com/unused", "v1.0.0", {"u.go": "package unused\n"})
    return root


@pytest.fixture(scope="module")
def modcache(tmp_path_factory: pytest.TempPathFactory) -> str:
    """This file's own module cache: other tests put different example.com/dep v1.0.0
    content in the session's shared one, and a cache hit would shadow this proxy."""
    return str(tmp_path_factory.mktemp("verdicts-modcache"))


class World:
    def __init__(self, tmp: Path, release: str, proxy: Path, caches: dict[str, str]) -> None:
        self.tmp, self.release = tmp, release
        self.root = goroot(release)
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("GO")}
        self.env.update(GOPROXY=proxy.as_uri(), GOSUMDB="off", GOTOOLCHAIN="local", GOENV="off",
                        GOFLAGS="-modcacherw", GOCACHE=caches["GOCACHE"], GOMODCACHE=caches["GOMODCACHE"],
                        GOPATH=str(tmp / "gopath"), GOVER_HOME=str(tmp / "gover"),
                        PATH=f"{self.root}/bin:{os.environ['PATH']}")

    def go(self, *args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(self.root / "bin" / "go"), *args], cwd=cwd, env={**self.env, **env},
                              capture_output=True, text=True, timeout=120)

    def module(self, name: str, gomod: str, files: dict[str, str] | None = None) -> Path:
        d = self.tmp / name
        d.mkdir(parents=True, exist_ok=True)
        (d / "go.mod").write_text(gomod)
        for rel, text in (files or {}).items():
            (d / rel).parent.mkdir(parents=True, exist_ok=True)
            (d / rel).write_text(text)
        return d

    def check(self, gover: Any, directory: Path, *args: str, **env: str) -> tuple[int, list[dict[str, Any]]]:
        r = gover("check", str(directory), "--format", "json", *args, env={**self.env, **env})
        assert r.code in (0, 1) and "Traceback" not in r.err, r
        return r.code, json.loads(r.out)["findings"]


@pytest.fixture
def world(request: pytest.FixtureRequest, tmp_path: Path, proxy: Path, modcache: str,
          shared_go_caches: dict[str, str]) -> World:
    return World(tmp_path, getattr(request, "param", "1.25.5"), proxy,
                 {**shared_go_caches, "GOMODCACHE": modcache})


def errors(found: list[dict[str, Any]], code: str | None = None) -> list[dict[str, Any]]:
    return [f for f in found if f["severity"] == "error" and (code is None or f["code"] == code)]


USES_DEP = "package m\n\nimport \"example.com/dep\"\n\nconst Y = dep.X\n"
GOMOD = "module example.com/m\n\ngo 1.19\n\nrequire example.com/dep v1.0.0\n"


def tidy_module(w: World, name: str = "m") -> Path:
    d = w.module(name, GOMOD, {"m.go": USES_DEP})
    assert w.go("mod", "tidy", cwd=d, GOFLAGS="-mod=mod -modcacherw").returncode == 0
    return d


def release_of(w: World) -> str:
    return "1.19.8" if w.release == "1.19" else w.release


@pytest.mark.parametrize("world", RELEASES, indirect=True)
def test_untidy_go_mod_is_an_error_and_a_tidy_one_passes(world: World, gover: Any) -> None:
    d = tidy_module(world)
    code, found = world.check(gover, d)
    assert code == 0 and errors(found) == [], found
    verdicts.record("tidy: a tidy module", "check", None, [f["code"] for f in errors(found)], world.release)
    (d / "go.mod").write_text((d / "go.mod").read_text() + "require example.com/unused v1.0.0\n")
    before = (d / "go.mod").read_bytes()
    code, found = world.check(gover, d)
    assert (d / "go.mod").read_bytes() == before  # the check never writes the module
    (f,) = errors(found, "tidy")
    assert code == 1 and f["go"] == release_of(world) and f["file"] == "go.mod"
    assert "go mod tidy would change go.mod" in f["message"] and "example.com/unused" in f["message"]
    oracle = shutil.copytree(d, world.tmp / "oracle")
    if world.release >= "1.23":
        p = world.go("mod", "tidy", "-diff", cwd=d, GOFLAGS="-mod=mod")
        assert p.returncode == 1 and f["quote"] == p.stdout.rstrip("\n")
    assert world.go("mod", "tidy", cwd=oracle, GOFLAGS="-mod=mod").returncode == 0
    assert b"example.com/unused" not in (oracle / "go.mod").read_bytes()  # real tidy drops it
    verdicts.record("tidy: an unused requirement", "check", "tidy", [f["code"] for f in errors(found)],
                    world.release)


@pytest.mark.parametrize("world", ["1.21.13", "1.25.5"], indirect=True)
def test_tidy_that_cannot_fetch_is_a_warning_naming_the_module(world: World, gover: Any) -> None:
    d = world.module("m", GOMOD, {"m.go": USES_DEP})  # no go.sum; dep not in this empty cache
    env = {"GOMODCACHE": str(world.tmp / "emptycache")}
    p = world.go("mod", "tidy", cwd=d, GOPROXY="off", GOFLAGS="-mod=mod", **env)
    assert p.returncode == 1 and "example.com/dep" in p.stderr
    code, found = world.check(gover, d, "--offline", **env)
    tidy = [f for f in found if f["code"] == "tidy"]
    assert [t["severity"] for t in tidy] == ["warning"], found
    assert "could not fetch example.com/dep" in tidy[0]["message"] and tidy[0]["quote"] == p.stderr.strip()
    verdicts.record("tidy: offline, module not cached", "check", "tidy", [t["code"] for t in tidy],
                    world.release)
    code, found = world.check(gover, d, "--no-go", **env)
    assert not [f for f in found if f["code"] == "tidy"]


@pytest.mark.parametrize("world", RELEASES, indirect=True)
def test_missing_h1_for_a_providing_module(world: World, gover: Any) -> None:
    d = tidy_module(world)
    full = (d / "go.sum").read_text()
    (d / "go.sum").write_text("".join(ln + "\n" for ln in full.splitlines() if "/go.mod" in ln))
    p = world.go("build", "./...", cwd=d)
    assert p.returncode == 1
    code, found = world.check(gover, d, "--no-go")
    (f,) = errors(found, "gosum")
    assert (f["file"], f["line"], f["go"]) == ("m.go", 3, release_of(world))
    assert f["quote"] in p.stderr and f["quote"].startswith("m.go:3:8: missing go.sum entry for module "
                                                            "providing package example.com/dep")
    assert set(f["related"]) == {"go.sum", "go.mod"}
    # The fix it names makes the real build succeed.
    cmd = f["hint"].split(" && ", 1)[1].split()
    assert cmd[:3] == ["go", "mod", "download"] and world.go(*cmd[1:], cwd=d).returncode == 0
    assert world.go("build", "./...", cwd=d).returncode == 0
    verdicts.record("gosum: missing h1 of a providing module", "check", "gosum",
                    [x["code"] for x in errors(found)], world.release)


@pytest.mark.parametrize("world", ["1.19", "1.22.10", "1.25.5"], indirect=True)
def test_missing_go_mod_hash_and_an_unused_requirement(world: World, gover: Any) -> None:
    d = tidy_module(world)
    full = (d / "go.sum").read_text()
    (d / "go.sum").write_text("".join(ln + "\n" for ln in full.splitlines() if "/go.mod" not in ln))
    p = world.go("build", "./...", cwd=d)
    assert p.returncode == 1
    code, found = world.check(gover, d, "--no-go")
    (f,) = errors(found, "gosum")
    assert f["quote"] in p.stderr, (f, p.stderr)
    verdicts.record("gosum: missing /go.mod hash", "check", "gosum", [x["code"] for x in errors(found)],
                    world.release)
    # A pruned module (go >= 1.17) needs no sums for a requirement that provides no package.
    (d / "go.sum").write_text(full)
    (d / "go.mod").write_text((d / "go.mod").read_text() + "require example.com/unused v1.0.0\n")
    assert world.go("build", "./...", cwd=d).returncode == 0
    code, found = world.check(gover, d, "--no-go")
    assert errors(found) == [], found
    verdicts.record("gosum: unused requirement without sums (pruned)", "check", None,
                    [x["code"] for x in errors(found)], world.release)


@pytest.mark.parametrize("world", ["1.19", "1.25.5"], indirect=True)
def test_tampered_h1_against_the_module_cache(world: World, gover: Any) -> None:
    d = tidy_module(world)
    lines = (d / "go.sum").read_text().splitlines()
    bad = lines[0].split(" h1:")[0] + " h1:" + "A" * 43 + "="
    (d / "go.sum").write_text("\n".join([bad, *lines[1:]]) + "\n")
    p = world.go("build", "./...", cwd=d)
    assert p.returncode == 1 and "SECURITY ERROR" in p.stderr
    code, found = world.check(gover, d, "--no-go")
    (f,) = errors(found, "gosum")
    assert f["quote"] in p.stderr and (f["file"], f["line"]) == ("go.sum", 1)
    verdicts.record("gosum: tampered h1", "check", "gosum", [x["code"] for x in errors(found)],
                    world.release)
    # The cache is right and go.sum is wrong: modcache verify says so, not --delete-bad.
    r = gover("modcache", "verify", "--against", str(d / "go.sum"), env=world.env)
    assert r.code == 1 and "--delete-bad" not in r.err.replace("--delete-bad would not", "")
    assert "go.sum is what is wrong, not the cache" in r.err
    r = gover("modcache", "verify", "--against", str(d / "go.sum"), "--delete-bad", "--json", env=world.env)
    assert json.loads(r.out)["deleted"] == []  # the good cache is kept
    (d / "go.sum").write_text("\n".join(lines) + "\n")
    assert world.go("build", "./...", cwd=d).returncode == 0  # restoring go.sum is the fix


@pytest.mark.parametrize("world", RELEASES, indirect=True)
def test_go_work_use_missing_and_without_go_mod(world: World, gover: Any) -> None:
    ws = world.tmp / "ws"
    world.module("ws/a", "module example.com/a\n\ngo 1.18\n", {"a.go": "package a\n"})
    (ws / "nomod").mkdir()
    for bad in ("./missing", "./nomod"):
        (ws / "go.work").write_text(f"go 1.18\n\nuse ./a\nuse {bad}\n")
        p = world.go("list", "./...", cwd=ws)
        assert p.returncode == 1
        code, found = world.check(gover, ws, "--no-go")
        (f,) = errors(found, "workspace")
        assert (f["file"], f["line"], f["go"]) == ("go.work", 4, release_of(world))
        assert f["quote"] == p.stderr.strip(), (f, p.stderr)
        verdicts.record(f"workspace: use {bad}", "check", "workspace", [x["code"] for x in errors(found)],
                        world.release)


@pytest.mark.parametrize("world", ["1.19", "1.23.9"], indirect=True)
def test_current_module_outside_the_workspace(world: World, gover: Any) -> None:
    ws = world.tmp / "ws"
    world.module("ws/a", "module example.com/a\n\ngo 1.18\n", {"a.go": "package a\n"})
    c = world.module("ws/c", "module example.com/c\n\ngo 1.18\n", {"c.go": "package c\n"})
    (ws / "go.work").write_text("go 1.18\n\nuse ./a\n")
    p = world.go("build", cwd=c)
    assert p.returncode == 1
    for where, severity in ((c, "error"), (ws, "warning")):
        code, found = world.check(gover, where, "--no-go")
        (f,) = [x for x in found if x["code"] == "workspace"]
        assert f["severity"] == severity and f["quote"] == p.stderr.strip(), (f, p.stderr)
    verdicts.record("workspace: current module not listed", "check", "workspace", ["workspace"],
                    world.release)
    assert world.go("build", cwd=c, GOWORK="off").returncode == 0
    assert world.check(gover, c, "--no-go", GOWORK="off")[1] == []


@pytest.mark.parametrize("world", RELEASES, indirect=True)
def test_a_gowork_go_refuses_is_an_error(world: World, gover: Any) -> None:
    d = world.module("gw", "module example.com/gw\n\ngo 1.18\n", {"gw.go": "package gw\n"})
    (world.tmp / "dir.work").mkdir()
    for gowork in ("rel.work", str(world.tmp / "missing.work"), str(world.tmp / "dir.work")):
        p = world.go("build", "./...", cwd=d, GOWORK=gowork)
        assert p.returncode == 1, p
        code, found = world.check(gover, d, "--no-go", GOWORK=gowork)
        (f,) = errors(found)
        assert code == 1 and f["code"] == "workspace" and f["message"].startswith(f"GOWORK={gowork} ")
        if gowork == "rel.work":  # the one message gover quotes: the others name the OS error
            assert f["quote"] == p.stderr.strip()
        verdicts.record(f"workspace: GOWORK {'relative' if gowork == 'rel.work' else Path(gowork).name}",
                        "check", "workspace", [x["code"] for x in errors(found)], world.release)
    assert world.go("build", "./...", cwd=d, GOWORK="auto").returncode == 0
    assert world.check(gover, d, "--no-go", GOWORK="auto") == (0, [])


@pytest.mark.parametrize("world", RELEASES, indirect=True)
def test_go_mod_go_rejects(world: World, gover: Any) -> None:
    for name, data in (("go 1.2a", b"module example.com/p\n\ngo 1.2a\n"),
                       ("random bytes", bytes([0x8f, 0x12, 0x00, 0x41, 0xff, 0x0a, 0x22, 0x7a, 0x10, 0x0a]))):
        d = world.module("p", "")
        (d / "go.mod").write_bytes(data)
        p = world.go("list", "./...", cwd=d)
        assert p.returncode == 1
        code, found = world.check(gover, d)
        parse = errors(found, "parse")
        assert parse and code == 1, found
        assert parse[0]["quote"] == "\n".join(p.stderr.strip().splitlines()[:2]), (parse, p.stderr)
        verdicts.record(f"parse: {name}", "check", "parse", [x["code"] for x in errors(found)], world.release)


def test_dep_drift_in_a_workspace_is_an_error_and_the_fix_agrees_with_go(world: World, gover: Any) -> None:
    ws = world.tmp / "ws"
    a = world.module("ws/a", "module example.com/a\n\ngo 1.21\n\nrequire example.com/dep v1.0.0\n",
                     {"a.go": "package a\n\nimport _ \"example.com/dep\"\n"})
    b = world.module("ws/b", "module example.com/b\n\ngo 1.21\n\nrequire example.com/dep v1.1.0\n",
                     {"b.go": "package b\n\nimport _ \"example.com/dep\"\n"})
    for d in (a, b):
        assert world.go("mod", "tidy", cwd=d, GOFLAGS="-mod=mod -modcacherw").returncode == 0
    code, found = world.check(gover, ws, "--no-go")
    assert [(f["code"], f["severity"]) for f in found if f["code"] == "dep-drift"] == [("dep-drift", "info")]
    verdicts.record("dep-drift: independent modules", "check", None, [x["code"] for x in errors(found)],
                    world.release)
    (ws / "go.work").write_text("go 1.21\n\nuse (\n\t./a\n\t./b\n)\n")
    p = world.go("list", "-m", "example.com/dep", cwd=a)
    assert p.stdout.strip() == "example.com/dep v1.1.0"  # the workspace builds a with v1.1.0
    code, found = world.check(gover, ws, "--no-go")
    (f,) = errors(found)
    assert (f["code"], f["file"], f["related"]) == ("dep-drift", "a/go.mod", ["b/go.mod"])
    assert f["hint"] == "cd a && go get example.com/dep@v1.1.0"
    assert world.go("get", "example.com/dep@v1.1.0", cwd=a).returncode == 0
    assert errors(world.check(gover, ws, "--no-go")[1]) == []
    verdicts.record("dep-drift: workspace", "check", "dep-drift", [f["code"]], world.release)


def test_tidy_in_a_workspace_never_sends_a_member_to_go_mod_download(world: World, gover: Any) -> None:
    ws = world.tmp / "tws"
    a = world.module("tws/a", "module example.com/a\n\ngo 1.21\n\nrequire example.com/b v0.0.0\n",
                     {"a.go": "package a\n\nimport _ \"example.com/b\"\n"})
    world.module("tws/b", "module example.com/b\n\ngo 1.21\n", {"b.go": "package b\n"})
    (ws / "go.work").write_text("go 1.21\n\nuse ./a\nuse ./b\n")
    assert world.go("build", "./...", cwd=a).returncode == 0  # the workspace builds
    assert world.go("mod", "tidy", cwd=a).returncode == 1  # tidy ignores go.work: b cannot be fetched
    # go mod download of a workspace module fetches nothing, so it cannot be the fix.
    p = world.go("mod", "download", "example.com/b", cwd=a)
    assert "skipping download of example.com/b that resolves to the main module" in p.stderr
    found = world.check(gover, ws)[1]
    (t,) = [f for f in found if f["code"] == "tidy"]
    assert (t["severity"], t["file"]) == ("warning", "a/go.mod") and "go mod download" not in t["hint"]
    verdicts.record("tidy: a workspace member requiring an unpublished member", "check", "tidy",
                    [t["code"], *(f["code"] for f in errors(found))], world.release)
    fix = t["hint"].split("cd a && ", 1)[1]
    assert fix == "go mod edit -replace=example.com/b=../b"
    assert world.go(*fix.split()[1:], cwd=a).returncode == 0
    assert world.go("mod", "tidy", cwd=a, GOWORK="off").returncode == 0
    assert [f for f in world.check(gover, ws)[1] if f["code"] == "tidy"] == []


PSEUDO = "v1.0.1-0.20240101000000-abcdefabcdef"


def test_dep_drift_and_pseudo_fixes_agree_and_following_them_leaves_nothing(
        world: World, gover: Any) -> None:
    proxy = world.tmp / "pproxy"
    for v in ("v1.0.0", PSEUDO, "v1.1.0"):
        add_module(proxy, "example.com/pdep", v, {"p.go": f'package pdep\n\nconst V = "{v}"\n'})
    (proxy / "example.com" / "pdep" / "@v" / "list").write_text("v1.0.0\nv1.1.0\n")  # no pseudo in a list
    world.env["GOPROXY"] = proxy.as_uri()
    ws = world.tmp / "pws"
    use = "package {0}\n\nimport _ \"example.com/pdep\"\n"
    a = world.module("pws/a", "module example.com/a\n\ngo 1.21\n", {"a.go": use.format("a")})
    b = world.module("pws/b", "module example.com/b\n\ngo 1.21\n", {"b.go": use.format("b")})
    for v in ("v1.1.0", PSEUDO):  # a's go.sum keeps v1.1.0's lines: the tag above its pseudo-version
        assert world.go("get", f"example.com/pdep@{v}", cwd=a).returncode == 0
    assert world.go("get", "example.com/pdep@v1.0.0", cwd=b).returncode == 0
    (ws / "go.work").write_text("go 1.21\n\nuse ./a\nuse ./b\n")
    assert world.go("list", "-m", "example.com/pdep", cwd=b).stdout.split()[1] == PSEUDO  # b builds with it

    def hints() -> dict[tuple[str, str], str]:
        found = world.check(gover, ws, "--no-go")[1]
        errs[:] = [f["code"] for f in errors(found)]
        return {(f["code"], f["file"]): f["hint"] for f in found
                if f["code"] in ("dep-drift", "pseudo") and f["severity"] != "info"}

    errs: list[str] = []

    # b is behind a's pseudo-version, a has a tag above it: both are sent to that tag.
    assert hints() == {("dep-drift", "b/go.mod"): "cd b && go get example.com/pdep@v1.1.0",
                       ("pseudo", "a/go.mod"): "cd a && go get example.com/pdep@v1.1.0"}
    verdicts.record("dep-drift: behind a member's pseudo-version", "check", "dep-drift", errs, world.release)
    # b moves first: now a's pseudo-version is the one behind, and one finding says so.
    assert world.go("get", "example.com/pdep@v1.1.0", cwd=b).returncode == 0
    assert world.go("list", "-m", "example.com/pdep", cwd=a).stdout.split()[1] == "v1.1.0"
    assert hints() == {("dep-drift", "a/go.mod"): "cd a && go get example.com/pdep@v1.1.0"}
    verdicts.record("dep-drift: a pseudo-version behind a member's tag", "check", "dep-drift", errs,
                    world.release)
    assert world.go("get", "example.com/pdep@v1.1.0", cwd=a).returncode == 0
    assert hints() == {}
    assert world.go("build", "./...", cwd=a).returncode == 0
