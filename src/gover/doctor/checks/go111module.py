"""GO111MODULE: invalid values, and GOPATH mode inside a module."""

from __future__ import annotations

from gover.doctor.context import DoctorContext
from gover.doctor.model import Finding

IDS = ("go111module-invalid", "go111module-off")
ORDER = 50


def run(ctx: DoctorContext) -> list[Finding]:
    s = ctx.goenv.effective("GO111MODULE")
    if s.value in ("", "on", "auto"):
        return []
    fix = "go env -u GO111MODULE" if s.origin == "file" else "unset GO111MODULE"
    if s.value != "off":
        return [Finding(
            "go111module-invalid", "error", f"GO111MODULE={s.value} is not valid", [s.describe()],
            f"every go command fails with: go: unknown environment setting GO111MODULE={s.value}",
            fix + "   (valid values: on, off, auto, or empty)")]
    gowork, gomod = ctx.module_files
    if gomod is None and gowork is None:
        return []
    return [Finding(
        "go111module-off", "error", "GO111MODULE=off in a module: go ignores go.mod",
        [s.describe(), f"module file: {gowork or gomod}"],
        "go builds in GOPATH mode: go.mod, go.sum and go.work are ignored, dependencies are "
        "looked up in GOPATH/src (\"cannot find package ... in any of\"), and toolchain "
        "switching (GOTOOLCHAIN, the toolchain line) is skipped", fix)]
