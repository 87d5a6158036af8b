"""go.work, interpreted exactly as golang.org/x/mod/modfile ``ParseWork``.

Directives: go, toolchain, godebug, use, replace; blocks of godebug, use and replace.
"""

from __future__ import annotations

from gover.gomod.dialect import Dialect
from gover.gomod.modfile import (
    Godebug,
    ModFileError,
    PathLine,
    Replace,
    _VersionError,
    go_directive,
    parse_replace,
    parse_string,
    read_syntax,
    toolchain_directive,
)
from gover.gomod.syntax import FileSyntax, Line, LineBlock, ParseError
from gover.record import field, record

WORK_BLOCK_VERBS = ("godebug", "use", "replace")


@record
class WorkFile:
    syntax: FileSyntax
    go: str | None = None
    go_line: Line | None = None
    toolchain: str | None = None
    toolchain_line: Line | None = None
    godebug: list[Godebug] = field(default_factory=list)
    use: list[PathLine] = field(default_factory=list)
    replace: list[Replace] = field(default_factory=list)


def _add(f: WorkFile, line: Line, verb: str, args: list[str], dialect: Dialect) -> None:
    if verb not in ("go", "toolchain", "godebug", "use", "replace") or not dialect.knows(verb):
        raise _VersionError(f"unknown directive: {verb}")
    if verb == "go":
        go_directive(f, line, args, dialect)
    elif verb == "toolchain":
        toolchain_directive(f, line, args, dialect)
    elif verb == "godebug":
        if len(args) != 1 or any(c in args[0] for c in "\"`',"):
            raise _VersionError("usage: godebug key=value")
        key, eq, value = args[0].partition("=")
        if not eq:
            raise _VersionError("usage: godebug key=value")
        f.godebug.append(Godebug(key, value, line))
    elif verb == "use":
        if len(args) != 1:
            raise _VersionError("usage: use local/dir")
        f.use.append(PathLine(parse_string(args[0]), line))
    else:
        old, new = parse_replace(verb, args, dialect)
        f.replace.append(Replace(old, new, line))


def parse_work(name: str, data: bytes | str, *, go_version: str | None = None) -> WorkFile:
    dialect, syntax = read_syntax(name, data, go_version)
    dialect = dialect.for_work()
    f = WorkFile(syntax)
    errors: list[ParseError] = []

    def add(line: Line, verb: str, args: list[str]) -> None:
        try:
            _add(f, line, verb, args, dialect)
        except _VersionError as e:
            errors.append(ParseError(name, line.start, e.msg))

    for stmt in syntax.stmts:
        if isinstance(stmt, Line):
            add(stmt, stmt.tokens[0], stmt.tokens[1:])
        elif isinstance(stmt, LineBlock):
            verb = stmt.tokens[0]
            if len(stmt.tokens) > 1 or verb not in WORK_BLOCK_VERBS or not dialect.knows(verb):
                errors.append(ParseError(name, stmt.start, "unknown block type: " + " ".join(stmt.tokens)))
                continue
            for line in stmt.lines:
                add(line, verb, list(line.tokens))
    if errors:
        raise ModFileError(name, errors)
    return f


def work_json(f: WorkFile, dialect: Dialect) -> dict[str, object]:
    """The document ``go work edit -json`` prints (it omits toolchain and godebug)."""
    out: dict[str, object] = {}
    if f.go:
        out["Go"] = f.go
    out["Use"] = [{"DiskPath": u.path} for u in f.use] or None
    out["Replace"] = [{"Old": r.old.to_json(), "New": r.new.to_json()} for r in f.replace] or None
    return out
