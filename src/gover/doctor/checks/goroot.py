"""GOROOT set by hand, and GOROOT pointing at another release than the go binary."""

from __future__ import annotations

from pathlib import Path

from gover.doctor.context import DoctorContext, gos_on_path, read_goroot_version
from gover.doctor.model import Finding, Fix
from gover.fsutil import same_file
from gover.golang.goenv import goroot_of_binary

IDS = ("goroot-mismatch", "goroot-set")
ORDER = 20


def shim_overrides_goroot(ctx: DoctorContext) -> bool:
    """Whether `go` here is gover's shim running an installed release: the shim exports
    GOROOT for that release before exec'ing it (shell/shim.sh), so a GOROOT from the
    environment or the go env file never reaches it.  For the system go the shim passes
    GOROOT on (it only drops one under gover's versions/)."""
    gos = gos_on_path(ctx.env)
    res = ctx.resolution
    return bool(gos) and same_file(gos[0], str(ctx.paths.shims / "go")) and \
        res.error is None and res.goroot is not None


def _runs(ctx: DoctorContext) -> tuple[str, str, str]:
    """(go binary, its release, why) of the `go` a shell runs here: the first on PATH when
    that is not gover's shim, else the Go gover selects."""
    gos = gos_on_path(ctx.env)
    if gos and not same_file(gos[0], str(ctx.paths.shims / "go")):
        return gos[0], read_goroot_version(goroot_of_binary(Path(gos[0]))), "the first go on PATH"
    return ctx.go.gobin, ctx.go.version, ctx.go.origin


def run(ctx: DoctorContext) -> list[Finding]:
    if not ctx.go.goroot:
        return []
    s = ctx.goenv.goroot()
    if s.origin not in ("env", "file"):
        return []
    if s.origin == "env" and ctx.env.get("_GOVER_ROOT") and s.value == ctx.env["_GOVER_ROOT"]:
        return []  # set by gover's prompt hook, which keeps it in step with the version
    gobin, binary_version, why = _runs(ctx)
    root_version = read_goroot_version(s.value)
    fix, fixes = _fix(s.origin, s.path)
    says = f"go{root_version}" if root_version else "nothing (no VERSION file)"
    evidence = [s.describe(), f"{gobin} is go{binary_version} ({why})",
                f"{s.value}/VERSION says {says}"]
    if shim_overrides_goroot(ctx):
        return [Finding(
            "goroot-set", "info", "GOROOT is set by hand; gover's shim replaces it",
            [*evidence, f"`go` is gover's shim ({ctx.paths.shims / 'go'}), which sets "
             f"GOROOT={ctx.go.goroot}"],
            "go build through the shim uses the selected release's own GOROOT; only a go run "
            "outside the shim (a full path, an editor's configured go) still reads this GOROOT",
            fix, fixes)]
    if root_version and binary_version and root_version != binary_version:
        quote = f'compile: version "go{root_version}" does not match go tool version "go{binary_version}"'
        return [Finding(
            "goroot-mismatch", "error", f"GOROOT points at go{root_version}, but the go command is "
            f"go{binary_version}", evidence,
            f"go builds with the compiler from GOROOT, which refuses, once per package: {quote}",
            fix, fixes, quote=quote)]
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
