"""The ``go`` line that governs a directory, found the way the go command finds it.

Go uses the workspace file when there is one (``GOWORK``, else the nearest
``go.work`` upward) and otherwise the nearest ``go.mod`` upward.  A file without a
``go`` line means Go 1.16 for go.mod and Go 1.18 for go.work (cmd/go's
DefaultGoModVersion / DefaultGoWorkVersion).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from gover.errors import ConfigError
from gover.golang import versions
from gover.record import record

DEFAULT_GO_MOD = "1.16"
DEFAULT_GO_WORK = "1.18"


@record(frozen=True)
class GoLine:
    file: Path  # the go.mod or go.work that decides
    version: str  # "1.21", "1.22.0" (Go's default when the file has no go line)
    declared: bool  # False when the file has no go line

    def describe(self) -> str:
        what = f"go {self.version}" if self.declared else f"no go line (Go assumes {self.version})"
        return f"{what} in {self.file}"


def find_file(start: Path, env: Mapping[str, str]) -> Path | None:
    """The go.work or go.mod the go command would read from ``start``: the same lookup
    gover's resolver makes (gomod.lookup: GOWORK and GO111MODULE from the process or the
    go env file, Go's temp-dir quirk), so matrix and the shims agree on the module."""
    from gover.golang.goenv import GoEnv
    from gover.gomod import lookup

    ge = GoEnv(env)
    gowork = ge.lookup("GOWORK").value
    if gowork not in ("", "auto", "off") and not os.path.isabs(gowork):
        raise ConfigError(f"invalid GOWORK: not an absolute path: {gowork}")
    choice = lookup.module_file(str(start), env, gowork, ge.lookup("GO111MODULE").value)
    return Path(choice.path) if choice.path else None


def read_go_line(path: Path) -> GoLine:
    """Parse ``path`` strictly (as the main module); Go's own error text on failure."""
    from gover.gomod.modfile import parse_mod
    from gover.gomod.workfile import parse_work

    try:
        data = path.read_bytes()
    except OSError as e:
        raise ConfigError(f"cannot read {path}: {e.strerror or e}") from e
    if path.name == "go.work" or path.suffix == ".work":
        go, default = parse_work(str(path), data).go, DEFAULT_GO_WORK
    else:
        go, default = parse_mod(str(path), data).go, DEFAULT_GO_MOD
    return GoLine(path, go or default, go is not None)


def find_go_line(start: Path, env: Mapping[str, str]) -> GoLine | None:
    path = find_file(start.resolve(), env)
    return read_go_line(path) if path is not None else None


def lowest_below(root: Path) -> GoLine | None:
    """For a directory above several modules (a monorepo root): the lowest go line among
    the modules below it, since CI must cover the oldest Go any of them claims."""
    from gover.project import repo

    lines = [read_go_line(m / "go.mod") for m in repo.discover(root).modules]
    return min(lines, key=lambda g: versions.sort_key(g.version), default=None)
