"""The precedence walk (see the package docstring) and its trace."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gover.errors import ConfigError, GoverError, NotInstalledError
from gover.fsutil import logical_cwd, same_file  # noqa: F401  (logical_cwd: re-exported by gover.resolve)
from gover.golang import versions
from gover.golang.goenv import GoEnv
from gover.gomod import lookup
from gover.paths import Paths
from gover.resolve.files import BLANKS, read_tool_versions, read_version_file
from gover.resolve.select import BadValue, Pick, check_toolchain, pick_exact, pick_minimum, pick_spec
from gover.toolchain.store import Store


@dataclass(frozen=True)
class Step:
    """One source consulted: what it said and why it did or did not apply."""

    source: str  # GOVER_VERSION, .go-version, .tool-versions, go.work, go.mod, directory,
    #              global, system, command line
    path: str = ""  # the file or directory ("" for variables)
    line: int = 0
    value: str = ""
    applied: bool = False
    reason: str = ""

    @property
    def where(self) -> str:
        if self.path and self.line:
            return f"{self.path}:{self.line}"
        return self.path or self.source

    def to_json(self) -> dict[str, Any]:
        return {"source": self.source, "path": self.path or None, "line": self.line or None,
                "value": self.value or None, "applied": self.applied, "reason": self.reason}


@dataclass(frozen=True)
class Resolution:
    version: str  # "go1.22.10", "system", or "" when ``error`` is set
    origin: Step | None  # the step that decided (or failed)
    goroot: Path | None  # what shims and hooks set GOROOT to (None for system)
    trace: tuple[Step, ...] = field(default=())
    error: GoverError | None = None
    install: str = ""  # when not installed: the argument `gover install` takes

    def to_json(self) -> dict[str, Any]:
        err = None if self.error is None else {"message": self.error.message, "hint": self.error.hint}
        return {"version": self.version or None,
                "origin": self.origin.to_json() if self.origin else None,
                "goroot": str(self.goroot) if self.goroot else None,
                "error": err, "trace": [s.to_json() for s in self.trace]}


NOTHING_HERE = "no .go-version, .tool-versions, go.work or go.mod"


class _Failed(Exception):
    def __init__(self, step: Step, error: GoverError, install: str = "") -> None:
        super().__init__(error.message)
        self.step, self.error, self.install = step, error, install


def _ancestors(d: str) -> Iterator[str]:
    d = os.path.normpath(d)
    while True:
        yield d
        parent = os.path.dirname(d)
        if parent == d:
            return
        d = parent


def system_program(program: str, env: Mapping[str, str], paths: Paths) -> str | None:
    """The first ``program`` on PATH outside GOVER_HOME (never a shim, even via a symlink)."""
    home = str(paths.home).rstrip("/") + "/"
    shim = str(paths.shims / program)
    for d in env.get("PATH", "").split(":"):
        if not d.startswith("/") or (d + "/").startswith(home):
            continue
        p = os.path.join(d, program)
        if os.path.isfile(p) and os.access(p, os.X_OK) and not same_file(p, shim):
            return p
    return None


def program_path(res: Resolution, program: str, env: Mapping[str, str], paths: Paths) -> str | None:
    """Where ``program`` is for this resolution (None if the chosen Go lacks it)."""
    if res.version == "system":
        return system_program(program, env, paths)
    if res.goroot is None:
        return None
    p = res.goroot / "bin" / program
    return str(p) if p.is_file() and os.access(p, os.X_OK) else None


class _Walk:
    def __init__(self, cwd: str, env: Mapping[str, str], paths: Paths) -> None:
        self.cwd, self.env, self.paths = cwd, env, paths
        self.trace: list[Step] = []
        self._installed: list[str] | None = None
        self._goenv = GoEnv(env)

    @property
    def installed(self) -> list[str]:
        if self._installed is None:
            self._installed = Store(self.paths).names()
        return self._installed

    def done(self, step: Step, name: str, why: str) -> Resolution:
        step = Step(step.source, step.path, step.line, step.value, True, why)
        self.trace.append(step)
        root = None if name == "system" else self.paths.version_dir(name)
        return Resolution(name, step, root, tuple(self.trace))

    def fail(self, step: Step, error: GoverError, install: str = "") -> _Failed:
        step = Step(step.source, step.path, step.line, step.value, False, error.message)
        self.trace.append(step)
        return _Failed(step, error, install)

    def bad(self, step: Step, message: str) -> _Failed:
        return self.fail(step, ConfigError(f"{step.where}: {message}"))

    def apply(self, step: Step, pick: Pick) -> Resolution:
        if pick.name:
            return self.done(step, pick.name, pick.why)
        raise self.fail(step, NotInstalledError(f"{pick.missing} (set by {step.where})",
                                                hint=f"run: gover install {pick.install}"), pick.install)

    def spec(self, step: Step) -> Resolution:
        try:
            pick = pick_spec(step.value, self.installed)
        except BadValue as e:
            raise self.bad(step, str(e)) from None
        return self.apply(step, pick)

    # --- the sources, in order ------------------------------------------------------

    def run(self) -> Resolution:
        value = self.env.get("GOVER_VERSION", "").strip(BLANKS)
        if value:
            return self.spec(Step("GOVER_VERSION", value=value))
        self.trace.append(Step("GOVER_VERSION", reason="not set"))
        modules_done = False
        for d in _ancestors(self.cwd):
            res, modules_done = self.directory(d, modules_done)
            if res is not None:
                return res
        if not modules_done:
            gowork = self._goenv.lookup("GOWORK").value
            if gowork not in ("", "auto", "off"):
                res = self.modules("")
                if res is not None:
                    return res
        return self.global_default()

    def directory(self, d: str, modules_done: bool) -> tuple[Resolution | None, bool]:
        base = "" if d == "/" else d
        noted = len(self.trace)
        gv = f"{base}/.go-version"
        if os.path.isfile(gv):
            return self.version_file(Step(".go-version", gv)), modules_done
        if os.path.isdir(gv):
            self.trace.append(Step(".go-version", gv, reason="is a directory; ignored"))
        tv = f"{base}/.tool-versions"
        if os.path.isfile(tv):
            res = self.tool_versions(tv)
            if res is not None:
                return res, modules_done
        elif os.path.isdir(tv):
            self.trace.append(Step(".tool-versions", tv, reason="is a directory; ignored"))
        if lookup.is_file_like(f"{base}/go.work") or lookup.is_file_like(f"{base}/go.mod"):
            if not modules_done:
                return self.modules(d), True
            self.trace.append(Step("go.mod", d, reason="not consulted again: Go reads one module file"))
        if len(self.trace) == noted:
            self.trace.append(Step("directory", d, reason=NOTHING_HERE))
        return None, modules_done

    def version_file(self, step: Step) -> Resolution:
        try:
            v = read_version_file(step.path)
        except ConfigError as e:
            raise self.fail(step, e) from None
        return self.spec(Step(step.source, step.path, v.line, v.value))

    def tool_versions(self, path: str) -> Resolution | None:
        try:
            tl = read_tool_versions(path)
        except ConfigError as e:
            raise self.fail(Step(".tool-versions", path), e) from None
        if tl is None:
            self.trace.append(Step(".tool-versions", path, reason="has no golang or go line"))
            return None
        first: tuple[Step, Pick] | None = None
        for v in tl.versions:
            step = Step(".tool-versions", path, tl.line, v)
            try:
                pick = pick_spec(v, self.installed)
            except BadValue as e:
                raise self.bad(step, str(e)) from None
            if pick.name:
                return self.done(step, pick.name, pick.why)
            first = first or (step, pick)
        assert first is not None  # read_tool_versions never returns an empty list
        return self.apply(*first)

    def modules(self, d: str) -> Resolution | None:
        go111 = self._goenv.lookup("GO111MODULE").value
        gowork = self._goenv.lookup("GOWORK").value
        try:
            choice = lookup.module_file(self.cwd, self.env, gowork, go111)
        except ConfigError as e:
            raise self.fail(Step("GOWORK", value=gowork), e) from None
        if not choice.path:
            self.trace.append(Step("go.mod", d, reason=choice.why))
            return None
        source = "go.mod" if os.path.basename(choice.path) == "go.mod" else "go.work"
        try:
            ml = lookup.read_lines(choice.path)
        except ConfigError as e:
            raise self.fail(Step(source, choice.path), e) from None
        return self.module_lines(source, ml, choice.why)

    def module_lines(self, source: str, ml: lookup.ModLines, why: str) -> Resolution | None:
        path, go, tc = ml.path, ml.go, ml.toolchain
        gov = go.value if go and versions.is_valid(go.value) else ""
        if go and not gov:
            self.trace.append(Step(source, path, go.line, go.value,
                                   reason=f'invalid go version "{go.value}": Go ignores it when choosing '
                                   "a toolchain (and reports it when it loads the module)"))
        if tc and tc.value not in ("", "default"):
            step = Step(source, path, tc.line, tc.value)
            try:
                tv = check_toolchain(tc.value)
            except BadValue as e:
                raise self.bad(step, str(e)) from None
            if not gov or versions.compare(tv, gov) >= 0:
                pick = pick_exact(tv, self.installed)
                suffix = "" if tc.value == f"go{tv}" else f" (Go would run {tc.value}; gover runs go{tv})"
                return self.apply(step, Pick(pick.name, f"toolchain line, {why}{suffix}",
                                             pick.missing, pick.install))
            self.trace.append(Step(source, path, tc.line, tc.value,
                                   reason=f"older than go {gov}: Go uses the go line"))
        elif tc:
            self.trace.append(Step(source, path, tc.line, tc.value,
                                   reason="toolchain default: only the go line counts" if tc.value
                                   else "empty toolchain line: Go ignores it"))
        if gov:
            pick = pick_minimum(gov, self.installed)
            return self.apply(Step(source, path, go.line, go.value),
                              Pick(pick.name, f"go line, {why}: {pick.why}", pick.missing, pick.install))
        self.trace.append(Step(source, path, reason=f"{why}; it has no usable go or toolchain line"))
        return None

    def global_default(self) -> Resolution:
        gf = str(self.paths.global_version_file)
        if os.path.isfile(gf):
            return self.version_file(Step("global", gf))
        self.trace.append(Step("global", gf, reason="not set (gover global)"))
        found = system_program("go", self.env, self.paths)
        why = "the first go on PATH outside gover" if found else "no go on PATH outside gover"
        return self.done(Step("system", found or ""), "system", why)


def resolve(cwd: str | Path, env: Mapping[str, str], paths: Paths) -> Resolution:
    """The Go version for ``cwd`` (a logical path, see :func:`logical_cwd`)."""
    w = _Walk(str(cwd), env, paths)
    try:
        return w.run()
    except _Failed as f:
        return Resolution("", f.step, None, tuple(w.trace), f.error, f.install)


def resolve_spec(spec: str, env: Mapping[str, str], paths: Paths) -> Resolution:
    """An explicit request (``gover exec 1.23``), with the same matching rules."""
    w = _Walk("/", env, paths)
    try:
        return w.spec(Step("command line", value=spec.strip(BLANKS)))
    except _Failed as f:
        return Resolution("", f.step, None, tuple(w.trace), f.error, f.install)
