"""``gover pins``: every Go version pin in a repository, where it is and who reads it."""

from __future__ import annotations

import argparse
from pathlib import Path

from gover.cli.context import Ctx

DESCRIPTION = """\
List every place under DIR that names a Go version: go.mod/go.work (go, toolchain),
.go-version, .tool-versions, mise.toml, Dockerfiles (FROM golang:…, ARG GO_VERSION=…,
COPY --from=golang:…), GitHub workflows (setup-go go-version / go-version-file, the
matrix lists and env values they read, job containers), .gitlab-ci.yml (image,
variables, parallel matrix), devcontainer.json, .golangci.yml (run.go) and Makefiles
(GO_VERSION ?= …).  vendor/, testdata/, node_modules/ and dot directories other than
.github, .gitlab and .devcontainer are skipped.

Each pin says what it means: exact (one release), series (the newest patch of a
minor), minimum (a go line, ^1.22), language (run.go), alias (stable, latest), file
(go-version-file) or variable (${{ matrix.go }}).  A file that does not parse is
reported and skipped.  `gover check` reports pins that disagree; `gover migrate`
moves them all."""


def register(sub: argparse._SubParsersAction, fmt: type[argparse.HelpFormatter]) -> None:
    p = sub.add_parser("pins", formatter_class=fmt, help="every Go version pin in the repository",
                       description=DESCRIPTION,
                       epilog="examples:\n  gover pins\n"
                       "  gover pins services/api --json | jq '.pins[].value'\n")
    p.add_argument("dir", nargs="?", type=Path, default=None, metavar="DIR")
    p.add_argument("--json", action="store_true", help="print the pins as JSON (docs/json.md)")
    p.set_defaults(func=cmd_pins)


def cmd_pins(args: argparse.Namespace, ctx: Ctx) -> int:
    from gover.cli.render import table
    from gover.errors import UsageError
    from gover.project.pins.scan import scan
    from gover.wording import count

    root = ctx.directory(args.dir)
    if not root.is_dir():
        raise UsageError(f"{root}: not a directory", "gover pins [DIR]: DIR is a repository checkout")
    result = scan(root)
    if args.json:
        ctx.json(result.to_json())
        return 0
    rows = []
    for p in result.pins:
        extra = "; ".join(p.notes + ([p.blocked] if p.blocked else []))
        rows.append([f"{p.rel}:{p.line}", p.where, p.text, f"{p.meaning} {p.value}".strip()
                     if p.value != p.text else p.meaning, p.tool + (f" [{extra}]" if extra else "")])
    if rows:
        ctx.out(table(rows, ["FILE:LINE", "WHERE", "TEXT", "MEANS", "READ BY"]))
    for pr in result.problems:
        ctx.info(f"gover: {pr.rel}:{pr.line}: {pr.message}" if pr.line else f"gover: {pr.rel}: {pr.message}")
    ctx.info(f"{count(len(result.pins), 'pin')} in {count(len(result.sources), 'file')} under {result.root}")
    return 0
