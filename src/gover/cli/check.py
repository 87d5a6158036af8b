"""``gover check``: the one command CI and the git hook run over a repository's module files."""

from __future__ import annotations

from pathlib import Path

from gover.wording import count

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (the git hook runs this)
if TYPE_CHECKING:
    import argparse

    from gover.cli.context import Ctx
    from gover.project.modcheck import Finding, Report


def register(sub: argparse._SubParsersAction, fmt: type[argparse.HelpFormatter]) -> None:
    p = sub.add_parser(
        "check", formatter_class=fmt, help="check module files for CI and git hooks (exit 1 on errors)",
        description="Run every `gover mod check` check over DIR and report in the format CI wants.\n"
        "Exit status: 0 clean (warnings and info allowed), 1 when any error is found.\n"
        "--format github prints workflow annotations (::error file=…,line=…::…).\n"
        "The tidy check runs `go mod tidy -diff` (a copy on Go < 1.23) with the Go gover selects\n"
        "for each module: one go process per module, ~0.1-0.5 s each with a warm module cache;\n"
        "--offline keeps it to the module cache, --no-go skips it.",
        epilog="examples:\n  gover check\n  gover check --format github          in a GitHub Actions step\n"
        "  gover check --format json > findings.json\n"
        "  gover check --files go.mod api/go.sum   report findings involving these files (the hook)\n"
        "  gover check --no-go                     only the checks that read files\n")
    add_check_args(p)
    p.add_argument("--format", choices=("text", "json", "github"), default="text")
    p.add_argument("--files", nargs="+", type=Path, metavar="FILE",
                   help="report only findings in, or depending on, these files (the checks still see "
                   "the whole repo)")
    p.set_defaults(func=cmd_check)


def add_check_args(q: argparse.ArgumentParser) -> None:
    q.add_argument("dir", nargs="?", type=Path, default=Path("."), metavar="DIR")
    q.add_argument("--json", action="store_true", help="print the findings as JSON")
    q.add_argument("--go", metavar="VERSION", help="the oldest Go that must parse the files")
    q.add_argument("--skip", metavar="CODES", default="",
                   help="comma-separated checks to skip (parse, work-go, pin, go-drift, toolchain-drift, "
                   "dep-drift, pseudo, local-replace, vendor, gosum, workspace, tidy, pins)")
    q.add_argument("--no-go", action="store_true", help="do not run go (skips the tidy check)")
    q.add_argument("--offline", action="store_true",
                   help="run go with GOPROXY=off: only the module cache is used")
    q.add_argument("--verbose", "-v", action="store_true", help="also list info findings")


def run_check(args: argparse.Namespace, ctx: Ctx) -> Report:
    from gover.errors import UsageError
    from gover.project.modcheck import ALL_CODES, Options, check
    from gover.project.repo import discover

    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    unknown = skip - set(ALL_CODES)
    if unknown:
        raise UsageError(f"unknown check {sorted(unknown)[0]!r} in --skip", "checks: " + ", ".join(ALL_CODES))
    opts = Options(go_version=args.go, skip=skip, env=ctx.env, paths=ctx.paths, run_go=not args.no_go,
                   offline=args.offline)
    return check(discover(ctx.directory(args.dir)), options=opts)


def cmd_check(args: argparse.Namespace, ctx: Ctx) -> int:
    report = run_check(args, ctx)
    if args.files:
        wanted = set()
        for f in args.files:
            try:
                wanted.add(str((ctx.cwd / f).resolve().relative_to(report.root)))
            except ValueError:
                continue
        report.only_involving(wanted)
    fmt = "json" if args.json else args.format
    return render(ctx, report, fmt, verbose=args.verbose)


def _where(f: Finding) -> str:
    return f"{f.file}:{f.line}" if f.line else f.file


def _escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_prop(s: str) -> str:
    return _escape_data(s).replace(":", "%3A").replace(",", "%2C")


GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def render(ctx: Ctx, report: Report, fmt: str, *, verbose: bool = False) -> int:
    code = 1 if report.errors else 0
    if fmt == "json":
        ctx.json(report.to_json())
        return code
    shown = [f for f in report.findings if verbose or f.severity != "info"]
    if fmt == "github":
        for f in shown:
            props = f"file={_escape_prop(f.file)}" + (f",line={f.line}" if f.line else "")
            props += f",title={_escape_prop('gover ' + f.code)}"
            msg = f.message + (f" (fix: {f.hint})" if f.hint else "")
            ctx.out(f"::{GITHUB_LEVEL[f.severity]} {props}::{_escape_data(msg)}")
        return code
    for f in shown:
        ctx.out(f"{_where(f)}: {f.severity}: {f.message} [{f.code}]")
        if f.quote:
            release = f" (go{f.go})" if f.go else ""
            ctx.out(f"    go says{release}: " + f.quote.replace("\n", "\n        "))
        if f.hint:
            ctx.out(f"    fix: {f.hint}")
    n_err, n_warn, n_info = len(report.errors), len(report.warnings), len(report.infos)
    hidden = "" if verbose or not n_info else f" ({n_info} info: --verbose lists them)"
    if not report.errors and not report.warnings:
        ctx.info(f"No problems found in {count(len(report.modules), 'module')}" + hidden)
    else:
        ctx.info(f"{count(n_err, 'error')}, {count(n_warn, 'warning')} in "
                 f"{count(len(report.modules), 'module')}" + hidden)
    return code
