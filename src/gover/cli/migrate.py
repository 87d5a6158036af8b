"""``gover migrate``: move every Go pin of a repository to another Go version, validated first."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING

from gover.cli.context import Ctx
from gover.cli.render import count_type
from gover.wording import count

if TYPE_CHECKING:
    from gover.project.migrate_run import Hooks, Migration
    from gover.project.migrate_validate import Validation

DESCRIPTION = """\
Move every Go version pin under DIR to another Go, consistently: the go (and toolchain)
lines of every go.mod and go.work, and every pin `gover pins` lists — .go-version,
.tool-versions, mise.toml, Dockerfiles, GitHub workflows, .gitlab-ci.yml,
devcontainer.json, .golangci.yml, Makefiles.  Only the version text changes (comments,
quotes and layout stay), each pin at its own granularity: golang:1.23-alpine becomes
golang:1.22-alpine, an exact 1.23.9 the exact release chosen — one that is installed or
installable (the toolchain line, else the newest release of the go line's minor),
never a language version like 1.22.0.  CI matrix lists drop entries below the new go
line and gain its minor.

Nothing is written until the migration holds: in a scratch copy, with the target
toolchain (installed via gover if needed) and GOTOOLCHAIN=local, `go mod tidy` (as a
diff, never applied), `go build ./...`, `go vet ./...` and `go test ./...` run in every
module (--matrix: with several releases in parallel).  A failure leaves the tree
byte-identical and reports Go's own messages (failing tests by name).  Dependencies
whose go.mod needs a newer Go are named with the newest version that accepts the target
(from the GOPROXY); --downgrade-deps applies those.  Every changed file is backed up:
--undo restores them byte for byte.  Exit 1 when the migration did not hold."""

EPILOG = """\
kinds (--only/--skip): gomod, go-version, tool-versions, mise, dockerfile, github,
gitlab, devcontainer, golangci, makefile

examples:
  gover migrate --go 1.22 --dry-run           show the diff only
  gover migrate --go 1.22.0 --toolchain none  roll back, dropping toolchain lines
  gover migrate --go 1.23.0 --toolchain go1.23.9 services/
  gover migrate --go 1.22.0 --matrix 1.22,1.23 --downgrade-deps
  gover migrate --go 1.22.0 --skip dockerfile,gitlab
  gover migrate --undo                        put everything back
"""


def register(sub: argparse._SubParsersAction, fmt: type[argparse.HelpFormatter]) -> None:
    p = sub.add_parser("migrate", formatter_class=fmt,
                       help="move every Go pin to another Go version, validated",
                       description=DESCRIPTION, epilog=EPILOG)
    p.add_argument("dir", nargs="?", type=Path, default=Path("."), metavar="DIR")
    p.add_argument("--go", metavar="VERSION", help="the new go line (1.22, 1.22.0)")
    p.add_argument("--toolchain", metavar="goX.Y.Z|none", help="set (or with none, remove) toolchain lines")
    p.add_argument("--only", metavar="KINDS", help="move only these pin kinds (comma-separated)")
    p.add_argument("--skip", metavar="KINDS", help="leave these pin kinds alone (comma-separated)")
    p.add_argument("--force", action="store_true",
                   help="also rewrite digest-pinned images (golang:1.23@sha256:…), dropping the digest")
    p.add_argument("--dry-run", action="store_true", help="print the changes, write nothing")
    p.add_argument("--undo", action="store_true", help="restore the files of the last migration of DIR")
    p.add_argument("--no-validate", action="store_true", help="skip tidy/build/vet/test")
    p.add_argument("--no-test", action="store_true", help="validate without go test")
    p.add_argument("--matrix", metavar="V1,V2", default="",
                   help="also validate with these releases, in parallel (specs: 1.22, 1.23.9)")
    p.add_argument("--downgrade-deps", action="store_true",
                   help="move dependencies that need a newer Go back to the newest version that accepts it")
    p.add_argument("--keep-failed", action="store_true",
                   help="write the migration even when validation fails (--undo still restores)")
    p.add_argument("-j", "--jobs", type=count_type("job count"), metavar="N",
                   help="validation commands run at once (default: number of CPUs, at most 4)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_migrate)


def cmd_migrate(args: argparse.Namespace, ctx: Ctx) -> int:
    from gover.errors import UsageError
    from gover.project import migrate

    if args.undo:
        if args.go or args.toolchain:
            raise UsageError("--undo takes no --go/--toolchain")
        return _undo(args, ctx)
    if not args.go:
        raise UsageError("give the target with --go VERSION (or --undo)")
    migrate.check_target(args.go, args.toolchain)
    kinds = migrate.kinds_from(args.only, args.skip)
    from gover.project.repo import discover

    repo = discover(ctx.directory(args.dir))
    if not repo.modules and not repo.work:
        raise UsageError(f"no go.mod or go.work under {repo.root}")
    from gover.project.migrate_run import Options, run

    opts = Options(args.go, args.toolchain, kinds, args.force, args.dry_run, not args.no_validate,
                   not args.no_test, [s for s in args.matrix.split(",") if s.strip()], args.downgrade_deps,
                   args.keep_failed, args.jobs or min(4, os.cpu_count() or 1))
    m = run(repo, opts, _hooks(ctx, quiet=args.json))
    if args.json:
        ctx.json(m.to_json())
    else:
        _render(ctx, m, args)
    return 0 if m.ok or (args.dry_run and not m.stopped) else 1


def _hooks(ctx: Ctx, *, quiet: bool) -> Hooks:
    from gover.project.migrate_run import Hooks
    from gover.toolchain import install
    from gover.toolchain.store import Store

    def remote() -> list[str]:
        return [r.version for r in install.list_remote(ctx.source_context(report=False))[1]]

    def ensure(name: str) -> Path:
        found = Store(ctx.paths).get(name)
        return found.path if found else Path(install.install(name, ctx.source_context()).path)

    return Hooks(ctx.paths, ctx.env, lambda: Store(ctx.paths).names(), remote, ensure,
                 ctx.client, (lambda line: None) if quiet else ctx.info)


def _undo(args: argparse.Namespace, ctx: Ctx) -> int:
    from gover.project import migrate

    res = migrate.undo(ctx.directory(args.dir).resolve(), ctx.paths, dry_run=args.dry_run)
    if args.json:
        ctx.json(res.to_json())
        return 0
    verb = "Would restore" if args.dry_run else "Restored"
    for p in res.restored:
        ctx.info(f"{verb} {p}")
    for p in res.removed:
        ctx.info(f"{'Would remove' if args.dry_run else 'Removed'} {p}")
    if not res.restored and not res.removed:
        ctx.info("Nothing to restore: files already match the backup")
    return 0


def _render(ctx: Ctx, m: Migration, args: argparse.Namespace) -> None:
    p = m.plan
    for c in m.changes:
        ctx.out(c.diff(p.repo.root).rstrip("\n"))
    if m.releases:
        ctx.info(f"Exact pins name {p.release} ({m.releases[0].why})")
    for s in p.notes:
        ctx.info(f"note: {s}")
    for s in p.skipped:
        ctx.info(f"left alone: {s}")
    for s in p.problems:
        ctx.info(f"not read: {s}")
    for b in p.blockers:
        ctx.info(f"blocker: Go {args.go} cannot parse: {b}")
    for d in m.dependencies:
        fix = " (applied)" if m.downgraded and d.suggestion else \
            " (--downgrade-deps applies it)" if d.suggestion else ""
        ctx.info(f"dependency: {d.message(args.go)}{fix}")
    for v in m.validations:
        _render_validation(ctx, v)
    if args.dry_run:
        ctx.info(f"{count(len(m.changes), 'file')} would change (dry run: nothing written)")
    elif m.backup is not None:
        failed = " although validation failed (--keep-failed)" if not m.ok else ""
        ctx.info(f"Changed {count(len(m.changes), 'file')}{failed}; "
                 f"undo with: gover migrate --undo {args.dir}")
    if m.stopped:
        ctx.info(f"gover: {m.stopped}: nothing was written, the repository is unchanged"
                 if m.backup is None else f"gover: {m.stopped}")


def _render_validation(ctx: Ctx, v: Validation) -> None:
    ctx.out(f"== {v.toolchain}")
    for s in v.steps:
        status = "ok" if s.ok else "FAILED"
        if s.step == "tidy" and s.ok and s.diff:
            status = "ok, but go mod tidy would change:"
        ctx.out(f"[{s.module}] go {'mod tidy' if s.step == 'tidy' else s.step + ' ./...'}: {status}")
        if s.diff:
            ctx.out(s.diff.rstrip("\n"))
        if s.failed_tests:
            for t in s.failed_tests:
                ctx.out(f"    {t.package or '?'}: {t.name}")
                ctx.out("\n".join("        " + line.strip() for line in t.lines))
        elif not s.ok and s.output:
            ctx.out("\n".join("    " + line for line in s.output.splitlines()))
