"""go.work declaring an older go than one of the modules it uses."""

from __future__ import annotations

from pathlib import Path

from gover.doctor.context import DoctorContext, short_path
from gover.doctor.model import Finding
from gover.errors import ConfigError
from gover.golang import versions
from gover.gomod.modfile import parse_mod
from gover.gomod.workfile import parse_work

IDS = ("gowork-go-too-low",)
ORDER = 7


def run(ctx: DoctorContext) -> list[Finding]:
    gowork, _ = ctx.module_files
    if gowork is None or not gowork.is_file():
        return []
    try:
        wf = parse_work(str(gowork), gowork.read_bytes())
    except (ConfigError, OSError):
        return []
    out = []
    for use in wf.use:
        gomod = (gowork.parent / use.path / "go.mod") if not Path(use.path).is_absolute() \
            else Path(use.path) / "go.mod"
        try:
            mf = parse_mod(str(gomod), gomod.read_bytes())
        except (ConfigError, OSError):
            continue
        if mf.go and (not wf.go or versions.compare(mf.go, wf.go) > 0):
            # go names the module by its directory, relative to where it runs if shorter.
            rel = short_path(gomod.parent, ctx.directory)
            work_go = wf.go or "1.18"
            out.append(Finding(
                "gowork-go-too-low", "error",
                f"go.work says go {work_go}, but {use.path} needs go {mf.go}",
                [f"{gowork}: go {work_go}", f"{gomod}: go {mf.go}"],
                f"every command in the workspace fails with: go: module {rel} listed in go.work "
                f"file requires go >= {mf.go}, but go.work lists go {work_go}; to update it:\n"
                "\tgo work use", f"cd {gowork.parent} && go work use   (raises go.work's go line)"))
    return out

