"""``gover mod``: read module files exactly as Go does, and check them."""

from __future__ import annotations

import argparse
from pathlib import Path

from gover.cli.check import add_check_args, render, run_check
from gover.cli.context import Ctx
from gover.wording import count


def register(sub: argparse._SubParsersAction, fmt: type[argparse.HelpFormatter]) -> None:
    p = sub.add_parser("mod", formatter_class=fmt, help="read and check go.mod, go.work, go.sum, vendor",
                       description="Read module files exactly as Go does, and check them.",
                       epilog="examples:\n  gover mod parse go.mod --json\n  gover mod check .\n"
                       "  gover mod why-version golang.org/x/net\n"
                       "  gover mod pseudo v0.0.0-20240112180000-abcdef123456\n")
    msub = p.add_subparsers(dest="mod_command", metavar="COMMAND", title="commands")
    p.set_defaults(func=lambda args, ctx: _usage(p, ctx))

    q = msub.add_parser(
        "parse", formatter_class=fmt, help="parse a go.mod, go.work, go.sum or vendor/modules.txt",
        description="Parse a module file as Go does.  For go.mod and go.work, --json prints exactly\n"
        "what `go mod edit -json` / `go work edit -json` print; a file Go rejects is\n"
        "rejected with Go's own messages (file:line).  --go VERSION parses as that Go\n"
        "release would (toolchain needs 1.21, godebug 1.23, tool 1.24, ignore 1.25).",
        epilog="examples:\n"
        "  gover mod parse go.mod --json\n"
        "  gover mod parse go.work --json | jq -r '.Use[].DiskPath'\n"
        "  gover mod parse go.mod --go 1.19        would Go 1.19 accept it?\n"
        "  gover mod parse go.sum --json\n"
        "  gover mod parse vendor/modules.txt --json\n")
    q.add_argument("file", type=Path, metavar="FILE")
    q.add_argument("--json", action="store_true", help="print Go's JSON (go.mod/go.work) or gover's")
    q.add_argument("--go", metavar="VERSION", help="parse as this Go release (default: the newest known)")
    q.add_argument("--lax", action="store_true",
                   help="parse go.mod as a dependency's (unknown directives ignored)")
    q.set_defaults(func=cmd_parse)

    q = msub.add_parser(
        "pseudo", formatter_class=fmt, help="decode pseudo-versions (commit time, revision, base tag)",
        epilog="examples:\n  gover mod pseudo v0.0.0-20240112180000-abcdef123456\n"
        "  gover mod pseudo v1.2.4-0.20191109021931-daa7c04131f5 --json\n")
    q.add_argument("versions", nargs="+", metavar="VERSION")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_pseudo)

    q = msub.add_parser(
        "check", formatter_class=fmt, help="find drift and risks across every module under DIR",
        description="Check every go.mod under DIR (and those go.work uses): dependencies required at\n"
        "different versions, local replace directives, pseudo-versions with a tag\n"
        "available, go/toolchain lines inconsistent with each other, go.work,\n"
        ".go-version and .tool-versions, vendor/modules.txt out of sync (Go's message),\n"
        "go.sum entries missing or malformed.  Exit 1 if any error is found.",
        epilog="examples:\n  gover mod check\n  gover mod check ~/src/monorepo --json\n"
        "  gover mod check --go 1.21          files must also parse with Go 1.21\n"
        "  gover mod check --skip dep-drift,local-replace\n")
    add_check_args(q)
    q.set_defaults(func=cmd_check)

    q = msub.add_parser(
        "why-version", formatter_class=fmt, help="explain which requirement selected a module's version",
        description="Run `go mod graph` with the toolchain that applies to DIR and explain minimal\n"
        "version selection: the selected version of MODULE is the highest any\n"
        "reachable requirement asks for; print the requirement path that asks for it.",
        epilog="examples:\n  gover mod why-version golang.org/x/net\n"
        "  gover mod why-version golang.org/x/sys ./services/api --json\n")
    q.add_argument("module", metavar="MODULE")
    q.add_argument("dir", nargs="?", type=Path, default=Path("."), metavar="DIR")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_why_version)


def _usage(p: argparse.ArgumentParser, ctx: Ctx) -> int:
    p.print_help(ctx.stdout)
    return 2


def cmd_parse(args: argparse.Namespace, ctx: Ctx) -> int:
    from gover.gomod.dialect import dialect_for
    from gover.gomod.editjson import edit_json, is_work_file, read_module_file

    data = read_module_file(args.file)
    name = args.file.name
    if name in ("go.sum", "go.work.sum"):
        return _parse_sum(args, ctx, data)
    if name == "modules.txt":
        from gover.gomod.vendor import parse_vendor

        vl = parse_vendor(data)
        if args.json:
            ctx.json(vl.to_json())
        else:
            for (p, v), m in vl.meta.items():
                rep = f" => {m.replacement[0]} {m.replacement[1]}".rstrip() if m.replacement else ""
                ctx.out(f"{p} {v}{rep}".replace("  ", " ") + ("  (explicit)" if m.explicit else ""))
        return 0
    if args.lax and not is_work_file(name):
        from gover.gomod.gostr import marshal_indent
        from gover.gomod.modfile import mod_json, parse_mod

        dialect = dialect_for(args.go)
        f = parse_mod(str(args.file), data, strict=False, go_version=args.go)
        text = marshal_indent(mod_json(f, dialect), dialect.json_bf_short) + "\n"
    else:
        text = edit_json(str(args.file), data, go_version=args.go)
    if args.json:
        ctx.stdout.write(text)
        return 0
    _print_summary(ctx, args.file, data, args.go)
    return 0


def _print_summary(ctx: Ctx, path: Path, data: bytes, go: str | None) -> None:
    from gover.gomod.editjson import is_work_file
    from gover.gomod.modfile import parse_mod
    from gover.gomod.workfile import parse_work

    if is_work_file(path.name):
        w = parse_work(str(path), data, go_version=go)
        ctx.out(f"go.work: go {w.go or '-'}" + (f", toolchain {w.toolchain}" if w.toolchain else ""))
        for u in w.use:
            ctx.out(f"use {u.path}")
        for r in w.replace:
            old = f"{r.old.path} {r.old.version}".rstrip()
            ctx.out(f"replace {old} => {r.new.path} {r.new.version}".rstrip())
        return
    f = parse_mod(str(path), data, go_version=go)
    ctx.out(f"module {f.module or '-'}" + (f"  (deprecated: {f.deprecated})" if f.deprecated else ""))
    ctx.out(f"go {f.go or '-'}" + (f", toolchain {f.toolchain}" if f.toolchain else ""))
    direct = sum(not r.indirect for r in f.require)
    ctx.out(f"{count(len(f.require), 'requirement')} ({direct} direct), {count(len(f.exclude), 'exclude')}, "
            f"{count(len(f.replace), 'replace')}, {count(len(f.retract), 'retraction')}, "
            f"{count(len(f.tool), 'tool')}, {count(len(f.ignore), 'ignore')}, "
            f"{count(len(f.godebug), 'godebug setting')}")


def _parse_sum(args: argparse.Namespace, ctx: Ctx, data: bytes) -> int:
    from gover.gomod.gosum import parse_gosum

    s = parse_gosum(data, str(args.file))
    if args.json:
        ctx.json(s.to_json())
    else:
        ctx.out(f"{count(len(s.lines), 'hash', 'hashes')} for {count(len(s.modules()), 'module version')}")
    return 0


def cmd_pseudo(args: argparse.Namespace, ctx: Ctx) -> int:
    from gover.errors import UsageError
    from gover.gomod import pseudo

    try:
        decoded = pseudo.Decoded([pseudo.decode(v) for v in args.versions])
    except ValueError as e:
        raise UsageError(str(e), "a pseudo-version looks like v0.0.0-20240112180000-abcdef123456") from None
    if args.json:
        ctx.json(decoded.to_json())
        return 0
    for p in decoded.versions:
        ctx.out(f"{p.version}: commit {p.rev} at {p.time_text}, base {p.base or '(no earlier tag)'}")
    return 0


def cmd_check(args: argparse.Namespace, ctx: Ctx) -> int:
    return render(ctx, run_check(args, ctx), "json" if args.json else "text", verbose=args.verbose)


def cmd_why_version(args: argparse.Namespace, ctx: Ctx) -> int:
    from gover.project.whyversion import explain

    result = explain(args.module, ctx.directory(args.dir), ctx.env)
    if args.json:
        ctx.json(result.to_json())
        return 0
    for line in result.lines():
        ctx.out(line)
    return 0
