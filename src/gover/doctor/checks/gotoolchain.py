"""GOTOOLCHAIN values go refuses, and values that quietly take switching out of gover's hands."""

from __future__ import annotations

from gover.doctor.context import DoctorContext
from gover.doctor.model import Finding
from gover.golang import versions

IDS = ("gotoolchain-invalid", "gotoolchain-pinned")
ORDER = 40


def parse_gotoolchain(value: str) -> tuple[str, str, str]:
    """(minimum, mode, error) as cmd/go/internal/toolchain.Select reads GOTOOLCHAIN."""
    if value == "auto":
        return "local", "auto", ""
    if value == "path":
        return "local", "path", ""
    minimum, plus, suffix = value.partition("+")
    # Same order of checks as Select: the minimum first, then the suffix.
    if minimum != "local" and not versions.from_toolchain(minimum):
        if plus:
            return "", "", (f"go: invalid GOTOOLCHAIN \"{value}\": invalid minimum toolchain "
                            f"\"{minimum}\"")
        return "", "", f"go: invalid GOTOOLCHAIN \"{value}\""
    if plus and suffix not in ("auto", "path"):
        return "", "", (f"go: invalid GOTOOLCHAIN \"{value}\": only version suffixes are "
                        "+auto and +path")
    return minimum, suffix if plus else ("local" if minimum == "local" else "pinned"), ""


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
            if s.origin == "file" else "unset GOTOOLCHAIN, or set it to auto, local or go1.X.Y")]
    if mode == "pinned":
        return [Finding(
            "gotoolchain-pinned", "warning", f"GOTOOLCHAIN={s.value} runs that one Go everywhere",
            [s.describe()],
            f"go switches every command to {minimum} without reading go.mod or go.work, so the "
            "version gover (or the module) selects never runs; if that toolchain is not a "
            f"{minimum} command on PATH, go downloads it, and without a proxy it fails: "
            f"\"go: download {minimum} for <os>/<arch>: toolchain not available\"",
            f"unset GOTOOLCHAIN (or use {minimum}+auto to make it a minimum)")]
    return []
