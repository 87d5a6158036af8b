"""Real Go caches for the cache tests: made by the real ``go``, damaged behind its back.

``build_cache(base)`` builds, runs and tests a tiny program with two Go releases
(1.22.10: build + test; 1.25.5: build + ``go run``, which caches the executable
as a ``-d`` directory) into one GOCACHE.  ``module_cache(base)`` serves small
modules from a loopback GOPROXY and lets ``go mod tidy`` + ``go build`` fill a
GOMODCACHE (read-only trees, as Go makes them) for two projects.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from tests.support.goproxy import add_module

GO_OLD, GO_NEW = "1.22.10", "1.25.5"

MAIN = 'package main\n\nfunc main() { println("hi") }\n'
TEST = 'package main\n\nimport "testing"\n\nfunc TestX(t *testing.T) {}\n'


def go_env(base_env: dict[str, str], **over: str) -> dict[str, str]:
    env = {k: v for k, v in base_env.items() if not k.startswith("GO")}
    env.update(GOTOOLCHAIN="local", GOFLAGS="", GOPROXY="off", GOSUMDB="off", GOTELEMETRY="off")
    env.update(over)
    return env


def go(goroot: Path, args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([str(goroot / "bin" / "go"), *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def must(cp: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert cp.returncode == 0, f"{cp.args}: {cp.stdout}{cp.stderr}"
    return cp


@dataclass
class BuildCache:
    cache: Path
    project: Path
    roots: dict[str, Path]  # version -> GOROOT

    def copy(self, dest: Path) -> Path:
        shutil.copytree(self.cache, dest, symlinks=True)
        return dest


def write_program(d: Path, name: str = "example.com/hello") -> Path:
    d.mkdir(parents=True, exist_ok=True)
    (d / "go.mod").write_text(f"module {name}\n\ngo 1.21\n")
    (d / "main.go").write_text(MAIN)
    (d / "main_test.go").write_text(TEST)
    return d


def build_cache(base: Path, roots: dict[str, Path], env: dict[str, str]) -> BuildCache:
    cache = base / "gocache"
    project = write_program(base / "hello")
    e = go_env(env, GOCACHE=str(cache))
    must(go(roots[GO_OLD], ["build", "-o", str(base / "hello-old"), "."], project, e))
    must(go(roots[GO_OLD], ["test", "."], project, e))
    must(go(roots[GO_NEW], ["build", "-o", str(base / "hello-new"), "."], project, e))
    must(go(roots[GO_NEW], ["run", "."], project, e))
    return BuildCache(cache, project, roots)


def entries(cache: Path) -> set[str]:
    """Every -a/-d entry, relative to the cache (the executable directories as themselves)."""
    return {str(p.relative_to(cache)) for p in cache.glob("??/*-[ad]")}


# --- module cache ----------------------------------------------------------------------

MODULES = {
    ("example.com/alpha", "v1.0.0"): {"alpha.go": "package alpha\n\nconst V = 1\n"},
    ("example.com/alpha", "v1.1.0"): {"alpha.go": "package alpha\n\nconst V = 11\n",
                                      "sub/sub.go": "package sub\n\nconst S = 1\n"},
    ("example.com/Upper/beta", "v0.1.0"): {"beta.go": "package beta\n\nconst B = 2\n"},
    ("example.com/gamma", "v1.0.0"): {"gamma.go": "package gamma\n\nconst G = 3\n"},
}


def _project(d: Path, name: str, imports: dict[str, str]) -> Path:
    """A main package importing ``imports`` (path -> version), tidy-able offline."""
    d.mkdir(parents=True)
    req = "".join(f"\t{p} {v}\n" for p, v in imports.items())
    (d / "go.mod").write_text(f"module {name}\n\ngo 1.21\n\nrequire (\n{req})\n")
    body = "".join(f'\t_ "{p}"\n' for p in imports)
    (d / "main.go").write_text(f"package main\n\nimport (\n{body})\n\nfunc main() {{}}\n")
    return d


@dataclass
class ModuleCache:
    modcache: Path
    proxy_dir: Path
    projects: dict[str, Path]  # "a" needs alpha v1.1.0 + Upper/beta; "b" alpha v1.0.0 + gamma

    def copy(self, dest: Path) -> Path:
        shutil.copytree(self.modcache, dest, symlinks=True)
        return dest


def write_proxy(root: Path) -> Path:
    for (path, version), files in MODULES.items():
        add_module(root, path, version, files)
    return root


def module_cache(base: Path, goroot: Path, env: dict[str, str], proxy_url: str,
                 gocache: str) -> ModuleCache:
    modcache = base / "modcache"
    projects = {
        "a": _project(base / "a", "example.com/a",
                      {"example.com/alpha": "v1.1.0", "example.com/Upper/beta": "v0.1.0"}),
        "b": _project(base / "b", "example.com/b",
                      {"example.com/alpha": "v1.0.0", "example.com/gamma": "v1.0.0"}),
    }
    e = fetch_env(env, modcache, proxy_url, gocache)
    for p in projects.values():
        must(go(goroot, ["mod", "tidy"], p, e))
        must(go(goroot, ["build", "-o", os.devnull, "."], p, e))
    return ModuleCache(modcache, base / "proxy", projects)


def fetch_env(env: dict[str, str], modcache: Path, proxy_url: str, gocache: str) -> dict[str, str]:
    return go_env(env, GOMODCACHE=str(modcache), GOPROXY=proxy_url, GOSUMDB="off",
                  GOCACHE=gocache, GONOSUMDB="*", GOFLAGS="-mod=mod")
