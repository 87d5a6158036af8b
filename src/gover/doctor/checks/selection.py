"""gover's own choice for the directory failed: a pinned version not installed, a bad file."""

from __future__ import annotations

import os

from gover.doctor.context import DoctorContext, gos_on_path
from gover.doctor.model import Finding, Fix

IDS = ("gover-selection-failed",)
ORDER = 1


def run(ctx: DoctorContext) -> list[Finding]:
    res = ctx.resolution
    if res.error is None:
        return []
    evidence = [f"{s.where}: {s.value or '-'} — {s.reason}" for s in res.trace if s.value or s.applied]
    fixes = [Fix("install", {"version": res.install}, f"install {res.install} with gover")] \
        if res.install else []
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
        evidence or [res.error.message], effect, res.error.hint or "fix the file named above",
        fixes)]
