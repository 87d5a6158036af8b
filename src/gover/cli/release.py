"""``gover release check`` and ``gover release repro``: guard what ships."""

from __future__ import annotations

import argparse
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gover.cli.context import Ctx

if TYPE_CHECKING:
    from gover.release.policy import Policy, Rule
    from gover.release.vulndb import VulnDB
    from gover.toolchain.releaseindex import ReleaseIndex

VULN_MODES = ("required", "optional")


class VulnsFlag(argparse.Action):
    """``--vulns`` or ``--vulns=optional``.

    argparse cannot tell ``--vulns=optional`` from ``--vulns FILE``, so a value
    that is not a mode is a file name given after the flag: it goes back to the
    positionals.
    """

    def __init__(self, option_strings: Sequence[str], dest: str, **kw: Any) -> None:
        super().__init__(option_strings, dest, nargs="?", const="required", metavar="optional", **kw)

    def __call__(self, parser: argparse.ArgumentParser, ns: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> None:
        if values in VULN_MODES:
            setattr(ns, self.dest, values)
            return
        setattr(ns, self.dest, "required")
        ns.spilled = [*getattr(ns, "spilled", []), values]


def add_vulns_flag(p: argparse.ArgumentParser) -> None:
    p.add_argument("--vulns", action=VulnsFlag, default=None,
                   help="match the Go version and module versions against the Go vulnerability "
                   "database (GOVULNDB, default https://vuln.go.dev); =optional: warn, do not fail, "
                   "when it cannot be reached. Version matching, not govulncheck's call graph")


def files_of(args: argparse.Namespace, attr: str, example: str) -> list[str]:
    """The positional files, with any that argparse gave to ``--vulns``."""
    from gover.errors import UsageError

    files = [*getattr(args, "spilled", []), *getattr(args, attr)]
    if not files:
        raise UsageError(f"name at least one file (e.g. {example})")
    return files


def register(sub: argparse._SubParsersAction, fmt: type[argparse.HelpFormatter]) -> None:
    p = sub.add_parser(
        "release", formatter_class=fmt,
        help="check built binaries before they ship; prove a build reproducible",
        description="Guard what ships: check built Go binaries against a release policy, and build a\n"
        "package twice to prove the build reproducible.",
        epilog="examples:\n  gover release check --static --trimpath dist/*\n"
        "  gover release repro ./cmd/server\n")
    rs = p.add_subparsers(dest="release_command", metavar="COMMAND", title="commands", required=True)
    c = rs.add_parser(
        "check", formatter_class=fmt,
        help="one verdict per binary: platform, linkage, build info, Go release",
        description="Read each binary's header and build info (no go, file or ldd needed) and give one\n"
        "verdict per binary.  Always checked: the file has Go build info, its header agrees\n"
        "with the recorded GOOS/GOARCH, and it is not a -race/-cover/-msan/-asan build.\n"
        "The switches below add checks; a policy file (.gover/release.toml, found from the\n"
        "current directory upwards, or --policy) holds the same switches, per target too.\n\n"
        "--vulns matches versions against the Go vulnerability database: the standard library\n"
        "by the binary's Go version, modules by their recorded versions.  It does not analyse\n"
        "calls as govulncheck does: use govulncheck -mode=binary to know what is reachable.\n\n"
        "exit status: 0 when every binary passes, 1 on any violation or unreadable file.",
        epilog="examples:\n"
        "  gover release check dist/*                         with .gover/release.toml\n"
        "  gover release check --target linux/amd64,linux/arm64 --static dist/app-*\n"
        "  gover release check --trimpath --clean-vcs --no-replace ./server\n"
        "  gover release check --supported-go --min-go 1.23 ./server\n"
        "  gover release check --vulns=optional --format github dist/*\n")
    c.add_argument("binaries", nargs="*", metavar="BINARY")
    c.add_argument("--target", action="append", metavar="OS/ARCH[,...]",
                   help="allowed GOOS/GOARCH pairs (from go tool dist list)")
    c.add_argument("--static", action="store_true", help="no dynamic loader or non-system libraries")
    c.add_argument("--trimpath", action="store_true", help="built with -trimpath")
    c.add_argument("--clean-vcs", action="store_true",
                   help="built from a committed tree: vcs.revision set, vcs.modified not true")
    c.add_argument("--no-replace", action="store_true", help="no replaced dependencies (=> in build info)")
    c.add_argument("--supported-go", action="store_true",
                   help="built with one of the two newest Go minors (release index, cached 1 h)")
    c.add_argument("--min-go", metavar="V", help="built with Go V or newer")
    add_vulns_flag(c)
    c.add_argument("--policy", metavar="FILE", help="the policy file (default: .gover/release.toml upwards)")
    c.add_argument("--no-policy", action="store_true", help="ignore any .gover/release.toml")
    c.add_argument("--format", choices=("text", "json", "github"), default="text")
    c.add_argument("--json", action="store_true", help="the same as --format json (see docs/json.md)")
    c.set_defaults(func=cmd_check)

    r = rs.add_parser(
        "repro", formatter_class=fmt, help="build a package twice apart and compare the bytes",
        description="Build PKG twice with the Go gover selects here, each in its own scratch copy\n"
        "of the source with its own GOPATH, GOCACHE and temp dir, with -trimpath and\n"
        "CGO_ENABLED=0 unless told otherwise, then compare SHA-256s.  When they differ,\n"
        "name the first differing section and the likely cause.  --ldflags is evaluated\n"
        "by sh once per build, as a build script would: quote it in single quotes.\n\n"
        "exit status: 0 reproducible, 1 not reproducible or the build failed.",
        epilog="examples:\n"
        "  gover release repro                          the package in this directory\n"
        "  gover release repro ./cmd/server --target linux/arm64\n"
        "  gover release repro --ldflags '-X main.version=v1.2.3'\n"
        "  gover release repro --ldflags '-X main.date=$(date +%s)'   shows why that is not reproducible\n")
    r.add_argument("pkg", nargs="?", default=".", metavar="PKG")
    r.add_argument("--target", metavar="OS/ARCH", help="cross-build for OS/ARCH")
    r.add_argument("--ldflags", default="", metavar="FLAGS", help="go build -ldflags, evaluated per build")
    r.add_argument("--cgo", action="store_true", help="build with CGO_ENABLED=1")
    r.add_argument("--no-trimpath", action="store_true", help="build without -trimpath")
    r.add_argument("--keep", action="store_true", help="keep the scratch directories and print where")
    r.add_argument("--format", choices=("text", "json"), default="text")
    r.add_argument("--json", action="store_true", help="the same as --format json")
    r.set_defaults(func=cmd_repro)


def _flags(args: argparse.Namespace) -> dict[str, Rule]:
    from gover.release.policy import Rule, check_min_go, check_target

    flags: dict[str, Rule] = {}
    if args.target:
        ts = [check_target(t) for group in args.target for t in group.split(",") if t.strip()]
        flags["targets"] = Rule(tuple(ts), "--target")
    for key in ("static", "trimpath", "clean_vcs", "no_replace", "supported_go"):
        if getattr(args, key):
            flags[key] = Rule(True, "--" + key.replace("_", "-"))
    if args.min_go:
        flags["min_go"] = Rule(check_min_go(args.min_go), "--min-go")
    if args.vulns:
        flags["vulns"] = Rule(args.vulns, "--vulns" if args.vulns == "required" else "--vulns=optional")
    return flags


def _policy(args: argparse.Namespace, ctx: Ctx) -> Policy:
    from gover.release import policy

    if args.policy:
        return policy.load(Path(args.policy))
    if args.no_policy:
        return policy.Policy()
    found = policy.find(Path(_cwd(ctx.env)))
    return policy.load(found) if found else policy.Policy()


def _cwd(env: Mapping[str, str]) -> str:
    """$PWD when it names the working directory (as the shell and go say it), else getcwd.

    The same rule as resolve.logical_cwd, without importing the resolver: release
    check over hundreds of binaries should not pay for it.
    """
    import os

    pwd = env.get("PWD", "")
    try:
        if pwd.startswith("/") and os.path.samefile(pwd, "."):
            return pwd
    except OSError:
        pass
    return os.getcwd()


def load_index(ctx: Ctx) -> ReleaseIndex:
    """The releases ``--supported-go`` judges against.  Unlike ``ci matrix``, no installed
    versions stand in for an unreachable index: a CI guard must not pass on a guess."""
    import time

    from gover.toolchain.releaseindex import known_releases

    return known_releases(ctx.source_context(report=False), time.time())


def open_vulndb(ctx: Ctx) -> VulnDB:
    from gover.release.vulndb import VulnDB, db_urls

    return VulnDB(db_urls(ctx.env.get("GOVULNDB", "")), ctx.client.get_bytes)


def cmd_check(args: argparse.Namespace, ctx: Ctx) -> int:
    from gover.cli import release_output
    from gover.release.check import run

    flags = _flags(args)
    pol = _policy(args, ctx)
    files = files_of(args, "binaries", "gover release check dist/*")
    result = run(files, pol, flags, load_index=lambda: load_index(ctx), open_vulndb=lambda: open_vulndb(ctx))
    release_output.check(ctx, result, "json" if args.json else args.format)
    return 0 if result.ok else 1


def cmd_repro(args: argparse.Namespace, ctx: Ctx) -> int:
    from gover.cli import release_output
    from gover.release.policy import check_target
    from gover.release.repro import Spec, repro
    from gover.resolve import logical_cwd

    spec = Spec(args.pkg, check_target(args.target) if args.target else "", args.ldflags, args.cgo,
                not args.no_trimpath)
    ctx.info(f"building {spec.pkg} twice in scratch directories (fresh GOCACHE: this takes a while)")
    result = repro(Path(logical_cwd(ctx.env)), ctx.env, spec, keep=args.keep)
    release_output.repro(ctx, result, "json" if args.json else args.format)
    return 0 if result.reproducible else 1


def cmd_buildinfo_vulns(files: list[str], mode: str, ctx: Ctx, as_json: bool) -> int:
    """``gover buildinfo --vulns``: the vulnerability report alone, for every Go binary named or found."""
    from gover.buildinfo.scan import scan
    from gover.cli import release_output
    from gover.release.vulndb import VulnDBInvalid, VulnDBUnreachable
    from gover.release.vulnmatch import match

    entries = list(scan(files))
    db = open_vulndb(ctx)
    error = ""
    try:
        db.modules()
    except (VulnDBUnreachable, VulnDBInvalid) as e:
        if mode == "required":
            raise
        error = e.message
    reports = [(e.file, e.info, None if error or e.info is None else match(e.info, db)) for e in entries]
    errors = [(e.file, e.error) for e in entries if not e.ok and e.report]
    release_output.buildinfo_vulns(ctx, db.urls, error, reports, errors, as_json)
    failed = any(e.named and not e.ok for e in entries)
    hit = any(r is not None and (r.hits or r.unknown) for _, _, r in reports)
    return int(failed or hit)
