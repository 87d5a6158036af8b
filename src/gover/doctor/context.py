"""Everything a doctor check may look at, computed once and lazily.

Checks never run ``go`` themselves: the environment is read the way ``go`` reads it
(``goenv.GoEnv``) for the Go selected in the directory, and files are read directly.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import cached_property
from pathlib import Path

from gover.errors import ConfigError
from gover.golang.goenv import GoEnv
from gover.paths import Paths
from gover.record import field, record
from gover.resolve.core import Resolution
from gover.resolve.which import SelectedGo, read_goroot_version, which_go

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at start-up
if TYPE_CHECKING:
    from gover.gomod.modfile import ModFile

__all__ = ["DoctorContext", "SelectedGo", "gos_on_path", "path_entries", "read_goroot_version",
           "short_path"]

def short_path(path: Path, cwd: Path) -> str:
    """cmd/go's base.ShortPath: the path relative to the working dir when that is shorter."""
    rel = os.path.relpath(path, cwd)
    return rel if len(rel) < len(str(path)) else str(path)


def path_entries(env: Mapping[str, str]) -> list[str]:
    return [p for p in env.get("PATH", "").split(os.pathsep) if p]


def gos_on_path(env: Mapping[str, str]) -> list[str]:
    """Every executable named ``go`` on PATH, in PATH order (the first one runs)."""
    found = []
    for d in path_entries(env):
        cand = os.path.join(d, "go")
        if os.path.isfile(cand) and os.access(cand, os.X_OK) and cand not in found:
            found.append(cand)
    return found


@record
class DoctorContext:
    directory: Path
    env: Mapping[str, str]
    paths: Paths
    online: bool = False  # network probes (GOPROXY chain, checksum database) allowed
    # The files this run's resolutions read, shared by them all (resolve's ``reads``): a
    # context is one snapshot, and --fix diagnoses again with a new one.
    reads: dict[object, object] = field(default_factory=dict, compare=False, repr=False)

    @cached_property
    def go(self) -> SelectedGo:
        return which_go(self.directory, self.env, self.paths, self.reads)

    @cached_property
    def go_unpinned(self) -> SelectedGo:
        """The Go gover would select here if GOTOOLCHAIN were unset (auto): what a fix that
        removes a GOTOOLCHAIN pin leaves running."""
        return which_go(self.directory, {**self.env, "GOTOOLCHAIN": "auto"}, self.paths, self.reads)

    @property
    def resolution(self) -> Resolution:
        """gover.resolve's Resolution for the directory (with its trace and any error)."""
        return self.go.resolution

    @cached_property
    def goenv(self) -> GoEnv:
        return self.go.goenv(self.env)

    @cached_property
    def path_dirs(self) -> list[str]:
        return path_entries(self.env)

    @cached_property
    def module_files(self) -> tuple[Path | None, Path | None]:
        """(go.work, go.mod) as go finds them from the directory: GOWORK (unless off),
        else the nearest go.work upward; and the nearest go.mod upward."""
        gowork: Path | None = None
        raw = self.env.get("GOWORK", "")
        if raw and raw != "off":
            gowork = Path(raw) if os.path.isabs(raw) else self.directory / raw
        gomod: Path | None = None
        for d in [self.directory, *self.directory.parents]:
            if gomod is None and (d / "go.mod").is_file():
                gomod = d / "go.mod"
            if not raw and gowork is None and (d / "go.work").is_file():
                gowork = d / "go.work"
        return gowork, gomod

    @cached_property
    def main_modfile(self) -> ModFile | None:
        """The go.mod of ``module_files``, parsed once for every check; None when there is
        none or go cannot parse it (the parse checks report that)."""
        from gover.gomod.modfile import parse_mod

        _, gomod = self.module_files
        if gomod is None:
            return None
        try:
            return parse_mod(str(gomod), gomod.read_bytes())
        except (ConfigError, OSError):
            return None
