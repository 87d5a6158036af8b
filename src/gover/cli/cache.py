"""``gover cache`` (GOCACHE) and ``gover modcache`` (GOMODCACHE): scan, verify, prune."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from gover.cli.context import Ctx
from gover.cli.render import human_bytes, positive_int, table
from gover.wording import count

_JSON_HELP = "print the result as JSON (see docs/json.md)"


def _which(var: str) -> str:
    return f"The cache is the one `go` would use here: {var} from the environment,\n" \
        "the go env file (go env -w), the GOROOT/go.env of the Go gover selects here,\n" \
        "or Go's default."


def register(sub: argparse._SubParsersAction, fmt: type[argparse.HelpFormatter]) -> None:
    p = sub.add_parser(
        "cache", formatter_class=fmt, help="scan, verify and prune the Go build cache (GOCACHE)",
        description="Inspect the Go build cache, find damaged entries (Go itself checks only\n"
        "their size), and keep it within a budget.\n\n" + _which("GOCACHE"),
        epilog="examples:\n  gover cache scan\n  gover cache verify --delete-bad\n"
        "  gover cache prune --max-size 5G --dry-run\n")
    cs = p.add_subparsers(dest="cache_command", metavar="COMMAND", title="commands", required=True)

    s = cs.add_parser(
        "scan", formatter_class=fmt, help="size, entry counts, ages, trim state, stray files",
        epilog="examples:\n  gover cache scan\n  GOCACHE=/ci/cache gover cache scan --json | jq .bytes\n")
    s.add_argument("--json", action="store_true", help="print the scan as JSON (see docs/json.md)")
    s.set_defaults(func=cmd_cache_scan)

    s = cs.add_parser(
        "verify", formatter_class=fmt, help="hash every output against its name; parse every action",
        description="Check every action entry (175 bytes, parses as Go parses it, named by its\n"
        "ID, in the right subdirectory, its output's size) and hash every output\n"
        "(a file, or a Go 1.24+ directory holding one executable) against its name.\n"
        "Exit status: 0 when nothing damaged remains, 1 otherwise.",
        epilog="examples:\n  gover cache verify\n  gover cache verify --jobs 4 --json\n"
        "  gover cache verify --delete-bad --dry-run\n  gover cache verify --delete-bad\n")
    s.add_argument("--delete-bad", action="store_true",
                   help="remove exactly the damaged entries (Go rebuilds them)")
    s.add_argument("--dry-run", action="store_true", help="with --delete-bad: only show what would go")
    s.add_argument("--jobs", "-j", type=positive_int, default=0, metavar="N",
                   help="hash on N threads (default: all CPUs)")
    s.add_argument("--json", action="store_true",
                   help='print {"checked": N, "corrupt": [{"path", "kind", "reason"}], ...}')
    s.set_defaults(func=cmd_cache_verify)

    s = cs.add_parser(
        "prune", formatter_class=fmt, help="remove the least recently used entries",
        description="Remove build cache entries by last use (mtime, which Go refreshes at most\n"
        "hourly), oldest first.  fuzz/, README, trim.txt and testexpire.txt are never\n"
        "touched.  Refuses while a `go` process uses the cache, unless --force.",
        epilog="examples:\n  gover cache prune --older-than 14d\n  gover cache prune --max-size 2G\n"
        "  gover cache prune --older-than 2d --max-size 500M --dry-run --json\n")
    s.add_argument("--older-than", metavar="DURATION", help="entries unused for longer (30m, 12h, 7d, 2w)")
    s.add_argument("--max-size", metavar="SIZE", help="then the oldest until the cache fits (500M, 2G)")
    s.add_argument("--dry-run", action="store_true", help="show what would be removed")
    s.add_argument("--force", action="store_true", help="prune even while go processes use the cache")
    s.add_argument("--json", action="store_true", help=_JSON_HELP)
    s.set_defaults(func=cmd_cache_prune)

    p = sub.add_parser(
        "modcache", formatter_class=fmt, help="scan, verify and prune the module cache (GOMODCACHE)",
        description="Inspect the Go module cache, verify it as `go mod verify` does (for every\n"
        "cached version, naming modified files), and drop versions no project needs.\n\n"
        + _which("GOMODCACHE"),
        epilog="examples:\n  gover modcache scan --top 20\n  gover modcache verify --against go.sum\n"
        "  gover modcache prune --unused-by ~/src/api ~/src/web --dry-run\n")
    ms = p.add_subparsers(dest="modcache_command", metavar="COMMAND", title="commands", required=True)

    s = ms.add_parser(
        "scan", formatter_class=fmt, help="size per module version",
        epilog="examples:\n  gover modcache scan\n  gover modcache scan --top 10\n"
        "  gover modcache scan --json | jq '.versions | sort_by(.bytes) | last'\n")
    s.add_argument("--top", type=positive_int, metavar="N", help="show only the N largest versions")
    s.add_argument("--json", action="store_true", help="print the scan as JSON (see docs/json.md)")
    s.set_defaults(func=cmd_modcache_scan)

    s = ms.add_parser(
        "verify", formatter_class=fmt, help="check trees and zips against .ziphash (and go.sum)",
        description="Check each extracted path@version/ and each .zip against its .ziphash\n"
        "(Hash1, as `go mod verify`), naming modified, added and missing files.\n"
        "--against checks only the versions a go.sum mentions, and the cache's hashes\n"
        "against it.  Exit status: 0 when nothing damaged remains, 1 otherwise.",
        epilog="examples:\n  gover modcache verify\n  gover modcache verify --against ./go.sum --json\n"
        "  gover modcache verify --delete-bad\n")
    s.add_argument("--against", action="append", type=Path, default=[], metavar="GO.SUM",
                   help="a go.sum (or a directory holding one); repeatable")
    s.add_argument("--delete-bad", action="store_true",
                   help="remove the damaged parts (Go re-extracts or re-downloads them)")
    s.add_argument("--dry-run", action="store_true", help="with --delete-bad: only show what would go")
    s.add_argument("--jobs", "-j", type=positive_int, default=0, metavar="N", help="check N versions at once")
    s.add_argument("--json", action="store_true", help=_JSON_HELP)
    s.set_defaults(func=cmd_modcache_verify)

    s = ms.add_parser(
        "prune", formatter_class=fmt, help="remove versions the given projects do not need",
        description="Remove every cached module version that no given project's go.sum (or\n"
        "go.work.sum) mentions.  Handles Go's read-only directories; skips versions\n"
        "whose lock a running go holds; never touches cache/download/sumdb, cache/vcs\n"
        "or lock files.  Toolchains that GOTOOLCHAIN downloaded (golang.org/toolchain)\n"
        "are in no go.sum, so they are removed too.",
        epilog="examples:\n  gover modcache prune --unused-by . --dry-run\n"
        "  gover modcache prune --unused-by ~/src/api ~/src/web --json\n")
    s.add_argument("--unused-by", nargs="+", type=Path, required=True, metavar="DIR",
                   help="project directories whose modules are kept")
    s.add_argument("--dry-run", action="store_true", help="show what would be removed")
    s.add_argument("--force", action="store_true", help="prune even while go processes use the cache")
    s.add_argument("--json", action="store_true", help=_JSON_HELP)
    s.set_defaults(func=cmd_modcache_prune)




# --- gover cache ---------------------------------------------------------------------

def _local(ts: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(ts))


def cmd_cache_scan(args: argparse.Namespace, ctx: Ctx) -> int:
    from gover.cache import ops

    s = ops.scan_gocache(ctx.cwd, ctx.env, ctx.paths)
    if args.json:
        ctx.json(s.to_json())
        return 0
    ctx.out(f"GOCACHE  {s.root}  ({s.origin})")
    if not s.exists:
        ctx.out("         does not exist yet (go creates it on first build)")
        return 0
    exe = f" + {s.executables} executables" if s.executables else ""
    ctx.out(f"Size     {human_bytes(s.total_bytes)}: {s.actions} actions ({human_bytes(s.action_bytes)}), "
            f"{s.outputs} outputs{exe} ({human_bytes(s.output_bytes)}), fuzz/ {human_bytes(s.fuzz_bytes)}")
    ctx.out("Last used (entries, size):")
    ctx.out(table([[f"  {b.label}", str(b.entries), human_bytes(b.bytes)] for b in s.ages]))
    if s.last_trim is not None:
        due = s.next_trim or 0
        ctx.out(f"Trim     last {_local(s.last_trim)}; Go trims again after {_local(due)}, removing "
                f"{s.go_would_trim} entries ({human_bytes(s.go_would_trim_bytes)}) unused for 5 days")
    else:
        ctx.out(f"Trim     trim.txt is {s.trim_file}: Go trims on its next run")
    if s.test_expire_ns:
        ctx.out(f"Tests    results cached before {_local(s.test_expire_ns / 1e9)} are ignored "
                "(go clean -testcache)")
    if s.oddities:
        ctx.out(f"Not Go's layout ({len(s.oddities)}):")
        for o in s.oddities[:20]:
            ctx.out(f"  {o.path}: {o.reason}")
        if len(s.oddities) > 20:
            ctx.out(f"  … and {len(s.oddities) - 20} more (--json lists all)")
    return 0


def cmd_cache_verify(args: argparse.Namespace, ctx: Ctx) -> int:
    from gover.cache import ops

    r = ops.verify_gocache(ctx.cwd, ctx.env, ctx.paths, jobs=args.jobs, delete_bad=args.delete_bad,
                           dry_run=args.dry_run)
    if args.json:
        ctx.json(r.to_json())
        return 1 if r.remaining else 0
    for p in r.corrupt:
        ctx.out(f"{p.path}: {p.kind}: {p.reason}")
    _summary(ctx, args, r.checked, "entries", len(r.corrupt), r.deleted, r.failed)
    return 1 if r.remaining else 0


def _summary(ctx: Ctx, args: argparse.Namespace, checked: int, what: str, bad: int,
             deleted: list[str], failed: list[tuple[str, str]]) -> None:
    if not bad:
        ctx.info(f"Checked {checked} {what}: no damage found")
        return
    ctx.info(f"Checked {checked} {what}: {bad} damaged")
    if args.delete_bad and args.dry_run:
        ctx.info("Would delete the damaged entries above (dry run)")
    elif args.delete_bad:
        ctx.info(f"Deleted {len(deleted)}; Go rebuilds or re-fetches them when needed")
        for path, err in failed:
            ctx.info(f"  could not delete {path}: {err}")
    else:
        ctx.info("Remove them with --delete-bad")


def cmd_cache_prune(args: argparse.Namespace, ctx: Ctx) -> int:
    from gover.cache import ops, units

    r = ops.prune_gocache(ctx.cwd, ctx.env, ctx.paths, older_than=args.older_than, max_size=args.max_size,
                          dry_run=args.dry_run, force=args.force, warn=ctx.info)
    if args.json:
        ctx.json(r.to_json())
        return 1 if r.failed else 0
    verb = "Would remove" if r.dry_run else "Removed"
    ctx.out(f"{verb} {count(len(r.removed), 'entry', 'entries')} ({human_bytes(r.removed_bytes)}); "
            f"{human_bytes(r.before_bytes)} -> {human_bytes(r.after_bytes)}")
    if args.max_size is not None and r.after_bytes > units.parse_size(args.max_size):
        ctx.info(f"note: {human_bytes(r.after_bytes)} remain: fuzz/ and Go's own files are never pruned")
    for path, err in r.failed:
        ctx.info(f"could not remove {path}: {err}")
    return 1 if r.failed else 0


# --- gover modcache ------------------------------------------------------------------

def cmd_modcache_scan(args: argparse.Namespace, ctx: Ctx) -> int:
    from gover.cache import ops

    s = ops.scan_modcache(ctx.cwd, ctx.env, ctx.paths)
    if args.json:
        ctx.json(s.to_json(args.top))
        return 0
    shown = s.largest(args.top)
    ctx.out(f"GOMODCACHE  {s.root}  ({s.origin})")
    ctx.out(f"Size        {human_bytes(s.total_bytes)} in {count(len(s.versions), 'module version')} "
            f"(checksum db {human_bytes(s.sumdb_bytes)}, VCS {human_bytes(s.vcs_bytes)})")
    if shown:
        rows = [[v.path, v.version, human_bytes(v.dir_bytes) if v.dir else "-",
                 human_bytes(v.download_bytes), human_bytes(v.bytes)
                 + (" (partial)" if v.partial else "")] for v in shown]
        ctx.out(table(rows, ["MODULE", "VERSION", "EXTRACTED", "DOWNLOAD", "TOTAL"]))
    for path, reason in s.oddities:
        ctx.out(f"  {path}: {reason}")
    return 0


def cmd_modcache_verify(args: argparse.Namespace, ctx: Ctx) -> int:
    from gover.cache import ops

    r = ops.verify_modcache(ctx.cwd, ctx.env, ctx.paths, against=args.against, jobs=args.jobs,
                            delete_bad=args.delete_bad, dry_run=args.dry_run)
    if args.json:
        ctx.json(r.to_json())
        return 1 if r.remaining else 0
    for p in r.corrupt:
        ctx.out(f"{p.module} {p.version}: {p.reason} ({p.path})")
        for f in p.files:
            ctx.out(f"    {f}")
    if r.not_cached:
        ctx.info(f"{count(len(r.not_cached), 'go.sum entry', 'go.sum entries')} "
                 f"{'is' if len(r.not_cached) == 1 else 'are'} not in the cache (nothing to check)")
    disagree = r.only_gosum_disagrees
    if disagree and len(disagree) == len({(p.module, p.version) for p in r.corrupt}):
        ctx.info(f"Checked {r.checked} trees, zips and hashes: the module cache is consistent (each tree "
                 f"and zip matches its .ziphash), but {', '.join(r.against)} records other hashes for "
                 f"{count(len(disagree), 'version')}")
        ctx.info("go.sum is what is wrong, not the cache (--delete-bad would not repair it): restore it "
                 "from version control (git diff -- go.sum), or delete those lines and run "
                 "`go mod download MODULE@VERSION` to record them again, checked by the checksum database")
        return 1
    _summary(ctx, args, r.checked, "trees, zips and hashes", len(r.corrupt), r.deleted, r.failed)
    if disagree:
        ctx.info(f"{len(disagree)} of them match their .ziphash and only go.sum disagrees: those are kept "
                 "by --delete-bad; fix go.sum instead")
    return 1 if r.remaining else 0


def cmd_modcache_prune(args: argparse.Namespace, ctx: Ctx) -> int:
    from gover.cache import ops

    r = ops.prune_modcache(ctx.cwd, ctx.env, ctx.paths, unused_by=[ctx.directory(d) for d in args.unused_by],
                           dry_run=args.dry_run, force=args.force, warn=ctx.info)
    if args.json:
        ctx.json(r.to_json())
        return 1 if r.failed else 0
    verb = "Would remove" if r.dry_run else "Removed"
    for v in r.removed:
        ctx.out(f"{verb.lower()} {v.path} {v.version} ({human_bytes(v.bytes)})")
    ctx.info(f"{verb} {count(len(r.removed), 'module version')} ({human_bytes(r.removed_bytes)}); "
             f"kept {r.kept} "
             f"mentioned by {count(len(r.sum_files), 'go.sum file')}")
    for v in r.busy:
        ctx.info(f"skipped {v.path} {v.version}: in use by a running go (its lock is held)")
    for v, e in r.failed:
        ctx.info(f"could not remove {v.path} {v.version}: {e}")
    return 1 if r.failed else 0
