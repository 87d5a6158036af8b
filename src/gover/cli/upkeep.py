"""Keeping a store tidy: prune (downloads, superseded patches)."""

from __future__ import annotations

import argparse

from gover.cli.context import Ctx

PROTECTED = """\
never removed: the global default, the Go that applies here, and every version a pin
names in a directory where gover local or gover install ran (gover records those
directories in $GOVER_HOME/known-dirs: it cannot see pins anywhere else), nor an
adopted GOROOT.
"""


def register(sub: argparse._SubParsersAction, fmt: type[argparse.HelpFormatter]) -> None:
    p = sub.add_parser(
        "prune", formatter_class=fmt, help="free space: downloads cache, superseded patches",
        description="Remove finished downloads ($GOVER_HOME/downloads) and installed patch\n"
        "releases superseded by a newer patch of the same minor.  Without --downloads or\n"
        "--superseded, both.\n\n" + PROTECTED,
        epilog="examples:\n  gover prune --dry-run\n  gover prune --downloads\n"
        "  gover prune --superseded --json\n")
    p.add_argument("--downloads", action="store_true", help="the downloads cache only")
    p.add_argument("--superseded", action="store_true", help="superseded patch releases only")
    p.add_argument("--dry-run", action="store_true", help="show what would go, remove nothing")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_prune)


def cmd_prune(args: argparse.Namespace, ctx: Ctx) -> int:
    from gover.cli.render import human_bytes
    from gover.project.prune import prune

    both = not (args.downloads or args.superseded)
    r = prune(ctx.cwd, ctx.env, ctx.paths, downloads=both or args.downloads,
              old_patches=both or args.superseded, dry_run=args.dry_run)
    if args.json:
        ctx.json(r.to_json())
        return 0
    verb = "Would remove" if args.dry_run else "Removed"
    for path, size in r.downloads:
        ctx.out(f"{verb} {path} ({human_bytes(size)})")
    for name, path, size in r.versions:
        ctx.out(f"{verb} {name} ({human_bytes(size)}, {path})")
    for name, why in r.kept.items():
        ctx.info(f"Kept {name}: superseded, but pinned by {why}")
    if not r.downloads and not r.versions:
        ctx.info("Nothing to prune")
    else:
        ctx.info(f"{'Would free' if args.dry_run else 'Freed'} {human_bytes(r.freed)}")
    return 0
