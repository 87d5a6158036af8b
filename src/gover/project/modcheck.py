"""Drift and safety checks over every module file of a repository (``gover mod check``,
``gover check``).  Each problem is a Finding naming a file and line; errors make
``gover check`` fail, warnings are advice.

Checks (codes): ``parse`` (a file Go rejects, with Go's message; ``--go`` names the
oldest Go that must read them), ``work-go`` (go.work older than a module it uses, which
Go refuses), ``pin`` (.go-version/.tool-versions older than a module's go line, so the
pinned toolchain cannot build it), ``go-drift`` / ``toolchain-drift`` (modules disagree),
``dep-drift`` (a dependency required at different versions), ``local-replace`` (a
``replace`` to a directory: an error when it leaves the repository or does not exist),
``pseudo`` (a pseudo-version while a newer tag is in go.sum), ``vendor``
(vendor/modules.txt inconsistent, Go's message), ``gosum`` (malformed or missing entries),
``pins`` (CI, image, mise and Makefile pins that disagree with the go/toolchain lines:
project/pins/check.py).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from gover.golang import versions
from gover.gomod import pseudo, semver
from gover.gomod.gosum import GoSum, parse_gosum
from gover.gomod.modfile import ModFile, ModFileError, parse_mod
from gover.gomod.vendor import check_consistency, parse_vendor
from gover.gomod.workfile import WorkFile, parse_work
from gover.project.pins.check import run as check_pins
from gover.project.repo import Repo, read_pin

ALL_CODES = ("parse", "work-go", "pin", "go-drift", "toolchain-drift", "dep-drift", "local-replace",
             "pseudo", "vendor", "gosum", "pins")


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str  # "error" or "warning"
    file: str  # relative to the repository root
    line: int  # 0 when not tied to a line
    message: str
    hint: str = ""

    def to_json(self) -> dict[str, object]:
        return {"code": self.code, "severity": self.severity, "file": self.file, "line": self.line,
                "message": self.message, "hint": self.hint}


@dataclass
class Module:
    dir: Path
    mod: ModFile | None
    sum: GoSum | None = None


@dataclass
class Report:
    root: Path
    modules: list[str]
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    def to_json(self) -> dict[str, object]:
        return {"root": str(self.root), "modules": self.modules,
                "errors": len(self.errors), "warnings": len(self.findings) - len(self.errors),
                "findings": [f.to_json() for f in self.findings]}


class _Checker:
    def __init__(self, repo: Repo, go_version: str | None, skip: set[str]) -> None:
        self.repo, self.go_version, self.skip = repo, go_version, skip
        self.findings: list[Finding] = []

    @property
    def root(self) -> Path:
        return self.repo.root

    def rel(self, p: Path) -> str:
        try:
            return str(p.relative_to(self.repo.root))
        except ValueError:
            return str(p)

    def add(self, code: str, sev: str, file: Path, line: int, msg: str, hint: str = "") -> None:
        if code not in self.skip:
            self.findings.append(Finding(code, sev, self.rel(file), line, msg, hint))

    def parse_errors(self, e: ModFileError) -> None:
        for pe in e.errors:
            line = pe.pos.line if pe.pos else 0
            self.add("parse", "error", Path(pe.filename), line, pe.msg)

    def load(self, d: Path) -> Module:
        path = d / "go.mod"
        try:
            mod: ModFile | None = parse_mod(str(path), path.read_bytes(), go_version=self.go_version)
        except ModFileError as e:
            self.parse_errors(e)
            mod = None
        m = Module(d, mod)
        sum_path = d / "go.sum"
        if sum_path.is_file():
            m.sum = parse_gosum(sum_path.read_bytes(), str(sum_path), lax=True)
            for n, nf in m.sum.malformed:
                self.add("gosum", "error", sum_path, n,
                         f"malformed go.sum:\n{self.rel(sum_path)}:{n}: wrong number of fields {nf}")
        return m


def check(repo: Repo, *, go_version: str | None = None, skip: set[str] | None = None) -> Report:
    c = _Checker(repo, go_version, skip or set())
    mods = [c.load(d) for d in repo.modules]
    work: WorkFile | None = None
    if repo.work is not None:
        try:
            work = parse_work(str(repo.work), repo.work.read_bytes(), go_version=go_version)
        except ModFileError as e:
            c.parse_errors(e)
    good = [m for m in mods if m.mod is not None]
    check_pins(c)  # the pins category: CI, images, mise, Makefiles (project/pins/check.py)
    _check_go_lines(c, good, work)
    _check_dependencies(c, good, work)
    for m in good:
        _check_replaces(c, m)
        _check_vendor(c, m)
    return Report(repo.root, [c.rel(d) or "." for d in repo.modules], c.findings)


def _go_of(m: Module) -> str:
    assert m.mod is not None
    return m.mod.go or "1.16"  # Go assumes 1.16 for a go.mod without a go line


def _check_go_lines(c: _Checker, mods: list[Module], work: WorkFile | None) -> None:
    if not mods:
        return
    newest = max(mods, key=lambda m: versions.sort_key(_go_of(m)))
    gos = {m.mod.go for m in mods if m.mod and m.mod.go}
    if len(gos) > 1:
        for m in mods:
            assert m.mod is not None
            if m.mod.go_line is not None and m.mod.go != newest.mod.go:  # type: ignore[union-attr]
                c.add("go-drift", "warning", m.dir / "go.mod", m.mod.go_line.start.line,
                      f"go {m.mod.go} differs from go {_go_of(newest)} in {c.rel(newest.dir / 'go.mod')}",
                      "move every module together: gover migrate --go VERSION")
    tcs = {m.mod.toolchain for m in mods if m.mod and m.mod.toolchain}
    if len(tcs) > 1:
        for m in mods:
            if m.mod and m.mod.toolchain_line is not None:
                c.add("toolchain-drift", "warning", m.dir / "go.mod", m.mod.toolchain_line.start.line,
                      f"toolchain {m.mod.toolchain} differs across modules ({', '.join(sorted(tcs))})")
    if work is not None and c.repo.work is not None:
        wgo = work.go or "1.18"
        uses = {(c.repo.work.parent / u.path).resolve() for u in work.use}
        for m in mods:
            if m.dir.resolve() in uses and versions.compare(_go_of(m), wgo) > 0:
                line = work.go_line.start.line if work.go_line else 0
                c.add("work-go", "error", c.repo.work, line,
                      f"module {c.rel(m.dir) or '.'} listed in go.work file requires go >= {_go_of(m)}, "
                      f"but go.work lists go {wgo}",
                      f"gover migrate --go {_go_of(m)} (or raise the go line of go.work)")
    need = _go_of(newest)
    for pin in c.repo.pins:
        got = read_pin(pin)
        if got is None:
            continue
        v, line = got
        if not versions.is_valid(v):
            c.add("pin", "error", pin, line, f"{v!r} is not a Go version")
            continue
        # A pin of 1.22 means the newest 1.22.x, which satisfies go 1.22.0 lines.
        pinned = v if not versions.is_lang(v) else v + ".99"
        if versions.compare(pinned, need) < 0:
            c.add("pin", "error", pin, line,
                  f"pins go {v}, but {c.rel(newest.dir / 'go.mod')} requires go >= {need}",
                  f"gover migrate --go {need}")


def _replaced(m: Module) -> dict[str, tuple[str, str]]:
    assert m.mod is not None
    return {r.old.path: (r.new.path, r.new.version) for r in m.mod.replace}


def _check_dependencies(c: _Checker, mods: list[Module], work: WorkFile | None) -> None:
    own = {m.mod.module for m in mods if m.mod and m.mod.module}
    seen: dict[str, list[tuple[str, Module, int]]] = defaultdict(list)
    for m in mods:
        assert m.mod is not None
        reps = _replaced(m)
        for r in m.mod.require:
            if r.path not in own:
                seen[r.path].append((r.version, m, r.line.start.line))
            _check_sum_entry(c, m, r.path, r.version, reps, r.line.start.line)
            _check_pseudo(c, m, r.path, r.version, r.line.start.line)
    for path, uses in sorted(seen.items()):
        vs = {v for v, _, _ in uses}
        if len(vs) < 2:
            continue
        top = max(vs, key=semver.sort_key)
        for v, m, line in uses:
            if v != top:
                c.add("dep-drift", "error", m.dir / "go.mod", line,
                      f"requires {path} {v}, but other modules require {top}",
                      f"cd {c.rel(m.dir) or '.'} && go get {path}@{top}")


def _check_sum_entry(c: _Checker, m: Module, path: str, version: str,
                     reps: dict[str, tuple[str, str]], line: int) -> None:
    if m.sum is None and not m.mod.require:  # type: ignore[union-attr]
        return
    new = reps.get(path)
    if new is not None:
        if not new[1]:
            return  # replaced by a directory: nothing to sum
        path, version = new
    have = m.sum.hashes(path, version + "/go.mod") if m.sum else []
    if not have:
        c.add("gosum", "error", m.dir / "go.mod", line,
              f"missing go.sum entry for go.mod file of {path}@{version}",
              f"cd {c.rel(m.dir) or '.'} && go mod download {path}")


def _check_pseudo(c: _Checker, m: Module, path: str, version: str, line: int) -> None:
    if not pseudo.is_pseudo(version) or m.sum is None:
        return
    try:
        p = pseudo.decode(version)
    except ValueError:
        return
    tags = [v for (q, v) in m.sum.modules() if q == path and not pseudo.is_pseudo(v)
            and semver.compare(v, version) > 0 and not semver.prerelease(v)]
    if tags:
        tag = max(tags, key=semver.sort_key)
        c.add("pseudo", "warning", m.dir / "go.mod", line,
              f"{path} {version} is a pseudo-version (commit {p.rev} of {p.time_text}); "
              f"tagged release {tag} is in go.sum", f"go get {path}@{tag}")


def _check_replaces(c: _Checker, m: Module) -> None:
    assert m.mod is not None
    for r in m.mod.replace:
        if r.new.version:
            continue
        target = (m.dir / r.new.path).resolve()
        line = r.line.start.line
        try:
            target.relative_to(c.repo.root)
            inside = True
        except ValueError:
            inside = False
        if not (target / "go.mod").is_file():
            c.add("local-replace", "error", m.dir / "go.mod", line,
                  f"replace {r.old.path} => {r.new.path}: {target} has no go.mod")
        elif not inside:
            c.add("local-replace", "error", m.dir / "go.mod", line,
                  f"replace {r.old.path} => {r.new.path} points outside the repository",
                  "drop it before release (go mod edit -dropreplace), or use a go.work")
        else:
            c.add("local-replace", "warning", m.dir / "go.mod", line,
                  f"replace {r.old.path} => {r.new.path} is local: ignored when others depend on this module")


def _check_vendor(c: _Checker, m: Module) -> None:
    path = m.dir / "vendor" / "modules.txt"
    if m.mod is None or not path.is_file():
        return
    vl = parse_vendor(path.read_bytes())
    for detail in check_consistency(m.mod, vl, m.dir):
        c.add("vendor", "error", path, 0, f"inconsistent vendoring: {detail}",
              f"cd {c.rel(m.dir) or '.'} && go mod vendor")
