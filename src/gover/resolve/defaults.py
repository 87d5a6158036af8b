"""The directory's default Go: what ``go`` on PATH would be if gover were a plain
installer — before GOTOOLCHAIN and the go.work/go.mod lines have their say.

``GOVER_VERSION`` (``gover shell``), else the nearest ``.go-version`` or
``.tool-versions`` walking up from the working directory, else the global default
(``gover global``), else ``system``: the first go on PATH outside gover.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from pathlib import Path

from gover.errors import ConfigError
from gover.fsutil import same_file
from gover.golang.goenv import goroot_of_binary
from gover.paths import Paths
from gover.record import record
from gover.resolve.files import BLANKS, read_tool_versions, read_version_file
from gover.resolve.model import Step, Tracer
from gover.resolve.select import BadValue, Pick, pick_spec

NOTHING_HERE = "no .go-version or .tool-versions"


@record(frozen=True)
class Default:
    name: str  # "go1.21.13" or "system"
    version: str  # "1.21.13"; "" when unknown (no system go, or no VERSION file)
    index: int  # where its step is in the trace
    root: str  # the GOROOT whose go.env is GOTOOLCHAIN's last layer ("" for none)
    exists: bool = True  # False for system when there is no go on PATH outside gover

    def describe(self) -> str:
        if self.name != "system":
            return self.name
        return f"system (go{self.version})" if self.version else "system (no go on PATH outside gover)"


def ancestors(d: str) -> Iterator[str]:
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


def read_goroot_version(goroot: str) -> str:
    """The release in ``GOROOT/VERSION`` ("go1.22.10" → "1.22.10"), or ""."""
    try:
        first = (Path(goroot) / "VERSION").read_text().split("\n", 1)[0].strip()
    except OSError:
        return ""
    return first.removeprefix("go") if first.startswith("go1") else ""


def system_go(env: Mapping[str, str], paths: Paths) -> tuple[str, str, str]:
    """(the system go, its GOROOT, its version), each "" when unknown."""
    found = system_program("go", env, paths)
    if not found:
        return "", "", ""
    root = goroot_of_binary(Path(found))
    return found, root, read_goroot_version(root) if root else ""


class DefaultFinder:
    def __init__(self, t: Tracer) -> None:
        self.t = t

    def find(self) -> Default:
        t = self.t
        value = t.env.get("GOVER_VERSION", "").strip(BLANKS)
        if value:
            return self._spec(Step("GOVER_VERSION", value=value), value)
        t.note(Step("GOVER_VERSION", reason="not set"))
        for d in ancestors(t.cwd):
            found = self._directory(d)
            if found is not None:
                return found
        gf = str(t.paths.global_version_file)
        if os.path.isfile(gf):
            return self._version_file(Step("global", gf))
        t.note(Step("global", gf, reason="not set (gover global)"))
        path, root, version = system_go(t.env, t.paths)
        if not path:
            why = "no go on PATH outside gover"
        else:
            why = f"the first go on PATH outside gover (go{version})" if version else \
                "the first go on PATH outside gover (its version is unknown: no GOROOT/VERSION)"
        return self._add(Step("system", path, reason=why), "system", version, root, bool(path))

    def _add(self, step: Step, name: str, version: str, root: str, exists: bool = True) -> Default:
        self.t.note(step)
        return Default(name, version, len(self.t.trace) - 1, root, exists)

    def _from_pick(self, step: Step, pick: Pick) -> Default:
        step = Step(step.source, step.path, step.line, step.value, False, pick.why)
        if pick.name == "system":
            path, root, version = system_go(self.t.env, self.t.paths)
            return self._add(step, "system", version, root, bool(path))
        return self._add(step, pick.name, pick.name[2:], str(self.t.paths.version_dir(pick.name)))

    def _spec(self, step: Step, value: str) -> Default:
        return self._from_pick(step, self.t.spec(step, value))

    def _directory(self, d: str) -> Default | None:
        t = self.t
        base = "" if d == "/" else d
        noted = len(t.trace)
        gv = f"{base}/.go-version"
        if os.path.isfile(gv):
            return self._version_file(Step(".go-version", gv))
        if os.path.isdir(gv):
            t.note(Step(".go-version", gv, reason="is a directory; ignored"))
        tv = f"{base}/.tool-versions"
        if os.path.isfile(tv):
            res = self._tool_versions(tv)
            if res is not None:
                return res
        elif os.path.isdir(tv):
            t.note(Step(".tool-versions", tv, reason="is a directory; ignored"))
        if len(t.trace) == noted:
            t.note(Step("directory", d, reason=NOTHING_HERE))
        return None

    def _version_file(self, step: Step) -> Default:
        try:
            v = self.t.read((".go-version", step.path), read_version_file)
        except ConfigError as e:
            raise self.t.fail(step, e) from None
        return self._spec(Step(step.source, step.path, v.line, v.value), v.value)

    def _tool_versions(self, path: str) -> Default | None:
        t = self.t
        try:
            tl = read_tool_versions(path)
        except ConfigError as e:
            raise t.fail(Step(".tool-versions", path), e) from None
        if tl is None:
            t.note(Step(".tool-versions", path, reason="has no golang or go line"))
            return None
        first: tuple[Step, Pick] | None = None
        for v in tl.versions:
            step = Step(".tool-versions", path, tl.line, v)
            try:
                pick = pick_spec(v, t.installed)
            except BadValue as e:
                raise t.bad(step, str(e)) from None
            if pick.name:
                return self._from_pick(step, pick)
            first = first or (step, pick)
        assert first is not None  # read_tool_versions never returns an empty list
        raise t.missing(*first)
