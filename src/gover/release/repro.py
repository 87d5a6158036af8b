"""``gover release repro``: build a package twice, apart, and say whether the bytes agree.

Each build gets its own copy of the source tree (without ``.git``), GOPATH,
module cache, GOCACHE and GOTMPDIR under a scratch directory, so nothing one
build leaves can help the other, and paths differ between them as they would
between two machines.  Dependencies come from the user's module cache first
(``GOPROXY=file://…/cache/download,<GOPROXY>``), checked against go.sum as
usual.  The go is the one gover selects for the directory (as the shims would),
with ``GOTOOLCHAIN=local``; ``-trimpath`` and ``CGO_ENABLED=0`` unless told
otherwise.  ``-ldflags`` is evaluated by ``sh`` as a double-quoted string once
per build, as a build script would, so ``$(date +%s)`` takes a new value each
time.
"""

from __future__ import annotations

import hashlib
import json
import os
import shlex
import shutil
import subprocess
import tempfile
import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gover.errors import ConfigError, GoverError, NotFoundError
from gover.fsutil import rmtree
from gover.release.reprocause import Cause, causes
from gover.release.reprodiff import Differences, compare

_VCS_DIRS = (".git", ".hg", ".svn", ".jj", ".bzr")


@dataclass(frozen=True)
class Spec:
    pkg: str = "."
    target: str = ""  # "" builds for the host (or GOOS/GOARCH from the environment)
    ldflags: str = ""
    cgo: bool = False
    trimpath: bool = True


@dataclass
class Build:
    dir: Path  # this build's scratch root
    output: Path
    ldflags: str  # as evaluated for this build
    sha256: str = ""
    size: int = 0
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {"dir": str(self.dir), "output": str(self.output), "ldflags": self.ldflags,
                "sha256": self.sha256, "size": self.size, "seconds": round(self.seconds, 2)}


@dataclass
class Result:
    spec: Spec
    go: str
    go_version: str
    target: str
    builds: list[Build]
    diff: Differences | None = None
    causes: list[Cause] = field(default_factory=list)
    kept: bool = False

    @property
    def reproducible(self) -> bool:
        return self.builds[0].sha256 == self.builds[1].sha256

    def to_json(self) -> dict[str, Any]:
        s = self.spec
        return {"reproducible": self.reproducible, "package": s.pkg, "target": self.target,
                "go": self.go, "go_version": self.go_version,
                "flags": {"trimpath": s.trimpath, "cgo": s.cgo, "ldflags": s.ldflags or None},
                "builds": [b.to_json() for b in self.builds], "kept": self.kept,
                "differences": self.diff.to_json() if self.diff else None,
                "causes": [c.to_json() for c in self.causes]}


def go_env(go: str, cwd: Path, env: Mapping[str, str], *keys: str) -> dict[str, str]:
    p = subprocess.run([go, "env", "-json", *keys], cwd=cwd, env={**env, "GOTOOLCHAIN": "local"},
                       capture_output=True, text=True)
    if p.returncode != 0:
        raise ConfigError(f"{go} env failed in {cwd}: {p.stderr.strip()}")
    return {k: str(v) for k, v in json.loads(p.stdout).items()}


def source_root(mod_dir: Path, gowork: str) -> Path:
    """What to copy: the enclosing VCS checkout (so ``../`` replaces still resolve), else
    the workspace or module directory."""
    top = Path(gowork).parent if gowork and gowork != "off" else mod_dir
    for d in (mod_dir, *mod_dir.parents):
        if any((d / v).exists() for v in _VCS_DIRS):
            return d if top == d or d in top.parents else top
    return top


def repro(cwd: Path, env: Mapping[str, str], spec: Spec, *, keep: bool = False) -> Result:
    from gover.project.whyversion import find_go

    go = find_go(cwd, env)
    info = go_env(go, cwd, env, "GOMOD", "GOWORK", "GOMODCACHE", "GOPROXY", "GOVERSION", "GOFLAGS",
                  "GOOS", "GOARCH")
    if info["GOMOD"] in ("", os.devnull):
        raise NotFoundError(f"{cwd} is not in a Go module (no go.mod found)",
                            "run gover release repro inside the module to build")
    mod_dir = Path(info["GOMOD"]).parent
    root = source_root(mod_dir, info["GOWORK"])
    rel = Path(os.path.relpath(cwd, root))
    target = spec.target or f"{info['GOOS']}/{info['GOARCH']}"
    scratch = Path(tempfile.mkdtemp(prefix="gover-repro-"))
    try:
        builds = [_prepare(scratch / name, root, i) for i, name in enumerate(("first", "second-build"))]
        proxy = Path(info["GOMODCACHE"]) / "cache" / "download"
        upstream = info["GOPROXY"] or "off"
        base_env = {**env, "GOTOOLCHAIN": "local", "GOPROXY": f"{proxy.as_uri()},{upstream}",
                    "CGO_ENABLED": "1" if spec.cgo else "0",
                    "GOFLAGS": (info["GOFLAGS"] + " -modcacherw").strip()}
        if spec.target:
            base_env["GOOS"], base_env["GOARCH"] = spec.target.split("/")
        with ThreadPoolExecutor(max_workers=2) as pool:
            list(pool.map(lambda b: _build(go, b, rel, spec, base_env), builds))
        result = Result(spec, go, info["GOVERSION"], target, builds, kept=keep)
        if not result.reproducible:
            result.diff = compare(builds[0].output, builds[1].output)
            result.causes = causes(result.diff, builds, spec)
            result.diff.contents = (b"", b"")
        return result
    finally:
        if not keep:
            rmtree(scratch)


def _prepare(d: Path, root: Path, i: int) -> Build:
    src = d / "src"
    shutil.copytree(root, src, symlinks=True, ignore=shutil.ignore_patterns(*_VCS_DIRS))
    for sub in ("gopath", "gocache", "tmp", "out"):
        (d / sub).mkdir(parents=True)
    return Build(d, d / "out" / "binary", "")


def evaluate_ldflags(text: str, env: Mapping[str, str]) -> str:
    if "$" not in text and "`" not in text:
        return text
    p = subprocess.run(["sh", "-c", 'eval "printf %s \\"$GOVER_LDFLAGS\\""'],
                       env={**env, "GOVER_LDFLAGS": text}, capture_output=True, text=True)
    if p.returncode != 0:
        raise ConfigError(f"cannot evaluate --ldflags {text!r} with sh: {p.stderr.strip()}")
    return p.stdout


def _build(go: str, b: Build, rel: Path, spec: Spec, base_env: dict[str, str]) -> None:
    env = {**base_env, "GOPATH": str(b.dir / "gopath"), "GOMODCACHE": str(b.dir / "gopath" / "pkg" / "mod"),
           "GOCACHE": str(b.dir / "gocache"), "GOTMPDIR": str(b.dir / "tmp")}
    b.ldflags = evaluate_ldflags(spec.ldflags, env)
    cmd = [go, "build", "-buildvcs=false", "-o", str(b.output)]
    if spec.trimpath:
        cmd.append("-trimpath")
    if b.ldflags:
        cmd.append("-ldflags=" + b.ldflags)
    cmd.append(spec.pkg)
    t = time.monotonic()
    p = subprocess.run(cmd, cwd=b.dir / "src" / rel, env=env, capture_output=True, text=True)
    b.seconds = time.monotonic() - t
    if p.returncode != 0:
        tail = "; ".join(p.stderr.strip().splitlines()[-3:])
        raise GoverError(f"go build failed ({shlex.join(cmd[1:])}): {tail}")
    data = b.output.read_bytes()
    b.sha256, b.size = hashlib.sha256(data).hexdigest(), len(data)
