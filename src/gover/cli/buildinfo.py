"""``gover buildinfo``: what ``go version -m`` prints, without a Go toolchain; ``--outdated``."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any, TextIO

from gover.cli.context import Ctx
from gover.cli.release import add_vulns_flag, cmd_buildinfo_vulns, files_of
from gover.cli.render import table
from gover.wording import count

if TYPE_CHECKING:
    from gover.buildinfo.report import OutdatedReport, ScanReport
    from gover.toolchain.releaseindex import ReleaseIndex


def register(sub: argparse._SubParsersAction, fmt: type[argparse.HelpFormatter]) -> None:
    p = sub.add_parser(
        "buildinfo", formatter_class=fmt,
        help="show the Go version and modules a binary was built with (like go version -m)",
        description="Read the Go version, main module, dependencies and build settings embedded\n"
        "in Go binaries (ELF, Mach-O, PE; any GOOS/GOARCH), without a Go toolchain.\n"
        "The text output is byte for byte what `go version -m FILE` prints.  Directories\n"
        "are walked like `go version -m DIR` does: files that are not Go binaries are\n"
        "skipped silently (-v reports the ones that look executable).\n\n"
        "--outdated tells, for each binary, whether its Go minor has a newer patch\n"
        "release and whether that minor is still supported (Go supports the two newest\n"
        "minors).  Releases come from the remote index when reachable (GOVER_SOURCES)\n"
        "plus the installed versions; with --offline or no network, only the installed\n"
        "versions and the binaries' own, and the output says so.\n\n"
        "exit status: 0 on success; 1 if a named file is missing or is not a Go binary,\n"
        "or (with --outdated) if any binary has a newer patch or an unsupported Go.",
        epilog="examples:\n"
        "  gover buildinfo ./server                  like go version -m ./server\n"
        "  gover buildinfo ~/go/bin                  every Go binary in a directory\n"
        "  gover buildinfo --json ./server | jq -r '.binaries[0].deps[].path'\n"
        "  gover buildinfo --outdated ~/go/bin /usr/local/bin\n"
        "  gover buildinfo --outdated --offline --json ~/go/bin\n"
        "  gover buildinfo --vulns ./server           known vulnerabilities, by version\n")
    p.add_argument("files", nargs="*", metavar="FILE|DIR")
    p.add_argument("--json", action="store_true",
                   help='print {"binaries": [...], "errors": [...]} (see docs/json.md)')
    p.add_argument("-v", "--verbose", action="store_true",
                   help="in directories, also report executables that are not Go binaries")
    p.add_argument("--outdated", action="store_true",
                   help="flag binaries built with an unpatched or unsupported Go")
    p.add_argument("--offline", action="store_true",
                   help="with --outdated: do not ask the remote index, use installed versions")
    p.add_argument("--refresh", action="store_true", help="with --outdated: fetch the release index "
                   "even if it was cached within GOVER_REMOTE_TTL seconds (default 3600)")
    add_vulns_flag(p)
    p.set_defaults(func=cmd_buildinfo)


def cmd_buildinfo(args: argparse.Namespace, ctx: Ctx) -> int:
    from gover.buildinfo.report import read_binaries
    from gover.errors import UsageError

    if args.offline and not args.outdated:
        raise UsageError("--offline only applies to --outdated")
    files = files_of(args, "files", "gover buildinfo ./server")
    if args.vulns:
        return cmd_buildinfo_vulns(files, args.vulns, ctx, args.json)
    report = read_binaries(files, verbose=args.verbose)
    if args.outdated:
        return _outdated(args, ctx, report) or int(report.failed)
    if args.json:
        ctx.json(report.to_json())
        return int(report.failed)
    from gover.buildinfo import version_m_text

    for e in report.entries:
        if e.info is not None:
            _write_raw(ctx.stdout, version_m_text(e.file, e.info))
        elif e.report:
            ctx.stdout.flush()
            _write_raw(ctx.stderr, e.error + "\n")
    return int(report.failed)


def _write_raw(stream: TextIO, text: str) -> None:
    """Write bytes that were not UTF-8 in the binary (or a file name) back as the same bytes."""
    buf = getattr(stream, "buffer", None)
    if buf is None:
        stream.write(text)
        return
    stream.flush()
    buf.write(text.encode("utf-8", "surrogateescape"))
    buf.flush()


def _outdated(args: argparse.Namespace, ctx: Ctx, report: ScanReport) -> int:
    from gover.buildinfo.report import assess_outdated
    from gover.toolchain.store import Store

    installed = Store(ctx.paths).names()

    def remote() -> ReleaseIndex:
        import time

        from gover.toolchain.releaseindex import known_releases

        index = known_releases(ctx.source_context(report=False), time.time(), installed=installed,
                               refresh=args.refresh)
        if index.cached:
            ctx.info(f"gover: {index.cache_note()}")  # stderr, never in --json's stdout
        return index

    r = assess_outdated(report, installed, None if args.offline else remote)
    if args.json:
        ctx.json(r.to_json())
    else:
        _print_outdated(ctx, r)
    return int(r.needs_action)


def _status_text(v: Any) -> str:
    from gover.buildinfo import outdated

    if v.status == outdated.PATCH:
        return f"update to {v.newest_patch}"
    if v.status == outdated.UNSUPPORTED:
        return f"unsupported (go{outdated._minor(v.release)})"
    if v.status == outdated.PRERELEASE:
        return "prerelease" + (f" (newest {v.newest_patch})" if v.newest_patch else "")
    if v.status == outdated.UNKNOWN:
        return "unknown (not a release)"
    return "up to date"


def _print_outdated(ctx: Ctx, r: OutdatedReport) -> None:
    verdicts, errors, supported, installed = r.verdicts, r.errors, r.supported, r.installed
    source, why_not = r.source, r.why_not
    for e in errors:
        _write_raw(ctx.stderr, e.error + "\n")
    if not verdicts:
        ctx.info("No Go binaries found")
    else:
        yes_no = {True: "yes", False: "no", None: "?"}
        rows = [[v.file, v.release or v.go_version, v.newest_patch or "-", yes_no[v.supported],
                 _status_text(v)] for v in verdicts]
        ctx.out(table(rows, ["BINARY", "GO", "NEWEST PATCH", "SUPPORTED", "STATUS"]))
    counts = {s: sum(v.status == s for v in verdicts) for s in
              ("current", "patch-available", "unsupported")}
    ctx.out("")
    noun = "binary" if len(verdicts) == 1 else "binaries"
    ctx.out(f"{len(verdicts)} Go {noun}: {counts['current']} up to date, "
            f"{counts['patch-available']} with a newer patch release, "
            f"{counts['unsupported']} on an unsupported Go"
            + (f" (supported: {', '.join('go' + m for m in supported)})" if supported else ""))
    if source:
        ctx.out(f"Releases known from the {source} index and {count(len(installed), 'installed version')}.")
    else:
        have = ", ".join(installed) or "none"
        ctx.out(f"Remote index not used ({why_not}): knowing only the installed versions ({have}) "
                "and the binaries' own; newer releases may exist.")
