"""Real binaries for the release-check tests, built once per session by go1.25.5.

A tiny module (``println`` and one dependency, so each target compiles little
of the standard library) in a committed git repo, built for linux/amd64 and
arm64, darwin/arm64 and windows/amd64; with cgo (dynamic, gcc) and without;
-trimpath except for darwin; -race; from a dirty clone; from a copy whose
go.mod replaces the dependency with a local directory; and with
-buildvcs=false.  The dependency (example.com/dep v1.0.0) comes from a
file:// GOPROXY; tests/support/osvdb.py lists it as vulnerable.  The flags
follow tests/support/gobins.py where they can, so a full run compiles each
target's runtime once for both.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from tests.support.gobins import clean_env
from tests.support.goproxy import add_module

MAIN_GO = """package main

import "example.com/dep"

var date = "unset"

func main() { println("rel", date, dep.Name) }
"""

CGO_GO = """package main

// static int answer(void) { return 42; }
import "C"

func main() { println(int(C.answer())) }
"""

GIT = ["git", "-c", "user.name=gover", "-c", "user.email=gover@example.com"]


@dataclass(frozen=True)
class Build:
    repo: str = "app"  # "app", "dirty" or "replaced"
    goos: str = "linux"
    goarch: str = "amd64"
    flags: tuple[str, ...] = ("-trimpath",)
    cgo: bool = False
    pkg: str = "."
    extra: dict[str, str] = field(default_factory=dict)


BUILDS: dict[str, Build] = {
    "linux-amd64": Build(),
    "linux-arm64": Build(goarch="arm64"),
    "darwin-arm64": Build(goos="darwin", goarch="arm64", flags=()),
    "windows-amd64": Build(goos="windows"),
    "cgo": Build(cgo=True, pkg="./cmd/cgoapp"),
    "race": Build(cgo=True, flags=("-trimpath", "-race")),
    "dirty": Build(repo="dirty"),
    "replaced": Build(repo="replaced"),
    "novcs": Build(flags=("-trimpath", "-buildvcs=false")),
}


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(GIT + list(args), cwd=cwd, check=True, capture_output=True,
                   env={"GIT_AUTHOR_DATE": "2024-01-02T03:04:05Z", "PATH": "/usr/bin:/bin",
                        "GIT_COMMITTER_DATE": "2024-01-02T03:04:05Z", "HOME": str(cwd)})


def make_repo(base: Path, go: Path, env: dict[str, str]) -> Path:
    """The module, committed with its go.sum; a dirty clone and a locally replaced copy beside it."""
    app = base / "app"
    (app / "cmd" / "cgoapp").mkdir(parents=True)
    (app / "go.mod").write_text("module example.com/rel\n\ngo 1.21\n\nrequire example.com/dep v1.0.0\n")
    (app / "main.go").write_text(MAIN_GO)
    (app / "cmd" / "cgoapp" / "main.go").write_text(CGO_GO)
    subprocess.run([str(go), "mod", "tidy"], cwd=app, env=env, check=True, capture_output=True)
    _git(app, "init", "-q")
    _git(app, "add", ".")
    _git(app, "commit", "-q", "-m", "rel")
    dirty = base / "dirty"
    _git(base, "clone", "-q", str(app), str(dirty))
    with (dirty / "main.go").open("a") as f:
        f.write("\n// an uncommitted change\n")
    replaced = base / "replaced"
    _git(base, "clone", "-q", str(app), str(replaced))
    (replaced / "localdep").mkdir()
    (replaced / "localdep" / "go.mod").write_text("module example.com/dep\n\ngo 1.21\n")
    (replaced / "localdep" / "dep.go").write_text('package dep\n\nconst Name = "local"\n')
    with (replaced / "go.mod").open("a") as f:
        f.write("\nreplace example.com/dep => ./localdep\n")
    _git(replaced, "add", ".")
    _git(replaced, "commit", "-q", "-m", "replace")
    return app


def build_all(base: Path, caches: dict[str, str], goroot: Path) -> dict[str, Path]:
    proxy = base / "proxy"
    add_module(proxy, "example.com/dep", "v1.0.0", {"dep.go": 'package dep\n\nconst Name = "dep"\n'})
    home = base / "home"
    home.mkdir(parents=True)
    env = clean_env(home, caches, proxy)
    go = goroot / "bin" / "go"
    make_repo(base, go, env)
    out = base / "bin"
    out.mkdir()

    def build(name: str) -> tuple[str, Path]:
        b = BUILDS[name]
        exe = out / (name + (".exe" if b.goos == "windows" else ""))
        benv = {**env, "GOOS": b.goos, "GOARCH": b.goarch, "CGO_ENABLED": "1" if b.cgo else "0", **b.extra}
        p = subprocess.run([str(go), "build", *b.flags, "-o", str(exe), b.pkg], cwd=base / b.repo,
                           env=benv, capture_output=True, text=True)
        if p.returncode != 0:
            raise RuntimeError(f"building {name} failed:\n{p.stderr}")
        return name, exe

    with ThreadPoolExecutor(max_workers=2) as pool:
        built = dict(pool.map(build, list(BUILDS)))
    stripped = out / "stripped"
    data = built["linux-amd64"].read_bytes()
    # What a tool scrubbing build info leaves: the blob's magic is gone.
    stripped.write_bytes(data.replace(b"\xff Go buildinf:", b"\0" * 14))
    stripped.chmod(0o755)
    built["stripped"] = stripped
    return built


_BUILT: dict[str, Path] = {}


def session_binaries(make_base: Callable[[], Path], caches: dict[str, str], goroot: Path) -> dict[str, Path]:
    """Build once per process, however many test modules ask."""
    if not _BUILT:
        _BUILT.update(build_all(make_base(), caches, goroot))
    return dict(_BUILT)


def module_dir(binaries: dict[str, Path]) -> Path:
    """The committed module the binaries were built from."""
    return binaries["linux-amd64"].parent.parent / "app"


def copy(binaries: dict[str, Path], names: list[str], dest: Path) -> list[str]:
    dest.mkdir(parents=True, exist_ok=True)
    out = []
    for n in names:
        shutil.copy2(binaries[n], dest / binaries[n].name)
        out.append(str(dest / binaries[n].name))
    return out
