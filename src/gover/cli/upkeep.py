"""Keeping a store current and tidy, and taking gover away: upgrade, prune, implode,
init --uninstall."""

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

    p = sub.add_parser(
        "upgrade", formatter_class=fmt, help="install the newest patch of each installed minor",
        description="Install the newest patch release of every installed Go minor (or of each\n"
        "SERIES given).  Older patches stay installed (gover prune --superseded removes\n"
        "them).  --pins also moves this directory's exact pins (.go-version, the golang\n"
        "line of .tool-versions) to the new patch; a series pin such as 1.22 already\n"
        "follows it.",
        epilog="examples:\n  gover upgrade\n  gover upgrade 1.22 1.23\n  gover upgrade --pins\n")
    p.add_argument("series", nargs="*", metavar="SERIES", help="e.g. 1.22 (default: every installed minor)")
    p.add_argument("--pins", action="store_true", help="update this directory's exact pins")
    p.add_argument("--source", metavar="NAME", help="use only this source: official, proxy, pypi")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_upgrade)

    p = sub.add_parser(
        "implode", formatter_class=fmt, help="remove gover's shell integration, shims and store",
        description="Remove what gover added: its block in ~/.bashrc, ~/.zshrc and fish's\n"
        "config.fish (each after a backup), then the shims, the installed versions, the\n"
        "downloads and the rest of $GOVER_HOME that gover created (nothing else in it;\n"
        "adopted GOROOTs are only unregistered).  The gover package itself stays: remove\n"
        "it with pipx uninstall gover (or delete its venv).",
        epilog="examples:\n  gover implode --dry-run\n  gover implode --yes\n")
    p.add_argument("--dry-run", action="store_true", help="show what would go, remove nothing")
    p.add_argument("--yes", action="store_true", help="really remove it")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_implode)


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


def cmd_implode(args: argparse.Namespace, ctx: Ctx) -> int:
    from gover.errors import UsageError
    from gover.shell.uninstall import implode

    if not (args.dry_run or args.yes):
        raise UsageError(f"gover implode removes {ctx.paths.home}'s versions and shims: "
                         "add --yes (or see first: --dry-run)")
    r = implode(ctx.paths, ctx.env, dry_run=args.dry_run)
    if args.json:
        ctx.json(r.to_json())
        return 0
    verb = "Would remove" if args.dry_run else "Removed"
    for rc in r.rc_files:
        ctx.out(f"{verb} gover's lines from {rc.rc} (backup: {rc.backup})")
    for p in r.removed:
        ctx.out(f"{verb} {p}")
    if not r.rc_files and not r.removed:
        ctx.info("Nothing of gover's to remove")
    elif not args.dry_run:
        ctx.info("Open a new shell; remove the gover package with: pipx uninstall gover")
    return 0


def init_uninstall(args: argparse.Namespace, ctx: Ctx) -> int:
    from gover.errors import UsageError
    from gover.shell.activate import rc_file
    from gover.shell.uninstall import remove_rc_block

    if args.write:
        raise UsageError("--write and --uninstall go the opposite ways: give one")
    rc = args.rc.expanduser() if args.rc else rc_file(args.shell, ctx.env)
    r = remove_rc_block(rc, dry_run=args.dry_run)
    if args.json:
        ctx.json(r.to_json())
        return 0
    if r.status == "not-set-up":
        ctx.info(f"{rc} has no lines from gover init --write; nothing changed")
        return 0
    ctx.info(f"{'Would remove' if args.dry_run else 'Removed'} from {rc}"
             f" (backup: {r.backup}):")
    for line in r.lines:
        ctx.out(line)
    return 0


def cmd_upgrade(args: argparse.Namespace, ctx: Ctx) -> int:
    from gover.errors import UsageError
    from gover.golang import versions
    from gover.project.upgrade import upgrade

    for s in args.series:
        if not versions.is_lang(versions.strip_go(s)):
            raise UsageError(f"{s!r} is not a Go series: expected one like 1.22")
    r = upgrade(args.series, ctx.source_context(report=not args.json),
                pins_in=ctx.cwd if args.pins else None, only=args.source)
    if args.json:
        ctx.json(r.to_json())
        return 0
    for res in r.results:
        if res.status == "already-installed":
            ctx.info(f"{res.name} is the newest {versions.lang(res.name[2:])}.x, already installed")
        else:
            ctx.info(f"Installed {res.name} from {res.source}")
    for p in r.pins:
        ctx.out(f"{p.file}: {p.old} -> {p.new}")
    if not r.results:
        ctx.info("No Go installed to upgrade (gover install SPEC first)")
    return 0
