"""go.mod, interpreted exactly as golang.org/x/mod/modfile ``Parse`` / ``ParseLax``.

``parse_mod(name, data)`` returns a ModFile or raises ModFileError whose message is
Go's: ``errors parsing <name>:`` then one ``file:line: message`` per error.  Strict
mode is the main module (what ``go mod edit`` and builds read); lax mode is a
dependency's go.mod: only go, module, retract and require count, everything
unknown is skipped and a malformed ``go`` line is truncated to ``1.N``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from gover.errors import ConfigError
from gover.gomod import everyday, semver
from gover.gomod.dialect import Dialect, dialect_for
from gover.gomod.gostr import decode, quote, unquote
from gover.gomod.syntax import FileSyntax, Line, LineBlock, ParseError
from gover.lazyre import lazy
from gover.record import field, record

_LAX_GO_RE = lazy(r"^v?(([1-9][0-9]*)\.(0|[1-9][0-9]*))([^0-9].*)$", re.S)
TOOLCHAIN_RE = lazy(r"^default$|^go1($|\.)")
_DEPRECATED_RE = lazy(r"(?:^|\n\n)Deprecated: *(.*?)(?:\Z|\n\n)", re.S)
_GO_SPACE = " \t\n\v\f\r\x85\xa0"


class ModFileError(ConfigError):
    """A module file Go rejects; ``errors`` holds Go's ``file:line: message`` lines."""

    def __init__(self, name: str, errors: list[ParseError]) -> None:
        self.errors = errors
        super().__init__(f"errors parsing {name}:\n" + "\n".join(str(e) for e in errors))


@record
class ModVersion:
    path: str
    version: str = ""

    def to_json(self) -> dict[str, str]:
        return {"Path": self.path, **({"Version": self.version} if self.version else {})}


@record
class Require:
    path: str
    version: str
    indirect: bool
    line: Line


@record
class Replace:
    old: ModVersion
    new: ModVersion
    line: Line


@record
class Retract:
    low: str
    high: str
    rationale: str
    line: Line


@record
class PathLine:
    """A one-argument directive: exclude/tool/ignore/use/godebug keep their line too."""

    path: str
    line: Line


@record
class Godebug:
    key: str
    value: str
    line: Line


@record
class ModFile:
    syntax: FileSyntax
    module: str | None = None
    deprecated: str = ""
    module_line: Line | None = None
    go: str | None = None
    go_line: Line | None = None
    toolchain: str | None = None
    toolchain_line: Line | None = None
    godebug: list[Godebug] = field(default_factory=list)
    require: list[Require] = field(default_factory=list)
    exclude: list[Require] = field(default_factory=list)
    replace: list[Replace] = field(default_factory=list)
    retract: list[Retract] = field(default_factory=list)
    tool: list[PathLine] = field(default_factory=list)
    ignore: list[PathLine] = field(default_factory=list)


TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at start-up
if TYPE_CHECKING:
    from typing import Protocol

    class HasGoLines(Protocol):
        """What go.work shares with go.mod: its go and toolchain lines."""

        go: str | None
        go_line: Line | None
        toolchain: str | None
        toolchain_line: Line | None


class _VersionError(Exception):
    def __init__(self, msg: str, detail: str = "") -> None:
        super().__init__(msg)
        self.msg, self.detail = msg, detail


def is_indirect(line: Line) -> bool:
    if not line.comments.suffix:
        return False
    f = line.comments.suffix[0].token.removeprefix("//").split()
    return (len(f) == 1 and f[0] == "indirect") or (len(f) > 1 and f[0] == "indirect;")


def parse_string(tok: str) -> str:
    """A token as a string: ``"…"`` is unquoted; other quote characters are refused."""
    if tok.startswith('"'):
        s = unquote(tok)
        if s is None:
            raise _VersionError("invalid quoted string: invalid syntax", "invalid syntax")
        return s
    if '"' in tok or "'" in tok or "`" in tok:
        detail = "unquoted string cannot contain quote"
        raise _VersionError("invalid quoted string: " + detail, detail)
    return tok


def parse_version(verb: str, path: str, tok: str) -> str:
    """A canonical module version (``v1.2`` → ``v1.2.0``), or Go's error text."""
    try:
        t = parse_string(tok)
    except _VersionError as e:
        raise _VersionError(f"{_prefix(verb, path)}version {quote(tok)} invalid: {e.detail}") from None
    cv = semver.canonical_version(t)
    if cv == "":
        raise _VersionError(f"{_prefix(verb, path)}version {quote(t)} invalid: must be of the form v1.2.3")
    return cv


def _prefix(verb: str, path: str) -> str:
    return f"{verb} {path}: " if path else f"{verb}: "


def is_directory_path(ns: str, dialect: Dialect) -> bool:
    if dialect.dot_dirs and ns in (".", ".."):
        return True
    return (ns.startswith(("./", ".\\", "../", "..\\", "/", "\\"))
            or (len(ns) >= 2 and ns[0].isascii() and ns[0].isalpha() and ns[1] == ":"))


def directive_comment(block: LineBlock | None, line: Line) -> str:
    """The text of a directive's comments (the block's when the line has none)."""
    c = line.comments
    if block is not None and not c.before and not c.suffix:
        c = block.comments
    return "\n".join(x.token.removeprefix("//").strip(_GO_SPACE)
                     for x in [*c.before, *c.suffix] if x.token.startswith("//"))


def parse_replace(verb: str, args: list[str], dialect: Dialect) -> tuple[ModVersion, ModVersion]:
    arrow = 1 if len(args) >= 2 and args[1] == "=>" else 2
    if len(args) < arrow + 2 or len(args) > arrow + 3 or args[arrow] != "=>":
        raise _VersionError(f"usage: {verb} module/path [v1.2.3] => other/module v1.4\n"
                            f"\t or {verb} module/path [v1.2.3] => ../local/directory")
    s = parse_string(args[0])
    _, path_major, ok = semver.split_path_version(s)
    if not ok:
        raise _VersionError(f"{verb} {s}: invalid module path")
    v = ""
    if arrow == 2:
        v = parse_version(verb, s, args[1])
        err = semver.check_path_major(v, path_major)
        if err:
            raise _VersionError(f"{verb} {s}: version {quote(v)} invalid: {err}")
    ns = parse_string(args[arrow + 1])
    nv = ""
    if len(args) == arrow + 2:
        if not is_directory_path(ns, dialect):
            if "@" in ns and dialect.at_hint:
                raise _VersionError("replacement module must match format 'path version', not 'path@version'")
            raise _VersionError("replacement module without version must be directory path "
                                f"(rooted or starting with {dialect.dir_hint})")
        if "\\" in ns:
            raise _VersionError("replacement directory appears to be Windows path (on a non-windows system)")
    if len(args) == arrow + 3:
        nv = parse_version(verb, ns, args[arrow + 2])
        if is_directory_path(ns, dialect):
            raise _VersionError(f"replacement module directory path {quote(ns)} cannot have version")
    return ModVersion(s, v), ModVersion(ns, nv)


def parse_interval(args: list[str]) -> tuple[str, str, list[str]]:
    """``v`` or ``[lo, hi]`` (retract versions are not checked by go mod edit)."""
    def ver(tok: str) -> str:
        return parse_version_lenient(tok)

    if not args or args[0] == "(":
        raise _VersionError("expected '[' or version")
    if args[0] != "[":
        v = ver(args[0])
        return v, v, args[1:]
    toks = args[1:]
    if not toks:
        raise _VersionError("expected version after '['")
    low = ver(toks[0])
    toks = toks[1:]
    if not toks or toks[0] != ",":
        raise _VersionError("expected ',' after version")
    toks = toks[1:]
    if not toks:
        raise _VersionError("expected version after ','")
    high = ver(toks[0])
    toks = toks[1:]
    if not toks or toks[0] != "]":
        raise _VersionError("expected ']' after version")
    return low, high, toks[1:]


def parse_version_lenient(tok: str) -> str:
    try:
        return parse_string(tok)
    except _VersionError as e:
        raise _VersionError(f"retract: version {quote(tok)} invalid: {e.detail}") from None


def go_directive(f: HasGoLines, line: Line, args: list[str], dialect: Dialect,
                 strict: bool = True) -> None:
    """``go V`` (go.mod and go.work alike); lax mode truncates a malformed V to ``1.N``."""
    if f.go is not None:
        raise _VersionError("repeated go statement")
    if len(args) != 1:
        raise _VersionError("go directive expects exactly one argument")
    v = args[0]
    if not dialect.go_version_ok(v):
        m = _LAX_GO_RE.match(v) if not strict else None
        if m is None:
            raise _VersionError(f"invalid go version '{v}': must match format {dialect.go_format}")
        v = m.group(1)
    f.go, f.go_line = v, line


def toolchain_directive(f: HasGoLines, line: Line, args: list[str], dialect: Dialect) -> None:
    if f.toolchain is not None:
        raise _VersionError("repeated toolchain statement")
    if len(args) != 1:
        raise _VersionError("toolchain directive expects exactly one argument")
    if not TOOLCHAIN_RE.match(args[0]):
        raise _VersionError(f"invalid toolchain version '{args[0]}': must match format "
                            f"{dialect.toolchain_format}")
    f.toolchain, f.toolchain_line = args[0], line


@lru_cache(maxsize=8192)  # gover check reads the same requirements in every module
def _module_version(verb: str, path_tok: str, version_tok: str) -> tuple[str, str]:
    """A require or exclude line's (path, canonical version); raises Go's error (not cached)."""
    s = parse_string(path_tok)
    v = parse_version(verb, s, version_tok)
    _, path_major, ok = semver.split_path_version(s)
    if not ok:
        raise _VersionError("invalid module path")
    err = semver.check_path_major(v, path_major)
    if err:
        raise _VersionError(f"{verb} {s}: version {quote(v)} invalid: {err}")
    return s, v


def _add_require(f: ModFile, line: Line, verb: str, path_tok: str, version_tok: str) -> None:
    """A require or exclude line of two tokens (raises Go's error)."""
    s, v = _module_version(verb, path_tok, version_tok)
    target = f.require if verb == "require" else f.exclude
    target.append(Require(s, v, verb == "require" and is_indirect(line), line))


def _add(f: ModFile, block: LineBlock | None, line: Line, verb: str, args: list[str],
         strict: bool, dialect: Dialect) -> None:
    if not strict and verb not in ("go", "module", "retract", "require") and \
            not (verb == "ignore" and dialect.minor >= 25):
        return
    if not dialect.knows(verb):
        raise _VersionError(f"unknown directive: {verb}")
    if verb == "go":
        go_directive(f, line, args, dialect, strict)
    elif verb == "toolchain":
        toolchain_directive(f, line, args, dialect)
    elif verb == "module":
        if f.module_line is not None:
            raise _VersionError("repeated module statement")
        f.module_line = line
        text = directive_comment(block, line)
        m = _DEPRECATED_RE.search(text) if "Deprecated:" in text else None  # nearly never there
        f.deprecated = m.group(1) if m else ""
        if len(args) != 1:
            raise _VersionError("usage: module module/path")
        f.module = parse_string(args[0])
    elif verb == "godebug":
        if len(args) != 1 or any(c in args[0] for c in "\"`',"):
            raise _VersionError("usage: godebug key=value")
        key, eq, value = args[0].partition("=")
        if not eq:
            raise _VersionError("usage: godebug key=value")
        f.godebug.append(Godebug(key, value, line))
    elif verb in ("require", "exclude"):
        if len(args) != 2:
            raise _VersionError(f"usage: {verb} module/path v1.2.3")
        _add_require(f, line, verb, args[0], args[1])
    elif verb == "replace":
        old, new = parse_replace(verb, args, dialect)
        f.replace.append(Replace(old, new, line))
    elif verb == "retract":
        rationale = directive_comment(block, line)
        try:
            low, high, rest = parse_interval(args)
        except _VersionError:
            if strict:
                raise
            return
        if rest and strict:
            raise _VersionError(f"unexpected token after version: {quote(rest[0])}")
        f.retract.append(Retract(low, high, rationale, line))
    elif verb in ("tool", "ignore"):
        if len(args) != 1:
            raise _VersionError(f"{verb} directive expects exactly one argument")
        (f.tool if verb == "tool" else f.ignore).append(PathLine(parse_string(args[0]), line))
    else:
        raise _VersionError(f"unknown directive: {verb}")


BLOCK_VERBS = ("module", "godebug", "require", "exclude", "replace", "retract", "tool", "ignore")


def read_syntax(name: str, data: bytes | str, go_version: str | None) -> tuple[Dialect, FileSyntax]:
    """The Go release's dialect and the file's syntax tree (a lexical error is Go's message)."""
    text = decode(data) if isinstance(data, bytes) else data
    try:
        return dialect_for(go_version), _syntax(name, text)
    except ParseError as e:
        raise ModFileError(name, [e]) from None


_SYNTAX: dict[tuple[str, str], FileSyntax] = {}


def _syntax(name: str, text: str) -> FileSyntax:
    # The tree does not depend on the Go release, and one run often reads a file with two
    # (doctor: the newest Go's rules and the selected Go's; check: go.work for the
    # workspace and for each module's selection).  Nothing changes a tree once parsed
    # (edits rewrite the text: gomod/writer.py), so the runs share it.
    key = (name, text)
    tree = _SYNTAX.get(key)
    if tree is None:
        if len(_SYNTAX) >= 8:
            _SYNTAX.clear()
        tree = everyday.parse(name, text)  # most files, a third of the token parser's work
        if tree is None:
            from gover.gomod.parser import parse_syntax  # here: the files everyday declines

            tree = parse_syntax(name, text)
        _SYNTAX[key] = tree
    return tree


def parse_mod(name: str, data: bytes | str, *, strict: bool = True, go_version: str | None = None) -> ModFile:
    """Parse go.mod content as Go ``go_version`` would (default: the newest Go gover knows)."""
    dialect, syntax = read_syntax(name, data, go_version)
    f = ModFile(syntax)
    errors: list[ParseError] = []
    for stmt in syntax.stmts:
        if isinstance(stmt, Line):
            _add_checked(f, None, stmt, stmt.tokens[0], stmt.tokens[1:], strict, dialect, errors)
        elif isinstance(stmt, LineBlock):
            verb = stmt.tokens[0]
            known = verb in BLOCK_VERBS and dialect.knows(verb)
            if len(stmt.tokens) > 1 or not known:
                if strict:
                    msg = "unknown block type: " + " ".join(stmt.tokens)
                    errors.append(ParseError(name, stmt.start, msg))
                continue
            for line in stmt.lines:
                toks = line.tokens
                if verb == "require" and len(toks) == 2:  # most lines of a go.mod: straight to the require
                    try:
                        _add_require(f, line, verb, toks[0], toks[1])
                    except _VersionError as e:
                        errors.append(ParseError(name, line.start, e.msg))
                else:
                    _add_checked(f, stmt, line, verb, list(toks), strict, dialect, errors)
    if errors:
        raise ModFileError(name, errors)
    return f


def _add_checked(f: ModFile, block: LineBlock | None, line: Line, verb: str, args: list[str],
                 strict: bool, dialect: Dialect, errors: list[ParseError]) -> None:
    try:
        _add(f, block, line, verb, args, strict, dialect)
    except _VersionError as e:
        errors.append(ParseError(f.syntax.name, line.start, e.msg))


def mod_json(f: ModFile, dialect: Dialect) -> dict[str, object]:
    """The document ``go mod edit -json`` prints, as an ordered dict (see gostr.marshal_indent)."""
    full: dict[str, object] = {
        "Module": {"Path": f.module or "", **({"Deprecated": f.deprecated} if f.deprecated else {})},
        "Go": f.go,
        "Toolchain": f.toolchain,
        "Require": [{"Path": r.path, **({"Version": r.version} if r.version else {}),
                     **({"Indirect": True} if r.indirect else {})} for r in f.require] or None,
        "Exclude": [ModVersion(x.path, x.version).to_json() for x in f.exclude] or None,
        "Replace": [{"Old": r.old.to_json(), "New": r.new.to_json()} for r in f.replace] or None,
        "Retract": [{k: v for k, v in (("Low", r.low), ("High", r.high), ("Rationale", r.rationale)) if v}
                    for r in f.retract] or None,
        "Tool": [{"Path": t.path} for t in f.tool] or None,
        "Ignore": [{"Path": t.path} for t in f.ignore] or None,
    }
    out: dict[str, object] = {}
    for k in dialect.mod_json_fields():
        if k in ("Go", "Toolchain") and not full[k]:
            continue
        out[k] = full[k]
    return out
