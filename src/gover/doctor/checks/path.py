"""Which go a shell really runs: several go commands on PATH."""

from __future__ import annotations

from pathlib import Path

from gover.doctor.context import DoctorContext, gos_on_path, read_goroot_version
from gover.doctor.model import Finding
from gover.goenv import goroot_of_binary

IDS = ("go-several-on-path",)
ORDER = 10


def run(ctx: DoctorContext) -> list[Finding]:
    gos = gos_on_path(ctx.env)
    if len(gos) < 2:
        return []
    described = []
    for g in gos:
        v = read_goroot_version(goroot_of_binary(Path(g)))
        described.append(f"{g} (go{v})" if v else g)
    return [Finding(
        "go-several-on-path", "info", f"{len(gos)} go commands are on PATH; the first one runs",
        described, f"a shell runs {gos[0]}; the others are shadowed",
        "remove the ones you do not use from PATH, or put gover's shims first")]
