"""What a directory needs installed for Go to run there (``gover install`` with no
argument, the CI one-liner): every release its resolution asks for and lacks.

That is the missing pin or go-line release that stops the shims, and the toolchain
line's release that another one stands in for.  In a workspace, every module the
go.work uses is resolved too, so their own pins (a .go-version in a module, read
when the module is built alone) are covered.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gover.errors import ConfigError
from gover.paths import Paths
from gover.resolve.core import resolve
from gover.resolve.model import Resolution


@dataclass(frozen=True)
class Need:
    spec: str  # what `gover install` takes: "1.25.11", "1.26", "latest"
    why: str  # the message or note that asks for it
    directory: str


@dataclass
class Needs:
    directory: str
    resolution: Resolution
    needs: list[Need] = field(default_factory=list)
    directories: list[str] = field(default_factory=list)  # every directory resolved

    def specs(self) -> list[str]:
        out: list[str] = []
        for n in self.needs:
            if n.spec not in out:
                out.append(n.spec)
        return out

    def to_json(self) -> dict[str, Any]:
        return {"directory": self.directory, "directories": self.directories,
                "needs": [{"spec": n.spec, "why": n.why, "directory": n.directory} for n in self.needs]}


def _need(res: Resolution, d: str) -> Need | None:
    if res.error is not None and res.install:
        return Need(res.install, res.error.message, d)
    if res.preferred:
        return Need(res.preferred, res.note, d)
    return None


def workspace_dirs(directory: str, env: Mapping[str, str]) -> list[str]:
    """The module directories of the go.work Go reads in ``directory`` (none without one)."""
    from gover.golang.goenv import GoEnv
    from gover.gomod import lookup
    from gover.gomod.workfile import parse_work

    ge = GoEnv(env)
    try:
        choice = lookup.module_file(directory, env, ge.lookup("GOWORK").value, ge.lookup("GO111MODULE").value)
    except ConfigError:
        return []
    work = choice.path
    if not work or os.path.basename(work) == "go.mod" or not os.path.isfile(work):
        return []
    try:
        with open(work, "rb") as f:
            wf = parse_work(work, f.read())
    except (OSError, ConfigError):
        return []
    base = os.path.dirname(work)
    return [os.path.normpath(os.path.join(base, u.path)) for u in wf.use]


def needed(directory: str | Path, env: Mapping[str, str], paths: Paths) -> Needs:
    d = str(directory)
    res = resolve(d, env, paths)
    out = Needs(d, res, directories=[d])
    first = _need(res, d)
    if first:
        out.needs.append(first)
    for m in workspace_dirs(d, env):
        if m in out.directories or not os.path.isdir(m):
            continue
        out.directories.append(m)
        n = _need(resolve(m, {**env, "PWD": m}, paths), m)
        if n:
            out.needs.append(n)
    return out
