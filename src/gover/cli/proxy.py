"""``gover proxy route|check``: how go fetches a module, and whether the GOPROXY chain works."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from gover.cli.context import Ctx
from gover.cli.render import table

_GOROOT_HELP = "read GOROOT/go.env from this Go (default: the one gover selects here, else the go on PATH)"


def register(sub: argparse._SubParsersAction, fmt: type[argparse.HelpFormatter]) -> None:
    p = sub.add_parser(
        "proxy", formatter_class=fmt, help="explain and test how go fetches modules (GOPROXY)",
        description="Read GOPROXY, GONOPROXY/GOPRIVATE, GOSUMDB/GONOSUMDB and GOINSECURE the way\n"
        "go does (process env > go env -w file > GOROOT/go.env) and show the route a module\n"
        "takes, or probe every proxy in the chain.",
        epilog="examples:\n"
        "  gover proxy route github.com/acme/internal/tool\n"
        "  gover proxy route golang.org/toolchain --json\n"
        "  gover proxy check\n"
        "  gover proxy check --module git.corp.example/team/lib --timeout 5\n")
    psub = p.add_subparsers(dest="proxy_command", metavar="SUBCOMMAND", required=True)

    r = psub.add_parser("route", formatter_class=fmt, help="the route go takes for MODULE",
                        epilog="examples:\n  gover proxy route example.com/mod\n"
                        "  GOPRIVATE='*.corp.example' gover proxy route git.corp.example/x --json\n")
    r.add_argument("module", metavar="MODULE")
    r.add_argument("--goroot", type=Path, help=_GOROOT_HELP)
    r.add_argument("--json", action="store_true")
    r.set_defaults(func=cmd_route)

    c = psub.add_parser("check", formatter_class=fmt, help="probe every GOPROXY entry for a module",
                        epilog="examples:\n  gover proxy check\n"
                        "  gover proxy check --module github.com/acme/lib --json\n")
    c.add_argument("--module", default=None, help="module to look up (default golang.org/x/text)")
    c.add_argument("--version", default=None,
                   help="version to look up in the checksum database (default: the newest listed)")
    c.add_argument("--no-sumdb", action="store_true", help="do not probe the checksum database")
    c.add_argument("--timeout", type=float, default=10.0, help="seconds per probe (default 10)")
    c.add_argument("--goroot", type=Path, help=_GOROOT_HELP)
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_check)


def go_env_for(ctx: Ctx, goroot: Path | None) -> Any:
    """The GoEnv of --goroot, else of the Go that runs here (gover's choice, else the go on PATH)."""
    from gover.resolve.which import goenv_for_root, which_go

    if goroot:
        return goenv_for_root(ctx.env, str(goroot))
    return which_go(ctx.cwd, ctx.env, ctx.paths).goenv(ctx.env)


def cmd_route(args: argparse.Namespace, ctx: Ctx) -> int:
    from gover.proxydiag.route import route

    rt = route(args.module, go_env_for(ctx, args.goroot))
    if args.json:
        ctx.json(rt.to_json())
        return 0
    ctx.out(f"module        {rt.module}")
    ctx.out(f"mode          {rt.mode}   ({_decided(rt.matched_by)})")
    for i, p in enumerate(rt.proxies, 1):
        rule = "any error" if p.fallback == "any-error" else "404/410 only"
        ctx.out(f"proxy {i}       {p.url}   (next entry tried on: {rule})")
    if rt.direct_fallback:
        ctx.out("then          direct (the module's origin VCS)")
    if rt.off_at_end:
        ctx.out("then          off (stop: module lookup disabled)")
    ctx.out(f"checksum db   {'yes, ' + rt.checksum_db_name if rt.checksum_db else 'no'}   "
            f"({_decided(rt.checksum_by)})")
    if rt.insecure_by:
        ctx.out(f"insecure      yes   (GOINSECURE pattern {rt.insecure_by.pattern})")
    for n in rt.notes:
        ctx.out(f"note: {n}")
    return 0


def _decided(d: Any) -> str:
    if d.variable == "module":
        return f"rule for {d.pattern}: {d.origin}"
    return f"{d.variable}={d.pattern}, from {d.origin}"


def cmd_check(args: argparse.Namespace, ctx: Ctx) -> int:
    from gover.net import Client
    from gover.proxydiag.check import DEFAULT_MODULE, check_chain

    client = Client(ctx.env, retries=0, timeout=args.timeout, backoff=0)
    module = args.module or DEFAULT_MODULE
    ge = go_env_for(ctx, args.goroot)
    result = check_chain(module, ge, client)
    if not args.no_sumdb:
        from gover.proxydiag.sumdbprobe import check_sumdb

        version = args.version or _newest_semver(result.versions)
        result.sumdb = check_sumdb(module, version, ge, client, result.route.checksum_db)
    failed = not result.ok or bool(result.sumdb and result.sumdb.error)
    if args.json:
        ctx.json(result.to_json())
        return 1 if failed else 0
    rows = []
    for p in result.probes:
        status = str(p.status) if p.status is not None else "-"
        lat = f"{p.latency_ms:.0f} ms" if p.latency_ms is not None else "-"
        what = p.error or p.detail
        if p.redirects:
            what += f" (redirected to {p.redirects[-1]})"
        rows.append([str(p.entry) if p.entry else "-", p.url, p.outcome, status, lat, what])
    ctx.out(table(rows, ["#", "ENTRY", "OUTCOME", "STATUS", "LATENCY", "DETAIL"]))
    ctx.out("")
    ctx.out(("OK: " if result.ok else "FAIL: ") + result.reason)
    if result.sumdb is not None:
        _render_sumdb(ctx, result.sumdb)
    return 1 if failed else 0


def _newest_semver(found: list[str]) -> str | None:
    import functools

    from gover.gomod import semver

    valid = [v for v in found if semver.is_valid(v)]
    return max(valid, key=functools.cmp_to_key(semver.compare)) if valid else None


def _render_sumdb(ctx: Ctx, s: Any) -> None:
    ctx.out("")
    ctx.out(f"checksum database: GOSUMDB={s.gosumdb}")
    for p in s.supported:
        lat = f", {p.latency_ms:.0f} ms" if p.latency_ms is not None else ""
        ctx.out(f"  {p.url}: {p.outcome}" + (f" ({p.error})" if p.error else f" ({p.status}{lat})"))
    if s.base:
        ctx.out(f"  reached at: {s.base}")
    if s.skipped:
        ctx.out(f"  lookup skipped: {s.skipped}")
    elif s.ok:
        ctx.out(f"  OK: {s.lookup} is signed by {s.name} and included in its tree "
                f"(size {s.tree_size})")
        for r in s.records:
            ctx.out(f"    {r}")
    if s.error:
        ctx.out(f"  FAIL: {s.error}")
