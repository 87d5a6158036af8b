"""A Go older than 1.21 meeting the go.mod syntax that 1.21 introduced (go 1.21.0, toolchain)."""

from __future__ import annotations

from gover.doctor.context import DoctorContext, short_path
from gover.doctor.model import Finding, Fix
from gover.errors import ConfigError
from gover.golang import versions
from gover.gomod.modfile import ModFileError, parse_mod

IDS = ("old-go-rejects-go-mod",)
ORDER = 6


def run(ctx: DoctorContext) -> list[Finding]:
    running = ctx.go.version
    _, gomod = ctx.module_files
    if not running or gomod is None or versions.compare(running, "1.21") >= 0:
        return []
    try:
        data = gomod.read_bytes()
    except OSError:
        return []
    try:
        parse_mod(str(gomod), data, go_version=running)
        return []
    except ModFileError as e:
        lines = [str(err) for err in e.errors]
    except ConfigError:
        return []
    # go names the file by its short path in the header and by its full path per line.
    old_error = f"errors parsing {short_path(gomod, ctx.directory)}:\n" + "\n".join(lines)
    try:
        new = parse_mod(str(gomod), data)  # the newest Go reads it: the syntax is just new
    except ConfigError:
        return []  # broken for every Go: not this check's business
    need = new.go or "1.21"
    return [Finding(
        "old-go-rejects-go-mod", "error",
        f"go{running} cannot read this go.mod (written for Go {need})",
        [f"selected: {ctx.go.gobin} (go{running}; {ctx.go.origin})", *lines],
        f"Go before 1.21 rejects the go.mod syntax Go 1.21 introduced; it fails with: go: {old_error}",
        f"select Go >= {need} for this directory (gover local {need}), or install it: "
        f"gover install {need}",
        [Fix("install", {"version": need}, f"install Go {need} with gover")], quote="go: " + old_error)]
