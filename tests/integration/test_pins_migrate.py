"""``gover pins``, the ``pins`` check and ``gover migrate`` on a repository with every kind of
pin, with real toolchains (go1.21.13, go1.22.10, go1.23.9) and a file:// GOPROXY serving a
dependency whose newest version needs Go 1.23.

The fixture is built once per module (its go.sum by the real go); each test works on
its own copy.  Go is the oracle: `go mod edit -json`/`go work edit -json` for the module
files' lines, `go list -m` and `go test` for the downgraded dependency, and the failing
loop-variable test's own output lines.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import toolchain_root
from tests.support.goproxy import add_module

pytestmark = pytest.mark.integration

LOOP_TEST = """package main

import "testing"

// With per-iteration loop variables (a go line >= 1.22) each closure sees its own i.
func TestLoopVar(t *testing.T) {
	var fs []func() int
	for i := 0; i < 3; i++ {
		fs = append(fs, func() int { return i })
	}
	if got := fs[0](); got != 0 {
		t.Errorf("first closure saw i=%d, want 0: per-iteration loop variables need go >= 1.22", got)
	}
}
"""

PIN_FILES = {
    ".go-version": "1.23.9\n",
    ".tool-versions": "nodejs 20.11.1\ngolang 1.23.9\n",
    "mise.toml": '[tools]\ngo = "1.23"  # the series; mise picks the newest patch\n',
    "Dockerfile": "# syntax=docker/dockerfile:1\nARG GO_VERSION=1.23.9\n"
                  "FROM --platform=$BUILDPLATFORM golang:${GO_VERSION}-alpine AS build\nWORKDIR /src\n"
                  "COPY . .\nRUN go build -o /out/app ./app\n\nFROM gcr.io/distroless/static-debian12\n"
                  "COPY --from=build /out/app /app\n",
    "deploy/Dockerfile": "FROM golang:1.23-bookworm AS builder\nRUN go version\n",
    ".github/workflows/ci.yml":
        "name: ci\non: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-latest\n"
        "    strategy:\n      matrix:\n        go: ['1.23', '1.24']\n    steps:\n"
        "      - uses: actions/checkout@v4\n      - uses: actions/setup-go@v5\n        with:\n"
        "          go-version: ${{ matrix.go }}\n      - run: go test ./...\n"
        "  lint:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n"
        "      - uses: actions/setup-go@v5\n        with:\n          go-version-file: go.work\n"
        "      - run: make lint\n",
    ".gitlab-ci.yml": "test:\n  image: golang:1.23.9\n  script:\n    - go test ./...\n",
    ".golangci.yml": 'run:\n  go: "1.23"\n',
    "Makefile": "GO_VERSION ?= 1.23.9\n\nimage:\n\tdocker build --build-arg GO_VERSION=$(GO_VERSION) .\n",
    ".devcontainer/devcontainer.json":
        '{\n  // the editor\'s Go\n  "image": "mcr.microsoft.com/devcontainers/go:1-1.23-bookworm"\n}\n',
}
MODULE_FILES = {
    "go.work": "go 1.23.0\n\ntoolchain go1.23.9\n\nuse (\n\t./app\n\t./lib\n)\n",
    "app/go.mod": "module example.com/app\n\ngo 1.23.0\n\nrequire (\n"
                  "\texample.com/lib v0.0.0-00010101000000-000000000000\n\texample.org/dep v1.1.0\n)\n\n"
                  "replace example.com/lib => ../lib\n",
    "app/main.go": 'package main\n\nimport (\n\t"example.com/lib"\n\t"example.org/dep"\n)\n\n'
                   "func main() { println(lib.Name, dep.Name) }\n",
    "app/loop_test.go": LOOP_TEST,
    "lib/go.mod": "module example.com/lib\n\ngo 1.21\n",
    "lib/lib.go": 'package lib\n\nconst Name = "lib"\n',
}
VERSIONS = ("1.21.13", "1.22.10", "1.23.9")


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, shared_go_caches: dict[str, str]) -> dict[str, Any]:
    base = tmp_path_factory.mktemp("pins-world")
    proxy = base / "proxy"
    for version, go in (("v1.0.0", "1.21"), ("v1.1.0", "1.23.0")):
        add_module(proxy, "example.org/dep", version, {"go.mod": f"module example.org/dep\n\ngo {go}\n",
                                                       "dep.go": 'package dep\n\nconst Name = "dep"\n'})
    repo = base / "repo"
    for rel, text in {**MODULE_FILES, **PIN_FILES}.items():
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo / rel).write_text(text)
    # Built from scratch: this fixture runs before the per-test isolation does.
    home = base / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("GO", "CGO_")) and "proxy" not in k.lower() and k not in ("CC", "CXX")}
    env.update(shared_go_caches, HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"),
               XDG_CACHE_HOME=str(home / ".cache"), GOENV="off", GOTOOLCHAIN="local",
               GOPROXY=proxy.as_uri(), GOSUMDB="off",
               GOVER_SOURCES="official", GOVER_DL_URL="http://127.0.0.1:9/dl/", GOVER_CROSS_VERIFY="off")
    roots = {v: toolchain_root(v) for v in VERSIONS}
    go = roots["1.23.9"] / "bin" / "go"
    subprocess.run([str(go), "mod", "tidy"], cwd=repo / "app", env=env, check=True, capture_output=True)
    return {"repo": repo, "env": env, "roots": roots}


@pytest.fixture
def repo(world: dict[str, Any], tmp_path: Path) -> Path:
    dest = tmp_path / "repo"
    shutil.copytree(world["repo"], dest, symlinks=True)
    return dest


@pytest.fixture
def run(world: dict[str, Any], gover: Any, tmp_path: Path) -> Any:
    env = {**world["env"], "GOVER_HOME": str(tmp_path / "gover")}
    for v in VERSIONS:
        assert gover("adopt", str(world["roots"][v]), env=env).code == 0
    return lambda *args: gover(*args, env=env)


def go(world: dict[str, Any], version: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**world["env"], "GOTOOLCHAIN": "local"}
    return subprocess.run([str(world["roots"][version] / "bin" / "go"), *args], cwd=cwd, env=env,
                          capture_output=True, text=True)


def test_pins_lists_each_pin_and_a_consistent_repo_checks_clean(repo: Path, run: Any,
                                                               world: dict[str, Any]) -> None:
    r = run("pins", str(repo), "--json")
    assert r.code == 0, r
    doc = json.loads(r.out)
    got = [(p["file"], p["line"], p["where"], p["text"], p["value"], p["meaning"]) for p in doc["pins"]]
    assert got == [
        (".gitlab-ci.yml", 2, "test.image", "golang:1.23.9", "1.23.9", "exact"),
        (".go-version", 1, "version", "1.23.9", "1.23.9", "exact"),
        (".golangci.yml", 2, "run.go", "1.23", "1.23", "language"),
        (".tool-versions", 2, "golang", "1.23.9", "1.23.9", "exact"),
        ("Dockerfile", 2, "ARG GO_VERSION", "1.23.9", "1.23.9", "exact"),
        ("Dockerfile", 3, "FROM (stage build)", "golang:${GO_VERSION}-alpine", "${GO_VERSION}-alpine",
         "variable"),
        ("Makefile", 1, "GO_VERSION ?=", "1.23.9", "1.23.9", "exact"),
        ("go.work", 1, "go", "1.23.0", "1.23.0", "minimum"),
        ("go.work", 3, "toolchain", "go1.23.9", "1.23.9", "exact"),
        ("mise.toml", 2, "[tools] go", "1.23", "1.23", "series"),
        (".devcontainer/devcontainer.json", 3, "image", "mcr.microsoft.com/devcontainers/go:1-1.23-bookworm",
         "1.23", "series"),
        (".github/workflows/ci.yml", 8, "strategy.matrix.go", "1.23", "1.23", "series"),
        (".github/workflows/ci.yml", 8, "strategy.matrix.go", "1.24", "1.24", "series"),
        (".github/workflows/ci.yml", 13, "go-version", "${{ matrix.go }}", "matrix.go", "variable"),
        (".github/workflows/ci.yml", 21, "go-version-file", "go.work", "go.work", "file"),
        ("app/go.mod", 3, "go", "1.23.0", "1.23.0", "minimum"),
        ("deploy/Dockerfile", 1, "FROM (stage builder)", "golang:1.23-bookworm", "1.23", "series"),
        ("lib/go.mod", 3, "go", "1.21", "1.21", "minimum"),
    ]
    # The module files' lines are what go itself reads.
    assert json.loads(go(world, "1.23.9", "work", "edit", "-json", cwd=repo).stdout)["Go"] == "1.23.0"
    for d, want in (("app", "1.23.0"), ("lib", "1.21")):
        assert json.loads(go(world, "1.23.9", "mod", "edit", "-json", cwd=repo / d).stdout)["Go"] == want
    r = run("check", str(repo), "--format", "json")
    assert r.code == 0, r
    assert [f for f in json.loads(r.out)["findings"] if f["code"] == "pins"] == []
    text = run("pins", str(repo))
    assert "Dockerfile:2" in text.out and text.err.endswith(f"18 pins in 13 files under {repo}\n")


def only_versions_differ(old: bytes, new: bytes) -> bool:
    v = re.compile(rb"\d+\.\d+(?:\.\d+)?")
    return [v.sub(b"V", x) for x in old.splitlines()] == [v.sub(b"V", x) for x in new.splitlines()]


def test_a_blocking_dependency_then_down_with_downgrade_back_up_and_undo(repo: Path, run: Any,
                                                                        world: dict[str, Any]) -> None:
    before = snapshot(repo)
    # example.org/dep@v1.1.0 needs go 1.23.0: named with the version that works, nothing written.
    r = run("migrate", str(repo), "--go", "1.22.0", "--toolchain", "none", "--no-test", "--json")
    assert r.code == 1, r
    doc = json.loads(r.out)
    assert doc["written"] is False and snapshot(repo) == before
    assert doc["dependencies"] == [{"module": "example.org/dep", "version": "v1.1.0", "go": "1.23.0",
                                    "required_by": ["app"], "suggestion": "v1.0.0", "suggestion_go": "1.21",
                                    "note": None}]
    outputs = "\n".join(s["output"] for s in doc["validation"]["steps"] if not s["ok"])
    assert "example.org/dep@v1.1.0 requires go >= 1.23.0 (running go 1.22.10" in outputs  # Go's own words

    # With --downgrade-deps: tidy, build, vet and test pass with go1.22.10, and it is written.
    r = run("migrate", str(repo), "--go", "1.22.0", "--toolchain", "none", "--downgrade-deps", "--json")
    assert r.code == 0, r
    doc = json.loads(r.out)
    assert doc["written"] and doc["release"] == "go1.22.10" and doc["releases"] == ["go1.22.10"]
    assert [(s["module"], s["step"], s["ok"]) for s in doc["validation"]["steps"]] == [
        (m, step, True) for m in ("app", "lib") for step in ("tidy", "build", "vet", "test")]
    after = snapshot(repo)
    changed = {k for k in before if before[k] != after.get(k)}
    assert changed == {".go-version", ".tool-versions", "mise.toml", "Dockerfile", "deploy/Dockerfile",
                       ".github/workflows/ci.yml", ".gitlab-ci.yml", ".golangci.yml", "Makefile",
                       ".devcontainer/devcontainer.json", "go.work", "app/go.mod", "app/go.sum", "lib/go.mod"}
    for rel in changed - {".github/workflows/ci.yml", "go.work", "app/go.mod", "app/go.sum"}:
        assert only_versions_differ(before[rel], after[rel]), rel
    assert after[".go-version"] == b"1.22.10\n" and b"FROM golang:1.22-bookworm" in after["deploy/Dockerfile"]
    assert b"ARG GO_VERSION=1.22.10\n" in after["Dockerfile"] and b'go = "1.22"' in after["mise.toml"]
    assert b"go: ['1.22', '1.23', '1.24']\n" in after[".github/workflows/ci.yml"]
    assert after["go.work"] == b"go 1.22.0\n\nuse (\n\t./app\n\t./lib\n)\n"
    # Go agrees: the dependency moved back, and the module builds and tests with go1.22.10.
    assert go(world, "1.22.10", "list", "-m", "example.org/dep", cwd=repo / "app").stdout == \
        "example.org/dep v1.0.0\n"
    assert go(world, "1.22.10", "test", "./...", cwd=repo / "app").returncode == 0
    assert not [f for f in json.loads(run("check", str(repo), "--format", "json").out)["findings"]
                if f["severity"] == "error"]

    # Back up: every pin file is byte-identical to the original again.
    r = run("migrate", str(repo), "--go", "1.23.0", "--toolchain", "go1.23.9", "--no-test")
    assert r.code == 0, r
    up = snapshot(repo)
    assert {k: up[k] for k in PIN_FILES} == {k: before[k] for k in PIN_FILES}
    assert run("migrate", str(repo), "--undo").code == 0 and snapshot(repo) == after
    assert run("migrate", str(repo), "--undo").code == 0 and snapshot(repo) == before


def test_a_loopvar_test_fails_the_migration_to_1_21_and_the_tree_stays(repo: Path, run: Any) -> None:
    """The go line, not the toolchain, decides the loop semantics: with go 1.21.0 the test fails
    on go1.21.13 and, validated in parallel with --matrix, on go1.22.10 too."""
    before = snapshot(repo)
    r = run("migrate", str(repo), "--go", "1.21.0", "--toolchain", "none", "--downgrade-deps",
            "--matrix", "1.22", "--json")
    assert r.code == 1, r
    doc = json.loads(r.out)
    assert doc["written"] is False and doc["downgraded"] is True and snapshot(repo) == before
    assert doc["releases"] == ["go1.21.13", "go1.22.10"]
    for v in [doc["validation"], *doc["matrix"]]:
        steps = {(s["module"], s["step"]): s for s in v["steps"]}
        assert steps[("app", "build")]["ok"] and steps[("app", "vet")]["ok"], v["toolchain"]
        assert not steps[("app", "test")]["ok"] and steps[("lib", "test")]["ok"]
        [failed] = steps[("app", "test")]["failed_tests"]
        assert (failed["package"], failed["name"]) == ("example.com/app", "TestLoopVar")
        assert failed["output"][0].startswith("--- FAIL: TestLoopVar (")
        assert re.fullmatch(r"\s+loop_test\.go:\d+: first closure saw i=3, want 0: per-iteration loop "
                            r"variables need go >= 1\.22", failed["output"][1])
    # The text report names the test and quotes Go's line.
    r = run("migrate", str(repo), "--go", "1.21.0", "--toolchain", "none", "--downgrade-deps", "--no-test")
    assert r.code == 0 and snapshot(repo) != before, r  # without the tests it holds: written
    assert run("migrate", str(repo), "--undo").code == 0 and snapshot(repo) == before
    r = run("migrate", str(repo), "--go", "1.21.0", "--toolchain", "none", "--downgrade-deps")
    assert r.code == 1 and "    example.com/app: TestLoopVar\n" in r.out
    assert "first closure saw i=3" in r.out and "validation failed: nothing was written" in r.err
    assert snapshot(repo) == before
