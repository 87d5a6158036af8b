"""``gover hook``: install the git pre-commit hook that runs ``gover check``."""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from gover.cli.context import Ctx


def register(sub: argparse._SubParsersAction, fmt: type[argparse.HelpFormatter]) -> None:
    p = sub.add_parser("hook", formatter_class=fmt, help="install the git pre-commit hook",
                       epilog="examples:\n  gover hook install\n"
                       "  gover hook install --pre-commit-framework\n")
    hsub = p.add_subparsers(dest="hook_command", metavar="COMMAND", title="commands")
    p.set_defaults(func=lambda args, ctx: (p.print_help(ctx.stdout), 2)[1])
    q = hsub.add_parser(
        "install", formatter_class=fmt, help="run `gover check` before each commit that stages module files",
        description="Write .git/hooks/pre-commit (honouring core.hooksPath): a POSIX sh script that\n"
        "runs `gover check --files …` when go.mod, go.work, go.sum, vendor/modules.txt,\n"
        ".go-version or .tool-versions files are staged, and exits at once otherwise.\n"
        "With --pre-commit-framework, add gover's hook to .pre-commit-config.yaml instead.",
        epilog="examples:\n  gover hook install\n  gover hook install --dry-run\n"
        "  gover hook install --force              replace a hook gover did not write\n"
        "  gover hook install --pre-commit-framework\n")
    q.add_argument("dir", nargs="?", type=Path, default=Path("."), metavar="DIR")
    q.add_argument("--pre-commit-framework", action="store_true",
                   help="add gover to .pre-commit-config.yaml instead of writing a git hook")
    q.add_argument("--force", action="store_true", help="replace an existing hook (kept as a backup)")
    q.add_argument("--dry-run", action="store_true", help="show what would be written")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_install)


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
        ctx.info(f"  previous hook kept as {result.backup}")
    return 0
