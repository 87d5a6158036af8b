"""Handlers for the shell-facing commands: shell, init, rehash (registered by cli/switching.py)."""

from __future__ import annotations

import argparse

from gover.cli.context import Ctx
from gover.wording import count


def check_spec(ctx: Ctx, spec: str) -> str:
    """Validate a spec; warn (not fail) when nothing installed matches it yet."""
    from gover.errors import UsageError
    from gover.resolve.select import BadValue, pick_spec
    from gover.toolchain.store import Store

    value = spec.strip()
    try:
        pick = pick_spec(value, Store(ctx.paths).names())
    except BadValue as e:
        raise UsageError(str(e)) from None
    if not pick.name:
        ctx.info(f"note: {pick.missing} yet; run: gover install {pick.install}")
    return value


# --- shell ----------------------------------------------------------------------------------

def cmd_shell(args: argparse.Namespace, ctx: Ctx) -> int:
    import shlex

    from gover.errors import UsageError
    from gover.shell import activate

    shell = ctx.env.get("GOVER_SHELL_HOOK", "")
    value = None if args.unset else (args.spec and check_spec(ctx, args.spec))
    if shell not in activate.SHELLS:
        what = "unset GOVER_VERSION" if value is None else f"export GOVER_VERSION={value}"
        raise UsageError("gover shell needs the shell integration, which was not loaded in this shell",
                         hint='add eval "$(gover init bash)" (or zsh, fish) to your shell rc file, '
                         f"or run: {what}")
    if args.spec is None and not args.unset:
        current = ctx.env.get("GOVER_VERSION", "")
        if not current:
            raise UsageError("GOVER_VERSION is not set in this shell", hint="set it: gover shell SPEC")
        quoted = activate.fish_quote(current) if shell == "fish" else shlex.quote(current)
        ctx.out(f"printf '%s\\n' {quoted}")
        return 0
    ctx.out(activate.set_var(shell, "GOVER_VERSION", value))
    return 0


# --- init / rehash ------------------------------------------------------------------------------

def cmd_init(args: argparse.Namespace, ctx: Ctx) -> int:
    from gover.errors import UsageError
    from gover.shell import activate

    if args.uninstall:
        from gover.cli.upkeep import init_uninstall

        return init_uninstall(args, ctx)
    cmd = activate.gover_command(ctx.env)
    if not args.write:
        if args.rc or args.dry_run:
            raise UsageError("--rc and --dry-run go with --write")
        ctx.stdout.write(activate.init_text(args.shell, ctx.paths, cmd))
        return 0
    rc = args.rc.expanduser() if args.rc else activate.rc_file(args.shell, ctx.env)
    w = activate.write_rc(args.shell, rc, cmd, dry_run=args.dry_run)
    if args.json:
        ctx.json(w.to_json())
        return 0
    if w.status == "already-set-up":
        ctx.info(f"{rc} already loads gover; nothing changed")
    elif w.status == "would-write":
        ctx.info(f"Would append to {rc}" + (f" (after a backup to {w.backup})" if w.backup else "") + ":")
        ctx.out(w.block.rstrip("\n"))
    else:
        ctx.info(f"Appended to {rc}" + (f" (backup: {w.backup})" if w.backup else "") + ":")
        ctx.out(w.block.rstrip("\n"))
        ctx.info("Open a new shell (or source the file) to start using it.")
    return 0


def cmd_rehash(args: argparse.Namespace, ctx: Ctx) -> int:
    from gover.shell import shims
    from gover.toolchain.store import Store

    if not args.dry_run:
        Store(ctx.paths).tidy()
    r = shims.rehash(ctx.paths, dry_run=args.dry_run)
    if args.json:
        ctx.json(r.to_json())
        return 0
    prefix = "Would update" if args.dry_run else "Shims"
    progs = ", ".join(r.shims) or "none"
    ctx.info(f"{prefix}: {count(len(r.shims), 'program shim')} ({progs}), "
             f"{count(len(r.links), 'toolchain link')} in "
             f"{ctx.paths.shims}")
    for name in r.removed:
        ctx.info(f"  {'would remove' if args.dry_run else 'removed'} stale {name}")
    return 0

