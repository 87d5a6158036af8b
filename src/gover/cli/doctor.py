"""``gover doctor``: find the silent Go-environment failures, explain them, fix the safe ones."""

from __future__ import annotations

from pathlib import Path

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at start-up
if TYPE_CHECKING:
    import argparse
    from typing import Any

    from gover.cli.context import Ctx


def register(sub: argparse._SubParsersAction, fmt: type[argparse.HelpFormatter]) -> None:
    p = sub.add_parser(
        "doctor", formatter_class=fmt, help="diagnose the Go environment and fix the safe problems",
        description="Read the Go environment exactly as go does (process env > go env -w file >\n"
        "GOROOT/go.env) for the Go selected in DIR, and report what will break, with the\n"
        "evidence, the message go will print, and the fix.  Exit status 1 if any error.",
        epilog="examples:\n"
        "  gover doctor\n"
        "  gover doctor --dir ~/src/api --json\n"
        "  gover doctor --fix --dry-run      show the safe fixes without applying them\n"
        "  gover doctor --fix                apply them (recorded for --undo)\n"
        "  gover doctor --undo               revert the last --fix\n"
        "  gover doctor --only goroot-mismatch gobin-not-on-path\n"
        "  gover doctor --online             also probe GOPROXY and the checksum database\n")
    p.add_argument("--dir", type=Path, default=None, help="the project directory (default: .)")
    p.add_argument("--json", action="store_true", help='print {"findings": [...]}')
    p.add_argument("--fix", action="store_true", help="apply the safe, reversible fixes")
    p.add_argument("--dry-run", action="store_true", help="with --fix: only show what would change")
    p.add_argument("--undo", action="store_true", help="revert the last --fix")
    p.add_argument("--only", nargs="+", metavar="ID", help="run only the checks producing these ids")
    p.add_argument("--verbose", "-v", action="store_true",
                   help="also list the findings worth a line but not a report (one line each)")
    p.add_argument("--online", action="store_true",
                   help="also probe the GOPROXY chain and the checksum database over the network")
    p.set_defaults(func=cmd_doctor)


def cmd_doctor(args: argparse.Namespace, ctx: Ctx) -> int:
    from gover.doctor.diagnose import diagnose
    from gover.errors import UsageError

    if args.undo:
        from gover.doctor import fixes

        for line in fixes.undo(ctx.paths):
            ctx.info(line)
        return 0
    if args.dry_run and not args.fix:
        raise UsageError("--dry-run only applies to --fix")
    directory = ctx.directory(args.dir)
    if not directory.is_dir():
        raise UsageError(f"--dir {directory}: not a directory")
    services = None
    if args.fix:  # the fixes, their journal and installer only when asked for
        from gover.doctor import fixes

        services = fixes.ApplyContext(ctx.paths, _installer(ctx), _rehasher(ctx))
    d = diagnose(directory, ctx.env, ctx.paths, online=args.online, only=args.only, fix=args.fix,
                 dry_run=args.dry_run, services=services)
    if args.json:
        ctx.json(d.to_json())
    else:
        _render(ctx, d.findings, d.fixes or [], verbose=args.verbose)
    return 1 if d.has_errors else 0


def _render(ctx: Ctx, findings: list[Any], applied: list[str], *, verbose: bool = False) -> None:
    for line in applied:
        ctx.out(line)
    if applied:
        ctx.out("")
    st = ctx.out_style  # plain when piped, NO_COLOR, TERM=dumb or --color never
    shown = [f for f in findings if verbose or not f.quiet]
    if not [f for f in shown if not f.quiet]:
        hidden = len(findings) - len(shown)
        more = f" ({hidden} info: --verbose lists {'it' if hidden == 1 else 'them'})" if hidden else ""
        ctx.out((f"{st.mark(True)} No problems found" if st.on else "No problems found") + more)
    for n, f in enumerate(shown, 1):
        ctx.out(f"{n}. {st.severity(f.severity, f'[{f.severity}]')} {f.title}  ({f.id})")
        if f.quiet:
            continue
        for e in f.evidence:
            ctx.out(f"     evidence: {e}")
        ctx.out(f"     why:      {f.explanation}")
        ctx.out(f"     fix:      {f.fix}" + ("   (gover doctor --fix can do this)" if f.fixable else ""))
        ctx.out("")


def _installer(ctx: Ctx) -> Any:
    def install(version: str) -> str:
        from gover.toolchain import install

        return install.install(version, ctx.source_context()).status

    return install


def _rehasher(ctx: Ctx) -> Any:
    def rehash() -> None:
        from gover.shell import shims

        shims.rehash(ctx.paths)

    return rehash
