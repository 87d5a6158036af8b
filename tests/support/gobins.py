"""Go binaries built once per test session by the real toolchains, for the build-info tests.

One small module (in a git repo, so builds stamp vcs settings) requires a
dependency from a file:// GOPROXY, a dependency replaced by another module
version, and one replaced by a local directory; a second main package uses cgo.
It is built with each test toolchain and cross-built for other GOOS/GOARCH, with
-trimpath, -ldflags=-s -w, -buildmode=pie and cgo on and off.  The environment
is built from scratch (never the caller's HOME or go env file); GOCACHE is the
session's shared one, so each target's runtime is compiled once.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from tests.support.goproxy import add_module


@dataclass(frozen=True)
class Build:
    toolchain: str  # "1.25.5", or "debian-1.19"
    goos: str = "linux"
    goarch: str = "amd64"
    flags: tuple[str, ...] = ()
    cgo: bool = False
    pkg: str = "."
    extra_env: dict[str, str] = field(default_factory=dict)


BUILDS: dict[str, Build] = {
    "go1.25.5": Build("1.25.5"),
    "go1.25.5-trimpath-sw": Build("1.25.5", flags=("-trimpath", "-ldflags=-s -w")),
    "go1.25.5-pie": Build("1.25.5", flags=("-buildmode=pie",)),
    "go1.25.5-cgo": Build("1.25.5", cgo=True, pkg="./cmd/cgoapp",
                          extra_env={"CGO_CFLAGS": "-O2 -g -DGOVER_TEST=\"1\""}),
    "go1.23.9": Build("1.23.9"),
    "go1.22.10": Build("1.22.10", flags=("-trimpath",)),
    "go1.21.13": Build("1.21.13", flags=("-ldflags=-s -w",)),
    "go1.19.8-debian": Build("debian-1.19"),
    "linux-386": Build("1.25.5", goarch="386", extra_env={"GO386": "softfloat"}),
    "linux-s390x": Build("1.25.5", goarch="s390x", flags=("-trimpath",)),
    "darwin-arm64": Build("1.25.5", goos="darwin", goarch="arm64"),
    "windows-amd64": Build("1.25.5", goos="windows", goarch="amd64", flags=("-trimpath",)),
    "windows-386": Build("1.25.5", goos="windows", goarch="386"),
}

MAIN_GO = """package main

import (
	"example.com/dep"
	"example.com/loc"
	"example.com/old"
)

func main() { println(dep.Name, old.Name, loc.Name) }
"""

CGO_GO = """package main

// static int answer(void) { return 42; }
import "C"

import "example.com/dep"

func main() { println(dep.Name, int(C.answer())) }
"""


def go_binary(toolchain: str, goroots: dict[str, Path]) -> Path:
    return goroots[toolchain] / "bin" / "go"


def clean_env(home: Path, caches: dict[str, str], proxy: Path) -> dict[str, str]:
    """Only what a build needs: no inherited GO* variables, HOME or go env file."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("GO", "CGO_")) and k not in ("CC", "CXX") and "proxy" not in k.lower()}
    env.update(HOME=str(home), GOENV="off", GOPATH=str(home / "go"), GOTOOLCHAIN="local",
               GOPROXY=proxy.as_uri(), GOSUMDB="off", GOFLAGS="-modcacherw -mod=mod",
               GOCACHE=caches["GOCACHE"], GOMODCACHE=caches["GOMODCACHE"])
    return env


def make_module(root: Path, proxy: Path) -> Path:
    add_module(proxy, "example.com/dep", "v1.0.0", {"dep.go": 'package dep\n\nconst Name = "dep"\n'})
    add_module(proxy, "example.com/old", "v1.0.0", {"old.go": 'package old\n\nconst Name = "old"\n'})
    # The replacement declares the path it replaces, as go requires.
    add_module(proxy, "example.com/new", "v1.1.0",
               {"go.mod": "module example.com/old\n\ngo 1.21\n",
                "old.go": 'package old\n\nconst Name = "new"\n'})
    app = root / "app"
    (app / "loc").mkdir(parents=True)
    (app / "cmd" / "cgoapp").mkdir(parents=True)
    (app / "go.mod").write_text(
        "module example.com/app\n\ngo 1.19\n\n"
        "require (\n\texample.com/dep v1.0.0\n\texample.com/old v1.0.0\n"
        "\texample.com/loc v0.0.0\n)\n\n"
        "replace example.com/old => example.com/new v1.1.0\n\n"
        "replace example.com/loc => ./loc\n")
    (app / "main.go").write_text(MAIN_GO)
    (app / "cmd" / "cgoapp" / "main.go").write_text(CGO_GO)
    (app / "loc" / "go.mod").write_text("module example.com/loc\n\ngo 1.19\n")
    (app / "loc" / "loc.go").write_text('package loc\n\nconst Name = "loc"\n')
    git = ["git", "-c", "user.name=gover", "-c", "user.email=gover@example.com"]
    subprocess.run(git + ["init", "-q"], cwd=app, check=True)
    subprocess.run(git + ["add", "."], cwd=app, check=True)
    subprocess.run(git + ["commit", "-q", "-m", "app"], cwd=app, check=True,
                   env={**os.environ, "GIT_AUTHOR_DATE": "2024-01-02T03:04:05Z",
                        "GIT_COMMITTER_DATE": "2024-01-02T03:04:05Z"})
    return app


def build_all(base: Path, caches: dict[str, str], goroots: dict[str, Path],
              names: list[str] | None = None) -> dict[str, Path]:
    proxy = base / "proxy"
    home = base / "home"
    home.mkdir(parents=True)
    app = make_module(base, proxy)
    env = clean_env(home, caches, proxy)
    out = base / "bin"
    out.mkdir()
    # go.sum is written by the first build; build it once before going parallel.
    first = go_binary("1.25.5", goroots)
    subprocess.run([str(first), "mod", "download"], cwd=app, env=env, check=True,
                   capture_output=True)
    subprocess.run([str(first), "mod", "tidy"], cwd=app, env=env, check=True, capture_output=True)
    subprocess.run(["git", "-c", "user.name=gover", "-c", "user.email=gover@example.com", "add", "."],
                   cwd=app, check=True)
    subprocess.run(["git", "-c", "user.name=gover", "-c", "user.email=gover@example.com",
                    "commit", "-q", "-m", "sums"], cwd=app, check=True)

    def build(name: str) -> tuple[str, Path]:
        b = BUILDS[name]
        exe = out / (name + (".exe" if b.goos == "windows" else ""))
        benv = {**env, "GOOS": b.goos, "GOARCH": b.goarch, "CGO_ENABLED": "1" if b.cgo else "0",
                **b.extra_env}
        p = subprocess.run([str(go_binary(b.toolchain, goroots)), "build", *b.flags, "-o", str(exe),
                            b.pkg], cwd=app, env=benv, capture_output=True, text=True)
        if p.returncode != 0:
            raise RuntimeError(f"building {name} failed:\n{p.stderr}")
        return name, exe

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(pool.map(build, names or list(BUILDS)))


_BUILT: dict[str, Path] = {}


def session_binaries(base: Path, caches: dict[str, str], goroots: dict[str, Path]) -> dict[str, Path]:
    """Build every binary once per process, however many test modules ask."""
    if not _BUILT:
        _BUILT.update(build_all(base, caches, goroots))
    return dict(_BUILT)


def copy_binaries(binaries: dict[str, Path], names: list[str], dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for n in names:
        shutil.copy2(binaries[n], dest / binaries[n].name)
    return dest
