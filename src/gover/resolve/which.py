"""Which Go runs in a directory: the one answer doctor, ``gover cache``/``modcache`` and
``gover proxy`` read the Go environment from.

gover's resolution decides (``.go-version``, go.mod, the global default …).  When it
selects ``system`` or fails (a pinned version that is not installed), what runs is the
first ``go`` on PATH outside gover, so that one is reported.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from gover.errors import GoverError, NotFoundError
from gover.golang.goenv import GoEnv, goroot_of_binary
from gover.paths import Paths
from gover.record import record
from gover.resolve.core import Resolution, resolve, system_program
from gover.resolve.defaults import read_goroot_version
from gover.resolve.model import read_once


@record(frozen=True)
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


def goenv_for_root(env: Mapping[str, str], goroot: str, version: str | None = None) -> GoEnv:
    """GoEnv for a GOROOT ("" for none: then the defaults every release ships apply)."""
    if version is None:
        version = read_goroot_version(goroot) if goroot else ""
    return GoEnv(env, goroot or None, go_version=version, standard_defaults=not goroot)


@record(frozen=True)
class Current:
    """``gover current``: gover's resolution, for ``system`` the go that then runs, and why
    no Go can run here (``error``: the resolution's, or a Go that does not exist)."""

    resolution: Resolution
    system_go: str | None = None
    error: GoverError | None = None

    def to_json(self) -> dict[str, object]:
        doc = {**self.resolution.to_json(), "system_go": self.system_go}
        if self.error is not None and self.resolution.error is None:
            doc["error"] = {"message": self.error.message, "hint": self.error.hint}
        return doc


def current(directory: str | Path, env: Mapping[str, str], paths: Paths) -> Current:
    res = resolve(directory, env, paths)
    if res.error is not None:
        return Current(res, None, res.error)
    if res.version == "system":
        found = system_program("go", env, paths)
        if found:
            return Current(res, found)
        pinned = res.origin is not None and res.origin.source != "system"
        set_by = f" (system set by {res.origin.where})" if pinned and res.origin else ""
        return Current(res, None, NotFoundError(
            f"no go to run here: gover selects the system go{set_by}, and there is no go on PATH "
            "outside gover", hint="run: gover install latest && gover global latest"))
    if res.goroot is not None and not os.access(res.goroot / "bin" / "go", os.X_OK):
        where = res.origin.where if res.origin else "?"
        return Current(res, None, NotFoundError(
            f"{res.version} is selected (set by {where}) but {res.goroot}/bin/go does not exist",
            hint=f"run: gover uninstall {res.version[2:]} && gover install {res.version[2:]}"))
    return Current(res)


def which_go(directory: str | Path, env: Mapping[str, str], paths: Paths,
             reads: dict[object, object] | None = None) -> SelectedGo:
    """The Go a build in ``directory`` (a logical path, see ``logical_cwd``) runs; ``reads``
    as for ``resolve``."""
    res = resolve(directory, env, paths, reads)
    if res.error is None and res.goroot is not None:
        why = f"selected by gover from {res.origin.where}" if res.origin else "selected by gover"
        root = str(res.goroot)
        version = read_once({} if reads is None else reads, ("VERSION", root), read_goroot_version)
        return SelectedGo(root, version, why, os.path.join(root, "bin", "go"), res)
    first = system_program("go", env, paths)
    if first:
        root = goroot_of_binary(Path(first))
        return SelectedGo(root, read_goroot_version(root), "the first go on PATH", first, res)
    return SelectedGo("", "", "no Go found", "", res)
