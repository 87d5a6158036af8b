"""gover's own choice for the directory: it failed (a pinned version not installed, a bad
file, a go line nothing installed satisfies), or another release runs than the one asked
for (a toolchain line, or GOTOOLCHAIN=go1.X.Y, naming a release that is not installed)."""

from __future__ import annotations

import os

from gover.doctor.context import DoctorContext, gos_on_path
from gover.doctor.model import Finding, Fix

IDS = ("gover-selection-failed", "gover-selection-substituted")
ORDER = 1


def run(ctx: DoctorContext) -> list[Finding]:
    res = ctx.resolution
    if res.error is None:
        return _substituted(ctx)
    evidence = [f"{s.where}: {s.value or '-'} — {s.reason}" for s in res.trace if s.value or s.applied]
    # A GOTOOLCHAIN naming a release that is not installed: the setting is the cause (the
    # gotoolchain and go env file checks offer to remove it), so installing is not applied.
    pinned = res.origin is not None and res.origin.source == "GOTOOLCHAIN"
    fixes = [Fix("install", {"version": res.install}, f"install {res.install} with gover")] \
        if res.install and not pinned else []
    # It only breaks builds when gover is in the loop: its shim runs as `go`, or its hook is on.
    gos = gos_on_path(ctx.env)
    active = bool(ctx.env.get("_GOVER_KEY")) or (
        bool(gos) and os.path.dirname(gos[0]) == str(ctx.paths.shims))
    effect = ("every `go` command here stops with this error (so do gover exec and gover current)"
              if active else
              f"gover is not active in this shell, so {ctx.go.gobin or 'no go'} runs; once its "
              "shims or hook are enabled, go commands here stop with this error")
    return [Finding(
        "gover-selection-failed", "error" if active else "info", res.error.message,
        evidence or [res.error.message], effect,
        (f"{res.error.hint}, or unset GOTOOLCHAIN" if pinned and res.error.hint else res.error.hint)
        or "fix the file named above", fixes)]


def _substituted(ctx: DoctorContext) -> list[Finding]:
    res = ctx.resolution
    if not res.preferred:
        return []
    asked = [f"{s.where}: {s.value} — {s.reason}" for s in res.trace
             if s.source in ("go.mod", "go.work", "GOTOOLCHAIN") and s.value and (s.applied or "not installed"
                                                                                in s.reason)]
    return [Finding(
        "gover-selection-substituted", "info", res.note, asked or [res.note],
        f"go runs {res.version} here without trying to download go{res.preferred}; go alone "
        f"would download go{res.preferred} (and fail offline: \"go: download go{res.preferred} for "
        f"<os>/<arch>: toolchain not available\")",
        f"gover install {res.preferred}   (or set GOVER_AUTO_INSTALL=1 to have the shims install it)",
        [Fix("install", {"version": res.preferred}, f"install {res.preferred} with gover")])]
