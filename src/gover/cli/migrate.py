"""``gover migrate``: move every module of a repository or workspace to another Go version."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from gover.cli.context import Ctx


def register(sub: argparse._SubParsersAction, fmt: type[argparse.HelpFormatter]) -> None:
    p = sub.add_parser(
        "migrate", formatter_class=fmt, help="move every module to another Go version, validated",
        description="Rewrite the go (and toolchain) lines of every go.mod and go.work under DIR, and\n"
        ".go-version / .tool-versions, consistently; only the version tokens change.\n"
        "Then validate with the target toolchain (installed via gover if needed):\n"
        "`go mod tidy` is reported as a diff (never applied), `go build ./...` and\n"
        "`go vet ./...` report the compiler's own messages.  Every module file is backed\n"
        "up first: --undo restores them byte for byte.  Exit 1 if validation fails.",
        epilog="examples:\n"
        "  gover migrate --go 1.22 --dry-run           show the diff only\n"
        "  gover migrate --go 1.21.0 --toolchain none  down, dropping toolchain lines\n"
        "  gover migrate --go 1.23.0 --toolchain go1.23.9 services/\n"
        "  gover migrate --undo                        put everything back\n")
    p.add_argument("dir", nargs="?", type=Path, default=Path("."), metavar="DIR")
    p.add_argument("--go", metavar="VERSION", help="the new go line (1.22, 1.22.0)")
    p.add_argument("--toolchain", metavar="goX.Y.Z|none", help="set (or with none, remove) toolchain lines")
    p.add_argument("--dry-run", action="store_true", help="print the changes, write nothing")
    p.add_argument("--undo", action="store_true", help="restore the files of the last migration of DIR")
    p.add_argument("--no-validate", action="store_true", help="skip tidy/build/vet")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_migrate)


def cmd_migrate(args: argparse.Namespace, ctx: Ctx) -> int:
    from gover.errors import UsageError
    from gover.project import migrate
    from gover.project.repo import discover

    if args.undo:
        if args.go or args.toolchain:
            raise UsageError("--undo takes no --go/--toolchain")
        res = migrate.undo(ctx.directory(args.dir).resolve(), ctx.paths, dry_run=args.dry_run)
        if args.json:
            ctx.json(res.to_json())
        else:
            verb = "Would restore" if args.dry_run else "Restored"
            for p in res.restored:
                ctx.info(f"{verb} {p}")
            for p in res.removed:
                ctx.info(f"{'Would remove' if args.dry_run else 'Removed'} {p}")
            if not res.restored and not res.removed:
                ctx.info("Nothing to restore: files already match the backup")
        return 0
    if not args.go:
        raise UsageError("give the target with --go VERSION (or --undo)")
    repo = discover(ctx.directory(args.dir))
    if not repo.modules and not repo.work:
        raise UsageError(f"no go.mod or go.work under {repo.root}")
    plan = migrate.plan(repo, args.go, args.toolchain)
    done = migrate.Migration(plan, args.dry_run)
    if not args.json:
        for c in plan.changes:
            ctx.out(c.diff(repo.root).rstrip("\n"))
        for b in plan.blockers:
            ctx.info(f"blocker: Go {args.go} cannot parse: {b}")
    if args.dry_run:
        if args.json:
            ctx.json(done.to_json())
        else:
            ctx.info(f"{len(plan.changes)} file(s) would change (dry run: nothing written)")
        return 0
    done.backup = migrate.apply(plan, ctx.paths)
    if not args.json:
        ctx.info(f"Changed {len(plan.changes)} file(s); undo with: gover migrate --undo {args.dir}")
    ok = not plan.blockers
    if not args.no_validate:
        done.validation = _validate(args, ctx, repo, not args.json)
        ok = ok and done.validation.ok
    if args.json:
        ctx.json(done.to_json())
    return 0 if ok else 1


def _validate(args: argparse.Namespace, ctx: Ctx, repo: Any, show: bool) -> Any:
    from gover.project.migrate_validate import validate

    name, root = _target_toolchain(args, ctx)
    if show:
        ctx.info(f"Validating with {name} ({root})")
    v = validate(repo, name, root, ctx.env)
    if show:
        for s in v.steps:
            status = "ok" if s.ok else "FAILED"
            if s.step == "tidy" and s.ok and s.diff:
                status = "ok, but go mod tidy would change:"
            ctx.out(f"[{s.module}] go {'mod tidy' if s.step == 'tidy' else s.step + ' ./...'}: {status}")
            if s.diff:
                ctx.out(s.diff.rstrip("\n"))
            if not s.ok and s.output:
                ctx.out("\n".join("    " + line for line in s.output.splitlines()))
    return v


def _target_toolchain(args: argparse.Namespace, ctx: Ctx) -> tuple[str, Path]:
    """The toolchain that must build the result: --toolchain, else the newest installed
    release of the go line's series that satisfies it (installing the series if needed)."""
    from gover.golang import versions
    from gover.toolchain import install
    from gover.toolchain.store import Store

    store = Store(ctx.paths)
    if args.toolchain and args.toolchain != "none":
        want = versions.strip_go(versions.from_toolchain(args.toolchain) or args.toolchain)
        spec = want
    else:
        want, spec = args.go, versions.lang(args.go)
    found = [i for i in install.match_installed(spec, store) if versions.compare(i.version, want) >= 0]
    if not found:
        res = install.install(spec, ctx.source_context())
        return res.name, Path(res.path)
    best = max(found, key=lambda i: versions.sort_key(i.version))
    return best.name, best.path
