"""Validate a migrated repository with the target toolchain: ``go mod tidy`` as a diff
(run on a copy of go.mod/go.sum through ``-modfile``, so requirements are never changed
behind the user's back), then ``go build ./...`` and ``go vet ./...`` in every module,
reporting the compiler's own messages.
"""

from __future__ import annotations

import difflib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from gover.project.repo import Repo


@dataclass
class StepResult:
    module: str
    step: str  # "tidy", "build", "vet"
    ok: bool
    output: str  # the go command's stderr/stdout, as printed
    diff: str = ""  # tidy only: what `go mod tidy` would change

    def to_json(self) -> dict[str, object]:
        return {"module": self.module, "step": self.step, "ok": self.ok, "output": self.output,
                "diff": self.diff}


@dataclass
class Validation:
    toolchain: str
    goroot: str
    steps: list[StepResult] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(s.ok for s in self.steps)

    def to_json(self) -> dict[str, object]:
        return {"toolchain": self.toolchain, "ok": self.ok, "steps": [s.to_json() for s in self.steps]}


def go_env(goroot: Path, env: Mapping[str, str]) -> dict[str, str]:
    """Run exactly this toolchain: no switching, its own GOROOT first on PATH."""
    out = dict(env)
    out.update(GOTOOLCHAIN="local", GOROOT=str(goroot),
               PATH=str(goroot / "bin") + os.pathsep + env.get("PATH", ""))
    return out


def _run(go: Path, args: list[str], cwd: Path, env: Mapping[str, str]) -> tuple[bool, str]:
    r = subprocess.run([str(go), *args], cwd=cwd, env=dict(env), capture_output=True, text=True)
    return r.returncode == 0, (r.stdout + r.stderr).strip()


def _tidy_diff(go: Path, mod_dir: Path, rel: str, env: Mapping[str, str]) -> StepResult:
    with tempfile.TemporaryDirectory(prefix="gover-tidy-") as tmp:
        alt = Path(tmp) / "go.mod"
        shutil.copyfile(mod_dir / "go.mod", alt)
        if (mod_dir / "go.sum").is_file():
            shutil.copyfile(mod_dir / "go.sum", Path(tmp) / "go.sum")
        ok, out = _run(go, ["mod", "tidy", "-modfile=" + str(alt)], mod_dir, env)
        diff = ""
        if ok:
            for name in ("go.mod", "go.sum"):
                before = (mod_dir / name).read_text() if (mod_dir / name).is_file() else ""
                after = (Path(tmp) / name).read_text() if (Path(tmp) / name).is_file() else ""
                label = f"{rel}/{name}" if rel != "." else name
                diff += "".join(difflib.unified_diff(before.splitlines(True), after.splitlines(True),
                                                     "a/" + label, "b/" + label))
    return StepResult(rel, "tidy", ok, out, diff)


def validate(repo: Repo, toolchain: str, goroot: Path, env: Mapping[str, str]) -> Validation:
    go = goroot / "bin" / "go"
    genv = go_env(goroot, env)
    v = Validation(toolchain, str(goroot))
    for m in repo.modules:
        rel = str(m.relative_to(repo.root)) if m != repo.root else "."
        v.steps.append(_tidy_diff(go, m, rel, genv))
        # -o os.devnull: `go build` of a single main package would leave a binary here.
        ok, out = _run(go, ["build", "-o", os.devnull, "./..."], m, genv)
        v.steps.append(StepResult(rel, "build", ok, out))
        ok, out = _run(go, ["vet", "./..."], m, genv)
        v.steps.append(StepResult(rel, "vet", ok, out))
    return v
