"""Handlers for the shell-facing commands: shell, init, rehash (registered by cli/switching.py)."""

from __future__ import annotations

from collections.abc import Callable

from gover.cli.context import Ctx
from gover.wording import count

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at start-up
if TYPE_CHECKING:
    import argparse


def check_spec(ctx: Ctx, spec: str, args: argparse.Namespace | None = None) -> str:
    """The spec to pin, once it is known to name a release: installed, or known to the
    release sources (else one line naming the nearest releases, exit 1, nothing written).
    ``--install`` installs it first; ``--force`` only checks that it is a spec."""
    from gover.errors import UsageError
    from gover.resolve.pin import check_pin
    from gover.resolve.select import BadValue, pick_spec
    from gover.toolchain.store import Store

    value = spec.strip()
    if getattr(args, "force", False):
        try:
            pick_spec(value, [])
        except BadValue as e:
            raise UsageError(str(e)) from None
        return value
    if getattr(args, "install", False) and value != "system":
        from gover.toolchain import install

        r = install.install(value, ctx.source_context())
        ctx.info(f"{r.name} is already installed ({r.path})" if r.status == "already-installed"
                 else f"Installed {r.name} from {r.source} to {r.path}")
        return value
    c = check_pin(value, Store(ctx.paths).names(), lambda unstable: _releases(ctx, unstable))
    if c.known:
        ctx.info(f"note: {c.known} is not installed yet ({c.source} has it); run: gover install {value}")
    return value


def _releases(ctx: Ctx, unstable: bool) -> tuple[str, list[str]]:
    """The releases the sources know (prereleases too when ``unstable``)."""
    import time

    sctx = ctx.source_context(report=False)
    if unstable:
        from gover.toolchain import install

        source, releases = install.list_remote(sctx)
        return f"the {source} index", [r.version for r in releases]
    from gover.toolchain.releaseindex import known_releases

    index = known_releases(sctx, time.time())
    return index.describe(), index.releases


# --- use -------------------------------------------------------------------------------------

def register_use(sub: argparse._SubParsersAction, fmt: type[argparse.HelpFormatter],
                 cmd_local: Callable[[argparse.Namespace, Ctx], int]) -> None:
    """``gover use``: ``gover local`` with ``--install`` (its handler is passed in)."""
    p = sub.add_parser(
        "use", formatter_class=fmt, help="install a Go version if needed and pin it here",
        description="Install SPEC unless an installed release matches it, then pin it in the\n"
        "current directory (.go-version, or the golang line of .tool-versions): what\n"
        "gover install SPEC followed by gover local SPEC does.",
        epilog="examples:\n  gover use 1.23\n  gover use 1.22.10 --tool-versions\n")
    p.add_argument("spec", metavar="SPEC", help="1.22.10, go1.22.10, 1.22, latest or system")
    p.add_argument("--tool-versions", action="store_true", help="use .tool-versions (asdf) instead")
    p.add_argument("--json", action="store_true", help="print the pin (and what changed) as JSON")
    p.set_defaults(func=cmd_local, install=True, force=False, unset=False, dry_run=False)


# --- shell ----------------------------------------------------------------------------------

def cmd_shell(args: argparse.Namespace, ctx: Ctx) -> int:
    import shlex

    from gover import settings
    from gover.errors import UsageError
    from gover.shell import activate

    shell = settings.choice(ctx.env, "GOVER_SHELL_HOOK", activate.SHELLS, "shell (gover's hook sets it)")
    value = None if args.unset else (args.spec and check_spec(ctx, args.spec, args))
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

