"""Validate a migration before it touches the repository: in a scratch copy, with each
target toolchain, ``go mod tidy`` as a diff (on a copy of go.mod/go.sum through
``-modfile``, never applied), ``go build ./...``, ``go vet ./...`` and ``go test ./...``
in every module, reporting Go's own messages and, for tests, the failing tests by name
with their output lines.

The jobs run through the ``gover matrix`` runner (each in its own process group, in
parallel, GOTOOLCHAIN=local so no toolchain switch hides a failure).  The copy
mirrors the directories a local ``replace``/``use`` climbs out to (as symlinks), so
``../shared`` still resolves.
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from gover.project.repo import Repo

STEPS = ("tidy", "build", "vet", "test")
_FAIL = re.compile(r"^(?P<indent>\s*)--- FAIL: (?P<name>\S+) \(")
_PKG = re.compile(r"^(?:FAIL|ok)\s+(?P<pkg>\S+)")


@dataclass
class FailedTest:
    package: str
    name: str
    lines: list[str]  # go test's own lines for it: the --- FAIL line and what the test logged

    def to_json(self) -> dict[str, object]:
        return {"package": self.package, "name": self.name, "output": self.lines}


@dataclass
class StepResult:
    module: str
    step: str  # "tidy", "build", "vet", "test"
    ok: bool
    output: str  # the go command's stderr/stdout, as printed
    diff: str = ""  # tidy only: what `go mod tidy` would change
    failed_tests: list[FailedTest] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return {"module": self.module, "step": self.step, "ok": self.ok, "output": self.output,
                "diff": self.diff, "failed_tests": [t.to_json() for t in self.failed_tests]}


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


# --- the scratch copy ------------------------------------------------------------------

def _outside_refs(repo: Repo) -> list[Path]:
    """Directories outside the repository that local replaces and go.work uses name relatively."""
    from gover.gomod.modfile import ModFileError, parse_mod
    from gover.gomod.workfile import parse_work

    refs: list[tuple[Path, str]] = []
    for m in repo.modules:
        try:
            f = parse_mod(str(m / "go.mod"), (m / "go.mod").read_bytes())
        except (ModFileError, OSError):
            continue
        refs += [(m, r.new.path) for r in f.replace if not r.new.version]
    if repo.work:
        try:
            w = parse_work(str(repo.work), repo.work.read_bytes())
            refs += [(repo.work.parent, u.path) for u in w.use]
            refs += [(repo.work.parent, r.new.path) for r in w.replace if not r.new.version]
        except (ModFileError, OSError):
            pass
    out = []
    for base, ref in refs:
        if os.path.isabs(ref):
            continue
        target = Path(os.path.normpath(base / ref))
        if not target.is_relative_to(repo.root):
            out.append(target)
    return out


def scratch_copy(repo: Repo, files: Mapping[Path, bytes], into: Path) -> Path:
    """Copy the repository under ``into`` with ``files`` (real path → new bytes) written
    over the copy; returns the copy's root."""
    outside = _outside_refs(repo)
    up = 0  # how far above the root the references climb
    for t in outside:
        rel = Path(os.path.relpath(t, repo.root)).parts
        up = max(up, sum(1 for p in rel if p == ".."))
    anchor = repo.root.parents[up - 1] if up else repo.root
    base = into / "tree"
    root = base / repo.root.relative_to(anchor) if up else base / repo.root.name
    shutil.copytree(repo.root, root, symlinks=True,
                    ignore=shutil.ignore_patterns(".git", "node_modules"))
    for t in outside:
        parts = t.relative_to(anchor).parts
        for i in range(1, len(parts) + 1):
            link = base.joinpath(*parts[:i])
            if not link.exists() and not link.is_symlink():
                link.parent.mkdir(parents=True, exist_ok=True)
                link.symlink_to(anchor.joinpath(*parts[:i]), target_is_directory=True)
                break
    for real, data in files.items():
        dest = root / real.relative_to(repo.root)
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(data)
    return root


# --- running the steps -----------------------------------------------------------------

def _module_rel(root: Path, m: Path) -> str:
    return str(m.relative_to(root)) if m != root else "."


def validate(copy_root: Path, modules: Sequence[str], toolchains: Sequence[tuple[str, Path]],
             env: Mapping[str, str], work_dir: Path, *, test: bool = True,
             parallel: int = 2) -> list[Validation]:
    """Run the steps in every module (``modules`` relative to ``copy_root``) with every
    toolchain (name, GOROOT); ``work_dir`` holds logs and tidy's scratch files."""
    from gover.matrix import runner

    steps = [s for s in STEPS if test or s != "test"]
    by_name: dict[str, runner.Result] = {}
    # One step at a time, every toolchain and module in parallel: build, vet and test of
    # one module at once would each compile the same dependencies into a cold cache.
    for step in steps:
        jobs: list[runner.Job] = []
        for name, goroot in toolchains:
            genv = runner.go_env(env, goroot, name)
            if genv.get("GOWORK", "") not in ("", "off", "auto"):
                genv.pop("GOWORK")  # the copy's own go.work applies, not the original's
            go = str(goroot / "bin" / "go")
            for i, rel in enumerate(modules):
                built = by_name.get(f"{name} {rel} build")
                if step in ("vet", "test") and built is not None and not built.passed:
                    continue  # it cannot pass, and would repeat the compiler's errors
                cwd = copy_root / rel
                log = work_dir / "logs" / f"{name}-{i}-{step}.log"
                if step == "tidy":
                    alt = _tidy_files(cwd, work_dir / "tidy" / f"{name}-{i}")
                    argv = [go, "mod", "tidy", "-modfile=" + str(alt)]
                elif step == "build":
                    # -o os.devnull: `go build` of a single main package would leave a binary.
                    argv = [go, "build", "-o", os.devnull, "./..."]
                else:
                    argv = [go, step, "./..."]
                jobs.append(runner.Job(f"{name} {rel} {step}", argv, genv, cwd, log))
        by_name.update((r.name, r) for r in runner.run(jobs, parallel=max(1, parallel)).results)
    out = []
    for name, goroot in toolchains:
        v = Validation(name, str(goroot))
        for i, rel in enumerate(modules):
            for step in steps:
                r = by_name.get(f"{name} {rel} {step}")
                if r is None:
                    v.steps.append(StepResult(rel, step, False, "not run: go build ./... failed"))
                    continue
                text = _full_output(r.log) if r.log else r.output
                res = StepResult(rel, step, r.passed, text.strip())
                if step == "tidy" and r.passed:
                    res.diff = _tidy_diff(copy_root / rel, work_dir / "tidy" / f"{name}-{i}", rel)
                if step == "test" and not r.passed:
                    res.failed_tests = failed_tests(text)
                v.steps.append(res)
        out.append(v)
    return out


def _tidy_files(mod_dir: Path, tmp: Path) -> Path:
    tmp.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(mod_dir / "go.mod", tmp / "go.mod")
    if (mod_dir / "go.sum").is_file():
        shutil.copyfile(mod_dir / "go.sum", tmp / "go.sum")
    return tmp / "go.mod"


def _tidy_diff(mod_dir: Path, tmp: Path, rel: str) -> str:
    diff = ""
    for name in ("go.mod", "go.sum"):
        before = (mod_dir / name).read_text() if (mod_dir / name).is_file() else ""
        after = (tmp / name).read_text() if (tmp / name).is_file() else ""
        label = f"{rel}/{name}" if rel != "." else name
        diff += "".join(difflib.unified_diff(before.splitlines(True), after.splitlines(True),
                                             "a/" + label, "b/" + label))
    return diff


def _full_output(log: Path) -> str:
    try:
        text = log.read_bytes().decode("utf-8", "replace")
    except OSError:
        return ""
    return re.sub(r"\n# gover: (?:exit status|cancelled).*\n?\Z", "\n", text)


def failed_tests(output: str) -> list[FailedTest]:
    """The failing tests in ``go test`` output, each with its own lines (Go prints them after
    ``--- FAIL: Name``, indented); the package comes from the ``FAIL\\tpkg`` line after them."""
    found: list[FailedTest] = []
    pending: list[FailedTest] = []
    current: FailedTest | None = None
    indent = ""
    for line in output.splitlines():
        m = _FAIL.match(line)
        if m:
            current = FailedTest("", m["name"], [line])
            indent = m["indent"]
            pending.append(current)
            continue
        p = _PKG.match(line)
        if p and not line.startswith((" ", "\t")):
            for t in pending:
                t.package = p["pkg"]
            found += pending
            pending, current = [], None
            continue
        if current is not None:
            if line.startswith(indent + " ") or line.startswith(indent + "\t") or \
                    (line and not line.startswith(("=== ", "--- ", "FAIL", "ok ", "PASS"))):
                current.lines.append(line)
            else:
                current = None
    return found + pending
