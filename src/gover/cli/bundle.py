"""``gover bundle``: pack verified downloads for machines with no network, list and verify bundles."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from gover.cli.context import Ctx
from gover.cli.render import human_bytes, table


def register(sub: argparse._SubParsersAction, fmt: type[argparse.HelpFormatter]) -> None:
    p = sub.add_parser(
        "bundle", formatter_class=fmt, help="offline bundles: create, list, verify",
        description="Pack verified Go downloads, with the evidence needed to verify them again,\n"
        "into one file; install from it on a machine with no network:\n"
        "  gover install --bundle FILE SPEC",
        epilog="examples:\n"
        "  gover bundle create 1.22 1.23 -o go.bundle\n"
        "  gover bundle create 1.23 --platform linux/arm64 --source proxy -o arm.bundle\n"
        "  gover bundle list go.bundle\n"
        "  gover bundle verify go.bundle\n"
        "  gover install --bundle go.bundle 1.22      (on the offline machine)\n")
    bsub = p.add_subparsers(dest="bundle_command", metavar="COMMAND", title="commands")

    c = bsub.add_parser(
        "create", formatter_class=fmt, help="download, verify and pack versions into a bundle",
        description="Download each SPEC's release from the sources (GOVER_SOURCES order, or\n"
        "--source), verify it, and write the bundle.  Toolchain modules carry the checksum\n"
        "database's signed tree and proof tiles; official archives carry them too when\n"
        "the database could cross-check them.  Prints the bundle's SHA-256: pass it to\n"
        "`gover install --bundle FILE --sha256 HEX` to pin the whole file.",
        epilog="examples:\n"
        "  gover bundle create 1.22 -o go1.22.bundle\n"
        "  gover bundle create 1.21 1.22 1.23 --source proxy -o go.bundle\n"
        "  gover bundle create latest --platform darwin/arm64 -o mac.bundle\n")
    c.add_argument("specs", nargs="+", metavar="SPEC", help="1.22.10, 1.22, latest …")
    c.add_argument("-o", "--output", metavar="FILE", type=Path, required=True, help="the bundle to write")
    c.add_argument("--source", metavar="NAME", help="use only this source: official, proxy, pypi")
    c.add_argument("--mirror", metavar="NAME", help="a mirror preset (see gover install --help)")
    c.add_argument("--platform", metavar="OS/ARCH",
                   help="bundle for another platform (e.g. linux/arm64); default: this machine")
    c.add_argument("--force", action="store_true", help="replace FILE if it exists")
    c.add_argument("--json", action="store_true", help="print the result as JSON")
    c.set_defaults(func=cmd_create)

    ls = bsub.add_parser("list", formatter_class=fmt, help="show what a bundle holds",
                         epilog="examples:\n  gover bundle list go.bundle\n"
                         "  gover bundle list go.bundle --json\n")
    ls.add_argument("file", type=Path, metavar="FILE")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=cmd_list)

    v = bsub.add_parser("verify", formatter_class=fmt,
                        help="re-verify every artifact in a bundle (offline), installing nothing",
                        epilog="examples:\n  gover bundle verify go.bundle\n")
    v.add_argument("file", type=Path, metavar="FILE")
    v.add_argument("--json", action="store_true")
    v.set_defaults(func=cmd_verify)
    p.set_defaults(func=lambda args, ctx: _usage(p, ctx))


def _usage(p: argparse.ArgumentParser, ctx: Ctx) -> int:
    p.print_help(ctx.stdout)
    return 2


def _env_with_platform(ctx: Ctx, platform: str | None) -> Ctx:
    from gover.errors import UsageError
    from gover.record import replace

    if not platform:
        return ctx
    goos, _, goarch = platform.partition("/")
    if not goos or not goarch or "/" in goarch:
        raise UsageError(f"--platform {platform!r}: expected OS/ARCH, e.g. linux/arm64")
    return replace(ctx, env={**ctx.env, "GOVER_OS": goos, "GOVER_ARCH": goarch})


def cmd_create(args: argparse.Namespace, ctx: Ctx) -> int:
    from gover.cli.toolchains import source_ctx
    from gover.toolchain import bundle

    sctx = source_ctx(_env_with_platform(ctx, args.platform), args, report=not args.json)
    made = bundle.create(args.specs, sctx, args.output, args.source, force=args.force)
    if args.json:
        ctx.json(made.to_json())
        return 0
    for e in made.entries:
        how = f"checksum database {e.checksum_db['name']}" if e.checksum_db else "sha256" + (
            " + RECORD" if e.kind == "wheel" else "")
        ctx.info(f"Bundled {e.version} ({e.goos}/{e.goarch}) from {e.source}, verified by {how}")
    ctx.info(f"Wrote {made.path} ({human_bytes(made.size)})")
    ctx.out(f"sha256 {made.sha256}  {made.path}")
    return 0


def _rows(entries: list[Any]) -> list[list[str]]:
    return [[e.version, f"{e.goos}/{e.goarch}", e.source,
             e.checksum_db["name"] if e.checksum_db else "-", human_bytes(e.size)] for e in entries]


def cmd_list(args: argparse.Namespace, ctx: Ctx) -> int:
    from gover.toolchain import bundle
    from gover.toolchain.report import BundleContents

    created, entries = bundle.read(args.file)
    if args.json:
        ctx.json(BundleContents(args.file, entries, created).to_json())
        return 0
    ctx.out(table(_rows(entries), ["VERSION", "PLATFORM", "SOURCE", "CHECKSUM DB", "SIZE"]))
    return 0


def cmd_verify(args: argparse.Namespace, ctx: Ctx) -> int:
    from gover.toolchain import bundle
    from gover.toolchain.report import BundleContents

    entries = bundle.verify(args.file, ctx.source_context(report=not args.json))
    if args.json:
        ctx.json(BundleContents(args.file, entries, verified=True).to_json())
        return 0
    for e in entries:
        ctx.info(f"OK {e.version} ({e.goos}/{e.goarch}) {e.member}")
    ctx.info(f"{args.file}: " + (f"all {len(entries)} artifacts" if len(entries) != 1 else "1 artifact")
             + " verified")
    return 0
