"""Which go a shell really runs: another go shadowing gover's choice, several go on PATH,
gover's shims missing from PATH or out of date."""

from __future__ import annotations

import os
from pathlib import Path

from gover.doctor.context import DoctorContext, gos_on_path, read_goroot_version
from gover.doctor.model import Finding, Fix
from gover.fsutil import same_file
from gover.golang.goenv import goroot_of_binary

IDS = ("go-shadowed", "go-several-on-path", "gover-shims-not-on-path", "gover-shims-stale")
ORDER = 10


def _describe(gobin: str) -> str:
    v = read_goroot_version(goroot_of_binary(Path(gobin)))
    return f"{gobin} (go{v})" if v else gobin


def _gover_owned(ctx: DoctorContext, gobin: str) -> bool:
    """A go under gover's shims or versions directory (as PATH names it, links unresolved)."""
    d = os.path.normpath(os.path.dirname(gobin))
    versions = os.path.normpath(ctx.paths.versions)
    return d == os.path.normpath(ctx.paths.shims) or d.startswith(versions + os.sep)


def run(ctx: DoctorContext) -> list[Finding]:
    out: list[Finding] = []
    gos = gos_on_path(ctx.env)
    res = ctx.resolution
    shim = str(ctx.paths.shims / "go")
    hook_active = bool(ctx.env.get("_GOVER_KEY"))
    shims_on_path = any(os.path.normpath(d) == os.path.normpath(ctx.paths.shims) for d in ctx.path_dirs)
    if gos and res.error is None and res.goroot is not None:
        first = gos[0]
        wanted = os.path.join(res.goroot, "bin", "go")
        if not (same_file(first, shim) or same_file(first, wanted)):
            where = res.origin.where if res.origin else "gover"
            out.append(Finding(
                "go-shadowed", "warning", f"`go` runs {_describe(first)}, not gover's {res.version}",
                [f"first go on PATH: {_describe(first)}", f"gover selects {res.version} ({where})",
                 *(["shims dir on PATH, but after " + os.path.dirname(first)] if shims_on_path else [])],
                f"commands typed as `go` here run {first}; the version pinned by {where} is ignored",
                "put gover's shims first on PATH (eval \"$(gover init bash)\" in your shell rc), "
                "or run: gover exec -- go ..."))
    if not shims_on_path and not hook_active and Path(shim).exists():
        out.append(Finding(
            "gover-shims-not-on-path", "warning",
            "gover's shims are not on PATH and no prompt hook is active",
            [f"PATH does not contain {ctx.paths.shims}", "_GOVER_KEY is not set (the hook exports it)"],
            "pins in .go-version, .tool-versions and go.mod only take effect through the shims or "
            "the hook; go's own switching also finds installed toolchains (go1.X.Y) there",
            "add to your shell rc: eval \"$(gover init bash)\"   (or zsh/fish; `gover init --write` "
            "does it with a backup)"))
    foreign = [g for g in gos if not _gover_owned(ctx, g)]
    # gover's shims and versions/*/bin (an older hook put one on PATH) are meant to come
    # first, and the shims fall back on the first go outside gover: one foreign go is the
    # setup working as designed, and go-shadowed covers a foreign go in front of gover.
    if len(foreign) > 1:
        out.append(Finding(
            "go-several-on-path", "info",
            f"{len(foreign)} go commands outside gover are on PATH; the first one runs",
            [_describe(g) for g in foreign],
            f"{foreign[0]} shadows {', '.join(foreign[1:])}: only the first go outside gover "
            "ever runs (directly, or as the system go gover's shims fall back on)",
            "remove the ones you do not use from PATH (gover's own entries can stay)"))
    out.extend(_stale(ctx))
    return out


def _stale(ctx: DoctorContext) -> list[Finding]:
    from gover.shell import stamp

    if not ctx.paths.versions.exists() or stamp.current(ctx.paths):
        return []  # current: what the last rehash wrote, from the inputs there are now
    from gover.shell.shims import rehash

    pending = rehash(ctx.paths, dry_run=True, front=False)
    changes = [f"would write {n}" for n in pending.written] + [f"would remove {n}" for n in pending.removed]
    if not changes:
        return []
    return [Finding(
        "gover-shims-stale", "warning", "gover's shims do not match the installed versions",
        changes, "a stale shim runs an old table of versions, and a missing go1.X.Y link makes "
        "go download a toolchain that is already installed", "gover rehash",
        [Fix("rehash", {}, "regenerate the shims (gover rehash)")])]
