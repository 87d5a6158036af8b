"""GOTOOLCHAIN values go refuses, and values that quietly take switching out of gover's hands."""

from __future__ import annotations

from gover.doctor.context import DoctorContext
from gover.doctor.model import Finding, Fix

IDS = ("gotoolchain-invalid", "gotoolchain-pinned")
ORDER = 40


def parse_gotoolchain(value: str) -> tuple[str, str, str]:
    """(minimum, mode, error) as cmd/go/internal/toolchain.Select reads GOTOOLCHAIN (the
    parse gover's resolver uses, golang.gotoolchain); mode "pinned" for go1.X.Y, "local"
    for local, else "auto" or "path"; error is go's message, with its "go: " prefix."""
    from gover.golang import gotoolchain

    try:
        t = gotoolchain.parse(value)
    except gotoolchain.InvalidGoToolchain as e:
        return "", "", f"go: {e}"
    if t.exact:
        return t.minimum, "pinned", ""
    return t.minimum, t.mode or "local", ""


def run(ctx: DoctorContext) -> list[Finding]:
    s = ctx.goenv.effective("GOTOOLCHAIN")
    if not s.value:
        return []
    minimum, mode, err = parse_gotoolchain(s.value)
    if err:
        return [Finding(
            "gotoolchain-invalid", "error", f"GOTOOLCHAIN={s.value} is not valid", [s.describe()],
            f"every go command fails at once with: {err}",
            "go env -w GOTOOLCHAIN=auto   (go env -w GOTOOLCHAIN=... always works, even now)"
            if s.origin == "file" else "unset GOTOOLCHAIN, or set it to auto, local or go1.X.Y",
            unset_fix(ctx, "GOTOOLCHAIN"))]
    if mode == "pinned":
        return [Finding(
            "gotoolchain-pinned", "warning", f"GOTOOLCHAIN={s.value} runs that one Go everywhere",
            [s.describe()],
            f"go switches every command to {minimum} without reading go.mod or go.work, so the "
            "version gover (or the module) selects never runs; if that toolchain is not a "
            f"{minimum} command on PATH, go downloads it, and without a proxy it fails: "
            f"\"go: download {minimum} for <os>/<arch>: toolchain not available\"",
            f"go env -u GOTOOLCHAIN (or go env -w GOTOOLCHAIN={minimum}+auto to make it a minimum)"
            if s.origin == "file" else f"unset GOTOOLCHAIN (or use {minimum}+auto to make it a minimum)",
            unset_fix(ctx, "GOTOOLCHAIN"))]
    return []


def unset_fix(ctx: DoctorContext, key: str) -> list[Fix]:
    """``go env -u KEY``, for a finding about a value that comes from the go env file."""
    path, _ = ctx.goenv.env_file
    if not path or ctx.goenv.effective(key).origin != "file":
        return []
    return [Fix("go-env-unset", {"key": key, "file": path}, f"remove {key} from {path} (go env -u {key})")]
