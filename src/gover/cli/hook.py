"""``gover hook``: install (or uninstall) the git pre-commit hook that runs ``gover check``."""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from gover.cli.context import Ctx


def register(sub: argparse._SubParsersAction, fmt: type[argparse.HelpFormatter]) -> None:
    p = sub.add_parser("hook", formatter_class=fmt, help="install or uninstall the git pre-commit hook",
                       epilog="examples:\n  gover hook install\n  gover hook uninstall\n"
                       "  gover hook install --pre-commit-framework\n")
    hsub = p.add_subparsers(dest="hook_command", metavar="COMMAND", title="commands")
    p.set_defaults(func=lambda args, ctx: (p.print_help(ctx.stdout), 2)[1])
    q = hsub.add_parser(
        "install", formatter_class=fmt, help="run `gover check` before each commit that stages module files",
        description="Write .git/hooks/pre-commit (honouring core.hooksPath): a POSIX sh script that\n"
        "runs `gover check --offline --files …` when go.mod, go.work, go.sum, vendor/modules.txt,\n"
        ".go-version or .tool-versions files are staged, and exits at once otherwise. It fails on\n"
        "any error that involves a staged file, also one anchored in another file.\n"
        "A hook that is already there is kept as pre-commit.gover-chained and run first (its\n"
        "failure fails the commit); `gover hook uninstall` puts it back.\n"
        "With --pre-commit-framework, add gover's hook to .pre-commit-config.yaml instead.",
        epilog="examples:\n  gover hook install\n  gover hook install --dry-run\n"
        "  gover hook install --force              replace a hook gover did not write (no chaining)\n"
        "  gover hook install --pre-commit-framework\n")
    q.add_argument("dir", nargs="?", type=Path, default=Path("."), metavar="DIR")
    q.add_argument("--pre-commit-framework", action="store_true",
                   help="add gover to .pre-commit-config.yaml instead of writing a git hook")
    q.add_argument("--force", action="store_true",
                   help="replace an existing hook instead of chaining it (kept as pre-commit.gover-backup, "
                   "not run)")
    q.add_argument("--dry-run", action="store_true", help="show what would be written")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_install)
    u = hsub.add_parser(
        "uninstall", formatter_class=fmt, help="remove gover's pre-commit hook (restores a chained one)",
        description="Remove the pre-commit hook gover wrote; a hook it chained is put back in place.\n"
        "A hook gover did not write is left alone.",
        epilog="examples:\n  gover hook uninstall\n  gover hook uninstall --dry-run\n")
    u.add_argument("dir", nargs="?", type=Path, default=Path("."), metavar="DIR")
    u.add_argument("--dry-run", action="store_true", help="show what would be done")
    u.add_argument("--json", action="store_true")
    u.set_defaults(func=cmd_uninstall)


def gover_command(env: dict[str, str] | object) -> list[str]:
    """How the hook should start gover: the installed ``gover`` script if on PATH, else this Python."""
    path = getattr(env, "get", lambda k, d=None: d)("PATH", None)
    found = shutil.which("gover", path=path)
    return [found] if found else [sys.executable, "-m", "gover"]


def cmd_install(args: argparse.Namespace, ctx: Ctx) -> int:
    from gover import __version__
    from gover.project import hooks

    repo = ctx.directory(args.dir).resolve()
    if args.pre_commit_framework:
        result = hooks.install_pre_commit_config(repo, __version__, dry_run=args.dry_run)
    else:
        result = hooks.install_git_hook(repo, gover_command(ctx.env), force=args.force, dry_run=args.dry_run)
    if args.json:
        ctx.json(result.to_json())
        return 0
    words = {"installed": "Installed", "updated": "Updated", "unchanged": "Already up to date:",
             "would-install": "Would write"}
    ctx.info(f"{words[result.action]} {result.path}")
    if result.backup:
        ctx.info(f"  previous hook kept as {result.backup} (not run)")
    if result.chained:
        ctx.info(f"  previous hook kept as {result.chained}: it runs first, and its failure fails the commit")
    return 0


def cmd_uninstall(args: argparse.Namespace, ctx: Ctx) -> int:
    from gover.project import hooks

    result = hooks.uninstall_git_hook(ctx.directory(args.dir).resolve(), dry_run=args.dry_run)
    if args.json:
        ctx.json(result.to_json())
        return 0
    if result.action == "absent":
        ctx.info(f"No hook at {result.path}: nothing to do")
        return 0
    verb = "Would remove" if result.action == "would-uninstall" else "Removed"
    ctx.info(f"{verb} gover's hook {result.path}")
    if result.chained:
        ctx.info(f"  {'would restore' if args.dry_run else 'restored'} the hook kept as {result.chained}")
    return 0
