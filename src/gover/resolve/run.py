"""Running a program with a resolved Go (``gover exec``, ``gover which``)."""

from __future__ import annotations

import os
from collections.abc import Mapping

from gover.errors import CommandNotFound
from gover.golang import versions
from gover.paths import Paths
from gover.record import record
from gover.resolve.core import Resolution, program_path


def run_env(res: Resolution, env: Mapping[str, str], paths: Paths) -> dict[str, str]:
    """The environment a program runs with: the version's bin/ first, GOROOT to match.

    When another release stands in for a toolchain line that is not installed
    (``res.preferred``), go >= 1.21 is told it is the toolchain selected, as the shims
    tell it, so it does not go and download the one the line names."""
    out = dict(env)
    home = str(paths.home).rstrip("/") + "/"
    if res.goroot is not None:
        out["GOROOT"] = str(res.goroot)
        out["PATH"] = str(res.goroot / "bin") + os.pathsep + out.get("PATH", "")
        if res.preferred and versions.compare(res.version[2:], "1.21") >= 0:
            out["GOTOOLCHAIN_INTERNAL_SWITCH_VERSION"] = res.version
    elif out.get("GOROOT", "").startswith(home + "versions/"):
        del out["GOROOT"]  # a GOROOT gover set for another version would mislead the system go
    return out


@record(frozen=True)
class GoEnvironment:
    """``gover env``: what a shell must set to run the resolved Go (nothing for system)."""

    version: str
    goroot: str | None

    @property
    def bindir(self) -> str | None:
        return os.path.join(self.goroot, "bin") if self.goroot else None

    def to_json(self) -> dict[str, object]:
        return {"version": self.version, "GOROOT": self.goroot,
                "path_prepend": [self.bindir] if self.bindir else []}


def go_environment(res: Resolution) -> GoEnvironment:
    return GoEnvironment(res.version, str(res.goroot) if res.goroot else None)


def require_program(res: Resolution, program: str, env: Mapping[str, str], paths: Paths) -> str:
    """Where ``program`` is for this resolution; CommandNotFound naming what selected it."""
    found = program_path(res, program, env, paths)
    if found:
        return found
    if res.version == "system":
        where = f"system set by {res.origin.where}" if res.origin and res.origin.source != "system" \
            else "no Go version is selected here"
        raise CommandNotFound(f"{program}: not found on PATH outside gover ({where})",
                              hint=None if res.origin and res.origin.source != "system"
                              else "run: gover install latest && gover global latest")
    where = res.origin.where if res.origin else "?"
    raise CommandNotFound(f"{program}: not found in {res.version} (set by {where})")
