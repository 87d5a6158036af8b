"""GOROOT set by hand, and GOROOT pointing at another release than the go binary."""

from __future__ import annotations

from gover.doctor.context import DoctorContext, read_goroot_version
from gover.doctor.model import Finding, Fix

IDS = ("goroot-mismatch", "goroot-set")
ORDER = 20


def run(ctx: DoctorContext) -> list[Finding]:
    if not ctx.go.goroot:
        return []
    s = ctx.goenv.goroot()
    if s.origin not in ("env", "file"):
        return []
    if s.origin == "env" and ctx.env.get("_GOVER_ROOT") and s.value == ctx.env["_GOVER_ROOT"]:
        return []  # set by gover's prompt hook, which keeps it in step with the version
    binary_version = ctx.go.version
    root_version = read_goroot_version(s.value)
    fix, fixes = _fix(s.origin, s.path)
    says = f"go{root_version}" if root_version else "nothing (no VERSION file)"
    evidence = [s.describe(), f"{ctx.go.gobin} is go{binary_version} ({ctx.go.origin})",
                f"{s.value}/VERSION says {says}"]
    if root_version and binary_version and root_version != binary_version:
        return [Finding(
            "goroot-mismatch", "error", f"GOROOT points at go{root_version}, but the go command is "
            f"go{binary_version}", evidence,
            f"go builds with the compiler from GOROOT, which refuses, once per package: compile: "
            f"version \"go{root_version}\" does not match go tool version \"go{binary_version}\"",
            fix, fixes)]
    return [Finding(
        "goroot-set", "warning", "GOROOT is set by hand", evidence,
        "go finds its own GOROOT from where the binary lives; a fixed GOROOT breaks builds "
        "(\"compile: version ... does not match go tool version ...\") as soon as another Go "
        "version is selected", fix, fixes)]


def _fix(origin: str, file: str) -> tuple[str, list[Fix]]:
    if origin == "file":
        return "go env -u GOROOT", [Fix("go-env-unset", {"key": "GOROOT", "file": file},
                                        f"remove GOROOT from {file} (go env -u GOROOT)")]
    return "unset GOROOT (and remove it from your shell startup files)", []
