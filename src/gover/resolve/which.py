"""Which Go runs in a directory: the one answer doctor, ``gover cache``/``modcache`` and
``gover proxy`` read the Go environment from.

gover's resolution decides (``.go-version``, go.mod, the global default …).  When it
selects ``system`` or fails (a pinned version that is not installed), what runs is the
first ``go`` on PATH outside gover, so that one is reported.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from gover.golang.goenv import GoEnv, goroot_of_binary
from gover.paths import Paths
from gover.resolve.core import Resolution, resolve, system_program


@dataclass(frozen=True)
class SelectedGo:
    """The Go that applies in a directory, and why."""

    goroot: str  # "" when no Go could be found at all
    version: str  # "1.22.10" from GOROOT/VERSION ("" if unknown)
    origin: str  # how it was selected, for evidence
    gobin: str  # the go binary
    resolution: Resolution  # gover's own answer, with its trace and any error

    def goenv(self, env: Mapping[str, str]) -> GoEnv:
        """The environment as this Go reads it (its GOROOT/go.env is the last layer)."""
        return goenv_for_root(env, self.goroot, self.version)


def read_goroot_version(goroot: str) -> str:
    """The release in ``GOROOT/VERSION`` ("go1.22.10" → "1.22.10"), or ""."""
    try:
        first = (Path(goroot) / "VERSION").read_text().split("\n", 1)[0].strip()
    except OSError:
        return ""
    return first.removeprefix("go") if first.startswith("go1") else ""


def goenv_for_root(env: Mapping[str, str], goroot: str, version: str | None = None) -> GoEnv:
    """GoEnv for a GOROOT ("" for none: then the defaults every release ships apply)."""
    if version is None:
        version = read_goroot_version(goroot) if goroot else ""
    return GoEnv(env, goroot or None, go_version=version, standard_defaults=not goroot)


@dataclass(frozen=True)
class Current:
    """``gover current``: gover's resolution, and for ``system`` the go that then runs."""

    resolution: Resolution
    system_go: str | None = None

    def to_json(self) -> dict[str, object]:
        return {**self.resolution.to_json(), "system_go": self.system_go}


def current(directory: str | Path, env: Mapping[str, str], paths: Paths) -> Current:
    res = resolve(directory, env, paths)
    return Current(res, system_program("go", env, paths) if res.version == "system" else None)


def which_go(directory: str | Path, env: Mapping[str, str], paths: Paths) -> SelectedGo:
    """The Go a build in ``directory`` (a logical path, see ``logical_cwd``) runs."""
    res = resolve(directory, env, paths)
    if res.error is None and res.goroot is not None:
        why = f"selected by gover from {res.origin.where}" if res.origin else "selected by gover"
        root = str(res.goroot)
        return SelectedGo(root, read_goroot_version(root), why, os.path.join(root, "bin", "go"), res)
    first = system_program("go", env, paths)
    if first:
        root = goroot_of_binary(Path(first))
        return SelectedGo(root, read_goroot_version(root), "the first go on PATH", first, res)
    return SelectedGo("", "", "no Go found", "", res)
