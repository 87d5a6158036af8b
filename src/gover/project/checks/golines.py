"""The go and toolchain lines: go.work older than a module it uses (Go refuses), a
``.go-version``/``.tool-versions`` pin older than a module (the pinned Go cannot build
it), and modules that disagree (advice)."""

from __future__ import annotations

from pathlib import Path

from gover.errors import ConfigError, UsageError
from gover.golang import versions
from gover.golang.gostrconv import quote
from gover.project.checks.base import Checker, Module, go_of
from gover.resolve.select import SPEC_FORMS

CODES = ("work-go", "pin", "go-drift", "toolchain-drift")


def run(c: Checker) -> None:
    mods = c.good
    if not mods:
        return
    newest = max(mods, key=lambda m: versions.sort_key(go_of(m)))
    _drift(c, mods, newest)
    _work_go(c, mods)
    _pins(c, newest)


def _drift(c: Checker, mods: list[Module], newest: Module) -> None:
    assert newest.mod is not None
    gos = {m.mod.go for m in mods if m.mod and m.mod.go}
    if len(gos) > 1:
        for m in mods:
            assert m.mod is not None
            if m.mod.go_line is not None and m.mod.go != newest.mod.go:
                c.add("go-drift", "warning", m.dir / "go.mod", m.mod.go_line.start.line,
                      f"go {m.mod.go} differs from go {go_of(newest)} in {c.rel(newest.dir / 'go.mod')}",
                      "move every module together: gover migrate --go VERSION",
                      related=(newest.dir / "go.mod",))
    tcs = {m.mod.toolchain for m in mods if m.mod and m.mod.toolchain}
    if len(tcs) > 1:
        for m in mods:
            if m.mod and m.mod.toolchain_line is not None:
                c.add("toolchain-drift", "warning", m.dir / "go.mod", m.mod.toolchain_line.start.line,
                      f"toolchain {m.mod.toolchain} differs across modules ({', '.join(sorted(tcs))})")


def _work_go(c: Checker, mods: list[Module]) -> None:
    work, path = c.work, c.work_path
    if work is None or path is None:
        return
    wgo = work.go or "1.18"
    uses = {c.real(path.parent / u.path) for u in work.use}
    for m in mods:
        if c.real(m.dir) in uses and versions.compare(go_of(m), wgo) > 0:
            line = work.go_line.start.line if work.go_line else 0
            c.add("work-go", "error", path, line,
                  f"module {c.rel_dir(m.dir)} listed in go.work file requires go >= {go_of(m)}, "
                  f"but go.work lists go {wgo}",
                  f"gover migrate --go {go_of(m)} (or raise the go line of go.work)",
                  related=(m.dir / "go.mod",))


def read_pin(path: Path) -> tuple[str, int]:
    """The version a ``.go-version`` or ``.tool-versions`` pins, read exactly as ``gover
    current`` reads it (a BOM, CR line ends, comments); ConfigError for a bad file."""
    from gover.resolve.files import read_tool_versions, read_version_file

    if path.name == ".tool-versions":
        tl = read_tool_versions(str(path))
        if tl is None:
            raise LookupError(path)
        return tl.versions[0], tl.line
    v = read_version_file(str(path))
    return v.value, v.line


def _pins(c: Checker, newest: Module) -> None:
    need = go_of(newest)
    for pin in c.repo.pins:
        try:
            v, line = read_pin(pin)
        except LookupError:
            continue  # a .tool-versions without a golang line pins nothing
        except ConfigError as e:
            c.add("pin", "error", pin, 0, e.message.replace(str(pin), c.rel(pin)))
            continue
        if v == "system":
            continue
        try:  # the spec forms gover current accepts, with its words when it refuses one
            spec = versions.parse_spec(v)
        except UsageError:
            c.add("pin", "error", pin, line, f"{c.rel(pin)}:{line}: invalid version {quote(v)}: "
                  f"expected {SPEC_FORMS}")
            continue
        if spec.kind == "stable" or "." not in spec.version:
            continue  # the newest installed (1.x) release: nothing to compare before it runs
        v = spec.version
        # A pin of 1.22 means the newest 1.22.x, which satisfies go 1.22.0 lines.
        pinned = v if spec.kind == "exact" else v + ".99"
        if versions.compare(pinned, need) < 0:
            c.add("pin", "error", pin, line,
                  f"pins go {v}, but {c.rel(newest.dir / 'go.mod')} requires go >= {need}",
                  f"gover migrate --go {need}", related=(newest.dir / "go.mod",))
